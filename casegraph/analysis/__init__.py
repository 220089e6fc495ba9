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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from casegraph.analysis.arrays import Projection, project_arrays
from casegraph.analysis.centrality import (
    CLOSENESS_PIVOTS,
    MEASURES,
    Engine,
    centrality_arrays,
    centrality_table,
    empty_table,
    ranks,
    resolve_engine,
)
from casegraph.analysis.cluster_figures import cluster_table
from casegraph.analysis.communities import SEED, clusters_of, find_clusters
from casegraph.analysis.project import project
from casegraph.analysis.structure import (
    StructureVerdict,
    as_networkx,
    cluster_verdict,
    degree_centralisation,
    judge,
)
from casegraph.idle_gc import paused

__all__ = ["MEASURES", "CaseAnalysis", "analyse", "cluster_verdict", "degree_centralisation",
           "project", "sampling_note", "sampling_notes", "with_measure"]

FORMAT = "casegraph-analysis/1"


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
        fallbacks), in words.
    verdict : StructureVerdict
        The structure verdict of the whole network (its ``clusters`` left empty: see
        :func:`cluster_verdict`).
    clusters : pandas.DataFrame
        One row per cluster (see :func:`casegraph.analysis.cluster_figures.cluster_table`).
    sampling : dict
        How each measure was obtained: ``{"betweenness": {"sampled", "sources", "of",
        "error"}, "closeness": {"sampled", "pivots", "of", "error"}}``; ``error`` is the
        typical relative standard error of the ten highest values (0 when exact).
    projection : Projection or None
        The projected graph the analysis ran on, kept in memory for :func:`cluster_verdict`;
        not part of :meth:`to_dict`.
    """

    centrality: pd.DataFrame
    communities: dict[Any, int]
    community_sizes: list[int]
    modularity: float
    summary: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    verdict: StructureVerdict | None = None
    clusters: pd.DataFrame | None = None
    sampling: dict[str, dict[str, Any]] = field(default_factory=dict)
    projection: Projection | None = field(default=None, repr=False, compare=False)

    @property
    def sampling_notes(self) -> dict[str, str]:
        """measure -> how it was estimated, in words (sampled measures only), e.g.
        ``{"betweenness": "Betweenness estimated from 500 of 100,000 sources (about ±3.1%
        for the ten highest values)."}``; the same sentences open :attr:`notes`."""
        return sampling_notes(self.sampling)

    def to_dict(self) -> dict[str, Any]:
        """Compact plain data (lists and numbers; JSON-safe when node ids are), enough for
        :meth:`from_dict` to give the same result without analysing again."""
        table = self.centrality
        return {
            "format": FORMAT,
            "nodes": list(table.index),
            "measures": {name: table[name].to_numpy(dtype=float).tolist() for name in MEASURES},
            "eigenvector_method": table.attrs.get("eigenvector_method", "power"),
            "communities": [int(self.communities[node]) for node in table.index],
            "community_sizes": [int(s) for s in self.community_sizes],
            "modularity": float(self.modularity),
            "summary": dict(self.summary),
            "notes": list(self.notes),
            "verdict": self.verdict.to_dict() if self.verdict is not None else None,
            "clusters": (None if self.clusters is None else
                         {c: self.clusters[c].tolist() for c in self.clusters.columns}),
            "sampling": {k: dict(v) for k, v in self.sampling.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseAnalysis:
        """The analysis :meth:`to_dict` described (without its in-memory projection)."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a stored analysis of format {FORMAT}")
        nodes = list(data["nodes"])
        table = pd.DataFrame(index=pd.Index(nodes, dtype=object))
        if not nodes:
            table = empty_table(nodes)
        else:
            for name in MEASURES:
                table[name] = np.asarray(data["measures"][name], dtype=float)
            for name in MEASURES:
                table[f"rank_{name}"] = ranks(table[name].to_numpy())
        table.attrs["eigenvector_method"] = data.get("eigenvector_method", "power")
        clusters = data.get("clusters")
        if clusters is not None:
            clusters = pd.DataFrame(clusters)
            clusters["top"] = clusters["top"].astype(object)
            clusters.index = pd.RangeIndex(len(clusters), name="cluster")
        verdict = data.get("verdict")
        return cls(table, dict(zip(nodes, data["communities"], strict=True)),
                   list(data["community_sizes"]), float(data["modularity"]),
                   dict(data["summary"]), list(data["notes"]),
                   StructureVerdict.from_dict(verdict) if verdict is not None else None,
                   clusters, {k: dict(v) for k, v in data["sampling"].items()})


def analyse(case: Any, *, engine: Engine = "auto", seed: int = SEED,
            sources: int | None = None, pivots: int = CLOSENESS_PIVOTS,
            progress: Callable[[str], None] | None = None) -> CaseAnalysis:
    """Centralities, clusters, summary figures and the structure verdict of a case.

    Parameters
    ----------
    case : Case or networkx graph
        A :class:`~casegraph.model.Case` (its ``graph`` and ``directed`` are used) or a bare
        networkx graph (directed when ``graph.is_directed()``), e.g. a people network.
    engine : {"auto", "networkx", "igraph"}
        "auto": networkx up to ``LARGE_GRAPH`` nodes, arrays and igraph above.
    seed : int
        Seed of the clusters and of the betweenness and closeness samples.
    sources, pivots : int
        Sample sizes of betweenness (sources) and closeness (pivots, above 5,000 nodes) on
        the igraph engine; a sample as large as the network is exact. ``sources`` None:
        ``BETWEENNESS_SAMPLES`` (500), fewer on the largest graphs
        (:func:`~casegraph.analysis.centrality.betweenness_sources`: 125 at 100k nodes /
        300k pairs), the error stated in :attr:`CaseAnalysis.sampling_notes` either way.
    progress : callable, optional
        Called with ``"clusters"`` as the clusters are looked for, then ``"figures"`` as
        the centralities are worked out (an upload's progress bar names them); it may
        raise to stop the analysis.

    Returns
    -------
    CaseAnalysis

    Notes
    -----
    The links are projected once to a simple weighted graph (both directions and parallel
    links summed). Degree, weighted degree, betweenness, eigenvector, closeness, clusters,
    density, centralisation and the verdict use it (degree = distinct contacts in either
    direction). PageRank follows direction when the case is directed.

    Examples
    --------
    >>> result = analyse(nx.star_graph(4))
    >>> result.summary["centralisation"], int(result.centrality["rank_degree"][0])
    (1.0, 1)
    >>> result.verdict.label, result.sampling["betweenness"]["sampled"]
    ('too small to call', False)
    """
    if isinstance(case, nx.Graph):
        graph, directed = case, case.is_directed()
    else:
        graph, directed = case.graph, bool(case.directed)
    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    p = project_arrays(graph, directed=directed)
    if resolve_engine(p.nodes, engine) == "networkx":
        U = as_networkx(p)
        D = project(graph, directed=True) if directed else None
        step("clusters")
        membership, sizes, q = find_clusters(U, seed=seed, engine="networkx")
        step("figures")
        table = centrality_table(U, D, engine="networkx")
        labels = np.array([membership[node] for node in p.nodes], dtype=np.int64)
        exact = {"sampled": False, "of": p.n, "error": 0.0}
        sampling = {"betweenness": {**exact, "sources": p.n}, "closeness": {**exact,
                                                                          "pivots": p.n}}
        verdict = judge(p, use_networkx=True)
    else:
        # a large case holds millions of objects: a full collection walks them all (seconds
        # at 100k), and nothing made here is cyclic garbage
        with paused():
            step("clusters")
            labels, sizes, q = clusters_of(p, seed=seed)
            step("figures")
            table, sampling = centrality_arrays(p, seed=seed, sources=sources, pivots=pivots)
            membership = dict(zip(p.nodes, labels.tolist(), strict=True))
            verdict = judge(p)
    components = p.graph.connected_components().sizes() if p.n else []
    summary = {
        "entities": p.n,
        "links": p.links,
        "pairs": p.m,
        "components": len(components),
        "largest_component": max(components, default=0),
        "density": 2 * p.m / (p.n * (p.n - 1)) if p.n > 1 else 0.0,
        "centralisation": degree_centralisation_of(p),
        "clusters": len(sizes),
        "modularity": q,
        "directed": directed,
    }
    notes = sampling_note(sampling)
    method = table.attrs.get("eigenvector_method", "power")
    if method != "power":
        notes.append("Eigenvector centrality did not converge by power iteration; "
                     + ("solved with ARPACK." if method == "arpack"
                        else "weighted degree used instead."))
    return CaseAnalysis(table, membership, sizes, q, summary, notes, verdict,
                        cluster_table(p, labels), sampling, p)


def with_measure(analysis: CaseAnalysis, name: str, values: Mapping[Any, float]
                 ) -> CaseAnalysis:
    """The analysis with one more ranked measure: column ``name`` (``values``, 0 for a node
    without one) and ``rank_<name>`` (1 = highest, ties share the best rank), so that the
    panels treat it like every centrality (the slang signal score, for one). The analysis
    passed in is left as it was.

    >>> result = with_measure(analyse(nx.path_graph(3)), "signal", {0: 2.0, 2: 2.0})
    >>> result.centrality[["signal", "rank_signal"]].values.tolist()
    [[2.0, 1.0], [0.0, 3.0], [2.0, 1.0]]
    """
    table = analysis.centrality.copy()
    table[name] = pd.Series(dict(values), dtype=float).reindex(table.index).fillna(0.0)
    table[f"rank_{name}"] = table[name].rank(ascending=False, method="min").astype(int)
    return replace(analysis, centrality=table)


def degree_centralisation_of(p: Projection) -> float:
    from casegraph.analysis.structure import centralisation_of
    return centralisation_of(p.degree)


def sampling_note(sampling: dict[str, dict[str, Any]]) -> list[str]:
    """The sampled measures in words, e.g. "Betweenness estimated from 500 of 100,000
    sources (about ±3% for the ten highest values)."

    >>> sampling_note({"betweenness": {"sampled": True, "sources": 500, "of": 100000,
    ...                                "error": 0.031}})
    ['Betweenness estimated from 500 of 100,000 sources (about ±3.1% for the ten highest values).']
    """
    return list(sampling_notes(sampling).values())


def sampling_notes(sampling: dict[str, dict[str, Any]]) -> dict[str, str]:
    """:func:`sampling_note` by measure name (only the sampled measures), for a panel that
    shows each sentence beside its measure.

    >>> notes = sampling_notes({"closeness": {"sampled": True, "pivots": 500, "of": 10000,
    ...                                       "error": 0.007}, "betweenness": {"sampled": False}})
    >>> list(notes), notes["closeness"][:45]
    (['closeness'], 'Closeness estimated from 500 of 10,000 pivots')
    """
    notes = {}
    for name, s in sampling.items():
        if not s.get("sampled"):
            continue
        unit, k = ("sources", s["sources"]) if "sources" in s else ("pivots", s["pivots"])
        notes[name] = (f"{name.capitalize()} estimated from {k:,} of {s['of']:,} {unit} "
                       f"(about ±{100 * s['error']:.1f}% for the ten highest values).")
    return notes
