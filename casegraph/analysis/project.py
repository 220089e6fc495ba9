"""Collapse a case's multigraph into a simple weighted graph, the input of every analysis.

A case keeps each call, message or sighting as its own link (``MultiDiGraph``), because the
time and provenance of each one matter. Centrality and clustering want one edge per pair of
entities: :func:`project` sums the link weights into ``weight`` and counts the links into
``count``.
"""

from __future__ import annotations

import networkx as nx


def project(graph: nx.Graph, directed: bool = False) -> nx.Graph | nx.DiGraph:
    """Simple graph with one edge per pair of entities.

    Parameters
    ----------
    graph : networkx graph
        Usually ``case.graph`` (a ``MultiDiGraph``); any networkx graph is accepted.
    directed : bool
        ``False`` (default): an undirected ``Graph`` where links in both directions between
        two entities add up to one edge. ``True``: a ``DiGraph`` keeping direction (when the
        input is undirected, each edge becomes a pair of opposite arcs).

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Same nodes in the same order with their attributes (shared values, not deep copies).
        Edge ``weight`` is the sum of the link weights (a link without a weight counts 1) and
        ``count`` the number of links. Self-loops (an entity linked to itself) are dropped:
        they say nothing about who connects whom and would inflate degrees.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_edge("a", "b", weight=2.0)
    0
    >>> M.add_edge("b", "a", weight=3.0)
    0
    >>> dict(project(M).edges["a", "b"])
    {'weight': 5.0, 'count': 2}
    >>> dict(project(M, directed=True).edges["a", "b"])
    {'weight': 2.0, 'count': 1}
    """
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    both_ways = directed and not graph.is_directed()
    adj = simple._adj  # direct access: this loop is the hot path on large cases
    for u, v, w in graph.edges(data="weight", default=1.0):
        if u == v:
            continue
        w = 1.0 if w is None else float(w)
        pairs = ((u, v), (v, u)) if both_ways else ((u, v),)
        for a, b in pairs:
            data = adj[a].get(b)
            if data is None:
                simple.add_edge(a, b, weight=w, count=1)
            else:
                data["weight"] += w
                data["count"] += 1
    return simple
