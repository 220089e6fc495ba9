"""View controls: size measure, colour, hubs, layout, filters by entity type and degree.

All of them change only the stylesheet or the layout of the diagram, never the case, so
none of them recomputes an analysis.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, dcc, html, no_update

from casegraph.analysis import MEASURES
from casegraph.elements import (
    SIGNAL_LABEL,
    SIGNAL_MEASURE,
    default_colouring,
    has_posts,
    neighbour_counts,
)
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import diagram_facts, ids, overview
from components.state import case_ref, workspace
from components.view_defaults import DEFAULT_MEASURE, DEFAULT_TOPK, MAX_TOPK, measure_label

# The browser's force layout stalls past a few hundred nodes (41 s on 1,000): offer it
# only below this size.
FORCE_LAYOUT_LIMIT = 300

LAYOUTS = [
    ("preset", "Computed on the server"),
    ("clusters", "Grouped by cluster"),
    ("concentric", "Concentric by the size measure"),
    ("breadthfirst", "Rings out from the top hub"),
    ("circle", "Circle"),
    ("grid", "Grid"),
    ("cose", "Force-directed (small cases)"),
]


def size_options(ws: Workspace, store: Any, kept: bool = True) -> list[dict[str, str]]:
    """The size measures for the open case: the centralities, plus the slang signal score
    when the case holds posts (its nodes then carry ``sz_signal``); ``kept`` as for
    :func:`filter_options`."""
    options = [{"label": measure_label(m), "value": m} for m in MEASURES]
    ref = case_ref(store)
    if ref is not None and kept and large_case(ws, ref):  # the figures kept with the revision
        posts = "post" in diagram_facts.type_counts(diagram_facts.facts(ws, ref))
    else:
        posts = ref is not None and has_posts(ws.case(*ref))
    if posts:
        options.append({"label": SIGNAL_LABEL, "value": SIGNAL_MEASURE})
    return options


def layout_options(nodes: int) -> list[dict[str, Any]]:
    return [{"label": label, "value": value,
             "disabled": value == "cose" and nodes > FORCE_LAYOUT_LIMIT}
            for value, label in LAYOUTS]


def filter_options(ws: Workspace, store: Any, kept: bool = True) -> dict[str, Any]:
    """Options of the filters for the open case: types present (with counts), degree range.

    ``kept``: a large case's from the figures kept with the revision. An expansion's new
    revision has none kept yet, and making them analyses the revision (1.5 s at 5,000
    entities): its counts are read from the case itself, which the expansion just made."""
    ref = case_ref(store)
    if ref is None:
        return {"types": [], "type_values": [], "max_degree": 10, "nodes": 0}
    if kept and large_case(ws, ref):  # from the figures kept with the revision: no case read
        known = diagram_facts.facts(ws, ref)
        counts = diagram_facts.type_counts(known)
        most = max((int(d) for _, d, _ in known["counts"]), default=1)
        nodes = int(known["nodes"])
    else:
        case = ws.case(*ref)
        counts = case.entity_counts()
        most = max(neighbour_counts(case).values(), default=1)
        nodes = case.graph.number_of_nodes()
    catalogue = entity_types()
    types = [{"label": f"{catalogue.get(t, {}).get('plural', t)} ({n})", "value": t}
             for t, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return {"types": types, "type_values": [t["value"] for t in types],
            "max_degree": max(1, min(most, 20)), "nodes": nodes}


def large_case(ws: Workspace, ref: tuple[str, int]) -> bool:
    """A case drawn as a cluster overview: its controls come from the figures kept with
    the revision (components/diagram_facts.py) instead of a read of the whole case."""
    return ws.entity_count(*ref) > overview.OVERVIEW_ABOVE


def degree_marks(top: int) -> dict[int, str]:
    step = 1 if top <= 6 else 2 if top <= 12 else 5
    return {i: str(i) for i in range(0, top + 1, step)}


def field(label: str, control, hint: str = "") -> html.Div:
    return html.Div(className="cg-field", children=[
        html.Div(label, className="cg-field-label"), control,
        html.Div(hint, className="cg-field-hint") if hint else None,
    ])


def layout() -> html.Aside:
    return html.Aside(className="cg-panel cg-controls", children=[
        html.H2("View", className="cg-panel-title"),
        field("Size by", dcc.Dropdown(
            id=ids.SIZE_MEASURE, clearable=False, value=DEFAULT_MEASURE,
            options=[{"label": measure_label(m), "value": m} for m in MEASURES])),
        field("Colour by", dcc.RadioItems(
            id=ids.COLOUR_BY, value="type", className="cg-radio",
            options=[{"label": "Entity type", "value": "type"},
                     {"label": "Cluster", "value": "community"}])),
        field("Highlight hubs", dcc.Slider(
            id=ids.HUBS_TOPK, min=0, max=MAX_TOPK, step=1, value=DEFAULT_TOPK,
            marks={0: "off", 5: "5", 10: "10", 15: "15", 20: "20", 25: "25"},
            tooltip={"placement": "bottom"}),
            "Top entities by the size measure get a dark ring and a label."),
        field("Layout", dcc.Dropdown(id=ids.LAYOUT_PICKER, value="preset", clearable=False,
                                     options=layout_options(0))),
        html.H2("Filters", className="cg-panel-title"),
        field("Entity types", dcc.Checklist(id=ids.TYPE_FILTER, options=[], value=[],
                                            className="cg-checklist")),
        field("Minimum contacts", dcc.Slider(
            id=ids.MIN_DEGREE, min=0, max=10, step=1, value=0, marks=degree_marks(10))),
        dcc.Store(id=ids.CONTROLS_CASE),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.TYPE_FILTER, "options"),
        Output(ids.TYPE_FILTER, "value"),
        Output(ids.MIN_DEGREE, "max"),
        Output(ids.MIN_DEGREE, "marks"),
        Output(ids.MIN_DEGREE, "value"),
        Output(ids.LAYOUT_PICKER, "options"),
        Output(ids.SIZE_MEASURE, "options"),
        Output(ids.SIZE_MEASURE, "value"),
        Output(ids.COLOUR_BY, "value"),
        Output(ids.CONTROLS_CASE, "data"),
        Input(ids.CASE_STORE, "data"),
        State(ids.SIZE_MEASURE, "value"),
        State(ids.TYPE_FILTER, "value"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.VIEW_MEMORY, "data"),
    )
    def on_case(store, measure, checked, shown_options, memory):
        ws = workspace()
        # an expansion's or a tag's revision: counted from the case, not from figures that
        # would first analyse the new revision
        kept = not (isinstance(store, dict) and store.get("delta"))
        opts = filter_options(ws, store, kept)
        top = opts["max_degree"]
        sizes = size_options(ws, store, kept)
        # keep the analyst's measure unless the new case does not offer it
        value = no_update if measure in {o["value"] for o in sizes} else DEFAULT_MEASURE
        ref = case_ref(store)
        if isinstance(store, dict) and store.get("delta"):
            # an expansion or a tag: the counts follow; the view on screen is not laid on
            # again (ids.CONTROLS_CASE stays, so components/view_state.py is not asked)
            return (*delta_controls(opts, checked, shown_options, sizes, value), no_update,
                    no_update)
        whole = {"case_id": ref[0], "rev": ref[1]} if ref is not None else None
        if ref is not None and isinstance(memory, dict) and memory.get("case_id") == ref[0]:
            # a new revision of the case on screen (a tag, a saved view, a rename): the
            # analyst's controls stay (components/view_state.py)
            kept = delta_controls(opts, checked, shown_options, sizes, value)
            return (*kept[:5], layout_options(opts["nodes"]), *kept[6:], no_update, whole)
        # by cluster when one entity type would paint the whole case one colour
        if ref is None:
            colour = "type"
        elif large_case(ws, ref):
            colour = "community" if len(diagram_facts.type_counts(
                diagram_facts.facts(ws, ref))) <= 1 else "type"
        else:
            colour = default_colouring(ws.case(*ref))
        return (opts["types"], opts["type_values"], top, degree_marks(top), 0,
                layout_options(opts["nodes"]), sizes, value, colour, whole)


def delta_controls(opts: dict[str, Any], checked: list[str] | None,
                   shown_options: list[dict] | None, sizes: list[dict[str, str]],
                   measure: Any) -> tuple:
    """The controls' outputs when a few entities were added to the case on screen (an
    expansion): the analyst's filters stay as they are (a change would restyle the whole
    diagram again); the type counts and the degree range follow the new revision, and a
    type the case did not have before is shown.

    >>> opts = {"types": [{"label": "People (3)", "value": "person"},
    ...                   {"label": "Phones (1)", "value": "phone"}],
    ...         "type_values": ["person", "phone"], "max_degree": 4, "nodes": 4}
    >>> delta_controls(opts, ["person"], opts["types"][:1], [], no_update)[1]
    ['person', 'phone']
    >>> delta_controls(opts, ["person"], opts["types"], [], no_update)[1] is no_update
    True
    """
    before = {o.get("value") for o in shown_options or []}
    fresh = [t for t in opts["type_values"] if t not in before]
    types = [*(checked or []), *fresh] if fresh else no_update
    return (opts["types"], types, opts["max_degree"], degree_marks(opts["max_degree"]),
            no_update, no_update, sizes, measure)
