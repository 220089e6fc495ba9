"""The page: header, case notes, summary cards, controls | diagram | inspector, hubs and
clusters. Built per page load so the case picker lists cases uploaded since start-up."""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from casegraph.access import Refused
from casegraph.workspace import Workspace
from components import (
    clusters,
    controls,
    diagram,
    header,
    hubs,
    ids,
    inspector,
    mapping_dialog,
    multi_select,
    newer,
    open_tab,
    overlays,
    summary,
    upload_job,
    view_state,
)

# The extension points (header actions, analysis tabs, inspector sections) are listed in
# components/extensions.py, which the inspector reads too.
from components.extensions import ANALYSIS_TABS, HEADER_ACTIONS, INSPECTOR_SECTIONS
from components.state import store_for

PANELS = (header, mapping_dialog, summary, controls, diagram, inspector, hubs, clusters,
          overlays, multi_select, newer, upload_job, view_state)


# Buttons that change a case, run a lookup or create one carry one of these classes; the
# page's root carries ``cg-may-<what>`` for what its user may do, and the stylesheet hides
# the others (the server refuses them anyway: casegraph.session).
ROLE_CLASSES = {"edit": "cg-may-edit", "lookup": "cg-may-lookup", "create": "cg-may-create"}


def role_classes(ws) -> str:
    """``cg-app`` plus a ``cg-may-*`` class for each kind of action the user may take."""
    return " ".join([ids.APP_CLASS, f"cg-role-{ws.role}",
                     *(cls for what, cls in ROLE_CLASSES.items() if ws.can(what))])


def page_for_user(title: str, icon_url: Callable[[str], str]) -> html.Div:
    """The page for the logged-in user (Dash calls this for every page load, and once when
    the server starts serving, whoever asked first: nobody logged in gets an empty page)."""
    import flask
    from flask_login import current_user

    from components.state import workspace

    if not flask.has_request_context() or not current_user.is_authenticated:
        return html.Div(className=ids.APP_CLASS)
    return page(workspace(), title, icon_url)


def validation_page(ws: Workspace, title: str, icon_url: Callable[[str], str]) -> html.Div:
    """Every component of the page, no case open (Dash checks callbacks against it at
    start-up, outside any request)."""
    return page(ws, title, icon_url, blank=True)


def page(ws: Workspace, title: str, icon_url: Callable[[str], str],
         blank: bool = False) -> html.Div:
    case_id = None if blank else ws.default_case_id()
    try:
        store = store_for(ws, case_id, opening=True)
        problem = ""
    except Refused as exc:  # e.g. the audit cannot be written: no case opens unrecorded
        case_id, store, problem = None, None, str(exc)
    # The panels above the diagram are rendered here, filled, so the canvas does not move
    # when their callbacks answer (a moving canvas makes the first click miss its node).
    return html.Div(className=role_classes(ws), children=[
        dcc.Store(id=ids.CASE_STORE, data=store),
        dcc.Store(id=ids.SELECTION, data=None),
        dcc.Store(id=ids.SELECTION_SINK),
        dcc.Store(id=ids.TAP),
        dcc.Store(id=ids.MULTI_SELECTION, data=[]),
        dcc.Store(id=ids.MULTI_SINK),
        dcc.Store(id=ids.CANVAS_SYNC),
        dcc.Store(id=ids.ELEMENTS_STORE),
        *overlays.stores(),
        open_tab.opened_store(store),
        *open_tab.stores(ANALYSIS_TABS),
        *view_state.layout(),
        header.layout(ws, case_id, title,
                      actions=[item for module in HEADER_ACTIONS for item in module.actions(ws)]),
        mapping_dialog.layout(),  # opened by the upload (components/header.py)
        header.alerts(problem),
        newer.layout(),
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
    open_tab.register(app, ANALYSIS_TABS)
