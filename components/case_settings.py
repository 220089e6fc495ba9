"""Case details: the case number and the stated purpose (legal basis).

Every lookup is tied to a case number and a purpose and written to the audit trail with
them and with the logged-in user; until both are set, lookups are refused (see
components/enrich.py). The details are kept in ``case.meta`` (``case_number``, ``purpose``);
saving them makes a new revision, like any other change to the case. Users who may not
change the case (viewers) see them read-only.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, dcc, html, no_update

from casegraph.workspace import Workspace
from components import ids
from components.enrich import delta_payload
from components.state import acting_user, case_ref, workspace
from components.widgets import modal

FIELDS = ("case_number", "purpose")
LIMITS = {"case_number": 60, "purpose": 1000}


def details(ws: Workspace, store: Any) -> dict[str, str]:
    """The case's number and purpose ('' when not set)."""
    ref = case_ref(store)
    if ref is None:
        return dict.fromkeys(FIELDS, "")
    meta = ws.case(*ref).meta
    return {name: str(meta.get(name) or "") for name in FIELDS}


def button_label(ws: Workspace, store: Any) -> list[Any]:
    """The header button: the case number when set, a warning mark when details are missing."""
    info = details(ws, store)
    if info["case_number"] and info["purpose"]:
        return [html.Span("Case ", className="cg-settings-muted"),
                html.Strong(info["case_number"])]
    return [html.Span("!", className="cg-settings-flag"), "Set case details"]


def save_details(ws: Workspace, store: Any, number: Any,
                 purpose: Any) -> tuple[Any, Any, str, bool]:
    """Store the details as a new revision: ``(case store, delta, message, ok)``.

    Blank values are allowed (a case can be opened before it has a number); the message
    says that lookups stay refused until both the number and the purpose are set.
    """
    ref = case_ref(store)
    if ref is None:
        return no_update, no_update, "Open a case first.", False
    values = {"case_number": number, "purpose": purpose}
    clean = {k: " ".join(str(v or "").split())[:LIMITS[k]] for k, v in values.items()}
    case_id = ref[0]
    rev = ref[1] or ws.current_rev(case_id)
    case = ws.case(case_id, rev)
    if all(str(case.meta.get(k) or "") == clean[k] for k in FIELDS):
        return no_update, no_update, "No change.", True
    changed = case.copy()
    for key, value in clean.items():
        if value:
            changed.meta[key] = value
        else:
            changed.meta.pop(key, None)
    result = ws.apply_change(case_id, rev, changed, note="case details", kind="details",
                             user=acting_user())
    new_rev = result.rev
    if result.rebased:  # others saved meanwhile: the page takes the merged revision whole
        return ({"case_id": case_id, "rev": new_rev}, no_update,
                "Saved (merged with changes made meanwhile).", True)
    delta = delta_payload(ws, case_id, rev, new_rev, [])  # same picture, new revision
    missing = [label for key, label in (("case_number", "case number"), ("purpose", "purpose"))
               if not clean[key]]
    if missing:
        message = (f"Saved. Lookups stay refused until the {' and '.join(missing)} "
                   f"{'is' if len(missing) == 1 else 'are'} set.")
    else:
        message = f"Saved. Lookups are recorded under case {clean['case_number']}."
    return {"case_id": case_id, "rev": new_rev, "delta": True}, delta, message, True


def _field(label: str, control: Any, hint: str = "") -> html.Label:
    return html.Label(className="cg-settings-field", children=[
        html.Span(label, className="cg-settings-label"), control,
        html.Span(hint, className="cg-settings-hint") if hint else None])


def actions(ws: Workspace) -> list[Any]:
    body = [
        html.P("Every lookup is tied to this case number and purpose and written to "
               f"the audit trail under your name ({ws.user}). Lookups are refused until "
               "both are set.", className="cg-settings-intro"),
        _field("Case number", dcc.Input(id=ids.CASE_NUMBER, type="text",
                                        maxLength=LIMITS["case_number"],
                                        placeholder="e.g. OP-2024-017",
                                        className="cg-input")),
        _field("Purpose / legal basis", dcc.Textarea(
            id=ids.CASE_PURPOSE, maxLength=LIMITS["purpose"],
            placeholder="e.g. Investigation of the supply of Class A drugs "
                        "(Misuse of Drugs Act 1971 s.4), authorised by DI Example",
            className="cg-input cg-settings-textarea"),
               "Why these lookups are necessary and proportionate."),
        html.Div(className="cg-settings-foot", children=[
            html.Span(id=ids.CASE_SETTINGS_STATUS, className="cg-settings-status"),
            html.Button("Save", id=ids.CASE_SETTINGS_SAVE, n_clicks=0,
                        className="cg-button cg-button-primary cg-needs-edit"),
        ]),
    ]
    return [
        html.Button(id=ids.CASE_SETTINGS_OPEN, n_clicks=0,
                    className="cg-header-button cg-settings-button",
                    title="Case number and purpose (legal basis): needed for lookups"),
        # opened by the server (it fills the fields in), closed by the button or Escape
        modal(ids.CASE_SETTINGS_DIALOG, ids.CASE_SETTINGS_CLOSE, "Case details", body),
    ]


def register(app) -> None:
    @app.callback(
        Output(ids.CASE_SETTINGS_OPEN, "children"),
        # the label changes with the case, or when the details are saved (the dialog
        # closes on a save; its revision is a delta, which ids.CASE_OPENED passes by), never
        # with an expansion
        Input(ids.CASE_OPENED, "data"),
        Input(ids.CASE_SETTINGS_DIALOG, "is_open"),
        State(ids.CASE_STORE, "data"),
    )
    def on_case(_opened, is_open, store):
        if ctx.triggered_id == ids.CASE_SETTINGS_DIALOG and is_open:
            return no_update
        return button_label(workspace(), store)

    @app.callback(
        Output(ids.CASE_SETTINGS_DIALOG, "is_open"),
        Output(ids.CASE_NUMBER, "value"),
        Output(ids.CASE_PURPOSE, "value"),
        Output(ids.CASE_NUMBER, "readOnly"),
        Output(ids.CASE_PURPOSE, "readOnly"),
        Output(ids.CASE_SETTINGS_STATUS, "children", allow_duplicate=True),
        Input(ids.CASE_SETTINGS_OPEN, "n_clicks"),
        Input(ids.CASE_SETTINGS_CLOSE, "n_clicks"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_open(_open, _close, store):
        if ctx.triggered_id == ids.CASE_SETTINGS_CLOSE:
            return False, no_update, no_update, no_update, no_update, ""
        ws = workspace()
        info = details(ws, store)
        ref = case_ref(store)
        locked = ref is None or not ws.can("edit", ref[0])
        note = "Read-only: you may not change this case." if ref and locked else ""
        return True, info["case_number"], info["purpose"], locked, locked, note

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.ENRICH_DELTA, "data", allow_duplicate=True),
        Output(ids.CASE_SETTINGS_STATUS, "children", allow_duplicate=True),
        Output(ids.CASE_SETTINGS_DIALOG, "is_open", allow_duplicate=True),
        Input(ids.CASE_SETTINGS_SAVE, "n_clicks"),
        State(ids.CASE_STORE, "data"),
        State(ids.CASE_NUMBER, "value"),
        State(ids.CASE_PURPOSE, "value"),
        prevent_initial_call=True,
    )
    def on_save(clicks, store, number, purpose):
        if not clicks:
            return no_update, no_update, no_update, no_update
        new_store, delta, message, ok = save_details(workspace(), store, number, purpose)
        complete = ok and str(number or "").strip() and str(purpose or "").strip()
        return new_store, delta, message, False if complete else no_update
