"""Contract over every registered provider, and the registry built from settings."""

from pathlib import Path

import pytest

from casegraph.enrichment.base import QUERY, Entity, LookupContext, Provider
from casegraph.enrichment.expand import expand
from casegraph.enrichment.registry import Registry, default_registry
from casegraph.enrichment.service import start
from casegraph.model import Case, entity_types, link_types

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "records"
CTX = LookupContext(user="a", case_number="OP-1", purpose="s.22 DPA 2018", timeout=5.0)


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    data = tmp_path_factory.mktemp("contract")
    svc = start(data / "svc.sqlite", seed_dir=SEED, key="k")
    yield default_registry({"data_dir": data, "records_seed": SEED, "lookup_url": svc.url,
                            "lookup_key": "k"})
    svc.stop()


def _samples():
    case = Case()
    case.add_entity("AC", "account", "instagram: frosty_fern", platform="instagram",
                    username="frosty_fern")
    case.add_entity("PH", "phone", "07700 900003")
    case.add_entity("EM", "email", "quill@example.org")
    case.add_entity("PE", "person", "Sorrel Puddlewater")
    case.add_entity("AD", "address", "3 Kettle Row, Wobbleton, Fictshire")
    return case


def test_registry_has_both_providers(registry):
    assert registry.names() == ["records", "http_api"]
    assert [p.name for p in registry.for_type("account")] == ["records", "http_api"]
    assert registry.for_type("post") == []


def test_contract(registry):
    case = _samples()
    for provider in registry:
        assert isinstance(provider, Provider)
        assert provider.name and isinstance(provider.name, str)
        assert provider.input_types <= set(entity_types())
        assert provider.output_types <= set(entity_types())
        covered = set()
        for node, kind in case.graph.nodes(data="type"):
            assert kind in provider.input_types
            res = provider.lookup(Entity.from_case(case, node), CTX)
            assert res.status == "ok", (provider.name, node, res.messages)
            assert res.provider == provider.name
            refs = {e.ref for e in res.entities}
            assert len(refs) == len(res.entities)
            for found in res.entities:
                assert found.type in provider.output_types
                assert found.source_record and 0 < found.confidence <= 1
                covered.add(found.type)
            for link in res.links:
                assert link.type in link_types()
                assert {link.source, link.target} <= refs | {QUERY}
            out = expand(case, node, provider, CTX)
            # people named like PE are held back as suggestions, not drawn
            assert out.new_nodes or out.suggestions, (provider.name, node)
            g = out.case.graph
            for new in out.new_nodes:
                stamp = g.nodes[new]["provenance"][-1]
                assert (stamp["kind"], stamp["provider"]) == ("lookup", provider.name)
            for u, v, k, d in g.edges(keys=True, data=True):
                if k in out.new_links:
                    assert d["provenance"][-1]["provider"] == provider.name, (u, v)
        assert covered == provider.output_types


def test_failures_are_results_not_exceptions(registry):
    for provider in registry:
        for entity in (Entity("x", "phone", "+33 6 12 34 56 78"),
                       Entity("y", "email", "nobody@example.com"),
                       Entity("z", "phone", "not a number")):
            res = provider.lookup(entity, CTX)
            assert res.status in ("not_covered", "not_found") and res.messages


def test_default_registry_without_url(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEGRAPH_LOOKUP_URL", raising=False)
    assert default_registry({"data_dir": tmp_path}).names() == ["records"]


def test_default_registry_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_LOOKUP_URL", "http://127.0.0.1:8765")
    monkeypatch.setenv("CASEGRAPH_LOOKUP_KEY", "env-key")
    reg = default_registry({"data_dir": tmp_path})
    http = reg.get("http_api")
    assert (http.base_url, http.api_key) == ("http://127.0.0.1:8765", "env-key")
    assert default_registry({"data_dir": tmp_path, "lookup_url": ""}).names() == ["records"]


def test_registry_refuses_duplicates_and_non_providers(tmp_path):
    reg = default_registry({"data_dir": tmp_path, "lookup_url": ""})
    with pytest.raises(ValueError, match="already registered"):
        reg.register(reg.get("records"))
    with pytest.raises(TypeError):
        Registry([object()])
    with pytest.raises(KeyError, match="no provider named 'nope'"):
        reg.get("nope")
