"""Network analysis of a case: who matters, which clusters, how the network is shaped.

Everything here takes a graph (or a :class:`~casegraph.model.Case`) first and returns plain
data; nothing is cached or mutated here (the workspace caches per case revision).

>>> from casegraph.model import Case
>>> case = Case(graph=nx.MultiDiGraph([("a", "b"), ("b", "c")]))
>>> result = analyse(case)
>>> result.summary["entities"], int(result.centrality["rank_betweenness"]["b"])
(3, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from casegraph.analysis.centrality import (
    BETWEENNESS_SAMPLES,
    MEASURES,
    Engine,
    centrality_table,
    resolve_engine,
)
from casegraph.analysis.communities import SEED, louvain
from casegraph.analysis.project import project

__all__ = ["MEASURES", "CaseAnalysis", "analyse", "degree_centralisation", "project"]


@dataclass
class CaseAnalysis:
    """Results of :func:`analyse` for one case revision.

    Attributes
    ----------
    centrality : pandas.DataFrame
        Index = node id; columns = the keys of ``MEASURES`` and ``rank_<measure>``
        (1 = most central, ties share the best rank).
    communities : dict
        node id -> cluster number; 0 = the largest cluster.
    community_sizes : list of int
        Size of each cluster, largest first.
    modularity : float
        How cleanly the network splits into those clusters (0 = no better than chance;
        above ~0.3 = clear clusters).
    summary : dict
        ``entities``, ``links`` (links as recorded, parallel calls counted), ``pairs``
        (connected pairs of entities), ``components``, ``largest_component`` (nodes),
        ``density``, ``centralisation`` (Freeman degree centralisation, 0..1), ``clusters``,
        ``modularity``, ``directed``.
    notes : list of str
        Things an analyst should know about how the numbers were computed (estimates,
        fallbacks).
    """

    centrality: pd.DataFrame
    communities: dict[Any, int]
    community_sizes: list[int]
    modularity: float
    summary: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def analyse(case: Any, *, engine: Engine = "auto", seed: int = SEED) -> CaseAnalysis:
    """Centralities, clusters and summary figures of a case.

    Parameters
    ----------
    case : Case or networkx graph
        A :class:`~casegraph.model.Case` (its ``graph`` and ``directed`` are used) or a bare
        networkx graph (directed when ``graph.is_directed()``).
    engine : {"auto", "networkx", "igraph"}
        "auto": networkx up to ``LARGE_GRAPH`` nodes, igraph above (see ``centrality``).
    seed : int
        Seed of Louvain and of the betweenness sample on large graphs.

    Returns
    -------
    CaseAnalysis

    Notes
    -----
    Degree, weighted degree, betweenness, eigenvector, closeness, clusters, density and
    centralisation use the undirected projection (degree = distinct contacts in either
    direction). PageRank follows direction when the case is directed.

    Examples
    --------
    >>> result = analyse(nx.star_graph(4))
    >>> result.summary["centralisation"], int(result.centrality["rank_degree"][0])
    (1.0, 1)
    """
    if isinstance(case, nx.Graph):
        graph, directed = case, case.is_directed()
    else:
        graph, directed = case.graph, bool(case.directed)
    U = project(graph)
    D = project(graph, directed=True) if directed else None
    table = centrality_table(U, D, engine=engine, seed=seed)
    membership, sizes, q = louvain(U, seed=seed, engine=engine)
    notes = []
    n = U.number_of_nodes()
    if n and resolve_engine(U, engine) == "igraph" and n > BETWEENNESS_SAMPLES:
        notes.append(f"Betweenness estimated from {BETWEENNESS_SAMPLES} sampled "
                     f"starting points ({n} entities).")
    method = table.attrs.get("eigenvector_method", "power")
    if method != "power":
        notes.append("Eigenvector centrality did not converge by power iteration; "
                     + ("solved with ARPACK." if method == "arpack"
                        else "weighted degree used instead."))
    components = list(nx.connected_components(U)) if n else []
    summary = {
        "entities": graph.number_of_nodes(),
        "links": graph.number_of_edges(),
        "pairs": U.number_of_edges(),
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "density": nx.density(U) if n > 1 else 0.0,
        "centralisation": degree_centralisation(U),
        "clusters": len(sizes),
        "modularity": q,
        "directed": directed,
    }
    return CaseAnalysis(table, membership, sizes, q, summary, notes)


def degree_centralisation(G: nx.Graph) -> float:
    """Freeman degree centralisation of an undirected graph, 0 (all equal) .. 1 (a star).

    Sum over nodes of (max degree - degree), divided by its largest possible value for n
    nodes, (n - 1)(n - 2), which a star attains. Graphs of fewer than 3 nodes give 0.

    Examples
    --------
    >>> degree_centralisation(nx.star_graph(5)), degree_centralisation(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in G.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))
