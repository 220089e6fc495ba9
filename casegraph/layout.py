"""Server-side node positions in the diagram's own pixels, with room for every label.

Client-side force layouts stall beyond a few thousand nodes, so positions are computed here
and stored with the case. A layout is not done until no two *boxes* intersect: a node's
box is its drawn square (size, border, a hub's halo) together with its label below it, as
wide as the label will be drawn (:func:`casegraph.theme.label_width`). The pipeline:

1. igraph's Fruchterman-Reingold lays out each group of nodes (a connected component; in
   :func:`cluster_positions` a community) on its own, stretched towards the panel's shape;
2. each group is scaled to its boxes and :func:`remove_overlaps` pushes boxes apart; a group
   of up to ``READABLE_UP_TO`` entities whose boxes are made wide by long labels is put
   :func:`in_rows` (in the force layout's order) when that shows it much larger;
3. the groups are arranged without overlapping one another: components in rows, largest
   first; communities round the layout of the graph of communities.

Labels have a level of detail. The ``at_fit`` most important entities (by number of
contacts) have labels of at least ``label_px`` (11 px) on screen when the whole case is
fitted into the reference panel (``PANEL``, the diagram at 1280x800). Up to
``READABLE_UP_TO`` (300) entities, ``at_fit`` is at least what :func:`labels_wanted` (the
rule the tests hold layouts to) asks for: every entity whose label has room, most connected
first. The next ones have smaller labels in the diagram's coordinates, so that each appears
(the stylesheet draws a label only once it is readable on screen) as one zooms in: a label
of rank ``r`` past ``at_fit`` appears at ``(r / at_fit) ** LABEL_DECAY`` times the fitted
zoom, and all labels together take a bounded room whatever the size of the case; no label
is made so small that it stays under ``label_px`` at the canvas' largest zoom
(``MAX_VIEW_ZOOM``, :func:`model_fonts`), so every label is readable once one zooms in far
enough. The five top hubs have 13 px labels. Because a label's size depends on the zoom
that fits the picture, and that zoom on the room the labels take, :func:`layout_case`
iterates to the fixed point, and keeps with the case (``case.meta["layout"]``) the zoom its
label sizes were made for, so that the screen, the pictures and later placements
(:func:`place_new`) use the same sizes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from casegraph.analysis._igraph import seeded, to_igraph
from casegraph.analysis.project import project
from casegraph.theme import label_width, node_diameter
from casegraph.theme import sizes as theme_sizes

PANEL = (546.0, 503.0)  # the diagram canvas at 1280x800 (CSS px, the legend beside it): "fitted"
FIT_PADDING = 40.0      # cytoscape's fit padding (components/diagram.py FIT)
MAX_FIT_ZOOM = 1.3      # a small case is spread out rather than blown up to fill the panel
MAX_VIEW_ZOOM = 6.0     # the canvas' largest zoom (components/diagram.py maxZoom; see model_fonts)
MIN_VIEW_ZOOM = 0.004   # the smallest: a 100k overview of cluster regions fits at about 0.02
GAP = 6.0               # between boxes: room for tag outlines and rings (3 px a side)
GROUP_GAP = 30.0        # between packed components or communities
HUB_LABELS = 5          # top entities whose labels are hub-sized (components.controls.DEFAULT_TOPK)
LABELLED_UP_TO = 2000   # above this (components.stylesheet.LARGE_CASE) only hubs are labelled
DENSITY = 0.45          # share of a group's area its boxes cover before overlaps are removed
LABEL_DECAY = 1.0       # past at_fit, label sizes fall as rank ** -LABEL_DECAY
LABEL_MARGIN = 1.04     # labels at fit are made this much above label_px (see label_screen_px)
LINE_HEIGHT = 1.25      # label box height / font size
DENSITY_REACHED = 0.25  # share of the picture boxes cover after overlap removal (a first guess)
READABLE_UP_TO = 300    # up to this many entities, labels_wanted() labels are readable at fit
FLOOR_LARGE = 0.8       # above it, labels may not shrink nodes below this share of their size
                        # alone (level of detail: hub labels reach full size as one zooms in)
RULE_DENSITY = 0.3      # share of the panel the boxes may cover in labels_wanted's estimate
NODE_ZOOM_FLOOR = 0.2   # labels_wanted counts labels that fit without zooming out past this
ROW_MARGIN = 1.12       # in rows, boxes are kept this much wider than their estimate
ROWS_GAIN = 1.3         # rows replace a force layout whose picture they make this much larger
META_KEY = "layout"     # case.meta[META_KEY]: {"units": "px", "label_zoom", "at_fit", "name"}


@dataclass(frozen=True)
class Boxes:
    """The boxes a layout keeps apart, one per node (model px).

    ``half_w``, ``half_h``: half the box; ``dy``: box centre minus node position (the label
    hangs below the node, so the box centre is lower); ``diameter``: the drawn node;
    ``font``: the label's font size (0 = no label).
    """

    nodes: list
    half_w: np.ndarray
    half_h: np.ndarray
    dy: np.ndarray
    diameter: np.ndarray
    font: np.ndarray

    def index(self) -> dict[Any, int]:
        return {n: i for i, n in enumerate(self.nodes)}

    def subset(self, rows: Sequence[int]) -> Boxes:
        rows = np.asarray(rows, dtype=int)
        return Boxes([self.nodes[i] for i in rows], self.half_w[rows], self.half_h[rows],
                     self.dy[rows], self.diameter[rows], self.font[rows])


# -- sizes ------------------------------------------------------------------------------------
def importance_order(graph: nx.Graph) -> list:
    """Nodes by number of distinct neighbours, most first (ties by id): the order of labels."""
    U = project(graph)
    return sorted(U, key=lambda n: (-U.degree(n), str(n)))


def degree_units(graph: nx.Graph) -> dict[Any, float]:
    """0..1 node sizes by number of contacts, as the diagram sizes them by default
    (``casegraph.elements.unit_sizes`` of the degree)."""
    from casegraph.elements import unit_sizes

    U = project(graph)
    return unit_sizes({n: float(d) for n, d in U.degree()})


def labels_at_fit(n: int, panel: tuple[float, float] = PANEL) -> int:
    """How many labels a first try shows at full size in a fitted picture of ``n`` entities
    (about one per 9,000 square pixels of panel); :func:`layout_case` lowers it if the labels
    do not fit."""
    area = (panel[0] - 2 * FIT_PADDING) * (panel[1] - 2 * FIT_PADDING)
    return max(min(n, HUB_LABELS), min(n, int(area / 9000)))


def screen_px(rank: np.ndarray, at_fit: int, n: int) -> np.ndarray:
    """:func:`label_screen_px` of an array of ranks."""
    s = theme_sizes()
    rank = np.asarray(rank)
    full = float(s["label_px"]) * LABEL_MARGIN
    out = np.where(rank < at_fit, full,
                   full * (max(at_fit, 1) / np.maximum(rank, 1)) ** LABEL_DECAY)
    if n > LABELLED_UP_TO:
        out = np.zeros(rank.shape)
    return np.where(rank < HUB_LABELS, float(s["hub_label_px"]), out)


def label_screen_px(rank: int, at_fit: int, n: int) -> float:
    """On-screen font size at the fitted zoom of the label of the ``rank``-th entity (0 = the
    most important); 0 = not labelled (large cases label only their hubs). The ``at_fit``
    first have full size (``label_px`` and a small margin, so that a picture fitting within
    ``1 / LABEL_MARGIN`` of the zoom it was made for still shows them at ``label_px``)."""
    return float(screen_px(np.array([rank]), at_fit, n)[0])


def model_fonts(screen: np.ndarray, zoom: float) -> np.ndarray:
    """Label font sizes in model px (``fs``) of labels ``screen`` px on screen at ``zoom``
    (0 = no label), each labelled one at least ``label_px`` (and the margin of
    :func:`label_screen_px`) at the canvas' largest zoom (``MAX_VIEW_ZOOM``): the zoom
    handler of the page draws a label only once it is readable, so a smaller one would never
    be drawn. The one rule for the fonts the layout makes room for and the fonts drawn.
    (The floor makes the tail's boxes larger; with a largest zoom of 4 the 298 entities of
    the Grumbleford sample fitted at about 0.12 instead of 0.21, at 6 at the same zoom as
    without a floor: see bench/RESULTS.md, "Labels at fit".)

    >>> model_fonts(np.array([13.0, 0.5, 0.0]), 0.5).tolist()
    [26.0, 1.91, 0.0]
    """
    screen = np.asarray(screen, dtype=float)
    # (rounded up to the hundredth, as fonts are kept: never under the floor)
    floor = math.ceil(float(theme_sizes()["label_px"]) * LABEL_MARGIN / MAX_VIEW_ZOOM * 100) / 100
    return np.where(screen > 0, np.maximum(np.round(screen / zoom, 2), floor), 0.0)


def label_fonts(graph: nx.Graph, label_zoom: float, at_fit: int,
                order: Sequence | None = None) -> dict[Any, float]:
    """Label font size of every node in model px (0 = no label; :func:`model_fonts`).

    >>> fonts = label_fonts(nx.star_graph(3), 0.5, 1)
    >>> fonts[0], fonts[1]
    (26.0, 26.0)
    """
    order = importance_order(graph) if order is None else order
    n = len(order)
    fonts = model_fonts(screen_px(np.arange(n), at_fit, n), label_zoom)
    return {node: float(f) for node, f in zip(order, fonts, strict=True)}


def node_boxes(graph: nx.Graph, fonts: Mapping[Any, float],
               units: Mapping[Any, float] | None = None, hubs: Iterable = (),
               labels: Mapping[Any, str] | None = None) -> Boxes:
    """The boxes of ``graph``'s nodes: drawn size (``units``: 0..1 sizes, default by degree),
    border (a hub's ring and halo for ``hubs``) and the label below at its font size."""
    nodes = list(graph)
    font = np.array([float(fonts.get(node, 0.0)) for node in nodes])
    diam, ring, unit_width = _node_parts(graph, units, hubs, labels, labelled=font > 0)
    return _boxes(nodes, diam, ring, font, unit_width)


def _node_parts(graph: nx.Graph, units: Mapping[Any, float] | None, hubs: Iterable,
                labels: Mapping[Any, str] | None = None, labelled: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per node, in graph order: drawn diameter, ring width, label width at a 1 px font
    (measured only where ``labelled`` says so, else 0: a large case labels its hubs alone,
    and measuring 100,000 labels cost seconds)."""
    from casegraph.elements import short_label

    s = theme_sizes()
    units = degree_units(graph) if units is None else units
    hubs = set(hubs)
    nodes = list(graph)
    diam = np.array([node_diameter(units.get(node, 0.0)) for node in nodes])
    ring = np.array([(s["hub_border"] + s["hub_halo"]) if node in hubs else s["border"]
                     for node in nodes], dtype=float)
    def width(node: Any) -> float:
        text = labels[node] if labels is not None else short_label(
            graph.nodes[node].get("label", node))
        return label_width(text, 1.0)

    if labelled is None:
        return diam, ring, np.array([width(node) for node in nodes], dtype=float)
    unit_width = np.zeros(len(nodes))
    for i in np.flatnonzero(labelled).tolist():
        unit_width[i] = width(nodes[i])
    return diam, ring, unit_width


def _boxes(nodes: list, diam: np.ndarray, ring: np.ndarray, font: np.ndarray,
           unit_width: np.ndarray) -> Boxes:
    """Boxes from their parts (vectorised; the rule :func:`node_boxes` describes)."""
    s = theme_sizes()
    half = diam / 2 + ring
    labelled = font > 0
    pad = s["label_outline"] + 0.15 * font  # outline, and a margin on the estimate
    width = unit_width * font + 2 * pad
    height = font * LINE_HEIGHT + 2 * s["label_outline"]
    below = diam / 2 + s["border"] + s["label_gap"] + height  # label's bottom under centre
    half_w = np.where(labelled, np.maximum(half, width / 2), half)
    half_h = np.where(labelled, (half + below) / 2, half)
    dy = np.where(labelled, (below - half) / 2, 0.0)
    return Boxes(nodes, half_w, half_h, dy, diam, font)


def readable_font(case: Any) -> float:
    """Font size (model px) of a label that is ``label_px`` (and the margin of
    :func:`label_screen_px`) on screen at the fitted zoom the
    case's stored layout made its label sizes for: what entities just found get, so that
    they are labelled at once (:func:`case_boxes` ``readable``).

    >>> from casegraph.model import Case
    >>> readable_font(Case(meta={META_KEY: {"label_zoom": 0.5}}))
    22.88
    """
    info = case.meta.get(META_KEY) or {}
    return round(float(theme_sizes()["label_px"]) * LABEL_MARGIN
                 / float(info.get("label_zoom") or 1.0), 2)


def case_boxes(case: Any, units: Mapping[Any, float] | None = None,
               hubs: Iterable | None = None, readable: Iterable = ()) -> Boxes:
    """The boxes of a case as the diagram draws it by default: sizes by degree, the label
    sizes made for its stored layout (``case.meta["layout"]``), the top hubs ringed; the
    nodes in ``readable`` with labels readable at the fitted zoom (:func:`readable_font`)."""
    graph = case.graph
    order = importance_order(graph)
    info = case.meta.get(META_KEY) or {}
    zoom = float(info.get("label_zoom") or 1.0)
    at_fit = int(info.get("at_fit") or labels_at_fit(len(order)))
    fonts = label_fonts(graph, zoom, at_fit, order)
    font = readable_font(case)
    for node in readable:
        if node in fonts:
            fonts[node] = max(fonts[node], font)
    return node_boxes(graph, fonts, units, order[:HUB_LABELS] if hubs is None else hubs)


# -- overlap removal --------------------------------------------------------------------------
def overlapping_pairs(centres: np.ndarray, half_w: np.ndarray,
                      half_h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)`` of boxes that intersect (sweep along x, then a test on y).

    >>> i, j = overlapping_pairs(np.array([[0.0, 0], [1, 0], [5, 0]]), np.ones(3), np.ones(3))
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    """
    n = len(centres)
    if n < 2:
        return np.zeros(0, int), np.zeros(0, int)
    left = centres[:, 0] - half_w
    order = np.argsort(left, kind="stable")
    lefts = left[order]
    rights = (centres[:, 0] + half_w)[order]
    ends = np.searchsorted(lefts, rights, side="left")  # boxes starting before i ends
    counts = np.maximum(ends - np.arange(n) - 1, 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, int), np.zeros(0, int)
    first = np.repeat(np.arange(n), counts)
    step = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = order[first], order[first + 1 + step]
    keep = np.abs(centres[i, 1] - centres[j, 1]) < half_h[i] + half_h[j]
    return i[keep], j[keep]


def remove_overlaps(centres: np.ndarray, half_w: np.ndarray, half_h: np.ndarray,
                    gap: float = GAP, rounds: int = 300) -> np.ndarray:
    """Box centres moved so that no two boxes (grown by ``gap / 2``) intersect.

    Each round pushes every intersecting pair apart along the axis where they overlap least
    (Gephi's Noverlap and the PRISM family work the same way, one pair at a time), and a
    picture still crowded after 80 rounds is spread by 5 % every 20; what is left after ``rounds``
    is removed exactly by spreading the whole picture from its centre just enough.
    Deterministic.

    >>> out = remove_overlaps(np.zeros((2, 2)), np.ones(2), np.ones(2), gap=0)
    >>> bool(abs(out[0] - out[1]).max() >= 2)
    True
    """
    c = np.array(centres, dtype=float).reshape(-1, 2)
    hw, hh = half_w + gap / 2, half_h + gap / 2
    n = len(c)
    if n < 2:
        return c
    # nodes on the same spot: fan them out on a spiral (fixed by index, so deterministic)
    _, first, counts = np.unique(np.round(c, 6), axis=0, return_index=True, return_counts=True)
    if (counts > 1).any():
        k = np.arange(n)
        c += 0.01 * np.c_[np.cos(k * 2.39996), np.sin(k * 2.39996)] * np.sqrt(k + 1)[:, None]
    for step in range(rounds):
        i, j = overlapping_pairs(c, hw, hh)
        if len(i) == 0:
            return c
        d = c[j] - c[i]
        ox = hw[i] + hw[j] - np.abs(d[:, 0])
        oy = hh[i] + hh[j] - np.abs(d[:, 1])
        sx = np.where(d[:, 0] >= 0, 1.0, -1.0)
        sy = np.where(d[:, 1] >= 0, 1.0, -1.0)
        along_x = ox * (hh[i] + hh[j]) <= oy * (hw[i] + hw[j])  # the cheaper way out
        push = np.zeros((len(i), 2))
        push[along_x, 0] = 0.5 * (ox[along_x] + 0.5) * sx[along_x]
        push[~along_x, 1] = 0.5 * (oy[~along_x] + 0.5) * sy[~along_x]
        move = np.zeros_like(c)
        np.add.at(move, j, push)
        np.add.at(move, i, -push)
        many = np.bincount(np.r_[i, j], minlength=n)[:, None]
        c += move / np.maximum(many, 1) ** 0.25  # a crowded box moves less than the sum
        if step >= 60 and step % 20 == 19 and len(i) > 0.01 * n:
            # still crowded: make room by spreading the whole picture a little, as PRISM
            # scales before it pushes (pushing alone only shuffles a dense crowd)
            middle = c.mean(axis=0)
            c = middle + (c - middle) * 1.05
    i, j = overlapping_pairs(c, hw, hh)
    if len(i):
        d = np.abs(c[j] - c[i])
        need = np.minimum((hw[i] + hw[j]) / np.maximum(d[:, 0], 1e-9),
                          (hh[i] + hh[j]) / np.maximum(d[:, 1], 1e-9))
        middle = c.mean(axis=0)
        c = middle + (c - middle) * float(need.max()) * 1.001
    return c


# -- groups -----------------------------------------------------------------------------------
def _fr(g, seed: int, aspect: float) -> np.ndarray:
    """Fruchterman-Reingold coordinates of an igraph graph (side about sqrt(k)), stretched
    towards ``aspect`` (width / height)."""
    k = g.vcount()
    if k == 1:
        return np.zeros((1, 2))
    if k == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    if g.ecount():
        g.es["weight"] = [1.0 + math.log1p(max(w, 0.0)) for w in g.es["weight"]]
    rng = np.random.default_rng(seed)
    # igraph's own starting square (side sqrt(k)): its grid is tuned for it; a wider or
    # narrower start made FR 8-40 times slower on 20k nodes
    start = rng.uniform(-0.5, 0.5, size=(k, 2)) * math.sqrt(k)
    with seeded(seed):
        layout = g.layout_fruchterman_reingold(
            weights="weight" if g.ecount() else None, seed=start.tolist(), niter=500)
    xy = np.asarray(layout.coords, dtype=float)
    xy -= xy.mean(axis=0)
    w, h = np.ptp(xy[:, 0]), np.ptp(xy[:, 1])
    if w > 1e-9 and h > 1e-9:
        stretch = min(1.4, max(1 / 1.4, math.sqrt(aspect * h / w)))
        xy[:, 0] *= stretch
        xy[:, 1] /= stretch
    return xy


def _fit_group(xy: np.ndarray, boxes: Boxes, rows: bool = True) -> np.ndarray:
    """Box centres of one group: its coordinates scaled so that the boxes would cover about
    ``DENSITY`` of the area they span, then pushed apart until no boxes intersect.

    Scaling by density, not by the distance between nearest neighbours, keeps the picture
    compact: force layouts pack clusters tightly and leave wide gaps between them.
    """
    k = len(xy)
    density = DENSITY if k <= LABELLED_UP_TO else DENSITY / 2  # large: fewer overlaps to push
    if k > 1:
        span = np.ptp(xy, axis=0)
        area = float(max(span[0], 1e-9) * max(span[1], 1e-9)) if span.min() > 1e-9 else \
            float(span.max()) ** 2
        need = float((4 * (boxes.half_w + GAP / 2) * (boxes.half_h + GAP / 2)).sum()) / density
        xy = xy * math.sqrt(need / max(area, 1e-12))
    centres = remove_overlaps(xy + np.c_[np.zeros(k), boxes.dy], boxes.half_w, boxes.half_h)
    if k > LABELLED_UP_TO:
        return centres
    centres = compact(centres, boxes.half_w, boxes.half_h)
    if rows and 3 <= k <= READABLE_UP_TO and _wide(boxes):
        # boxes made wide by long labels: a force layout leaves room round each box as
        # wide as its label on every side; rows in the force layout's order use it better
        rows = in_rows(centres, boxes.half_w, boxes.half_h, PANEL[0] / PANEL[1])
        if _fit_measure(rows, boxes) > ROWS_GAIN * _fit_measure(centres, boxes):
            return rows
    return centres


def _wide(boxes: Boxes) -> bool:
    """Boxes made wide by their labels: most of their area in boxes 1.5 times as wide as
    tall."""
    area = boxes.half_w * boxes.half_h
    return float(np.average(boxes.half_w / boxes.half_h, weights=area)) > 1.5


def _fit_measure(centres: np.ndarray, boxes: Boxes) -> float:
    """How large a picture shows in the panel (the inverse of its fitted scale)."""
    left, top, right, bottom = _extent(centres, boxes)
    return min(PANEL[0] / max(right - left, 1e-9), PANEL[1] / max(bottom - top, 1e-9))


def in_rows(centres: np.ndarray, half_w: np.ndarray, half_h: np.ndarray, aspect: float,
            gap: float = GAP) -> np.ndarray:
    """Boxes in rows, about ``aspect`` times as wide as the rows are tall: the boxes split
    into rows by their height in ``centres`` and each row ordered by x, so that neighbours
    stay near; each row spread to the width of the widest. No two boxes intersect.

    >>> c = in_rows(np.array([[0.0, 0], [5, 1], [0, 9], [5, 10]]), np.ones(4), np.ones(4), 1.0)
    >>> bool(c[0, 1] == c[1, 1] < c[2, 1] == c[3, 1])
    True
    """
    n = len(centres)
    # (side by side, boxes have no slack left: a label drawn a little wider than
    # theme.label_width estimates, in another font, would touch its neighbour)
    w, h = 2 * half_w * ROW_MARGIN + gap, 2 * half_h + gap
    count = max(1, min(n, round(math.sqrt(float(w.sum()) / (aspect * float(h.mean()))))))
    order = np.argsort(centres[:, 1], kind="stable")
    rows = [r[np.argsort(centres[r, 0], kind="stable")] for r in np.array_split(order, count)]
    width = max(float(w[r].sum()) for r in rows)
    out = np.zeros((n, 2))
    y = 0.0
    for r in rows:
        tall = float(h[r].max())
        spare = (width - float(w[r].sum())) / len(r)
        x = spare / 2
        for i in r:
            out[i] = (x + w[i] / 2, y + tall / 2)
            x += w[i] + spare
        y += tall
    return out


def compact(centres: np.ndarray, half_w: np.ndarray, half_h: np.ndarray, gap: float = GAP,
            shrink: float = 0.85, steps: int = 12) -> np.ndarray:
    """Close the empty space an overlap-free layout leaves (force layouts keep clusters far
    apart): shrink the picture towards its centre and remove the overlaps again, as long as
    the picture gets smaller. Like Graphviz's prism "overlap_shrink", in a few steps."""
    if len(centres) < 3:
        return centres

    def area(c: np.ndarray) -> float:
        lo = (c - np.c_[half_w, half_h]).min(axis=0)
        hi = (c + np.c_[half_w, half_h]).max(axis=0)
        return float(np.prod(hi - lo))

    best, best_area = centres, area(centres)
    for _ in range(steps):
        middle = best.mean(axis=0)
        trial = remove_overlaps(middle + (best - middle) * shrink, half_w, half_h, gap,
                                rounds=100)
        if len(overlapping_pairs(trial, half_w + gap / 2, half_h + gap / 2)[0]):
            break
        trial_area = area(trial)
        if trial_area > 0.97 * best_area:
            break
        best, best_area = trial, trial_area
    return best


def _extent(centres: np.ndarray, boxes: Boxes) -> tuple[float, float, float, float]:
    lo = (centres - np.c_[boxes.half_w, boxes.half_h]).min(axis=0)
    hi = (centres + np.c_[boxes.half_w, boxes.half_h]).max(axis=0)
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])


def _shelves(groups: list[np.ndarray], boxes: list[Boxes], aspect: float) -> list[np.ndarray]:
    """Groups of box centres moved into rows, left to right, rows about ``aspect`` times as
    wide as the whole is tall; groups come largest first."""
    extents = [_extent(c, b) for c, b in zip(groups, boxes, strict=True)]
    dims = [(e[2] - e[0], e[3] - e[1]) for e in extents]
    area = sum((w + GROUP_GAP) * (h + GROUP_GAP) for w, h in dims)
    row_width = max(max(w for w, _ in dims), math.sqrt(area * aspect))
    out, x, y, row_h = [], 0.0, 0.0, 0.0
    for centres, (left, top, _, _), (w, h) in zip(groups, extents, dims, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + GROUP_GAP, 0.0
        out.append(centres + np.array([x - left, y - top]))
        x += w + GROUP_GAP
        row_h = max(row_h, h)
    return out


def _around(groups: list[np.ndarray], boxes: list[Boxes], anchors: np.ndarray) -> list[np.ndarray]:
    """Groups of box centres moved to ``anchors`` (unit-free places, e.g. the layout of the
    graph of communities), spread until no two groups' boxes intersect."""
    extents = [_extent(c, b) for c, b in zip(groups, boxes, strict=True)]
    half = np.array([((e[2] - e[0]) / 2, (e[3] - e[1]) / 2) for e in extents])
    mids = np.array([((e[0] + e[2]) / 2, (e[1] + e[3]) / 2) for e in extents])
    span = float(np.ptp(anchors, axis=0).max()) if len(anchors) > 1 else 0.0
    scale = math.sqrt(float((4 * half[:, 0] * half[:, 1]).sum())) / span if span > 0 else 1.0
    places = remove_overlaps(anchors * scale, half[:, 0], half[:, 1], gap=GROUP_GAP)
    return [c - m + p for c, m, p in zip(groups, mids, places, strict=True)]


# -- whole layouts ----------------------------------------------------------------------------
def fit_zoom(centres: np.ndarray, boxes: Boxes, panel: tuple[float, float] = PANEL) -> float:
    """The zoom at which all boxes fit ``panel`` (with cytoscape's fit padding)."""
    if len(centres) == 0:
        return 1.0
    left, top, right, bottom = _extent(centres, boxes)
    return min((panel[0] - 2 * FIT_PADDING) / max(right - left, 1e-9),
               (panel[1] - 2 * FIT_PADDING) / max(bottom - top, 1e-9))


def _components(graph: nx.Graph, seed: int) -> tuple[list, list[list[int]], list[np.ndarray]]:
    U = project(graph)
    nodes = list(U)
    g = to_igraph(U)
    comps = sorted(g.connected_components(),
                   key=lambda c: (-len(c), min(str(nodes[i]) for i in c)))
    aspect = PANEL[0] / PANEL[1]
    members, coords = [], []
    for comp in comps:
        comp = sorted(comp)  # induced_subgraph numbers vertices in ascending order
        members.append(comp)
        coords.append(_fr(g.induced_subgraph(comp), seed, aspect))
    return nodes, members, coords


def _place(nodes: list, members: list[list[int]], coords: list[np.ndarray], boxes: Boxes,
           arrange, rows: bool = True) -> np.ndarray:
    """Node positions (rows in ``nodes`` order) from group coordinates and boxes."""
    index = boxes.index()
    rows = [[index[nodes[i]] for i in m] for m in members]
    parts = [boxes.subset(r) for r in rows]
    centres = [_fit_group(xy, b, rows) for xy, b in zip(coords, parts, strict=True)]
    placed = arrange(centres, parts)
    out = np.zeros((len(boxes.nodes), 2))
    for r, c, b in zip(rows, placed, parts, strict=True):
        out[r] = c - np.c_[np.zeros(len(r)), b.dy]
    return out


def _finish(boxes: Boxes, xy: np.ndarray) -> dict[Any, tuple[float, float]]:
    xy = xy - (xy.min(axis=0) if len(xy) else 0)
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(boxes.nodes, xy, strict=True)}


class _Sizing:
    """Label sizes and box areas of one graph's nodes as functions of the label zoom and of
    the number of labels at full size (``at_fit``), vectorised: the planning of
    :func:`_solve` and the rule of :func:`labels_wanted` evaluate them many times."""

    def __init__(self, graph: nx.Graph, panel: tuple[float, float]):
        order = importance_order(graph)
        self.n = n = len(order)
        self.nodes = list(graph)
        self.diam, self.ring, self.unit_width = _node_parts(graph, degree_units(graph),
                                                            order[:HUB_LABELS])
        index = {node: i for i, node in enumerate(self.nodes)}
        self.rank = np.empty(n, dtype=int)
        self.rank[[index[node] for node in order]] = np.arange(n)
        self.panel_area = (panel[0] - 2 * FIT_PADDING) * (panel[1] - 2 * FIT_PADDING)

    def boxes(self, zoom: float, at_fit: int) -> Boxes:
        screen = screen_px(self.rank, at_fit, self.n)
        return _boxes(self.nodes, self.diam, self.ring, model_fonts(screen, zoom),
                      self.unit_width)

    def covered(self, zoom: float, at_fit: int) -> float:
        """Screen area (px²) of all boxes with their gaps at ``zoom``."""
        b = self.boxes(zoom, at_fit)
        return float((4 * (b.half_w + GAP / 2) * (b.half_h + GAP / 2)).sum()) * zoom ** 2

    def bare(self, density: float) -> float:
        """The zoom at which the nodes alone (no labels) cover ``density`` of the panel."""
        return math.sqrt(density * self.panel_area
                         / float(((self.diam + 2 * self.ring + GAP) ** 2).sum()))

    def largest_zoom(self, density: float, at_fit: int) -> float:
        """The largest zoom (up to MAX_FIT_ZOOM) whose boxes cover at most ``density`` of
        the panel."""
        lo, hi = 1e-4, MAX_FIT_ZOOM
        if self.covered(hi, at_fit) <= density * self.panel_area:
            return hi
        for _ in range(30):
            mid = math.sqrt(lo * hi)
            lo, hi = (mid, hi) if self.covered(mid, at_fit) <= density * self.panel_area \
                else (lo, mid)
        return lo

    def most_labels(self, density: float, zoom: float) -> int:
        """The largest ``at_fit`` whose boxes at ``zoom`` cover at most ``density`` of the
        panel (at least the hubs)."""
        fewest = min(self.n, HUB_LABELS)
        lo, hi = fewest, self.n
        if self.covered(zoom, hi) <= density * self.panel_area:
            return hi
        while hi - lo > 1:  # covered() grows with at_fit
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self.covered(zoom, mid) <= density * self.panel_area \
                else (lo, mid)
        return lo


def labels_wanted(graph: nx.Graph, panel: tuple[float, float] = PANEL) -> int:
    """How many labels (the most connected entities first) the default layout draws at
    ``label_px`` (11 px) or more in the fitted picture: the rule the layout is held to.

    Up to ``READABLE_UP_TO`` (300) entities: every entity whose label has room, in order of
    importance, where room means that all boxes (nodes, readable labels, and the smaller
    labels of the rest, which appear as one zooms in) cover at most ``RULE_DENSITY`` of the
    panel at a zoom that keeps the smallest node at least ``NODE_ZOOM_FLOOR`` of its size
    (or, when the nodes alone need more room, the zoom at which they cover half that share).
    In practice every entity of a case of a few dozen entities with short names; the top of
    the order (hubs, brokers) when long labels or hundreds of entities cannot all fit. Above
    that: the hubs (``HUB_LABELS``).

    >>> labels_wanted(nx.path_graph(10))
    10
    """
    n = graph.number_of_nodes()
    if n > READABLE_UP_TO:
        return min(n, HUB_LABELS)
    sizing = _Sizing(graph, panel)
    zoom = min(NODE_ZOOM_FLOOR, sizing.bare(RULE_DENSITY / 2))
    return sizing.most_labels(RULE_DENSITY, zoom)


def _solve(graph: nx.Graph, members: list[list[int]], coords: list[np.ndarray], nodes: list,
           arrange, panel: tuple[float, float], label_zoom: float | None = None,
           at_fit: int | None = None, rows: bool = True
           ) -> tuple[Boxes, np.ndarray, float, int]:
    """Boxes and node positions for groups laid out by ``arrange``, with the label sizes at
    the fixed point described in :func:`layout_case` (or as given); ``rows`` False keeps
    each group's shape (positions from a file)."""
    sizing = _Sizing(graph, panel)
    sizing.nodes = nodes
    n = sizing.n

    def attempt(zoom: float, at_fit: int) -> tuple[Boxes, np.ndarray, float]:
        boxes = sizing.boxes(zoom, at_fit)
        xy = _place(nodes, members, coords, boxes, arrange, rows)
        centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
        return boxes, xy, fit_zoom(centres, boxes, panel)

    if label_zoom is not None:
        at_fit = labels_at_fit(n, panel) if at_fit is None else at_fit
        boxes, xy, _ = attempt(label_zoom, at_fit)
        return boxes, xy, label_zoom, at_fit
    # Label sizes are made for a zoom z, and the picture they make fits the panel at a zoom
    # f(z): labels scale with 1/z while nodes keep their size. With the share of its area
    # that boxes cover in a layout (the density d), the picture fits at z when the boxes
    # made for z cover d * panel at zoom z; that is solved for z before laying out, then
    # again with the density the layout reached.
    if n <= READABLE_UP_TO:
        best = _solve_readable(sizing, attempt, labels_wanted(graph, panel))
    else:
        best = _solve_large(sizing, attempt, labels_at_fit(n, panel))
    boxes, xy, fitted, zoom, at_fit = best
    # (when even the hubs' labels cannot have full size, they are drawn smaller at the
    # fitted zoom and reach it as one zooms in; the stylesheet always draws hub labels)
    if fitted > MAX_FIT_ZOOM * 1.01:  # a few nodes: spread them rather than blow them up
        middle = (xy + np.c_[np.zeros(len(xy)), boxes.dy]).mean(axis=0)
        xy = middle + (xy - middle) * (fitted / MAX_FIT_ZOOM)
    return boxes, xy, zoom, at_fit


def _fits(fitted: float, zoom: float) -> bool:
    """Labels made for ``zoom`` are at least label_px on screen at ``fitted``."""
    return fitted * LABEL_MARGIN >= zoom * 0.999


def _solve_readable(sizing: _Sizing, attempt, wanted: int) -> tuple:
    """Up to READABLE_UP_TO entities: ``wanted`` labels at full size, at the largest zoom
    whose picture fits; fewer labels only when the layout cannot reach the density the rule
    counts on."""
    fewest = min(sizing.n, HUB_LABELS)
    rule_zoom = min(NODE_ZOOM_FLOOR, sizing.bare(RULE_DENSITY / 2))
    # first try more than the rule asks (most layouts are denser than it counts on)
    at_fit = max(wanted, sizing.most_labels(RULE_DENSITY * 1.1, rule_zoom))
    density = RULE_DENSITY * 1.25
    # the smallest zoom tried: half the rule's (below it labels grow faster than the room
    # the picture gains, and nodes become dots)
    floor = 0.5 * min(NODE_ZOOM_FLOOR, sizing.bare(RULE_DENSITY / 2))
    zoom = max(floor, sizing.largest_zoom(density, at_fit))
    best, misses = None, 0
    for _ in range(7):
        boxes, xy, fitted = attempt(zoom, at_fit)
        ok = _fits(fitted, zoom)
        key = (ok, at_fit, zoom if ok else fitted / zoom)
        if best is None or key > best[0]:
            best = (key, (boxes, xy, fitted, zoom, at_fit))
        # the density the layout reached with these boxes; aim a little under it
        density = sizing.covered(zoom, at_fit) * (fitted / zoom) ** 2 / sizing.panel_area
        if ok and at_fit < sizing.n:  # denser than planned: room for more labels?
            more = sizing.most_labels(density * 0.95, zoom)
            if more > at_fit * 1.1:
                at_fit = more
                zoom = max(floor, sizing.largest_zoom(density * 0.95, at_fit))
                continue
        if ok and (fitted <= 1.15 * zoom or zoom >= MAX_FIT_ZOOM):
            break
        misses = 0 if ok else misses + 1
        planned = sizing.largest_zoom(density * (0.97 if ok else 0.93), at_fit)
        if (misses >= 3 or planned < floor) and at_fit > fewest:
            # the layout does not get dense enough: fewer full-size labels
            least = wanted if at_fit > wanted else fewest
            at_fit = max(least, min(int(at_fit * 0.85), sizing.most_labels(density, floor)))
            misses = 0
            planned = sizing.largest_zoom(density * 0.97, at_fit)
        zoom = max(floor, planned)
    return best[1]


def _solve_large(sizing: _Sizing, attempt, at_fit: int) -> tuple:
    """Above READABLE_UP_TO entities: a level of detail. A first guess of labels at full
    size, fewer when nodes would shrink below FLOOR_LARGE of their size without labels."""
    n = sizing.n
    fewest = min(n, HUB_LABELS)

    def plan(density: float, at_fit: int) -> tuple[float, int]:
        bare = sizing.bare(density)
        while True:
            zoom = sizing.largest_zoom(density, at_fit)
            if zoom >= FLOOR_LARGE * min(bare, MAX_FIT_ZOOM) or at_fit <= fewest:
                return max(zoom, FLOOR_LARGE * min(bare, MAX_FIT_ZOOM)), at_fit
            at_fit = max(fewest, int(at_fit * 0.6))

    zoom, at_fit = plan(DENSITY_REACHED, at_fit)
    best = None

    def better(a: tuple, b: tuple | None) -> bool:  # labels full size first, then bigger
        if b is None:
            return True
        ok_a, ok_b = a[2] >= 0.97 * a[3], b[2] >= 0.97 * b[3]
        return (ok_a, a[3] if ok_a else a[2] / a[3]) > (ok_b, b[3] if ok_b else b[2] / b[3])

    for _ in range(4 if n <= LABELLED_UP_TO else 1):
        boxes, xy, fitted = attempt(zoom, at_fit)
        if better((boxes, xy, fitted, zoom, at_fit), best):
            best = (boxes, xy, fitted, zoom, at_fit)
        if 0.97 * zoom <= fitted <= 1.1 * zoom or (fitted > zoom and zoom >= MAX_FIT_ZOOM):
            break
        density = sizing.covered(zoom, at_fit) * (fitted / zoom) ** 2 / sizing.panel_area
        # (more labels make a sparser picture: plan on less when the last try fell short)
        zoom, at_fit = plan((0.97 if fitted > zoom else 0.9) * density, at_fit)
    return best


def _keep(case: Any, boxes: Boxes, xy: np.ndarray, zoom: float, at_fit: int, name: str) -> None:
    case.positions = _finish(boxes, xy)
    case.meta[META_KEY] = {"units": "px", "label_zoom": round(zoom, 4), "at_fit": int(at_fit),
                           "name": name}


def layout_case(case: Any, seed: int = 0, panel: tuple[float, float] = PANEL) -> None:
    """Compute the default layout of ``case`` and keep it with the case: ``case.positions``
    (model px, no boxes intersecting) and ``case.meta["layout"]`` (the label zoom and the
    number of labels at full size that the label sizes were made for).

    Examples
    --------
    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    >>> layout_case(case)
    >>> sorted(case.positions), case.meta["layout"]["units"]
    (['a', 'b', 'c'], 'px')
    """
    graph = case.graph
    if graph.number_of_nodes() == 0:
        case.positions = {}
        case.meta[META_KEY] = {"units": "px", "label_zoom": 1.0, "at_fit": 0, "name": "force"}
        return
    nodes, members, coords = _components(graph, seed)
    aspect = panel[0] / panel[1]
    boxes, xy, zoom, at_fit = _solve(graph, members, coords, nodes,
                                     lambda c, b: _shelves(c, b, aspect), panel)
    _keep(case, boxes, xy, zoom, at_fit, "force")


def adopt_positions(case: Any, panel: tuple[float, float] = PANEL) -> None:
    """Keep the arrangement of positions that came with a file (Gephi, an export), brought
    to the diagram's pixels and label sizes and with no boxes intersecting."""
    graph = case.graph
    nodes = list(graph)
    xy = np.array([case.positions[n] for n in nodes], dtype=float).reshape(-1, 2)
    boxes, out, zoom, at_fit = _solve(graph, [list(range(len(nodes)))], [xy - xy.mean(axis=0)],
                                      nodes, lambda c, b: c, panel, rows=False)
    _keep(case, boxes, out, zoom, at_fit, "file")


def compute_positions(graph: Any, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` of the default layout (see :func:`layout_case`).

    Examples
    --------
    >>> pos = compute_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == compute_positions(nx.path_graph(3))
    True
    """
    from casegraph.model import Case

    probe = Case(graph=graph if isinstance(graph, nx.Graph) else graph.graph, meta={})
    layout_case(probe, seed)
    return probe.positions


def cluster_positions(case: Any, communities: Mapping[Any, int], seed: int = 0,
                      panel: tuple[float, float] = PANEL) -> dict[Any, tuple[float, float]]:
    """A layout in which each community sits in its own region: every community is laid
    out on its own, and the communities are placed where a force layout of the graph of
    communities (links between them summed) puts them, spread until none overlap.

    The label sizes are those of the case's stored layout, so the diagram can switch to it
    without re-sending its elements; no boxes intersect.

    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("c", "d"), ("b", "c")]))
    >>> pos = cluster_positions(case, {"a": 0, "b": 0, "c": 1, "d": 1})
    >>> abs(pos["a"][0] - pos["b"][0]) < abs(pos["a"][0] - pos["d"][0])
    True
    """
    import igraph as ig

    graph = case.graph
    if graph.number_of_nodes() == 0:
        return {}
    U = project(graph)
    nodes = list(U)
    g = to_igraph(U)
    label = {node: int(communities.get(node, -1)) for node in nodes}
    groups = sorted(set(label.values()), key=lambda c: (c < 0, c))
    number = {c: k for k, c in enumerate(groups)}
    members: list[list[int]] = [[] for _ in groups]
    for i, node in enumerate(nodes):
        members[number[label[node]]].append(i)
    aspect = panel[0] / panel[1]
    coords = [_fr(g.induced_subgraph(m), seed, aspect) for m in members]
    # the graph of communities: one vertex per community, links summed
    weights: dict[tuple[int, int], float] = {}
    for e in g.es:
        a, b = number[label[nodes[e.source]]], number[label[nodes[e.target]]]
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = weights.get(key, 0.0) + float(e["weight"])
    quotient = ig.Graph(n=len(groups), edges=list(weights))
    quotient.es["weight"] = [1.0 + math.log1p(w) for w in weights.values()]
    if len(groups) > 2:
        with seeded(seed):
            start = np.random.default_rng(seed).uniform(-0.5, 0.5, (len(groups), 2))
            anchors = np.asarray(quotient.layout_fruchterman_reingold(
                weights="weight" if weights else None, seed=start.tolist(), niter=1000).coords)
    else:
        anchors = np.array([[0.0, 0.0], [1.0, 0.0]])[: len(groups)]
    info = case.meta.get(META_KEY) or {}
    boxes, xy, _, _ = _solve(graph, members, coords, nodes,
                             lambda c, b: _around(c, b, anchors), panel,
                             label_zoom=float(info.get("label_zoom") or 1.0),
                             at_fit=info.get("at_fit"))
    return _finish(boxes, xy)


# -- placing new entities ---------------------------------------------------------------------
def place_new(positions: Mapping[Any, tuple[float, float]], boxes: Boxes, anchor: Any,
              new_nodes: Sequence, *, rings: int = 80) -> dict[Any, tuple[float, float]]:
    """Positions for ``new_nodes`` next to ``anchor``, where their boxes intersect nothing;
    nodes already placed do not move.

    Spots are tried on rings round the anchor, nearest first, starting on the side that faces
    away from the middle of the picture (so a case grows outwards). ``boxes`` must cover the
    placed nodes and the new ones (:func:`case_boxes` of the case with the new nodes).

    >>> b = Boxes(["a", "x"], np.array([10.0, 10]), np.array([10.0, 10]), np.zeros(2),
    ...           np.array([20.0, 20]), np.zeros(2))
    >>> place_new({"a": (0.0, 0.0)}, b, "a", ["x"])
    {'x': (-26.0, 0.0)}
    """
    index = boxes.index()
    fixed = [n for n in positions if n in index and n not in set(new_nodes)]
    rows = [index[n] for n in fixed]
    cx = np.array([positions[n][0] for n in fixed], dtype=float)
    cy = np.array([positions[n][1] for n in fixed], dtype=float) + boxes.dy[rows]
    hw = boxes.half_w[rows] + GAP / 2
    hh = boxes.half_h[rows] + GAP / 2
    if anchor in positions:
        ax, ay = (float(v) for v in positions[anchor])
    elif fixed:
        ax, ay = float(cx.max() + hw.max()), float(cy.mean())
    else:
        ax, ay = 0.0, 0.0
    middle = (float(cx.mean()), float(cy.mean())) if fixed else (ax, ay)
    facing = math.atan2(ay - middle[1], ax - middle[0]) if (ax, ay) != middle else math.pi
    base = boxes.half_w[index[anchor]] if anchor in index else 20.0
    out: dict[Any, tuple[float, float]] = {}
    for node in new_nodes:
        if node not in index:
            continue
        k = index[node]
        w, h, dy = boxes.half_w[k] + GAP / 2, boxes.half_h[k] + GAP / 2, boxes.dy[k]
        spot = None
        step = min(w, h) + GAP / 2
        for ring in range(1, rings + 1):
            radius = base + GAP / 2 + max(w, h) + (ring - 1) * step
            count = max(8, int(2 * math.pi * radius / max(step, 6.0)))
            turns = np.arange(count)
            # alternate either side of the outward direction: nearest to it first
            angles = facing + np.where(turns % 2, -1, 1) * ((turns + 1) // 2) * (2 * math.pi
                                                                               / count)
            xs = ax + radius * np.cos(angles)
            ys = ay + radius * np.sin(angles) + dy
            free = np.ones(count, dtype=bool)
            if len(cx):
                clash = ((np.abs(xs[:, None] - cx[None, :]) < w + hw[None, :])
                         & (np.abs(ys[:, None] - cy[None, :]) < h + hh[None, :]))
                free = ~clash.any(axis=1)
            if free.any():
                first = int(np.argmax(free))
                spot = (float(xs[first]), float(ys[first]))
                break
        if spot is None:  # every ring full: past the right edge of everything
            spot = (float(cx.max() + hw.max() + w) if len(cx) else ax, ay + dy)
        out[node] = (round(float(spot[0]), 1), round(float(spot[1] - dy), 1))
        cx, cy = np.r_[cx, spot[0]], np.r_[cy, spot[1]]
        hw, hh = np.r_[hw, w], np.r_[hh, h]
    return out


def positions_for(case: Any, units: Mapping[Any, float],
                  hubs: Iterable | None = None) -> dict[Any, tuple[float, float]]:
    """The stored layout moved as little as it takes for nodes sized by ``units`` (0..1, as
    ``casegraph.elements.unit_sizes`` gives for another size measure) and ``hubs`` ringed:
    the stored layout leaves room for the default sizes (by degree) only.

    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    >>> layout_case(case)
    >>> positions_for(case, {"a": 0.0, "b": 0.0, "c": 0.0}) == case.positions
    True
    """
    order = importance_order(case.graph)
    boxes = case_boxes(case, units, order[:HUB_LABELS] if hubs is None else hubs)
    xy = np.array([case.positions[n] for n in boxes.nodes], dtype=float).reshape(-1, 2)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    if not len(overlapping_pairs(centres, boxes.half_w, boxes.half_h)[0]):
        return dict(case.positions)
    moved = remove_overlaps(centres, boxes.half_w, boxes.half_h) - np.c_[np.zeros(len(xy)),
                                                                          boxes.dy]
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(boxes.nodes, moved, strict=True)}


# -- what the store and the screen use ----------------------------------------------------------
def is_pixel_layout(case: Any) -> bool:
    """True when ``case.positions`` are the diagram's pixels made by this module."""
    return (case.meta.get(META_KEY) or {}).get("units") == "px"


def complete_layout(case: Any, seed: int = 0) -> None:
    """Give every node of ``case`` a position, keeping those it has.

    No positions: the default layout, or on a large case none yet (laid out cluster by
    cluster when it is opened, :mod:`casegraph.largelayout`). Positions from a file: their
    arrangement kept in the diagram's pixels (:func:`adopt_positions`). A few nodes without
    one (entities added since): each placed next to a placed neighbour by :func:`place_new`.
    """
    from casegraph import largelayout

    if largelayout.is_deferred(case) or largelayout.should_defer(case):
        largelayout.defer(case)
        return
    graph = case.graph
    missing = [n for n in graph if n not in case.positions]
    if len(missing) == graph.number_of_nodes():
        layout_case(case, seed)
        return
    if not is_pixel_layout(case):
        kept = {n: case.positions[n] for n in graph if n in case.positions}
        if missing:  # where the file said nothing: beside a neighbour, in the file's units
            xs = np.array(list(kept.values()), dtype=float)
            right = float(xs[:, 0].max()) if len(xs) else 0.0
            for i, node in enumerate(missing):
                near = [kept[m] for m in nx.all_neighbors(graph, node) if m in kept]
                kept[node] = near[0] if near else (right, float(i))
        case.positions = kept
        adopt_positions(case)
        return
    if not missing:
        return
    boxes = case_boxes(case)
    for node in missing:
        placed = [m for m in nx.all_neighbors(graph, node) if m in case.positions]
        anchor = min(placed, key=str) if placed else None
        case.positions.update(place_new(case.positions, boxes, anchor, [node]))


def concentric_positions(case: Any, order: Sequence) -> dict[Any, tuple[float, float]]:
    """Rings by importance: ``order[0]`` in the middle, then rings filling outwards, each
    ring as long as the boxes on it need; no boxes intersect.

    >>> from casegraph.model import Case
    >>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("a", "c")]))
    >>> concentric_positions(case, ["a", "b", "c"])["a"]
    (0.0, 0.0)
    """
    boxes = case_boxes(case)
    index = boxes.index()
    order = [n for n in order if n in index] + [n for n in boxes.nodes if n not in set(order)]
    if not order:
        return {}
    centres = np.zeros((len(boxes.nodes), 2))
    first = index[order[0]]
    radius = float(max(boxes.half_w[first], boxes.half_h[first]))
    todo = order[1:]
    while todo:
        radius += float(np.median([boxes.half_h[index[n]] for n in todo[:50]])) * 2 + GAP
        room, ring = 2 * math.pi * radius, []
        while todo and (not ring or room >= 2 * boxes.half_w[index[todo[0]]] + GAP):
            room -= 2 * boxes.half_w[index[todo[0]]] + GAP
            ring.append(todo.pop(0))
        for k, node in enumerate(ring):
            angle = 2 * math.pi * k / len(ring) - math.pi / 2
            centres[index[node]] = (radius * math.cos(angle), radius * math.sin(angle))
        radius += float(max(boxes.half_h[index[n]] for n in ring))
    centres = remove_overlaps(centres, boxes.half_w, boxes.half_h)
    xy = centres - np.c_[np.zeros(len(centres)), boxes.dy]
    xy -= xy[first]
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(boxes.nodes, xy, strict=True)}

