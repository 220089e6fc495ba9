"""casegraph.layout: deterministic positions, packed components, sensible pixel scale."""

from __future__ import annotations

import math

import networkx as nx

from casegraph.layout import SPACING, compute_positions
from casegraph.model import Case


def test_every_node_gets_a_position_and_the_result_is_deterministic():
    G = nx.karate_club_graph()
    pos = compute_positions(G, seed=3)
    assert set(pos) == set(G)
    assert pos == compute_positions(G, seed=3)
    assert pos != compute_positions(G, seed=4)
    assert all(isinstance(x, float) and isinstance(y, float) for x, y in pos.values())


def test_accepts_a_case_and_ignores_parallel_links():
    graph = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert set(compute_positions(Case(graph=graph))) == {"a", "b", "c"}


def test_scale_keeps_nodes_apart_and_bounded():
    G = nx.gnm_random_graph(400, 1200, seed=1)
    pos = compute_positions(G)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    assert min(xs) >= 0 and min(ys) >= 0
    width = max(max(xs), max(ys))
    assert width <= 3 * math.sqrt(400) * SPACING  # no node flung far away
    # Most nodes have room: the median distance to the nearest other node is >= 1/4 SPACING.
    nearest = []
    points = list(pos.values())
    for i, (x, y) in enumerate(points):
        nearest.append(min(math.hypot(x - a, y - b)
                           for j, (a, b) in enumerate(points) if j != i))
    assert sorted(nearest)[len(nearest) // 2] >= SPACING / 4


def test_components_do_not_overlap_and_isolates_stay_close():
    G = nx.disjoint_union(nx.complete_graph(6), nx.cycle_graph(8))
    G.add_nodes_from(["lone1", "lone2", "lone3"])
    pos = compute_positions(G)

    def box(nodes):
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        return min(xs), min(ys), max(xs), max(ys)

    a, b = box(range(6)), box(range(6, 14))
    separate = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    assert separate
    everything = box(list(G))
    assert everything[2] - everything[0] <= 10 * SPACING
    assert everything[3] - everything[1] <= 10 * SPACING


def test_empty_graph():
    assert compute_positions(nx.Graph()) == {}
