"""Saved cases: the case list (name, number, last change, revisions), rename, save as, reopen,
and the view state that travels with a case.

Everything about a case (entities, links, positions, tags, notes, expansions) is already in
its revisions; what the analyst sees on top of it (size, colour, hubs, filters, layout,
selection, viewport) is the *view state*. Saving a case stores that state in
``case.meta["view"]`` as a new revision, and opening a case lays it on again, so a case
reopens as it was left. Saved views (the briefing's slides) are a list of such states in
``case.meta["views"]``.

A view state is plain data::

    {"measure": "degree", "colour_by": "type", "topk": 5, "hidden_types": ["phone"],
     "min_degree": 0, "layout": "preset", "selection": {"kind": "node", "id": "n1"},
     "pan": {"x": 10.0, "y": 20.0}, "zoom": 0.8, "viewport_width": 900,
     "viewport_height": 600, "title": "Phase 3 core"}
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any

from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    ctx,
    dcc,
    html,
    no_update,
)

from casegraph.elements import top_nodes
from casegraph.model import now_iso
from casegraph.picture import View
from casegraph.workspace import Workspace
from components import ids
from components.controls import DEFAULT_MEASURE, DEFAULT_TOPK, MAX_TOPK
from components.state import case_ref, ranked_analysis, workspace
from components.widgets import grid, modal, register_dialog

MEASURE_CHOICES = ("degree", "weighted_degree", "betweenness", "pagerank", "eigenvector",
                   "closeness")
LAYOUT_CHOICES = ("preset", "concentric", "breadthfirst", "circle", "grid", "cose")
MAX_VIEWS = 40
NAME_LIMIT = 120


# -- view state -----------------------------------------------------------------------------
def view_state(measure: Any = None, colour_by: Any = None, topk: Any = None,
               checked: Any = None, type_options: Any = None, min_degree: Any = None,
               layout: Any = None, selection: Any = None,
               viewport: Mapping[str, Any] | None = None, title: str = "") -> dict[str, Any]:
    """The view state from the dashboard's control values and the canvas viewport.

    ``checked`` are the ticked entity types, ``type_options`` the filter's options (types
    present); hidden types are the present ones not ticked.

    >>> view_state("betweenness", "community", 3, ["person"],
    ...            [{"value": "person"}, {"value": "phone"}], 2)["hidden_types"]
    ['phone']
    """
    present = [str(o["value"]) for o in (type_options or []) if isinstance(o, Mapping)]
    ticked = {str(t) for t in (checked or [])}
    state: dict[str, Any] = {
        "measure": measure if measure in MEASURE_CHOICES else DEFAULT_MEASURE,
        "colour_by": "community" if colour_by == "community" else "type",
        "topk": max(0, min(int(topk if topk is not None else DEFAULT_TOPK), MAX_TOPK)),
        "hidden_types": [t for t in present if t not in ticked],
        "min_degree": max(0, int(min_degree or 0)),
        "layout": layout if layout in LAYOUT_CHOICES else "preset",
        "selection": dict(selection) if isinstance(selection, Mapping) and
        selection.get("kind") in ("node", "cluster") else None,
    }
    if state["selection"]:
        state["selection"].pop("centre", None)  # a restored selection must not move the view
    port = viewport_of(viewport)
    if port:
        state.update(port)
    if title:
        state["title"] = str(title)[:NAME_LIMIT]
    return state


# The controls a view state is made of, as callback States in view_state's argument order:
# ``view_state(*values, viewport=...)`` makes the state from what a callback receives.
VIEW_CONTROLS = (
    State(ids.SIZE_MEASURE, "value"),
    State(ids.COLOUR_BY, "value"),
    State(ids.HUBS_TOPK, "value"),
    State(ids.TYPE_FILTER, "value"),
    State(ids.TYPE_FILTER, "options"),
    State(ids.MIN_DEGREE, "value"),
    State(ids.LAYOUT_PICKER, "value"),
    State(ids.SELECTION, "data"),
)


def viewport_of(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``{"pan", "zoom", "viewport_width", "viewport_height"}`` from what the canvas sent,
    or None when it sent nothing usable (no canvas yet, zero size)."""
    if not isinstance(data, Mapping):
        return None
    try:
        pan = data.get("pan") or {}
        out = {"pan": {"x": float(pan.get("x", 0.0)), "y": float(pan.get("y", 0.0))},
               "zoom": float(data["zoom"]),
               "viewport_width": float(data.get("viewport_width", data.get("width", 0))),
               "viewport_height": float(data.get("viewport_height", data.get("height", 0)))}
    except (KeyError, TypeError, ValueError):
        return None
    if out["zoom"] <= 0 or out["viewport_width"] <= 0 or out["viewport_height"] <= 0:
        return None
    return out


def picture_view(ws: Workspace, ref: tuple[str, int], state: Mapping[str, Any] | None, *,
                 fit: bool = False, width: int = 1600, height: int = 1000) -> View:
    """The :class:`~casegraph.picture.View` that draws a view state as the dashboard shows it:
    the same hubs (top k by the size measure, plus the selected entity), filters, colours
    and, unless ``fit``, the same part of the diagram."""
    state = dict(state or {})
    analysis = ranked_analysis(ws, ref)
    measure = state.get("measure") or DEFAULT_MEASURE
    hubs = top_nodes(analysis, measure, int(state.get("topk") or 0))
    selection = state.get("selection") or {}
    case = ws.case(*ref)
    if selection.get("kind") == "node" and str(selection.get("id")) in case.graph:
        hubs = [*hubs, str(selection["id"])] if str(selection["id"]) not in hubs else hubs
    data = {k: v for k, v in state.items() if k not in ("hubs", "top_hubs", "only")}
    if fit:
        for key in ("pan", "zoom", "viewport", "viewport_width", "viewport_height"):
            data.pop(key, None)
    data.update(hubs=hubs, topk=0, width=width, height=height)
    return View.from_dict(data)


def control_values(ws: Workspace, ref: tuple[str, int], state: Mapping[str, Any]) -> dict:
    """Values of the view controls that show ``state`` on the open case."""
    case = ws.case(*ref)
    present = sorted(case.entity_counts())
    hidden = set(state.get("hidden_types") or [])
    measure = state.get("measure")
    return {
        "measure": measure if measure in MEASURE_CHOICES else DEFAULT_MEASURE,
        "colour_by": "community" if state.get("colour_by") == "community" else "type",
        "topk": max(0, min(int(state.get("topk", DEFAULT_TOPK) or 0), MAX_TOPK)),
        "checked": [t for t in present if t not in hidden],
        "min_degree": max(0, int(state.get("min_degree") or 0)),
        "layout": state.get("layout") if state.get("layout") in LAYOUT_CHOICES else "preset",
        "selection": state.get("selection") or None,
    }


def restore_payload(ref: tuple[str, int], state: Mapping[str, Any]) -> dict | None:
    """What the browser lays on once the case is drawn: the viewport of ``state`` (fitted to
    the canvas size) and its selection; None when it has neither."""
    port = viewport_of(state)
    selection = state.get("selection") or None
    if port is None and selection is None:
        return None
    return {"case": [ref[0], ref[1]], **(port or {}), "selection": selection,
            "t": time.time_ns()}


def saved_view(ws: Workspace, store: Any) -> dict[str, Any] | None:
    """The view state stored with the open case (None when it was never saved)."""
    ref = case_ref(store)
    if ref is None:
        return None
    view = ws.case(*ref).meta.get("view")
    return dict(view) if isinstance(view, Mapping) else None


def saved_views(ws: Workspace, store: Any) -> list[dict[str, Any]]:
    """The saved views (slides) of the open case, in order."""
    ref = case_ref(store)
    if ref is None:
        return []
    views = ws.case(*ref).meta.get("views") or []
    return [dict(v) for v in views if isinstance(v, Mapping)]


# -- saving ---------------------------------------------------------------------------------
def _changed(ws: Workspace, ref: tuple[str, int | None], case: Any, note: str, kind: str
             ) -> dict[str, Any]:
    """Apply ``case`` as a change made on the revision the page showed, merged onto the
    newest one (what others saved meanwhile stays); the case store data of the result."""
    base = ref[1] or ws.current_rev(ref[0])
    result = ws.apply_change(ref[0], base, case, note=note, kind=kind)
    return {"case_id": ref[0], "rev": result.rev}


def save_case(ws: Workspace, store: Any, state: Mapping[str, Any] | None,
              note: str = "saved with its view") -> dict[str, Any] | None:
    """Store the open case with ``state`` as its view; returns the new case store data."""
    ref = case_ref(store)
    if ref is None:
        return None
    case = ws.case(*ref).copy()
    if state:
        case.meta["view"] = {**dict(state), "saved_at": now_iso()}
    return _changed(ws, ref, case, note, "view")


def add_view(ws: Workspace, store: Any, state: Mapping[str, Any], title: str = ""
             ) -> dict[str, Any] | None:
    """Append ``state`` to the case's saved views (and make it the case's view)."""
    ref = case_ref(store)
    if ref is None:
        return None
    case = ws.case(*ref).copy()
    views = [dict(v) for v in case.meta.get("views") or [] if isinstance(v, Mapping)]
    entry = {**dict(state), "saved_at": now_iso()}
    entry["title"] = (str(title).strip() or str(state.get("title") or "")
                      or f"View {len(views) + 1}")[:NAME_LIMIT]
    views = (views + [entry])[-MAX_VIEWS:]
    case.meta["views"] = views
    case.meta["view"] = entry
    return _changed(ws, ref, case, f"saved view {entry['title']!r}", "view")


def delete_view(ws: Workspace, store: Any, index: int) -> dict[str, Any] | None:
    ref = case_ref(store)
    if ref is None:
        return None
    case = ws.case(*ref).copy()
    views = [dict(v) for v in case.meta.get("views") or [] if isinstance(v, Mapping)]
    if not 0 <= index < len(views):
        return None
    gone = views.pop(index)
    case.meta["views"] = views
    return _changed(ws, ref, case, f"deleted view {gone.get('title', '')!r}", "view")


def rename_case(ws: Workspace, store: Any, name: str) -> dict[str, Any] | None:
    """A new revision with the case renamed (the case list shows the new name)."""
    ref = case_ref(store)
    name = " ".join(str(name or "").split())[:NAME_LIMIT]
    if ref is None or not name:
        return None
    case = ws.case(*ref).copy()
    if case.name == name:
        return None
    old = case.name
    case.name = name
    return _changed(ws, ref, case, f"renamed from {old!r}", "details")


def save_as(ws: Workspace, store: Any, name: str, state: Mapping[str, Any] | None = None
            ) -> dict[str, Any] | None:
    """A copy of the open case (with its view) as a new saved case; returns its store."""
    ref = case_ref(store)
    if ref is None:
        return None
    case = ws.case(*ref).copy()
    name = " ".join(str(name or "").split())[:NAME_LIMIT] or f"{case.name} (copy)"
    case.name = name
    case.meta.pop("sample", None)
    case.meta["copied_from"] = {"case_id": ref[0], "rev": ref[1]}
    if state:
        case.meta["view"] = {**dict(state), "saved_at": now_iso()}
    case_id, rev = ws.import_case(case, kind="saved")
    return {"case_id": case_id, "rev": rev}


def case_rows(ws: Workspace) -> list[dict[str, Any]]:
    """The cases the user may open: name, number, owner, kind, size, last change, review
    date and number of revisions."""
    rows = []
    for item in ws.list_cases():
        revisions = ws.revisions(item["case_id"])
        rows.append({**item, "revisions": len(revisions),
                     "last_note": revisions[-1]["note"] if revisions else ""})
    return rows


# -- owner, team, retention, erasure ---------------------------------------------------------
def access_summary(ws: Workspace, store: Any) -> list[Any]:
    """Owner, team (with a remove button each, for those who may share) and review date of
    the open case."""
    ref = case_ref(store)
    if ref is None:
        return [html.Span("No case open.", className="cg-muted")]
    info = ws.case_info(ref[0])
    may_share = ws.can("share", ref[0])
    team: list[Any] = [html.Span(className="cg-access-team", children=[
        user, html.Button("×", id={"type": ids.CASES_UNSHARE, "index": user}, n_clicks=0,
                          className="cg-button cg-button-sm cg-button-quiet",
                          title=f"Stop sharing with {user}") if may_share else None])
        for user in info.get("team") or []]
    owner = info.get("owner") or ("everyone (sample case)" if info.get("sample") else
                                  "nobody on record (admins can open it)")
    return [
        html.Div(className="cg-access-row", children=[
            html.Span("Owner", className="cg-access-label"), html.Strong(owner)]),
        html.Div(className="cg-access-row", children=[
            html.Span("Shared with", className="cg-access-label"),
            *(team or [html.Span("nobody", className="cg-muted")])]),
        html.Div(className="cg-access-row", children=[
            html.Span("Review by", className="cg-access-label"),
            html.Span(info.get("review_date") or "–")]),
    ]


def access_controls() -> html.Div:
    """Share, set the review date, erase: shown to the case's owner and to admins."""
    return html.Div(className="cg-access", children=[
        html.Div(id=ids.CASES_ACCESS),
        html.Div(id=f"{ids.CASES_ACCESS}-manage", style={"display": "none"}, children=[
            html.Div(className="cg-access-row", children=[
                dcc.Input(id=ids.CASES_SHARE_USER, type="text", className="cg-input",
                          placeholder="User name", maxLength=64),
                html.Button("Share", id=ids.CASES_SHARE, n_clicks=0, className="cg-button",
                            title="Let this user open the case (and change it, by role)"),
                dcc.Input(id=ids.CASES_REVIEW_DATE, type="text", className="cg-input",
                          placeholder="Review date YYYY-MM-DD", maxLength=10),
                html.Button("Set review date", id=ids.CASES_REVIEW_SET, n_clicks=0,
                            className="cg-button"),
            ]),
            html.Div(className="cg-access-row", children=[
                dcc.Input(id=ids.CASES_ERASE_REASON, type="text", className="cg-input",
                          placeholder="Why the case is erased (recorded)", maxLength=300),
                html.Button("Erase this case", id=ids.CASES_ERASE, n_clicks=0,
                            className="cg-button cg-button-danger",
                            title="Remove every revision, its lookups from the cache and "
                                  "everything derived from it; the audit log keeps one "
                                  "record of the erasure"),
            ]),
        ]),
    ])


def manage_style(ws: Workspace, store: Any) -> dict[str, str]:
    ref = case_ref(store)
    return {} if ref is not None and ws.can("share", ref[0]) else {"display": "none"}


def past_review(ws: Workspace) -> Any:
    """Admins: the cases whose review date has come."""
    if not ws.can("retention"):
        return None
    due = ws.cases_past_review()
    if not due:
        return html.P("No case is past its review date.", className="cg-field-hint")
    return html.Div(className="cg-access", children=[
        html.Strong(f"{len(due)} case{'s' if len(due) != 1 else ''} past review"),
        html.Ul([html.Li([f"{d['name']} ({d.get('number') or 'no number'}), owner "
                          f"{d['owner'] or '–'}, review by ",
                          html.Span(d["review_date"], className="cg-access-due")])
                 for d in due])])


def access_action(ws: Workspace, store: Any, trigger: Any, user: Any, date: Any,
                  reason: Any) -> tuple[str, bool]:
    """Share, unshare, set the review date or erase: ``(message, erased)``."""
    ref = case_ref(store)
    if ref is None:
        return "Open a case first.", False
    case_id = ref[0]
    if trigger == ids.CASES_SHARE:
        if not str(user or "").strip():
            return "Type the user name to share with.", False
        ws.share(case_id, str(user).strip())
        return f"Shared with {str(user).strip()}.", False
    if isinstance(trigger, dict) and trigger.get("type") == ids.CASES_UNSHARE:
        ws.unshare(case_id, str(trigger.get("index")))
        return f"No longer shared with {trigger.get('index')}.", False
    if trigger == ids.CASES_REVIEW_SET:
        return f"Review date set to {ws.set_review_date(case_id, str(date or ''))}.", False
    if trigger == ids.CASES_ERASE:
        name = ws.case_info(case_id).get("name", case_id)
        done = ws.erase(case_id, str(reason or ""))
        return (f"Erased {name}: {done['revisions']} revisions removed; the audit log keeps "
                f"the erasure (SHA-256 {done['sha256'][:16]}…)."), True
    return "", False


# -- layout ---------------------------------------------------------------------------------
def _when(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ")


OPEN_COLUMN = "open"  # clicking this column's cell opens the row's case
CURRENT = ""  # the case on screen is not offered


def case_table(ws: Workspace, current: str | None) -> list[dict[str, Any]]:
    """The rows of the saved-cases grid, one per case the user may see (``case_id`` is the
    row id; the "open" cell reads "Open", and is blank for the case on screen)."""
    rows = []
    today = dt.date.today().isoformat()
    for r in case_rows(ws):
        review = "" if r["kind"] == "sample" else str(r.get("review_date") or "")
        if review and review <= today:
            review += " (due)"
        rows.append({
            "case_id": r["case_id"], "name": r["name"], "number": r.get("number") or "–",
            "owner": r.get("owner") or ("everyone" if r["kind"] == "sample" else "–"),
            "kind": r["kind"], "nodes": int(r["nodes"]), "updated": _when(r["updated"]),
            "last_note": r["last_note"], "review": review or "–",
            "revisions": int(r["revisions"]),
            OPEN_COLUMN: CURRENT if r["case_id"] == current else "Open",
        })
    return rows


def case_grid() -> Any:
    number = {"type": "rightAligned", "maxWidth": 110}
    columns = [
        {"field": "name", "headerName": "Name", "flex": 4, "minWidth": 300,
         "cellClass": "cg-cases-name", "tooltipField": "name"},
        {"field": "number", "headerName": "Number", "flex": 1},
        {"field": "owner", "headerName": "Owner", "flex": 1},
        {"field": "kind", "headerName": "Kind", "flex": 1, "maxWidth": 110},
        {"field": "nodes", "headerName": "Entities", **number},
        {"field": "updated", "headerName": "Last change (UTC)", "flex": 1, "minWidth": 150,
         "tooltipField": "last_note"},
        {"field": "review", "headerName": "Review by", "flex": 1, "maxWidth": 130},
        {"field": "revisions", "headerName": "Revisions", **number},
        {"field": OPEN_COLUMN, "headerName": "", "sortable": False, "maxWidth": 100,
         "cellClass": "cg-grid-action"},
    ]
    return grid(ids.CASES_GRID, columns, row_id="case_id", class_name="cg-cases-grid")


def actions(ws: Workspace) -> list:
    body = [
        html.Div(className="cg-cases-tools", children=[
            dcc.Input(id=ids.CASES_NAME, type="text", placeholder="Name for rename / save as",
                      className="cg-input", debounce=False, maxLength=NAME_LIMIT),
            html.Button("Rename", id=ids.CASES_RENAME, n_clicks=0,
                        className="cg-button cg-needs-edit"),
            html.Button("Save as copy", id=ids.CASES_SAVE_AS, n_clicks=0,
                        className="cg-button cg-needs-create"),
            html.Button("Save case with this view", id=ids.CASES_SAVE, n_clicks=0,
                        className="cg-button cg-button-primary cg-needs-edit",
                        title="Store size, colour, hubs, filters, layout, selection and the "
                              "part of the diagram on screen with the case"),
        ]),
        html.Div(id=ids.CASES_STATUS, className="cg-modal-status", role="status"),
        access_controls(),
        html.Div(id=ids.CASES_PAST_REVIEW),
        html.Div(case_grid(), className="cg-cases-list"),
        html.P("Every change to a case is kept as a revision; positions, tags, notes and "
               "expansions are in them. Saving also stores the view on screen, and opening "
               "a case lays it on again.", className="cg-field-hint"),
    ]
    return [
        html.Button("Cases", id=ids.CASES_OPEN, n_clicks=0, className="cg-header-button",
                    title="Saved cases: open, rename, save as"),
        modal(ids.CASES_DIALOG, ids.CASES_CLOSE, "Saved cases", body, wide=True),
        dcc.Store(id=ids.CASES_VIEWPORT),
        # view state plumbing shared with the briefing and exports
        dcc.Store(id=ids.VIEW_MEMORY),
        dcc.Store(id=ids.VIEW_RESTORE),
        dcc.Store(id=ids.VIEW_APPLIED),
    ]


# -- callbacks ------------------------------------------------------------------------------
def case_to_open(cell: Any) -> str | None:
    """The case a click on the grid asks for: a click on a row's "Open" cell.

    >>> case_to_open({"colId": "open", "rowId": "c2", "value": "Open"})
    'c2'
    >>> case_to_open({"colId": "name", "rowId": "c2", "value": "Copy"}) is None
    True
    """
    if not isinstance(cell, Mapping) or cell.get("colId") != OPEN_COLUMN:
        return None
    if cell.get("value") != "Open" or not cell.get("rowId"):
        return None  # the case already on screen
    return str(cell["rowId"])


def restore_outputs(ws: Workspace, store: Any, memory: Any) -> tuple:
    """Control values after a case (re)loads: the analyst's last view of this same case
    (a new revision, e.g. a tag), else the view saved with the case, else no change."""
    ref = case_ref(store)
    if ref is None:
        return (no_update,) * 9
    state = None
    from_memory = isinstance(memory, Mapping) and memory.get("case_id") == ref[0]
    if from_memory:
        state = memory.get("state")
    if not state:
        state = saved_view(ws, store)
        from_memory = False
    if not state:
        return (no_update,) * 8 + ({"case_id": ref[0], "state": None},)
    values = control_values(ws, ref, state)
    restore = restore_payload(ref, state)
    if restore is not None and from_memory:
        restore["selection"] = None  # a reload of the same case keeps what is selected
    restore = restore if restore and (restore.get("pan") or restore["selection"]) else no_update
    return (values["measure"], values["colour_by"], values["topk"], values["checked"],
            values["min_degree"], values["layout"],
            values["selection"] if not from_memory else no_update,
            restore, {"case_id": ref[0], "state": state})


def register(app) -> None:
    register_dialog(app, ids.CASES_OPEN, ids.CASES_CLOSE, ids.CASES_DIALOG, ids.CASES_VIEWPORT)

    # The controls reset themselves when a case loads (components/controls.py); this runs
    # after them (it listens to the filter options they set) and lays the case's view on.
    @app.callback(
        Output(ids.SIZE_MEASURE, "value", allow_duplicate=True),
        Output(ids.COLOUR_BY, "value", allow_duplicate=True),
        Output(ids.HUBS_TOPK, "value", allow_duplicate=True),
        Output(ids.TYPE_FILTER, "value", allow_duplicate=True),
        Output(ids.MIN_DEGREE, "value", allow_duplicate=True),
        Output(ids.LAYOUT_PICKER, "value", allow_duplicate=True),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.VIEW_RESTORE, "data", allow_duplicate=True),
        Output(ids.VIEW_MEMORY, "data", allow_duplicate=True),
        Input(ids.TYPE_FILTER, "options"),
        State(ids.CASE_STORE, "data"),
        State(ids.VIEW_MEMORY, "data"),
        prevent_initial_call=True,
    )
    def on_case_loaded(_options, store, memory):
        if isinstance(store, dict) and store.get("delta"):
            return (no_update,) * 9  # an expansion: the view on screen stays as it is
        return restore_outputs(workspace(), store, memory)

    # What the analyst last looked at, so a new revision of the same case (a tag, a note,
    # an expansion) keeps the view instead of the controls' defaults.
    @app.callback(
        Output(ids.VIEW_MEMORY, "data", allow_duplicate=True),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.COLOUR_BY, "value"),
        Input(ids.HUBS_TOPK, "value"),
        Input(ids.TYPE_FILTER, "value"),
        Input(ids.MIN_DEGREE, "value"),
        Input(ids.LAYOUT_PICKER, "value"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def remember(measure, colour_by, topk, checked, min_degree, layout, options, store):
        ref = case_ref(store)
        if ref is None or not options:
            return no_update
        if len(ctx.triggered_prop_ids) > 1:
            # several controls at once: the controls resetting after a load, or a view being
            # restored (which writes the memory itself), never an analyst's choice
            return no_update
        return {"case_id": ref[0], "state": view_state(measure, colour_by, topk, checked,
                                                       options, min_degree, layout)}

    app.clientside_callback(
        ClientsideFunction("casegraph", "restoreView"),
        Output(ids.VIEW_APPLIED, "data"),
        Input(ids.VIEW_RESTORE, "data"),
        Input(ids.CANVAS_SYNC, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.CASES_GRID, "rowData"),
        Output(ids.CASES_NAME, "value"),
        Output(ids.CASES_ACCESS, "children"),
        Output(f"{ids.CASES_ACCESS}-manage", "style"),
        Output(ids.CASES_PAST_REVIEW, "children"),
        Input(ids.CASES_DIALOG, "is_open"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_open(opened, store):
        if not opened:
            return (no_update,) * 5
        ws = workspace()
        ref = case_ref(store)
        name = ws.case(*ref).name if ref else ""
        return (case_table(ws, ref[0] if ref else None), name, access_summary(ws, store),
                manage_style(ws, store), past_review(ws))

    @app.callback(
        Output(ids.CASES_STATUS, "children", allow_duplicate=True),
        Output(ids.CASES_ACCESS, "children", allow_duplicate=True),
        Output(ids.CASES_GRID, "rowData", allow_duplicate=True),
        Output(ids.CASE_PICKER, "options", allow_duplicate=True),
        Output(ids.CASE_PICKER, "value", allow_duplicate=True),
        Output(ids.CASES_ERASE_REASON, "value"),
        Input(ids.CASES_SHARE, "n_clicks"),
        Input({"type": ids.CASES_UNSHARE, "index": ALL}, "n_clicks"),
        Input(ids.CASES_REVIEW_SET, "n_clicks"),
        Input(ids.CASES_ERASE, "n_clicks"),
        State(ids.CASES_SHARE_USER, "value"),
        State(ids.CASES_REVIEW_DATE, "value"),
        State(ids.CASES_ERASE_REASON, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_access(_share, unshare, _review, _erase, user, date, reason, store):
        from components.header import case_options

        trigger = ctx.triggered_id
        value = ctx.triggered[0].get("value") if ctx.triggered else None
        if not trigger or not value:
            return (no_update,) * 6
        ws = workspace()
        message, erased = access_action(ws, store, trigger, user, date, reason)
        if erased:
            return (message, access_summary(ws, None), case_table(ws, None), case_options(ws),
                    ws.default_case_id(), "")
        return (message, access_summary(ws, store), no_update, no_update, no_update,
                no_update)

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.CASE_PICKER, "options", allow_duplicate=True),
        Output(ids.CASE_PICKER, "value", allow_duplicate=True),
        Output(ids.CASES_STATUS, "children"),
        Output(ids.CASES_GRID, "rowData", allow_duplicate=True),
        Output(ids.CASE_INFO, "children", allow_duplicate=True),
        Input(ids.CASES_SAVE, "n_clicks"),
        Input(ids.CASES_SAVE_AS, "n_clicks"),
        Input(ids.CASES_RENAME, "n_clicks"),
        State(ids.CASES_NAME, "value"),
        State(ids.CASE_STORE, "data"),
        State(ids.CASES_VIEWPORT, "data"),
        *VIEW_CONTROLS,
        prevent_initial_call=True,
    )
    def on_action(_save, _save_as, _rename, name, store, viewport, *controls):
        from components.header import case_info, case_options

        ws = workspace()
        state = view_state(*controls, viewport=viewport)
        trigger = ctx.triggered_id
        if trigger == ids.CASES_SAVE:
            new, message = save_case(ws, store, state), "Saved with the view on screen."
        elif trigger == ids.CASES_SAVE_AS:
            new = save_as(ws, store, name, state)
            message = f"Saved as a new case: {ws.case(new['case_id']).name}." if new else ""
        else:
            new = rename_case(ws, store, name)
            message = "Renamed." if new else "Type a new name first."
        if new is None:
            return (no_update,) * 3 + (message or "Open a case first.", no_update, no_update)
        options_out = case_options(ws)
        value = new["case_id"] if trigger == ids.CASES_SAVE_AS else no_update
        return (new, options_out, value, message, case_table(ws, new["case_id"]),
                case_info(ws, new))

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.CASE_PICKER, "options", allow_duplicate=True),
        Output(ids.CASE_INFO, "children", allow_duplicate=True),
        Output(ids.UPLOAD_RENAME_STATUS, "children"),
        Input(ids.UPLOAD_RENAME, "n_clicks"),
        Input(ids.UPLOAD_RENAME_NAME, "n_submit"),
        State(ids.UPLOAD_RENAME_NAME, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_rename_new(clicks, submitted, name, store):
        # the box under an upload's notice: the case just loaded, renamed at once
        from components.header import case_info, case_options

        if not (clicks or submitted):
            return no_update, no_update, no_update, no_update
        ws = workspace()
        new = rename_case(ws, store, name)
        if new is None:
            return no_update, no_update, no_update, "Type a new name first."
        renamed = ws.case(new["case_id"]).name
        return new, case_options(ws), case_info(ws, new), f"Renamed to {renamed}."

    @app.callback(
        Output(ids.CASE_PICKER, "value", allow_duplicate=True),
        Output(ids.CASES_DIALOG, "is_open", allow_duplicate=True),
        Input(ids.CASES_GRID, "cellClicked"),
        prevent_initial_call=True,
    )
    def on_reopen(cell):
        case_id = case_to_open(cell)
        if case_id is None:
            return no_update, no_update
        # the case picker opens it (and records the consultation): components/header.py
        return case_id, False
