"""Audit tab: every lookup made for this case (and every refused one), whether the
hash chain of the audit trail is intact, and the rows as CSV for disclosure."""

from __future__ import annotations

import csv
import io
from typing import Any

from dash import Input, Output, State, dcc, html, no_update

from casegraph.enrichment.audit import FIELDS, verify
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace

TAB_ID = "audit"
TAB_LABEL = "Audit"
SHOW_LIMIT = 300
COLUMNS = (("id", "#"), ("at", "Time (UTC)"), ("user", "Analyst"), ("case_number", "Case"),
           ("purpose", "Purpose"), ("provider", "Source"), ("query_type", "Query"),
           ("query_value", "Value"), ("status", "Result"), ("result_count", "Found"),
           ("result_sha256", "Result hash"))
CSV_FIELDS = (*FIELDS, "row_hash")


def audit_rows(ws: Workspace, store: Any, scope: str = "case") -> tuple[list[dict], str]:
    """``(rows, what they are)``: this case's rows (by its case number; lookups refused
    before the case had a number carry none), or every row when ``scope`` is "all"."""
    log = ws.enrichment().audit
    if scope == "all":
        return log.rows(), "every lookup on this installation"
    ref = case_ref(store)
    if ref is None:
        return [], "no case open"
    number = str(ws.case(*ref).meta.get("case_number") or "")
    if number:
        return log.rows(number), f"lookups under case number {number}"
    return log.rows(""), "lookups made without a case number (all refused)"


def chain_status(ws: Workspace) -> tuple[bool, str]:
    ok, bad, reason = verify(ws.enrichment().audit)
    if ok:
        return True, f"Hash chain intact ({reason.removeprefix('ok: ')} verified)."
    where = f" at row {bad}" if bad is not None else ""
    return False, f"Hash chain BROKEN{where}: {reason}. The trail was changed outside casegraph."


def audit_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, every field including the chain hashes (a verifier can recheck)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in CSV_FIELDS})
    return out.getvalue()


def table(rows: list[dict[str, Any]]) -> html.Div:
    if not rows:
        return html.Div("No lookups recorded yet.", className="cg-muted cg-audit-empty")
    shown = list(reversed(rows))[:SHOW_LIMIT]  # newest first
    head = html.Tr([html.Th(label) for _, label in COLUMNS])
    body = []
    for row in shown:
        cells = []
        for key, _ in COLUMNS:
            value = row.get(key, "")
            if key == "at":
                value = str(value).replace("T", " ")[:19]
            if key == "result_sha256":
                value = str(value)[:12] + "…"
            cls = f"cg-audit-{key}" + (f" cg-audit-status-{value}" if key == "status" else "")
            cells.append(html.Td(str(value), className=cls,
                                 title=str(row.get(key, "")) if key in (
                                     "purpose", "result_sha256", "query_value") else None))
        body.append(html.Tr(cells))
    note = (f"Newest {SHOW_LIMIT} of {len(rows)} rows shown; the CSV has them all."
            if len(rows) > SHOW_LIMIT else f"{len(rows)} row{'s' if len(rows) != 1 else ''}.")
    return html.Div([
        html.Div(html.Table([html.Thead(head), html.Tbody(body)], className="cg-audit-table"),
                 className="cg-audit-scroll"),
        html.Div(note, className="cg-insp-note"),
    ])


def layout() -> html.Div:
    return html.Div(className="cg-audit", children=[
        html.Div(className="cg-audit-bar", children=[
            dcc.RadioItems(id=ids.AUDIT_SCOPE, value="case", inline=True,
                           className="cg-audit-scope",
                           options=[{"label": " This case", "value": "case"},
                                    {"label": " All cases", "value": "all"}]),
            html.Span(id=ids.AUDIT_VERIFY, className="cg-audit-verify"),
            html.Button("Refresh", id=ids.AUDIT_REFRESH, n_clicks=0, className="cg-button"),
            html.Button("Export CSV", id=ids.AUDIT_EXPORT, n_clicks=0,
                        className="cg-button cg-button-primary"),
            dcc.Download(id=ids.AUDIT_DOWNLOAD),
        ]),
        html.Div(id=ids.AUDIT_TABLE, className="cg-audit-body"),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.AUDIT_TABLE, "children"),
        Output(ids.AUDIT_VERIFY, "children"),
        Output(ids.AUDIT_VERIFY, "className"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.AUDIT_REFRESH, "n_clicks"),
        Input(ids.AUDIT_SCOPE, "value"),
        Input(ids.ENRICH_MESSAGE, "children"),
        Input(ids.ANALYSIS_TABS, "value"),
    )
    def on_refresh(store, _clicks, scope, _message, tab):
        if tab is not None and tab != TAB_ID:
            return no_update, no_update, no_update
        ws = workspace()
        rows, what = audit_rows(ws, store, scope or "case")
        ok, status = chain_status(ws)
        return ([html.Div(what.capitalize() + ".", className="cg-audit-what"), table(rows)],
                status, "cg-audit-verify " + ("cg-audit-ok" if ok else "cg-audit-bad"))

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
        ws = workspace()
        rows, _ = audit_rows(ws, store, scope or "case")
        ref = case_ref(store)
        number = (str(ws.case(*ref).meta.get("case_number") or "no-number") if ref and
                  scope != "all" else "all")
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in number)
        return dcc.send_string(audit_csv(rows), f"audit-{safe}.csv")
