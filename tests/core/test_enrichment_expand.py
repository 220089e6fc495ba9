"""expand(): refusal, merge into a copy, entity resolution, provenance, one audit row."""

import pytest

from casegraph.audit import AuditLog, verify
from casegraph.enrichment.base import LookupContext
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.expand import expand, positions_near
from casegraph.enrichment.providers.records_db import RecordsProvider
from casegraph.model import Case

CTX = LookupContext(user="analyst1", case_number="OP-2024-017",
                    purpose="s.22 DPA 2018: supply of Class A drugs",
                    now="2024-05-01T10:00:00+00:00")


@pytest.fixture
def records(tmp_path, fixtures):
    return RecordsProvider(tmp_path / "records.sqlite", fixtures / "records")


@pytest.fixture
def audit(tmp_path):
    return AuditLog(tmp_path / "audit.sqlite")


def _case():
    case = Case(name="test")
    case.add_entity("AC1", "account", "instagram: frosty_fern", platform="instagram",
                    username="frosty_fern")
    case.add_entity("PH9", "phone", "07700 900002", phone="07700 900002")
    case.add_entity("P1", "person", "Bramble Wobblesocks")
    case.add_link("P1", "AC1", "uses")
    case.positions = {"AC1": (100.0, 0.0), "PH9": (0.0, 0.0), "P1": (50.0, 50.0)}
    return case


def test_refused_without_case_number_and_purpose(records, audit):
    case = _case()
    res = expand(case, "AC1", records, LookupContext(user="analyst1"), audit=audit)
    assert res.status == "refused" and res.changed is False and res.case is case
    assert res.messages == ["lookup refused: set the case's case number and purpose first "
                            "(every lookup is tied to a case number and a stated purpose, "
                            "and audited)"]
    rows = audit.rows()
    assert [(r["status"], r["query_type"], r["query_value"], r["result_count"]) for r in rows] \
        == [("refused", "handle", "instagram:frosty_fern", 0)]


def test_case_number_and_purpose_can_come_from_the_case(records, audit):
    case = _case()
    case.meta.update(case_number="OP-7", purpose="drug supply investigation")
    res = expand(case, "AC1", records, LookupContext(user="a"), audit=audit)
    assert res.status == "ok"
    row = audit.rows()[0]
    assert (row["case_number"], row["purpose"], row["user"]) == (
        "OP-7", "drug supply investigation", "a")


def test_expand_merges_into_a_copy(records, audit):
    case = _case()
    before = case.to_dict()
    res = expand(case, "AC1", records, CTX, audit=audit)
    assert case.to_dict() == before          # the original is never touched
    assert res.case is not case and res.changed
    g = res.case.graph
    assert res.new_nodes == [
        "email:bramble.w@example.com", "phone:+447700900001", "rec:RP000001",
        "address:3 kettle row wobbleton fictshire",
        "address:12 marmalade lane grumbleford fictshire", "rec:RP000002",
        "rec:org:grumbleford pie works ltd", "rec:RO000001"]
    # the former phone already in the case is linked, not duplicated
    assert res.matched == ["PH9"]
    assert g.number_of_nodes() == 3 + 8
    assert ("rec:RP000001", "PH9") in g.edges()
    assert g.nodes["rec:RP000001"]["label"] == "Bramble Wobblesock"
    assert len(res.new_links) == 11
    assert {d["type"] for _, _, d in g.edges(data=True)} >= {
        "registered_with", "uses", "lives_at", "relative_of", "works_for", "record_of"}
    assert res.messages[-1] == "8 new entities, 11 new links, 1 already in the case"


def test_every_new_node_and_link_carries_provenance(records):
    res = expand(_case(), "AC1", records, CTX)
    g = res.case.graph
    for node in res.new_nodes:
        (stamp,) = g.nodes[node]["provenance"]
        assert stamp["kind"] == "lookup" and stamp["provider"] == "records"
        assert (stamp["query_type"], stamp["query_value"]) == ("handle", "instagram:frosty_fern")
        assert stamp["at"] == "2024-05-01T10:00:00+00:00"
        assert stamp["case_number"] == "OP-2024-017"
        assert stamp["source_record"] and 0 < stamp["confidence"] <= 1
    for _u, _v, k, d in g.edges(keys=True, data=True):
        if k in res.new_links:
            assert d["provenance"][0]["kind"] == "lookup" and d["provenance"][0]["source_record"]
    assert g.nodes["rec:RP000001"]["provenance"][0]["confidence"] == 0.9
    assert g.nodes["rec:RP000001"]["provenance"][0]["source_record"] == "RH000001"
    # the matched node keeps its history and gains the lookup
    assert [p["kind"] for p in g.nodes["PH9"]["provenance"]] == ["lookup"]


def test_near_duplicate_person_is_suggested_not_merged(records):
    res = expand(_case(), "AC1", records, CTX)
    assert res.suggestions == [{"node": "rec:RP000001", "existing": "P1",
                                "label": "Bramble Wobblesock",
                                "existing_label": "Bramble Wobblesocks", "score": 97.3}]
    assert "P1" in res.case.graph and "rec:RP000001" in res.case.graph


def test_second_expansion_adds_nothing_twice(records):
    first = expand(_case(), "AC1", records, CTX)
    second = expand(first.case, "PH9", records, CTX)
    # PH9's holder is the person found before: linked again, not duplicated
    assert "rec:RP000001" in second.matched
    assert second.new_nodes == []
    again = expand(second.case, "AC1", records, CTX)
    assert again.new_nodes == [] and again.new_links == []
    assert again.case.graph.number_of_edges() == second.case.graph.number_of_edges()


def test_expanding_a_found_person_uses_its_record_ref(records):
    first = expand(_case(), "AC1", records, CTX)
    res = expand(first.case, "rec:RP000002", records, CTX)
    assert res.result.query_type == "person"
    assert res.new_nodes == ["phone:+441632960001"]
    assert set(res.matched) == {"address:3 kettle row wobbleton fictshire", "rec:RP000001"}


def test_not_found_leaves_the_case_and_writes_one_row(records, audit):
    case = Case()
    node = case.add_entity(None, "email", "nobody@example.com")
    res = expand(case, node, records, CTX, audit=audit)
    assert (res.status, res.changed, res.case is case) == ("not_found", False, True)
    assert audit.count() == 1 and audit.rows()[0]["status"] == "not_found"


def test_unsupported_type_is_a_message(records, audit):
    case = Case()
    node = case.add_entity("V1", "vehicle", "AB12 CDE")
    res = expand(case, node, records, CTX, audit=audit)
    assert res.status == "error" and res.messages == ["records does not look up vehicle entities"]
    assert audit.count() == 1


def test_unknown_node_raises(records):
    with pytest.raises(KeyError):
        expand(Case(), "nope", records, CTX)


def test_cache_hit_says_so_and_is_audited(records, audit, tmp_path):
    cache = LookupCache(tmp_path / "cache.sqlite", ttl=3600)
    first = expand(_case(), "AC1", records, CTX, cache=cache, audit=audit)
    second = expand(_case(), "AC1", records, CTX, cache=cache, audit=audit)
    assert first.result.from_cache is False and second.result.from_cache is True
    assert second.messages[-2].startswith("answered from cache")
    assert second.new_nodes == first.new_nodes
    rows = audit.rows()
    assert len(rows) == 2 and rows[0]["result_sha256"] == rows[1]["result_sha256"]
    assert verify(audit) == (True, None, "ok: 2 rows")


def test_audit_row_records_the_lookup(records, audit):
    res = expand(_case(), "AC1", records, CTX, audit=audit)
    (row,) = audit.rows()
    assert row["id"] == res.audit_id
    assert (row["user"], row["case_number"], row["provider"], row["query_type"],
            row["query_value"], row["status"], row["result_count"]) == (
        "analyst1", "OP-2024-017", "records", "handle", "instagram:frosty_fern", "ok", 9)
    assert row["result_sha256"] == res.result.digest()


def test_positions_of_new_nodes_only(records):
    case = _case()
    res = expand(case, "AC1", records, CTX)
    assert set(res.positions) == set(res.new_nodes)
    for node in ("AC1", "PH9", "P1"):
        assert res.case.positions[node] == case.positions[node]
    assert len(set(res.positions.values())) == len(res.new_nodes)


def test_positions_near_faces_outwards_and_avoids_others():
    pos = {"a": (0.0, 0.0), "b": (100.0, 0.0)}
    assert positions_near(pos, "b", ["x"]) == {"x": (250.0, 0.0)}
    placed = positions_near(pos, "b", [f"n{i}" for i in range(20)])
    assert len(set(placed.values())) == 20
    for x, y in placed.values():
        assert ((x - 100) ** 2 + y ** 2) ** 0.5 >= 149.99
    assert positions_near(pos, "b", []) == {}
