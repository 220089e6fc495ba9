"""merge_entities / split_entity / mark_not_same: one node of two and back, as patches."""

from __future__ import annotations

import pytest

from casegraph.analysis.people import people_network
from casegraph.model import Case, apply_patch, case_patch
from casegraph.resolution import (
    ResolutionError,
    absorb_attributes,
    is_not_same,
    mark_not_same,
    merge_entities,
    merge_log,
    not_same_pairs,
    split_entity,
)

FILE = {"kind": "file", "source": "nodes.csv", "row": 3}
LOOKUP = {"kind": "lookup", "provider": "records", "source_record": "RP000001"}


def _case() -> Case:
    case = Case(name="two Acorns")
    case.add_entity("P1", "person", "Acorn Brightspoon", provenance=FILE, role="principal")
    case.add_entity("rec:RP1", "person", "Acorn Brightspoon", provenance=LOOKUP,
                    ref="rec:RP1", born="1948-05-04", role="unknown")
    case.add_entity("PH1", "phone", "07700 900001")
    case.add_entity("PH2", "phone", "07700 900002")
    case.add_entity("P2", "person", "Zephyr Brightspoon")
    case.add_link("P1", "PH1", "uses", key="u1")
    case.add_link("rec:RP1", "PH2", "uses", key="u2", confidence=0.95)
    case.add_link("P2", "rec:RP1", "relative_of", key="r1")
    case.add_link("rec:RP1", "P1", "same_as", key="s1")
    case.add_link("PH1", "PH2", "call", key="c1")
    case.positions = {"P1": (0.0, 0.0), "rec:RP1": (10.0, 0.0), "PH1": (0.0, 10.0),
                      "PH2": (10.0, 10.0), "P2": (20.0, 0.0)}
    return case


def test_merge_makes_one_node_keeping_values_provenance_and_links():
    case = _case()
    before = case.to_dict()
    merged = merge_entities(case, "P1", "rec:RP1", user="an1", reason="same phone and DOB",
                            at="2024-05-02T09:00:00+00:00")
    assert case.to_dict() == before
    g = merged.graph
    assert "rec:RP1" not in g and "rec:RP1" not in merged.positions
    assert g.nodes["P1"] == {
        "type": "person", "label": "Acorn Brightspoon", "role": "principal",
        "provenance": [FILE, LOOKUP], "ref": "rec:RP1", "born": "1948-05-04",
        "alternatives": {"role": ["unknown"]}, "merged_from": ["rec:RP1"]}
    assert sorted((u, v, k) for u, v, k in g.edges(keys=True)) == [
        ("P1", "PH1", "u1"), ("P1", "PH2", "u2"), ("P2", "P1", "r1"), ("PH1", "PH2", "c1")]
    assert g.edges["P1", "PH2", "u2"]["confidence"] == 0.95
    (record,) = merged.meta["merges"]
    assert (record["id"], record["how"], record["keep"], record["absorb"], record["user"],
            record["reason"]) == ("m1", "manual", "P1", "rec:RP1", "an1",
                                  "same phone and DOB")
    assert [link["key"] for link in record["set_aside"]] == ["s1"]
    assert merge_log(merged) == [{
        "id": "m1", "how": "manual", "kept": "Acorn Brightspoon",
        "absorbed": "Acorn Brightspoon", "user": "an1", "at": "2024-05-02T09:00:00+00:00",
        "reason": "same phone and DOB", "split": None}]
    # the people network now sees one Acorn holding both phones
    net = people_network(merged)
    assert net.actors["P1"].members == {"person": ["P1"], "phone": ["PH1", "PH2"]}


def test_merge_is_a_patch_on_the_revision():
    case = _case()
    merged = merge_entities(case, "P1", "rec:RP1", user="an1", reason="r")
    patch = case_patch(case, merged)
    assert patch["nodes_del"] == ["rec:RP1"]
    assert {n["id"] for n in patch["nodes_set"]} == {"P1"}
    assert apply_patch(case.copy(), patch).to_dict() == merged.to_dict()


def test_split_undoes_the_merge_and_keeps_later_work():
    case = _case()
    merged = merge_entities(case, "P1", "rec:RP1", user="an1", reason="r")
    later = merged.copy()
    later.add_entity("PH3", "phone", "07700 900003")
    later.add_link("P1", "PH3", "uses", key="u3")
    later.graph.nodes["P1"]["tag"] = "suspect"
    split = split_entity(later, "m1", user="an2", reason="different people after all",
                         at="2024-05-03T09:00:00+00:00")
    g = split.graph
    assert g.nodes["rec:RP1"] == case.graph.nodes["rec:RP1"]
    assert g.nodes["P1"] == {**case.graph.nodes["P1"], "tag": "suspect"}
    assert sorted(g.edges(keys=True)) == sorted([*case.graph.edges(keys=True),
                                                 ("P1", "PH3", "u3")])
    assert g.edges["rec:RP1", "PH2", "u2"] == case.graph.edges["rec:RP1", "PH2", "u2"]
    assert split.positions["rec:RP1"] == (10.0, 0.0)
    assert split.meta["merges"][0]["split"] == {
        "user": "an2", "reason": "different people after all",
        "at": "2024-05-03T09:00:00+00:00"}
    assert merge_log(split)[0]["split"]["user"] == "an2"
    with pytest.raises(ResolutionError, match="already split"):
        split_entity(split, "m1", user="an2")
    with pytest.raises(ResolutionError, match="no merge"):
        split_entity(split, "m9", user="an2")


def test_split_refused_while_the_kept_node_is_merged_elsewhere():
    case = _case()
    once = merge_entities(case, "P1", "rec:RP1", user="an1", reason="r")
    twice = merge_entities(once, "P2", "P1", user="an1", reason="r")
    assert [m["id"] for m in twice.meta["merges"]] == ["m1", "m2"]
    with pytest.raises(ResolutionError, match="no longer in the case"):
        split_entity(twice, "m1", user="an1")
    back = split_entity(split_entity(twice, "m2", user="an1"), "m1", user="an1")
    assert sorted(back.graph) == sorted(case.graph)
    assert sorted(back.graph.edges(keys=True)) == sorted(case.graph.edges(keys=True))


def test_merge_refuses_what_cannot_be_one_node():
    case = _case()
    with pytest.raises(ResolutionError, match="unknown node"):
        merge_entities(case, "P1", "nobody", user="a", reason="r")
    with pytest.raises(ResolutionError, match="cannot merge a phone into a person"):
        merge_entities(case, "P1", "PH1", user="a", reason="r")
    with pytest.raises(ResolutionError, match="different identifiers"):
        merge_entities(case, "PH1", "PH2", user="a", reason="r")
    with pytest.raises(ResolutionError):
        merge_entities(case, "P1", "P1", user="a", reason="r")


def test_not_the_same_is_remembered_once():
    case = _case()
    marked = mark_not_same(case, "rec:RP1", "P1", user="an1", reason="different DOB",
                           at="2024-05-02T09:00:00+00:00")
    assert "not_same" not in case.meta
    again = mark_not_same(marked, "P1", "rec:RP1", user="an2")
    assert again.meta["not_same"] == [{"pair": ["P1", "rec:RP1"], "user": "an1",
                                       "reason": "different DOB",
                                       "at": "2024-05-02T09:00:00+00:00"}]
    assert not_same_pairs(again) == {frozenset({"P1", "rec:RP1"})}
    assert is_not_same(again, "P1", "rec:RP1") and not is_not_same(again, "P1", "P2")
    assert case_patch(case, marked)["nodes_set"] == []


def test_absorb_attributes_keeps_every_value():
    assert absorb_attributes(
        {"label": "A", "alternatives": {"label": ["B"]}, "provenance": [1]},
        {"label": "C", "alternatives": {"label": ["B", "D"]}, "provenance": [2], "x": 1}) == {
        "label": "A", "alternatives": {"label": ["B", "C", "D"]}, "provenance": [1, 2], "x": 1}
