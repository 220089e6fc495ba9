"""Cytoscape elements derived from a case and its analysis (derived data, never the truth).

Elements carry only what the stylesheet needs, so that a view change (size measure, colour,
hub highlighting, filters) is a stylesheet change in the browser and the elements are sent
once per case revision:

- node ``data``: ``id``, ``label``, ``type``, ``cm`` (community number), ``deg`` (number of
  distinct neighbours) and one ``sz_<measure>`` per centrality measure (0..1, square-root
  scaled so that area follows the measure); cases with posts also get ``sz_signal``, the
  slang signal score of :func:`signal_values` scaled the same way. The entities of a
  cluster opened on the overview (:func:`overview_elements`) carry the size of the measure
  on screen alone: the canvas asks for them again when the measure changes;
- edge ``data``: ``id``, ``source``, ``target``, ``n`` (number of links collapsed into this
  edge) and ``w`` (0..1, log-scaled total weight);
- node ``fs``: the label's font size in model px, made for the stored layout (see
  :mod:`casegraph.layout`: the layout left room for it; the stylesheet draws a label once
  it is big enough on screen, so labels of lesser entities appear as one zooms in);
- node ``position`` from the stored server layout (:func:`display_positions`).

    >>> from casegraph.model import Case
    >>> case = Case()
    >>> _ = case.add_entity("a", "person", "Ash"); _ = case.add_entity("b", "person", "Bay")
    >>> _ = case.add_link("a", "b", "call"); _ = case.add_link("a", "b", "call")
    >>> [e["data"]["n"] for e in edge_elements(case)]
    [2]
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree

from casegraph.lexicon import Lexicon
from casegraph.model import Case

# Typical distance between a node and its nearest neighbour, in model pixels; node sizes in
# the stylesheet run from 18 to 62 px, so small nodes stay apart and hubs stand out.
NODE_SPACING = 40.0
# The overview draws at most this many links between two clusters, the strongest: a 100k
# case has some 8,000 (most of one or two calls), and every line costs the canvas. At 1,500
# the frame that drew them held the page 0.3-0.9 s, and 66-127 bubbles were a grey mass; the
# 600 strongest still show which clusters hang together (bench/RESULTS.md, "Few components
# per answer").
MAX_CLUSTER_LINKS = 600
# Of the links from an opened cluster's entities to another cluster (summed per entity and
# cluster), the overview draws this many, the strongest: enough to see which entities hold
# a cluster's ties to each other cluster. A cluster of 1,500 entities opened in a 100k case
# has some 8,000 such links, nearly all of one call, and the canvas would draw them all.
DRILL_LINKS_PER_CLUSTER = 3
LABEL_LIMIT = 20
ASPECT = 1.6  # width / height of the diagram panel


def size_field(measure: str) -> str:
    """Name of the node data field holding the 0..1 size for ``measure``."""
    return f"sz_{measure}"


# Size measure beside the centralities: the weak-signal score of the posts a node published
# (casegraph.analysis.signals), offered only when the case holds posts.
SIGNAL_MEASURE = "signal"
SIGNAL_LABEL = "Slang signal score"
# case.meta key holding the terms analysts added to the seed lexicon for this case:
# [{"term": str, "category": str}, ...]; kept with the case so a revision says which words
# its scores were computed with.
LEXICON_META = "lexicon_terms"


def has_posts(case: Case) -> bool:
    """True when the case holds post entities (text the signal scanner can read)."""
    return any(t == "post" for _, t in case.graph.nodes(data="type"))


def case_lexicon(case: Case) -> Lexicon:
    """The seed lexicon extended with the terms stored in ``case.meta[LEXICON_META]``.

    >>> case = Case(meta={LEXICON_META: [{"term": "grumbleberries", "category": "Local"}]})
    >>> case_lexicon(case).get("Grumbleberries").category
    'Local'
    """
    from casegraph.analysis.signals import _seed

    seed = _seed()
    lexicon = Lexicon(terms=dict(seed.terms), everyday=set(seed.everyday))
    for row in case.meta.get(LEXICON_META) or []:
        if isinstance(row, Mapping) and str(row.get("term") or "").strip():
            lexicon.extend([str(row["term"])], str(row.get("category") or "Analyst"))
    return lexicon


def signal_values(case: Case, lexicon: Lexicon | None = None) -> dict[str, float] | None:
    """Slang signal score of every node (0 for those without posts); None when the case
    has no posts. ``lexicon`` defaults to :func:`case_lexicon`."""
    if not has_posts(case):
        return None
    from casegraph.analysis.signals import account_scores

    scores = account_scores(case, lexicon if lexicon is not None else case_lexicon(case))
    values = {str(n): 0.0 for n in case.graph}
    values.update({str(n): float(v) for n, v in scores["score"].items()})
    return values


def short_label(text: Any, limit: int = LABEL_LIMIT) -> str:
    """A label as the diagram draws it: one line, at most ``limit`` characters (an ellipsis
    marks a cut). The full text stays in the case, for the inspector; a label of any
    length costs the page the same.

    >>> short_label("Ash\\n  Fictional"), len(short_label("x" * 20_000))
    ('Ash Fictional', 20)
    """
    text = " ".join(str(text)[: 4 * limit].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neighbour_counts(case: Case) -> dict[str, int]:
    """Number of distinct neighbours of every node (either direction, self-loops ignored)."""
    graph = case.graph
    neighbours: dict[str, set] = {n: set() for n in graph}
    for u, v in graph.edges():
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    return {n: len(s) for n, s in neighbours.items()}


def scale_positions(positions: Mapping[str, tuple[float, float]],
                    spacing: float = NODE_SPACING,
                    aspect: float = ASPECT) -> dict[str, tuple[float, float]]:
    """Rescale a layout so that neighbouring nodes sit about ``spacing`` apart.

    Layouts come in arbitrary units (networkx in [-1, 1], igraph in tens, files in
    anything) while cytoscape sizes nodes in pixels: too small a scale paints one blob, too
    large a scale a scatter of dots. The median distance from each node to its nearest
    neighbour is set to ``spacing``, after stretching the picture (at most 1.5x) towards
    ``aspect`` (width / height) to fill a landscape canvas.

    >>> scaled = scale_positions({"a": (0, 0), "b": (1, 0), "c": (0, 1)}, spacing=40)
    >>> round(scaled["b"][0] - scaled["a"][0]), round(scaled["c"][1] - scaled["a"][1])
    (64, 40)
    """
    if not positions:
        return {}
    nodes = list(positions)
    xy = np.array([positions[n] for n in nodes], dtype=float).reshape(-1, 2)
    xy -= np.median(xy, axis=0)
    lo, hi = np.percentile(xy, 5, axis=0), np.percentile(xy, 95, axis=0)
    width, height = hi - lo
    if width > 1e-9 and height > 1e-9:
        stretch = min(1.5, max(1 / 1.5, math.sqrt(aspect * height / width)))
        xy[:, 0] *= stretch
        xy[:, 1] /= stretch
    if len(nodes) > 1:
        distances, _ = cKDTree(xy).query(xy, k=2)
        gaps = distances[:, 1]
        gaps = gaps[gaps > 1e-9]
        typical = float(np.median(gaps)) if len(gaps) else 0.0
        if typical > 0:
            xy *= spacing / typical
    return {n: (round(float(x), 1), round(float(y), 1))
            for n, (x, y) in zip(nodes, xy, strict=True)}


def display_positions(case: Case,
                      positions: Mapping[str, tuple[float, float]] | None = None
                      ) -> dict[str, tuple[float, float]]:
    """Where the diagram draws each node: the stored layout as it is when
    :mod:`casegraph.layout` made it in the diagram's pixels, else (positions stored by an
    older version) rescaled by :func:`scale_positions`."""
    from casegraph.layout import is_pixel_layout

    positions = case.positions if positions is None else positions
    if is_pixel_layout(case):
        return dict(positions)
    return scale_positions(positions) if positions else {}


def label_sizes(case: Case) -> dict[str, float]:
    """Label font size of every node in model px (``fs``), as the stored layout made room
    for them (:func:`casegraph.layout.case_boxes`)."""
    from casegraph.layout import META_KEY, importance_order, label_fonts, labels_at_fit

    info = case.meta.get(META_KEY) or {}
    order = importance_order(case.graph)
    zoom = float(info.get("label_zoom") or 1.0)
    return label_fonts(case.graph, zoom, int(info.get("at_fit") or labels_at_fit(len(order))),
                       order)


def fitted_zoom(positions: Mapping[str, tuple[float, float]], width: float = 900,
                height: float = 560, padding: float = 30, margin: float = 40) -> float:
    """The zoom at which the canvas first shows these (scaled) positions in a ``width`` x
    ``height`` panel, as assets/casegraph.js ``view`` computes it: the positions' box with
    ``margin`` (model px) round it, in the panel less ``padding``, at most 1.5. The
    stylesheet grows nodes and labels when it is small. The defaults are used where the
    page has not told the canvas size (components/diagram.py, ids.CANVAS_SIZE).

    >>> fitted_zoom({"a": (0, 0), "b": (1938, 0)})
    0.42
    >>> fitted_zoom({"a": (0, 0), "b": (1938, 0)}, width=546, height=503)
    0.24
    """
    if not positions:
        return 1.0
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = max(xs) - min(xs) + 2 * margin
    span_y = max(ys) - min(ys) + 2 * margin
    zoom = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y, 1.5)
    return round(max(0.01, zoom), 2)


def unit_sizes(values: Mapping[str, float]) -> dict[str, float]:
    """0..1 sizes, square root of the min-max scaled values so that area follows the
    measure (the diagram and the server-side pictures draw with the same mapping)."""
    finite = [v for v in values.values() if v is not None and math.isfinite(v)]
    if not finite:
        return {n: 0.0 for n in values}
    lo, hi = min(finite), max(finite)
    if hi - lo <= 0:
        return {n: 0.5 for n in values}
    out = {}
    for node, value in values.items():
        if value is None or not math.isfinite(value):
            out[node] = 0.0
        else:
            out[node] = round(math.sqrt((value - lo) / (hi - lo)), 2)
    return out


def node_elements(case: Case, analysis: Any,
                  positions: Mapping[str, tuple[float, float]] | None = None,
                  measures: list[str] | None = None,
                  only: Iterable[Any] | None = None) -> list[dict[str, Any]]:
    """One compact cytoscape node per entity (see the module docstring for the fields);
    ``only``: for these entities only (an opened cluster of a large case), without a pass
    over the whole case where the analysis has the figures already.

    With ``only``, a node carries the size fields of ``measures`` alone (the measure on
    screen: an opened cluster is sent again when the measure changes) and the slang
    signal's only when ``measures`` names it: 1,500 entities of an opened cluster then
    weigh about half as much. Every node carries ``fs`` (0 when unlabelled): the
    stylesheet maps the font size to it, and cytoscape warns on the console, once per
    node, when a mapped field is missing (about 1 s for an opened cluster of 1,400).
    """
    from casegraph.layout import LABELLED_UP_TO

    graph = case.graph
    table = analysis.centrality
    with_signal = only is None or SIGNAL_MEASURE in (measures or ())
    measures = [m for m in (measures or list(table.columns)) if not m.startswith("rank_")]
    if only is None:
        chosen = list(graph.nodes(data=True))
        sizes = {m: unit_sizes(table[m].to_dict()) for m in measures if m in table.columns}
        degree = neighbour_counts(case)
        fonts = label_sizes(case)
    else:
        chosen = [(node, graph.nodes[node]) for node in only if node in graph]
        picked = [node for node, _ in chosen]
        sizes = {m: unit_sizes_of(table[m], picked) for m in measures if m in table.columns}
        degree = {n: len(set(nx.all_neighbors(graph, n)) - {n}) for n in picked}
        fonts = label_sizes(case) if len(graph) <= LABELLED_UP_TO else hub_fonts(case, table)
    signals = signal_values(case) if with_signal else None
    if signals is not None:
        sizes[SIGNAL_MEASURE] = unit_sizes(signals)
    communities = analysis.communities
    placed = display_positions(case, positions) if positions else {}
    out = []
    for node, data in chosen:
        item = {"id": str(node), "label": short_label(data.get("label", node)),
                "type": data.get("type", "other"), "cm": int(communities.get(node, -1)),
                "deg": degree.get(node, 0), "fs": fonts.get(node, 0.0)}
        for measure, values in sizes.items():
            item[size_field(measure)] = values.get(node, 0.0)
        element: dict[str, Any] = {"data": item}
        if node in placed:
            x, y = placed[node]
            element["position"] = {"x": x, "y": y}
        out.append(element)
    return out


def unit_sizes_of(values: Any, nodes: list) -> dict[Any, float]:
    """:func:`unit_sizes` of a measure (a pandas Series by node) for ``nodes`` only, scaled
    over every node's value.

    >>> import pandas as pd
    >>> unit_sizes_of(pd.Series([0.0, 1.0, 4.0], index=list("abc")), ["b"])
    {'b': 0.5}
    """
    every = values.to_numpy(dtype=float)
    finite = every[np.isfinite(every)]
    if not len(finite):
        return {n: 0.0 for n in nodes}
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo <= 0:
        return {n: 0.5 for n in nodes}
    rows = values.index.get_indexer(nodes)
    out = {}
    for node, row in zip(nodes, rows.tolist(), strict=True):
        value = float(every[row]) if row >= 0 else math.nan
        out[node] = round(math.sqrt((value - lo) / (hi - lo)), 2) if math.isfinite(value) \
            else 0.0
    return out


def hub_fonts(case: Case, table: Any) -> dict[Any, float]:
    """:func:`label_sizes` of a case above ``LABELLED_UP_TO`` entities, where only the top
    hubs are labelled, found from the analysis' degree (distinct contacts) rather than by
    projecting the case again."""
    from casegraph.layout import HUB_LABELS, META_KEY, labels_at_fit, model_fonts, screen_px

    n = len(case.graph)
    info = case.meta.get(META_KEY) or {}
    zoom = float(info.get("label_zoom") or 1.0)
    at_fit = int(info.get("at_fit") or labels_at_fit(n))
    degree = table["degree"].to_numpy(dtype=float)
    if not len(degree):
        return {}
    floor = np.sort(degree)[-min(HUB_LABELS, len(degree))]
    near = np.flatnonzero(degree >= floor)
    top = sorted(near.tolist(), key=lambda i: (-degree[i], str(table.index[i])))[:HUB_LABELS]
    fonts = model_fonts(screen_px(np.arange(len(top)), at_fit, n), zoom)
    return {table.index[i]: float(f) for i, f in zip(top, fonts, strict=True)}


def edge_id_prefix(case: Case) -> str:
    """A prefix for edge ids that no node id starts with (cytoscape shares one id space)."""
    prefix = "~"
    while any(str(n).startswith(prefix) for n in case.graph):
        prefix = "~" + prefix
    return prefix


def pair_id(u: Any, v: Any) -> str:
    """A short id fixed by the two endpoints (64-bit hash, URL-safe).

    The canvas updates elements in place by id, and cytoscape cannot move an edge to new
    endpoints: ids that depend only on the endpoints stay valid across cases and revisions.
    """
    digest = hashlib.blake2b(f"{u}\x1f{v}".encode(), digest_size=8).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def drawn_lines(case: Case) -> tuple[int, int]:
    """``(lines drawn, linked pairs)``: the diagram draws one line per pair, per direction
    in a directed case (:func:`edge_elements`).

    >>> from casegraph.model import Case
    >>> c = Case(directed=True)
    >>> for u, v in [("a", "b"), ("a", "b"), ("b", "a")]:
    ...     _ = c.add_entity(u, "person", u); _ = c.add_entity(v, "person", v)
    ...     _ = c.add_link(u, v, "call")
    >>> drawn_lines(c)
    (2, 1)
    """
    ordered = {(str(u), str(v)) for u, v in case.graph.edges()}
    pairs = {tuple(sorted(p)) for p in ordered}
    return (len(ordered) if case.directed else len(pairs)), len(pairs)


def edge_elements(case: Case) -> list[dict[str, Any]]:
    """One cytoscape edge per linked pair (per direction when the case is directed).

    Parallel links (several calls, several phases) are collapsed: ``n`` counts them and
    ``w`` is their total weight, log-scaled to 0..1 across the case.
    """
    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for u, v, weight in case.graph.edges(data="weight", default=1.0):
        pair = (u, v) if case.directed or str(u) <= str(v) else (v, u)
        try:
            value = float(weight)
        except (TypeError, ValueError):
            value = 1.0
        totals[pair][0] += value if math.isfinite(value) else 1.0
        totals[pair][1] += 1
    if not totals:
        return []
    logs = {pair: math.log1p(max(t[0], 0.0)) for pair, t in totals.items()}
    lo, hi = min(logs.values()), max(logs.values())
    prefix = edge_id_prefix(case)
    out = []
    for (u, v), (_, count) in totals.items():
        w = 0.5 if hi <= lo else (logs[(u, v)] - lo) / (hi - lo)
        out.append({"data": {"id": prefix + pair_id(u, v), "source": str(u), "target": str(v),
                             "n": int(count), "w": round(w, 3)}})
    return out


def case_elements(case: Case, analysis: Any,
                  positions: Mapping[str, tuple[float, float]] | None = None,
                  measures: list[str] | None = None) -> list[dict[str, Any]]:
    """All elements of a case: nodes (with positions when given) then edges."""
    return node_elements(case, analysis, positions, measures) + edge_elements(case)


def top_nodes(analysis: Any, measure: str, k: int) -> list[str]:
    """The ``k`` most central nodes by ``measure`` (ties broken by node id, for stability)."""
    if k <= 0 or measure not in analysis.centrality.columns:
        return []
    column = analysis.centrality[measure]
    ranked = sorted(column.items(), key=lambda item: (-_finite(item[1]), str(item[0])))
    return [str(node) for node, _ in ranked[:k]]


def _finite(value: Any) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return float("-inf")
    return value if math.isfinite(value) else float("-inf")


def default_colouring(case: Case) -> str:
    """How the diagram colours a case when it opens: by cluster ("community") when every
    entity has one type (colouring by type would paint it one colour), else by type.

    >>> case = Case()
    >>> _ = case.add_entity("a", "person", "Ash"); _ = case.add_entity("b", "person", "Bay")
    >>> default_colouring(case)
    'community'
    >>> _ = case.add_entity("c", "phone", "07700 900123")
    >>> default_colouring(case)
    'type'
    """
    kinds = {t for _, t in case.graph.nodes(data="type", default="other")}
    return "community" if len(kinds) <= 1 else "type"


def overview_elements(case: Case, analysis: Any,
                      positions: Mapping[str, tuple[float, float]] | None = None,
                      open_clusters: frozenset[int] | set[int] = frozenset(),
                      measures: list[str] | None = None,
                      centres: Mapping[int, tuple[float, float]] | None = None,
                      parts: OverviewParts | None = None,
                      held: Iterable[int] | None = None) -> dict[str, list[dict[str, Any]]]:
    """A case drawn by cluster: one node per community, links between clusters summed.

    Large cases paint far sooner this way, and an analyst sees the structure (clusters,
    their sizes and what joins them) before the detail. Cluster nodes carry ``cm``,
    ``label``, ``n`` (members), ``px`` (diameter in model pixels: area follows membership,
    about the area the members cover in the stored layout) and ``t0``, ``t1``, ... (the
    percentage of each entity type, in ``entity_types`` order, zeros included: the
    stylesheet maps every one). Clusters in
    ``open_clusters`` are drawn as their entities instead; links from an open cluster's
    entity to a closed cluster are summed per (entity, cluster). ``centres``: where each
    bubble sits (a large case laid out cluster by cluster, :mod:`casegraph.largelayout`),
    else at the middle of its members' positions. Of the links between two bubbles only
    the ``MAX_CLUSTER_LINKS`` strongest are drawn; ``left_out`` says how many were not.
    Of the opened entities' summed links to a closed cluster, the
    ``DRILL_LINKS_PER_CLUSTER`` strongest are drawn (most calls first, then the entity's
    degree); ``drill_left_out`` says how many were not. Links among the opened entities
    all stay. Element ids are the same whatever is opened (a bubble is ``<prefix>c<cm>``,
    a summed link ``<prefix>x<pair>``), and a link's weight ``w`` is scaled by the
    strongest link between two clusters of the case, so the canvas can draw a cluster
    opened or closed as a difference (``casegraph.loadDifference`` in assets/casegraph.js).
    ``parts``: :func:`overview_parts` of the case and analysis, when the caller keeps them
    (made here otherwise): what does not depend on the opened clusters (the links between
    clusters ranked and made into elements, each entity's place) is made there once per
    revision. ``measures``: the size fields the opened entities carry
    (:func:`node_elements` with ``only``). A link between two entities has no ``classes``;
    one to a bubble is ``cg-cluster-link``. ``held``: the clusters opened on the canvas
    that asks (a drill): the links between two bubbles that its overview draws already are
    left out of ``edges``, and ``drop`` lists the ids of those it draws that this view does
    not (without ``held``, ``edges`` holds every link and ``drop`` is empty).

    >>> from types import SimpleNamespace
    >>> case = Case(directed=False)
    >>> for n in "abcd": _ = case.add_entity(n, "person", n.upper())
    >>> for u, v in ("ab", "cd", "bc"): _ = case.add_link(u, v, "call")
    >>> a = SimpleNamespace(communities={"a": 0, "b": 0, "c": 1, "d": 1},
    ...                     centrality=__import__("pandas").DataFrame(
    ...                         {"degree": [1, 2, 2, 1]}, index=list("abcd")))
    >>> view = overview_elements(case, a, {"a": (0, 0), "b": (1, 0), "c": (2, 0), "d": (3, 0)})
    >>> [(e["data"]["label"], e["data"]["n"]) for e in view["nodes"]]
    [('Cluster 1 · 2', 2), ('Cluster 2 · 2', 2)]
    >>> [(e["data"]["source"], e["data"]["target"], e["data"]["n"]) for e in view["edges"]]
    [('~c0', '~c1', 1)]
    """
    graph = case.graph
    parts = overview_parts(case, analysis) if parts is None else parts
    prefix, members = parts.prefix, parts.members
    shift: dict[int, tuple[float, float]] = {}  # how far each cluster's bubble moved
    if centres is None and positions:
        # a case laid out entity by entity: each bubble starts amid its members and is
        # pushed clear of the others, its label included; an opened cluster's entities
        # move with their bubble
        placed = display_positions(case, positions)
        middles: dict[int, tuple[float, float]] = {}
        for cluster in parts.bubbles:
            xy = [placed[n] for n in members[cluster] if n in placed]
            if xy:
                middles[cluster] = (sum(p[0] for p in xy) / len(xy),
                                    sum(p[1] for p in xy) / len(xy))
        centres = spread_bubbles(middles, {c: parts.bubbles[c] for c in middles})
        shift = {c: (centres[c][0] - x, centres[c][1] - y) for c, (x, y) in middles.items()}
    quiet = quiet_bubbles(centres, parts.bubbles) if centres else set()
    nodes: list[dict[str, Any]] = []
    for cluster, data in parts.bubbles.items():
        if cluster in open_clusters:
            continue
        element: dict[str, Any] = {"data": dict(data), "classes": "cg-cluster"}
        if cluster in quiet:  # no room for its label (quiet_bubbles)
            element["data"]["q"] = 1
        if centres is not None and cluster in centres:
            element["position"] = {"x": round(centres[cluster][0]),
                                   "y": round(centres[cluster][1])}
        nodes.append(element)
    inside = _opened_entities(graph, parts, open_clusters)
    keep = {str(n) for n in inside}
    if inside:
        opened = node_elements(case, analysis, positions, measures, only=inside)
        for element in opened:
            dx, dy = shift.get(parts.cluster_of.get(element["data"]["id"], -2), (0.0, 0.0))
            if "position" in element and (dx or dy):
                element["position"] = {"x": round(element["position"]["x"] + dx, 1),
                                       "y": round(element["position"]["y"] + dy, 1)}
        nodes.extend(opened)

    # the strongest links between two bubbles only: thousands of faint lines between a
    # hundred clusters paint slowly and say nothing (ranked once per revision: parts.ranked)
    edges: list[dict[str, Any]] = []
    drawn, left_out = _strongest_pairs(parts, open_clusters)
    drop: list[str] = []
    if held is None:
        edges.extend(parts.links[pair] for pair in drawn)
    else:
        on_canvas = _strongest_pairs(parts, set(held))[0]
        now, before = set(drawn), set(on_canvas)
        edges.extend(parts.links[pair] for pair in drawn if pair not in before)
        drop = sorted(parts.links[pair]["data"]["id"] for pair in on_canvas if pair not in now)

    def bubble(cluster: int) -> str:
        return f"{prefix}c{cluster}"

    # links of the opened entities: each once (an in-link from another opened entity is
    # that entity's out-link)
    incident = (chain(graph.out_edges(inside), ((u, v) for u, v in graph.in_edges(inside)
                                                if str(u) not in keep))
                if graph.is_directed() else graph.edges(inside))
    cluster_of = parts.cluster_of
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for u, v in incident:
        su, sv = str(u), str(v)
        a = su if su in keep else bubble(cluster_of[su])
        b = sv if sv in keep else bubble(cluster_of[sv])
        if a != b:
            totals[(a, b) if a <= b else (b, a)] += 1
    drill_left_out = _keep_strongest_drill_links(totals, keep, analysis)
    top = math.log1p(parts.strongest or max(totals.values(), default=0))
    for (a, b), count in totals.items():
        edge: dict[str, Any] = {"data": {
            "id": prefix + "x" + pair_id(a, b), "source": a, "target": b, "n": count,
            "w": round(min(1.0, math.log1p(count) / top), 3) if top else 0.5}}
        if a.startswith(prefix + "c") or b.startswith(prefix + "c"):
            edge["classes"] = "cg-cluster-link"
        edges.append(edge)
    edges.sort(key=lambda e: (e["data"]["source"], e["data"]["target"]))
    return {"nodes": nodes, "edges": edges, "left_out": left_out,
            "drill_left_out": drill_left_out, "drop": drop}


def _strongest_pairs(parts: OverviewParts, open_clusters: Any
                     ) -> tuple[list[tuple[int, int]], int]:
    """The pairs of closed clusters whose summed link the overview draws with
    ``open_clusters`` opened (the ``MAX_CLUSTER_LINKS`` strongest), and how many it leaves
    out."""
    drawn: list[tuple[int, int]] = []
    left_out = 0
    for pair in parts.ranked:
        if pair[0] in open_clusters or pair[1] in open_clusters:
            continue
        if len(drawn) < MAX_CLUSTER_LINKS:
            drawn.append(pair)
        else:
            left_out += 1
    return drawn, left_out


# Bubbles with fewer members than this are drawn as dots without a label (the overview's
# stylesheet, components/stylesheet.py overview_rules, hides theirs)
LABELLED_BUBBLE = 60
# On-screen size of a bubble's label, CSS px: its font, and a character's width at that font
BUBBLE_LABEL_PX = 11
BUBBLE_CHAR_PX = 7.5


# The canvas adds an overview's bubbles and then its links in frames of at most this many
# each (assets/casegraph.js load): the first frame to draw an element styles it, sizes its
# label and makes its texture, and at 100k the 127 bubbles in one frame held the page
# 250-300 ms, the 600 links as long (bench/RESULTS.md, "Few components per answer").
OVERVIEW_FRAME = {"nodes": 48, "edges": 250}

# CSS px the overview bar (components/overview.py) takes at the top of the canvas, a gap
# below it included, on two lines (its most at 1280 x 800): the overview is fitted below it
# (assets/casegraph.js barRoom reads it from the page's contract)
OVERVIEW_BAR_ROOM = 66


def overview_zoom(nodes: Iterable[Mapping[str, Any]], width: float = 900,
                  height: float = 560) -> float | None:
    """:func:`fitted_zoom` of the overview's bubbles (elements with a ``position`` and
    ``data["px"]`` across) in the canvas below the overview bar (``OVERVIEW_BAR_ROOM``), or
    None when none is placed: the zoom the overview first shows at, which sizes its labels
    and links (components/stylesheet.py ``overview_rules``).

    >>> overview_zoom([{"data": {"px": 100}, "position": {"x": 0, "y": 0}},
    ...                {"data": {"px": 100}, "position": {"x": 1838, "y": 0}}])
    0.41625
    >>> overview_zoom([{"data": {"px": 100}, "position": {"x": 0, "y": 0}},
    ...                {"data": {"px": 100}, "position": {"x": 0, "y": 1838}}])
    0.21506
    """
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for node in nodes:
        where = node.get("position")
        if not where:
            continue
        r = float(node.get("data", {}).get("px", 0)) / 2
        x0, x1 = min(x0, where["x"] - r), max(x1, where["x"] + r)
        y0, y1 = min(y0, where["y"] - r), max(y1, where["y"] + r)
    if x0 == math.inf:
        return None
    # as fitted_zoom, not rounded to two places: at the 0.05 a large overview opens with,
    # that rounding alone would draw its 11 px labels at 10
    padding, margin = 30, 40
    zoom = min((width - 2 * padding) / (x1 - x0 + 2 * margin),
               (height - OVERVIEW_BAR_ROOM - 2 * padding) / (y1 - y0 + 2 * margin), 1.5)
    return max(0.003, math.floor(zoom * 1e5) / 1e5)  # down: labels at least their size


def spread_bubbles(middles: Mapping[int, tuple[float, float]],
                   bubbles: Mapping[int, Mapping[str, Any]]) -> dict[int, tuple[float, float]]:
    """Centres for the overview's bubbles that start at ``middles`` (the middle of each
    cluster's members) and do not overlap.

    In a ring without clear groups, clusters' members are mingled and their middles fall
    close together: drawn there, the bubbles pile up. Each bubble (``bubbles[c]["px"]``
    across) is pushed clear of the others (``layout.remove_overlaps``), with a gap of the
    smallest bubble's radius.

    >>> bubbles = {0: {"px": 100}, 1: {"px": 100}}
    >>> out = spread_bubbles({0: (0.0, 0.0), 1: (10.0, 0.0)}, bubbles)
    >>> bool(abs(out[0][0] - out[1][0]) >= 100 or abs(out[0][1] - out[1][1]) >= 100)
    True
    """
    from casegraph import layout as L

    order = list(middles)
    if len(order) < 2:
        return {c: (float(x), float(y)) for c, (x, y) in middles.items()}
    xy = np.array([middles[c] for c in order], dtype=float)
    radius = np.array([float(bubbles[c].get("px", 30)) / 2 for c in order])
    xy = L.remove_overlaps(xy, radius, radius, gap=float(radius.min()))
    return {c: (round(float(x), 1), round(float(y), 1)) for c, (x, y) in zip(order, xy,
                                                                            strict=True)}


# Bubbles with fewer members than this are drawn as dots without a label
# (components/stylesheet.py overview_rules)
LABELLED_BUBBLE = 60
# A bubble's label on screen, CSS px: its font, a character's width and the line's height
BUBBLE_LABEL_PX = 11
BUBBLE_CHAR_PX = 7.5
BUBBLE_LINE_PX = 16.0
# The smallest canvas the overview is drawn on (the diagram's panel at 1280 x 800): the
# labels chosen to fit there fit on any larger one
SMALL_PANEL = (546.0, 503.0)


def _boxes_cross(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two boxes (x0, y0, x1, y1) intersect."""
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def quiet_bubbles(centres: Mapping[int, tuple[float, float]],
                  bubbles: Mapping[int, Mapping[str, Any]],
                  panel: tuple[float, float] = SMALL_PANEL) -> set[int]:
    """The bubbles whose labels are not drawn, so that no label drawn is crossed by another
    or by a labelled bubble at the zoom the overview opens with.

    Labels are read at ``BUBBLE_LABEL_PX`` on screen whatever the zoom (the stylesheet sizes
    them so, on a white outline that keeps them readable across a bubble), so how many fit
    depends on the panel: the largest clusters are labelled first, and a label that would
    cross one already placed or a labelled bubble is left out (the bubble stays; its label
    shows in the inspector, and the legend names the largest clusters). Bubbles under
    ``LABELLED_BUBBLE`` members have no label anyway.

    >>> bubbles = {0: {"px": 40, "n": 100, "label": "Cluster 1 · 100"},
    ...            1: {"px": 40, "n": 90, "label": "Cluster 2 · 90"}}
    >>> sorted(quiet_bubbles({0: (0.0, 0.0), 1: (45.0, 0.0)}, bubbles))
    [1]
    >>> sorted(quiet_bubbles({0: (0.0, 0.0), 1: (4000.0, 0.0)}, bubbles))
    []
    """
    corners: dict[str, tuple[float, float]] = {}
    for c, (x, y) in centres.items():
        r = float(bubbles[c].get("px", 30)) / 2
        corners[f"{c}a"], corners[f"{c}b"] = (x - r, y - r), (x + r, y + r)
    # model px per CSS px, the picture below the overview bar
    unit = 1.0 / max(fitted_zoom(corners, panel[0], panel[1] - OVERVIEW_BAR_ROOM), 0.003)
    labels: list[tuple[float, float, float, float]] = []
    circles: list[tuple[float, float, float, float]] = []  # of the bubbles labelled
    quiet: set[int] = set()
    order = sorted(centres, key=lambda c: (-int(bubbles[c].get("n", 0)), c))
    for c in order:
        if int(bubbles[c].get("n", 0)) < LABELLED_BUBBLE:
            continue
        x, y = centres[c]
        r = float(bubbles[c].get("px", 30)) / 2
        # the text, and its white outline and a little air on either side
        half = (len(str(bubbles[c].get("label", ""))) * BUBBLE_CHAR_PX + 8) * unit / 2
        box = (x - half, y + r, x + half, y + r + BUBBLE_LINE_PX * unit)
        circle = (x - r, y - r, x + r, y + r)
        # labelled bubbles are drawn above the others (the stylesheet's z-index), so a
        # label may cross a dot or an unlabelled bubble but neither a label nor a bubble
        # drawn at its own level
        if (any(_boxes_cross(box, o) for o in labels)
                or any(_boxes_cross(box, o) for o in circles)
                or any(_boxes_cross(circle, o) for o in labels)):
            quiet.add(c)
        else:
            labels.append(box)
            circles.append(circle)
    return quiet


def _opened_entities(graph: Any, parts: OverviewParts, open_clusters: Any) -> list:
    """The entities of ``open_clusters`` as the graph names them, cluster by cluster."""
    opened = [n for c in sorted(open_clusters) for n in parts.members.get(c, [])]
    if not opened:
        return []
    if all(n in graph for n in opened):  # ids are text (every loader's): no pass over all
        return opened
    keep = set(opened)
    return [n for n in graph if str(n) in keep]


def _keep_strongest_drill_links(totals: dict[tuple[str, str], int], opened: set[str],
                                analysis: Any) -> int:
    """Drop from ``totals`` all but the ``DRILL_LINKS_PER_CLUSTER`` strongest links from
    ``opened`` entities to each bubble (most calls, then the entity's degree, then its id);
    return how many were dropped."""
    to_bubble: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in totals:
        a_in, b_in = key[0] in opened, key[1] in opened
        if a_in != b_in:
            to_bubble[key[1] if a_in else key[0]].append(key)
    crowded = [keys for keys in to_bubble.values() if len(keys) > DRILL_LINKS_PER_CLUSTER]
    if not crowded:
        return 0
    centrality = getattr(analysis, "centrality", None)
    entities = sorted({k[0] if k[0] in opened else k[1] for keys in crowded for k in keys})
    if centrality is not None and "degree" in centrality:
        column = centrality["degree"]
        rows = column.index.get_indexer(entities)
        values = column.to_numpy(dtype=float)
        degree = {e: float(values[r]) if r >= 0 else 0.0
                  for e, r in zip(entities, rows.tolist(), strict=True)}
    else:
        degree = {}
    dropped = 0
    for keys in crowded:
        def strength(key: tuple[str, str]) -> tuple[float, float, str]:
            entity = key[0] if key[0] in opened else key[1]
            return (-totals[key], -degree.get(entity, 0.0), entity)
        for key in sorted(keys, key=strength)[DRILL_LINKS_PER_CLUSTER:]:
            del totals[key]
            dropped += 1
    return dropped


@dataclass
class OverviewParts:
    """What :func:`overview_elements` draws whatever is opened, made once per revision:
    the edge id prefix, each entity's cluster and each cluster's members (ids as text),
    the data of each cluster's bubble (clusters in drawing order) and the number of links
    between each pair of clusters (smaller number first)."""

    prefix: str
    cluster_of: dict[str, int]
    members: dict[int, list[str]]
    bubbles: dict[int, dict[str, Any]]
    between: dict[tuple[int, int], int]
    # made from the above, once per revision, so that opening a cluster does not redo them:
    # the pairs of clusters strongest link first (then by bubble ids), the element of the
    # link between each pair, and the most links between two clusters (links' weights are
    # scaled by it, whatever is opened)
    ranked: list[tuple[int, int]] = field(default_factory=list)
    links: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    strongest: int = 0

    def __post_init__(self) -> None:
        if self.between and not self.links:
            self.ranked, self.links, self.strongest = _cluster_links(self.prefix, self.between)


def _cluster_links(prefix: str, between: Mapping[tuple[int, int], int]
                   ) -> tuple[list[tuple[int, int]], dict[tuple[int, int], dict[str, Any]], int]:
    """The pairs of clusters strongest first, the element of each pair's summed link, and
    the most links between two clusters (see :class:`OverviewParts`)."""
    strongest = max(between.values(), default=0)
    top = math.log1p(strongest)
    links: dict[tuple[int, int], dict[str, Any]] = {}
    keys: dict[tuple[int, int], tuple[str, str]] = {}
    for (x, y), count in between.items():
        a, b = sorted((f"{prefix}c{x}", f"{prefix}c{y}"))
        keys[(x, y)] = (a, b)
        links[(x, y)] = {"data": {"id": prefix + "x" + pair_id(a, b), "source": a, "target": b,
                                  "n": count,
                                  "w": round(min(1.0, math.log1p(count) / top), 3) if top
                                  else 0.5},
                         "classes": "cg-cluster-link"}
    ranked = sorted(between, key=lambda pair: (-between[pair], keys[pair]))
    return ranked, links, strongest


def pack_parts(parts: OverviewParts) -> dict[str, Any]:
    """:class:`OverviewParts` as plain data, to keep with the revision
    (``Workspace.kept``): a restarted server reads them back (a pass over a 100k case
    takes about 2 s) instead of making them on the first cluster opened.

    >>> parts = OverviewParts("~", {"a": 0, "b": 1}, {0: ["a"], 1: ["b"]},
    ...                       {0: {"id": "~c0"}, 1: {"id": "~c1"}}, {(0, 1): 2})
    >>> unpack_parts(pack_parts(parts)) == parts
    True
    """
    return {"prefix": parts.prefix,
            "members": [[c, group] for c, group in parts.members.items()],
            "bubbles": [[c, data] for c, data in parts.bubbles.items()],
            "between": [[x, y, n] for (x, y), n in parts.between.items()]}


def unpack_parts(data: Mapping[str, Any]) -> OverviewParts:
    """The :class:`OverviewParts` that :func:`pack_parts` gave as plain data."""
    members = {int(c): [str(n) for n in group] for c, group in data["members"]}
    cluster_of = {n: c for c, group in members.items() for n in group}
    return OverviewParts(str(data["prefix"]), cluster_of, members,
                         {int(c): dict(d) for c, d in data["bubbles"]},
                         {(int(x), int(y)): int(n) for x, y, n in data["between"]})


def overview_parts(case: Case, analysis: Any) -> OverviewParts:
    """The :class:`OverviewParts` of a case and its analysis (one pass over the case)."""
    from casegraph.model import entity_types

    graph = case.graph
    communities = {str(n): int(c) for n, c in analysis.communities.items()}
    cluster_of = {str(n): communities.get(str(n), -1) for n in graph}
    prefix = edge_id_prefix(case)
    types = list(entity_types())
    members: dict[int, list[str]] = defaultdict(list)
    for node in graph:
        members[cluster_of[str(node)]].append(str(node))
    # hub of each cluster: its most central member names the cluster on the canvas
    degree = (analysis.centrality["degree"].to_dict() if "degree" in analysis.centrality
              else None)
    bubbles: dict[int, dict[str, Any]] = {}
    for cluster in sorted(members, key=lambda c: (c < 0, c)):
        group = members[cluster]
        counts: dict[str, int] = defaultdict(int)
        for n in group:
            counts[graph.nodes[n].get("type", "other")] += 1
        size = len(group)
        hub = (max(group, key=lambda n: (float(degree.get(n, 0)), n)) if degree is not None
               else group[0])
        data: dict[str, Any] = {
            "id": f"{prefix}c{cluster}", "cm": cluster, "n": size,
            "label": f"Cluster {cluster + 1} · {size:,}" if cluster >= 0 else f"Others · {size:,}",
            "hub": short_label(graph.nodes[hub].get("label", hub)),
            "px": round(max(30.0, NODE_SPACING * 1.3 * math.sqrt(size))),
        }
        for i, name in enumerate(types):
            data[f"t{i}"] = round(100 * counts.get(name, 0) / size, 1)
        bubbles[cluster] = data
    between: dict[tuple[int, int], int] = defaultdict(int)
    for u, v in graph.edges():
        x, y = cluster_of[str(u)], cluster_of[str(v)]
        if x != y:
            between[(x, y) if x < y else (y, x)] += 1
    return OverviewParts(prefix, cluster_of, dict(members), bubbles, dict(between))


# -- what changed between two revisions, for a canvas that shows the older one ------------------
# Size (0..1) of an entity just found, on every size measure, until the next analysis ranks it.
NEW_SIZE = 0.3


def size_fields() -> list[str]:
    """Every size field a node element may carry (:func:`node_elements`): one per
    centrality measure, and the slang signal score's."""
    from casegraph.analysis import MEASURES

    return [size_field(m) for m in MEASURES] + [size_field(SIGNAL_MEASURE)]


def display_scale(case: Case) -> tuple[float, float]:
    """Model units -> canvas pixels, per axis, as :func:`display_positions` draws ``case``
    (1 on an axis the layout does not spread over).

    >>> case = Case()
    >>> for n in "ab": _ = case.add_entity(n, "person", n)
    >>> case.positions = {"a": (0.0, 0.0), "b": (1.0, 0.0)}
    >>> display_scale(case)
    (40.0, 1.0)
    """
    raw = case.positions
    if len(raw) < 2:
        return 1.0, 1.0
    scaled = display_positions(case)
    out = []
    for axis in (0, 1):
        lo = min(raw, key=lambda n: raw[n][axis])
        hi = max(raw, key=lambda n: raw[n][axis])
        span = raw[hi][axis] - raw[lo][axis]
        out.append((scaled[hi][axis] - scaled[lo][axis]) / span if span else 1.0)
    return out[0], out[1]


def _pair(case: Case, u: Any, v: Any) -> tuple[Any, Any]:
    return (u, v) if case.directed or str(u) <= str(v) else (v, u)


def _pair_counts(case: Case, nodes: list) -> dict[tuple[Any, Any], int]:
    """Links per drawn pair (:func:`edge_elements`), for the pairs touching ``nodes``, in
    the order of ``nodes`` (so that a delta lists them in a known order)."""
    graph = case.graph
    counts: dict[tuple[Any, Any], int] = {}
    seen: set[tuple[Any, Any, Any]] = set()
    for node in nodes:
        if node not in graph:
            continue
        for u, v, k in list(graph.out_edges(node, keys=True)) + list(
                graph.in_edges(node, keys=True)):
            if (u, v, k) in seen:
                continue
            seen.add((u, v, k))
            pair = _pair(case, u, v)
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def _degree(case: Case, node: Any) -> int:
    graph = case.graph
    return len((set(graph.successors(node)) | set(graph.predecessors(node))) - {node})


def elements_delta(old: Case, new: Case, touched: Any,
                   anchors: Mapping[Any, Any] | None = None,
                   scale: tuple[float, float] = (1.0, 1.0)) -> dict[str, list]:
    """What a canvas drawing ``old`` needs to show ``new``, when only the entities in
    ``touched`` (and their links) changed: ``{"nodes", "edges", "remove", "update"}``.

    ``nodes``: node elements of the entities added, sized :data:`NEW_SIZE` on every measure
    and labelled at once (font from :func:`casegraph.layout.readable_font`); one with an
    entry in ``anchors`` (entity -> the entity it was found from) carries ``anchor`` and
    ``rel``, its offset from the anchor in canvas pixels (``scale``: model units -> pixels,
    per axis, as the canvas draws ``old``; see :func:`display_scale`), so it appears next
    to it wherever the anchor is drawn. ``edges``: edge elements of the pairs newly linked
    (ids as :func:`edge_elements` gives them). ``remove``: ids of the entities removed and
    of the pairs no longer linked (a removed entity's links go with it). ``update``:
    ``{"id", "data"}`` of entities whose ``deg`` changed and pairs whose ``n`` changed.

    >>> old = Case(directed=False)
    >>> for n in "ab": _ = old.add_entity(n, "person", n.upper())
    >>> _ = old.add_link("a", "b", "call")
    >>> new = old.copy(); _ = new.add_entity("c", "phone", "C"); _ = new.add_link("a", "c", "uses")
    >>> _ = new.add_link("a", "b", "call")
    >>> delta = elements_delta(old, new, ["c", "a"], anchors={"c": "a"})
    >>> [n["data"]["id"] for n in delta["nodes"]], [e["data"]["n"] for e in delta["edges"]]
    (['c'], [1])
    >>> [u["data"] for u in delta["update"]]
    [{'deg': 2}, {'n': 2}]
    """
    from casegraph.layout import readable_font

    anchors = anchors or {}
    kx, ky = scale
    font = round(readable_font(new) * kx, 2)
    sizes = dict.fromkeys(size_fields(), NEW_SIZE)
    touched = list(dict.fromkeys(touched))
    nodes: list[dict[str, Any]] = []
    remove: list[str] = []
    update: list[dict[str, Any]] = []
    for node in touched:
        if node in new.graph and node not in old.graph:
            data = new.graph.nodes[node]
            anchor = anchors.get(node)
            item: dict[str, Any] = {"data": {
                "id": str(node), "label": short_label(data.get("label", node)),
                "type": data.get("type", "other"), "cm": -1, "deg": _degree(new, node),
                "fs": font, **sizes}}
            p, a = new.positions.get(node), new.positions.get(anchor) if anchor else None
            if p is not None and a is not None:
                item["anchor"] = str(anchor)
                item["rel"] = {"x": round((p[0] - a[0]) * kx, 1),
                               "y": round((p[1] - a[1]) * ky, 1)}
            nodes.append(item)
        elif node in old.graph and node not in new.graph:
            remove.append(str(node))
        elif node in new.graph:
            deg = _degree(new, node)
            if deg != _degree(old, node):
                update.append({"id": str(node), "data": {"deg": deg}})
    before, after = _pair_counts(old, touched), _pair_counts(new, touched)
    prefix = edge_id_prefix(new)
    edges = []
    gone = set(remove)
    for pair in dict.fromkeys([*after, *before]):
        eid = prefix + pair_id(*pair)
        n_old, n_new = before.get(pair, 0), after.get(pair, 0)
        if n_new and not n_old:
            edges.append({"data": {"id": eid, "source": str(pair[0]), "target": str(pair[1]),
                                   "n": n_new, "w": 0.0}})
        elif n_old and not n_new:
            if not gone & {str(pair[0]), str(pair[1])}:  # links of a removed node go with it
                remove.append(eid)
        elif n_new != n_old:
            update.append({"id": eid, "data": {"n": n_new}})
    return {"nodes": nodes, "edges": edges, "remove": remove, "update": update}


def delta_marks(delta: Mapping[str, Any], anchor: Any = None) -> dict[str, list]:
    """The overlay marks of what a delta (:func:`elements_delta`) added: ``ov-new`` on the
    new nodes and on the ends of the new links (a pair marks the link between them), and
    ``ov-focus`` on the entity it grew from.

    >>> delta_marks({"nodes": [{"data": {"id": "c"}}],
    ...              "edges": [{"data": {"source": "a", "target": "c"}}]}, "a")
    {'ov-new': ['c', ['a', 'c']], 'ov-focus': ['a']}
    """
    marked: list[Any] = [n["data"]["id"] for n in delta["nodes"]]
    marked += [[e["data"]["source"], e["data"]["target"]] for e in delta["edges"]]
    marks: dict[str, list] = {"ov-new": marked}
    if anchor:
        marks["ov-focus"] = [anchor]
    return marks
