"""Maintained components shared by the panels: the header actions' dialogs (cases, briefing,
export, case details), the read-only tables and the progress bar of a background job.

A dialog is a dash-bootstrap-components ``Modal``: its ``is_open`` says whether it shows, and
the component itself closes it on Escape and on a click beside it (its buttons open and close
it in the browser: components/view_state.py, which reads the canvas viewport as it opens).
Bootstrap's stylesheet is not loaded (it would restyle the whole page); assets/dialogs.css
styles the modal's classes.
A table is a dash-ag-grid ``AgGrid`` (its theme is built by the grid's own script, nothing
is fetched); assets/grids.css fits it to the page. Facts about one thing (an entity's
attributes, a verdict's figures, where a record came from) are a description list
(``facts``), laid out by assets/facts.css.
"""

from __future__ import annotations

import json
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import plotly.utils
from dash import html

DIALOG_CLASS = "cg-dialog"  # on the modal's content box, for the page's own styles
COMPACT_ROW, COMPACT_HEADER = 28, 32  # pixels: a compact grid's rows and header


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


def grid(grid_id: Any, columns: list[dict[str, Any]], rows: list[dict[str, Any]] | None = None,
         *, row_id: str | None = "id", page_size: int | None = None, height: int | None = None,
         class_name: str = "", row_classes: dict[str, str] | None = None,
         compact: bool = False) -> dag.AgGrid:
    """A read-only table (dash-ag-grid): sortable, resizable columns; ``row_id`` names the
    field that identifies a row (``cellClicked`` then carries it as ``rowId``).

    ``height`` in pixels; None lets the grid grow with its rows (small tables).
    ``row_classes``: a class for the rows whose data satisfy an expression (``rowClassRules``).
    ``compact``: lower rows, for a narrow panel or a dialog; a cell cut short then shows
    its whole text on hover (give the column a ``tooltipField``).

    >>> table = grid("t", [{"field": "name"}], [{"id": "a", "name": "Ash"}])
    >>> table.getRowId, table.rowData[0]["name"]
    ('params.data.id', 'Ash')
    """
    options: dict[str, Any] = {"suppressCellFocus": False, "enableCellTextSelection": True,
                               "ensureDomOrder": True, "animateRows": False,
                               "localeText": {"noRowsToShow": "Nothing to show."}}
    if page_size:
        options.update(pagination=True, paginationPageSize=page_size,
                       paginationPageSizeSelector=False)
    if height is None:
        options["domLayout"] = "autoHeight"
    if compact:
        options.update(rowHeight=COMPACT_ROW, headerHeight=COMPACT_HEADER,
                       tooltipShowMode="whenTruncated")
    extra: dict[str, Any] = {"getRowId": f"params.data.{row_id}"} if row_id else {}
    if row_classes:
        extra["rowClassRules"] = row_classes
    return dag.AgGrid(
        id=grid_id, columnDefs=columns, rowData=rows or [],
        defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
        dashGridOptions=options, columnSize="responsiveSizeToFit",
        className=f"cg-grid {class_name}".strip(),
        style={"height": f"{height}px"} if height else {}, **extra)


def facts(rows: list[tuple[Any, ...]], class_name: str = "") -> html.Dl:
    """Facts about one thing as a description list: per row a term and its descriptions
    (one or more, the same number in every row: assets/facts.css lays them out in columns).
    A term or description already made (``html.Dt``, ``html.Dd``, to give it a title or a
    class) is used as it is.

    >>> dl = facts([("phone", "07700 900101"), ("seen", "2 times")], "cg-kv")
    >>> dl.className, [(c._type, c.children) for c in dl.children][:2]
    ('cg-facts cg-kv', [('Dt', 'phone'), ('Dd', '07700 900101')])
    """
    items: list[Any] = []
    for term, *descriptions in rows:
        items.append(term if isinstance(term, html.Dt) else html.Dt(term))
        items += [d if isinstance(d, html.Dd) else html.Dd(d) for d in descriptions]
    return html.Dl(items, className=f"cg-facts {class_name}".strip())


def job_progress(fill_id: str, text_id: str, cancel_id: str, cancel_title: str,
                 text: str = "") -> list[Any]:
    """A background job's progress: the bar (its fill's ``style`` width is the share done),
    the words of its stage (``text`` until the job first reports), and its Cancel button."""
    return [
        html.Div(className="cg-enrich-bar", children=[
            html.Div(id=fill_id, className="cg-enrich-bar-fill", style={"width": "0%"})]),
        html.Div(className="cg-enrich-job-foot", children=[
            html.Span(text, id=text_id, className="cg-enrich-job-text"),
            html.Button("Cancel", id=cancel_id, n_clicks=0, className="cg-button cg-button-sm",
                        title=cancel_title)]),
    ]


def unchanged(children: Any, shown: Any) -> bool:
    """Whether ``children`` (components) are what the page shows already (``shown``: the same
    property read back as a callback State), so a callback can answer "no update" and spare
    the page a redraw, and the callbacks hanging on the redrawn buttons.

    >>> unchanged([html.Span("a", className="x")],
    ...           [{"type": "Span", "namespace": "dash_html_components",
    ...             "props": {"children": "a", "className": "x"}}])
    True
    >>> unchanged([], None), unchanged([html.Span("a")], [])
    (True, False)
    """
    plain = json.loads(json.dumps(children, cls=plotly.utils.PlotlyJSONEncoder))
    return plain == (shown if shown is not None else [])
