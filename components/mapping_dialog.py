"""The column-mapping dialog: the first rows of an uploaded table, and which column is what.

Opened by the upload (``components/header.py``, whose names it uses; the page places and
registers it, components/layout.py) when a table's columns are not recognised, when the
analyst chose "Let me choose the columns", or from the error alert. It shows the
first rows; the analyst picks the source and target columns, the link type, weight, time
and duration columns, the entity type of each end and the columns kept as attributes (and,
for a workbook, the link sheet and the node sheet). A preset fills every field; the mapping
can be saved under a name as the installation's own preset (``CaseSession.mapping_presets``,
in the database, recorded in the audit log) and chosen beside the upload area next time.

The files stay in the browser (``ids.UPLOAD_PENDING``) while the dialog is open, so any
server worker can answer; nothing is stored until the analyst presses *Load*.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

import casegraph.io as cio
from casegraph.io.mapping import Mapping, find_column
from casegraph.model import entity_types, link_types
from components import ids
from components.header import (
    HIDDEN,
    MAX_UPLOAD_BYTES,
    UPLOAD_OUTPUTS,
    UploadResult,
    choice_options,
    decoded,
    link_file,
    load_files,
    named_bytes,
    store_case,
    upload_answer,
)
from components.widgets import grid

PREVIEW_SHOWN = 8     # rows in the dialog's grid
# (Mapping field, label) of the fields that name a column of the link table
COLUMN_FIELDS = (("source", "Source (from)"), ("target", "Target (to)"),
                 ("link_type_column", "Link type column"), ("weight", "Weight"),
                 ("time", "Time"), ("duration", "Duration"))
# (Mapping field, label) of the fields that give one type to every row
TYPE_FIELDS = (("link_type", "Link type (every row)"),
               ("source_type", "Source entity type"), ("target_type", "Target entity type"))
FIELDS = tuple(name for name, _ in COLUMN_FIELDS + TYPE_FIELDS) + ("attributes", "directed")


def field_id(name: str) -> str:
    return f"{ids.MAP_FIELD}-{name.replace('_', '-')}"


# -- logic (tested without a browser) -----------------------------------------------------
def pending_table(pending: Any) -> tuple[str, bytes] | None:
    """``(file name, bytes)`` of the table to map among the pending upload's files."""
    if not isinstance(pending, dict) or not pending.get("contents"):
        return None
    names = [str(n or "upload") for n in pending.get("filenames") or []]
    return link_file(decoded(list(pending["contents"]), names))


def table_preview(ws: Any, pending: Any, sheet: str | None = None) -> cio.TablePreview:
    """What the dialog shows of the pending upload (raises LoadError)."""
    found = pending_table(pending)
    if found is None:
        raise cio.LoadError("upload one table, or a node file and an edge file")
    name, data = found
    return cio.preview(named_bytes(data, name), name, sheet=sheet or None,
                       max_bytes=MAX_UPLOAD_BYTES, presets=ws.mapping_presets())


def field_values(mapping: Mapping | None, columns: list[str]) -> dict[str, Any]:
    """The dialog's fields filled from ``mapping`` (columns matched ignoring case and
    accents); attributes default to every column the mapping does not otherwise use."""
    mapping = mapping or Mapping()
    values: dict[str, Any] = {}
    for name, _ in COLUMN_FIELDS:
        index = find_column(columns, getattr(mapping, name))
        values[name] = columns[index] if index is not None else None
    for name, _ in TYPE_FIELDS:
        values[name] = getattr(mapping, name)
    used = {v for k, v in values.items() if k in dict(COLUMN_FIELDS) and v}
    if mapping.attributes is None:
        values["attributes"] = [c for c in columns if c not in used]
    else:
        values["attributes"] = [columns[i] for i in (find_column(columns, a)
                                                     for a in mapping.attributes)
                                if i is not None and columns[i] not in used]
    values["directed"] = ["directed"] if mapping.directed is not False else []
    return values


def mapping_from_fields(values: dict[str, Any], base: Mapping | None = None,
                        name: str | None = None) -> Mapping:
    """The mapping the dialog's fields say; what they cannot show (label columns, type
    columns of the ends, node columns) is kept from ``base``, the preset chosen."""
    data = base.to_dict() if base is not None else {}
    data.pop("name", None)
    for name_, _ in COLUMN_FIELDS + TYPE_FIELDS:
        data[name_] = values.get(name_) or None
    used = {values.get(n) for n, _ in COLUMN_FIELDS} - {None}
    data["attributes"] = [c for c in values.get("attributes") or [] if c not in used]
    data["directed"] = "directed" in (values.get("directed") or [])
    if name:
        data["name"] = name.strip()
    return Mapping.from_dict({k: v for k, v in data.items() if v is not None})


def load_mapped(ws: Any, pending: Any, mapping: Mapping, link_sheet: str | None = None,
                node_sheet: str | None = None, save_as: str = ""):
    """Load the pending upload with ``mapping`` and store it as a new case; with
    ``save_as``, save the mapping as a preset first. Returns an ``UploadResult``."""
    if not mapping.has_links():
        return UploadResult(error="choose the source and the target columns")
    names = [str(n or "upload") for n in (pending or {}).get("filenames") or []]
    try:
        files = decoded(list((pending or {}).get("contents") or []), names)
        if not files:
            return UploadResult(error="the upload is no longer in hand; drop the file again")
        if save_as.strip():
            mapping = Mapping.from_dict(dict(mapping.to_dict(), name=save_as.strip()))
            ws.mapping_presets().save(mapping)
        sheets = [s for s in (node_sheet, link_sheet) if s]
        options: dict[str, Any] = {"mapping": mapping}
        if sheets:
            options["sheet"] = sheets if len(sheets) > 1 else sheets[0]
        case = load_files(files, **options)
    except cio.LoadError as exc:
        return UploadResult(error=str(exc))
    how = f" with the preset '{mapping.name}'" if save_as.strip() else " with your columns"
    return store_case(ws, case, names, how)


def preview_table(preview: cio.TablePreview) -> html.Div:
    """The first rows as a grid, a column per column of the file (a cell cut short shows
    its full text on hover), and how many rows there are."""
    # fields by position: a column's name may hold a dot, which the grid reads as a path
    columns = [{"field": f"c{i}", "headerName": str(c), "headerTooltip": str(c),
                "tooltipField": f"c{i}", "minWidth": 96, "flex": 1}
               for i, c in enumerate(preview.columns)]
    rows = [{"row": n, **{f"c{i}": str(v) for i, v in enumerate(row)}}
            for n, row in enumerate(preview.rows[:PREVIEW_SHOWN])]
    table = grid(ids.MAP_PREVIEW_GRID, columns, rows, row_id="row", class_name="cg-map-table",
                 compact=True)
    more = preview.row_count - len(rows)
    return html.Div(className="cg-map-table-wrap", children=[
        table,
        html.Div(f"… and {more:,} more row{'s' if more != 1 else ''}" if more > 0 else
                 f"{preview.row_count:,} row{'s' if preview.row_count != 1 else ''}",
                 className="cg-field-hint"),
    ])


def describe(preview: cio.TablePreview) -> str:
    """One line on what the file is: format, encoding, delimiter, sheet."""
    parts = [preview.format.upper()]
    if preview.encoding:
        parts.append(preview.encoding)
    if preview.delimiter and preview.format == "csv":
        parts.append({"\t": "tab", ",": "comma", ";": "semicolon", " ": "space"}.get(
            preview.delimiter, repr(preview.delimiter)) + "-separated")
    if preview.sheet:
        parts.append(f"sheet '{preview.sheet}' of {len(preview.sheets)}")
    return " · ".join(parts)


def preset_options(ws: Any, fitting: list[str]) -> list[dict[str, str]]:
    """Every preset, those whose columns are all in the file first."""
    names = [m.name for m in cio.presets(ws.mapping_presets())]
    ordered = [n for n in names if n in fitting] + [n for n in names if n not in fitting]
    return [{"label": f"{n}  ✓ fits" if n in fitting else n, "value": n} for n in ordered]


# -- layout ---------------------------------------------------------------------------------
def _column_field(name: str, label: str) -> html.Label:
    return html.Label([label, dcc.Dropdown(id=field_id(name), options=[], clearable=True,
                                           placeholder="—", className="cg-map-dropdown")],
                      className="cg-map-field")


def _type_field(name: str, label: str) -> html.Label:
    kinds = link_types() if name == "link_type" else entity_types()
    options = [{"label": k.replace("_", " "), "value": k} for k in kinds]
    return html.Label([label, dcc.Dropdown(id=field_id(name), options=options, clearable=True,
                                           placeholder="from the file",
                                           className="cg-map-dropdown")],
                      className="cg-map-field")


def layout() -> html.Div:
    body = [
        html.P(id=ids.MAP_REASON, className="cg-map-reason"),
        html.Div(className="cg-map-row", children=[
            html.Label(["Preset", dcc.Dropdown(id=ids.MAP_PRESET, options=[], clearable=True,
                                               placeholder="none: choose below",
                                               className="cg-map-dropdown")],
                       className="cg-map-field cg-map-wide"),
        ]),
        html.Div(id=ids.MAP_SHEETS_ROW, className="cg-map-row", style={"display": "none"},
                 children=[
            html.Label(["Link sheet", dcc.Dropdown(id=ids.MAP_LINK_SHEET, options=[],
                                                   clearable=False,
                                                   className="cg-map-dropdown")],
                       className="cg-map-field"),
            html.Label(["Entity sheet (optional)", dcc.Dropdown(
                id=ids.MAP_NODE_SHEET, options=[], clearable=True, placeholder="none",
                className="cg-map-dropdown")], className="cg-map-field"),
        ]),
        html.Div(id=ids.MAP_PREVIEW, className="cg-map-preview"),
        html.Div(className="cg-map-grid", children=[
            *[_column_field(n, label) for n, label in COLUMN_FIELDS],
            *[_type_field(n, label) for n, label in TYPE_FIELDS],
        ]),
        html.Label(["Columns kept as attributes of each link",
                    dcc.Dropdown(id=field_id("attributes"), options=[], multi=True,
                                 className="cg-map-dropdown")],
                   className="cg-map-field cg-map-wide"),
        dcc.Checklist(id=field_id("directed"), className="cg-radio",
                      options=[{"label": " Links run from source to target (directed)",
                                "value": "directed"}], value=["directed"]),
        html.Div(className="cg-map-row cg-map-foot", children=[
            html.Label(["Save as preset (optional)",
                        dcc.Input(id=ids.MAP_SAVE_AS, type="text", maxLength=120,
                                  className="cg-input", placeholder="e.g. Telefonate LKA")],
                       className="cg-map-field"),
            html.Div(className="cg-map-buttons", children=[
                html.Button("Cancel", id=ids.MAP_CANCEL, n_clicks=0, className="cg-button"),
                html.Button("Load", id=ids.MAP_LOAD, n_clicks=0,
                            className="cg-button cg-button-primary"),
            ]),
        ]),
        html.Div(id=ids.MAP_STATUS, role="alert", className="cg-map-status"),
    ]
    return html.Div([
        dcc.Store(id=ids.MAP_REQUEST),
        dbc.Modal(id=ids.MAP_DIALOG, is_open=False, size="xl", scrollable=True,
                  backdrop="static", class_name="cg-map-modal", children=[
                      dbc.ModalHeader(dbc.ModalTitle(id=ids.MAP_TITLE,
                                                     children="Choose the columns")),
                      dbc.ModalBody(body),
                  ]),
    ])


# -- callbacks ------------------------------------------------------------------------------
FIELD_OPTIONS = [Output(field_id(n), "options") for n, _ in COLUMN_FIELDS] + [
    Output(field_id("attributes"), "options")]
FIELD_VALUES = [Output(field_id(n), "value") for n in FIELDS]
FIELD_STATES = [State(field_id(n), "value") for n in FIELDS]


def register(app) -> None:
    from components.state import workspace

    @app.callback(
        Output(ids.MAP_DIALOG, "is_open"),
        Output(ids.MAP_TITLE, "children"),
        Output(ids.MAP_REASON, "children"),
        Output(ids.MAP_PRESET, "options"),
        Output(ids.MAP_PRESET, "value"),
        Output(ids.MAP_SHEETS_ROW, "style"),
        Output(ids.MAP_LINK_SHEET, "options"),
        Output(ids.MAP_LINK_SHEET, "value"),
        Output(ids.MAP_NODE_SHEET, "options"),
        Output(ids.MAP_NODE_SHEET, "value"),
        Output(ids.MAP_STATUS, "children", allow_duplicate=True),
        Output(ids.MAP_SAVE_AS, "value"),
        Input(ids.MAP_REQUEST, "data"),
        Input(ids.UPLOAD_MAP_AGAIN, "n_clicks"),
        State(ids.UPLOAD_PENDING, "data"),
        prevent_initial_call=True,
    )
    def on_open(request, _again, pending):
        if ctx.triggered_id == ids.MAP_REQUEST and not request:
            return (no_update,) * 12
        ws = workspace()
        try:
            seen = table_preview(ws, pending)
        except cio.LoadError as exc:
            return (True, "Choose the columns", str(exc), [], None, HIDDEN, [], None, [], None,
                    "", "")
        reason = (request or {}).get("reason") if ctx.triggered_id == ids.MAP_REQUEST else \
            "The file could not be read as it is: say which column is what."
        sheets = [{"label": f"{t}  ({r or 'not recognised'})", "value": t}
                  for t, r in seen.sheet_roles.items()]
        node_sheet = next((t for t, r in seen.sheet_roles.items() if r == "nodes"), None)
        return (True, f"Choose the columns of {seen.filename}",
                [html.Span(reason or ""), html.Span(f"  ({describe(seen)})",
                                                    className="cg-muted")],
                preset_options(ws, seen.presets), None,
                {} if seen.sheets else HIDDEN, sheets, seen.sheet, sheets, node_sheet, "", "")

    @app.callback(
        Output(ids.MAP_PREVIEW, "children"),
        *FIELD_OPTIONS,
        *FIELD_VALUES,
        Input(ids.MAP_PRESET, "value"),
        Input(ids.MAP_LINK_SHEET, "value"),
        Input(ids.MAP_REQUEST, "data"),
        Input(ids.UPLOAD_MAP_AGAIN, "n_clicks"),
        State(ids.UPLOAD_PENDING, "data"),
        prevent_initial_call=True,
    )
    def on_fill(preset_name, sheet, _request, _again, pending):
        ws = workspace()
        try:
            seen = table_preview(ws, pending, sheet)
        except cio.LoadError:
            return (None, *([[]] * len(FIELD_OPTIONS)), *([no_update] * len(FIELDS)))
        mapping = seen.mapping
        if preset_name:
            try:
                mapping = cio.preset(preset_name, ws.mapping_presets())
            except cio.LoadError:
                pass
        columns = list(seen.columns)
        options = [{"label": c, "value": c} for c in columns]
        values = field_values(mapping, columns)
        return (preview_table(seen), *([options] * len(FIELD_OPTIONS)),
                *(values[n] for n in FIELDS))

    @app.callback(
        *UPLOAD_OUTPUTS,
        Output(ids.MAP_DIALOG, "is_open", allow_duplicate=True),
        Output(ids.MAP_STATUS, "children", allow_duplicate=True),
        Output(ids.UPLOAD_MAPPING, "options"),
        Input(ids.MAP_LOAD, "n_clicks"),
        State(ids.UPLOAD_PENDING, "data"),
        State(ids.MAP_PRESET, "value"),
        State(ids.MAP_LINK_SHEET, "value"),
        State(ids.MAP_NODE_SHEET, "value"),
        State(ids.MAP_SAVE_AS, "value"),
        *FIELD_STATES,
        prevent_initial_call=True,
    )
    def on_load(n_clicks, pending, preset_name, link_sheet, node_sheet, save_as, *values):
        if not n_clicks:
            return (no_update,) * 12
        ws = workspace()
        base = None
        if preset_name:
            try:
                base = cio.preset(preset_name, ws.mapping_presets())
            except cio.LoadError:
                base = None
        try:
            mapping = mapping_from_fields(dict(zip(FIELDS, values, strict=True)), base)
        except cio.LoadError as exc:
            return (*([no_update] * (len(UPLOAD_OUTPUTS) + 1)), str(exc), no_update)
        if node_sheet and node_sheet == link_sheet:
            node_sheet = None
        result = load_mapped(ws, pending, mapping, link_sheet, node_sheet, save_as or "")
        if result.error:  # the dialog stays open and says what is wrong
            return (*([no_update] * (len(UPLOAD_OUTPUTS) + 1)), result.error, choice_options(ws))
        return (*upload_answer(ws, result), False, "",
                choice_options(ws))

    app.clientside_callback(
        "function(n) { return n ? false : window.dash_clientside.no_update; }",
        Output(ids.MAP_DIALOG, "is_open", allow_duplicate=True),
        Input(ids.MAP_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )
