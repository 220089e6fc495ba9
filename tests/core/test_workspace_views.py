"""The analysis of a revision in both views, and kept in the store across a restart."""

from __future__ import annotations

from casegraph.analysis import analyse
from casegraph.analysis.people import people_network
from casegraph.model import Case
from casegraph.workspace import ENTITIES, PEOPLE, Workspace


def ring() -> Case:
    """Two people with phones and accounts; the phones call each other; a post."""
    case = Case(name="ring")
    for node, kind in [("ash", "person"), ("bo", "person"), ("p1", "phone"),
                       ("p2", "phone"), ("a1", "account"), ("x", "account"), ("post", "post")]:
        case.add_entity(node, kind, node.upper())
    case.add_link("ash", "p1", "uses")
    case.add_link("ash", "a1", "owns")
    case.add_link("bo", "p2", "uses")
    case.add_link("p1", "p2", "call", weight=3)
    case.add_link("a1", "x", "follows")
    case.add_link("x", "post", "posted")
    return case


def test_people_view_analyses_the_actors(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(ring())
    entities = ws.analysis(case_id, rev)
    people = ws.analysis(case_id, rev, PEOPLE)
    assert entities.summary["entities"] == 7
    assert sorted(people.centrality.index) == ["ash", "bo", "x"]
    expected = analyse(people_network(ws.case(case_id, rev), isolates=False).graph)
    assert people.centrality["degree"].to_dict() == expected.centrality["degree"].to_dict()
    assert people.verdict.label == "too small to call"


def test_one_type_case_has_one_analysis(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case = Case(name="calls")
    for node in "abc":
        case.add_entity(node, "person", node)
    case.add_link("a", "b", "call")
    case.add_link("b", "c", "call")
    case_id, rev = ws.import_case(case)
    assert ws.analysis(case_id, rev, PEOPLE) is ws.analysis(case_id, rev, ENTITIES)


def test_analysis_is_kept_across_a_restart(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(ring())
    ws.analysis(case_id, rev)
    assert ws.store.load_analysis(case_id, rev, ENTITIES) is None  # small: not worth keeping
    ws = Workspace(tmp_path, samples=False)
    ws.keep_analysis_from = 0
    first = {view: ws.analysis(case_id, rev, view) for view in (ENTITIES, PEOPLE)}
    assert ws.store.load_analysis(case_id, rev, PEOPLE) is not None
    again = Workspace(tmp_path, samples=False)
    again.keep_analysis_from = 0
    for view, result in first.items():
        restored = again.analysis(case_id, rev, view)
        assert restored.projection is None  # read back, not analysed again
        assert restored.to_dict() == result.to_dict()
    again.store.delete(case_id)
    assert again.store.load_analysis(case_id, rev, ENTITIES) is None
