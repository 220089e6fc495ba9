"""Audit tab: what was done with this case (opened, changed, looked up, exported, shared,
refused), what you did, or (admins) everything; whether the keyed hash chain is intact and
its head; the rows as CSV for disclosure (itself recorded, formula cells made inert)."""

from __future__ import annotations

import csv
import io
from typing import Any

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

from casegraph.access import Refused
from casegraph.audit import ACTION_LABELS, FIELDS
from casegraph.io.csvsafe import neutralise_row
from casegraph.redaction import FULL
from casegraph.session import Export
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace
from components.widgets import grid

TAB_ID = "audit"
OPEN_ONLY = True                       # components/open_tab.py
TAB_LABEL = "Audit"
SHOW_LIMIT = 300
COLUMNS = (("id", "#"), ("at", "Time (UTC)"), ("user", "User"), ("role", "Role"),
           ("action", "Action"), ("case_number", "Case"), ("justification", "Purpose / reason"),
           ("what", "What"), ("status", "Result"))
CSV_FIELDS = (*FIELDS, "row_hash")
SCOPES = {"case": "this case", "mine": "your own actions", "all": "everything recorded"}


def audit_rows(ws: Workspace, store: Any, scope: str = "case",
               limit: int | None = None) -> tuple[list[dict], str]:
    """``(rows, what they are)`` for a scope: "case" (the open case), "mine", "all"."""
    if scope in ("mine", "all"):
        return ws.audit_rows(scope, limit=limit), SCOPES[scope]
    ref = case_ref(store)
    if ref is None:
        return [], "no case open"
    return ws.audit_rows("case", ref[0], limit=limit), "what was done with this case"


def chain_status(ws: Workspace) -> tuple[bool, str, str]:
    """``(ok, sentence, head)``; a damaged or missing log is BROKEN with the reason."""
    status = ws.audit_status()
    head = f"{status['rows']} rows · head {status['head'][:16]}…" if status["head"] else ""
    if status["ok"]:
        return True, f"Hash chain intact ({status['reason'].removeprefix('ok: ')} verified " \
                     "with the audit key).", head
    where = f" at row {status['bad_row']}" if status["bad_row"] is not None else ""
    return False, f"Audit log BROKEN{where}: {status['reason']}.", head


def what(row: dict[str, Any]) -> str:
    """A row's details in a few words."""
    details = row.get("details") or {}
    if row.get("action") == "lookup":
        return (f"{details.get('provider', '?')}: {details.get('query_type', '')} "
                f"{details.get('query_value', '')} → {details.get('result_count', 0)} found")
    parts = []
    for key, value in details.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v not in (0, [], "", None))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value[:5])
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def audit_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV with every field the chain hashes (a verifier with the key can recheck
    them); cells a spreadsheet would run as formulas are made inert."""
    from casegraph.audit import canonical

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {k: row.get(k, "") for k in CSV_FIELDS}
        cells["details"] = canonical(row.get("details") or {})
        writer.writerow(neutralise_row(cells))
    return out.getvalue()


def csv_export(ws: Workspace, store: Any, scope: str, recipient: str = "") -> Export | None:
    """The audit CSV of a scope, recorded as a disclosure."""
    ref = case_ref(store)
    case_id = ref[0] if ref is not None and scope == "case" else None
    if scope == "case" and case_id is None:
        return None
    name = {"case": "case", "mine": f"user-{ws.user}", "all": "all"}[scope]
    if case_id:
        number = str(ws.case_info(case_id).get("number") or case_id)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in number)

    def build() -> Export:
        rows, _ = audit_rows(ws, store, scope)
        return Export(f"audit-{name}.csv", audit_csv(rows).encode("utf-8"), "text/csv")

    return ws.disclose(case_id, "audit-csv", build, profile=ws.redaction(FULL),
                       recipient=recipient, own=scope == "mine")


def grid_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The newest :data:`SHOW_LIMIT` rows as the grid shows them (newest first, words for
    actions, times to the second)."""
    out = []
    for row in list(reversed(rows))[:SHOW_LIMIT]:
        shown = {key: str(what(row) if key == "what" else row.get(key, "") or "")
                 for key, _ in COLUMNS}
        shown["at"] = shown["at"].replace("T", " ")[:19]
        shown["action"] = ACTION_LABELS.get(shown["action"], shown["action"])
        out.append(shown)
    return out


def table(rows: list[dict[str, Any]]) -> html.Div:
    if not rows:
        return html.Div("Nothing recorded yet.", className="cg-muted cg-audit-empty")
    wide = {"justification": 2, "what": 3}
    narrow = {"id": 70, "role": 100, "status": 100}
    columns = [{"field": key, "headerName": label, "flex": wide.get(key, 1),
                "minWidth": 165 if key == "at" else narrow.get(key, 110),
                **({"maxWidth": narrow[key]} if key in narrow else {}),
                **({"tooltipField": key} if key in wide else {}),
                "cellClass": f"cg-audit-{key}"} for key, label in COLUMNS]
    note = (f"Newest {SHOW_LIMIT} of {len(rows)} rows shown; the CSV has them all."
            if len(rows) > SHOW_LIMIT else f"{len(rows)} row{'s' if len(rows) != 1 else ''}.")
    return html.Div([
        grid(ids.AUDIT_GRID, columns, grid_rows(rows), page_size=50, class_name="cg-audit-grid"),
        html.Div(note, className="cg-insp-note"),
    ])


def layout() -> html.Div:
    return html.Div(className="cg-audit", children=[
        html.Div(className="cg-audit-bar", children=[
            dcc.RadioItems(id=ids.AUDIT_SCOPE, value="case", inline=True,
                           className="cg-audit-scope",
                           options=[{"label": " This case", "value": "case"},
                                    {"label": " My actions", "value": "mine"},
                                    {"label": " Everything (admins)", "value": "all"}]),
            html.Span(id=ids.AUDIT_VERIFY, className="cg-audit-verify"),
            html.Span(id=ids.AUDIT_HEAD, className="cg-audit-head"),
            html.Button("Refresh", id=ids.AUDIT_REFRESH, n_clicks=0, className="cg-button"),
            html.Button("Export CSV", id=ids.AUDIT_EXPORT, n_clicks=0,
                        className="cg-button cg-button-primary"),
            dcc.Download(id=ids.AUDIT_DOWNLOAD),
        ]),
        html.Div(id=ids.AUDIT_TABLE, className="cg-audit-body"),
        dcc.Store(id=ids.AUDIT_WAKE, data={"tab": TAB_ID}),
    ])


def register(app) -> None:
    # a lookup writes audit rows whether or not it changed the case: the rows are read again
    # while the tab is open, or once it opens (a new revision reaches it through its gate)
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "wake"),
        Output(ids.AUDIT_WAKE, "data"),
        Input(ids.ENRICH_MESSAGE, "children"),
        Input(ids.ANALYSIS_TABS, "value"),
        State(ids.AUDIT_WAKE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.AUDIT_TABLE, "children"),
        Output(ids.AUDIT_VERIFY, "children"),
        Output(ids.AUDIT_VERIFY, "className"),
        Output(ids.AUDIT_HEAD, "children"),
        Input(ids.tab_case(TAB_ID), "data"),   # only while the tab is open
        Input(ids.AUDIT_REFRESH, "n_clicks"),
        Input(ids.AUDIT_SCOPE, "value"),
        Input(ids.AUDIT_WAKE, "data"),         # a lookup was recorded: while open, or on opening
        prevent_initial_call=True,
    )
    def on_refresh(store, _clicks, scope, _wake):
        ws = workspace()
        ok, status, head = chain_status(ws)
        try:
            rows, about = audit_rows(ws, store, scope or "case")
            shown: Any = [html.Div(about.capitalize() + ".", className="cg-audit-what"),
                          table(rows)]
        except Refused:
            raise
        except Exception as exc:  # a damaged log is shown as such, never a server error
            shown = html.Div(f"The audit rows cannot be read: {exc}", className="cg-audit-bad")
        return (shown, status, "cg-audit-verify " + ("cg-audit-ok" if ok else "cg-audit-bad"),
                head)

    @app.callback(
        Output(ids.AUDIT_DOWNLOAD, "data"),
        Input(ids.AUDIT_EXPORT, "n_clicks"),
        State(ids.CASE_STORE, "data"),
        State(ids.AUDIT_SCOPE, "value"),
        prevent_initial_call=True,
    )
    def on_export(clicks, store, scope):
        if not clicks:
            return no_update
        out = csv_export(workspace(), store, scope or "case")
        if out is None:
            return no_update
        return dcc.send_bytes(out.data, out.filename, type=out.mime)
