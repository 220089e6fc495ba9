"""How two people are connected: shortest paths by hops or by tie strength, all short paths,
and the ego network around one person.

Paths use the undirected projection (a call links two people whoever dialled). Weights in
a case are tie *strengths* (call counts: more calls = closer), while path algorithms want
*distances*; ``by="weight"`` therefore uses ``distance = 1 / weight`` on each pair, so a
path through frequent contacts is shorter than one through a single call.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, Literal

import networkx as nx

from casegraph.analysis.disruption import undirected

By = Literal["hops", "weight"]


def distance_graph(G: nx.Graph) -> nx.Graph:
    """Undirected projection with ``distance = 1 / weight`` on every edge (weight <= 0: 1)."""
    H = undirected(G)
    for _, _, data in H.edges(data=True):
        w = float(data.get("weight", 1.0) or 0.0)
        data["distance"] = 1.0 / w if w > 0 else 1.0
    return H


def shortest_paths(G: nx.Graph, source: Any, target: Any, by: By = "hops",
                   limit: int = 10) -> list[list]:
    """All shortest paths between two people (at most ``limit``), in a stable order.

    Parameters
    ----------
    by : {"hops", "weight"}
        "hops": fewest intermediaries. "weight": strongest chain, with 1 / weight as the
        length of each link.

    Returns
    -------
    list of paths (each a list of nodes from ``source`` to ``target``); empty when they are
    not connected.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 1}), ("b", "d", {"weight": 1}),
    ...               ("a", "c", {"weight": 5}), ("c", "e", {"weight": 5}),
    ...               ("e", "d", {"weight": 5})])
    >>> shortest_paths(G, "a", "d")
    [['a', 'b', 'd']]
    >>> shortest_paths(G, "a", "d", by="weight")
    [['a', 'c', 'e', 'd']]
    """
    H = _checked(G, source, target)
    weight = "distance" if by == "weight" else None
    if by not in ("hops", "weight"):
        raise ValueError('by must be "hops" or "weight"')
    try:
        paths = list(islice(nx.all_shortest_paths(H, source, target, weight=weight), limit))
    except nx.NetworkXNoPath:
        return []
    order = {node: i for i, node in enumerate(H)}
    return sorted(paths, key=lambda p: [order[n] for n in p])


def path_length(G: nx.Graph, path: list, by: By = "hops") -> float:
    """Length of a path: number of links, or the sum of 1 / weight along it."""
    if by == "hops":
        return float(len(path) - 1)
    H = distance_graph(G)
    return sum(H.edges[u, v]["distance"] for u, v in zip(path, path[1:], strict=False))


def paths_up_to(G: nx.Graph, source: Any, target: Any, max_hops: int = 4,
                limit: int = 50) -> tuple[list[list], bool]:
    """Simple paths of at most ``max_hops`` links, shortest first, at most ``limit`` of them.

    Returns the paths and whether the list was cut at ``limit`` (more paths exist).

    Examples
    --------
    >>> paths, more = paths_up_to(nx.cycle_graph(4), 0, 2, max_hops=2)
    >>> paths, more
    ([[0, 1, 2], [0, 3, 2]], False)
    """
    H = _checked(G, source, target)
    if not nx.has_path(H, source, target):
        return [], False
    found: list[list] = []
    for path in nx.shortest_simple_paths(H, source, target):
        if len(path) - 1 > max_hops:
            return found, False
        if len(found) == limit:
            return found, True
        found.append(path)
    return found, False


def ego_network(G: nx.Graph, node: Any, hops: int = 1) -> dict[Any, int]:
    """People within ``hops`` (1 to 3) links of ``node``, with their distance (node: 0).

    Examples
    --------
    >>> ego_network(nx.path_graph(5), 0, hops=2)
    {0: 0, 1: 1, 2: 2}
    """
    if hops not in (1, 2, 3):
        raise ValueError("hops must be 1, 2 or 3")
    H = undirected(G)
    if node not in H:
        raise KeyError(f"unknown node {node!r}")
    return dict(nx.single_source_shortest_path_length(H, node, cutoff=hops))


def _checked(G: nx.Graph, source: Any, target: Any) -> nx.Graph:
    H = distance_graph(G)
    for node in (source, target):
        if node not in H:
            raise KeyError(f"unknown node {node!r}")
    return H
