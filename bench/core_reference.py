"""The reference the core benches measure casegraph against: python-igraph, written plainly.

``reference_analysis`` computes what ``casegraph.analysis.analyse`` returns for a case, with
the same sampling: the case's links read once into igraph and projected (weights summed),
degree, strength, betweenness from the same 500 sources, PageRank (directed when the case
is), eigenvector centrality, closeness (exact up to 5,000 entities, else distances to the same
500 pivots), modularity clusters, ranks, and the structure verdict's figures (components,
clustering, core numbers, articulation points, bridges, hubs and what is left without them).
It leaves out what only casegraph adds: the per-cluster table, the sampling errors, labels
and the result objects.

``reference_removal`` runs the removal loop of ``casegraph.analysis.disruption.removal_curve``
as one would in igraph: rank the people left, delete the top ``block``, measure the largest
component, repeat. Ties and the betweenness sample follow the same rules, so both give the
same curve (all.py checks it).
"""

from __future__ import annotations

import math
import random

import igraph as ig
import numpy as np

SOURCES = 500
PIVOTS = 500
CLOSENESS_EXACT_LIMIT = 5_000
LARGE_GRAPH = 500
# Clusters above LARGE_GRAPH entities: "leiden" (what casegraph uses) or "multilevel" (Louvain,
# what it used before; all.py --reference-clusters multilevel measures older code).
CLUSTERS = "leiden"


def read_links(graph) -> tuple[list, list[tuple[int, int]], list[float]]:
    """Node list, (source, target) index pairs and weights of a networkx graph's links."""
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    pairs, weights = [], []
    for u, v, w in graph.edges(data="weight", default=1.0):
        if u != v:
            pairs.append((index[u], index[v]))
            weights.append(1.0 if w is None else float(w))
    return nodes, pairs, weights


def rounded(values) -> np.ndarray:
    """Values to 12 significant digits (ties as casegraph compares them)."""
    x = np.asarray(values, dtype=float)
    out = x.copy()
    nonzero = x != 0
    digits = 11 - np.floor(np.log10(np.abs(x[nonzero])))
    out[nonzero] = np.round(x[nonzero] * 10.0 ** digits) / 10.0 ** digits
    return out


def ranks(values) -> np.ndarray:
    """1 = highest; ties share the best rank."""
    from scipy.stats import rankdata
    return rankdata(-rounded(values), method="min").astype(int)


def reference_analysis(graph, directed: bool, seed: int = 42) -> dict:
    nodes, pairs, weights = read_links(graph)
    n = len(nodes)
    g = ig.Graph(n=n, edges=pairs, directed=directed, edge_attrs={"weight": weights})
    if directed:
        gd = g.copy()
        gd.simplify(combine_edges={"weight": "sum"})
        u = g.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    else:
        g.simplify(combine_edges={"weight": "sum"})
        gd = u = g
    out: dict = {"degree": np.array(u.degree(), dtype=float),
                 "weighted_degree": np.array(u.strength(weights="weight"))}
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if n > SOURCES:
        sources = sorted(random.Random(seed).sample(range(n), SOURCES))
        out["betweenness"] = np.array(u.betweenness(directed=False, sources=sources)) * (
            scale * n / SOURCES)
    else:
        out["betweenness"] = np.array(u.betweenness(directed=False)) * scale
    out["pagerank"] = np.array(gd.pagerank(weights="weight", directed=directed))
    ev = np.array(u.eigenvector_centrality(weights="weight"))
    out["eigenvector"] = ev / (np.linalg.norm(ev) or 1.0)
    components = u.connected_components()
    membership = np.array(components.membership)
    size = np.bincount(membership)[membership].astype(float)
    if n <= CLOSENESS_EXACT_LIMIT:
        raw = np.nan_to_num(np.array(u.closeness(normalized=True), dtype=float))
    else:
        pivots = sorted(random.Random(seed).sample(range(n), PIVOTS))
        total, hits = np.zeros(n), np.zeros(n)
        for start in range(0, PIVOTS, 50):
            block = np.array(u.distances(source=pivots[start:start + 50]), dtype=float)
            reach = np.isfinite(block) & (block > 0)
            total += np.where(reach, block, 0.0).sum(axis=0)
            hits += reach.sum(axis=0)
        raw = np.divide(hits, total, out=np.zeros(n), where=total > 0)
    out["closeness"] = np.where(size > 1, raw * (size - 1) / (n - 1), 0.0)
    for name in list(out):
        out[f"rank_{name}"] = ranks(out[name])
    rng = random.Random(seed)
    ig.set_random_number_generator(rng)
    try:
        if n > LARGE_GRAPH and CLUSTERS == "leiden":
            clusters = u.community_leiden(objective_function="modularity", weights="weight",
                                          n_iterations=2)
        else:
            clusters = u.community_multilevel(weights="weight")
    finally:
        ig.set_random_number_generator(random)
    out["clusters"] = len(clusters)
    out["modularity"] = u.modularity(clusters.membership, weights="weight")
    out["verdict"] = verdict_figures(u, n)
    out["components"] = len(components)
    return out


def verdict_figures(u: ig.Graph, n: int) -> dict:
    m = u.ecount()
    degree = np.array(u.degree())
    top = int(degree.max()) if n else 0
    figures = {
        "centralisation": float((top - degree).sum() / ((n - 1) * (n - 2))) if n > 2 else 0.0,
        "density": 2 * m / (n * (n - 1)) if n > 1 else 0.0,
        "clustering": float(np.mean(u.transitivity_local_undirected(mode="zero"))),
    }
    core = np.array(u.coreness())
    figures["max_core"] = int(core.max())
    figures["core3_share"] = float((core >= 3).mean())
    order = np.lexsort((np.arange(n), -degree))
    cap = max(1, math.ceil(0.1 * n))
    hubs = [int(v) for v in order[:cap] if degree[v] >= max(3, 4 * m / n)] or [int(order[0])]
    reach = set(hubs).union(*(u.neighbors(h) for h in hubs))
    figures["hub_reach"] = len(reach) / n
    rest = u.copy()
    rest.delete_vertices(hubs)
    figures["lcc_without_hubs"] = max(rest.connected_components().sizes(), default=0) / n
    figures["articulation_points"] = len(u.articulation_points())
    figures["bridges"] = len(u.bridges())
    return figures


def reference_removal(H, strategy: str, block: int, seed: int = 0) -> list[float]:
    """The removal curve of an undirected simple networkx graph, as a plain igraph loop."""
    nodes, pairs, weights = read_links(H)
    g = ig.Graph(n=len(nodes), edges=pairs)
    ids = np.arange(len(nodes))  # original position of each vertex still in g
    queue = None
    if strategy == "random":
        queue = list(range(len(nodes)))
        random.Random(seed).shuffle(queue)
        position = np.empty(len(nodes), dtype=int)
    initial = max(g.connected_components().sizes(), default=0)
    curve = [1.0]
    while g.vcount() > block:
        if queue is not None:
            wanted, queue = queue[:block], queue[block:]
            position[ids] = np.arange(len(ids))
            targets = position[wanted]
        elif g.ecount() == 0:
            targets = np.arange(block)
        else:
            if strategy == "degree":
                scores = g.degree()
            elif strategy == "pagerank":
                scores = g.pagerank(directed=False)
            else:
                left = g.vcount()
                if left <= SOURCES:
                    scores = g.betweenness(directed=False)
                else:
                    sources = sorted(random.Random(seed + left).sample(range(left), SOURCES))
                    scores = g.betweenness(directed=False, sources=sources)
            targets = np.lexsort((ids, -rounded(scores)))[:block]
        g.delete_vertices(targets.tolist())
        ids = np.delete(ids, targets)
        curve.append(max(g.connected_components().sizes(), default=0) / initial)
    return curve
