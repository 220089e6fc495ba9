"""Time in a case: the slices present, the network in a window, activity and hubs per slice.

Links carry time in one of two ways: a ``phase`` number (CAVIAR's 11 wiretap phases) or a
``time`` as ISO-8601 text (calls and posts of the fictional case). A *slice* is one phase, or
one calendar bin of ``time`` (a week by default, Monday to Sunday). Cases with phases are
sliced by phase, others by time ("auto").

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("a", "b", phase=1); G.add_edge("b", "c", phase=2)
0
0
>>> phases(G), sorted(slice_graph(G, phases=[2]).nodes)
([1, 2], ['b', 'c'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from casegraph.analysis.centrality import MEASURES, centrality_table
from casegraph.analysis.project import project

__all__ = ["activity_histogram", "centrality_by_slice", "link_slices", "phases",
           "slice_graph", "slice_kind", "time_bins"]


def _graph(case: Any) -> nx.Graph:
    # a networkx graph also has a ``graph`` attribute (its attribute dict)
    return case if isinstance(case, nx.Graph) else case.graph


def link_phase(value: Any) -> int | None:
    """A link's phase as an int (``3``, ``3.0``, ``"3"``); None when absent or not whole."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number == number and number == int(number) else None


def link_time(value: Any) -> pd.Timestamp | None:
    """A link time as a UTC timestamp; naive times are taken as UTC; None when unreadable."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if stamp is pd.NaT:
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def phases(case: Any) -> list[int]:
    """The phase numbers carried by links, ascending (empty when none)."""
    found = {link_phase(p) for *_, p in _graph(case).edges(data="phase")}
    return sorted(p for p in found if p is not None)


def time_bins(case: Any, freq: str = "W") -> list[dict[str, Any]]:
    """Calendar bins holding at least one timed link, in order.

    Parameters
    ----------
    freq : str
        A pandas period alias: "W" (weeks, Monday-Sunday), "D", "M", ...

    Returns
    -------
    list of dict
        ``label`` (the period as text, e.g. "2024-01-01/2024-01-07"), ``start`` and
        ``end`` (UTC timestamps; a link belongs to the bin when start <= time < end).
    """
    stamps = [t for t in (link_time(v) for *_, v in _graph(case).edges(data="time")) if t]
    periods = sorted({time_period(t, freq) for t in stamps})
    return [{"label": str(p), "start": p.start_time.tz_localize("UTC"),
             "end": (p + 1).start_time.tz_localize("UTC")} for p in periods]


def time_period(stamp: pd.Timestamp, freq: str) -> pd.Period:
    """The calendar period (day ``D``, week ``W``, month ``M``) a UTC time falls in."""
    return stamp.tz_convert(None).to_period(freq)


def slice_kind(case: Any, freq: str = "auto") -> str:
    """"phase" when ``freq`` says so or (auto) links carry phases, else the time ``freq``."""
    if freq == "auto":
        return "phase" if phases(case) else "W"
    return freq


def link_slices(case: Any, freq: str = "auto") -> tuple[str, list[Any]]:
    """The slicing used (``"phase"`` or a time frequency) and the slice labels present."""
    kind = slice_kind(case, freq)
    if kind == "phase":
        return kind, phases(case)
    return kind, [b["label"] for b in time_bins(case, kind)]


def slice_graph(case_graph: Any, upto: Any = None, start: Any = None, end: Any = None,
                phases: Iterable[int] | None = None, *, untimed: bool = False,
                all_nodes: bool = False) -> nx.Graph:
    """Read-only view of the network in a time window.

    Parameters
    ----------
    case_graph : Case or networkx graph
    upto : int or time, optional
        Cumulative view: links of phases <= ``upto`` (an int) or with time <= ``upto``.
    start, end : time, optional
        Links with ``start <= time < end`` (ISO text, datetime or Timestamp).
    phases : iterable of int, optional
        Links whose phase is one of these.
    untimed : bool
        Also keep links with neither phase nor time (registrations, ownership), which hold
        whatever the window.
    all_nodes : bool
        Keep every node, not only those touched by the links kept.

    Returns
    -------
    networkx graph view
        Links in the window and the nodes they touch. With no window at all, the whole
        graph. A link without the field a window asks for (no phase when slicing by
        phase) is outside it unless ``untimed``.

    Examples
    --------
    >>> G = nx.MultiGraph()
    >>> G.add_edge("a", "b", time="2024-01-02T10:00:00Z")
    0
    >>> G.add_edge("b", "c", time="2024-02-02T10:00:00Z")
    0
    >>> sorted(slice_graph(G, start="2024-01-01", end="2024-02-01").edges())
    [('a', 'b')]
    """
    graph = _graph(case_graph)
    wanted = None if phases is None else {int(p) for p in phases}
    by_phase = wanted is not None or isinstance(upto, int)
    lo = link_time(start) if start is not None else None
    hi = link_time(end) if end is not None else None
    top = None if upto is None or isinstance(upto, int) else link_time(upto)
    if wanted is None and upto is None and lo is None and hi is None:
        return graph.subgraph(graph.nodes)

    def keep(data: dict[str, Any]) -> bool:
        if by_phase:
            p = link_phase(data.get("phase"))
            if p is None:
                return untimed and link_time(data.get("time")) is None
            if wanted is not None and p not in wanted:
                return False
            return not (isinstance(upto, int) and p > upto)
        t = link_time(data.get("time"))
        if t is None:
            return untimed and link_phase(data.get("phase")) is None
        return not ((lo is not None and t < lo) or (hi is not None and t >= hi)
                    or (top is not None and t > top))

    if graph.is_multigraph():
        edges = [(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if keep(d)]
    else:
        edges = [(u, v) for u, v, d in graph.edges(data=True) if keep(d)]
    nodes = set(graph.nodes) if all_nodes else {n for e in edges for n in e[:2]}
    edge_set = set(edges)
    if graph.is_multigraph():
        def show_edge(u: Any, v: Any, k: Any) -> bool:
            return (u, v, k) in edge_set or (not graph.is_directed() and (v, u, k) in edge_set)
    else:
        def show_edge(u: Any, v: Any) -> bool:  # type: ignore[misc]
            return (u, v) in edge_set or (not graph.is_directed() and (v, u) in edge_set)
    return nx.subgraph_view(graph, filter_node=nodes.__contains__, filter_edge=show_edge)


def _slice_views(case: Any, freq: str, untimed: bool = False) -> list[tuple[Any, nx.Graph]]:
    kind, labels = link_slices(case, freq)
    if kind == "phase":
        return [(p, slice_graph(case, phases=[p], untimed=untimed)) for p in labels]
    return [(b["label"], slice_graph(case, start=b["start"], end=b["end"], untimed=untimed))
            for b in time_bins(case, kind)]


def activity_histogram(case: Any, freq: str = "auto") -> pd.DataFrame:
    """Links and their summed weight per slice, for a histogram under the time slider.

    Returns
    -------
    pandas.DataFrame
        Columns ``bin`` (phase number or period label), ``start`` (period start; None for
        phases), ``links`` and ``weight``; one row per slice present, in order.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for p, w in [(1, 2), (1, 3), (3, 1)]:
    ...     _ = G.add_edge("a", "b", phase=p, weight=w)
    >>> activity_histogram(G).to_dict("list")
    {'bin': [1, 3], 'start': [None, None], 'links': [2, 1], 'weight': [5.0, 1.0]}
    """
    graph = _graph(case)
    kind, _ = link_slices(case, freq)
    rows: dict[Any, dict[str, Any]] = {}
    bins = {} if kind == "phase" else {b["label"]: b["start"] for b in time_bins(case, kind)}
    for *_, data in graph.edges(data=True):
        if kind == "phase":
            label = link_phase(data.get("phase"))
        else:
            t = link_time(data.get("time"))
            label = str(time_period(t, kind)) if t is not None else None
        if label is None:
            continue
        row = rows.setdefault(label, {"bin": label, "start": bins.get(label), "links": 0,
                                      "weight": 0.0})
        row["links"] += 1
        w = data.get("weight", 1.0)
        row["weight"] += 1.0 if w is None else float(w)
    ordered = sorted(rows.values(), key=lambda r: r["bin"])
    return pd.DataFrame(ordered, columns=["bin", "start", "links", "weight"])


def centrality_by_slice(case: Any, measure: str = "degree", top: int = 8,
                        freq: str = "auto") -> pd.DataFrame:
    """One centrality measure per slice for the most central nodes (small multiples).

    Each slice's links are projected to a simple undirected graph (as in ``analyse``) and
    ``measure`` (a key of ``MEASURES``; "degree" = number of distinct contacts) computed on
    it. The nodes kept are the ``top`` with the highest value in any slice (ties by id).

    Returns
    -------
    pandas.DataFrame
        Index = slice (phase or period label, named ``slice``), columns = node ids, values =
        the measure (0 where the node has no link in that slice).

    Examples
    --------
    >>> G = nx.MultiGraph([("a", "b", {"phase": 1}), ("a", "c", {"phase": 1}),
    ...                    ("c", "b", {"phase": 2}), ("c", "d", {"phase": 2})])
    >>> centrality_by_slice(G, top=2).to_dict()
    {'a': {1: 2.0, 2: 0.0}, 'c': {1: 1.0, 2: 2.0}}
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}: use one of {', '.join(MEASURES)}")
    columns: dict[Any, pd.Series] = {}
    for label, view in _slice_views(case, freq):
        U = project(view)
        if U.number_of_edges() == 0:
            columns[label] = pd.Series(dtype=float)
            continue
        if measure == "degree":
            values = pd.Series(dict(U.degree()), dtype=float)
        else:
            values = centrality_table(U, engine="networkx")[measure].astype(float)
        columns[label] = values
    table = pd.DataFrame(columns).T.fillna(0.0)
    table.index.name = "slice"
    if table.empty:
        return table
    best = table.max().sort_values(ascending=False, kind="stable")
    order = sorted(best.index, key=lambda n: (-best[n], str(n)))[:top]
    return table[order]

