"""casegraph.analysis.disruption: removal curves checked by hand on small graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from casegraph.analysis.disruption import (
    fragmentation,
    key_players,
    random_curves,
    removal_curve,
    what_if_removed,
)

STAR = nx.star_graph(4)          # hub 0, leaves 1-4
PATH = nx.path_graph(5)          # 0-1-2-3-4
BRIDGED = nx.barbell_graph(4, 0)  # cliques 0-3 and 4-7, bridge 3-4

# Hand-checked: ties go to the earlier node; the curve stops once <= block nodes remain.
EXPECTED = {
    ("star", "betweenness", 1): [1.0, 0.2, 0.2, 0.2, 0.2],
    ("star", "degree", 1): [1.0, 0.2, 0.2, 0.2, 0.2],
    ("star", "pagerank", 1): [1.0, 0.2, 0.2, 0.2, 0.2],
    ("star", "betweenness", 2): [1.0, 0.2, 0.2],
    ("star", "degree", 2): [1.0, 0.2, 0.2],
    ("star", "pagerank", 2): [1.0, 0.2, 0.2],
    ("star", "degree", 3): [1.0, 0.2],
    # path: 2 first (broker), then every score ties -> 0, 1, 3
    ("path", "betweenness", 1): [1.0, 0.4, 0.4, 0.4, 0.2],
    # degree: 1, 2, 3 tie -> 1 goes, leaving 2-3-4; then 3 (degree 2)
    ("path", "degree", 1): [1.0, 0.6, 0.2, 0.2, 0.2],
    ("path", "pagerank", 1): [1.0, 0.6, 0.2, 0.2, 0.2],
    ("path", "betweenness", 2): [1.0, 0.4, 0.2],  # {2, 1} then {0, 3}
    ("path", "degree", 2): [1.0, 0.4, 0.2],       # {1, 2} then {0, 3}
    ("path", "pagerank", 2): [1.0, 0.2, 0.2],     # {1, 3} then {0, 2}
    ("path", "betweenness", 3): [1.0, 0.2],
    # bridge end 3 first, the left triangle then ties away, then the right clique
    ("bridged", "betweenness", 1): [1.0, 0.5, 0.5, 0.5, 0.5, 0.375, 0.25, 0.125],
    ("bridged", "degree", 1): [1.0, 0.5, 0.375, 0.375, 0.25, 0.25, 0.125, 0.125],
    ("bridged", "pagerank", 1): [1.0, 0.5, 0.5, 0.5, 0.375, 0.25, 0.125, 0.125],
    ("bridged", "betweenness", 2): [1.0, 0.375, 0.375, 0.25],  # {3, 4} then {0, 1} ...
    ("bridged", "degree", 2): [1.0, 0.375, 0.375, 0.125],
    ("bridged", "pagerank", 2): [1.0, 0.375, 0.375, 0.125],
    ("bridged", "betweenness", 3): [1.0, 0.375, 0.25],
    ("bridged", "degree", 3): [1.0, 0.375, 0.25],
}
GRAPHS = {"star": STAR, "path": PATH, "bridged": BRIDGED}


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
@pytest.mark.parametrize("case", sorted(EXPECTED), ids=lambda c: "-".join(map(str, c)))
def test_removal_curve_exact(case, engine):
    graph, strategy, block = case
    assert removal_curve(GRAPHS[graph], strategy, block=block, engine=engine) == (
        pytest.approx(EXPECTED[case]))


def test_order_strategy_follows_the_list_and_stops_at_its_end():
    assert removal_curve(STAR, "order", order=[1, 2, 0]) == pytest.approx([1.0, 0.8, 0.6, 0.2])
    assert removal_curve(BRIDGED, "order", block=2, order=[3, 4, 0, 1]) == (
        pytest.approx([1.0, 0.375, 0.375]))
    with pytest.raises(ValueError, match="not in the network"):
        removal_curve(STAR, "order", order=[99])


def test_weighted_betweenness_treats_weight_as_distance():
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", 10),
                               ("c", "d", 1), ("a", "e", 1)])
    # Hops: a brokers for e. As distance, a-c (10) is long, so b brokers a<->c and a<->d;
    # removing b leaves a-c connected by the long link.
    assert removal_curve(G, "betweenness") == pytest.approx([1.0, 0.6, 0.2, 0.2, 0.2])
    for engine in ("networkx", "igraph"):
        assert removal_curve(G, "betweenness", weight="weight", engine=engine) == (
            pytest.approx([1.0, 0.8, 0.4, 0.2, 0.2]))


def test_directed_multigraph_is_treated_as_undirected():
    M = nx.MultiDiGraph([(1, 0), (2, 0), (0, 3), (0, 3), (4, 0)])
    assert removal_curve(M, "degree") == pytest.approx([1.0, 0.2, 0.2, 0.2, 0.2])


def test_random_curves_are_reproducible_and_bounded():
    first = random_curves(BRIDGED, runs=20, seed=7)
    assert first == random_curves(BRIDGED, runs=20, seed=7)
    assert first.runs == 20 and len(first.mean) == 8 and first.mean[0] == 1.0
    assert all(lo <= m <= hi for lo, m, hi in zip(first.low, first.mean, first.high,
                                                   strict=True))
    # A complete graph loses exactly one member per arrest, whatever the order.
    complete = random_curves(nx.complete_graph(5), runs=5)
    assert complete.mean == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])
    assert complete.std == [0.0] * 5
    assert removal_curve(STAR, "random", seed=1) == removal_curve(STAR, "random", seed=1)


def test_bad_arguments():
    with pytest.raises(ValueError):
        removal_curve(STAR, "degree", block=0)
    with pytest.raises(ValueError):
        removal_curve(STAR, "loudest")
    assert removal_curve(nx.Graph(), "degree") == []


def test_fragmentation():
    assert fragmentation(nx.complete_graph(4)) == 0.0
    two_pairs = nx.Graph([(0, 1), (2, 3)])
    assert fragmentation(two_pairs) == pytest.approx(1 - 4 / 12)


def test_key_players_pick_the_bridge_then_split_the_other_side():
    picks = key_players(BRIDGED, 2)
    assert [p.node for p in picks] == [3, 4]
    # without 3: pairs inside {0,1,2} and {4..7}: 6 + 12 of 56 -> F = 38/56
    assert picks[0].gain == pytest.approx(38 / 56)
    assert picks[0].lcc_share == 0.5
    assert picks[1].fragmentation == pytest.approx(1 - 12 / 56)
    assert picks[1].lcc_share == 0.375
    star = key_players(STAR, 1)
    assert star[0].node == 0 and star[0].gain == 1.0


def test_key_players_on_a_large_graph_use_candidates():
    G = nx.barbell_graph(40, 0)  # 80 nodes > candidate threshold
    assert [p.node for p in key_players(G, 1)] == [39]


def test_what_if_removed():
    result = what_if_removed(BRIDGED, [3])
    assert result.pieces == [[4, 5, 6, 7], [0, 1, 2]]
    assert result.lcc_share == 0.5 and result.isolated == []
    star = what_if_removed(STAR, [0, 4, "nobody"])
    assert star.removed == [0, 4]
    assert star.pieces == [[1], [2], [3]]
    assert star.isolated == [1, 2, 3]
    assert star.lcc_share == 0.2


# -- the array engine (large graphs) gives the reference's curves ---------------------------

def messy_graph() -> nx.Graph:
    """Two random parts, a pendant chain, isolated people and tied degrees."""
    G = nx.disjoint_union(nx.gnm_random_graph(80, 200, seed=4), nx.gnm_random_graph(30, 45, seed=5))
    G.add_edges_from([(0, 200), (200, 201), (201, 202)])
    G.add_nodes_from([300, 301])
    return G


@pytest.mark.parametrize("block", [1, 3, 7])
@pytest.mark.parametrize("strategy", ["degree", "pagerank", "betweenness", "random"])
def test_array_engine_gives_the_networkx_curve(strategy, block):
    G = messy_graph()
    ref = removal_curve(G, strategy, block=block, seed=3, engine="networkx")
    assert removal_curve(G, strategy, block=block, seed=3, engine="igraph") == pytest.approx(
        ref, abs=1e-12)
    assert len(ref) == -(-(len(G) - block) // block) + 1


def test_array_engine_order_and_weights_match_networkx():
    G = messy_graph()
    order = [5, 0, 200, 17, 301, 40, 41]
    for block in (1, 2, 4):
        assert removal_curve(G, "order", block=block, order=order, engine="igraph") == (
            removal_curve(G, "order", block=block, order=order, engine="networkx"))
    for u, v, data in G.edges(data=True):
        data["distance"] = 1 + (u * 7 + v * 3) % 5
    assert removal_curve(G, "betweenness", block=2, weight="distance", engine="igraph") == (
        pytest.approx(removal_curve(G, "betweenness", block=2, weight="distance",
                                    engine="networkx"), abs=1e-12))


def test_degree_is_re_ranked_after_each_removal():
    # A star whose leaf 1 has two more contacts: after the centre goes, 1 (two contacts
    # left) goes before the leaves, which have none.
    G = nx.star_graph(6)
    G.add_edges_from([(1, 10), (1, 11)])
    assert removal_curve(G, "degree", engine="igraph") == removal_curve(G, "degree",
                                                                        engine="networkx")
    assert removal_curve(G, "degree", engine="igraph")[:3] == pytest.approx([1.0, 3 / 9, 1 / 9])


def test_random_curves_large_graph_project_once_and_match_single_runs():
    G = nx.gnm_random_graph(700, 1500, seed=2)  # above LARGE_GRAPH
    spread = random_curves(G, runs=3, block=50, seed=5)
    runs = [removal_curve(G, "random", block=50, seed=5 + i, engine="networkx")
            for i in range(3)]
    assert spread.low == [min(s) for s in zip(*runs, strict=True)]
    assert spread.high == [max(s) for s in zip(*runs, strict=True)]
