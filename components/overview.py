"""Large cases open as a cluster overview: one bubble per cluster, links between clusters
summed. A bar over the canvas says so and offers every entity; tapping a bubble opens that
cluster in place (its entities, linked to the other bubbles).

The first picture of the page's case travels with the page (``FIRST_PICTURE``), so it is
drawn without waiting for a callback round trip.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from components import ids
from components.state import case_ref, workspace

# Cases with more entities than this open as an overview (every entity stays one click away).
OVERVIEW_ABOVE = 3000

# Component ids of this panel (defined with every other id in components/ids.py).
FIRST_PICTURE, FIRST_SINK, OPEN_REQUEST = ids.FIRST_PICTURE, ids.FIRST_SINK, ids.OVERVIEW_OPEN
BAR, BAR_TEXT = ids.OVERVIEW_BAR, ids.OVERVIEW_TEXT
SHOW_ALL, SHOW_CLUSTERS = ids.OVERVIEW_SHOW_ALL, ids.OVERVIEW_SHOW_CLUSTERS

BAR_JS = """
function(first, payload) {
    var data = payload || first;
    var hidden = {display: 'none'};
    if (!data || !data.entities || data.entities <= __ABOVE__) {
        return [hidden, '', hidden, hidden];
    }
    var show = {};
    var n = data.entities.toLocaleString('en-GB');
    if (data.overview) {
        var open = data.overview.open.length;
        var left = data.overview.left_out || 0;
        var text = n + ' entities in ' + data.overview.clusters.toLocaleString('en-GB') +
            ' clusters' + (open ? ' (' + open + ' opened)' : '') +
            '. Tap a cluster to open it.' + (left ? ' The ' + left.toLocaleString('en-GB') +
            ' weakest links between clusters are not drawn.' : '');
        return [show, text, show, open ? show : hidden];
    }
    return [show, 'Every entity shown (' + n + ').', hidden, show];
}
""".replace("__ABOVE__", str(OVERVIEW_ABOVE))


def layout(first: dict[str, Any] | None) -> list[Any]:
    """The bar over the canvas and the stores; ``first`` is the page case's payload."""
    return [
        dcc.Store(id=FIRST_PICTURE, data=first),
        dcc.Store(id=FIRST_SINK),
        dcc.Store(id=OPEN_REQUEST),
        html.Div(id=BAR, className="cg-overview-bar", style={"display": "none"}, children=[
            html.Span(id=BAR_TEXT),
            html.Button("Show every entity", id=SHOW_ALL, className="cg-button", n_clicks=0,
                        title="Draw every entity and link (slower on large cases)"),
            html.Button("Back to clusters", id=SHOW_CLUSTERS, className="cg-button",
                        n_clicks=0, style={"display": "none"}),
        ]),
    ]


def open_clusters(request: Any, store: Any) -> list[int] | None:
    """The clusters to open for a request from the canvas, None when it is for another
    case or revision (the analyst moved on while it travelled)."""
    ref = case_ref(store)
    if ref is None or not isinstance(request, dict):
        return None
    if list(request.get("case") or []) != [ref[0], ref[1]]:
        return None
    return sorted({int(c) for c in request.get("open") or []})


def register(app) -> None:
    from components.diagram import elements_payload

    app.clientside_callback(
        ClientsideFunction("casegraph", "load"),
        Output(FIRST_SINK, "data"),
        Input(FIRST_PICTURE, "data"),
    )
    app.clientside_callback(
        BAR_JS,
        Output(BAR, "style"), Output(BAR_TEXT, "children"),
        Output(SHOW_ALL, "style"), Output(SHOW_CLUSTERS, "style"),
        Input(FIRST_PICTURE, "data"), Input(ids.ELEMENTS_STORE, "data"),
    )

    @app.callback(
        Output(ids.ELEMENTS_STORE, "data", allow_duplicate=True),
        Input(SHOW_ALL, "n_clicks"),
        Input(SHOW_CLUSTERS, "n_clicks"),
        Input(OPEN_REQUEST, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.LAYOUT_PICKER, "value"),
        State(ids.SIZE_MEASURE, "value"),
        prevent_initial_call=True,
    )
    def on_detail(_all, _clusters, request, store, layout_name, measure):
        trigger = ctx.triggered_id
        if trigger == SHOW_ALL:
            return elements_payload(workspace(), store, layout_name or "preset",
                                    measure or "degree", detail="all")
        if trigger == SHOW_CLUSTERS:
            return elements_payload(workspace(), store, detail="overview")
        opened = open_clusters(request, store)
        if opened is None:
            return no_update
        return elements_payload(workspace(), store, detail="overview", open_clusters=opened)
