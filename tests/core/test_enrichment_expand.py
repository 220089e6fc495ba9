"""expand(): refusal, merge into a copy, entity resolution, provenance, one audit row."""

import pytest

from casegraph.audit import AuditLog, verify
from casegraph.enrichment.base import LookupContext
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.expand import (
    accept_suggestion,
    expand,
    positions_near,
    reject_suggestion,
)
from casegraph.enrichment.providers.records_db import RecordsProvider
from casegraph.model import Case
from casegraph.resolution import mark_not_same

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
        "email:bramble.w@example.com", "phone:+447700900001",
        "address:3 kettle row wobbleton fictshire",
        "address:12 marmalade lane grumbleford fictshire", "rec:RP000002",
        "rec:org:grumbleford pie works ltd", "rec:RO000001"]
    # the person behind the account is P1, who uses it in the case: one node, not two; the
    # former phone already in the case is linked, not duplicated
    assert res.matched == ["P1", "PH9"]
    assert g.number_of_nodes() == 3 + 7
    assert ("P1", "PH9") in g.edges()
    assert len(res.new_links) == 10
    assert {d["type"] for _, _, d in g.edges(data=True)} >= {
        "registered_with", "uses", "lives_at", "relative_of", "works_for", "record_of"}
    assert res.messages[-1] == ("7 new entities, 10 new links, 2 already in the case; "
                                "Bramble Wobblesock is Bramble Wobblesocks (shares "
                                "instagram: frosty_fern)")


def test_the_found_person_who_uses_the_account_is_the_person_in_the_case(records):
    res = expand(_case(), "AC1", records, CTX)
    g = res.case.graph
    assert "rec:RP000001" not in g and res.suggestions == []
    assert res.recognised == [{"node": "rec:RP000001", "existing": "P1",
                               "label": "Bramble Wobblesock",
                               "existing_label": "Bramble Wobblesocks",
                               "why": "shares instagram: frosty_fern"}]
    p1 = g.nodes["P1"]
    assert (p1["label"], p1["ref"], p1["born"]) == ("Bramble Wobblesocks", "rec:RP000001",
                                                    "1990-04-01")
    assert p1["alternatives"] == {"label": ["Bramble Wobblesock"]}
    (stamp,) = p1["provenance"]
    assert (stamp["source_record"], stamp["resolved"]) == ("RH000001",
                                                           "shares instagram: frosty_fern")
    assert [(m["how"], m["keep"], m["ref"], m["reason"]) for m in res.case.meta["merges"]] == [
        ("lookup", "P1", "rec:RP000001", "shares instagram: frosty_fern")]
    # one link P1 uses AC1, now with both provenances
    ((_, data),) = g.get_edge_data("P1", "AC1").items()
    assert data["type"] == "uses" and data["provenance"][-1]["source_record"] == "RH000001"


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
    assert g.nodes["P1"]["provenance"][0]["confidence"] == 0.9
    # the matched node keeps its history and gains the lookup
    assert [p["kind"] for p in g.nodes["PH9"]["provenance"]] == ["lookup"]


def _unlinked_case():
    """P1 is named like the account's holder but nothing in the case ties them."""
    case = _case()
    case.graph.remove_edge("P1", "AC1")
    return case


def test_near_duplicate_person_is_suggested_not_drawn(records):
    res = expand(_unlinked_case(), "AC1", records, CTX)
    g = res.case.graph
    assert [{k: s[k] for k in ("node", "existing", "label", "existing_label", "score")}
            for s in res.suggestions] == [{"node": "rec:RP000001", "existing": "P1",
                                           "label": "Bramble Wobblesock",
                                           "existing_label": "Bramble Wobblesocks",
                                           "score": 97.3}]
    # neither the person nor what hangs only on them is drawn; the account's registration is
    assert "rec:RP000001" not in g and "rec:RP000002" not in g
    assert res.new_nodes == ["email:bramble.w@example.com", "phone:+447700900001"]
    assert res.messages[-1] == ("2 new entities, 2 new links, 0 already in the case; "
                                "1 possible same person held back as suggestions")


def test_merging_a_suggestion_brings_what_was_held_back(records):
    res = expand(_unlinked_case(), "AC1", records, CTX)
    merged = accept_suggestion(res.case, res.suggestions[0], user="an2",
                               reason="same date of birth on the charge sheet")
    g = merged.case.graph
    assert "rec:RP000001" not in g and g.nodes["P1"]["ref"] == "rec:RP000001"
    assert merged.new_nodes == ["address:3 kettle row wobbleton fictshire",
                                "address:12 marmalade lane grumbleford fictshire",
                                "rec:RP000002", "rec:org:grumbleford pie works ltd",
                                "rec:RO000001"]
    assert g.has_edge("P1", "AC1") and g.has_edge("P1", "PH9") and g.has_edge("rec:RO000001",
                                                                               "P1")
    (entry,) = merged.case.meta["merges"]
    assert (entry["how"], entry["keep"], entry["ref"], entry["user"], entry["reason"]) == (
        "accepted", "P1", "rec:RP000001", "an2", "same date of birth on the charge sheet")
    # stamped with the lookup that found them, not with the click
    assert g.nodes["rec:RP000002"]["provenance"][0]["query_value"] == "instagram:frosty_fern"
    assert "rec:RP000001" not in res.case.graph   # the revision before stays as it was


def test_not_the_same_adds_them_apart_and_is_remembered(records):
    res = expand(_unlinked_case(), "AC1", records, CTX)
    apart = reject_suggestion(res.case, res.suggestions[0], user="an2", reason="twins")
    g = apart.case.graph
    assert apart.changed and "rec:RP000001" in g and "ref" not in g.nodes["P1"]
    assert g.has_edge("rec:RP000001", "AC1")
    assert apart.case.meta["not_same"][0]["pair"] == ["P1", "rec:RP000001"]
    # looked up again, the pair is neither merged nor offered
    again = expand(apart.case, "AC1", records, CTX)
    assert again.suggestions == [] and again.new_nodes == []
    assert "rec:RP000001" in again.matched
    # and marked before any lookup, a shared handle does not merge them either
    case = mark_not_same(_case(), "P1", "rec:RP000001", user="an2")
    res = expand(case, "AC1", records, CTX)
    assert "rec:RP000001" in res.case.graph and res.suggestions == [] and res.recognised == []


def test_name_and_date_of_birth_make_the_same_person(records):
    case = Case()
    case.add_entity("P7", "person", "Bramble Wobblesock", born="1990-04-01")
    case.add_entity("PH1", "phone", "07700 900001")
    res = expand(case, "PH1", records, CTX)
    assert res.recognised[0]["existing"] == "P7"
    assert res.recognised[0]["why"] == "name and date of birth 1990-04-01"
    assert res.case.graph.has_edge("P7", "PH1")


def test_a_brokers_guess_at_a_namesake_stays_a_suggestion(records):
    case = Case()
    case.add_entity("P3", "person", "Sorrel Puddlewater")
    case.add_entity("AC3", "account", "telegram: sleepy_badger", platform="telegram",
                    username="sleepy_badger")
    case.add_link("P3", "AC3", "uses")
    res = expand(case, "AC3", records, CTX)
    # the platform names RP000003 (0.9), a broker RP000004 (0.35): one is P3, one a suggestion
    assert [(r["node"], r["existing"]) for r in res.recognised] == [("rec:RP000003", "P3")]
    assert [(s["node"], s["existing"]) for s in res.suggestions] == [("rec:RP000004", "P3")]
    people = [n for n, t in res.case.graph.nodes(data="type") if t == "person"]
    assert people == ["P3"]


def test_second_expansion_adds_nothing_twice(records):
    first = expand(_case(), "AC1", records, CTX)
    second = expand(first.case, "PH9", records, CTX)
    # PH9's holder is the person found before: linked again, not duplicated
    assert "P1" in second.matched
    assert second.new_nodes == [] and second.recognised == []
    again = expand(second.case, "AC1", records, CTX)
    assert again.new_nodes == [] and again.new_links == []
    assert again.case.graph.number_of_edges() == second.case.graph.number_of_edges()
    people = [n for n, t in again.case.graph.nodes(data="type") if t == "person"]
    assert people == ["P1", "rec:RP000002"]


def test_expanding_a_found_person_uses_its_record_ref(records):
    first = expand(_case(), "AC1", records, CTX)
    res = expand(first.case, "rec:RP000002", records, CTX)
    assert res.result.query_type == "person"
    assert res.new_nodes == ["phone:+441632960001"]
    assert set(res.matched) == {"address:3 kettle row wobbleton fictshire", "P1"}


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
