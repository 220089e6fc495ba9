"""A case's network as arrays and igraph graphs, projected once for the whole analysis.

Large cases are analysed without networkx: :func:`project_arrays` reads the links once and
keeps the simple weighted projection as numpy arrays (one row per linked pair) and as the
igraph graphs built from them. Every measure, the clusters, the structure verdict and the
cluster table then work on these.

Vertex ``i`` is ``nodes[i]``, the i-th node of the case graph, so ties broken "by position in
the graph" mean the same here as in networkx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

from casegraph.idle_gc import paused


@dataclass(eq=False)
class Projection:
    """The simple weighted projection of a case graph.

    Attributes
    ----------
    nodes : list
        Node ids in graph order (vertex ``i`` is ``nodes[i]``).
    source, target, weight : numpy arrays
        One entry per linked pair, ``source < target``; ``weight`` sums the weights of every
        link between the two, in either direction (a link without a weight counts 1).
    graph : igraph.Graph
        Undirected, built from those arrays (edge ``e`` is pair ``e``), ``"weight"`` on edges.
    arcs : igraph.Graph or None
        Directed simple projection (weights summed per direction) when the case is directed.
    links : int
        Links as recorded, parallel links and self-links counted.
    origin : networkx graph or None
        The graph projected; node labels are read from it.
    """

    nodes: list
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    graph: ig.Graph
    arcs: ig.Graph | None = None
    links: int = 0
    origin: Any = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return len(self.source)

    @cached_property
    def index(self) -> dict:
        """node id -> vertex number."""
        return {node: i for i, node in enumerate(self.nodes)}

    @cached_property
    def degree(self) -> np.ndarray:
        return (np.bincount(self.source, minlength=self.n)
                + np.bincount(self.target, minlength=self.n))

    @cached_property
    def adjacency(self) -> sp.csr_array:
        """Symmetric weighted adjacency matrix (CSR, sorted neighbours)."""
        rows = np.concatenate([self.source, self.target])
        cols = np.concatenate([self.target, self.source])
        data = np.concatenate([self.weight, self.weight])
        matrix = sp.csr_array((data, (rows, cols)), shape=(self.n, self.n))
        matrix.sort_indices()
        return matrix

    @cached_property
    def neighbour_lists(self) -> tuple[list[int], list[int]]:
        """``(indptr, indices)`` of :attr:`adjacency` as Python lists, for loops that visit
        neighbours one by one (faster than indexing numpy arrays element by element)."""
        return self.adjacency.indptr.tolist(), self.adjacency.indices.tolist()

    def label(self, node: Any) -> str:
        """The node's label in the case (its id when it has none)."""
        if self.origin is not None and node in self.origin:
            return str(self.origin.nodes[node].get("label", node))
        return str(node)


def project_arrays(graph: nx.Graph, directed: bool | None = None, weight: str = "weight"
                   ) -> Projection:
    """Project a networkx graph (usually ``case.graph``) in one pass over its links.

    Parameters
    ----------
    graph : networkx graph
        Any networkx graph; parallel links and both directions add up, self-links are dropped
        (as :func:`casegraph.analysis.project`).
    directed : bool, optional
        Keep a directed projection (``arcs``) as well; defaults to ``graph.is_directed()``.
    weight : str
        The link attribute summed into ``weight`` (missing or None: 1).

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    >>> p = project_arrays(M)
    >>> p.nodes, p.source.tolist(), p.target.tolist(), p.weight.tolist(), p.links
    (['a', 'b', 'c'], [0, 1], [1, 2], [2.0, 1.0], 4)
    """
    nodes = list(graph)
    with paused():  # 300,000 links at 100k: no collection of the case's objects meanwhile
        per_node, targets, weights, loops = _read_links(graph, nodes, weight)
    src = np.repeat(np.arange(len(nodes), dtype=np.int64), per_node)
    dst = np.asarray(targets, dtype=np.int64)
    w = np.asarray(weights, dtype=float)
    n = len(nodes)
    low, high, summed = _collapse(np.minimum(src, dst), np.maximum(src, dst), w, n)
    undirected = _igraph(n, low, high, summed, directed=False)
    directed = graph.is_directed() if directed is None else directed
    arcs = None
    if directed:
        if graph.is_directed():
            a, b, aw = _collapse(src, dst, w, n)
        else:  # an undirected graph read as directed: each pair becomes two arcs
            a, b = np.concatenate([low, high]), np.concatenate([high, low])
            aw = np.concatenate([summed, summed])
        arcs = _igraph(n, a, b, aw, directed=True)
    return Projection(nodes, low, high, summed, undirected, arcs,
                      links=len(dst) + loops, origin=graph)


def _read_links(graph: nx.Graph, nodes: list, weight: str
                ) -> tuple[list[int], list[int], list[float], int]:
    """One pass over the links, in graph order: how many each node starts, their other
    ends and weights (missing or None: 1), and the self-links left out."""
    index = {node: i for i, node in enumerate(nodes)}
    targets: list[int] = []
    weights: list[float] = []
    per_node: list[int] = []
    add_target, add_weight, count = targets.append, weights.append, per_node.append
    loops = 0
    multi, one_way = graph.is_multigraph(), graph.is_directed()
    for u, nbrs in graph._adj.items():  # direct access: the hot loop on large cases
        iu = index[u]
        before = len(targets)
        for v, data in nbrs.items():
            iv = index[v]
            if iv < iu and not one_way:
                continue  # an undirected link is listed under both ends: take it once
            if iv == iu:
                loops += len(data) if multi else 1
                continue
            for attrs in (data.values() if multi else (data,)):
                w = attrs.get(weight, 1.0)
                add_target(iv)
                add_weight(1.0 if w is None else w)
        count(len(targets) - before)
    return per_node, targets, weights, loops


def _collapse(a: np.ndarray, b: np.ndarray, w: np.ndarray, n: int
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One row per distinct (a, b), weights summed, sorted by (a, b)."""
    if len(a) == 0:
        return a, b, w
    key = a * n + b
    unique, inverse = np.unique(key, return_inverse=True)
    return unique // n, unique % n, np.bincount(inverse, weights=w)


def _igraph(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, directed: bool) -> ig.Graph:
    with paused():  # one tuple per pair (the fastest form igraph reads), none of it garbage
        edges = list(zip(a.tolist(), b.tolist(), strict=True))
        g = ig.Graph(n=n, edges=edges, directed=directed)
        del edges
    g.es["weight"] = w.tolist()
    return g


def subgraph(p: Projection, members: np.ndarray) -> Projection:
    """The projection restricted to ``members`` (vertex numbers), in graph order."""
    members = np.sort(np.asarray(members, dtype=np.int64))
    inside = np.zeros(p.n, dtype=bool)
    inside[members] = True
    keep = inside[p.source] & inside[p.target]
    renumber = np.full(p.n, -1, dtype=np.int64)
    renumber[members] = np.arange(len(members))
    a, b, w = renumber[p.source[keep]], renumber[p.target[keep]], p.weight[keep]
    return Projection([p.nodes[i] for i in members.tolist()], a, b, w,
                      _igraph(len(members), a, b, w, directed=False),
                      links=int(keep.sum()), origin=p.origin)
