"""Large cases laid out cluster by cluster, when they are looked at.

A case above ``CLUSTERS_FIRST_ABOVE`` entities opens as its cluster overview, which draws
one bubble per cluster and no entity. Laying out every entity at import (minutes at 100k)
would make positions nobody sees yet, so such a case is stored without positions
(:func:`defer`, called by :func:`casegraph.layout.complete_layout`) and laid out in two
steps, each made once per revision, kept with the revision (the ``analyses`` table of the
store, beside the analysis whose clusters it follows) and so the same for every analyst:

1. :func:`regions` -- a square region per cluster, as large as its members' boxes need,
   placed where a force layout of the graph of clusters puts it, pushed apart until no two
   regions overlap (seconds at 100k: the overview's bubbles sit at their centres);
2. :func:`members` -- one cluster's entities, laid out by force inside its region when the
   cluster is opened (well under a second for a cluster of a few thousand).

"Show every entity" asks for :func:`all_positions`: every cluster laid out (and kept).

>>> import networkx as nx
>>> from casegraph.model import Case
>>> case = Case(graph=nx.MultiDiGraph([("a", "b")]))
>>> defer(case)
>>> is_deferred(case), case.positions
(True, {})
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import igraph as ig
import numpy as np

from casegraph import layout as L
from casegraph.analysis._igraph import seeded
from casegraph.idle_gc import paused

# Above this many entities a case is laid out cluster by cluster, when it is looked at
# (components.overview opens every case above 3,000 as the cluster overview).
CLUSTERS_FIRST_ABOVE = 10_000
NAME = "clusters-first"  # case.meta["layout"]["name"] of a deferred layout
REGIONS_VIEW = "layout:regions"  # store key (analyses.view) of the regions of a revision


def is_deferred(case: Any) -> bool:
    """True when ``case`` is laid out cluster by cluster (:func:`defer`)."""
    return (case.meta.get(L.META_KEY) or {}).get("name") == NAME


def defer(case: Any) -> None:
    """Store ``case`` without positions, to be laid out cluster by cluster when it is opened.

    Only the top hubs of a case this large are labelled (``layout.LABELLED_UP_TO``); their
    labels are sized for a zoom of 1 and appear as one zooms in on them.
    """
    case.positions = {}
    case.meta[L.META_KEY] = {"units": "px", "label_zoom": 1.0, "at_fit": L.HUB_LABELS,
                             "name": NAME}


def should_defer(case: Any) -> bool:
    """A case without any positions and above ``CLUSTERS_FIRST_ABOVE`` entities."""
    return case.graph.number_of_nodes() > CLUSTERS_FIRST_ABOVE and not case.positions


# -- the pieces, on a case and its clusters ----------------------------------------------------
def case_boxes(case: Any, degree: Mapping[Any, float]) -> L.Boxes:
    """Boxes of every entity (sizes by ``degree``, the number of contacts the analysis
    counted; the top hubs labelled and ringed), without projecting the case again."""
    from casegraph.elements import unit_sizes

    graph = case.graph
    order = sorted(graph, key=lambda n: (-float(degree.get(n, 0)), str(n)))
    info = case.meta.get(L.META_KEY) or {}
    fonts = L.label_fonts(graph, float(info.get("label_zoom") or 1.0),
                          int(info.get("at_fit") or L.HUB_LABELS), order)
    units = unit_sizes({n: float(degree.get(n, 0)) for n in graph})
    return L.node_boxes(graph, fonts, units, order[:L.HUB_LABELS])


def regions(case: Any, communities: Mapping[Any, int], boxes: L.Boxes, seed: int = 0
            ) -> dict[int, tuple[float, float, float]]:
    """``{cluster: (x, y, half side)}``: a square per cluster (``-1``: entities in none),
    sized for its members' boxes as the full layout packs them, none overlapping.

    >>> import networkx as nx
    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("c", "d"), ("b", "c")]))
    >>> boxes = case_boxes(case, {"a": 1, "b": 2, "c": 2, "d": 1})
    >>> r = regions(case, {"a": 0, "b": 0, "c": 1, "d": 1}, boxes)
    >>> sorted(r), abs(r[0][0] - r[1][0]) >= r[0][2] + r[1][2] or \\
    ...     abs(r[0][1] - r[1][1]) >= r[0][2] + r[1][2]
    ([0, 1], True)
    """
    from casegraph.elements import NODE_SPACING

    label = {n: int(communities.get(n, -1)) for n in case.graph}
    clusters = sorted(set(label.values()), key=lambda c: (c < 0, c))
    number = {c: k for k, c in enumerate(clusters)}
    rows = np.array([number[label[n]] for n in boxes.nodes], dtype=np.int64)
    need = np.bincount(rows, weights=4 * (boxes.half_w + L.GAP / 2)
                       * (boxes.half_h + L.GAP / 2), minlength=len(clusters))
    sizes = np.bincount(rows, minlength=len(clusters))
    # as _fit_group scales a group: boxes cover DENSITY of it (half that for large groups);
    # never smaller than the overview's bubble (elements.overview_elements "px")
    density = np.where(sizes <= L.LABELLED_UP_TO, L.DENSITY, L.DENSITY / 2)
    half = np.maximum(np.sqrt(need / density) / 2,
                      np.maximum(30.0, NODE_SPACING * 1.3 * np.sqrt(sizes)) / 2) + L.GROUP_GAP / 2
    weights = _links_between(case.graph, {n: number[c] for n, c in label.items()})
    k = len(clusters)
    if k > 2:
        quotient = ig.Graph(n=k, edges=list(weights))
        quotient.es["weight"] = [1.0 + math.log1p(w) for w in weights.values()]
        start = np.random.default_rng(seed).uniform(-0.5, 0.5, (k, 2)) * math.sqrt(k)
        with seeded(seed):
            xy = np.asarray(quotient.layout_fruchterman_reingold(
                weights="weight" if weights else None, seed=start.tolist(),
                niter=500).coords, dtype=float)
    else:
        xy = np.array([[0.0, 0.0], [1.0, 0.0]])[:k]
    # spread to about the room the regions take, then push apart until none overlap
    if k > 1:
        span = float(max(np.ptp(xy, axis=0).max(), 1e-9))
        xy = (xy - xy.mean(axis=0)) * (math.sqrt(float((4 * half ** 2).sum())) / span)
    xy = L.remove_overlaps(xy, half, half) if k > 1 else xy
    return {int(c): (round(float(x), 1), round(float(y), 1), round(float(h), 1))
            for c, (x, y), h in zip(clusters, xy, half, strict=True)}


def _links_between(graph: Any, group: Mapping[Any, int]) -> dict[tuple[int, int], float]:
    """``{(a, b): links}`` between groups ``a < b`` (parallel links counted), in the order
    the graph's links first join them; one step per linked pair, not per link."""
    weights: dict[tuple[int, int], float] = defaultdict(float)
    if not graph.is_directed():
        for u, v in graph.edges():
            a, b = group[u], group[v]
            if a != b:
                weights[(min(a, b), max(a, b))] += 1.0
        return weights
    multi = graph.is_multigraph()
    for u, nbrs in graph._succ.items():  # direct access: 300,000 pairs at 100k
        a = group[u]
        for v, keys in nbrs.items():
            b = group[v]
            if a != b:
                weights[(a, b) if a < b else (b, a)] += float(len(keys)) if multi else 1.0
    return weights


def members(case: Any, communities: Mapping[Any, int], cluster: int, boxes: L.Boxes,
            region: tuple[float, float, float], seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions of one cluster's entities, laid out by force (links within the cluster,
    parallel links summed) with no boxes intersecting, centred on its region.

    >>> import networkx as nx
    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")]))
    >>> boxes = case_boxes(case, {"a": 1, "b": 2, "c": 2, "d": 1})
    >>> pos = members(case, {"a": 0, "b": 0, "c": 0, "d": 1}, 0, boxes, (100.0, 50.0, 80.0))
    >>> xs = [x for x, _ in pos.values()]
    >>> sorted(pos), round((min(xs) + max(xs)) / 2)
    (['a', 'b', 'c'], 100)
    """
    graph = case.graph
    inside = [n for n in graph if int(communities.get(n, -1)) == cluster]
    if not inside:
        return {}
    number = {n: i for i, n in enumerate(inside)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for n in inside:
        a = number[n]
        for m, links in graph.succ[n].items():
            b = number.get(m)
            if b is not None and a != b:
                weights[(min(a, b), max(a, b))] += float(len(links))
    g = ig.Graph(n=len(inside), edges=list(weights))
    g.es["weight"] = list(weights.values())
    index = boxes.index()
    part = boxes.subset([index[n] for n in inside])
    xy = L._fr(g, seed, L.PANEL[0] / L.PANEL[1])
    centres = L._fit_group(xy, part)
    centres -= (centres.min(axis=0) + centres.max(axis=0)) / 2
    out = centres + np.array(region[:2]) - np.c_[np.zeros(len(inside)), part.dy]
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(inside, out, strict=True)}


# -- made once per revision, kept with it --------------------------------------------------------
def _kept(ws: Any, case_id: str, rev: int, view: str, make, pack, unpack) -> Any:
    """``make()`` once per revision: cached in the workspace, kept in the store."""
    def load_or_make():
        try:
            data = ws.store.load_analysis(case_id, rev, view)
            if data is not None:
                return unpack(data)
        except Exception:  # unreadable: make it again
            pass
        value = make()
        try:
            ws.store.save_analysis(case_id, rev, view, pack(value))
        except Exception:  # keeping it saves time later; failing loses nothing
            pass
        return value

    return ws.derived(case_id, rev, ("large-layout", view), load_or_make)


def _boxes_of(ws: Any, case_id: str, rev: int) -> L.Boxes:
    def make():
        degree = ws.analysis(case_id, rev).centrality["degree"].to_dict()
        return case_boxes(ws.case(case_id, rev), degree)
    return ws.derived(case_id, rev, ("large-layout", "boxes"), make)


def kept_regions(ws: Any, case_id: str, rev: int) -> dict[int, tuple[float, float, float]]:
    """:func:`regions` of a revision, following its analysis' clusters (made once, kept)."""
    def make():
        # the collector paused: a full collection walks the case's million objects (about
        # 2 s at 100k), and the boxes and regions make many short-lived ones, no cycles
        with paused():
            return regions(ws.case(case_id, rev), ws.analysis(case_id, rev).communities,
                           _boxes_of(ws, case_id, rev))
    return _kept(ws, case_id, rev, REGIONS_VIEW, make,
                 lambda r: {"clusters": [[c, *v] for c, v in r.items()]},
                 lambda d: {int(c): (x, y, h) for c, x, y, h in d["clusters"]})


def kept_members(ws: Any, case_id: str, rev: int, cluster: int
                 ) -> dict[Any, tuple[float, float]]:
    """:func:`members` of one cluster of a revision (made once, kept)."""
    def make():
        region = kept_regions(ws, case_id, rev).get(int(cluster))
        if region is None:
            return {}
        return members(ws.case(case_id, rev), ws.analysis(case_id, rev).communities,
                       int(cluster), _boxes_of(ws, case_id, rev), region)
    return _kept(ws, case_id, rev, f"layout:c{int(cluster)}", make,
                 lambda p: {"nodes": list(p), "xy": [list(v) for v in p.values()]},
                 lambda d: {n: (x, y) for n, (x, y) in zip(d["nodes"], d["xy"], strict=True)})


def overview_positions(ws: Any, case_id: str, rev: int, opened: Iterable[int]
                       ) -> tuple[dict[Any, tuple[float, float]], dict[int, tuple[float, float]]]:
    """``(positions of the opened clusters' entities, centre of every cluster)`` for the
    overview of a deferred case."""
    placed: dict[Any, tuple[float, float]] = {}
    for cluster in opened:
        placed.update(kept_members(ws, case_id, rev, cluster))
    centres = {c: (x, y) for c, (x, y, _) in kept_regions(ws, case_id, rev).items()}
    return placed, centres


def all_positions(ws: Any, case_id: str, rev: int) -> dict[Any, tuple[float, float]]:
    """Every entity's position (every cluster laid out; slow on the largest cases)."""
    placed: dict[Any, tuple[float, float]] = {}
    for cluster in kept_regions(ws, case_id, rev):
        placed.update(kept_members(ws, case_id, rev, cluster))
    return placed


__all__ = ["CLUSTERS_FIRST_ABOVE", "all_positions", "case_boxes", "defer", "is_deferred",
           "kept_members", "kept_regions", "members", "overview_positions", "regions",
           "should_defer"]
