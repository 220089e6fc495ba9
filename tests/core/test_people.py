"""people_network(): actors, attribution, ties and the links behind them; the identity on
one-type networks; the fictional ring as people, checked against how its generator built it."""

from __future__ import annotations

import importlib
import itertools
import sys
from collections import Counter

import networkx as nx
import pandas as pd
import pytest

from casegraph.analysis import analyse, degree_centralisation, project
from casegraph.analysis.centrality import centrality_table
from casegraph.analysis.communities import find_clusters
from casegraph.analysis.disruption import key_players, removal_curve
from casegraph.analysis.people import people_network, tie_explanation
from casegraph.analysis.structure import structure_verdict
from casegraph.model import Case
from casegraph.samples import DATA_DIR, sample_cases


def _case(nodes, links, directed=True) -> Case:
    case = Case(directed=directed)
    for node, kind in nodes:
        case.add_entity(node, kind, node.upper())
    for source, target, kind, key, *rest in links:
        case.add_link(source, target, kind, key=key, **(rest[0] if rest else {}))
    return case


def dealer() -> Case:
    """Ash holds two accounts and a phone; Bay a phone; Cal is only an account."""
    return _case(
        [("ash", "person"), ("ig", "account"), ("tg", "account"), ("ph1", "phone"),
         ("bay", "person"), ("ph2", "phone"), ("cal", "account"), ("lone", "account"),
         ("post", "post"), ("home", "address"), ("rec", "record")],
        [("ash", "ig", "uses", "u1"), ("ash", "tg", "owns", "u2"), ("ash", "ph1", "uses", "u3"),
         ("bay", "ph2", "uses", "u4"),
         ("ph1", "ph2", "call", "c1", {"weight": 3}), ("ph2", "ph1", "call", "c2",
                                                        {"weight": 2}),
         ("tg", "cal", "message", "m1"),
         ("ig", "post", "posted", "p1"), ("post", "cal", "mentions", "p2"),
         ("ash", "home", "lives_at", "h1"), ("bay", "home", "lives_at", "h2"),
         ("rec", "ash", "record_of", "r1")])


def test_a_person_absorbs_their_accounts_and_phone():
    net = people_network(dealer())
    assert list(net.actors) == ["ash", "bay", "cal", "lone"]
    assert net.actors["ash"].members == {"person": ["ash"], "account": ["ig", "tg"],
                                         "phone": ["ph1"]}
    assert net.actors["ash"].folded() == {"account": 2, "phone": 1}
    assert net.graph.nodes["ash"]["folded"] == {"account": 2, "phone": 1}
    assert {n: net.actor_of[n] for n in ("ig", "tg", "ph1", "ph2")} == {
        "ig": "ash", "tg": "ash", "ph1": "ash", "ph2": "bay"}
    assert net.identity is False and net.conflicts == []


def test_tie_weights_and_the_links_behind_them():
    net = people_network(dealer())
    G = net.graph
    assert sorted((u, v, d["weight"], d["count"]) for u, v, d in G.edges(data=True)) == [
        ("ash", "bay", 6.0, 3), ("ash", "cal", 2.0, 2)]
    assert G.edges["ash", "bay"]["types"] == {"call": 2, "shared address": 1}
    assert G.edges["ash", "bay"]["links"] == [
        ("ash", "home", "h1", "lives_at"), ("bay", "home", "h2", "lives_at"),
        ("ph1", "ph2", "c1", "call"), ("ph2", "ph1", "c2", "call")]
    assert G.edges["ash", "cal"]["types"] == {"message": 1, "shared post": 1}
    assert net.tie_links("ash", "cal") == [("ig", "post", "p1", "posted"),
                                           ("post", "cal", "p2", "mentions"),
                                           ("tg", "cal", "m1", "message")]
    assert tie_explanation(net, "bay", "ash") == [
        {"type": "call", "weight": 3.0, "via": None, "links": [("ph1", "ph2", "c1", "call")]},
        {"type": "call", "weight": 2.0, "via": None, "links": [("ph2", "ph1", "c2", "call")]},
        {"type": "shared address", "weight": 1.0, "via": "home",
         "links": [("ash", "home", "h1", "lives_at"), ("bay", "home", "h2", "lives_at")]}]
    # direction: calls one way each, the message from Ash, shared evidence both ways
    D = net.digraph
    assert sorted((u, v, d["weight"]) for u, v, d in D.edges(data=True)) == [
        ("ash", "bay", 4.0), ("ash", "cal", 2.0), ("bay", "ash", 3.0), ("cal", "ash", 1.0)]


def test_unattributed_account_stands_alone_and_evidence_never_appears():
    net = people_network(dealer())
    assert set(net.graph) == {"ash", "bay", "cal", "lone"}
    for node in ("post", "home", "rec"):
        assert node not in net.graph and node not in net.actor_of
    assert (net.actors["cal"].kind, net.actors["lone"].kind) == ("unattributed",) * 2
    assert net.graph.nodes["lone"]["label"] == "LONE (unattributed)"
    assert net.graph.degree("lone") == 0
    assert net.graph.nodes["ash"]["label"] == "ASH"


def test_actors_tied_to_no_one_can_be_left_out():
    net = people_network(dealer(), isolates=False)
    assert list(net.graph) == ["ash", "bay", "cal"] and list(net.digraph) == list(net.graph)
    assert "lone" in net.actors and net.actor_of["lone"] == "lone"
    assert net.notes == ["1 actor(s) tied to no one are left out."]


def test_an_undirected_case_has_no_digraph():
    case = dealer()
    case.directed = False
    assert people_network(case).digraph is None


def test_identifiers_registered_together_are_one_unknown_holder():
    net = people_network(_case(
        [("ash", "person"), ("ph", "phone"), ("acc", "account"), ("em", "email"),
         ("acc2", "account")],
        [("acc", "em", "registered_with", "r1"), ("acc2", "ph", "registered_with", "r2"),
         ("ash", "ph", "uses", "u1"), ("acc", "ph", "call", "c1")]))
    assert net.actors["acc"].members == {"account": ["acc"], "email": ["em"]}
    assert net.actors["ash"].members == {"person": ["ash"], "phone": ["ph"],
                                         "account": ["acc2"]}
    assert list(net.graph.edges) == [("ash", "acc")]


def test_a_phone_claimed_by_two_people_goes_to_the_strongest_claim():
    nodes = [("ash", "person"), ("bay", "person"), ("ph", "phone"), ("cal", "person"),
             ("ph3", "phone")]
    net = people_network(_case(nodes, [
        ("ash", "ph", "uses", "u1"), ("bay", "ph", "uses", "u2", {"confidence": 0.6}),
        ("cal", "ph3", "uses", "u3"), ("ph", "ph3", "call", "c1")]))
    assert net.actor_of["ph"] == "ash"
    assert net.conflicts == [{"node": "ph", "claims": [("ash", 1.0), ("bay", 0.6)],
                              "to": "ash"}]
    assert list(net.graph.edges) == [("ash", "cal")]
    # a former holder's claim counts half: the current one wins even at lower confidence
    net = people_network(_case(nodes, [
        ("ash", "ph", "uses", "u1", {"confidence": 0.95, "status": "former"}),
        ("bay", "ph", "uses", "u2", {"confidence": 0.6})]))
    assert net.actor_of["ph"] == "bay"
    assert net.conflicts[0]["claims"] == [("bay", 0.6), ("ash", 0.475)]


def test_an_evenly_claimed_phone_stays_apart_and_ties_its_claimants():
    net = people_network(_case(
        [("ash", "person"), ("bay", "person"), ("line", "phone"), ("cal", "person"),
         ("ph3", "phone")],
        [("ash", "line", "uses", "u1"), ("bay", "line", "uses", "u2"),
         ("cal", "ph3", "uses", "u3"), ("line", "ph3", "call", "c1")]))
    assert net.actors["line"].kind == "contested"
    assert net.conflicts == [{"node": "line", "claims": [("ash", 1.0), ("bay", 1.0)],
                              "to": None}]
    assert sorted(net.graph.edges(data="types")) == [
        ("ash", "bay", {"shared phone": 1}), ("line", "cal", {"call": 1})]
    assert net.notes == ["1 identifier(s) claimed by several people: 0 went to the strongest "
                         "claim, 1 stay apart as contested."]


def test_people_are_never_folded_into_each_other():
    net = people_network(_case(
        [("ash", "person"), ("ash2", "person"), ("ph", "phone")],
        [("ash", "ash2", "same_as", "s1"), ("ash", "ph", "uses", "u1")]))
    assert list(net.actors) == ["ash", "ash2"] and net.actor_of["ph"] == "ash"
    assert list(net.graph.edges) == []


def test_evidence_linked_to_too_many_actors_ties_none():
    nodes = [(f"p{i}", "person") for i in range(4)] + [("hostel", "address")]
    links = [(f"p{i}", "hostel", "lives_at", f"l{i}") for i in range(4)]
    assert people_network(_case(nodes, links)).graph.number_of_edges() == 6
    net = people_network(_case(nodes, links), max_shared=3)
    assert net.graph.number_of_edges() == 0
    assert net.notes == ["HOSTEL (address) is linked to 4 actors: too common to tie them."]


def test_people_seen_at_the_same_meetings_are_tied_as_the_two_mode_projection_says():
    from casegraph import io

    case = io.load(DATA_DIR / "meetings" / "meetings.csv")
    assert set(case.entity_counts()) == {"person", "event"}
    net = people_network(case)
    projected = io.project_two_mode(case)
    assert sorted(net.graph) == sorted(projected.graph)

    def ties(G):
        return sorted((*sorted((u, v)), w) for u, v, w in G.edges(data="weight"))

    assert ties(net.graph) == ties(projected.graph)
    assert set(net.graph.edges["Alder Fictional", "Birch Fictional"]["types"]) == {
        "shared event"}


# -- one kind of entity: the projection is the identity -----------------------------------------
ONE_TYPE = [s for s in sample_cases() if s.id != "socmint-grumbleford"]


@pytest.mark.parametrize("spec", ONE_TYPE, ids=[s.id for s in ONE_TYPE])
def test_one_type_networks_keep_their_figures(spec):
    case = spec.build()
    assert len(case.entity_counts()) == 1
    net = people_network(case)
    assert net.identity and list(net.graph) == list(case.graph)
    U = project(case.graph)
    assert nx.utils.edges_equal(net.graph.edges(data="weight"), U.edges(data="weight"))
    if case.directed:
        D = project(case.graph, directed=True)
        assert nx.utils.edges_equal(net.digraph.edges(data="weight"), D.edges(data="weight"))
    else:
        assert net.digraph is None
    before = analyse(case)
    table = centrality_table(net.graph, net.digraph)
    # the same figures (betweenness may differ in the last bit: sums taken in another order)
    pd.testing.assert_frame_equal(table, before.centrality, check_exact=False, rtol=1e-12)
    ranks = [c for c in table.columns if c.startswith("rank_")]
    assert table[ranks].equals(before.centrality[ranks])
    assert find_clusters(net.graph)[0] == before.communities
    assert degree_centralisation(net.graph) == before.summary["centralisation"]
    old, new = structure_verdict(case.graph), structure_verdict(net.graph)
    assert (new.label, new.numbers, new.hubs) == (old.label, old.numbers, old.hubs)
    assert removal_curve(net.graph, "betweenness") == removal_curve(case.graph, "betweenness")
    assert [p.node for p in key_players(net.graph, 3)] == [
        p.node for p in key_players(case.graph, 3)]
    u, v = next(iter(U.edges))
    assert len(net.tie_links(u, v)) == U.edges[u, v]["count"]
    assert sum(r["weight"] for r in tie_explanation(net, u, v)) == U.edges[u, v]["weight"]


# -- the fictional ring ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world():
    sys.path.insert(0, str(DATA_DIR))
    try:
        return importlib.import_module("make_socmint").build_world()
    finally:
        sys.path.remove(str(DATA_DIR))


@pytest.fixture(scope="module")
def ring():
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    return case, people_network(case)


def _holder(world) -> dict:
    """case node -> the world's person really behind it."""
    holder = {p.id: p.id for p in world.people}
    holder.update({x.id: x.owner for x in world.phones + world.accounts + world.emails})
    return holder


def test_ring_actors_are_people_or_unattributed_identifiers(ring, world):
    case, net = ring
    assert net.conflicts == [] and net.notes == []
    types = Counter((a.kind, a.type) for a in net.actors.values())
    assert types == {("person", "person"): 46, ("unattributed", "account"): 26,
                     ("unattributed", "phone"): 11}
    kinds = {t for _, t in case.graph.nodes(data="type")}
    assert {"post", "address"} <= kinds
    assert {case.graph.nodes[n]["type"] for n in net.actor_of} == {
        "person", "account", "phone", "email"}
    # no actor mixes two people's identifiers, and every person shown keeps theirs
    holder = _holder(world)
    for actor in net.actors.values():
        owners = {holder[n] for nodes in actor.members.values() for n in nodes}
        assert len(owners) == 1, actor
        if actor.kind == "person":
            assert owners == {actor.id}
    shown = {p.id for p in world.people if not p.hidden}
    assert {a for a in net.actors if net.actors[a].kind == "person"} == shown


def test_ring_core_of_six_is_one_clique(ring, world):
    _, net = ring
    core = [p for p in world.people if p.cell == "core"]
    actors = [net.actor_of[p.phones[0]] for p in core]
    assert actors == ["P001", "P002", "P003", "P004", "P005", "PH007"]
    assert net.actors["PH007"].kind == "unattributed"   # the supplier seen only by phone
    assert all(net.graph.has_edge(a, b) for a, b in itertools.combinations(actors, 2))


def test_ring_street_cells_are_hub_and_spoke_around_their_leader(ring, world):
    _, net = ring
    G = net.graph
    holder = _holder(world)
    for cell in "ABCDE":
        people = {p.id for p in world.people if p.cell == cell}
        members = [a for a, actor in net.actors.items()
                   if holder[next(iter(actor.members.values()))[0]] in people]
        leaders = [p for p in world.people if p.cell == cell and p.role == "leader"]
        hubs = {net.actor_of[p.phones[0]] for p in leaders}
        H = G.subgraph(members)
        top = max(H.degree(), key=lambda nd: nd[1])[0]
        assert top in hubs, cell
        # runners and customers mostly ring the leader: the cell is a star, give or take
        assert degree_centralisation(H) > 0.6, cell
    # cell D's leader is hidden: the case shows their work phone, an unattributed actor
    (d_leader,) = [p for p in world.people if p.cell == "D" and p.role == "leader"]
    assert net.actors[net.actor_of[d_leader.phones[0]]].kind == "unattributed"


def test_ring_hubs_and_targets_name_people_not_phones_or_posts(ring):
    case, net = ring
    G = net.graph
    verdict = structure_verdict(G)
    degree = sorted(G, key=lambda n: -G.degree(n))[:5]
    betweenness = nx.betweenness_centrality(G)
    brokers = sorted(G, key=lambda n: -betweenness[n])[:5]
    targets = [p.node for p in key_players(G, 5)]
    for name in ("P016", "P045", "P030"):
        assert name in degree
    for group in (verdict.hubs, degree, brokers, targets):
        for node in group:
            assert G.nodes[node]["actor"] in ("person", "unattributed")
            assert case.graph.nodes[node]["type"] in ("person", "account", "phone")
    assert all(net.actors[n].kind == "person" for n in degree + brokers)
    # on the raw graph the same questions name phones and accounts
    raw = project(case.graph)
    raw_top = sorted(raw, key=lambda n: -raw.degree(n))[:10]
    assert any(case.graph.nodes[n]["type"] != "person" for n in raw_top)
    assert len(G) == 83 and len(G) < len(raw)
