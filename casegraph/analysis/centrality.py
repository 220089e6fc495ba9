"""Who matters in the network: degree, weighted degree, betweenness, PageRank, eigenvector
and closeness centrality, with ranks.

All measures except PageRank are computed on the *undirected* projection of the case
(:func:`casegraph.analysis.project`): in wiretap and contact data the direction of a call says
who dialled, not who matters, and a contact is a contact either way. PageRank uses the
directed projection when the case is directed, so it rewards being *called* by well-called
people. Weights (call counts) enter weighted degree, PageRank and eigenvector centrality as
strength; betweenness and closeness count hops, because a call count is not a distance.

Small graphs are computed with networkx (the reference). Above ``LARGE_GRAPH`` nodes the
same measures come from arrays and igraph (:func:`centrality_arrays`); betweenness and
closeness are then estimated from fixed-seed samples (:mod:`casegraph.analysis.sampled`),
exact when the sample covers every node, and the sampling error is returned with them.
"""

from __future__ import annotations

from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from casegraph.analysis import sampled
from casegraph.analysis._igraph import LARGE_GRAPH, one_openmp_thread
from casegraph.analysis.arrays import Projection, project_arrays

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
# ... fewer on the largest cases, so that sources x (nodes + pairs) stays within this work
# (see betweenness_sources for why and what it costs).
BETWEENNESS_WORK = 50_000_000
BETWEENNESS_MIN_SOURCES = 100
# Above this many nodes closeness is estimated from distances to sampled pivots (one
# breadth-first search per node: seconds at 10k nodes, minutes at 100k).
CLOSENESS_EXACT_LIMIT = 5_000
CLOSENESS_PIVOTS = 500


def resolve_engine(G: Any, engine: Engine) -> str:
    """"networkx" or "igraph" for a graph (anything with ``len``) and an engine choice."""
    if engine == "auto":
        return "igraph" if len(G) > LARGE_GRAPH else "networkx"
    if engine not in ("networkx", "igraph"):
        raise ValueError(f"unknown engine {engine!r}: use 'auto', 'networkx' or 'igraph'")
    return engine


def betweenness_sources(n: int, m: int, sources: int | None = None) -> int:
    """How many betweenness sources to sample on a graph of ``n`` nodes and ``m`` pairs:
    ``sources`` when given, else ``BETWEENNESS_SAMPLES`` (500) cut to a work budget,
    ``BETWEENNESS_WORK // (n + m)``, never below ``BETWEENNESS_MIN_SOURCES`` (100).

    Why a budget: one source costs a breadth-first search of the whole graph and the
    dependencies back along it, so the figures of an upload cost sources x (n + m). At
    10k nodes / 30k pairs a source takes 1.5-4 ms of CPU; at 100k / 300k 0.10-0.14 s, 30
    times more for 10 times the graph (the search no longer fits the processor's caches).
    500 sources there took 60 s of a 73 s analysis, 250 took 25-30 s, more than the whole
    upload could spend beside reading the file, the clusters and the layout. With a budget
    of 50 million the largest uploads (100k / 300k) take 125 sources, about 15 s; every
    graph up to 25k / 75k keeps 500 (the same sample as before, so the values of smaller
    cases do not change).

    The price is precision: the error of the ten highest values grows like
    ``1 / sqrt(sources)`` (twice the 500-source error at 125). It is measured from the
    sources actually used and stated with them ("Betweenness estimated from 125 of 100,000
    sources, about ±x%", :func:`casegraph.analysis.sampling_notes`). The floor keeps that
    error within reach on the few graphs larger still.

    Closeness pivots are not cut: their searches run 64 at a time on bit sets
    (:func:`casegraph.analysis.sampled.distance_sums`), about 1 s for 500 at 100k.

    >>> betweenness_sources(10_000, 30_000), betweenness_sources(25_000, 75_000)
    (500, 500)
    >>> betweenness_sources(50_000, 150_000), betweenness_sources(100_000, 300_000)
    (250, 125)
    >>> betweenness_sources(1_000_000, 3_000_000), betweenness_sources(100_000, 300_000, 500)
    (100, 500)
    """
    if sources is not None:
        return int(sources)
    budget = BETWEENNESS_WORK // max(1, n + m)
    return int(min(BETWEENNESS_SAMPLES, max(BETWEENNESS_MIN_SOURCES, budget)))


def empty_table(nodes: list) -> pd.DataFrame:
    table = pd.DataFrame(index=pd.Index(nodes, dtype=object))
    for name in MEASURES:
        table[name] = pd.Series(dtype=float)
    for name in MEASURES:
        table[f"rank_{name}"] = pd.Series(dtype=int)
    return table


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
        Seed of the betweenness and closeness samples (large graphs only).

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
    if not nodes:
        return empty_table(nodes)
    if resolve_engine(U, engine) == "igraph":
        p = project_arrays(D if D is not None else U, directed=D is not None)
        return centrality_arrays(p, seed=seed)[0]
    table = pd.DataFrame(index=pd.Index(nodes, dtype=object))
    table["degree"] = [float(d) for _, d in U.degree()]
    table["weighted_degree"] = [float(d) for _, d in U.degree(weight="weight")]
    pr_graph = D if D is not None else U
    eig, table.attrs["eigenvector_method"] = eigenvector(U)
    bc = nx.betweenness_centrality(U, normalized=True)
    pr = nx.pagerank(pr_graph, weight="weight", tol=1e-12, max_iter=1000)
    cc = nx.closeness_centrality(U, wf_improved=True)
    table["betweenness"] = [bc[n] for n in nodes]
    table["pagerank"] = [pr[n] for n in nodes]
    table["eigenvector"] = eig
    table["closeness"] = [cc[n] for n in nodes]
    for name in MEASURES:
        table[f"rank_{name}"] = rank(table[name])
    return table


def centrality_arrays(p: Projection, seed: int = 0, sources: int | None = None,
                      pivots: int = CLOSENESS_PIVOTS,
                      closeness_exact_limit: int = CLOSENESS_EXACT_LIMIT
                      ) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """The same table as :func:`centrality_table`, from a :class:`Projection`, and the
    sampling of the estimated measures (``{"betweenness": {...}, "closeness": {...}}``,
    see :mod:`casegraph.analysis.sampled`). ``sources``: betweenness sources, default
    :func:`betweenness_sources` (fewer on the largest graphs).

    Examples
    --------
    >>> table, sampling = centrality_arrays(project_arrays(nx.star_graph(3)))
    >>> table.loc[0, ["degree", "betweenness", "rank_degree"]].tolist(), sampling["betweenness"]
    ([3.0, 1.0, 1.0], {'sampled': False, 'sources': 4, 'of': 4, 'error': 0.0})
    """
    if p.n == 0:
        return empty_table([]), {}
    table = pd.DataFrame(index=pd.Index(p.nodes, dtype=object))
    table["degree"] = p.degree.astype(float)
    table["weighted_degree"] = (np.bincount(p.source, p.weight, minlength=p.n)
                                + np.bincount(p.target, p.weight, minlength=p.n))
    between, between_info = sampled.betweenness(p.graph, betweenness_sources(p.n, p.m, sources),
                                                seed)
    table["betweenness"] = between
    arcs = p.arcs if p.arcs is not None else p.graph
    one_openmp_thread()
    table["pagerank"] = arcs.pagerank(weights="weight", directed=arcs.is_directed(),
                                      damping=0.85)
    eig, table.attrs["eigenvector_method"] = eigenvector_of_matrix(p.adjacency)
    table["eigenvector"] = eig
    close, close_info = sampled.closeness(p, pivots, seed, closeness_exact_limit)
    table["closeness"] = close
    for name in MEASURES:
        table[f"rank_{name}"] = ranks(table[name].to_numpy())
    return table, {"betweenness": between_info, "closeness": close_info}


def rank(values: pd.Series) -> pd.Series:
    """1 = highest; ties (to about 12 significant digits, so engines agree) share the best
    rank."""
    return pd.Series(ranks(values.to_numpy(dtype=float)), index=values.index)


def ranks(values: np.ndarray) -> np.ndarray:
    """:func:`rank` on an array.

    >>> ranks(np.array([0.5, 0.49999999999999994, 2.0, 0.0])).tolist()
    [2, 2, 1, 4]
    """
    keys = -significant(values)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    position = np.arange(1, len(keys) + 1)
    first = np.r_[True, ordered[1:] != ordered[:-1]] if len(keys) else np.zeros(0, bool)
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = np.maximum.accumulate(np.where(first, position, 0)) if len(keys) else []
    return out


def significant(values: Any, bits: int = 40) -> np.ndarray:
    """Values with the mantissa rounded to ``bits`` bits (about 12 significant digits), so
    float noise in the last digits does not decide ties. Exact and vectorised (powers of two).

    >>> a, b = significant([0.3, 0.1 + 0.2])
    >>> bool(a == b), 0.3 == 0.1 + 0.2
    (True, False)
    """
    mantissa, exponent = np.frexp(np.asarray(values, dtype=float))
    return np.ldexp(np.round(np.ldexp(mantissa, bits)), exponent - bits)


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
    if U.number_of_nodes() == 0 or U.number_of_edges() == 0:
        return np.zeros(U.number_of_nodes()), "power"
    A = nx.to_scipy_sparse_array(U, weight="weight", dtype=float, format="csr")
    return eigenvector_of_matrix(A, tol, max_iter)


def eigenvector_of_matrix(A: sp.csr_array, tol: float = 1e-10, max_iter: int = 2000
                          ) -> tuple[np.ndarray, str]:
    """:func:`eigenvector` of a symmetric weighted adjacency matrix."""
    n = A.shape[0]
    if n == 0 or A.nnz == 0:
        return np.zeros(n), "power"
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
