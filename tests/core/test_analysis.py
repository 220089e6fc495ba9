"""casegraph.analysis: projection, centrality, clusters and summary on graphs with known answers."""

from __future__ import annotations

import json
import math

import networkx as nx
import pandas as pd
import pytest

from casegraph.analysis import (
    MEASURES,
    CaseAnalysis,
    analyse,
    cluster_verdict,
    degree_centralisation,
    project,
    sampling_note,
)
from casegraph.analysis.arrays import project_arrays
from casegraph.analysis.centrality import centrality_arrays, eigenvector
from casegraph.analysis.cluster_figures import COLUMNS
from casegraph.analysis.communities import find_clusters
from casegraph.analysis.structure import structure_verdict
from casegraph.io import load
from casegraph.model import Case


def column(result, name):
    return {node: float(v) for node, v in result.centrality[name].items()}


# -- projection ---------------------------------------------------------------------------

def test_project_sums_parallel_and_opposite_links():
    case = Case()
    for node in "abc":
        case.add_entity(node, "person")
    case.add_link("a", "b", "call", weight=2)
    case.add_link("a", "b", "call", weight=3)
    case.add_link("b", "a", "call", weight=4)
    case.add_link("c", "c", "call")  # self-loop: dropped
    undirected = project(case.graph)
    assert type(undirected) is nx.Graph
    assert dict(undirected.edges["a", "b"]) == {"weight": 9.0, "count": 3}
    assert undirected.number_of_edges() == 1
    assert undirected.nodes["a"]["type"] == "person"
    assert list(undirected) == ["a", "b", "c"]
    directed = project(case.graph, directed=True)
    assert type(directed) is nx.DiGraph
    assert dict(directed.edges["a", "b"]) == {"weight": 5.0, "count": 2}
    assert dict(directed.edges["b", "a"]) == {"weight": 4.0, "count": 1}


def test_project_of_undirected_graph_as_directed_gives_both_arcs():
    directed = project(nx.Graph([(1, 2)]), directed=True)
    assert sorted(directed.edges) == [(1, 2), (2, 1)]


# -- centrality on small graphs with known values -------------------------------------------

def test_star():
    result = analyse(nx.star_graph(4))
    assert column(result, "degree") == {0: 4.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0}
    assert column(result, "betweenness") == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}
    assert column(result, "closeness")[0] == 1.0
    assert column(result, "closeness")[1] == pytest.approx(4 / 7)
    assert column(result, "eigenvector")[0] == pytest.approx(1 / math.sqrt(2))
    assert column(result, "eigenvector")[1] == pytest.approx(1 / math.sqrt(8))
    assert sum(column(result, "pagerank").values()) == pytest.approx(1.0)
    for name in MEASURES:
        assert result.centrality[f"rank_{name}"].tolist() == [1, 2, 2, 2, 2]
    assert result.summary == {
        "entities": 5, "links": 4, "pairs": 4, "components": 1, "largest_component": 5,
        "density": 0.4, "centralisation": 1.0, "clusters": 1, "modularity": 0.0,
        "directed": False,
    }


def test_path_ranks_ties_share_the_best_rank():
    result = analyse(nx.path_graph(5))
    assert column(result, "betweenness") == pytest.approx(
        {0: 0.0, 1: 0.5, 2: 2 / 3, 3: 0.5, 4: 0.0})
    assert column(result, "closeness") == pytest.approx(
        {0: 0.4, 1: 4 / 7, 2: 2 / 3, 3: 4 / 7, 4: 0.4})
    assert result.centrality["rank_degree"].tolist() == [4, 1, 1, 1, 4]
    assert result.centrality["rank_betweenness"].tolist() == [4, 2, 1, 2, 4]
    # PageRank favours the middle's neighbours on a path: they are held by two sides each.
    assert result.centrality["rank_pagerank"].tolist() == [4, 1, 3, 1, 4]
    assert result.summary["centralisation"] == pytest.approx(1 / 6)


def test_two_cliques_joined_by_a_bridge():
    result = analyse(nx.barbell_graph(5, 0))  # cliques 0-4 and 5-9, bridge 4-5
    bridge_ends = {4, 5}
    # node 4 lies on every path between 0..3 and 5..9: 4 * 5 pairs out of C(9, 2) = 36
    assert column(result, "betweenness")[4] == pytest.approx(20 / 36)
    assert {n for n, r in result.centrality["rank_betweenness"].items() if r == 1} == bridge_ends
    assert result.community_sizes == [5, 5]
    assert result.communities == {0: 0, 1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1}
    # Q = sum over clusters of (internal edges / m) - (cluster degree / 2m)^2, m = 21
    assert result.modularity == pytest.approx(2 * (10 / 21 - (21 / 42) ** 2))
    assert result.summary["density"] == pytest.approx(21 / 45)


def test_karate_club():
    result = analyse(nx.karate_club_graph(), engine="networkx")
    ranks = result.centrality["rank_degree"]
    assert [n for n in ranks.sort_values(kind="stable").index[:5]] == [33, 0, 32, 2, 1]
    assert column(result, "degree")[33] == 17.0 and column(result, "degree")[0] == 16.0
    # networkx's weighted Louvain with the fixed seed (karate_club_graph carries weights).
    assert result.community_sizes == [14, 10, 6, 4]
    assert result.modularity == pytest.approx(0.42662243960945256, abs=1e-12)
    assert result.communities[0] != result.communities[33]  # the club's split


def test_directed_case_degree_counts_contacts_in_either_direction():
    graph = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("c", "a"), ("a", "d")])
    case = Case(graph=graph, directed=True)
    result = analyse(case)
    assert column(result, "degree") == {"a": 3.0, "b": 1.0, "c": 1.0, "d": 1.0}
    assert column(result, "weighted_degree") == {"a": 4.0, "b": 2.0, "c": 1.0, "d": 1.0}
    assert result.summary["links"] == 4 and result.summary["pairs"] == 3
    assert result.summary["directed"] is True
    # Directed PageRank: c calls a but nobody calls c, so c ranks last.
    assert result.centrality["rank_pagerank"]["c"] == 4


def test_disconnected_graph_with_isolates():
    G = nx.Graph([(1, 2), (2, 3), (4, 5)])
    G.add_node(6)
    result = analyse(G)
    assert result.summary["components"] == 3
    assert result.summary["largest_component"] == 3
    closeness = column(result, "closeness")
    # Wasserman-Faust: (r-1)/(n-1) * (r-1)/sum(d); node 2 reaches 2 of 5 others in 2 steps.
    assert closeness[2] == pytest.approx(2 / 5 * 2 / 2)
    assert closeness[4] == pytest.approx(1 / 5 * 1 / 1)
    assert closeness[6] == 0.0
    assert column(result, "eigenvector")[6] == 0.0
    assert result.community_sizes == [3, 2, 1]
    assert result.communities[6] == 2


def test_eigenvector_never_raises_on_tied_components():
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    values, method = eigenvector(G)
    assert method in {"power", "arpack", "strength"}
    assert len(values) == 8 and all(v >= 0 for v in values)
    assert sum(v * v for v in values) == pytest.approx(1.0)


def test_eigenvector_matches_networkx_on_a_connected_graph():
    G = nx.karate_club_graph()
    values, method = eigenvector(G)
    expected = nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-10)
    assert method == "power"
    assert list(values) == pytest.approx([expected[n] for n in G], abs=1e-8)


def test_empty_and_edgeless_graphs():
    empty = analyse(nx.Graph())
    assert empty.centrality.empty and empty.communities == {} and empty.modularity == 0.0
    assert empty.summary["entities"] == 0 and empty.summary["density"] == 0.0
    edgeless = analyse(nx.empty_graph(3))
    assert edgeless.community_sizes == [1, 1, 1]
    assert edgeless.modularity == 0.0
    assert edgeless.centrality["rank_degree"].tolist() == [1, 1, 1]


def test_degree_centralisation():
    assert degree_centralisation(nx.star_graph(6)) == 1.0
    assert degree_centralisation(nx.complete_graph(6)) == 0.0
    assert degree_centralisation(nx.path_graph(2)) == 0.0


def test_measures_cover_the_table_columns():
    result = analyse(nx.path_graph(3))
    assert list(result.centrality.columns) == (
        list(MEASURES) + [f"rank_{name}" for name in MEASURES])


# -- networkx (reference) and igraph (large graphs) agree ------------------------------------

@pytest.mark.parametrize("graph", [
    nx.karate_club_graph(),
    nx.les_miserables_graph(),
    nx.barbell_graph(6, 2),
    nx.disjoint_union(nx.gnm_random_graph(60, 150, seed=3), nx.path_graph(5)),
], ids=["karate", "les-miserables", "barbell", "disconnected-random"])
def test_igraph_engine_agrees_with_networkx(graph):
    ref = analyse(graph, engine="networkx")
    fast = analyse(graph, engine="igraph")
    for name in ("degree", "weighted_degree", "betweenness", "eigenvector", "closeness"):
        assert list(fast.centrality[name]) == pytest.approx(list(ref.centrality[name]),
                                                            abs=1e-9), name
        assert list(fast.centrality[f"rank_{name}"]) == list(ref.centrality[f"rank_{name}"])
    assert list(fast.centrality["pagerank"]) == pytest.approx(list(ref.centrality["pagerank"]),
                                                              abs=1e-6)
    # Different Louvain implementations: both good partitions, not necessarily the same.
    assert fast.modularity == pytest.approx(ref.modularity, abs=0.03)
    assert fast.summary | {"modularity": 0, "clusters": 0} == (
        ref.summary | {"modularity": 0, "clusters": 0})


def test_directed_pagerank_agrees_between_engines():
    graph = nx.MultiDiGraph(nx.gnm_random_graph(40, 90, seed=5, directed=True))
    case = Case(graph=graph, directed=True)
    ref = analyse(case, engine="networkx").centrality["pagerank"]
    fast = analyse(case, engine="igraph").centrality["pagerank"]
    assert list(fast) == pytest.approx(list(ref), abs=1e-6)


def test_louvain_is_deterministic_and_numbered_by_size():
    G = nx.les_miserables_graph()
    for engine in ("networkx", "igraph"):
        first = find_clusters(G, engine=engine)
        assert find_clusters(G, engine=engine) == first
        membership, sizes, _ = first
        assert sizes == sorted(sizes, reverse=True)
        assert [sum(1 for k in membership.values() if k == i) for i in range(len(sizes))] == sizes


# -- CAVIAR --------------------------------------------------------------------------------

@pytest.mark.parametrize("phase", range(1, 12))
def test_caviar_n1_has_highest_degree_except_phases_9_and_11(datasets, phase):
    case = load(datasets / "caviar" / f"phase{phase}.csv")
    ranks = analyse(case).centrality["rank_degree"]
    top = sorted(n for n, r in ranks.items() if r == 1)
    expected = {9: ["3"], 11: ["12"]}.get(phase, ["1"])
    assert top == expected


# -- what analyse() returns besides the table: verdict, cluster table, sampling ---------------

def test_analysis_carries_the_verdict_and_the_cluster_table():
    result = analyse(nx.barbell_graph(12, 0))
    assert result.verdict.label == structure_verdict(nx.barbell_graph(12, 0), clusters=False).label
    assert result.verdict.clusters == {}
    table = result.clusters
    assert list(table.index) == [0, 1] and list(table.columns) == list(COLUMNS)
    assert table["members"].tolist() == [12, 12] and table["links"].tolist() == [66, 66]
    assert table["links_out"].tolist() == [1, 1]
    assert result.sampling["betweenness"] == {"sampled": False, "sources": 24, "of": 24,
                                              "error": 0.0}
    assert result.notes == [] and result.sampling_notes == {}


@pytest.mark.parametrize("graph", [nx.les_miserables_graph(), nx.karate_club_graph(),
                                   nx.disjoint_union(nx.star_graph(9), nx.path_graph(4))],
                         ids=["les-miserables", "karate", "star-and-path"])
def test_cluster_table_matches_networkx_on_each_cluster(graph):
    result = analyse(graph)
    H = project(graph)
    for k, row in result.clusters.iterrows():
        members = [n for n in H if result.communities[n] == k]
        sub = H.subgraph(members)
        assert row["members"] == len(members)
        assert row["links"] == sub.number_of_edges()
        assert row["links_out"] == sum(1 for u, v in H.edges if (u in sub) != (v in sub))
        assert row["density"] == pytest.approx(nx.density(sub))
        assert row["centralisation"] == pytest.approx(degree_centralisation(sub))
        assert row["clustering"] == pytest.approx(nx.average_clustering(sub))
        best = max(sub.degree, key=lambda nd: (nd[1], -members.index(nd[0])))
        assert (row["top"], row["top_contacts"]) == best


def test_igraph_verdict_equals_networkx_verdict():
    for graph in (nx.karate_club_graph(), nx.les_miserables_graph(),
                  nx.disjoint_union(nx.gnm_random_graph(60, 150, seed=3), nx.path_graph(5)),
                  nx.barbell_graph(6, 2), nx.star_graph(30)):
        ref = analyse(graph, engine="networkx").verdict
        fast = analyse(graph, engine="igraph").verdict
        assert fast.numbers == pytest.approx(ref.numbers, abs=1e-12)
        assert (fast.label, fast.signals, fast.hubs, fast.articulation_points, fast.bridges,
                fast.explanation) == (ref.label, ref.signals, ref.hubs,
                                      ref.articulation_points, ref.bridges, ref.explanation)


def test_sampled_measures_are_within_their_stated_error():
    G = nx.barabasi_albert_graph(600, 2, seed=4)
    exact_b = nx.betweenness_centrality(G)
    exact_c = nx.closeness_centrality(G, wf_improved=True)
    p = project_arrays(G)
    table, sampling = centrality_arrays(p, seed=1, sources=100, pivots=100,
                                        closeness_exact_limit=0)
    for measure, exact in (("betweenness", exact_b), ("closeness", exact_c)):
        info = sampling[measure]
        assert info["sampled"] and info["of"] == 600
        assert 0 < info["error"] < 0.5
        top = sorted(G, key=lambda n: -exact[n])[:10]
        errors = [abs(table[measure][n] - exact[n]) / exact[n] for n in top]
        # error is one standard error: most of the ten lie within two of it
        assert sum(e <= 2 * info["error"] for e in errors) >= 7, (measure, errors, info)
    assert sampling["betweenness"]["sources"] == 100 and sampling["closeness"]["pivots"] == 100
    note = sampling_note(sampling)
    assert note[0].startswith("Betweenness estimated from 100 of 600 sources (about ±")


def test_large_analysis_states_its_sampling():
    G = nx.gnm_random_graph(520, 1040, seed=6)  # above LARGE_GRAPH, below the closeness limit
    result = analyse(G, sources=200)
    assert result.sampling["betweenness"]["sampled"] is True
    assert result.sampling["betweenness"]["sources"] == 200
    assert result.sampling["closeness"] == {"sampled": False, "pivots": 520, "of": 520,
                                            "error": 0.0}
    assert result.notes and result.notes[0].startswith("Betweenness estimated from 200 of 520")
    assert result.sampling_notes == {"betweenness": result.notes[0]}
    exact = analyse(G, sources=520)
    assert exact.sampling["betweenness"]["sampled"] is False
    reference = nx.betweenness_centrality(G)
    assert list(exact.centrality["betweenness"]) == pytest.approx(
        [reference[n] for n in G], abs=1e-12)


def test_analysis_of_a_simple_weighted_graph():
    G = nx.Graph()
    G.add_weighted_edges_from([("ann", "bob", 3.0), ("bob", "cy", 1.0), ("cy", "ann", 2.0),
                               ("cy", "dee", 5.0)])
    for engine in ("networkx", "igraph"):
        result = analyse(G, engine=engine)
        assert column(result, "weighted_degree") == {"ann": 5.0, "bob": 4.0, "cy": 8.0,
                                                     "dee": 5.0}
        assert result.summary["pairs"] == 4 and result.summary["directed"] is False


# -- a compact form to keep: to_dict / from_dict -------------------------------------------------

@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_to_dict_round_trip_gives_the_same_analysis(engine):
    graph = nx.MultiDiGraph(nx.les_miserables_graph())
    case = Case(graph=nx.relabel_nodes(graph, {n: f"p-{n}" for n in graph}), directed=True)
    result = analyse(case, engine=engine, sources=30)
    data = json.loads(json.dumps(result.to_dict()))
    back = CaseAnalysis.from_dict(data)
    pd.testing.assert_frame_equal(back.centrality, result.centrality)
    assert back.centrality.attrs == result.centrality.attrs
    pd.testing.assert_frame_equal(back.clusters, result.clusters)
    for name in ("communities", "community_sizes", "modularity", "summary", "notes",
                 "verdict", "sampling"):
        assert getattr(back, name) == getattr(result, name), name
    assert back.projection is None and back.to_dict() == data
    with pytest.raises(ValueError, match="without its graph"):
        cluster_verdict(back, 0)
    assert cluster_verdict(back, 0, graph=case.graph) == cluster_verdict(result, 0)
    assert cluster_verdict(case, 0, communities=back.communities) == cluster_verdict(result, 0)


def test_from_dict_refuses_other_data():
    with pytest.raises(ValueError):
        CaseAnalysis.from_dict({"format": "something else"})
    empty = analyse(nx.Graph())
    assert CaseAnalysis.from_dict(json.loads(json.dumps(empty.to_dict()))).summary == (
        empty.summary)


def test_cluster_verdict_on_demand():
    G = nx.disjoint_union(nx.star_graph(11), nx.complete_graph(12))
    G.add_edge(0, 12)
    result = analyse(G)
    whole = structure_verdict(G, result.communities)
    for k in range(len(result.community_sizes)):
        assert cluster_verdict(result, k) == whole.clusters[k]
    with pytest.raises(KeyError):
        cluster_verdict(result, 99)


@pytest.mark.parametrize("kind", [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph])
def test_array_projection_equals_the_networkx_projection(kind):
    G = kind()
    G.add_nodes_from(["z", "a", "m", "lonely"])
    for u, v, w in [("a", "z", 2.0), ("z", "a", 3.0), ("a", "m", None), ("m", "m", 4.0),
                    ("m", "a", 1.5), ("a", "z", 1.0)]:
        G.add_edge(u, v, weight=w)
    p = project_arrays(G)
    H = project(G)
    assert p.nodes == list(H) and p.links == G.number_of_edges()
    got = {frozenset((p.nodes[a], p.nodes[b])): w for a, b, w in zip(
        p.source.tolist(), p.target.tolist(), p.weight.tolist(), strict=True)}
    assert got == {frozenset(e): w for *e, w in H.edges(data="weight")}
    assert (p.arcs is not None) == G.is_directed()
    if G.is_directed():
        D = project(G, directed=True)
        arcs = {(p.nodes[e.source], p.nodes[e.target]): e["weight"] for e in p.arcs.es}
        assert arcs == {(u, v): w for u, v, w in D.edges(data="weight")}


def test_largest_graphs_sample_fewer_betweenness_sources_and_say_so(monkeypatch):
    from casegraph.analysis import centrality

    assert centrality.betweenness_sources(10_000, 30_000) == 500
    assert centrality.betweenness_sources(25_000, 75_000) == 500
    assert centrality.betweenness_sources(50_000, 150_000) == 250
    assert centrality.betweenness_sources(100_000, 300_000) == 125
    assert centrality.betweenness_sources(1_000_000, 3_000_000) == 100
    assert centrality.betweenness_sources(100_000, 300_000, sources=400) == 400
    # the same rule on a small graph: a budget that allows 150 of its 600 nodes
    G = nx.barabasi_albert_graph(600, 2, seed=4)
    monkeypatch.setattr(centrality, "BETWEENNESS_WORK", 150 * (600 + G.number_of_edges()))
    result = analyse(G, engine="igraph")
    info = result.sampling["betweenness"]
    assert info["sampled"] and info["sources"] == 150 and info["of"] == 600
    assert result.sampling_notes["betweenness"].startswith(
        "Betweenness estimated from 150 of 600 sources (about ±")
    exact = nx.betweenness_centrality(G)
    top = sorted(G, key=lambda n: -exact[n])[:10]
    errors = [abs(result.centrality["betweenness"][n] - exact[n]) / exact[n] for n in top]
    assert sum(e <= 2 * info["error"] for e in errors) >= 7, (errors, info)


def test_the_stated_betweenness_error_is_that_of_the_sources_used(monkeypatch):
    from casegraph.analysis import centrality, sampled
    from casegraph.analysis.communities import SEED

    G = nx.barabasi_albert_graph(700, 2, seed=9)
    work = 120 * (700 + G.number_of_edges())
    monkeypatch.setattr(centrality, "BETWEENNESS_WORK", work)
    result = analyse(G, engine="igraph")
    info = result.sampling["betweenness"]
    assert info["sources"] == 120 == centrality.betweenness_sources(700, G.number_of_edges())
    values, again = sampled.betweenness(result.projection.graph, 120, SEED)
    assert info == again and info["error"] > 0
    assert result.centrality["betweenness"].tolist() == values.tolist()
    # fewer sources, a larger error, and the sentence names both
    _, fewer = sampled.betweenness(result.projection.graph, 30, SEED)
    assert fewer["error"] > info["error"]
    assert result.sampling_notes["betweenness"] == (
        f"Betweenness estimated from 120 of 700 sources "
        f"(about ±{100 * info['error']:.1f}% for the ten highest values).")
    assert result.notes[0] == result.sampling_notes["betweenness"]
