"""casegraph.analysis.paths: shortest paths by hops and by tie strength, bounded paths, ego."""

from __future__ import annotations

import networkx as nx
import pytest

from casegraph.analysis.paths import ego_network, path_length, paths_up_to, shortest_paths


@pytest.fixture
def calls() -> nx.MultiDiGraph:
    # a reaches d via b (1 call each way) or via c and e (5 calls on each link)
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", weight=1)
    M.add_edge("b", "d", weight=1)
    for u, v in [("a", "c"), ("c", "e"), ("e", "d")]:
        M.add_edge(u, v, weight=2)
        M.add_edge(v, u, weight=3)  # calls both ways add up to 5
    return M


def test_shortest_by_hops_and_by_weight(calls):
    assert shortest_paths(calls, "a", "d") == [["a", "b", "d"]]
    assert shortest_paths(calls, "a", "d", by="weight") == [["a", "c", "e", "d"]]
    assert path_length(calls, ["a", "c", "e", "d"], by="weight") == pytest.approx(3 / 5)
    assert path_length(calls, ["a", "b", "d"], by="weight") == 2.0
    assert path_length(calls, ["a", "b", "d"]) == 2.0


def test_all_shortest_paths_are_returned_in_a_stable_order():
    assert shortest_paths(nx.cycle_graph(4), 0, 2) == [[0, 1, 2], [0, 3, 2]]
    assert shortest_paths(nx.cycle_graph(4), 0, 2, limit=1) in ([[0, 1, 2]], [[0, 3, 2]])


def test_unconnected_and_unknown():
    G = nx.Graph([(1, 2)])
    G.add_node(3)
    assert shortest_paths(G, 1, 3) == []
    assert paths_up_to(G, 1, 3) == ([], False)
    with pytest.raises(KeyError):
        shortest_paths(G, 1, 99)


def test_paths_up_to_a_length_and_a_count(calls):
    paths, more = paths_up_to(calls, "a", "d", max_hops=3)
    assert paths == [["a", "b", "d"], ["a", "c", "e", "d"]] and more is False
    assert paths_up_to(calls, "a", "d", max_hops=2) == ([["a", "b", "d"]], False)
    grid = nx.grid_2d_graph(3, 3)
    paths, more = paths_up_to(grid, (0, 0), (2, 2), max_hops=8, limit=5)
    assert len(paths) == 5 and more is True
    assert [len(p) - 1 for p in paths] == [4, 4, 4, 4, 4]


def test_ego_network():
    assert ego_network(nx.path_graph(6), 2, hops=1) == {2: 0, 1: 1, 3: 1}
    assert ego_network(nx.path_graph(6), 0, hops=3) == {0: 0, 1: 1, 2: 2, 3: 3}
    with pytest.raises(ValueError):
        ego_network(nx.path_graph(3), 0, hops=4)
