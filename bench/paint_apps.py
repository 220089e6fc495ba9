"""Graphs, element encodings and the tiny Dash apps measured by bench/paint.py.

Every variant paints the same random geometric graph (positions precomputed, about two
links per node). Variants differ only in how the elements reach cytoscape.js and in the
stylesheet, so the differences in time to first paint come from those choices alone.
"""

from __future__ import annotations

import json
import math
import os

import dash_cytoscape as cyto
import networkx as nx
from dash import Dash, Input, Output, Patch, State, dcc, html

CY_ID = "cy"
TYPES = ("person", "phone", "account", "email")
COLOURS = {"person": "#4e79a7", "phone": "#f28e2b", "account": "#59a14f", "email": "#b07aa1"}
CY_STYLE = {"width": "100%", "height": "900px"}


def make_graph(n: int, seed: int = 7) -> nx.Graph:
    """Random geometric graph with ~2 links per node and pixel positions in ``pos``."""
    # mean degree of a geometric graph is n*pi*r^2 (less at the border); 4 gives ~2n links
    radius = math.sqrt(4.3 / (math.pi * n))
    graph = nx.random_geometric_graph(n, radius, seed=seed)
    scale = math.sqrt(n) * 40.0
    for _node, data in graph.nodes(data=True):
        x, y = data["pos"]
        data["pos"] = (x * scale, y * scale)
    return graph


def full_elements(graph: nx.Graph) -> list[dict]:
    """What a straightforward app hands to dash-cytoscape: readable ids, float positions,
    labels and types in data, an id and attributes on every edge."""
    nodes = [
        {
            "data": {
                "id": f"node-{node:06d}",
                "label": f"Entity {node}",
                "type": TYPES[node % len(TYPES)],
            },
            "position": {"x": data["pos"][0], "y": data["pos"][1]},
        }
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {
            "data": {
                "id": f"link-{i:06d}",
                "source": f"node-{u:06d}",
                "target": f"node-{v:06d}",
                "type": "call",
                "weight": 1.0,
            }
        }
        for i, (u, v) in enumerate(graph.edges())
    ]
    return nodes + edges


def compact_elements(graph: nx.Graph) -> list[dict]:
    """Only what the stylesheet needs: short ids, integer positions, the type as a class."""
    nodes = [
        {
            "data": {"id": f"n{node}", "label": f"Entity {node}"},
            "position": {"x": round(data["pos"][0]), "y": round(data["pos"][1])},
            "classes": TYPES[node % len(TYPES)],
        }
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": f"n{u}", "target": f"n{v}"}}
        for i, (u, v) in enumerate(graph.edges())
    ]
    return nodes + edges


def extra_elements(n: int, start: int, count: int = 10) -> list[dict]:
    """``count`` new compact nodes, each linked to an existing node (an expansion)."""
    out = []
    for k in range(count):
        i = start + k
        out.append({"data": {"id": f"n{i}", "label": f"Entity {i}"},
                    "position": {"x": 10 * k, "y": -50}, "classes": "person"})
        out.append({"data": {"id": f"x{i}", "source": f"n{i}", "target": f"n{k % n}"}})
    return out


def _type_rules() -> list[dict]:
    return [{"selector": f".{t}", "style": {"background-color": c}} for t, c in COLOURS.items()]


# No stylesheet at all: react-cytoscapejs then applies its default, a label on every node.
DEFAULT_STYLESHEET = None

NO_LABEL_STYLESHEET = [{"selector": "node", "style": {"background-color": "#888"}}]

FAST_STYLESHEET = [
    {"selector": "node", "style": {
        "width": 10, "height": 10, "background-color": "#888", "border-width": 0,
    }},
    *_type_rules(),
    {"selector": "edge", "style": {
        "width": 1, "line-color": "#bbb", "curve-style": "haystack", "haystack-radius": 0,
    }},
    # labels only where an analyst looks: the selected node and its marked neighbours
    {"selector": "node:selected, node.labelled", "style": {
        "label": "data(label)", "font-size": 10, "min-zoomed-font-size": 6,
    }},
]

MINZOOM_LABEL_STYLESHEET = [
    *FAST_STYLESHEET[:-1],
    {"selector": "node", "style": {
        "label": "data(label)", "font-size": 10, "min-zoomed-font-size": 6,
    }},
]

# Adds elements in one batch, after switching off dash-cytoscape's own 'add'/'remove'/
# 'dragfree' listeners: those re-run the layout and copy every element back into the
# `elements` prop (100 ms later), which makes react-cytoscapejs diff and re-add them all.
LOAD_JS = """
function(data) {
    if (!data) { return window.dash_clientside.no_update; }
    return new Promise(function(resolve) {
        function attempt() {
            var div = document.getElementById('__CY__');
            var cy = div && div._cyreg && div._cyreg.cy;
            if (!cy) { requestAnimationFrame(attempt); return; }
            cy.off('add remove dragfree');
            cy.batch(function() {
                cy.elements(':selected').unselect();
                cy.elements().remove();
                cy.add(data);
            });
            cy.fit(undefined, 30);
            resolve(cy.nodes().length);
        }
        attempt();
    });
}
""".replace("__CY__", CY_ID)

# The fastest route found: one batch, the viewport computed from the known positions (fit()
# would compute every element's bounding box, labels included, before the first frame).
# With progressive=true the nodes are drawn first and the links are added on the next frame.
FAST_LOAD_JS = """
function(data) {
    if (!data) { return window.dash_clientside.no_update; }
    var progressive = __PROGRESSIVE__;
    return new Promise(function(resolve) {
        function attempt() {
            var div = document.getElementById('__CY__');
            var cy = div && div._cyreg && div._cyreg.cy;
            if (!cy) { requestAnimationFrame(attempt); return; }
            cy.off('add remove dragfree');
            var nodes = data.nodes, edges = data.edges;
            var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
            for (var i = 0; i < nodes.length; i++) {
                var p = nodes[i].position;
                if (p.x < x0) { x0 = p.x; } if (p.x > x1) { x1 = p.x; }
                if (p.y < y0) { y0 = p.y; } if (p.y > y1) { y1 = p.y; }
            }
            var pad = 30, w = cy.width(), h = cy.height();
            var zoom = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1),
                                (h - 2 * pad) / Math.max(y1 - y0, 1));
            cy.batch(function() {
                cy.elements(':selected').unselect();
                cy.elements().remove();
                cy.add(progressive ? nodes : nodes.concat(edges));
            });
            cy.viewport({zoom: zoom, pan: {x: (w - zoom * (x0 + x1)) / 2,
                                           y: (h - zoom * (y0 + y1)) / 2}});
            if (progressive) {
                cy.one('render', function() {
                    setTimeout(function() { cy.add(edges); resolve(nodes.length); }, 0);
                });
            } else {
                resolve(nodes.length);
            }
        }
        attempt();
    });
}
""".replace("__CY__", CY_ID)

APPEND_JS = """
function(n, extra) {
    if (!n) { return window.dash_clientside.no_update; }
    var cy = document.getElementById('__CY__')._cyreg.cy;
    cy.off('add remove dragfree');
    cy.add(extra);
    return n;
}
""".replace("__CY__", CY_ID)

VARIANTS = {
    # name: (elements encoding, delivery, stylesheet, autoRefreshLayout, description)
    "baseline": ("full", "prop", DEFAULT_STYLESHEET, True,
                 "elements prop, preset layout, default stylesheet and props"),
    "nolabel": ("full", "prop", NO_LABEL_STYLESHEET, True,
                "baseline without the default node labels"),
    "fast_style": ("full", "prop", FAST_STYLESHEET, False,
                   "same elements, fast stylesheet, autoRefreshLayout=False"),
    "compact": ("compact", "prop", FAST_STYLESHEET, False,
                "compact elements + fast stylesheet via the elements prop"),
    "compact_minzoom": ("compact", "prop", MINZOOM_LABEL_STYLESHEET, False,
                        "compact + labels on all nodes hidden below 6 px (min-zoomed-font-size)"),
    "store_add": ("compact", "store", FAST_STYLESHEET, False,
                  "compact elements in dcc.Store, clientside cy.batch(cy.add)"),
    "store_fast": ("split", "store", FAST_STYLESHEET, False,
                   "compact elements in dcc.Store, one cy.add batch, viewport set from positions"),
    "store_progressive": ("split", "store-progressive", FAST_STYLESHEET, False,
                          "as store_fast, but nodes drawn first and links added a frame later"),
    "store_add_default_style": ("compact", "store", DEFAULT_STYLESHEET, True,
                                "store delivery with the default (labelled) stylesheet"),
}


def encode(encoding: str, graph: nx.Graph):
    if encoding == "full":
        return full_elements(graph)
    elements = compact_elements(graph)
    if encoding == "split":
        n = graph.number_of_nodes()
        return {"nodes": elements[:n], "edges": elements[n:]}
    return elements


def variant_layout(variant: str, graph: nx.Graph):
    encoding, delivery, stylesheet, auto_refresh, _ = VARIANTS[variant]
    elements = encode(encoding, graph)
    props = {"id": CY_ID, "layout": {"name": "preset"}, "style": CY_STYLE}
    if stylesheet is not None:
        props["stylesheet"] = stylesheet
    if not auto_refresh:
        props["autoRefreshLayout"] = False
    if delivery == "prop":
        return html.Div([cyto.Cytoscape(elements=elements, **props)])
    return html.Div([
        cyto.Cytoscape(elements=[], **props),
        dcc.Store(id="elements-store", data=elements),
        html.Div(id="load-status"),
    ])


def element_bytes(variant: str, graph: nx.Graph) -> int:
    elements = encode(VARIANTS[variant][0], graph)
    return len(json.dumps(elements, separators=(",", ":")).encode())


def append_layout(mode: str, graph: nx.Graph):
    """A compact, fast-styled graph plus a button that appends 10 nodes (and 10 links)."""
    elements = compact_elements(graph)
    return html.Div([
        html.Button("add", id="add"),
        html.Div(id="append-status"),
        dcc.Store(id="extra", data=extra_elements(graph.number_of_nodes(), 10**7)),
        cyto.Cytoscape(id=CY_ID, elements=elements, layout={"name": "preset"},
                       stylesheet=FAST_STYLESHEET, autoRefreshLayout=False, style=CY_STYLE),
    ])


def build_server(sizes: list[int], variants: list[str] | None = None):
    """One Flask server carrying one Dash app per (variant, size) and per append mode."""
    import flask

    server = flask.Flask(__name__)
    graphs = {n: make_graph(n) for n in sizes}
    for n, graph in graphs.items():
        for variant in variants or VARIANTS:
            app = Dash(__name__, server=server, url_base_pathname=f"/{variant}/{n}/",
                       serve_locally=True)
            app.layout = variant_layout(variant, graph)
            _maybe_dev_bundles(app)
            delivery = VARIANTS[variant][1]
            if delivery.startswith("store"):
                if VARIANTS[variant][0] == "split":
                    progressive = "true" if delivery == "store-progressive" else "false"
                    js = FAST_LOAD_JS.replace("__PROGRESSIVE__", progressive)
                else:
                    js = LOAD_JS
                app.clientside_callback(js, Output("load-status", "children"),
                                        Input("elements-store", "data"))
        for mode in ("patch", "resend", "clientside"):
            app = Dash(__name__, server=server, url_base_pathname=f"/append-{mode}/{n}/",
                       serve_locally=True)
            app.layout = append_layout(mode, graph)
            _append_callbacks(app, mode, graph)
    return server


def _maybe_dev_bundles(app: Dash) -> None:
    # readable function names in profiles (slower bundles: never for timings)
    if os.environ.get("PAINT_DEV_BUNDLES") == "1":
        app.enable_dev_tools(debug=False, dev_tools_serve_dev_bundles=True,
                             dev_tools_ui=False, dev_tools_props_check=False,
                             dev_tools_hot_reload=False)


def _append_callbacks(app: Dash, mode: str, graph: nx.Graph) -> None:
    n = graph.number_of_nodes()
    extra = extra_elements(n, 10**7)
    if mode == "clientside":
        app.clientside_callback(APPEND_JS, Output("append-status", "children"),
                                Input("add", "n_clicks"), State("extra", "data"),
                                prevent_initial_call=True)
        return
    base = compact_elements(graph)

    @app.callback(Output(CY_ID, "elements"), Input("add", "n_clicks"),
                  prevent_initial_call=True)
    def _append(_clicks):
        if mode == "patch":
            patch = Patch()
            patch.extend(extra)
            return patch
        return base + extra
