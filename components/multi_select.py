"""Several entities at once: shift-click entities or shift-drag a box on the diagram, then
expand them all in one background lookup (or add them to the arrest list).

The browser keeps the list (``ids.MULTI_SELECTION``, written by assets/casegraph.js when the
diagram's selection changes and two or more entities are selected); this module draws the
bar over the diagram that says what is selected and offers the lookups that apply.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, html

from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace

HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}


def selected_nodes(ws: Workspace, store: Any, nodes: Any) -> list[str]:
    """The entities of ``nodes`` (the browser's list) that are in the case shown."""
    ref = case_ref(store)
    if ref is None or not isinstance(nodes, list):
        return []
    graph = ws.case(*ref).graph
    return [str(n) for n in dict.fromkeys(nodes) if str(n) in graph]


def named(entity_type: str, count: int) -> str:
    """How ``count`` entities of a type are called, from the type catalogue.

    >>> named("person", 1), named("person", 3), named("phone", 2)
    ('person', 'people', 'phones')
    """
    spec = entity_types().get(entity_type, {})
    return str(spec.get("label" if count == 1 else "plural", entity_type)).lower()


def bar(ws: Workspace, store: Any, nodes: Any) -> tuple[dict, list]:
    """``(style, children)`` of the bar: hidden below two entities."""
    chosen = selected_nodes(ws, store, nodes)
    if len(chosen) < 2:
        return HIDDEN, []
    graph = ws.case(*case_ref(store)).graph
    counts: dict[str, int] = {}
    for node in chosen:
        kind = str(graph.nodes[node].get("type", "other"))
        counts[kind] = counts.get(kind, 0) + 1
    kinds = ", ".join(f"{n} {named(kind, n)}"
                      for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    children: list = [html.Span(f"{len(chosen)} selected", className="cg-multi-count"),
                      html.Span(kinds, className="cg-multi-kinds")]
    for provider in ws.enrichment().registry:
        fits = [n for n in chosen if graph.nodes[n].get("type") in provider.input_types]
        children.append(html.Button(
            f"Expand {len(fits)} with {provider.name}" if fits else
            f"{provider.name}: nothing to look up",
            id={"type": ids.ENRICH_BULK_SELECTED, "index": provider.name}, n_clicks=0,
            disabled=not fits,
            className="cg-button cg-button-sm cg-multi-expand cg-needs-lookup",
            title=("Look each of them up in the background (one audited lookup each); the "
                   "diagram stays usable and the job can be cancelled")))
    return SHOWN, children


def layout() -> html.Div:
    """The bar (placed over the diagram by components/diagram.py)."""
    return html.Div(id=ids.MULTI_BAR, className="cg-multi-bar", style=HIDDEN, role="toolbar",
                    **{"aria-label": "Selected entities"}, children=[
        html.Div(id=ids.MULTI_BAR_BODY, className="cg-multi-body"),
        html.Button("Clear", id=ids.MULTI_CLEAR, n_clicks=0,
                    className="cg-button cg-button-sm cg-button-quiet",
                    title="Unselect them all"),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.MULTI_BAR, "style"),
        Output(ids.MULTI_BAR_BODY, "children"),
        Input(ids.MULTI_SELECTION, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_multi(nodes, store):
        return bar(workspace(), store, nodes)

    app.clientside_callback(
        ClientsideFunction("casegraph", "clearSelection"),
        Output(ids.MULTI_SINK, "data"),
        Input(ids.MULTI_CLEAR, "n_clicks"),
        prevent_initial_call=True,
    )
