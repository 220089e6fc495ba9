"""Briefing: a one-screen command summary of the case, and a presentation mode.

The summary answers what command staff ask first: how big is it, what kind of ring, who
matters, which groups, whom to arrest first, where the data came from and how fresh it is
(the figures as plain data come from ``casegraph.briefing``; this module lays them out).
Presentation mode shows the diagram alone, full screen, with large labels and the legend;
the arrow keys (or Page Up / Page Down) step through the case's saved views ("slides"),
Escape leaves. A slide is a view state (components/view_state.py): viewport, size, colour,
hubs, filters, the highlighted entity and the marks; ``view_state.on_view`` lays it on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis import MEASURES
from casegraph.briefing import cluster_rows, recommended_targets, structure_sentence, top_hubs
from casegraph.model import entity_types
from casegraph.picture import case_sources, default_classification
from casegraph.workspace import Workspace
from components import ids
from components.cases import add_view, delete_view
from components.state import ENTITIES, analysis_for, case_ref, people_view, workspace
from components.summary import card
from components.view_defaults import measure_label
from components.view_state import (
    VIEW_CONTROLS,
    keeping_viewport,
    marks_state,
    saved_views,
    view_state,
)
from components.widgets import modal


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _type_dot(etype: str, icon_url: Callable[[str], str], large: bool = False) -> html.Span:
    spec = entity_types().get(etype, entity_types()["other"])
    return html.Span(className="cg-brief-dot" + (" cg-brief-dot-lg" if large else ""), style={
        "backgroundColor": spec["colour"],
        "backgroundImage": f"url({icon_url('icons/' + spec['icon'])})"})


def hub_card(hub: Mapping[str, Any], measure: str, icon_url: Callable[[str], str]) -> html.Div:
    spec = entity_types().get(hub["type"], {})
    kind = spec.get("label", hub["type"])
    role = f"{kind} · {hub['role']}" if hub["role"] else kind
    return html.Div(className="cg-brief-hub", **{"data-node": hub["id"]}, children=[
        html.Div(f"#{hub['rank']}", className="cg-brief-rank",
                 title=f"Rank by {measure_label(measure).lower()} (1 = most central)"),
        _type_dot(hub["type"], icon_url, large=True),
        html.Div(className="cg-brief-hub-text", children=[
            html.Div(hub["label"], className="cg-brief-hub-label", title=hub["label"]),
            html.Div(role, className="cg-brief-hub-role"),
            html.Div(f"{measure_label(measure)} {hub['value']:,.3g}"
                     + (f" · cluster {hub['cluster'] + 1}" if hub["cluster"] >= 0 else ""),
                     className="cg-brief-hub-meta"),
        ]),
    ])


def _when(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ") + (" UTC" if stamp else "")


def slide_summary(view: Mapping[str, Any]) -> str:
    parts = [f"size by {measure_label(str(view.get('measure') or 'degree')).lower()}",
             "coloured by cluster" if view.get("colour_by") == "community" else "by type"]
    if view.get("topk"):
        parts.append(f"top {view['topk']} hubs")
    if view.get("hidden_types"):
        parts.append("hiding " + ", ".join(view["hidden_types"]))
    if view.get("min_degree"):
        parts.append(f"≥ {view['min_degree']} contacts")
    selection = view.get("selection") or {}
    if selection.get("kind") == "node":
        parts.append(f"highlight {selection.get('id')}")
    elif selection.get("kind") == "cluster":
        parts.append(f"cluster {int(selection.get('id', 0)) + 1}")
    return ", ".join(parts)


def slides_block(views: list[dict[str, Any]]) -> html.Div:
    items = [html.Li(className="cg-brief-slide", children=[
        html.Span(f"{i + 1}", className="cg-brief-slide-no"),
        html.Div(className="cg-brief-slide-text", children=[
            html.Div(v.get("title") or f"View {i + 1}", className="cg-brief-slide-title"),
            html.Div(slide_summary(v), className="cg-brief-slide-sub"),
        ]),
        html.Button("Show", id={"type": ids.SLIDE_SHOW, "index": i}, n_clicks=0,
                    className="cg-button cg-button-sm", title="Present from this view"),
        html.Button("Delete", id={"type": ids.SLIDE_DELETE, "index": i}, n_clicks=0,
                    className="cg-button cg-button-sm cg-button-quiet cg-needs-edit"),
    ]) for i, v in enumerate(views)]
    if not items:
        items = [html.Li("No saved views yet: arrange the diagram, then save it here. "
                         "Presentation mode steps through saved views with the arrow keys.",
                         className="cg-muted cg-brief-empty")]
    return html.Ol(items, className="cg-brief-slides")


def briefing_body(ws: Workspace, store: Any, measure: str = "degree",
                  icon_url: Callable[[str], str] = lambda p: "/assets/" + p,
                  view: Any = ENTITIES) -> list:
    """The command summary of the open case (a list of components). In the People view
    (``ids.ANALYSIS_VIEW``) the organisation's figures, verdict, hubs, targets and clusters
    are those of the people network; the entity counts and sources stay the case's."""
    ref = case_ref(store)
    if ref is None:
        return [html.Div("No case open.", className="cg-empty")]
    case, analysis = ws.case(*ref), ws.analysis(*ref)
    # what the organisation's figures are counted on: the case, or its people network
    network = case
    if people_view(ws, ref, view):
        from components.people_diagram import picture

        network, analysis = picture(ws, ref), analysis_for(ws, ref, view)
    measure = measure if measure in MEASURES else "degree"
    info = ws.case_info(ref[0])
    s, org = ws.analysis(*ref).summary, analysis.summary
    number = str(case.meta.get("case_number") or "")
    components = org.get("components", 0)
    largest = org.get("largest_component", 0)
    unit = "actors" if network is not case else "entities"
    cards = [
        card("Entities", f"{s.get('entities', 0):,}",
             ", ".join(f"{n} {entity_types().get(t, {}).get('plural', t).lower()}"
                       for t, n in sorted(case.entity_counts().items(),
                                          key=lambda kv: -kv[1])[:3]), "entities"),
        card("Links", f"{s.get('links', 0):,}",
             f"{s['pairs']:,} connected pairs" if "pairs" in s else "", "links"),
        card("Largest group", f"{largest:,}",
             f"of {org.get('entities', 0):,} {unit} · {components} separate group"
             f"{'s' if components != 1 else ''}", "largest"),
        card("Clusters", f"{org.get('clusters', 0):,}",
             f"modularity {org.get('modularity', 0.0):.2f}", "clusters"),
        card("Centralisation", f"{org.get('centralisation', 0.0):.2f}",
             "0 = evenly spread, 1 = a star", "centralisation"),
    ]
    verdict = structure_sentence(network, analysis)
    verdict_block = html.Div(className="cg-brief-verdict", children=[
        html.Div("Structure", className="cg-brief-kicker"),
        html.Div(verdict["label"].capitalize(), className="cg-brief-verdict-label"),
        html.P(verdict["sentence"], className="cg-brief-verdict-text"),
        html.Details([html.Summary("The numbers behind it"),
                      html.P(verdict["detail"], className="cg-field-hint")])
        if verdict["detail"] else None,
    ]) if verdict else None

    hubs = top_hubs(network, analysis, measure)
    targets = recommended_targets(network)
    clusters = cluster_rows(network, analysis)
    sources = case_sources(case)

    right: list[Any] = []
    if targets:
        right += [
            html.H3("Recommended targets", className="cg-brief-h"),
            html.P("In this order: each arrest splits the network most given the earlier "
                   "ones (greedy key-player search).", className="cg-field-hint"),
            html.Ol(className="cg-brief-targets", children=[html.Li(children=[
                _type_dot(t["type"], icon_url),
                html.Span(t["label"], className="cg-brief-target-label"),
                html.Span(f"{_pct(t['fragmentation'])} of pairs cut off · largest group "
                          f"{_pct(t['lcc_share'])}", className="cg-brief-target-meta"),
            ]) for t in targets]),
        ]
    right += [
        html.H3("Clusters", className="cg-brief-h"),
        html.Ul(className="cg-brief-clusters", children=[html.Li(children=[
            html.Span(className="cg-swatch", style={"backgroundColor": c["colour"]}),
            html.Span(f"Cluster {c['number']}", className="cg-cluster-name"),
            html.Span(f"{c['size']:,}", className="cg-cluster-size"),
            html.Span(f"mostly {c['mostly']} · {', '.join(c['key'])}",
                      className="cg-cluster-top"),
        ]) for c in clusters]),
    ]
    more = len(analysis.community_sizes) - len(clusters)
    if more > 0:
        right.append(html.Div(f"and {more:,} smaller cluster{'s' if more != 1 else ''}",
                              className="cg-field-hint"))

    return [
        html.Div(className="cg-brief-head", children=[
            html.Div(className="cg-brief-title", children=[
                html.Span(case.name, className="cg-brief-name"),
                html.Span(f"Case {number}" if number else "No case number",
                          className="cg-brief-number"),
            ]),
            html.Span(default_classification().upper(), className="cg-brief-marking"),
        ]),
        html.Div(cards, className="cg-cards cg-brief-cards"),
        verdict_block,
        html.Div(className="cg-brief-grid", children=[
            html.Div(children=[
                html.H3(f"Top hubs by {measure_label(measure).lower()}",
                        className="cg-brief-h"),
                html.Div([hub_card(h, measure, icon_url) for h in hubs],
                         className="cg-brief-hubs"),
            ]),
            html.Div(right),
        ]),
        html.Div(className="cg-brief-foot", children=[
            html.Div([html.B("Data sources: "),
                      html.Span("; ".join(sources) or "none recorded")]),
            html.Div([html.B("Source of the data: "),
                      html.Span(str(case.meta["attribution"]))])
            if case.meta.get("attribution") else None,
            html.Div([html.B("Last update: "),
                      html.Span(f"{_when(info.get('updated'))} · revision {info.get('rev')}")]),
        ]),
    ]


# -- layout ---------------------------------------------------------------------------------
def actions(ws: Workspace) -> list:
    body = [
        html.Div(id=ids.BRIEFING_BODY, className="cg-brief"),
        html.Div(className="cg-brief-views", children=[
            html.H3("Saved views (slides)", className="cg-brief-h"),
            html.Div(id=ids.BRIEFING_STATUS, className="cg-brief-slides-wrap"),
            html.Div(className="cg-brief-save", children=[
                dcc.Input(id=ids.BRIEFING_VIEW_TITLE, type="text", className="cg-input",
                          placeholder="Title of the view on screen, e.g. 'Phase 4 core'",
                          maxLength=120),
                html.Button("Save current view", id=ids.BRIEFING_SAVE_VIEW, n_clicks=0,
                            className="cg-button cg-needs-edit"),
                html.Button("▶ Present", id=ids.BRIEFING_PRESENT, n_clicks=0,
                            className="cg-button cg-button-primary",
                            title="Full-screen diagram; ← → step through saved views, "
                                  "Esc leaves"),
            ]),
        ]),
    ]
    bar = html.Div(id=ids.PRESENT_BAR, className="cg-present-bar", children=[
        html.Span(default_classification().upper(), className="cg-present-marking"),
        html.Span(id=ids.PRESENT_TITLE, className="cg-present-title"),
        html.Span("← → or Page Up / Down to step · Esc to leave", className="cg-present-hint"),
        html.Button("◀", id=ids.PRESENT_PREV, n_clicks=0, className="cg-present-button",
                    title="Previous view (←)"),
        html.Button("▶", id=ids.PRESENT_NEXT, n_clicks=0, className="cg-present-button",
                    title="Next view (→)"),
        html.Button("✕", id=ids.PRESENT_EXIT, n_clicks=0, className="cg-present-button",
                    title="Leave presentation (Esc)"),
    ])
    return [
        html.Button("Briefing", id=ids.BRIEFING_OPEN, n_clicks=0,
                    className="cg-header-button", title="Command summary and presentation"),
        modal(ids.BRIEFING_DIALOG, ids.BRIEFING_CLOSE, "Briefing", body, wide=True),
        dcc.Store(id=ids.BRIEFING_SLIDE, data={"index": 0}),
        dcc.Store(id=ids.PRESENT_SINK),
        dcc.Store(id=ids.PRESENT_LABELS_SINK),
        bar,
    ]


def register(app) -> None:
    icon_url = app.get_asset_url

    @app.callback(
        Output(ids.BRIEFING_BODY, "children"),
        Output(ids.BRIEFING_STATUS, "children"),
        Input(ids.BRIEFING_DIALOG, "is_open"),
        State(ids.CASE_STORE, "data"),
        State(ids.SIZE_MEASURE, "value"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_open(opened, store, measure, view):
        # only as the dialog opens: a new revision asks nothing of a closed dialog (saving or
        # deleting a slide, below, redraws the list of slides itself)
        if not opened:
            return no_update, no_update
        ws = workspace()
        return (briefing_body(ws, store, measure or "degree", icon_url, view),
                slides_block(saved_views(ws, store)))

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.BRIEFING_VIEW_TITLE, "value"),
        Output(ids.BRIEFING_STATUS, "children", allow_duplicate=True),
        Input(ids.BRIEFING_SAVE_VIEW, "n_clicks"),
        Input({"type": ids.SLIDE_DELETE, "index": ALL}, "n_clicks"),
        State(ids.BRIEFING_VIEW_TITLE, "value"),
        State(ids.VIEWPORT, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.ANALYSIS_TABS, "value"),
        *[State(store_id, "data") for store_id in ids.OVERLAYS],
        *VIEW_CONTROLS,
        prevent_initial_call=True,
    )
    def on_views(_save, deletes, title, viewport, store, tab, *rest):
        ws = workspace()
        trigger = ctx.triggered_id
        if isinstance(trigger, Mapping):
            if not any(deletes or []):
                return no_update, no_update, no_update
            new = delete_view(ws, store, int(trigger["index"]))
            if new is None:
                return no_update, no_update, no_update
            return (keeping_viewport(new, viewport), no_update,
                    slides_block(saved_views(ws, new)))
        overlays, controls = rest[:len(ids.OVERLAYS)], rest[len(ids.OVERLAYS):]
        state = view_state(*controls, viewport=viewport)
        # a slide keeps the marks on screen, so it plays back exactly what was saved
        state["marks"] = marks_state(store, dict(zip(ids.OVERLAYS, overlays, strict=True)),
                                     tab)
        new = add_view(ws, store, state, title or "")
        if new is None:
            return no_update, no_update, no_update
        # the new revision is drawn afresh: the view on screen is laid on again
        return keeping_viewport(new, viewport), "", slides_block(saved_views(ws, new))

    # the mode switch itself is client-side (a class on the page root); the slides are views
    app.clientside_callback(
        ClientsideFunction("casegraph", "present"),
        Output(ids.PRESENT_SINK, "data"),
        Output(ids.BRIEFING_DIALOG, "is_open", allow_duplicate=True),
        Input(ids.BRIEFING_PRESENT, "n_clicks"),
        Input({"type": ids.SLIDE_SHOW, "index": ALL}, "n_clicks"),
        Input(ids.PRESENT_EXIT, "n_clicks"),
        prevent_initial_call=True,
    )

    # the labels follow the mode switch (its sink) and the stylesheet; they are laid on the
    # canvas, and the answer goes to a sink of their own (each store has one writer, and no
    # callback reads what it writes)
    app.clientside_callback(
        ClientsideFunction("casegraph", "presentLabels"),
        Output(ids.PRESENT_LABELS_SINK, "data"),
        Input(ids.PRESENT_SINK, "data"),
        Input(ids.CYTOSCAPE, "stylesheet"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.BRIEFING_SLIDE, "data"),
        Input(ids.BRIEFING_PRESENT, "n_clicks"),
        Input({"type": ids.SLIDE_SHOW, "index": ALL}, "n_clicks"),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        State(ids.BRIEFING_SLIDE, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_step(_start, shows, _prev, _next, slide, store):
        trigger = ctx.triggered_id
        current = int((slide or {}).get("index", 0))
        count = len(saved_views(workspace(), store))
        if trigger == ids.BRIEFING_PRESENT:
            index = 0
        elif isinstance(trigger, Mapping):
            if not any(shows or []):
                return no_update
            index = int(trigger["index"])
        elif trigger == ids.PRESENT_PREV:
            index = max(0, current - 1)
        else:
            index = min(max(count - 1, 0), current + 1)
        return {"index": index, "count": count}
