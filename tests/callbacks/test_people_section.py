"""The inspector's people block: why two people are tied, what a person holds, and merge /
not the same / split through new revisions (undoable); the hubs table names people."""

from __future__ import annotations

from casegraph.model import Case
from components.hubs import hub_rows
from components.people_section import inspector_section, merge_candidates, resolve
from tests.callbacks.cases_analysis import phone_star_case, store_of
from tests.callbacks.conftest import texts


def duplicate_case() -> Case:
    """Two nodes for one fictional person (same name), each with a phone; the phones call
    a third person's phone."""
    case = Case(name="Duplicate (fictional)")
    for node, kind, label in [("c1", "person", "Clover Fictional"),
                              ("c2", "person", "Clover Fictional"),
                              ("dd", "person", "Dot Fictional"),
                              ("p1", "phone", "07700 900201"), ("p2", "phone", "07700 900202"),
                              ("p3", "phone", "07700 900203")]:
        case.add_entity(node, kind, label)
    case.add_link("c1", "p1", "uses")
    case.add_link("c2", "p2", "uses")
    case.add_link("dd", "p3", "uses")
    case.add_link("p1", "p3", "call", weight=2)
    case.add_link("p2", "p3", "call")
    return case


def test_a_person_shows_what_they_hold_and_why_they_are_tied(ws):
    store = store_of(ws, phone_star_case(spokes=3))
    ref = (store["case_id"], store["rev"])
    text = texts(inspector_section(ws, ref, "boss"))
    assert text[:2] == ["As a person", "Folded in: 1 phone number."]
    assert "Runner 0 Fictional" in text
    assert " · tie weight 2, 1 piece of evidence" in text
    assert "Call (weight 2): 07700 900101 → 07700 900100" in text
    phone = texts(inspector_section(ws, ref, "p0"))
    assert phone[:3] == ["As a person", "Attributed to ", "Runner 0 Fictional"]
    assert inspector_section(ws, ref, "post0") == []  # evidence, not an actor


def test_hubs_in_the_people_view_are_people(ws):
    store = store_of(ws, phone_star_case())
    people = hub_rows(ws, store, "degree", view="people")
    assert [r["label"] for r in people[:1]] == ["Boss Fictional"]
    assert {r["type"] for r in people} == {"Person"}
    entities = hub_rows(ws, store, "degree", view="entities")
    assert entities[0]["label"] == "07700 900100"


def test_merge_not_same_and_split_are_revisions(ws):
    store = store_of(ws, duplicate_case())
    ref = (store["case_id"], store["rev"])
    assert merge_candidates(ws.case(*ref), "c1")[0] == {
        "label": "Clover Fictional (same name) · c2", "value": "c2"}
    assert texts(inspector_section(ws, ref, "c1"))[-3:] == [
        "Same person?", "Merge into this person", "Not the same person"]

    merged, message = resolve(ws, store, "c1", "merge", "c2")
    assert message == ("Merge: Clover Fictional (c2) into Clover Fictional (c1) "
                       f"(revision {merged['rev']}).")
    case = ws.case(merged["case_id"], merged["rev"])
    assert "c2" not in case.graph and case.graph.has_edge("c1", "p2")
    net = ws.people(merged["case_id"], merged["rev"])
    assert net.graph.edges["c1", "dd"]["weight"] == 3.0  # both phones' calls, one person
    assert texts(inspector_section(ws, (merged["case_id"], merged["rev"]), "c1"))[-1] == \
        "Split Clover Fictional off again"
    revisions = ws.revisions(merged["case_id"])
    assert revisions[-1]["kind"] == "merge" and revisions[-1]["user"] == "analyst1"

    merge_id = case.meta["merges"][0]["id"]
    split, message = resolve(ws, merged, "c1", "split", merge_id=merge_id)
    assert "c2" in ws.case(split["case_id"], split["rev"]).graph

    marked, _ = resolve(ws, split, "c1", "not-same", "c2")
    assert merge_candidates(ws.case(marked["case_id"], marked["rev"]), "c1")[0]["value"] == "dd"
    result = ws.undo(marked["case_id"], marked["rev"])
    assert merge_candidates(ws.case(marked["case_id"], result.rev), "c1")[0]["value"] == "c2"
    assert resolve(ws, store, "c1", "merge", None) == (None, "Choose the other person first.")
