"""The page: header, case notes, summary cards, controls | diagram | inspector, hubs and
clusters. Built per page load so the case picker lists cases uploaded since start-up."""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from casegraph.workspace import Workspace
from components import clusters, controls, diagram, header, hubs, ids, inspector, summary
from components.state import store_for

PANELS = (header, summary, controls, diagram, inspector, hubs, clusters)


def page(ws: Workspace, title: str, icon_url: Callable[[str], str]) -> html.Div:
    case_id = ws.default_case_id()
    store = store_for(ws, case_id)
    # The panels above the diagram are rendered here, filled, so the canvas does not move
    # when their callbacks answer (a moving canvas makes the first click miss its node).
    return html.Div(className="cg-app", children=[
        dcc.Store(id=ids.CASE_STORE, data=store),
        dcc.Store(id=ids.SELECTION, data=None),
        dcc.Store(id=ids.SELECTION_SINK),
        dcc.Store(id=ids.TAP),
        dcc.Store(id=ids.CANVAS_SYNC),
        dcc.Store(id=ids.ELEMENTS_STORE),
        header.layout(ws, case_id, title),
        header.alerts(),
        html.Div(id=ids.CASE_INFO, className="cg-case-info",
                 children=header.case_info(ws, store)),
        summary.layout(summary.summary_cards(ws, store)),
        html.Div(className="cg-main", children=[
            controls.layout(),
            diagram.layout(icon_url),
            inspector.layout(),
        ]),
        html.Div(className="cg-lower", children=[hubs.layout(), clusters.layout()]),
    ])


def register(app) -> None:
    """Register the callbacks of every panel (and the selection plumbing) on ``app``."""
    from components import selection

    for panel in PANELS + (selection,):
        if hasattr(panel, "register"):
            panel.register(app)
