"""Saved cases: the case list (name, number, last change, revisions), rename, save as, reopen,
and saving the view state that travels with a case.

Saving a case stores the view on screen (components/view_state.py says what a view state is)
in ``case.meta["view"]`` as a new revision, and opening a case lays it on again
(``view_state.on_view``), so a case reopens as it was left. Saved views (the briefing's
slides) are a list of such states in ``case.meta["views"]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from casegraph.model import now_iso
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace
from components.view_state import NAME_LIMIT, VIEW_CONTROLS, keeping_viewport, view_state
from components.widgets import grid, modal

MAX_VIEWS = 40


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


def register(app) -> None:
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
        State(ids.VIEWPORT, "data"),
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
        # the new revision is drawn afresh: the view on screen is laid on again
        new = keeping_viewport(new, viewport)
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
