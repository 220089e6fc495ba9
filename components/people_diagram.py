"""The diagram in the People view.

One switch, ``ids.ANALYSIS_VIEW`` (in the hubs panel's title bar), says what the analyses count
*and* what the diagram draws: in the People view the diagram draws the people network
(:func:`casegraph.people_picture.people_picture`), each actor with a badge counting the
accounts, phones and emails folded into them; the hub rings, cluster colours, legend and
counts follow the people analysis. "Show what this person holds" in the inspector opens an
actor: their identifiers are drawn beside them (``ids.PEOPLE_OPEN``). A case with one kind of
entity is its own people network: the diagram draws it exactly as in the All entities view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as url_quote

import networkx as nx
from dash import Input, Output, State, html, no_update

from casegraph.analysis import MEASURES
from casegraph.elements import (
    SIGNAL_MEASURE,
    case_elements,
    signal_values,
    size_field,
    unit_sizes,
)
from casegraph.layout import cluster_positions, concentric_positions
from casegraph.model import Case, entity_types
from casegraph.people_picture import HELD, HELD_BY, people_picture
from casegraph.workspace import PEOPLE
from components import ids
from components.clicks import gate, pressed
from components.cylayout import FIT, preset
from components.state import case_ref, people_view
from components.stylesheet import LARGE_CASE, quote

BADGE_PX = 20          # badge diameter in model px (nodes are 18-54 px)
BADGE_FILL = "#1e293b"
HELD_BORDER = "#64748b"


def opened_actors(store: Any, people_open: Any) -> tuple:
    """The actors opened on the diagram for the case in ``store`` (others' are forgotten).

    >>> opened_actors({"case_id": "c1", "rev": 2}, {"case": "c1", "open": ["b", "a"]})
    ('a', 'b')
    >>> opened_actors({"case_id": "c2", "rev": 1}, {"case": "c1", "open": ["a"]})
    ()
    """
    ref = case_ref(store)
    if ref is None or not isinstance(people_open, dict) or people_open.get("case") != ref[0]:
        return ()
    return tuple(sorted({str(a) for a in people_open.get("open") or []}))


def picture(ws: Any, ref: tuple[str, int], opened: tuple = ()) -> Case:
    """The people picture of a revision (laid out once), with ``opened`` actors opened."""
    case, net = ws.case(*ref), ws.people(*ref)
    base = ws.derived(ref[0], ref[1], "people-picture", lambda: people_picture(case, net))
    shown = tuple(a for a in opened if base.graph.nodes.get(a, {}).get(HELD))
    if not shown:
        return base
    return ws.derived(ref[0], ref[1], ("people-picture", shown),
                      lambda: people_picture(case, net, shown, base=base))


def actor_signals(ws: Any, ref: tuple[str, int], pic: Case) -> dict[str, float] | None:
    """Slang signal score of each drawn node: an actor's is the highest of what it holds
    (posts are published by accounts, not by the person who holds them)."""
    values = signal_values(ws.case(*ref))
    if values is None:
        return None
    net = ws.people(*ref)
    out = {}
    for node in pic.graph:
        actor = net.actors.get(node)
        members = [m for ms in actor.members.values() for m in ms] if actor else [node]
        out[str(node)] = max((values.get(str(m), 0.0) for m in members), default=0.0)
    return out


def people_elements(ws: Any, ref: tuple[str, int], opened: tuple = ()) -> list[dict[str, Any]]:
    """Cytoscape elements of the people picture: the fields of
    :func:`casegraph.elements.node_elements`, plus ``held`` on actors that hold identifiers
    and ``held_by`` on opened identifiers."""
    pic = picture(ws, ref, opened)
    analysis = ws.analysis(ref[0], ref[1], PEOPLE)
    elements = case_elements(pic, analysis, pic.positions, measures=list(MEASURES))
    signals = actor_signals(ws, ref, pic)
    sizes = unit_sizes(signals) if signals is not None else None
    for element in elements:
        data = element["data"]
        if "source" in data:
            continue
        node = pic.graph.nodes[data["id"]]
        if node.get(HELD):
            data[HELD] = int(node[HELD])
        if node.get(HELD_BY) is not None:
            data[HELD_BY] = str(node[HELD_BY])
        if sizes is not None:
            data[size_field(SIGNAL_MEASURE)] = sizes.get(data["id"], 0.0)
    return elements


def people_payload(ws: Any, ref: tuple[str, int], layout_name: str, measure: str,
                   opened: tuple = ()) -> dict[str, Any]:
    """What the canvas loads in the People view (see ``diagram.elements_payload``)."""
    elements = people_elements(ws, ref, opened)
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    layout = None if layout_name == "preset" else people_layout(ws, ref, layout_name, measure,
                                                                opened)
    return {"case": list(ref), "nodes": nodes, "edges": edges, "layout": layout,
            "progressive": len(nodes) > LARGE_CASE, "entities": len(nodes), "overview": None,
            "people": True,
            "view": f"{ref[0]}@{ref[1]}:people:{list(opened)}:{layout_name}:{measure}"}


def people_layout(ws: Any, ref: tuple[str, int], name: str, measure: str,
                  opened: tuple = ()) -> dict[str, Any]:
    """The cytoscape layout object for a layout choice, on the people picture."""
    from components.state import ranked_analysis

    pic = picture(ws, ref, opened)
    if name == "concentric":
        table = ranked_analysis(ws, ref, PEOPLE).centrality
        order = sorted(pic.graph, key=lambda n: (-float(table[measure].get(n, -1.0))
                                                 if measure in table else 0.0, str(n)))
        return {"name": "preset", "positions": preset(concentric_positions(pic, order)), **FIT}
    if name == "clusters":
        communities = ws.analysis(ref[0], ref[1], PEOPLE).communities
        made = ws.derived(ref[0], ref[1], ("people-cluster-layout", opened),
                          lambda: cluster_positions(pic, communities))
        return {"name": "preset", "positions": preset(made), **FIT}
    if name == "breadthfirst":
        table = ranked_analysis(ws, ref, PEOPLE).centrality
        score = table[measure] if measure in table else None
        roots = [max(c, key=lambda n: (float(score.get(n, 0.0)) if score is not None else 0.0,
                                       str(n)))
                 for c in sorted(nx.connected_components(nx.Graph(pic.graph)), key=len,
                                 reverse=True)[:40] if len(c) > 1]
        return {"name": "breadthfirst", "directed": False, "circle": True,
                "roots": ", ".join(f"node[id = {quote(r)}]" for r in roots),
                "spacingFactor": 1.0, **FIT}
    if name in ("circle", "grid"):
        return {"name": name, "avoidOverlap": True, "nodeDimensionsIncludeLabels": True, **FIT}
    if name == "cose":
        return {"name": "cose", "randomize": False, "nodeRepulsion": 9000,
                "idealEdgeLength": 70, "numIter": 1500, **FIT}
    # preset (and anything else) restores the stored picture of the people network
    return {"name": "preset", "positions": preset(pic.positions), **FIT}


def badge_image(count: int) -> str:
    """A round badge with ``count`` in it, as an SVG data URI (the page's CSP allows data:
    images; nothing is fetched)."""
    text = str(count) if count < 100 else "99+"
    font = 17 if len(text) == 1 else (14 if len(text) == 2 else 11)
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='32' height='32' viewBox='0 0 32 32'>"
           f"<circle cx='16' cy='16' r='14.5' fill='{BADGE_FILL}' stroke='#ffffff' "
           f"stroke-width='3'/><text x='16' y='16' dy='0.36em' text-anchor='middle' "
           f"font-family='Arial, Helvetica, sans-serif' font-weight='700' "
           f"font-size='{font}' fill='#ffffff'>{text}</text></svg>")
    return "data:image/svg+xml;utf8," + url_quote(svg)


def badge_rules(pic: Case, icon_url: Any, large: bool = False) -> list[dict[str, Any]]:
    """Stylesheet rules drawing each actor's badge (top right, over the node's edge) beside
    its type icon; opened identifiers get a dashed border that says "held by"."""
    catalogue = entity_types()
    pairs = sorted({(d.get("type", "other"), int(d[HELD])) for _, d in pic.graph.nodes(data=True)
                    if d.get(HELD)})
    rules = []
    for etype, count in pairs:
        spec = catalogue.get(etype, catalogue["other"])
        images = [badge_image(count)]
        if not large:
            images.insert(0, icon_url(f"icons/{spec['icon']}"))
        icon = ["58%"] if not large else []
        centre = ["50%"] if not large else []
        zero = ["0px"] if not large else []
        rules.append({"selector": f"node[type = {quote(etype)}][{HELD} = {count}]", "style": {
            "background-image": images,
            "background-width": icon + [f"{BADGE_PX}px"],
            "background-height": icon + [f"{BADGE_PX}px"],
            "background-position-x": centre + ["100%"],
            "background-position-y": centre + ["0%"],
            "background-offset-x": zero + [f"{BADGE_PX // 3}px"],
            "background-offset-y": zero + [f"-{BADGE_PX // 3}px"],
            "background-fit": ["none"] * len(images),
            "background-clip": ["none"] * len(images),
            "background-image-containment": ["over"] * len(images),
            "background-image-smoothing": ["yes"] * len(images),
            # the badge stands out at the top right only: the node's box grows there alone
            "bounds-expansion": f"{BADGE_PX // 3 + 1}px {BADGE_PX // 3 + 1}px 0px 0px",
        }})
    rules.append({"selector": f"node[{HELD_BY}]", "style": {
        "border-style": "dashed", "border-color": HELD_BORDER, "border-width": 2}})
    return rules


def people_status(ws: Any, ref: tuple[str, int], opened: tuple = ()) -> str:
    """The diagram's count line in the People view."""
    pic = picture(ws, ref, opened)
    net = ws.people(*ref)
    actors = sum(1 for n in pic.graph if n in net.graph)
    held = sum(int(h or 0) for _, h in pic.graph.nodes(data=HELD))
    ties = sum(1 for u, v in pic.graph.edges() if u in net.graph and v in net.graph)
    text = (f"People view: {actors:,} actors, {ties:,} ties · {held:,} accounts, phones and "
            f"emails folded in")
    shown = pic.graph.number_of_nodes() - actors
    return text + (f" ({shown:,} shown)" if shown else "")


def holdings_buttons(actor: Any) -> Any:
    """The inspector's buttons opening an actor on the diagram (People view) and folding it
    back."""
    return html.Div(className="cg-ap-row", children=[
        html.Button("Show what this person holds", n_clicks=0, className="cg-button",
                    id={"type": ids.PEOPLE_HOLDINGS, "index": f"open:{actor}"},
                    title="Draw their accounts, phones and emails beside them on the diagram "
                          "(People view)"),
        html.Button("Fold back", n_clicks=0, className="cg-button",
                    id={"type": ids.PEOPLE_HOLDINGS, "index": f"fold:{actor}"},
                    title="Fold them into the person again"),
    ])


def toggle_open(people_open: Any, store: Any, index: str) -> dict[str, Any] | None:
    """The new ``ids.PEOPLE_OPEN`` after a click on ``open:<actor>`` or ``fold:<actor>``.

    >>> toggle_open(None, {"case_id": "c1", "rev": 1}, "open:a")
    {'case': 'c1', 'open': ['a']}
    >>> toggle_open({"case": "c1", "open": ["a", "b"]}, {"case_id": "c1", "rev": 3}, "fold:a")
    {'case': 'c1', 'open': ['b']}
    """
    ref = case_ref(store)
    if ref is None or ":" not in str(index):
        return None
    action, actor = str(index).split(":", 1)
    opened = set(opened_actors(store, people_open))
    if action == "open":
        opened.add(actor)
    else:
        opened.discard(actor)
    return {"case": ref[0], "open": sorted(opened)}


def register(app) -> None:
    @app.callback(
        Output(ids.PEOPLE_OPEN, "data"),
        Input(ids.HOLDINGS_CLICK, "data"),
        State(ids.PEOPLE_OPEN, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_holdings(click, people_open, store):
        button, _n = pressed(click)
        if button is None:
            return no_update
        return toggle_open(people_open, store, str(button["index"])) or no_update

    # the buttons are redrawn with the inspector (the store is in its people section)
    gate(app, ids.HOLDINGS_CLICK, ids.PEOPLE_HOLDINGS)


def is_people(ws: Any, store: Any, view: Any) -> bool:
    """Whether the diagram draws the people network for this store and switch value."""
    ref = case_ref(store)
    return ref is not None and people_view(ws, ref, view)

