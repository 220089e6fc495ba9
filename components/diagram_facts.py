"""What the diagram's stylesheet, legend and status line need to know of a large case, kept
with its revision so that they are made without reading the case.

A case above ``overview.OVERVIEW_ABOVE`` entities opens as a cluster overview whose first
payload is kept (``diagram.FIRST_OVERVIEW``); its stylesheet, legend and "N entities" line
need a few figures of the whole case besides: whether it is directed, the box of its stored
positions (the zoom that fits it), its cluster sizes, its type counts, its most central
entities by every measure (the hub rings), how many entities each type and number of
neighbours holds (the filters) and how its links are drawn. Reading the 80 MB case back to
find them took several seconds of a restarted server's time and held the case's stylesheet
back by far more; they are a few kB, made once with the first overview and kept
(``Workspace.kept``).

The stylesheet made here is the one ``diagram.view_stylesheet`` makes from the case itself
(the tests compare them), so the sheet sent with the first overview
(``diagram.elements_payload``) and the stylesheet callback's answer are equal, and the
canvas styles the overview once (``casegraph.load`` in assets/casegraph.js).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from casegraph.analysis import MEASURES
from casegraph.elements import (
    SIGNAL_MEASURE,
    display_positions,
    drawn_lines,
    fitted_zoom,
    neighbour_counts,
    top_nodes,
)
from components.state import ranked_analysis
from components.stylesheet import stylesheet
from components.view_defaults import DEFAULT_MEASURE, DEFAULT_TOPK, MAX_TOPK

# Kept under this name with the revision (the analyses table; at most 16 characters). A
# new name makes older ones be made again.
FACTS = "view-facts:v1"


def case_facts(case: Any, analysis: Any) -> dict[str, Any]:
    """The figures of ``case`` (with its ranked ``analysis``) the diagram's stylesheet,
    legend and status need, as plain data.

    >>> from types import SimpleNamespace
    >>> import pandas as pd
    >>> from casegraph.model import Case
    >>> case = Case(directed=False)
    >>> for n in ("a", "b", "c"):
    ...     _ = case.add_entity(n, "person", f"{n.upper()} Fictional")
    >>> _ = case.add_link("a", "b", "call"); _ = case.add_link("a", "c", "call")
    >>> analysis = SimpleNamespace(community_sizes=[3], centrality=pd.DataFrame(
    ...     {"degree": [1.0, 0.5, 0.5]}, index=["a", "b", "c"]))
    >>> facts = case_facts(case, analysis)
    >>> facts["ranked"]["degree"], facts["counts"], facts["lines"]
    (['a', 'b', 'c'], [['person', 1, 2], ['person', 2, 1]], [2, 2, 2])
    """
    positions = display_positions(case)
    box = None
    if positions:
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        box = [min(xs), min(ys), max(xs), max(ys)]
    degree = neighbour_counts(case)
    counts = Counter((t, degree.get(n, 0)) for n, t in case.graph.nodes(data="type"))
    lines, pairs = drawn_lines(case)
    measures = [*MEASURES, SIGNAL_MEASURE]
    return {
        "directed": bool(case.directed),
        "nodes": case.graph.number_of_nodes(),
        "box": box,
        "community_sizes": [int(s) for s in analysis.community_sizes],
        "types": [[t, int(n)] for t, n in case.entity_counts().items()],
        "ranked": {m: top_nodes(analysis, m, MAX_TOPK) for m in measures
                   if m in analysis.centrality.columns},
        "counts": [[t, d, n] for (t, d), n in sorted(counts.items(),
                                                       key=lambda kv: (str(kv[0][0]),
                                                                       kv[0][1]))],
        "lines": [case.graph.number_of_edges(), lines, pairs],
    }


def facts(ws: Any, ref: tuple[str, int]) -> dict[str, Any]:
    """:func:`case_facts` of a revision, made once and kept with it."""
    return ws.kept(ref[0], ref[1], FACTS,
                   lambda: case_facts(ws.case(*ref), ranked_analysis(ws, ref)))


def fit_zoom(known: Mapping[str, Any], panel: tuple[float, float] | None = None) -> float:
    """``elements.fitted_zoom`` of the case's stored positions, from their box."""
    size = dict(zip(("width", "height"), panel, strict=True)) if panel else {}
    box = known.get("box")
    if not box:
        return fitted_zoom({}, **size)
    return fitted_zoom({"a": (box[0], box[1]), "b": (box[2], box[3])}, **size)


def sheet(known: Mapping[str, Any], icon_url: Callable[[str], str], measure: str,
          colour_by: str, topk: int, hidden: Iterable[str], min_degree: int,
          panel: tuple[float, float] | None = None, bubbles_zoom: float | None = None
          ) -> list[dict[str, Any]]:
    """The stylesheet ``diagram.view_stylesheet`` makes for the case, from its facts
    (``bubbles_zoom``: the zoom its overview opens with, ``elements.overview_zoom``)."""
    hubs = list((known.get("ranked") or {}).get(measure, []))[:max(0, int(topk or 0))]
    return stylesheet(
        icon_url, measure=measure, colour_by=colour_by,
        communities=len(known["community_sizes"]), hubs=hubs, hidden_types=hidden,
        min_degree=int(min_degree or 0), directed=known["directed"], nodes=known["nodes"],
        fit_zoom=fit_zoom(known, panel), bubbles_zoom=bubbles_zoom)


def first_sheet(ws: Any, ref: tuple[str, int], icon_url: Callable[[str], str],
                measure: Any = None, topk: Any = DEFAULT_TOPK,
                panel: tuple[float, float] | None = None, bubbles_zoom: float | None = None
                ) -> list[dict[str, Any]]:
    """The stylesheet a large case opens with: the controls as components/controls.py sets
    them for a case just opened (its default colouring, every type shown, no minimum
    contacts), the size measure and hub count the analyst has."""
    colour = "community" if ws.one_kind(*ref) else "type"
    return sheet(facts(ws, ref), icon_url, str(measure or DEFAULT_MEASURE), colour,
                 DEFAULT_TOPK if topk is None else int(topk), (), 0, panel, bubbles_zoom)


def shown(known: Mapping[str, Any], hidden: Iterable[str], min_degree: int) -> int:
    """How many entities the type and degree filters leave on screen."""
    hidden = set(hidden)
    least = int(min_degree or 0)
    return sum(n for t, d, n in known["counts"] if t not in hidden and d >= least)


def type_counts(known: Mapping[str, Any]) -> dict[str, int]:
    """Entities of each type, in the case's order (``Case.entity_counts``)."""
    return {t: n for t, n in known["types"]}
