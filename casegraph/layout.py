"""Server-side node positions: deterministic, any size, scaled for cytoscape's pixel space.

Client-side force layouts stall beyond a few thousand nodes, so positions are computed here
and stored with the case. Each connected component is laid out on its own with igraph's
Fruchterman-Reingold (stronger ties pull closer), scaled so that a component of k nodes
spans about ``sqrt(k) * SPACING`` pixels, and the components are packed in rows, largest
first; isolated entities are gathered in a tidy grid at the end instead of flying off.
"""

from __future__ import annotations

import math
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from casegraph.analysis._igraph import seeded, to_igraph
from casegraph.analysis.project import project

SPACING = 80.0  # pixels per node along a side; cytoscape's default node is 30 px wide
GAP = 2 * SPACING  # between packed components


def compute_positions(graph: Any, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions ``{node: (x, y)}`` in pixels, the same for the same graph and seed.

    Parameters
    ----------
    graph : networkx graph or Case
        Any networkx graph (parallel links and direction are ignored; link ``weight`` pulls
        nodes together, on a log scale so one heavy tie does not collapse a cluster).
    seed : int
        Seed of the starting positions.

    Returns
    -------
    dict
        node -> (x, y), with x and y >= 0 and y growing downwards as on screen.

    Examples
    --------
    >>> pos = compute_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == compute_positions(nx.path_graph(3))
    True
    """
    if not isinstance(graph, nx.Graph):
        graph = graph.graph
    U = project(graph)
    nodes = list(U)
    g = to_igraph(U)
    rng = np.random.default_rng(seed)
    # igraph finds and cuts out components in C; networkx subgraph views are slow at 100k
    components = sorted(g.connected_components(),
                        key=lambda c: (-len(c), min(str(nodes[i]) for i in c)))
    boxes: list[tuple[list, np.ndarray]] = []
    isolates = []
    for comp in components:
        if len(comp) == 1:
            isolates.append(nodes[comp[0]])
            continue
        comp = sorted(comp)  # induced_subgraph numbers vertices in ascending order
        members = [nodes[i] for i in comp]
        boxes.append((members, _component_layout(g.induced_subgraph(comp), rng, seed)))
    if isolates:
        cols = math.ceil(math.sqrt(len(isolates)))
        xy = np.array([((i % cols) * SPACING, (i // cols) * SPACING)
                       for i in range(len(isolates))], dtype=float)
        boxes.append((isolates, xy))
    return _pack(boxes)


def _component_layout(g: ig.Graph, rng: np.random.Generator, seed: int) -> np.ndarray:
    """Coordinates of one connected component, origin at its top-left corner."""
    k = g.vcount()
    if k == 2:
        return np.array([[0.0, 0.0], [SPACING, 0.0]])
    g.es["weight"] = [1.0 + math.log1p(max(w, 0.0)) for w in g.es["weight"]]
    # igraph's own starting square (side sqrt(k)): its grid is tuned for it; a wider or
    # narrower start made FR 8-40 times slower on 20k nodes
    start = rng.uniform(-0.5, 0.5, size=(k, 2)) * math.sqrt(k)
    with seeded(seed):
        layout = g.layout_fruchterman_reingold(weights="weight", seed=start.tolist(),
                                               niter=500)
    xy = np.asarray(layout.coords, dtype=float)
    xy -= xy.min(axis=0)
    extent = float(xy.max())
    side = max(SPACING, math.sqrt(k) * SPACING)
    return xy * (side / extent) if extent > 0 else xy


def _pack(boxes: list[tuple[list, np.ndarray]]) -> dict[Any, tuple[float, float]]:
    """Shelf packing: boxes left to right in rows about as wide as the whole is tall."""
    if not boxes:
        return {}
    sizes = [xy.max(axis=0) if len(xy) else np.zeros(2) for _, xy in boxes]
    area = sum((w + GAP) * (h + GAP) for w, h in sizes)
    row_width = max(max(w for w, _ in sizes), math.sqrt(area))
    positions: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (nodes, xy), (w, h) in zip(boxes, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py) in zip(nodes, xy, strict=True):
            positions[node] = (round(float(px + x), 1), round(float(py + y), 1))
        x += w + GAP
        row_height = max(row_height, h)
    return positions
