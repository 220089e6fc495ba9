"""Who matters in the network: degree, weighted degree, betweenness, PageRank, eigenvector
and closeness centrality, with ranks.

All measures except PageRank are computed on the *undirected* projection of the case
(:func:`casegraph.analysis.project`): in wiretap and contact data the direction of a call says
who dialled, not who matters, and a contact is a contact either way. PageRank uses the
directed projection when the case is directed, so it rewards being *called* by well-called
people. Weights (call counts) enter weighted degree, PageRank and eigenvector centrality as
strength; betweenness and closeness count hops, because a call count is not a distance.

Small graphs are computed with networkx (the reference). Above ``LARGE_GRAPH`` nodes the
same measures come from igraph; betweenness is then estimated from a fixed-seed sample of
source nodes (networkx's ``k`` estimator), which is exact when the sample covers all nodes.
"""

from __future__ import annotations

import random
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from casegraph.analysis._igraph import LARGE_GRAPH, to_igraph

Engine = Literal["auto", "networkx", "igraph"]

MEASURES: dict[str, str] = {
    "degree": "Degree (number of contacts)",
    "weighted_degree": "Weighted degree (volume of contact)",
    "betweenness": "Betweenness (broker between others)",
    "pagerank": "PageRank (contacted by important people)",
    "eigenvector": "Eigenvector (connected to well-connected people)",
    "closeness": "Closeness (few steps to everyone)",
}

# Sources sampled for betweenness on large graphs; error shrinks like 1/sqrt(samples).
BETWEENNESS_SAMPLES = 500
# Above this many nodes closeness is estimated from distances to sampled pivots (one
# breadth-first search per node: 4 s at 10k nodes, minutes at 100k, even in igraph).
CLOSENESS_EXACT_LIMIT = 5_000
CLOSENESS_PIVOTS = 500


def resolve_engine(G: nx.Graph, engine: Engine) -> str:
    if engine == "auto":
        return "igraph" if G.number_of_nodes() > LARGE_GRAPH else "networkx"
    if engine not in ("networkx", "igraph"):
        raise ValueError(f"unknown engine {engine!r}: use 'auto', 'networkx' or 'igraph'")
    return engine


def centrality_table(U: nx.Graph, D: nx.DiGraph | None = None, engine: Engine = "auto",
                     seed: int = 0) -> pd.DataFrame:
    """Centrality measures and their ranks, one row per node.

    Parameters
    ----------
    U : networkx.Graph
        Undirected simple projection (``project(case.graph)``) with ``weight`` on edges.
    D : networkx.DiGraph, optional
        Directed projection; when given, PageRank follows link direction.
    engine : {"auto", "networkx", "igraph"}
        "auto" uses igraph above ``LARGE_GRAPH`` nodes.
    seed : int
        Seed of the betweenness source sample (large graphs only).

    Returns
    -------
    pandas.DataFrame
        Index = node id (order of ``U``); columns = the keys of ``MEASURES`` then
        ``rank_<measure>`` (1 = most central; tied values share the best rank, "min").
        ``betweenness`` and ``closeness`` are normalised to [0, 1] as networkx does;
        ``pagerank`` sums to 1; ``eigenvector`` has unit Euclidean norm.

    Examples
    --------
    >>> table = centrality_table(nx.star_graph(3))
    >>> table.loc[0, ["degree", "betweenness", "rank_degree"]].tolist()
    [3.0, 1.0, 1.0]
    """
    nodes = list(U)
    table = pd.DataFrame(index=pd.Index(nodes, dtype=object))
    if not nodes:
        for name in MEASURES:
            table[name] = pd.Series(dtype=float)
        for name in MEASURES:
            table[f"rank_{name}"] = pd.Series(dtype=int)
        return table
    engine = resolve_engine(U, engine)
    table["degree"] = [float(d) for _, d in U.degree()]
    table["weighted_degree"] = [float(d) for _, d in U.degree(weight="weight")]
    pr_graph = D if D is not None else U
    eig, table.attrs["eigenvector_method"] = eigenvector(U)
    if engine == "networkx":
        bc = nx.betweenness_centrality(U, normalized=True)
        pr = nx.pagerank(pr_graph, weight="weight", tol=1e-12, max_iter=1000)
        cc = nx.closeness_centrality(U, wf_improved=True)
        table["betweenness"] = [bc[n] for n in nodes]
        table["pagerank"] = [pr[n] for n in nodes]
        table["eigenvector"] = eig
        table["closeness"] = [cc[n] for n in nodes]
    else:
        g = to_igraph(U)
        table["betweenness"] = _ig_betweenness(g, seed)
        gd = to_igraph(pr_graph) if pr_graph is not U else g
        table["pagerank"] = gd.pagerank(weights="weight", directed=gd.is_directed(),
                                        damping=0.85)
        table["eigenvector"] = eig
        table["closeness"] = _ig_closeness(g, seed)
    for name in MEASURES:
        table[f"rank_{name}"] = rank(table[name])
    return table


def rank(values: pd.Series) -> pd.Series:
    """1 = highest; ties (to 12 significant digits, so engines agree) share the best rank."""
    rounded = values.map(lambda x: float(f"{x:.12g}"))
    return rounded.rank(ascending=False, method="min").astype(int)


def eigenvector(U: nx.Graph, tol: float = 1e-10, max_iter: int = 2000
                ) -> tuple[np.ndarray, str]:
    """Eigenvector centrality (weighted) in node order, and how it was obtained; never raises.

    The same power iteration on ``A + I`` as ``networkx.eigenvector_centrality``, vectorised
    with scipy so it also serves large graphs (method ``"power"``). On a disconnected graph
    the leading eigenvector lives on the component with the largest eigenvalue: members of
    other components get values near zero. When the iteration does not converge (two
    components with nearly equal eigenvalues), scipy's ARPACK solver is used (``"arpack"``);
    should that fail too, weighted degree scaled to unit norm stands in (``"strength"``).

    Examples
    --------
    >>> values, method = eigenvector(nx.path_graph(3))
    >>> [round(float(v), 4) for v in values], method
    ([0.5, 0.7071, 0.5], 'power')
    """
    n = U.number_of_nodes()
    if n == 0 or U.number_of_edges() == 0:
        return np.zeros(n), "power"
    A = nx.to_scipy_sparse_array(U, weight="weight", dtype=float, format="csr")
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = A @ last + last
        x /= np.linalg.norm(x) or 1.0
        if np.abs(x - last).sum() < n * tol:
            return _clean(x), "power"
    try:
        _, vecs = sp.linalg.eigsh(A, k=1, which="LA", maxiter=max(1000, 50 * n), tol=0)
        return _clean(np.abs(vecs[:, 0])), "arpack"
    except Exception:  # noqa: BLE001 - ARPACK failures have several types; fall back
        return _clean(np.asarray(A.sum(axis=1)).ravel()), "strength"


def _clean(x: np.ndarray) -> np.ndarray:
    x = np.where(np.abs(x) < 1e-12, 0.0, x)
    norm = np.linalg.norm(x)
    return x / norm if norm else x


def _ig_betweenness(g, seed: int) -> list[float]:
    n = g.vcount()
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))  # networkx's normalisation for undirected graphs
    if n <= BETWEENNESS_SAMPLES:
        raw = g.betweenness(directed=False)
    else:
        sources = sorted(random.Random(seed).sample(range(n), BETWEENNESS_SAMPLES))
        raw = g.betweenness(directed=False, sources=sources)
        scale *= n / BETWEENNESS_SAMPLES
    return [b * scale for b in raw]


def _ig_closeness(g, seed: int = 0) -> list[float]:
    """Wasserman-Faust closeness, as ``networkx.closeness_centrality(wf_improved=True)``.

    igraph's normalised closeness uses only reachable nodes: (r - 1) / sum of distances,
    r = size of the node's component. Wasserman and Faust scale it by (r - 1) / (n - 1) so
    a node central in a small fragment does not outrank one central in the main network.
    Above ``CLOSENESS_EXACT_LIMIT`` nodes the mean distance of a node to its component is
    estimated from ``CLOSENESS_PIVOTS`` random pivots (Eppstein-Wang); nodes whose component
    holds no pivot (small fragments) are computed exactly.
    """
    n = g.vcount()
    if n <= 1:
        return [0.0] * n
    membership = np.asarray(g.connected_components().membership)
    sizes = np.bincount(membership)
    r = sizes[membership].astype(float)
    if n <= CLOSENESS_EXACT_LIMIT:
        raw = np.array(g.closeness(mode="all", normalized=True), dtype=float)
    else:
        raw = _pivot_closeness(g, membership, seed)
    raw = np.nan_to_num(raw, nan=0.0)
    return [float(v) for v in np.where(r > 1, raw * (r - 1) / (n - 1), 0.0)]


def _pivot_closeness(g, membership: np.ndarray, seed: int) -> np.ndarray:
    n = g.vcount()
    pivots = sorted(random.Random(seed).sample(range(n), CLOSENESS_PIVOTS))
    total = np.zeros(n)
    hits = np.zeros(n)
    for start in range(0, len(pivots), 50):  # 50 rows of n distances at a time bound memory
        block = np.asarray(g.distances(source=pivots[start:start + 50], mode="all"), dtype=float)
        reach = np.isfinite(block) & (block > 0)
        total += np.where(reach, block, 0.0).sum(axis=0)
        hits += reach.sum(axis=0)
    raw = np.zeros(n)
    seen = hits > 0
    raw[seen] = hits[seen] / total[seen]
    covered = set(membership[pivots].tolist())
    rest = [v for v in range(n) if membership[v] not in covered]
    if rest:
        raw[rest] = np.nan_to_num(np.array(g.closeness(vertices=rest, mode="all",
                                                       normalized=True), dtype=float))
    return raw
