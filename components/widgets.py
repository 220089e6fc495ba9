"""Markup and callbacks shared by the header actions' dialogs (cases, briefing, export,
case details).

A dialog is a ``.cg-modal`` over the page, shown while it also has ``cg-modal-open``;
Escape clicks its close button (assets/casegraph.js), so every dialog closes the same way.
"""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Input, Output, State, html

from components import ids

CLOSED = ids.MODAL_CLASS
OPEN = f"{ids.MODAL_CLASS} {ids.MODAL_OPEN_CLASS}"


def modal(dialog_id: str, close_id: str, title: str, body: list, wide: bool = False
          ) -> html.Div:
    """A dialog over the page (hidden until its ``cg-modal-open`` class is set).

    >>> modal("d", "d-close", "Export", []).className
    'cg-modal'
    """
    return html.Div(id=dialog_id, className=CLOSED, role="dialog", **{"aria-modal": "true"},
                    children=[html.Div(className="cg-modal-box" + (" cg-modal-wide" if wide
                                                                  else ""), children=[
                        html.Div(className="cg-modal-head", children=[
                            html.H2(title, className="cg-modal-title"),
                            html.Button("×", id=close_id, n_clicks=0, title="Close (Esc)",
                                        className=ids.MODAL_CLOSE_CLASS),
                        ]),
                        html.Div(className="cg-modal-body", children=body),
                    ])])


def is_open(class_name: Any) -> bool:
    """Whether a dialog with this ``className`` is showing.

    >>> is_open(OPEN), is_open(CLOSED), is_open(None)
    (True, False, False)
    """
    return ids.MODAL_OPEN_CLASS in str(class_name or "").split()


def register_dialog(app, open_id: str, close_id: str, dialog_id: str, viewport_id: str) -> None:
    """Open/close a dialog in the browser; opening reads the canvas viewport into a store."""
    app.clientside_callback(
        ClientsideFunction("casegraph", "dialog"),
        Output(dialog_id, "className"),
        Output(viewport_id, "data"),
        Input(open_id, "n_clicks"),
        Input(close_id, "n_clicks"),
        State(dialog_id, "className"),
        prevent_initial_call=True,
    )
