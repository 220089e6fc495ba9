"""Paths tab: how two people are connected, and the ego network around one person.

Shortest paths by hops (fewest intermediaries) and by tie strength (the strongest chain,
``1 / weight`` per link), all simple paths up to a length bound, and the 1-3 hop
neighbourhood of the selected entity; each is laid over the diagram through
``ids.OVERLAY_PATHS`` (``ov-path`` on the path, everything else faded).

In the People view (``ids.ANALYSIS_VIEW``) paths run on the people network: the ends are
actors (a selected phone or account stands for the person it is attributed to), and each
step is a tie between two people, whatever phones or accounts carried it.

Also the entity helpers the other analysis panels share: names, dropdown options, chips
that select an entity when clicked.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from dash import Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis.paths import ego_network, paths_up_to, shortest_paths
from casegraph.model import Case, entity_types, normalise_text
from casegraph.workspace import Workspace
from components import ids
from components.overlays import overlay
from components.state import ENTITIES, case_ref, network_for, people_view, view_of, workspace

TAB_ID = "paths"
OPEN_ONLY = True                       # components/open_tab.py
FOLLOWS_SELECTION = True
OVERLAY = ids.OVERLAY_PATHS
TAB_LABEL = "Paths"

# Cases up to this size send every entity to the dropdowns (searched in the browser); larger
# cases are searched on the server as the analyst types.
OPTION_LIMIT = 2000
SEARCH_RESULTS = 60
SHORTEST_LIMIT = 10
ALL_PATHS_LIMIT = 50
SHOW_HOPS, SHOW_WEIGHT, SHOW_ALL = "hops", "weight", "all"
PANEL = "panel"  # ``via`` of selections made from these panels (paths do not follow them)


# -- entity helpers shared by the analysis panels -----------------------------------------
def name(case: Case, node: Any) -> str:
    return str(case.graph.nodes[node].get("label", node)) if node in case.graph else str(node)


def entity_options(case: Case, query: str = "", keep: Any = (),
                   limit: int = OPTION_LIMIT) -> list[dict[str, str]]:
    """Dropdown options: every entity of a small case, or the best matches of ``query`` in
    a large one (most connected first); the ``keep`` values are always included.

    >>> c = Case(); _ = c.add_entity("a", "person", "Ash"); _ = c.add_entity("b", "person", "Bo")
    >>> entity_options(c)
    [{'label': 'Ash', 'value': 'a'}, {'label': 'Bo', 'value': 'b'}]
    >>> entity_options(c, "bo", limit=1)
    [{'label': 'Bo', 'value': 'b'}]
    """
    graph = case.graph
    keep = [k for k in ([keep] if isinstance(keep, str) else list(keep or [])) if k in graph]
    if graph.number_of_nodes() <= limit:
        chosen = list(graph)
    else:
        wanted = normalise_text(query or "")
        degree = dict(graph.degree())
        pool = (n for n, d in graph.nodes(data=True)
                if wanted and wanted in normalise_text(d.get("label", n)))
        if not wanted:
            pool = iter(graph)
        chosen = sorted(pool, key=lambda n: -degree[n])[:SEARCH_RESULTS]
        chosen = list(dict.fromkeys(keep + chosen))
    counts: dict[str, int] = {}
    for n in chosen:
        counts[name(case, n)] = counts.get(name(case, n), 0) + 1
    options = [{"label": name(case, n) if counts[name(case, n)] == 1
                else f"{name(case, n)} [{n}]", "value": str(n)} for n in chosen]
    return sorted(options, key=lambda o: (o["label"].lower(), o["value"]))


def searched_options(store: Any, query: Any, keep: Any) -> Any:
    """Dropdown options for what the analyst types into an entity dropdown of a large case
    (``keep`` stays chosen); no_update for a small case, whose options hold every entity."""
    ref = case_ref(store)
    if ref is None:
        return no_update
    case = workspace().case(*ref)
    if case.graph.number_of_nodes() <= OPTION_LIMIT:
        return no_update
    return entity_options(case, query or "", keep=keep)


def entity_chip(case: Case, node: Any, extra: str = "") -> html.Button:
    """A small button naming an entity; clicking it selects the entity (see register).

    One component (each one a callback answer creates costs the page a redux dispatch): the
    name is its text; the type's dot (``--dot``) and the muted ``extra`` word(s)
    (``data-extra``, also in the title) are drawn by assets/casegraph.css.
    """
    etype = case.graph.nodes[node].get("type", "other") if node in case.graph else "other"
    colour = entity_types().get(etype, entity_types()["other"]).get("colour", "#b8c0cc")
    title = f"Select {name(case, node)}" + (f" ({extra})" if extra else "")
    return html.Button(
        name(case, node), id={"type": ids.ANALYSIS_ENTITY, "index": str(node)}, n_clicks=0,
        className="cg-ap-chip", title=title, style={"--dot": colour},
        **({"data-extra": extra} if extra else {}))


def selected_node(selection: Any) -> str | None:
    if isinstance(selection, dict) and selection.get("kind") == "node" and selection.get("id"):
        return str(selection["id"])
    return None


# -- paths --------------------------------------------------------------------------------
def follow_selection(history: Any, selection: Any) -> list[str]:
    """The last two entities the analyst selected on the diagram or in the lists, oldest
    first; selections made from these panels (chips) do not count.

    >>> follow_selection(["a"], {"kind": "node", "id": "b"})
    ['a', 'b']
    >>> follow_selection(["a", "b"], {"kind": "node", "id": "c", "via": "panel"})
    ['a', 'b']
    """
    history = [h for h in (history or []) if h][-2:]
    node = selected_node(selection)
    if node is None or selection.get("via") == PANEL or (history and history[-1] == node):
        return history
    return (history + [node])[-2:]


def weakest_link(H: nx.Graph, path: list) -> float:
    """Smallest total weight of a pair along the path (the chain's weakest tie)."""
    return min((float(H.edges[u, v].get("weight", 1.0)) for u, v in zip(path, path[1:],
                                                                         strict=False)),
               default=0.0)


def path_overlay_refs(paths: list[list]) -> tuple[list, list]:
    """Nodes and ``(u, v)`` pairs on any of the paths, each once, in path order."""
    nodes: list = []
    pairs: list = []
    for path in paths:
        nodes += path
        pairs += [(u, v) for u, v in zip(path, path[1:], strict=False)]
    return list(dict.fromkeys(nodes)), list(dict.fromkeys(pairs))


def network_case(ws: Workspace, ref: tuple[str, int], view: Any = ENTITIES) -> Case:
    """The case whose members the paths run between: the case itself, or in the People view
    the people picture (actors named as the people network names them)."""
    if people_view(ws, ref, view):
        from components.people_diagram import picture

        return picture(ws, ref)
    return ws.case(*ref)


def as_actor(ws: Workspace, ref: tuple[str, int], node: Any, view: Any = ENTITIES) -> Any:
    """The member of the analysed network that stands for ``node``: in the People view the
    actor a phone, account or email is attributed to; else the node itself."""
    if node is None or not people_view(ws, ref, view):
        return node
    return ws.people(*ref).actor_of.get(node, node)


def find_paths(ws: Workspace, store: Any, source: Any, target: Any,
               max_hops: int = 4, view: Any = ENTITIES) -> dict[str, Any] | None:
    """Shortest paths by hops and by tie strength, and every path up to ``max_hops`` links,
    on the network the view chooses (the case's links, or the people network's ties).

    Returns None when the two entities are missing or the same; cached per revision.
    """
    ref = case_ref(store)
    if ref is None or not source or not target or source == target:
        return None
    H = network_for(ws, ref, view)
    if source not in H or target not in H:
        return None
    max_hops = max(1, min(int(max_hops or 4), 8))

    def make() -> dict[str, Any]:
        hops = shortest_paths(H, source, target, by="hops", limit=SHORTEST_LIMIT)
        strong = shortest_paths(H, source, target, by="weight", limit=SHORTEST_LIMIT)
        every, more = (paths_up_to(H, source, target, max_hops=max_hops, limit=ALL_PATHS_LIMIT)
                       if hops else ([], False))
        return {"hops": hops, "weight": strong, "all": every, "more": more,
                "max_hops": max_hops}

    key = ("paths", source, target, max_hops)
    if people_view(ws, ref, view):
        key += (view_of(view),)
    return ws.derived(ref[0], ref[1], key, make)


def path_row(case: Case, H: nx.Graph, path: list) -> html.Div:
    steps: list[Any] = []
    for i, node in enumerate(path):
        if i:
            steps.append(html.Span("→", className="cg-ap-arrow"))
        steps.append(entity_chip(case, node))
    hops = len(path) - 1
    weakest = weakest_link(H, path)
    return html.Div(className="cg-ap-path", children=[
        html.Div(steps, className="cg-ap-path-steps"),
        html.Span(f"{hops} link{'s' if hops != 1 else ''} · weakest tie {weakest:g}",
                  className="cg-ap-path-meta"),
    ])


def paths_view(ws: Workspace, store: Any, source: Any, target: Any, show: str = SHOW_HOPS,
               max_hops: int = 4, view: Any = ENTITIES) -> tuple[list[Any], dict | None]:
    """``(children of the result area, overlay)`` for a pair of entities."""
    ref = case_ref(store)
    if ref is None:
        return [], None
    case = network_case(ws, ref, view)
    source, target = as_actor(ws, ref, source, view), as_actor(ws, ref, target, view)
    if not source or not target:
        return [html.Div("Choose two entities (or select them one after the other on the "
                         "diagram) to see how they are connected.", className="cg-ap-hint")], \
            overlay(store, {})
    if source == target:
        return [html.Div("Choose two different entities.", className="cg-ap-hint")], \
            overlay(store, {})
    found = find_paths(ws, store, source, target, max_hops, view)
    if found is None:
        return [html.Div("One of these entities is not in this case.",
                         className="cg-ap-hint")], overlay(store, {})
    a, b = name(case, source), name(case, target)
    if not found["hops"]:
        return [html.Div(className="cg-ap-callout", children=[
            html.Strong(f"{a} and {b} are not connected"),
            " in this case: no chain of contacts links them."])], overlay(store, {})
    H = network_for(ws, ref, view)
    shortest = len(found["hops"][0]) - 1
    hops_title = (f"Fewest intermediaries: {shortest} link{'s' if shortest != 1 else ''}"
                  f" ({len(found['hops'])} path{'s' if len(found['hops']) != 1 else ''})")
    strong_title = "Strongest chain (by number of contacts on each link)"
    more = " (first 50; more exist)" if found["more"] else ""
    all_title = (f"All paths up to {found['max_hops']} links: {len(found['all'])}{more}"
                 if found["all"] else f"All paths up to {found['max_hops']} links: none "
                 f"(the shortest has {shortest}; raise the bound)")
    chosen = {SHOW_HOPS: found["hops"], SHOW_WEIGHT: found["weight"][:1],
              SHOW_ALL: found["all"]}.get(show, found["hops"])
    nodes, pairs = path_overlay_refs(chosen)
    marks = overlay(store, {"ov-dim-others": nodes, "ov-path": nodes + pairs}, fit=True)
    children = [
        html.Div(className="cg-ap-callout", children=[
            html.Strong(f"{a} reaches {b} in {shortest} step{'s' if shortest != 1 else ''}"),
            f" through {max(shortest - 1, 0)} intermediar{'y' if shortest == 2 else 'ies'}."
            if shortest > 1 else " directly: they are in contact."]),
        html.Div(className="cg-ap-columns", children=[
            html.Div([html.H4(hops_title)]
                     + [path_row(case, H, p) for p in found["hops"]]),
            html.Div([html.H4(strong_title)]
                     + [path_row(case, H, p) for p in found["weight"][:3]]),
        ]),
        html.Details(className="cg-ap-details", open=show == SHOW_ALL, children=[
            html.Summary(all_title),
            html.Div([path_row(case, H, p) for p in found["all"]], className="cg-ap-scroll"),
        ]),
    ]
    return children, marks


def ego_view(ws: Workspace, store: Any, node: Any, hops: int = 1,
             view: Any = ENTITIES) -> tuple[list[Any], dict | None]:
    """``(children, overlay)`` focusing the diagram on the people within ``hops`` of node."""
    ref = case_ref(store)
    if ref is None:
        return [], None
    case = network_case(ws, ref, view)
    node = as_actor(ws, ref, node, view)
    if not node or node not in case.graph:
        return [html.Div("Select an entity first (on the diagram or in a list), then focus "
                         "on its contacts.", className="cg-ap-hint")], overlay(store, {})
    hops = max(1, min(int(hops or 1), 3))
    H = network_for(ws, ref, view)
    if node not in H:  # an actor tied to no one
        return [html.Div(f"{name(case, node)} is tied to no one in this network.",
                         className="cg-ap-hint")], overlay(store, {})
    key = ("ego", node, hops) if not people_view(ws, ref, view) else ("ego", node, hops,
                                                                      view_of(view))
    within = ws.derived(ref[0], ref[1], key, lambda: ego_network(H, node, hops))
    by_ring: dict[int, list] = {}
    for other, d in within.items():
        by_ring.setdefault(d, []).append(other)
    rows = []
    for d in range(1, hops + 1):
        ring = sorted(by_ring.get(d, []), key=lambda n: -H.degree(n))
        rows.append(html.Div(className="cg-ap-ring", children=[
            html.Span(f"{d} step{'s' if d != 1 else ''} away: {len(ring)}",
                      className="cg-ap-ring-title"),
            html.Div([entity_chip(case, n) for n in ring[:30]]
                     + ([html.Span(f"… and {len(ring) - 30} more", className="cg-ap-more")]
                        if len(ring) > 30 else []), className="cg-ap-chips"),
        ]))
    children = [html.Div(className="cg-ap-callout", children=[
        html.Strong(f"{name(case, node)}'s network within {hops} step{'s' if hops != 1 else ''}"),
        f": {len(within) - 1} people and accounts shown, the rest of the case faded."])] + rows
    return children, overlay(store, {"ov-dim-others": list(within), "ov-path": [node]},
                             fit=True)


# -- layout -------------------------------------------------------------------------------
def layout() -> html.Div:
    return html.Div(className="cg-ap-tab", children=[
        dcc.Store(id=ids.PATH_HISTORY, data=[]),
        html.Div(className="cg-ap-row", children=[
            html.Div(className="cg-ap-pick", children=[
                html.Label("From", className="cg-field-label"),
                dcc.Dropdown(id=ids.PATH_FROM, options=[], placeholder="Search an entity…",
                             className="cg-ap-dropdown")]),
            html.Button("⇄", id=ids.PATH_SWAP, n_clicks=0, className="cg-button cg-ap-swap",
                        title="Swap the two entities"),
            html.Div(className="cg-ap-pick", children=[
                html.Label("To", className="cg-field-label"),
                dcc.Dropdown(id=ids.PATH_TO, options=[], placeholder="Search an entity…",
                             className="cg-ap-dropdown")]),
            # off by default: two clicks on the diagram must not draw a path on their own
            dcc.Checklist(id=ids.PATH_FOLLOW, value=[], className="cg-ap-check",
                          options=[{"label": " Fill from my last two selections",
                                    "value": "follow"}]),
        ]),
        html.Div(className="cg-ap-row", children=[
            html.Span("Highlight", className="cg-field-label"),
            dcc.RadioItems(id=ids.PATH_SHOW, value=SHOW_HOPS, className="cg-ap-radio",
                           inline=True, options=[
                               {"label": "fewest intermediaries", "value": SHOW_HOPS},
                               {"label": "strongest chain", "value": SHOW_WEIGHT},
                               {"label": "all paths up to", "value": SHOW_ALL}]),
            dcc.Input(id=ids.PATH_MAX_HOPS, type="number", min=1, max=8, step=1, value=4,
                      className="cg-ap-number", debounce=True),
            html.Span("links", className="cg-muted"),
            html.Span(className="cg-ap-spacer"),
            html.Span("Ego network of the selected entity:", className="cg-field-label"),
            dcc.Dropdown(id=ids.EGO_HOPS, value=1, clearable=False, searchable=False,
                         className="cg-ap-small-dropdown",
                         options=[{"label": f"{h} step{'s' if h > 1 else ''}", "value": h}
                                  for h in (1, 2, 3)]),
            html.Button("Focus", id=ids.EGO_SHOW, n_clicks=0, className="cg-button"),
            html.Button("Clear marks", id=ids.PATH_CLEAR, n_clicks=0, className="cg-button"),
        ]),
        dcc.Loading(type="dot", children=html.Div(id=ids.PATH_RESULT,
                                                  className="cg-ap-result")),
    ])


def register(app) -> None:
    # an entity chip (drawn by this tab and the others) selects through the selection's
    # owner: components/selection.py passes its real clicks on (components/clicks.py), so
    # a tab redrawing its chips asks the server nothing

    @app.callback(
        Output(ids.PATH_FROM, "options"),
        Output(ids.PATH_TO, "options"),
        Output(ids.PATH_FROM, "value"),
        Output(ids.PATH_TO, "value"),
        Output(ids.PATH_HISTORY, "data"),
        Input(ids.tab_case(TAB_ID), "data"),       # only while the tab is open
        Input(ids.tab_selection(TAB_ID), "data"),
        State(ids.ANALYSIS_VIEW, "value"),         # a switch updates the tab's case copy
        State(ids.PATH_HISTORY, "data"),
        State(ids.PATH_FOLLOW, "value"),
        State(ids.PATH_FROM, "value"),
        State(ids.PATH_TO, "value"),
        prevent_initial_call=True,
    )
    def on_selection(store, selection, view, history, follow, source, target):
        ref = case_ref(store)
        if ref is None:
            return [], [], None, None, []
        ws = workspace()
        case = network_case(ws, ref, view)
        if isinstance(selection, dict) and selection.get("kind") == "node":
            selection = {**selection, "id": as_actor(ws, ref, selection.get("id"), view)}
        history = [as_actor(ws, ref, h, view) for h in follow_selection(history, selection)]
        history = [h for h in dict.fromkeys(history) if h in case.graph]
        source, target = as_actor(ws, ref, source, view), as_actor(ws, ref, target, view)
        if follow and len(history) == 2:
            source, target = history
        elif follow and len(history) == 1 and not target:
            target = history[0]
        source = source if source in case.graph else None
        target = target if target in case.graph else None
        options = entity_options(case, keep=[source, target])
        return options, options, source, target, history

    @app.callback(
        Output(ids.PATH_FROM, "value", allow_duplicate=True),
        Output(ids.PATH_TO, "value", allow_duplicate=True),
        Output(ids.PATH_HISTORY, "data", allow_duplicate=True),
        Input(ids.PATH_CLEAR, "n_clicks"),
        Input(ids.MARKS_CLEAR, "data"),
        prevent_initial_call=True,
    )
    def on_clear(clicks, cleared):
        # "Clear marks" forgets the two ends and the selections they were filled from, so
        # no later selection or expansion draws the path again
        if not (clicks if ctx.triggered_id == ids.PATH_CLEAR else cleared):
            return no_update, no_update, no_update
        return None, None, []

    @app.callback(
        Output(ids.PATH_FROM, "value", allow_duplicate=True),
        Output(ids.PATH_TO, "value", allow_duplicate=True),
        Input(ids.PATH_SWAP, "n_clicks"),
        State(ids.PATH_FROM, "value"),
        State(ids.PATH_TO, "value"),
        prevent_initial_call=True,
    )
    def on_swap(_n, source, target):
        return target, source

    for dropdown in (ids.PATH_FROM, ids.PATH_TO):
        @app.callback(
            Output(dropdown, "options", allow_duplicate=True),
            Input(dropdown, "search_value"),
            State(dropdown, "value"),
            State(ids.CASE_STORE, "data"),
            prevent_initial_call=True,
        )
        def on_search(query, value, store):
            return searched_options(store, query, [value])  # large cases: entity names

    @app.callback(
        Output(ids.PATH_RESULT, "children"),
        Output(ids.OVERLAY_PATHS, "data"),
        Input(ids.tab_case(TAB_ID), "data"),       # while open, or while a path is drawn
        Input(ids.PATH_FROM, "value"),
        Input(ids.PATH_TO, "value"),
        Input(ids.PATH_SHOW, "value"),
        Input(ids.PATH_MAX_HOPS, "value"),
        Input(ids.EGO_SHOW, "n_clicks"),
        Input(ids.PATH_CLEAR, "n_clicks"),
        State(ids.ANALYSIS_VIEW, "value"),
        State(ids.EGO_HOPS, "value"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def on_paths(store, source, target, show, max_hops, _ego, _clear, view, ego_hops,
                 selection):
        ws = workspace()
        if ctx.triggered_id == ids.PATH_CLEAR:
            return no_update, overlay(store, {})
        if (ctx.triggered_id == ids.tab_case(TAB_ID) and isinstance(store, dict)
                and store.get("delta")):
            # an expansion: a path on screen follows the new revision, a cleared one stays
            # cleared (the ego focus is not redrawn: it was asked for once)
            return no_update, (paths_view(ws, store, source, target, show or SHOW_HOPS,
                                          max_hops or 4, view)[1] if source and target
                               else overlay(store, {}))
        if ctx.triggered_id == ids.EGO_SHOW:
            return ego_view(ws, store, selected_node(selection) or target, ego_hops, view)
        return paths_view(ws, store, source, target, show or SHOW_HOPS, max_hops or 4, view)
