"""The analysis of a revision in both views (and what each view counts on), kept in the
store across a restart."""

from __future__ import annotations

import pytest

from casegraph.access import Actor, Refused
from casegraph.analysis import analyse
from casegraph.analysis.people import people_network
from casegraph.model import Case
from casegraph.session import records_for
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


# -- what each view counts on (the workspace's view methods) ------------------------------------
def calls() -> Case:
    case = Case(name="calls")
    for node in "abc":
        case.add_entity(node, "person", node.upper())
    case.add_link("a", "b", "call")
    case.add_link("b", "c", "call")
    return case


def test_the_people_view_is_the_entities_view_for_a_one_kind_case(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    mixed, one = ws.import_case(ring()), ws.import_case(calls())
    assert [ws.analysed_view(*mixed, view) for view in (PEOPLE, ENTITIES)] == [PEOPLE, ENTITIES]
    assert [ws.analysed_view(*one, view) for view in (PEOPLE, ENTITIES)] == [ENTITIES, ENTITIES]
    assert ws.network(*one, PEOPLE) is ws.projection(*one)


def test_each_view_analyses_its_own_network(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(ring())
    assert sorted(ws.network(case_id, rev, PEOPLE).edges(data="weight")) == [
        ("ash", "bo", 3.0), ("ash", "x", 1.0)]
    assert sorted(ws.network(case_id, rev, ENTITIES).edges(data="weight")) == [
        ("a1", "x", 1.0), ("ash", "a1", 1.0), ("ash", "p1", 1.0), ("bo", "p2", 1.0),
        ("p1", "p2", 3.0), ("x", "post", 1.0)]
    assert ws.network(case_id, rev, ENTITIES) is ws.projection(case_id, rev)  # cached


def test_members_are_named_as_their_view_sees_them(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(ring())
    names = {node: (ws.member_label(case_id, rev, node, PEOPLE),
                    ws.member_label(case_id, rev, node, ENTITIES))
             for node in ("ash", "x", "p1", "nobody")}
    assert names == {"ash": ("ASH", "ASH"), "x": ("X (unattributed)", "X"),
                     "p1": ("P1", "P1"), "nobody": ("nobody", "nobody")}


def test_what_the_figures_are_counted_on(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    mixed, one = ws.import_case(ring()), ws.import_case(calls())
    assert ws.view_figures(*mixed, PEOPLE) == {"view": PEOPLE, "members": 3, "ties": 2,
                                               "unattributed": 1, "one_kind": False}
    assert ws.view_figures(*mixed, ENTITIES) == {"view": ENTITIES, "members": 7, "ties": 6,
                                                 "unattributed": 0, "one_kind": False}
    assert ws.view_figures(*one, PEOPLE) == {"view": ENTITIES, "members": 3, "ties": 2,
                                             "unattributed": 0, "one_kind": True}


def test_the_slang_signal_ranks_like_a_measure_in_both_views(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case = ring()
    case.graph.nodes["post"]["text"] = "fresh kush and molly, DM me"
    case_id, rev = ws.import_case(case)
    entities = ws.ranked_analysis(case_id, rev).centrality
    assert entities.loc["x", "rank_signal"] == 1 and entities.loc["x", "signal"] > 0
    assert entities.loc[["ash", "post"], "signal"].tolist() == [0.0, 0.0]
    assert entities.loc[["ash", "post"], "rank_signal"].tolist() == [2, 2]
    people = ws.ranked_analysis(case_id, rev, PEOPLE).centrality
    assert sorted(people.index) == ["ash", "bo", "x"]
    assert people["rank_signal"].to_dict() == {"ash": 2, "bo": 2, "x": 1}
    assert ws.ranked_analysis(case_id, rev, PEOPLE) is ws.ranked_analysis(case_id, rev, PEOPLE)
    assert "signal" not in ws.analysis(case_id, rev).centrality  # the analysis is unchanged
    plain_id, plain_rev = ws.import_case(calls())
    assert ws.ranked_analysis(plain_id, plain_rev) is ws.analysis(plain_id, plain_rev)


def test_an_unknown_view_is_refused(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(calls())
    with pytest.raises(ValueError):
        ws.network(case_id, rev, "everything")


def test_a_session_reads_the_views_only_of_cases_shared_with_it(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    records_for(ws).users.add("ana", "analyst")
    records_for(ws).users.add("bob", "analyst")
    ana, bob = ws.session(Actor("ana", "analyst")), ws.session(Actor("bob", "analyst"))
    case_id, rev = ana.import_case(ring())
    assert ana.view_figures(case_id, rev, PEOPLE)["members"] == 3
    assert ana.member_label(case_id, rev, "x", PEOPLE) == "X (unattributed)"
    for ask in (lambda: bob.ranked_analysis(case_id, rev), lambda: bob.network(case_id, rev),
                lambda: bob.member_label(case_id, rev, "x"),
                lambda: bob.view_figures(case_id, rev)):
        with pytest.raises(Refused):
            ask()


def dealers() -> Case:
    """A star of 14 people who call through their phones (hub ``h``), and 10 people who all
    call each other directly."""
    case = Case(name="two groups")
    case.add_entity("h", "person", "Hub")
    case.add_entity("ph", "phone", "07700 900000")
    case.add_link("h", "ph", "uses")
    for i in range(13):
        case.add_entity(f"s{i}", "person", f"Spoke {i}")
        case.add_entity(f"ps{i}", "phone", f"07700 9001{i:02d}")
        case.add_link(f"s{i}", f"ps{i}", "uses")
        case.add_link(f"ps{i}", "ph", "call")
    for i in range(10):
        case.add_entity(f"k{i}", "person", f"Crew {i}")
    for i in range(10):
        for j in range(i + 1, 10):
            case.add_link(f"k{i}", f"k{j}", "call")
    return case


def test_a_clusters_verdict_is_judged_on_the_network_of_the_view(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(dealers())
    assert ws.analysis(case_id, rev, PEOPLE).community_sizes[:2] == [14, 10]
    star, crew = (ws.cluster_verdict(case_id, rev, k, PEOPLE) for k in (0, 1))
    assert (star.label, crew.label) == ("hub-and-spoke", "highly networked")
    assert star.hubs[0] == "h"  # a person: the people network, not the case's phones
    assert ws.cluster_verdict(case_id, rev, 0, PEOPLE) is star  # cached per revision
    # in the entities view the clusters are the case's, phones included
    entities = ws.analysis(case_id, rev, ENTITIES)
    assert ws.cluster_verdict(case_id, rev, 0, ENTITIES).hubs[0] in set(entities.communities)
    assert ws.cluster_verdict(case_id, rev, 0, ENTITIES).hubs[0] == "ph"
    with pytest.raises(KeyError):
        ws.cluster_verdict(case_id, rev, 5, PEOPLE)


def test_a_session_asks_a_clusters_verdict_only_of_a_case_shared_with_it(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    records_for(ws).users.add("ana", "analyst")
    records_for(ws).users.add("bob", "analyst")
    ana, bob = ws.session(Actor("ana", "analyst")), ws.session(Actor("bob", "analyst"))
    case_id, rev = ana.import_case(dealers())
    assert ana.cluster_verdict(case_id, rev, 1).label == "highly networked"
    with pytest.raises(Refused):
        bob.cluster_verdict(case_id, rev, 1)
