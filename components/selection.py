"""What is selected, from wherever it was chosen: a tap on the diagram, a row of the hubs table
or of the clusters list, a neighbour in the inspector or the search box.

The selection is view state held in the browser (``ids.SELECTION``):
``{"kind": "node", "id": ..., "centre": bool}``, ``{"kind": "edge", "source", "target"}``
or ``{"kind": "cluster", "id": int}``. A client-side callback applies it to the canvas
(select, fade the rest, centre), so it never costs a round trip of elements.

``on_select`` is the one callback choosing it (the search answers too). A new revision
taken whole (``ids.CASE_OPENED``: another case, an Undo, newer changes; not an expansion's
delta, which asks this callback nothing) clears it, except after a merge or a "not the same
person" in the inspector (``ids.RESOLVE_LAST`` names the person for that revision): the
person stays selected. The neighbour list, the cluster chips and the analysis tabs' entity
chips reach it through a client-side gate (components/clicks.py), so their being redrawn asks
the server nothing; the two grids through their ``cellClicked``.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from casegraph.search import find_node
from casegraph.workspace import Workspace
from components import ids
from components.clicks import gate, pressed
from components.state import case_ref, kept_record, people_view, workspace


# -- search ---------------------------------------------------------------------------------
def search_selection(ws: Workspace, store: Any, query: str,
                     view: Any = None) -> tuple[Any, str]:
    """``(selection, status text)`` for a search; the selection is ``no_update`` on a miss.

    In the People view of a case with several kinds of entity the diagram draws actors: an
    account, phone or email found stays the selection (the inspector shows it, with its
    lookups) and carries ``drawn``, the person it is folded into, whom the diagram puts in
    focus; evidence that the view does not draw (a post, an address) is said so."""
    ref = case_ref(store)
    if ref is None or not str(query or "").strip():
        return no_update, ""
    case = ws.case(*ref)
    node = find_node(case, query)
    if node is None:
        return no_update, f"No entity matches “{query}”."
    label = str(case.graph.nodes[node].get("label", node))
    selection = {"kind": "node", "id": node, "centre": True}
    if view is not None and people_view(ws, ref, view):
        actor = ws.people(*ref).actor_of.get(node)
        if actor is None:
            return selection, f"{label} (not drawn in the People view: see All entities)"
        if actor != node:
            holder = ws.member_label(ref[0], ref[1], actor)
            return {**selection, "drawn": actor}, f"{label} (held by {holder})"
    return selection, label


# -- selection from any source -------------------------------------------------------------
def resolved_person(store: Any, last: Any) -> dict[str, Any] | None:
    """The person to keep selected on revision ``store``: the one just merged or marked in
    the inspector (``last``: ``{case_id, rev, node}`` of that revision, as the server keeps
    it for ``ids.RESOLVE_LAST``).

    >>> resolved_person({"case_id": "c", "rev": 4}, {"case_id": "c", "rev": 4, "node": "p1"})
    {'kind': 'node', 'id': 'p1', 'centre': False, 'via': 'panel'}
    >>> resolved_person({"case_id": "c", "rev": 5}, {"case_id": "c", "rev": 4, "node": "p1"})
    """
    if (isinstance(last, dict) and isinstance(store, dict) and last.get("node")
            and last.get("case_id") == store.get("case_id")
            and last.get("rev") == store.get("rev")):
        return {"kind": "node", "id": str(last["node"]), "centre": False, "via": "panel"}
    return None


def selection_from(trigger: Any, *, tap: Any = None, hub_cell: Any = None,
                   cluster_cell: Any = None, clicks: Any = None, store: Any = None,
                   resolved: Any = None) -> Any:
    """The new selection for the input that fired (``no_update`` when nothing to change).

    ``trigger`` is ``ctx.triggered_id`` (for the pick gate, the button it passed on);
    ``clicks`` the n_clicks of the fired item (None or 0 when a list of items was just
    re-rendered, which is not a click); ``hub_cell`` the hubs grid's ``cellClicked`` (its
    ``rowId`` is the entity), ``cluster_cell`` the clusters grid's (its ``rowId`` is the
    cluster's number in the analysis); ``store`` the case store and ``resolved`` the change
    ``ids.RESOLVE_LAST`` names (kept on the server), read when a new revision arrives.
    """
    if trigger == ids.CASE_OPENED:
        return resolved_person(store, resolved)
    if trigger == ids.TAP:
        if not tap:
            return no_update
        if tap.get("kind") == "edge":
            return {"kind": "edge", "id": tap.get("id"), "source": tap.get("source"),
                    "target": tap.get("target")}
        return {"kind": "node", "id": tap.get("id"), "centre": False}
    if trigger == ids.HUBS_TABLE:
        if not isinstance(hub_cell, dict) or hub_cell.get("rowId") is None:
            return no_update
        return {"kind": "node", "id": str(hub_cell["rowId"]), "centre": True}
    if trigger == ids.CLUSTERS_LIST:
        try:
            return {"kind": "cluster", "id": int(cluster_cell["rowId"])}
        except (KeyError, TypeError, ValueError):
            return no_update
    if isinstance(trigger, dict) and clicks:
        if trigger.get("type") == ids.NEIGHBOUR_ITEM:
            return {"kind": "node", "id": str(trigger["index"]), "centre": True}
        if trigger.get("type") == ids.INSPECTOR_CLUSTER:
            return {"kind": "cluster", "id": int(trigger["index"])}
        if trigger.get("type") == ids.ANALYSIS_ENTITY:  # a chip in an analysis tab
            # (``via``: the paths tab does not follow a selection made in the tabs)
            return {"kind": "node", "id": str(trigger["index"]), "centre": True,
                    "via": "panel"}
    return no_update


def _priority(trigger: Any) -> int:
    if trigger == ids.TAP:
        return 0
    if isinstance(trigger, dict):
        return 1
    if trigger in (ids.HUBS_TABLE, ids.CLUSTERS_LIST):
        return 2
    return 3


def pick_selection(triggers: list[tuple[Any, Any]], *, tap: Any = None,
                   hub_cell: Any = None, cluster_cell: Any = None, store: Any = None,
                   resolved: Any = None) -> Any:
    """The selection when several inputs fired together, the user's act first.

    Dash merges inputs that change in one round: a tap and a click on the hubs grid in the
    same round fire once with both; the tap wins. ``triggers`` is ``[(component id, value)]``.
    """
    for trigger, value in sorted(triggers, key=lambda item: _priority(item[0])):
        chosen = selection_from(trigger, tap=tap, hub_cell=hub_cell,
                                cluster_cell=cluster_cell, clicks=value, store=store,
                                resolved=resolved)
        if chosen is not no_update:
            return chosen
    return no_update


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("casegraph", "tap"),
        Output(ids.TAP, "data"),
        Input(ids.CYTOSCAPE, "tapNode"),
        Input(ids.CYTOSCAPE, "tapEdge"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SELECTION, "data"),
        Input(ids.CASE_OPENED, "data"),
        Input(ids.TAP, "data"),
        Input(ids.HUBS_TABLE, "cellClicked"),
        Input(ids.CLUSTERS_LIST, "cellClicked"),
        Input(ids.PICK_CLICK, "data"),
        State(ids.RESOLVE_LAST, "data"),
        prevent_initial_call=True,
    )
    def on_select(store, tap, hub_cell, cluster_cell, _pick, resolved):
        by_prop = ctx.triggered_prop_ids
        triggers = []
        for fired in ctx.triggered:
            trigger, value = by_prop.get(fired["prop_id"]), fired.get("value")
            if trigger == ids.PICK_CLICK:  # a neighbour, a cluster chip, an entity chip
                trigger, value = pressed(value)
            triggers.append((trigger, value))
        # the merge or split just made, as the server kept it (the page holds its id)
        change = (kept_record(workspace(), resolved)
                  if resolved and any(t[0] == ids.CASE_OPENED for t in triggers) else None)
        return pick_selection(triggers, tap=tap, hub_cell=hub_cell, cluster_cell=cluster_cell,
                              store=store, resolved=change)

    gate(app, ids.PICK_CLICK, ids.NEIGHBOUR_ITEM, ids.INSPECTOR_CLUSTER, ids.ANALYSIS_ENTITY)

    @app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.SEARCH_STATUS, "children"),
        Input(ids.SEARCH, "n_submit"),
        State(ids.SEARCH, "value"),
        State(ids.CASE_STORE, "data"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_search(_n, query, store, view):
        return search_selection(workspace(), store, query, view)

    app.clientside_callback(
        ClientsideFunction("casegraph", "select"),
        Output(ids.SELECTION_SINK, "data"),
        Input(ids.SELECTION, "data"),
        State(ids.CYTOSCAPE, "id"),
        prevent_initial_call=True,
    )
