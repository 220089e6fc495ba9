"""casegraph.largelayout: a large case placed by cluster, its clusters' entities when opened."""

import networkx as nx
import numpy as np
import pytest

from casegraph import largelayout
from casegraph.elements import overview_elements
from casegraph.layout import overlapping_pairs
from casegraph.model import Case
from casegraph.workspace import Workspace


def caves(groups: int = 6, size: int = 12) -> Case:
    """``groups`` rings of ``size`` close contacts, each ring tied to the next by one call."""
    graph = nx.connected_caveman_graph(groups, size)
    case = Case(name="Caves")
    for node in graph:
        case.add_entity(f"p{node}", "person", f"Person {node}")
    for u, v in graph.edges():
        case.add_link(f"p{u}", f"p{v}", "call")
    return case


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(largelayout, "CLUSTERS_FIRST_ABOVE", 50)


def no_overlaps(positions, boxes) -> bool:
    index = boxes.index()
    rows = [index[n] for n in positions]
    xy = np.array([positions[n] for n in positions]) + np.c_[np.zeros(len(rows)),
                                                             boxes.dy[rows]]
    return not len(overlapping_pairs(xy, boxes.half_w[rows], boxes.half_h[rows])[0])


def test_regions_do_not_overlap_and_hold_their_members():
    case = caves()
    communities = {f"p{n}": n // 12 for n in range(72)}
    degree = {n: len(set(nx.all_neighbors(case.graph, n))) for n in case.graph}
    boxes = largelayout.case_boxes(case, degree)
    regions = largelayout.regions(case, communities, boxes)
    assert sorted(regions) == list(range(6))
    items = list(regions.values())
    for i, (x1, y1, h1) in enumerate(items):
        for x2, y2, h2 in items[i + 1:]:
            assert abs(x1 - x2) >= h1 + h2 - 1e-6 or abs(y1 - y2) >= h1 + h2 - 1e-6
    placed = {}
    for cluster, region in regions.items():
        inside = largelayout.members(case, communities, cluster, boxes, region)
        assert sorted(inside) == sorted(n for n, c in communities.items() if c == cluster)
        xs = [p[0] for p in inside.values()]
        ys = [p[1] for p in inside.values()]
        assert (min(xs) + max(xs)) / 2 == pytest.approx(region[0], abs=0.2)
        assert (min(ys) + max(ys)) / 2 == pytest.approx(region[1], abs=50)
        assert no_overlaps(inside, boxes)
        placed.update(inside)
    # members of different clusters do not overlap either: each stays in its region
    assert no_overlaps(placed, boxes)
    assert largelayout.members(case, communities, 2, boxes, regions[2]) == \
        largelayout.members(case, communities, 2, boxes, regions[2])


def test_a_large_case_is_stored_without_positions_and_placed_when_opened(tmp_path,
                                                                          small_threshold):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(caves())
    case = ws.case(case_id, rev)
    assert largelayout.is_deferred(case) and case.positions == {}
    clusters = ws.analysis(case_id, rev).communities
    positions, centres = ws.overview_positions(case_id, rev)
    assert positions == {} and set(centres) == set(clusters.values())
    opened = clusters["p0"]
    positions, again = ws.overview_positions(case_id, rev, [opened])
    assert again == centres
    assert set(positions) == {n for n, c in clusters.items() if c == opened}
    view = overview_elements(case, ws.analysis(case_id, rev), positions, {opened},
                             centres=centres)
    bubbles = [e for e in view["nodes"] if "n" in e["data"]]
    assert {(e["data"]["cm"], e["position"]["x"], e["position"]["y"]) for e in bubbles} == \
        {(c, round(x), round(y)) for c, (x, y) in centres.items() if c != opened}
    drawn = {e["data"]["id"]: e["position"] for e in view["nodes"] if "n" not in e["data"]}
    assert drawn == {n: {"x": x, "y": y} for n, (x, y) in positions.items()}
    # kept with the revision: a restarted server reads the same places from the store
    restarted = Workspace(tmp_path, samples=False)
    assert ws.store.load_analysis(case_id, rev, largelayout.REGIONS_VIEW) is not None
    assert restarted.overview_positions(case_id, rev, [opened]) == (positions, centres)
    # every entity, on request, with the opened cluster where it was
    every = restarted.positions(case_id, rev)
    assert set(every) == set(case.graph) and all(every[n] == positions[n] for n in positions)


def test_a_change_to_a_deferred_case_places_nothing(tmp_path, small_threshold):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(caves())
    changed = ws.case(case_id, rev).copy()
    changed.add_entity("new", "person", "Newcomer")
    changed.add_link("p0", "new", "call")
    rev2 = ws.save_revision(case_id, changed, note="one more")
    later = ws.case(case_id, rev2)
    assert largelayout.is_deferred(later) and later.positions == {}
    assert "new" in ws.positions(case_id, rev2)


def test_small_cases_keep_the_full_layout_at_import(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(caves())
    case = ws.case(case_id, rev)
    assert not largelayout.is_deferred(case) and set(case.positions) == set(case.graph)
    # drawn as an overview, its clusters sit in regions that do not overlap and an opened
    # cluster is laid out inside its own (its members, stored mingled with the others'
    # in a ring without groups, would cover the other bubbles)
    positions, centres = ws.overview_positions(case_id, rev, [0])
    regions = largelayout.kept_regions(ws, case_id, rev)
    assert centres == {c: (x, y) for c, (x, y, _) in regions.items()}
    members = [n for n, c in ws.analysis(case_id, rev).communities.items() if c == 0]
    assert set(positions) == set(members)
    x, y, half = regions[0]
    assert all(abs(px - x) <= half and abs(py - y) <= half for px, py in positions.values())


def test_positions_that_came_with_the_file_are_kept_in_the_overview(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case = caves()
    case.positions = {n: (float(i % 9), float(i // 9)) for i, n in enumerate(case.graph)}
    case_id, rev = ws.import_case(case)
    stored = ws.case(case_id, rev)
    positions, centres = ws.overview_positions(case_id, rev, [0])
    assert centres is None and positions == stored.positions


@pytest.mark.parametrize("directed", [True, False])
def test_overview_links_with_clusters_opened_count_every_link_once(directed):
    from collections import Counter
    from types import SimpleNamespace

    import pandas as pd

    from casegraph.elements import overview_parts

    case = caves(4, 6)
    case.directed = directed
    if not directed:
        case.graph = nx.MultiGraph(case.graph)
    case.graph.add_edge("p0", "p7")  # a second link between clusters 0 and 1, a loop
    case.graph.add_edge("p3", "p3")
    communities = {n: int(n[1:]) // 6 for n in case.graph}
    analysis = SimpleNamespace(communities=communities, centrality=pd.DataFrame(
        {"degree": [1.0] * len(communities)}, index=list(communities)))
    parts = overview_parts(case, analysis)
    for opened in (set(), {0}, {1, 2}):
        view = overview_elements(case, analysis, open_clusters=opened, parts=parts)
        assert view == overview_elements(case, analysis, open_clusters=opened)
        got = Counter({tuple(sorted((e["data"]["source"], e["data"]["target"]))):
                       e["data"]["n"] for e in view["edges"]})

        def end(n, opened=opened):
            return n if communities[n] in opened else f"{parts.prefix}c{communities[n]}"

        expected = Counter(tuple(sorted((end(u), end(v)))) for u, v in case.graph.edges()
                           if end(u) != end(v))
        assert got == expected
        drawn = {e["data"]["id"] for e in view["nodes"]}
        assert drawn == ({f"{parts.prefix}c{c}" for c in range(4) if c not in opened}
                         | {n for n, c in communities.items() if c in opened})


def test_overview_keeps_the_strongest_links_between_clusters_and_counts_the_rest(monkeypatch):
    from types import SimpleNamespace

    import pandas as pd

    from casegraph import elements

    case = caves(5, 4)  # five rings, each tied to the next by one call
    case.add_link("p0", "p4", "call")  # rings 0 and 1: three calls in all
    case.add_link("p1", "p5", "call")
    case.add_link("p4", "p8", "call")  # rings 1 and 2: two
    communities = {n: int(n[1:]) // 4 for n in case.graph}
    analysis = SimpleNamespace(communities=communities, centrality=pd.DataFrame(
        {"degree": [1.0] * len(communities)}, index=list(communities)))
    everything = overview_elements(case, analysis)
    assert everything["left_out"] == 0 and len(everything["edges"]) == 5
    monkeypatch.setattr(elements, "MAX_CLUSTER_LINKS", 2)
    view = overview_elements(case, analysis)
    assert view["left_out"] == 3
    assert sorted(e["data"]["n"] for e in view["edges"]) == [2, 3]
    # an opened cluster's entities keep their links to the other clusters (3 to ring 0,
    # 2 to ring 2: under DRILL_LINKS_PER_CLUSTER each), whatever the cap between bubbles
    opened = overview_elements(case, analysis, open_clusters={1})
    out = [e for e in opened["edges"]
           if e["data"]["source"].startswith("~c") != e["data"]["target"].startswith("~c")]
    assert sum(e["data"]["n"] for e in out) == 5 and opened["drill_left_out"] == 0


def test_an_opened_cluster_draws_the_strongest_links_of_its_entities_to_each_cluster():
    from types import SimpleNamespace

    import pandas as pd

    from casegraph.elements import DRILL_LINKS_PER_CLUSTER, overview_parts

    assert DRILL_LINKS_PER_CLUSTER == 3
    # cluster 0: a ring of five (a0..a4); cluster 1: b0, b1; cluster 2: c0
    case = Case(name="Drill")
    for n in ["a0", "a1", "a2", "a3", "a4", "b0", "b1", "c0"]:
        case.add_entity(n, "person", n.upper())
    for i in range(5):
        case.add_link(f"a{i}", f"a{(i + 1) % 5}", "call")
    calls = {"a0": 1, "a1": 3, "a2": 1, "a3": 2, "a4": 1}  # calls of each a to cluster 1
    for a, count in calls.items():
        for _ in range(count):
            case.add_link(a, "b0", "call")
    case.add_link("b0", "b1", "call")
    case.add_link("a0", "c0", "call")
    case.add_link("b1", "c0", "call")
    communities = {n: {"a": 0, "b": 1, "c": 2}[n[0]] for n in case.graph}
    # a2 is the best connected of the three entities with one call to cluster 1
    degree = {n: 1.0 for n in communities} | {"a2": 5.0}
    analysis = SimpleNamespace(communities=communities, centrality=pd.DataFrame(
        {"degree": list(degree.values())}, index=list(degree)))
    parts = overview_parts(case, analysis)
    closed = overview_elements(case, analysis, parts=parts)
    view = overview_elements(case, analysis, open_clusters={0}, parts=parts)

    pairs = {tuple(sorted((e["data"]["source"], e["data"]["target"]))): e["data"]
             for e in view["edges"]}
    to_b = sorted((a, d["n"]) for (a, b), d in pairs.items() if b == "~c1" and a[0] == "a")
    assert to_b == [("a1", 3), ("a2", 1), ("a3", 2)]  # 3 and 2 calls, then the hub of the 1s
    assert view["drill_left_out"] == 2  # a0 and a4, one call each
    assert ("a0", "~c2") in pairs  # the only link to cluster 2
    assert sum(1 for a, b in pairs if a[0] == b[0] == "a") == 5  # the ring, all of it
    # the same ids and data for what both draw: the canvas lays the difference on
    before = {e["data"]["id"]: e["data"] for e in closed["edges"] + closed["nodes"]}
    after = {e["data"]["id"]: e["data"] for e in view["edges"] + view["nodes"]}
    assert after[f"{parts.prefix}c1"] == before[f"{parts.prefix}c1"]
    link = pairs[("~c1", "~c2")]["id"]
    assert after[link] == before[link]
    assert f"{parts.prefix}c0" in before and f"{parts.prefix}c0" not in after
