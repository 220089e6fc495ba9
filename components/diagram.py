"""The network diagram: cytoscape canvas, search box, legend and the view callbacks.

Elements are sent once per case revision (with the server-computed positions); size,
colour, hub rings and filters travel as a stylesheet; other layouts as a layout object.
A large case's first overview brings its stylesheet with it, and its stylesheet, legend and
status line are made from figures kept with the revision, not from the case
(components/diagram_facts.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import dash_cytoscape as cyto
import networkx as nx
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from casegraph import theme
from casegraph.analysis import MEASURES
from casegraph.elements import (
    case_elements,
    default_colouring,
    display_positions,
    drawn_lines,
    fitted_zoom,
    neighbour_counts,
    overview_elements,
    overview_parts,
    overview_zoom,
    pack_parts,
    top_nodes,
    unpack_parts,
)
from casegraph.layout import MAX_VIEW_ZOOM, MIN_VIEW_ZOOM, cluster_positions, concentric_positions
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import diagram_facts, ids, overview, people_diagram
from components.cylayout import FIT, preset
from components.state import (
    ENTITIES,
    PEOPLE,
    analysis_for,
    case_ref,
    people_view,
    ranked_analysis,
    workspace,
)
from components.stylesheet import (
    CLUSTER_COLOURS,
    HUB_RING,
    LARGE_CASE,
    OTHER_CLUSTER,
    SELECTED,
    quote,
    stylesheet,
)
from components.summary import links_detail
from components.view_defaults import measure_label


def _fresh(spec: dict[str, Any]) -> dict[str, Any]:
    # The canvas re-runs a layout only when the layout object differs from the last one;
    # a new "run" stamp makes every requested layout (and its fit) happen.
    return {**spec, "run": time.time_ns()}


# -- logic ----------------------------------------------------------------------------------
def diagram_elements(ws: Workspace, store: Any) -> list[dict[str, Any]]:
    ref = case_ref(store)
    if ref is None:
        return []
    case, analysis = ws.case(*ref), ws.analysis(*ref)
    return case_elements(case, analysis, ws.positions(*ref), measures=list(MEASURES))


# The overview of a large case with no cluster opened, kept with the revision in the store
# (``Workspace.kept``): a picker's open after a restart sends it without reading the case or
# its analysis. The name changes with what the overview draws (older ones are made again).
FIRST_OVERVIEW = "overview:v5"
# What the overview draws whatever is opened (elements.OverviewParts), kept with the revision
# too: made with the first overview (at upload), read back for the first cluster opened.
OVERVIEW_PARTS = "overview-parts:1"


def first_overview(ws: Workspace, ref: tuple[str, int]) -> dict[str, Any]:
    """:func:`overview_view` with no cluster opened, kept with the revision."""
    return ws.kept(ref[0], ref[1], FIRST_OVERVIEW, lambda: overview_view(ws, ref, []))


def keep_first_picture(ws: Workspace, ref: tuple[str, int],
                       stage: Callable[[str], None] | None = None) -> None:
    """Make and keep with a large revision what opening it reads: its first overview, the
    figures of its stylesheet, legend and status, whether it holds one kind of entity, and
    its summary cards. An upload's job does this while it holds the case: the page that
    then opens it reads them back instead of reading the case (at 100k, 15 s from the
    job's end to the overview painted, bench/upload_browser.py). ``stage("picture")`` is
    called first (the job's progress), for a large revision only."""
    from components import summary

    if not overview_case(ws, ref):
        return
    if stage is not None:
        stage("picture")
    ws.one_kind(*ref)
    first_overview(ws, ref)
    diagram_facts.facts(ws, ref)
    summary.figures(ws, ref)


def overview_view(ws: Workspace, ref: tuple[str, int], opened: list[int],
                  measure: str = "degree", held: list[int] | None = None) -> dict[str, Any]:
    """The cluster overview's ``nodes``, ``edges``, ``left_out`` and ``clusters`` (how
    many) with the clusters ``opened`` drawn as their entities, sized by ``measure`` (the
    one on screen: their nodes carry its size field alone, and the canvas asks for them
    again when it changes, ``casegraph.resizeOpened`` in assets/casegraph.js). ``held``:
    the clusters opened on the canvas that asks, which holds the links between bubbles of
    that overview: those are not sent again, ``drop`` names the ones to take away
    (``elements.overview_elements``)."""
    case, analysis = ws.case(*ref), ws.analysis(*ref)
    positions, centres = ws.overview_positions(ref[0], ref[1], opened)
    parts = ws.kept(ref[0], ref[1], OVERVIEW_PARTS, lambda: overview_parts(case, analysis),
                    pack=pack_parts, unpack=unpack_parts)
    view = overview_elements(case, analysis, positions, set(opened),
                             measures=[measure], centres=centres, parts=parts, held=held)
    return {"nodes": view["nodes"], "edges": view["edges"], "left_out": view["left_out"],
            "drill_left_out": view["drill_left_out"], "drop": view["drop"],
            "clusters": len(analysis.community_sizes)}


def elements_payload(ws: Workspace, store: Any, layout_name: str = "preset",
                     measure: str = "degree", detail: str | None = None,
                     open_clusters: list[int] | None = None, view: Any = ENTITIES,
                     opened: tuple = (),
                     first_sheet: Callable[[], list[dict[str, Any]]] | None = None,
                     held: list[int] | None = None) -> dict[str, Any] | None:
    """What the canvas loads for a case: nodes, edges, and the layout to run afterwards.

    Delivered through a store and added by one client-side call (``casegraph.load`` in
    assets/casegraph.js) rather than through the ``elements`` prop: the prop path diffs the
    whole list and copies it back through Dash after every change (see bench/RESULTS.md,
    "Time to first paint"). Large cases draw nodes first and links a frame later. Cases
    above ``overview.OVERVIEW_ABOVE`` entities open as a cluster overview (``detail`` None
    or "overview", with ``open_clusters`` drawn as entities); ``detail="all"`` draws every
    entity. ``view`` names what is drawn, so the canvas can skip a payload it shows already.
    With ``view`` "people" (``ids.ANALYSIS_VIEW``) a case with several kinds of entity is
    drawn as its people network (components/people_diagram.py), ``opened`` actors opened.
    The first overview of a large case (no cluster opened) carries ``stylesheet``, made by
    ``first_sheet()`` when given (the canvas styles the overview with it as it adds it, see
    ``diagram_facts``); other payloads leave the stylesheet to the stylesheet callback.
    ``held`` (a drill: the clusters opened on the canvas that asks) leaves out the links
    between bubbles that canvas holds: the payload's ``overview`` then carries ``base``
    (``held``, sorted) and ``drop`` (ids of its links no longer drawn); the canvas lays it
    on only over that overview (``casegraph.load``).
    """
    ref = case_ref(store)
    if ref is None:
        return None
    if people_view(ws, ref, view):
        return people_diagram.people_payload(ws, ref, layout_name, measure, opened)
    entities = ws.entity_count(*ref)  # from the case's row: the case is not read for it
    if detail != "all" and entities > overview.OVERVIEW_ABOVE:
        opened = sorted(set(open_clusters or []))
        held = sorted({int(c) for c in held}) if held is not None and opened else None
        if opened:
            view = overview_view(ws, ref, opened, measure, held)
        else:  # the first picture of a large case: kept with the revision (see FIRST_OVERVIEW)
            view = first_overview(ws, ref)
            # its stylesheet's, legend's and status' figures are kept with it
            diagram_facts.facts(ws, ref)
        payload = {"case": list(ref), "nodes": view["nodes"], "edges": view["edges"],
                   "layout": None, "progressive": False, "entities": entities,
                   "overview": {"clusters": view["clusters"], "open": opened,
                                "left_out": view["left_out"],
                                "drill_left_out": view.get("drill_left_out", 0)},
                   "view": f"{ref[0]}@{ref[1]}:overview:{opened}" + (f":{measure}" if opened
                                                                      else "")}
        if held is not None:
            payload["overview"].update(base=held, drop=view["drop"])
        if first_sheet is not None and not opened:
            payload["stylesheet"] = first_sheet()
        return payload
    elements = diagram_elements(ws, store)
    nodes = [e for e in elements if "source" not in e["data"]]
    edges = [e for e in elements if "source" in e["data"]]
    layout = None if layout_name == "preset" else layout_spec(ws, store, layout_name, measure)
    return {"case": list(ref), "nodes": nodes, "edges": edges, "layout": layout,
            "progressive": len(nodes) > LARGE_CASE, "entities": entities, "overview": None,
            "view": f"{ref[0]}@{ref[1]}:all:{layout_name}:{measure}"}


def layout_spec(ws: Workspace, store: Any, name: str, measure: str,
                with_positions: bool = False, view: Any = ENTITIES,
                opened: tuple = ()) -> dict[str, Any]:
    """The cytoscape ``layout`` object for a layout choice.

    ``preset`` uses the server positions carried by the elements; ``with_positions`` sends
    them again, to restore the picture after another layout moved the nodes. In the People
    view the layouts are made on the people picture.
    """
    ref = case_ref(store)
    if ref is None:
        return {"name": "preset", **FIT}
    if people_view(ws, ref, view):
        return people_diagram.people_layout(ws, ref, name, measure, opened)
    if name == "concentric":
        order = top_nodes(ranked_analysis(ws, ref), measure, len(ws.case(*ref).graph))
        return {"name": "preset", "positions": preset(concentric_positions(ws.case(*ref),
                                                                            order)), **FIT}
    if name == "clusters":
        made = ws.derived(ref[0], ref[1], "cluster-layout", lambda: cluster_positions(
            ws.case(*ref), ws.analysis(*ref).communities))
        return {"name": "preset", "positions": preset(made), **FIT}
    if name == "breadthfirst":
        # radial: levels as rings round the top hub (a hub with 50 contacts makes a flat,
        # unreadable row in a top-down tree)
        return {"name": "breadthfirst", "roots": tree_roots(ws, ref, measure),
                "directed": False, "circle": True, "spacingFactor": 1.0, **FIT}
    if name in ("circle", "grid"):
        return {"name": name, "avoidOverlap": True, "nodeDimensionsIncludeLabels": True, **FIT}
    if name == "cose":
        return {"name": "cose", "randomize": False, "nodeRepulsion": 9000,
                "idealEdgeLength": 70, "numIter": 1500, **FIT}
    spec: dict[str, Any] = {"name": "preset", **FIT}
    if with_positions:
        spec["positions"] = preset(display_positions(ws.case(*ref)))
    return spec


def tree_roots(ws: Workspace, ref: tuple[str, int], measure: str, limit: int = 40) -> str:
    """Selector of the most central node of each component (the roots of a tree layout)."""
    case, analysis = ws.case(*ref), ranked_analysis(ws, ref)
    order = {n: i for i, n in enumerate(top_nodes(analysis, measure, len(analysis.centrality)))}
    roots = []
    for component in sorted(nx.weakly_connected_components(case.graph), key=len, reverse=True):
        if len(component) < 2 or len(roots) >= limit:
            break
        roots.append(min(component, key=lambda n: order.get(str(n), len(order))))
    return ", ".join(f"node[id = {quote(r)}]" for r in roots)


def delta_base(store: Any) -> dict[str, Any] | None:
    """The store of the revision an expansion's delta was laid on (``None`` for a store
    that is not a delta: a case opened or reloaded whole)."""
    if isinstance(store, dict) and store.get("delta") and store.get("base"):
        return {"case_id": store.get("case_id"), "rev": store["base"]}
    return None


def hidden_types(type_options: list[dict] | None, checked: list[str] | None) -> list[str]:
    present = [o["value"] for o in (type_options or [])]
    return [t for t in present if t not in set(checked or [])]


def panel_size(canvas: Any) -> tuple[float, float] | None:
    """``(width, height)`` of the diagram canvas from ids.CANVAS_SIZE (written by the page,
    assets/casegraph.js watchSize), or None when the page has not measured it yet.

    >>> panel_size({"width": 546, "height": 503}), panel_size(None)
    ((546.0, 503.0), None)
    """
    try:
        width, height = float(canvas["width"]), float(canvas["height"])
    except (TypeError, KeyError, ValueError):
        return None
    return (width, height) if width > 0 and height > 0 else None


def view_stylesheet(ws: Workspace, store: Any, icon_url: Callable[[str], str], measure: str,
                    colour_by: str, topk: int, type_options: list[dict] | None,
                    checked: list[str] | None, min_degree: int | None, view: Any = ENTITIES,
                    opened: tuple = (), panel: tuple[float, float] | None = None,
                    bubbles_of: tuple[str, int] | None = None) -> list[dict[str, Any]]:
    """The stylesheet of a view; sizes that depend on the zoom fitting the case are made for
    a canvas of ``panel`` (width, height; CSS px), or fitted_zoom's default when unknown.
    A large case's cluster bubbles are sized for the zoom its first overview opens with,
    that of the revision ``bubbles_of`` when given (an expansion's delta is laid on the
    overview of the revision before: its bubbles stay those on screen, see ``on_view``)."""
    size = dict(zip(("width", "height"), panel, strict=True)) if panel else {}
    ref = case_ref(store)
    if ref is None:
        return stylesheet(icon_url)
    if people_view(ws, ref, view):
        # hub rings, cluster colours and badges of the people network
        pic = people_diagram.picture(ws, ref, opened)
        analysis = ranked_analysis(ws, ref, view)
        sheet = stylesheet(
            icon_url, measure=measure, colour_by=colour_by,
            communities=len(analysis.community_sizes),
            hubs=top_nodes(analysis, measure, int(topk or 0)),
            hidden_types=hidden_types(type_options, checked), min_degree=int(min_degree or 0),
            directed=False, nodes=pic.graph.number_of_nodes(),
            fit_zoom=fitted_zoom(pic.positions, **size))
        large = pic.graph.number_of_nodes() > LARGE_CASE
        # badges go before the hub, selection and overlay rules, which style borders only
        at = next((i for i, r in enumerate(sheet) if r.get("selector", "").startswith(
            "node[id = ")), len(sheet))
        return sheet[:at] + people_diagram.badge_rules(pic, icon_url, large) + sheet[at:]
    if overview_case(ws, ref):  # from the figures kept with the revision: no case read
        return diagram_facts.sheet(diagram_facts.facts(ws, ref), icon_url, measure, colour_by,
                                   int(topk or 0), hidden_types(type_options, checked),
                                   int(min_degree or 0), panel,
                                   overview_zoom(first_overview(ws, bubbles_of or ref)["nodes"],
                                                 **size))
    case, analysis = ws.case(*ref), ranked_analysis(ws, ref)
    return stylesheet(
        icon_url, measure=measure, colour_by=colour_by,
        communities=len(analysis.community_sizes),
        hubs=top_nodes(analysis, measure, int(topk or 0)),
        hidden_types=hidden_types(type_options, checked), min_degree=int(min_degree or 0),
        directed=case.directed, nodes=case.graph.number_of_nodes(),
        fit_zoom=fitted_zoom(display_positions(case), **size))


def kept_stylesheet(ws: Workspace, store: Any, icon_url: Callable[[str], str], measure: str,
                    colour_by: str, topk: int, type_options: list[dict] | None,
                    checked: list[str] | None, min_degree: int | None, view: Any = ENTITIES,
                    opened: tuple = (), panel: tuple[float, float] | None = None,
                    bubbles_of: tuple[str, int] | None = None) -> list[dict[str, Any]]:
    """:func:`view_stylesheet`, made once per revision and controls (``Workspace.derived``):
    an expansion compares the new revision's sheet with the one on screen, which is then
    read back instead of being made again. Do not change what it returns: it is shared."""
    ref = case_ref(store)
    if ref is None:
        return view_stylesheet(ws, store, icon_url, measure, colour_by, topk, type_options,
                               checked, min_degree, view, opened, panel)
    bubbles_of = None if bubbles_of is None or tuple(bubbles_of) == ref else tuple(bubbles_of)
    name = ("stylesheet", measure, colour_by, int(topk or 0),
            tuple(hidden_types(type_options, checked)), int(min_degree or 0), str(view),
            tuple(opened or ()), tuple(panel) if panel else None, bubbles_of)
    return ws.derived(ref[0], ref[1], name, lambda: view_stylesheet(
        ws, store, icon_url, measure, colour_by, topk, type_options, checked, min_degree,
        view, opened, panel, bubbles_of))


def overview_case(ws: Workspace, ref: tuple[str, int]) -> bool:
    """Whether the case opens as a cluster overview (its row says how many entities it
    holds): its stylesheet, legend and status are then made from ``diagram_facts``."""
    return ws.entity_count(*ref) > overview.OVERVIEW_ABOVE


def opening_controls(ws: Workspace, ref: tuple[str, int] | None, memory: Any, measure: Any,
                     colour_by: Any, checked: list[str] | None,
                     type_options: list[dict] | None, min_degree: Any
                     ) -> tuple[str, str, list[str] | None, list[dict] | None, int]:
    """``(measure, colour_by, checked, type_options, min_degree)`` the view of a large case
    is made with as it opens: another case than the one the controls show
    (``ids.VIEW_MEMORY``) has them reset by components/controls.py (its default colouring,
    every type, no minimum), so the stylesheet is made with those at once rather than with
    the last case's, which would restyle the overview twice; a new revision of the case
    on screen keeps the controls as they are."""
    from components.view_state import shown_case

    measure = measure or "degree"
    if ref is None or shown_case(memory) == ref[0]:
        return measure, colour_by, checked, type_options, int(min_degree or 0)
    offered = diagram_facts.facts(ws, ref).get("ranked") or {}
    colour = "community" if ws.one_kind(*ref) else "type"
    return (measure if measure in offered else "degree"), colour, None, None, 0


def visible_status(ws: Workspace, store: Any, type_options: list[dict] | None,
                   checked: list[str] | None, min_degree: int | None, view: Any = ENTITIES,
                   opened: tuple = ()) -> str:
    """"N of M entities shown" after the type and degree filters."""
    ref = case_ref(store)
    if ref is None:
        return ""
    if people_view(ws, ref, view):
        return people_diagram.people_status(ws, ref, opened)
    if overview_case(ws, ref):
        known = diagram_facts.facts(ws, ref)
        links, lines, pairs = known["lines"]
        return status_text(diagram_facts.shown(known, hidden_types(type_options, checked),
                                               int(min_degree or 0)),
                           known["nodes"], links, lines, pairs)
    case = ws.case(*ref)
    hidden = set(hidden_types(type_options, checked))
    degree = neighbour_counts(case)
    shown = sum(1 for n, t in case.graph.nodes(data="type")
                if t not in hidden and degree.get(n, 0) >= int(min_degree or 0))
    lines, pairs = drawn_lines(case)
    return status_text(shown, case.graph.number_of_nodes(), case.graph.number_of_edges(),
                       lines, pairs)


def status_text(shown: int, total: int, links: int, lines: int, pairs: int) -> str:
    """The status line: entities shown of all, and how links are drawn.

    >>> status_text(3, 4, 5, 4, 4)
    '3 of 4 entities shown · 5 links drawn as 4 lines, one per pair'
    """
    text = f"{shown:,} of {total:,} entities shown" if shown != total else f"{total:,} entities"
    if links != lines:  # parallel links are summed into one line per pair
        text += f" · {links_detail(links, lines, pairs)}"
    return text


def legend(ws: Workspace, store: Any, colour_by: str, measure: str, topk: int,
           icon_url: Callable[[str], str], view: Any = ENTITIES,
           opened: tuple = ()) -> list[Any]:
    """Legend items: entity types (or clusters), then the hub and selection markers."""
    ref = case_ref(store)
    if ref is None:
        return []
    people = people_view(ws, ref, view)
    if not people and overview_case(ws, ref):  # the figures kept with the revision
        known = diagram_facts.facts(ws, ref)
        sizes, counts = known["community_sizes"], diagram_facts.type_counts(known)
    else:
        case, analysis = ws.case(*ref), ws.analysis(*ref)
        if people:
            case = people_diagram.picture(ws, ref, opened)
            analysis = analysis_for(ws, ref, view)
        sizes = analysis.community_sizes
        counts = case.entity_counts() if colour_by != "community" else {}
    items: list[Any] = []
    if colour_by == "community":
        for i, size in enumerate(sizes[:len(CLUSTER_COLOURS)]):
            items.append(legend_item(CLUSTER_COLOURS[i], f"Cluster {i + 1}", size))
        rest = sum(sizes[len(CLUSTER_COLOURS):])
        if rest:
            items.append(legend_item(OTHER_CLUSTER, "Smaller clusters", rest))
    else:
        catalogue = entity_types()
        for etype, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            spec = catalogue.get(etype, catalogue["other"])
            items.append(legend_item(spec["colour"], spec.get("plural", etype), count,
                                     icon_url(f"icons/{spec['icon']}")))
    if people:
        items.append(html.Div("Accounts, phones, emails folded in",
                              className="cg-legend-item cg-legend-held"))
    if topk:
        items.append(ring_item(HUB_RING, f"Top {topk} by {measure_label(measure).lower()}"))
    items.append(ring_item(SELECTED, "Selected"))
    return items


def mark_legend(marks: list[str]) -> list[Any]:
    """Legend items for the marks on screen (overlay and tag classes: see
    showing.classes_on_screen), in the theme's words and colours.

    >>> [item.children for item in mark_legend(["ov-cut", "ov-dim", "ov-cut"])]
    ['Single point of failure']
    """
    looks = {look["class"]: (look["colour"], look["label"])
             for look in [*theme.marks().values(), *theme.tags().values()]}
    items = []
    for cls in dict.fromkeys(marks or []):
        if cls in looks:
            colour, label = looks[cls]
            items.append(ring_item(colour, label, "cg-legend-mark", **{"data-mark": cls}))
    return items


# A legend item is one component (each component a callback answer creates costs the page a
# redux dispatch): its words are its text; the swatch or ring (::before, coloured by the
# --swatch / --ring custom properties) and the count (::after, from data-count) are drawn by
# assets/casegraph.css.
def legend_item(colour: str, label: str, count: int, icon: str | None = None) -> html.Div:
    """A colour's item: swatch (with the type's icon), words, count.

    >>> item = legend_item("#e11d48", "People", 1234, "/assets/icons/person.svg")
    >>> item.children, item.style, getattr(item, "data-count")
    ('People', {'--swatch': '#e11d48', '--swatch-icon': 'url(/assets/icons/person.svg)'}, '1,234')
    """
    style = {"--swatch": colour}
    if icon:
        style["--swatch-icon"] = f"url({icon})"
    return html.Div(label, className="cg-legend-item cg-legend-colour", style=style,
                    **{"data-count": f"{count:,}"})


def ring_item(colour: str, label: str, kind: str = "cg-legend-ring", **attrs: str) -> html.Div:
    """A ring's item (the hubs, the selection; ``cg-legend-mark``: a mark's, without the
    hubs' halo): the ring in ``colour``, then the words."""
    return html.Div(label, className=f"cg-legend-item {kind}", style={"--ring": colour},
                    **attrs)


# -- layout ---------------------------------------------------------------------------------
def first_picture(icon_url: Callable[[str], str]) -> tuple[list[dict], dict | None]:
    """The stylesheet and elements payload of the case the page opens with.

    Sent with the page, so the first picture needs no callback round trip; outside a
    request (no workspace) the canvas starts empty and the callbacks fill it.
    """
    import flask

    from casegraph.access import Refused
    from components.state import store_for
    from components.view_defaults import DEFAULT_MEASURE, DEFAULT_TOPK

    if not flask.has_app_context():
        return stylesheet(icon_url), None
    ws = workspace()
    try:
        store = store_for(ws, ws.default_case_id())
    except Refused:  # the page says why (components/layout.py); the canvas starts empty
        store = None
    if case_ref(store) is None:
        return stylesheet(icon_url), None
    colour = default_colouring(ws.case(*case_ref(store)))
    sheet = view_stylesheet(ws, store, icon_url, DEFAULT_MEASURE, colour, DEFAULT_TOPK,
                            None, None, 0, view=PEOPLE)
    return sheet, elements_payload(ws, store, "preset", DEFAULT_MEASURE, view=PEOPLE)


def layout(icon_url: Callable[[str], str]) -> html.Section:
    from components import multi_select, showing

    sheet, first = first_picture(icon_url)
    return html.Section(className="cg-panel cg-diagram", children=[
        html.Div(className="cg-toolbar", children=[
            dcc.Input(id=ids.SEARCH, type="search", debounce=True, className="cg-search",
                      placeholder="Find an entity: name, phone, email or handle ⏎"),
            html.Span(id=ids.SEARCH_STATUS, className="cg-search-status"),
            html.Span(id=ids.GRAPH_STATUS, className="cg-graph-status"),
            html.Button("Fit", id=ids.FIT_BUTTON, className="cg-button", n_clicks=0,
                        title="Fit the whole network in view"),
        ]),
        showing.layout(),
        html.Div(className="cg-canvas-wrap", children=[
            # elements stay [] here: they arrive through ids.ELEMENTS_STORE (see on_case)
            cyto.Cytoscape(
                id=ids.CYTOSCAPE, elements=[], stylesheet=sheet,
                layout={"name": "preset", "fit": False}, className="cg-canvas",
                style={"width": "100%", "height": "100%"},
                minZoom=MIN_VIEW_ZOOM, maxZoom=MAX_VIEW_ZOOM, boxSelectionEnabled=True,
                autoRefreshLayout=False, responsive=True),
            html.Div(id=ids.LEGEND, className="cg-legend", children=[
                html.Div(id=ids.LEGEND_KEY), html.Div(id=ids.LEGEND_MARKS)]),
            multi_select.layout(),
            # actors opened in the People view (components/people_diagram.py)
            dcc.Store(id=ids.PEOPLE_OPEN, data=None),
            # the canvas size, written by the page (the stylesheet callback reads it)
            dcc.Store(id=ids.CANVAS_SIZE, data=None),
            *overview.layout(first),
        ]),
    ])


def register(app) -> None:
    from components import showing

    icon_url = app.get_asset_url
    overview.register(app)
    showing.register(app)
    people_diagram.register(app)

    @app.callback(
        Output(ids.ELEMENTS_STORE, "data"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.ANALYSIS_VIEW, "value"),
        Input(ids.PEOPLE_OPEN, "data"),
        State(ids.LAYOUT_PICKER, "value"),
        State(ids.SIZE_MEASURE, "value"),
        # what the first overview's stylesheet is made with (see opening_controls)
        State(ids.COLOUR_BY, "value"),
        State(ids.HUBS_TOPK, "value"),
        State(ids.TYPE_FILTER, "value"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.MIN_DEGREE, "value"),
        State(ids.CANVAS_SIZE, "data"),
        State(ids.VIEW_MEMORY, "data"),
    )
    def on_case(store, view, people_open, layout_name, measure, colour_by, topk, checked,
                type_options, min_degree, canvas, memory):
        ws = workspace()
        people = people_diagram.is_people(ws, store, view)
        if (isinstance(store, dict) and store.get("delta") and not people
                and ctx.triggered_id == ids.CASE_STORE):
            return no_update  # an expansion's delta is added client-side (components/enrich.py)

        def first_sheet() -> list[dict[str, Any]]:
            # the stylesheet callback's answer for the same case and controls (on_view):
            # the canvas styles the overview once, with it, as it adds the bubbles
            controls = opening_controls(ws, case_ref(store), memory, measure, colour_by,
                                        checked, type_options, min_degree)
            return kept_stylesheet(ws, store, icon_url, controls[0], controls[1], topk,
                                   controls[3], controls[2], controls[4], view,
                                   panel=panel_size(canvas))

        # the People view draws the people network anew: what a lookup found folds into
        # the people it belongs to (casegraph.enrichApply leaves such a canvas alone)
        return elements_payload(ws, store, layout_name or "preset", measure or "degree",
                                view=view, opened=people_diagram.opened_actors(store,
                                                                               people_open),
                                first_sheet=first_sheet)

    app.clientside_callback(
        ClientsideFunction("casegraph", "load"),
        Output(ids.CANVAS_SYNC, "data", allow_duplicate=True),
        Input(ids.ELEMENTS_STORE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.ELEMENTS_STORE, "data", allow_duplicate=True),
        Input(overview.SHOW_ALL, "n_clicks"),
        Input(overview.SHOW_CLUSTERS, "n_clicks"),
        Input(overview.OPEN_REQUEST, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.LAYOUT_PICKER, "value"),
        State(ids.SIZE_MEASURE, "value"),
        prevent_initial_call=True,
    )
    def on_overview(_all, _clusters, request, store, layout_name, measure):
        """The overview bar's buttons and a tapped cluster (components/overview.py)."""
        asked = overview.detail_request(ctx.triggered_id, request, store, layout_name,
                                        measure)
        return no_update if asked is None else elements_payload(workspace(), store, **asked)

    @app.callback(
        Output(ids.CYTOSCAPE, "layout", allow_duplicate=True),
        Input(ids.LAYOUT_PICKER, "value"),
        Input(ids.SIZE_MEASURE, "value"),
        State(ids.CASE_STORE, "data"),
        State(ids.ANALYSIS_VIEW, "value"),
        State(ids.PEOPLE_OPEN, "data"),
        prevent_initial_call=True,
    )
    def on_layout(layout_name, measure, store, view, people_open):
        if ctx.triggered_id == ids.SIZE_MEASURE and layout_name not in ("concentric",
                                                                         "breadthfirst"):
            return no_update
        return _fresh(layout_spec(workspace(), store, layout_name or "preset",
                                  measure or "degree", with_positions=True, view=view,
                                  opened=people_diagram.opened_actors(store, people_open)))

    @app.callback(
        Output(ids.CYTOSCAPE, "stylesheet"),
        Output(ids.LEGEND_KEY, "children"),
        Output(ids.GRAPH_STATUS, "children"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.COLOUR_BY, "value"),
        Input(ids.HUBS_TOPK, "value"),
        Input(ids.TYPE_FILTER, "value"),
        Input(ids.MIN_DEGREE, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
        Input(ids.PEOPLE_OPEN, "data"),
        State(ids.TYPE_FILTER, "options"),
        # State, not Input: resizing the window must not restyle the case
        State(ids.CANVAS_SIZE, "data"),
        State(ids.VIEW_MEMORY, "data"),
    )
    def on_view(store, measure, colour_by, topk, checked, min_degree, view, people_open,
                type_options, canvas, memory):
        ws = workspace()
        measure = measure or "degree"
        opened = people_diagram.opened_actors(store, people_open)
        panel = panel_size(canvas)
        ref = case_ref(store)
        if (ctx.triggered_id == ids.CASE_STORE and not delta_base(store) and ref is not None
                and overview_case(ws, ref) and not people_view(ws, ref, view)):
            # a large case just opened: made with the controls it opens with, as its first
            # overview's stylesheet was (an equal sheet is not applied again by the canvas)
            measure, colour_by, checked, type_options, min_degree = opening_controls(
                ws, ref, memory, measure, colour_by, checked, type_options, min_degree)
        base = case_ref(delta_base(store))
        expansion = base is not None and f"{ids.CASE_STORE}.data" in ctx.triggered_prop_ids
        # an expansion's delta is laid on the overview on screen, the revision before's: the
        # bubbles keep its sizes (the new revision's overview would be made only for them)
        sheet = kept_stylesheet(ws, store, icon_url, measure, colour_by, topk, type_options,
                                checked, min_degree, view, opened, panel,
                                bubbles_of=base if expansion else None)
        if expansion:
            # a new stylesheet restyles every element (2-3 s at 5,000 entities); send it
            # only when the new revision changed it (e.g. the hubs). The revision before was
            # on screen with the same controls: its sheet is kept
            before = kept_stylesheet(ws, delta_base(store), icon_url, measure, colour_by, topk,
                                     type_options, checked, min_degree, view, opened, panel)
            sheet = no_update if sheet == before else sheet
        return (sheet, legend(ws, store, colour_by, measure, int(topk or 0), icon_url, view,
                              opened),
                visible_status(ws, store, type_options, checked, min_degree, view, opened))

    # the marks' part of the legend follows the overlays on their own: waiting for every
    # panel's overlay would hold the colours' legend back until the slowest panel answers.
    # The page reduces the overlays to the kinds of mark on screen (assets/open_tab.js
    # marksKey): the same kinds on a new revision (an expansion) ask the server nothing
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "marksKey"),
        Output(ids.MARKS_KEY, "data"),
        *[Input(store_id, "data") for store_id in ids.OVERLAYS],
        Input(ids.ANALYSIS_TABS, "value"),
        State(ids.CASE_STORE, "data"),
        State(ids.MARKS_KEY, "data"),
    )

    @app.callback(Output(ids.LEGEND_MARKS, "children"), Input(ids.MARKS_KEY, "data"))
    def on_legend_marks(marks):
        return mark_legend(marks or [])

    @app.callback(
        Output(ids.SEARCH, "value"),
        Output(ids.SEARCH_STATUS, "children", allow_duplicate=True),
        Input(ids.CASE_OPENED, "data"),
        prevent_initial_call=True,
    )
    def on_case_search(_opened):
        # another case: the last case's search text means nothing here (an expansion keeps
        # it: ids.CASE_OPENED does not change for one)
        return "", ""

    # Cytoscape caches where its canvas sits on the page; panels filled above it (case notes,
    # cards, alerts) move it down, and taps would then land beside the nodes.
    app.clientside_callback(
        ClientsideFunction("casegraph", "resync"),
        Output(ids.CANVAS_SYNC, "data"),
        Input(ids.CASE_INFO, "children"),
        Input(ids.SUMMARY_CARDS, "children"),
        Input(ids.UPLOAD_ERROR, "style"),
        Input(ids.UPLOAD_NOTICE, "style"),
    )

    app.clientside_callback(
        ClientsideFunction("casegraph", "fit"),
        Output(ids.FIT_BUTTON, "title"),
        Input(ids.FIT_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
