"""The page: header, case notes, summary cards, controls | diagram | inspector, hubs and
clusters. Built per page load so the case picker lists cases uploaded since start-up."""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from casegraph.workspace import Workspace
from components import (
    audit_panel,
    briefing,
    case_settings,
    cases,
    clusters,
    controls,
    diagram,
    disruption_panel,
    enrich,
    exports,
    header,
    hubs,
    ids,
    inspector,
    multi_select,
    overlays,
    paths_panel,
    signals_panel,
    structure_panel,
    summary,
    tags,
    time_panel,
)
from components.state import store_for

PANELS = (header, summary, controls, diagram, inspector, hubs, clusters, overlays,
          multi_select)

# Extension points. Each module listed here has ``register(app)`` and:
# - HEADER_ACTIONS: ``actions(ws) -> list`` (buttons and dialogs in the header's action row);
# - ANALYSIS_TABS: ``TAB_ID``, ``TAB_LABEL`` and ``layout() -> component`` (a tab below the
#   diagram; panels that mark the diagram write an overlay store, see components/overlays.py);
# - INSPECTOR_SECTIONS: ``inspector_section(ws, ref, node) -> list`` (extra blocks in the
#   inspector for a selected entity, after its attributes).
HEADER_ACTIONS: tuple = (case_settings, enrich, briefing, exports, cases)
ANALYSIS_TABS: tuple = (structure_panel, disruption_panel, paths_panel, signals_panel,
                         time_panel, tags, audit_panel)
INSPECTOR_SECTIONS: tuple = (enrich, tags, disruption_panel)


def page(ws: Workspace, title: str, icon_url: Callable[[str], str]) -> html.Div:
    case_id = ws.default_case_id()
    store = store_for(ws, case_id)
    # The panels above the diagram are rendered here, filled, so the canvas does not move
    # when their callbacks answer (a moving canvas makes the first click miss its node).
    return html.Div(className=ids.APP_CLASS, children=[
        dcc.Store(id=ids.CASE_STORE, data=store),
        dcc.Store(id=ids.SELECTION, data=None),
        dcc.Store(id=ids.SELECTION_SINK),
        dcc.Store(id=ids.TAP),
        dcc.Store(id=ids.MULTI_SELECTION, data=[]),
        dcc.Store(id=ids.MULTI_SINK),
        dcc.Store(id=ids.CANVAS_SYNC),
        dcc.Store(id=ids.ELEMENTS_STORE),
        *overlays.stores(),
        header.layout(ws, case_id, title,
                      actions=[item for module in HEADER_ACTIONS for item in module.actions(ws)]),
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
        analysis_tabs(),
    ])


def analysis_tabs() -> html.Section | None:
    """The analysis panels (structure, disruption, paths, signals, time, audit) as tabs."""
    if not ANALYSIS_TABS:
        return None
    return html.Section(className="cg-panel cg-tabs-panel", children=[
        dcc.Tabs(id=ids.ANALYSIS_TABS, value=ANALYSIS_TABS[0].TAB_ID, className="cg-tabs",
                 children=[dcc.Tab(label=m.TAB_LABEL, value=m.TAB_ID, className="cg-tab",
                                   selected_className="cg-tab-selected",
                                   children=m.layout()) for m in ANALYSIS_TABS]),
    ])


def register(app) -> None:
    """Register the callbacks of every panel (and the selection plumbing) on ``app``."""
    from components import jscontract, selection

    jscontract.install(app)  # the ids and class names assets/casegraph.js uses
    extensions = tuple(dict.fromkeys(HEADER_ACTIONS + ANALYSIS_TABS + INSPECTOR_SECTIONS))
    for panel in PANELS + (selection,) + extensions:
        if hasattr(panel, "register"):
            panel.register(app)
