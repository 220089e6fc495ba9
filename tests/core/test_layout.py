"""casegraph.layout: deterministic positions in the diagram's pixels, with room for labels."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from casegraph.layout import (
    GAP,
    LABEL_MARGIN,
    MAX_VIEW_ZOOM,
    META_KEY,
    Boxes,
    case_boxes,
    cluster_positions,
    complete_layout,
    compute_positions,
    concentric_positions,
    importance_order,
    label_screen_px,
    labels_wanted,
    layout_case,
    overlapping_pairs,
    place_new,
    positions_for,
    readable_font,
    remove_overlaps,
    screen_px,
)
from casegraph.model import Case
from casegraph.theme import sizes


def intersecting(case: Case, positions=None, readable=()) -> list[tuple]:
    """Pairs of nodes whose boxes (drawn node and label) intersect."""
    positions = case.positions if positions is None else positions
    boxes = case_boxes(case, readable=readable)
    xy = np.array([positions[n] for n in boxes.nodes], dtype=float)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    i, j = overlapping_pairs(centres, boxes.half_w, boxes.half_h)
    return [(boxes.nodes[a], boxes.nodes[b]) for a, b in zip(i, j, strict=True)]


def people(graph: nx.Graph) -> Case:
    case = Case(directed=False)
    for node in graph:
        case.add_entity(str(node), "person", f"Person {node}")
    for u, v in graph.edges():
        case.add_link(str(u), str(v), "call")
    return case


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


def test_empty_graph():
    assert compute_positions(nx.Graph()) == {}


def test_overlapping_pairs_finds_exactly_the_intersecting_boxes():
    centres = np.array([[0.0, 0.0], [1.9, 0.0], [0.0, 1.9], [10.0, 10.0], [3.9, 0.0]])
    i, j = overlapping_pairs(centres, np.ones(5), np.ones(5))
    assert sorted(tuple(sorted(p)) for p in zip(i.tolist(), j.tolist(), strict=True)) == [
        (0, 1), (0, 2), (1, 2)]


def test_remove_overlaps_separates_a_pile_and_keeps_a_gap():
    pile = np.zeros((30, 2))  # thirty boxes on one spot, as an upload without positions
    half_w, half_h = np.full(30, 20.0), np.full(30, 8.0)
    out = remove_overlaps(pile, half_w, half_h)
    assert len(overlapping_pairs(out, half_w + GAP / 2, half_h + GAP / 2)[0]) == 0
    assert np.array_equal(out, remove_overlaps(pile, half_w, half_h))  # deterministic


def test_layout_case_keeps_label_sizes_with_the_case():
    case = people(nx.karate_club_graph())
    layout_case(case)
    info = case.meta[META_KEY]
    # every member of the club has a full-size label in the 1280x800 canvas (546 x 503 px)
    assert info["units"] == "px" and info["at_fit"] == labels_wanted(case.graph) == 34
    assert 0.3 < info["label_zoom"] <= 1.3
    assert intersecting(case) == []


def test_a_handful_of_entities_is_spread_not_piled():
    case = people(nx.empty_graph(4))  # four entities, no links
    complete_layout(case)
    assert intersecting(case) == []
    xs = sorted(x for x, _ in case.positions.values())
    assert xs[-1] - xs[0] > 100


@pytest.mark.parametrize("n", [5, 120, 400])
def test_label_sizes_fall_past_those_shown_at_the_fitted_zoom(n):
    assert label_screen_px(0, 40, n) == 13 and 11 <= label_screen_px(10, 40, n) < 11.5
    assert label_screen_px(80, 40, n) < 11
    assert label_screen_px(10, 40, 5000) == 0  # a large case labels its hubs only


def test_the_label_rule_labels_small_cases_whole_and_ranks_the_rest():
    assert labels_wanted(nx.path_graph(30)) == 30
    big = nx.barabasi_albert_graph(280, 2, seed=1)
    wanted = labels_wanted(big)
    assert 5 <= wanted < 280  # 280 labels cannot all be 11 px in a 546 x 503 panel
    assert labels_wanted(nx.path_graph(400)) == 5  # above 300: the hubs, and detail on zoom


def test_random_networks_have_no_intersecting_boxes():
    for seed, (n, m) in enumerate([(60, 90), (250, 500), (600, 900)]):
        case = people(nx.gnm_random_graph(n, m, seed=seed))
        layout_case(case)
        assert intersecting(case) == [], (n, m)


def test_every_label_becomes_readable_at_the_canvas_largest_zoom():
    from casegraph.elements import label_sizes

    case = Case(directed=False)  # 300 online handles: long labels, few full size at fit
    graph = nx.barabasi_albert_graph(300, 2, seed=2)
    for node in graph:
        case.add_entity(str(node), "handle", f"Handle @someone_{node}_x")
    for u, v in graph.edges():
        case.add_link(str(u), str(v), "message")
    layout_case(case)
    info, label_px = case.meta[META_KEY], sizes()["label_px"]
    # by the decay alone, the tail's labels would stay under label_px even at MAX_VIEW_ZOOM
    decayed = screen_px(np.arange(300), info["at_fit"], 300) / info["label_zoom"]
    assert (decayed * MAX_VIEW_ZOOM < label_px).sum() > 50
    fonts = label_sizes(case)
    assert len(fonts) == 300 and all(f > 0 for f in fonts.values())
    assert min(fonts.values()) * MAX_VIEW_ZOOM >= label_px
    boxes = case_boxes(case)  # the layout made room for the same (floored) fonts
    assert boxes.font.tolist() == [fonts[n] for n in boxes.nodes]
    assert intersecting(case) == []


def test_place_new_puts_new_entities_beside_the_anchor_and_moves_nothing():
    case = people(nx.karate_club_graph())
    layout_case(case)
    before = dict(case.positions)
    for k in range(12):
        case.add_entity(f"new{k}", "phone", f"07700 900{k:03d}")
        case.add_link("33", f"new{k}", "uses")
    placed = place_new(case.positions, case_boxes(case), "33", [f"new{k}" for k in range(12)])
    case.positions.update(placed)
    assert {n: case.positions[n] for n in before} == before
    assert intersecting(case) == []
    ax, ay = before["33"]
    xs, ys = [x for x, _ in before.values()], [y for _, y in before.values()]
    diagonal = np.hypot(max(xs) - min(xs), max(ys) - min(ys))
    # (the club is packed so that all 34 labels are readable: twelve more boxes of the same
    # size take rings round the anchor out to about half the picture's diagonal)
    assert all(np.hypot(x - ax, y - ay) < 0.5 * diagonal for x, y in placed.values())


def test_new_entities_get_room_for_a_label_readable_at_the_fitted_zoom():
    case = people(nx.karate_club_graph())
    layout_case(case)
    new = [f"new{k}" for k in range(6)]
    for k, node in enumerate(new):
        case.add_entity(node, "phone", f"07700 900{k:03d}")
        case.add_link("33", node, "uses")
    font = readable_font(case)
    assert font == round(11 * LABEL_MARGIN / case.meta["layout"]["label_zoom"], 2)
    boxes = case_boxes(case, readable=new)
    index = boxes.index()
    assert all(boxes.font[index[n]] == font for n in new)
    assert boxes.font[index["0"]] == case_boxes(case).font[index["0"]]  # the rest unchanged
    case.positions.update(place_new(case.positions, boxes, "33", new))
    assert intersecting(case, readable=new) == []


def test_place_new_exact_spot():
    boxes = Boxes(["a", "x"], np.array([10.0, 10]), np.array([10.0, 10]), np.zeros(2),
                  np.array([20.0, 20]), np.zeros(2))
    # the nearest spot: the anchor's box and the new one, each grown by half the gap, touch
    assert place_new({"a": (0.0, 0.0)}, boxes, "a", ["x"]) == {"x": (-26.0, 0.0)}


def test_positions_from_a_file_are_kept_in_shape_without_overlaps():
    case = people(nx.path_graph(6))
    case.positions = {str(i): (float(i), 0.0) for i in range(6)}  # a Gephi line, tiny units
    complete_layout(case)
    xs = [case.positions[str(i)][0] for i in range(6)]
    assert xs == sorted(xs) and intersecting(case) == []
    assert case.meta[META_KEY]["name"] == "file"


def test_cluster_layout_gives_each_community_its_own_region():
    graph = nx.disjoint_union_all([nx.complete_graph(8) for _ in range(4)])
    graph.add_edges_from([(0, 8), (8, 16), (16, 24)])
    case = people(graph)
    layout_case(case)
    communities = {str(n): n // 8 for n in graph}
    pos = cluster_positions(case, communities)
    assert intersecting(case, pos) == []
    boxes = {}
    for c in range(4):
        xs = [pos[str(n)][0] for n in range(8 * c, 8 * c + 8)]
        ys = [pos[str(n)][1] for n in range(8 * c, 8 * c + 8)]
        boxes[c] = (min(xs), min(ys), max(xs), max(ys))
    for a in range(4):
        for b in range(a + 1, 4):
            A, B = boxes[a], boxes[b]
            assert A[2] < B[0] or B[2] < A[0] or A[3] < B[1] or B[3] < A[1], (a, b)
    assert pos == cluster_positions(case, communities)


def test_concentric_rings_leave_room_for_labels():
    case = people(nx.karate_club_graph())
    layout_case(case)
    order = importance_order(case.graph)
    pos = concentric_positions(case, order)
    assert pos[order[0]] == (0.0, 0.0) and intersecting(case, pos) == []


def test_positions_for_another_size_measure_move_as_little_as_needed():
    case = people(nx.karate_club_graph())
    layout_case(case)
    everyone_big = {n: 1.0 for n in case.graph}
    moved = positions_for(case, everyone_big)
    boxes = case_boxes(case, everyone_big)
    xy = np.array([moved[n] for n in boxes.nodes]) + np.c_[np.zeros(len(boxes.nodes)), boxes.dy]
    assert len(overlapping_pairs(xy, boxes.half_w, boxes.half_h)[0]) == 0
    assert positions_for(case, {n: 0.0 for n in case.graph}) == case.positions
