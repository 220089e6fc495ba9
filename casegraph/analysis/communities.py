"""Clusters: Louvain communities with a fixed seed, numbered by size, and their modularity.

Communities are found on the undirected weighted projection (two people who call each
other often belong together whoever dials). Louvain is randomised; a fixed seed makes the
same case give the same clusters on every run and for every user. Cluster 0 is the largest;
equal sizes are ordered by their smallest member id (as text), so numbering is stable.
"""

from __future__ import annotations

import networkx as nx

from casegraph.analysis._igraph import seeded, to_igraph
from casegraph.analysis.centrality import Engine, resolve_engine

SEED = 42


def louvain(U: nx.Graph, seed: int = SEED, engine: Engine = "auto"
            ) -> tuple[dict, list[int], float]:
    """Louvain communities of an undirected weighted graph.

    Parameters
    ----------
    U : networkx.Graph
        Undirected simple graph with ``weight`` on edges (``project(case.graph)``).
    seed : int
        Random seed; the same graph and seed give the same clusters.
    engine : {"auto", "networkx", "igraph"}
        networkx's ``louvain_communities`` (reference) or igraph's ``community_multilevel``
        (used above ``LARGE_GRAPH`` nodes by "auto"). Both optimise the same weighted
        modularity; on the same graph they may split a few nodes differently.

    Returns
    -------
    membership : dict
        node -> cluster number, 0 = largest cluster.
    sizes : list of int
        Cluster sizes, largest first (``sizes[k]`` = members of cluster k).
    modularity : float
        Weighted modularity of the partition (0.0 for a graph without edges).

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> membership, sizes, q = louvain(G)
    >>> sizes, round(q, 4)
    ([4, 4], 0.4231)
    """
    if U.number_of_nodes() == 0:
        return {}, [], 0.0
    if U.number_of_edges() == 0:
        groups = [{node} for node in U]
    elif resolve_engine(U, engine) == "networkx":
        groups = nx.community.louvain_communities(U, weight="weight", seed=seed)
    else:
        g = to_igraph(U)
        with seeded(seed):
            clustering = g.community_multilevel(weights="weight")
        nodes = list(U)
        groups_by_id: dict[int, set] = {}
        for i, cid in enumerate(clustering.membership):
            groups_by_id.setdefault(cid, set()).add(nodes[i])
        groups = list(groups_by_id.values())
    groups = sorted(groups, key=lambda c: (-len(c), min(str(n) for n in c)))
    membership = {node: k for k, group in enumerate(groups) for node in group}
    return membership, [len(c) for c in groups], modularity(U, membership)


def modularity(U: nx.Graph, membership: dict) -> float:
    """Weighted modularity of a node -> cluster assignment (0.0 when there are no edges)."""
    if U.number_of_edges() == 0:
        return 0.0
    groups: dict[int, set] = {}
    for node, k in membership.items():
        groups.setdefault(k, set()).add(node)
    if U.number_of_nodes() > 20_000:  # networkx's modularity is pure Python; same formula
        g = to_igraph(U)
        nodes = {node: i for i, node in enumerate(U)}
        member = [0] * len(nodes)
        for node, k in membership.items():
            member[nodes[node]] = k
        return float(g.modularity(member, weights="weight"))
    return float(nx.community.modularity(U, groups.values(), weight="weight"))
