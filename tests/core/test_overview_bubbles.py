"""The cluster overview of a case laid out entity by entity: bubbles clear of each other,
labels that do not cross, an opened cluster drawn where its bubble was."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pandas as pd

from casegraph.elements import (
    BUBBLE_CHAR_PX,
    BUBBLE_LINE_PX,
    LABELLED_BUBBLE,
    SMALL_PANEL,
    overview_elements,
    overview_zoom,
)
from casegraph.model import Case
from components.stylesheet import overview_rules


def mingled_case(clusters: int = 30, size: int = 80, seed: int = 3):
    """Clusters whose members are spread over the same square (a ring without groups):
    every cluster's middle falls near the square's middle."""
    rng = random.Random(seed)
    case = Case(directed=False)
    communities, positions = {}, {}
    for c in range(clusters):
        for k in range(size - c):  # sizes differ, so bubbles differ
            node = f"p{c}-{k}"
            case.add_entity(node, "person", f"Person {c}-{k}")
            communities[node] = c
            positions[node] = (rng.uniform(0, 3000), rng.uniform(0, 3000))
    nodes = list(communities)
    for _ in range(len(nodes) * 2):
        case.add_link(rng.choice(nodes), rng.choice(nodes), "call")
    case.positions = positions
    degree = {n: float(case.graph.degree(n)) for n in nodes}
    analysis = SimpleNamespace(communities=communities,
                               centrality=pd.DataFrame({"degree": degree}))
    return case, analysis


def boxes_cross(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_bubbles_of_mingled_clusters_do_not_overlap():
    case, analysis = mingled_case()
    view = overview_elements(case, analysis, case.positions)
    bubbles = view["nodes"]
    assert len(bubbles) == 30
    for i, a in enumerate(bubbles):
        for b in bubbles[i + 1:]:
            ra, rb = a["data"]["px"] / 2, b["data"]["px"] / 2
            pa, pb = a["position"], b["position"]
            # as boxes, as layout.remove_overlaps separates them
            assert (abs(pa["x"] - pb["x"]) >= ra + rb - 1
                    or abs(pa["y"] - pb["y"]) >= ra + rb - 1), (a["data"]["cm"], b["data"]["cm"])


def test_labels_drawn_do_not_cross_at_the_zoom_the_overview_opens_with():
    case, analysis = mingled_case()
    bubbles = overview_elements(case, analysis, case.positions)["nodes"]
    zoom = overview_zoom(bubbles, *SMALL_PANEL)
    drawn = []
    for b in bubbles:
        data = b["data"]
        if data["n"] < LABELLED_BUBBLE or data.get("q"):
            continue
        x, y, r = b["position"]["x"], b["position"]["y"], data["px"] / 2
        half = len(data["label"]) * BUBBLE_CHAR_PX / zoom / 2
        drawn.append((x - half, y + r, x + half, y + r + BUBBLE_LINE_PX / zoom))
    assert len(drawn) >= 5  # the largest clusters are named
    assert any(b["data"].get("q") for b in bubbles)  # and not every one fits here
    for i, a in enumerate(drawn):
        assert not any(boxes_cross(a, b) for b in drawn[i + 1:])
    # the stylesheet draws them at 11 px or more on screen at that zoom
    font = overview_rules("community", zoom)[0]["style"]["font-size"]
    assert font * zoom >= 11
    assert any(r.get("selector") == "node.cg-cluster[q > 0]" for r in overview_rules("type"))


def test_an_opened_cluster_is_drawn_round_its_bubble_and_the_others_stay():
    case, analysis = mingled_case()
    closed = overview_elements(case, analysis, case.positions)["nodes"]
    where = {b["data"]["cm"]: (b["position"]["x"], b["position"]["y"]) for b in closed}
    view = overview_elements(case, analysis, case.positions, open_clusters={4})
    entities = [n for n in view["nodes"] if "cm" in n["data"] and "n" not in n["data"]]
    assert entities and all(n["data"]["cm"] == 4 for n in entities)
    mx = sum(n["position"]["x"] for n in entities) / len(entities)
    my = sum(n["position"]["y"] for n in entities) / len(entities)
    assert abs(mx - where[4][0]) < 1 and abs(my - where[4][1]) < 1
    others = {n["data"]["cm"]: (n["position"]["x"], n["position"]["y"])
              for n in view["nodes"] if "n" in n["data"]}
    assert others == {c: xy for c, xy in where.items() if c != 4}
