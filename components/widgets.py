"""Markup and callbacks shared by the header actions' dialogs (cases, briefing, export,
case details).

A dialog is a dash-bootstrap-components ``Modal``: its ``is_open`` says whether it shows, and
the component itself closes it on Escape and on a click beside it. Bootstrap's stylesheet is
not loaded (it would restyle the whole page); assets/dialogs.css styles the modal's classes.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, html

DIALOG_CLASS = "cg-dialog"  # on the modal's content box, for the page's own styles


def modal(dialog_id: str, close_id: str, title: str, body: list, wide: bool = False
          ) -> dbc.Modal:
    """A dialog over the page, closed until its ``is_open`` is set; ``close_id`` is its
    close button.

    >>> dialog = modal("d", "d-close", "Export", [])
    >>> dialog.is_open, dialog.size
    (False, 'lg')
    """
    return dbc.Modal(
        id=dialog_id, is_open=False, size="xl" if wide else "lg", scrollable=False,
        keyboard=True, fade=False, content_class_name=DIALOG_CLASS,
        children=[
            dbc.ModalHeader(close_button=False, children=[
                dbc.ModalTitle(title, tag="h2"),
                html.Button(id=close_id, n_clicks=0, title="Close (Esc)",
                            className="btn-close", **{"aria-label": "Close"}),
            ]),
            dbc.ModalBody(body),
        ])


def register_dialog(app, open_id: str, close_id: str, dialog_id: str, viewport_id: str) -> None:
    """Open/close a dialog in the browser; opening reads the canvas viewport into a store."""
    app.clientside_callback(
        ClientsideFunction("casegraph", "dialog"),
        Output(dialog_id, "is_open"),
        Output(viewport_id, "data"),
        Input(open_id, "n_clicks"),
        Input(close_id, "n_clicks"),
        prevent_initial_call=True,
    )
