"""Large cases open as a cluster overview: one bubble per cluster, links between clusters
summed. A bar over the canvas says so and offers every entity; tapping a bubble opens that
cluster in place: its entities, each other cluster linked to the entities that hold the
most calls with it (``elements.DRILL_LINKS_PER_CLUSTER``; the bar says how many weaker links
it left out). The canvas lays an opened or closed cluster on as a difference (only the
bubble, the entities and their links change; ``casegraph.loadDifference`` in
assets/casegraph.js), so the other bubbles stay where they are.

The first picture of the page's case travels with the page (``FIRST_PICTURE``), so it is
drawn without waiting for a callback round trip.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, dcc, html

from casegraph.elements import DRILL_LINKS_PER_CLUSTER
from components import ids
from components.state import case_ref

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
        return [hidden, '', '', hidden, hidden];
    }
    var show = {};
    var n = data.entities.toLocaleString('en-GB');
    if (data.overview) {
        var open = data.overview.open.length;
        var left = data.overview.left_out || 0;
        var drill = data.overview.drill_left_out || 0;
        var clusters = data.overview.clusters.toLocaleString('en-GB');
        var weak = left ? ' The ' + left.toLocaleString('en-GB') +
            ' weakest links between clusters are not drawn.' : '';
        var full = n + ' entities in ' + clusters + ' clusters' +
            (open ? ' (' + open + ' opened)' : '') + '. Tap a cluster to open it.' + weak +
            (drill ? ' Opened entities: the __PER__ strongest links to each other cluster ' +
             'are drawn, ' + drill.toLocaleString('en-GB') + ' weaker ones not ' +
             '(the inspector lists every neighbour of a selected entity).' : '');
        // with a cluster open the bar holds two buttons: a short text keeps it on two
        // lines, within the room the overview was fitted below (casegraph.barRoom); the
        // whole of it on hover
        var text = open ? n + ' entities, ' + clusters + ' clusters, ' + open +
            ' opened. Tap a cluster to open it.' : full;
        return [show, text, full, show, open ? show : hidden];
    }
    return [show, 'Every entity shown (' + n + ').', '', hidden, show];
}
""".replace("__ABOVE__", str(OVERVIEW_ABOVE)).replace("__PER__", str(DRILL_LINKS_PER_CLUSTER))


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


def detail_request(trigger: Any, request: Any, store: Any, layout_name: Any = None,
                   measure: Any = None) -> dict[str, Any] | None:
    """What the canvas is asked to draw (the keyword arguments of
    ``diagram.elements_payload``) when ``trigger`` fired: every entity, the clusters again,
    or the clusters with those the canvas asked for opened, sized by ``measure`` (their
    entities carry the size of the measure on screen alone; the canvas asks again when it
    changes); None when the request is for another case or revision. A tap on a bubble
    names the clusters the canvas holds open (``base``): the answer leaves out the links
    between bubbles it holds (``held``, see ``diagram.elements_payload``).

    >>> page = {"case_id": "c1", "rev": 2}
    >>> detail_request(SHOW_CLUSTERS, None, page)
    {'detail': 'overview'}
    >>> detail_request(OPEN_REQUEST, {"case": ["c1", 2], "open": [3, 1]}, page, "preset",
    ...                "pagerank")
    {'detail': 'overview', 'open_clusters': [1, 3], 'measure': 'pagerank'}
    >>> detail_request(OPEN_REQUEST, {"case": ["c1", 2], "open": [3], "base": []}, page)
    {'detail': 'overview', 'open_clusters': [3], 'measure': 'degree', 'held': []}
    >>> detail_request(OPEN_REQUEST, {"case": ["c1", 1], "open": [3]}, page) is None
    True
    """
    if trigger == SHOW_ALL:
        return {"layout_name": layout_name or "preset", "measure": measure or "degree",
                "detail": "all"}
    if trigger == SHOW_CLUSTERS:
        return {"detail": "overview"}
    opened = open_clusters(request, store)
    if opened is None:
        return None
    asked = {"detail": "overview", "open_clusters": opened, "measure": measure or "degree"}
    if isinstance(request, dict) and isinstance(request.get("base"), list):
        # the clusters open on the canvas as it asked: it keeps the links between bubbles
        asked["held"] = sorted({int(c) for c in request["base"]})
    return asked


def register(app) -> None:
    """The bar's client-side parts; the canvas draws what the bar asks for
    (:func:`detail_request`, in ``components/diagram.py``, the owner of the elements)."""
    app.clientside_callback(
        ClientsideFunction("casegraph", "load"),
        Output(FIRST_SINK, "data"),
        Input(FIRST_PICTURE, "data"),
    )
    # "Size by" changed while clusters are open: their entities carry the old measure's
    # size alone, so the canvas asks for them again (the answer changes their data only)
    app.clientside_callback(
        ClientsideFunction("casegraph", "resizeOpened"),
        Output(OPEN_REQUEST, "data", allow_duplicate=True),
        Input(ids.SIZE_MEASURE, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        BAR_JS,
        Output(BAR, "style"), Output(BAR_TEXT, "children"), Output(BAR_TEXT, "title"),
        Output(SHOW_ALL, "style"), Output(SHOW_CLUSTERS, "style"),
        Input(FIRST_PICTURE, "data"), Input(ids.ELEMENTS_STORE, "data"),
    )
