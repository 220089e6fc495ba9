"""Header: case picker, upload (drag and drop), who is logged in (and logout), the upload
error alert, the refusal alert and the case notes."""

from __future__ import annotations

import base64
import binascii
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from dash import Input, Output, State, dcc, html, no_update

import casegraph.io as cio
from casegraph.limits import CaseTooLarge
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, store_for, workspace

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50_000_000
NODE_HINTS = ("node", "vert", "entit", "actor", "people", "person")
EDGE_HINTS = ("edge", "link", "relation", "tie", "call", "arc", "contact")
HIDDEN = {"display": "none"}


@dataclass
class UploadResult:
    """What an upload produced: the new case, or the message to show (never both)."""

    case_id: str | None = None
    rev: int | None = None
    error: str | None = None
    notice: str | None = None
    warnings: list[str] = field(default_factory=list)


# -- logic (tested without a browser) -----------------------------------------------------
def case_options(ws: Workspace) -> list[dict[str, str]]:
    """Case picker options: the cases the user may open, samples first, then uploads."""
    options = []
    user = getattr(ws, "user", None)
    for item in ws.list_cases():
        kind = "sample" if item.get("kind") == "sample" else item.get("kind", "case")
        owner = item.get("owner")
        whose = f"  ·  {owner}'s" if owner and user and owner != user else ""
        label = f"{item['name']}  ·  {item['nodes']} entities  ·  {kind}{whose}"
        options.append({"label": label, "value": item["case_id"]})
    return options


def decode_contents(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (``data:<mime>;base64,<payload>``)."""
    _, _, payload = str(contents).partition(",")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise cio.LoadError(f"the upload arrived damaged ({exc}); try again") from exc


def named_bytes(data: bytes, filename: str) -> io.BytesIO:
    """Bytes as a file-like object carrying the upload's file name (for sniffing, messages)."""
    buffer = io.BytesIO(data)
    buffer.name = filename
    return buffer


def pair_tables(filenames: list[str]) -> tuple[int, int] | None:
    """Indices ``(nodes, edges)`` when two uploaded files are a node file and an edge file."""
    if len(filenames) != 2:
        return None
    kinds = []
    for name in filenames:
        lower = name.lower()
        is_node = any(h in lower for h in NODE_HINTS)
        is_edge = any(h in lower for h in EDGE_HINTS)
        kinds.append("nodes" if is_node and not is_edge else "edges" if is_edge else None)
    if sorted(k or "" for k in kinds) != ["edges", "nodes"]:
        return None
    return (0, 1) if kinds[0] == "nodes" else (1, 0)


def load_upload(contents: list[str], filenames: list[str]):
    """Read uploaded files into one case (raises ``LoadError``)."""
    pairs = zip(contents, filenames, strict=True)
    files = [(name, decode_contents(data)) for data, name in pairs]
    for name, data in files:
        if len(data) > MAX_UPLOAD_BYTES:
            raise cio.LoadError(f"the file is {len(data) / 1e6:.0f} MB; the limit is "
                                f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB", name)
    pair = pair_tables([name for name, _ in files])
    load_tables = getattr(cio, "load_tables", None)
    if pair is not None and load_tables is not None:
        (n_name, n_data), (e_name, e_data) = files[pair[0]], files[pair[1]]
        return load_tables(named_bytes(n_data, n_name), named_bytes(e_data, e_name))
    if len(files) != 1:
        raise cio.LoadError(
            "upload one file, or two files named as a node file and an edge file "
            "(e.g. nodes.csv and edges.csv)", ", ".join(name for name, _ in files))
    name, data = files[0]
    return cio.load(named_bytes(data, name), filename=name, max_bytes=MAX_UPLOAD_BYTES)


def handle_upload(ws: Workspace, contents: Any, filenames: Any) -> UploadResult:
    """Load an upload and store it as a new case; a bad file gives only an error message."""
    if not contents:
        return UploadResult()
    contents = contents if isinstance(contents, list) else [contents]
    filenames = filenames if isinstance(filenames, list) else [filenames]
    filenames = [str(f or "upload") for f in filenames]
    try:
        case = load_upload(contents, filenames)
    except cio.LoadError as exc:
        return UploadResult(error=str(exc))
    except Exception as exc:  # a loader bug must not break the page; say what failed
        log.exception("upload of %s failed", filenames)
        return UploadResult(error=f"{', '.join(filenames)}: could not be read ({exc})")
    if case.graph.number_of_nodes() == 0:
        return UploadResult(error=f"{', '.join(filenames)}: no entities found in the file")
    try:
        case_id, rev = ws.import_case(case, source=", ".join(filenames))
    except CaseTooLarge as exc:  # the message names the limit and how to raise it
        return UploadResult(error=f"{', '.join(filenames)}: {exc}")
    warnings = [str(w) for w in case.meta.get("warnings", [])]
    notice = (f"Loaded {', '.join(filenames)}: {case.graph.number_of_nodes()} entities, "
              f"{case.graph.number_of_edges()} links.")
    return UploadResult(case_id=case_id, rev=rev, notice=notice, warnings=warnings)


def case_info(ws: Workspace, store: Any) -> list[Any]:
    """Name, description, attribution and load warnings of the open case."""
    ref = case_ref(store)
    if ref is None:
        return [html.Span("No case open: upload a file to start.", className="cg-muted")]
    case = ws.case(*ref)
    parts: list[Any] = [html.Span(case.name, className="cg-case-name")]
    for key in ("description", "attribution"):
        if case.meta.get(key):
            parts.append(html.Span(str(case.meta[key]), className=f"cg-case-{key}"))
    warnings = [str(w) for w in case.meta.get("warnings", [])]
    if warnings:
        parts.append(html.Details([
            html.Summary(f"{len(warnings)} note{'s' if len(warnings) != 1 else ''} "
                         "from loading"),
            html.Ul([html.Li(w) for w in warnings]),
        ], className="cg-warnings"))
    return parts


# -- layout ---------------------------------------------------------------------------------
def layout(ws: Workspace, case_id: str | None, title: str,
           actions: list | None = None) -> html.Header:
    return html.Header(className="cg-header", children=[
        html.Div(className="cg-brand", children=[
            html.Span("◉", className="cg-brand-mark"),
            html.Span(title, className="cg-brand-name"),
        ]),
        html.Div(className="cg-picker", children=[
            html.Label("Case", htmlFor=ids.CASE_PICKER, className="cg-header-label"),
            dcc.Dropdown(id=ids.CASE_PICKER, options=case_options(ws), value=case_id,
                         clearable=False, searchable=True, className="cg-case-dropdown"),
        ]),
        dcc.Upload(
            id=ids.UPLOAD, multiple=True, className="cg-upload cg-needs-create",
            className_active="cg-upload cg-needs-create cg-upload-active",
            disabled=not ws.can("create"),
            children=html.Div([html.Span("⇪", className="cg-upload-icon"),
                               html.Span("Drop files here or "),
                               html.A("choose files", className="cg-link")]),
        ),
        html.Div(id=ids.HEADER_ACTIONS, className="cg-header-actions", children=actions or []),
        user_badge(ws),
    ])


def user_badge(ws: Workspace) -> html.Div:
    """Who is logged in, as what, and the logout button (a plain form post)."""
    return html.Div(id=ids.USER_BADGE, className="cg-user", children=[
        html.Span(ws.user, className="cg-user-name"),
        html.Span(ws.role, className=f"cg-user-role cg-user-role-{ws.role}"),
        html.Form(method="post", action="/logout", className="cg-logout", children=[
            html.Button("Log out", type="submit", className="cg-button cg-button-sm")]),
    ])


def alerts(problem: str = "") -> html.Div:
    """The page's alerts; ``problem``: a refusal met while the page was built."""
    return html.Div(className="cg-alerts", children=[
        # a refused action: written by components.state.on_callback_error, closed by a click
        html.Div(id=ids.ACCESS_ALERT, role="alert", className="cg-alert cg-alert-error",
                 style={} if problem else HIDDEN, n_clicks=0, title="Click to close",
                 children=[html.Strong(problem)] if problem else None),
        html.Div(id=ids.UPLOAD_ERROR, role="alert", className="cg-alert cg-alert-error",
                 style=HIDDEN),
        html.Div(id=ids.UPLOAD_NOTICE, className="cg-alert cg-alert-info", style=HIDDEN),
    ])


def upload_outputs(ws: Workspace, result: UploadResult) -> tuple:
    """Callback outputs for an upload result (see ``register``)."""
    if result.error:
        error = [html.Strong("The file could not be loaded. "), html.Span(result.error),
                 html.Div("The case on screen is unchanged.", className="cg-alert-foot")]
        return (no_update, no_update, error, {}, None, HIDDEN, None)
    if result.case_id is None:
        return (no_update,) * 7
    notice: list[Any] = [html.Strong(result.notice)]
    if result.warnings:
        notice.append(html.Ul([html.Li(w) for w in result.warnings]))
    return (case_options(ws), result.case_id, None, HIDDEN, notice, {}, None)


def register(app) -> None:
    @app.callback(
        Output(ids.CASE_PICKER, "options"),
        Output(ids.CASE_PICKER, "value"),
        Output(ids.UPLOAD_ERROR, "children"),
        Output(ids.UPLOAD_ERROR, "style"),
        Output(ids.UPLOAD_NOTICE, "children"),
        Output(ids.UPLOAD_NOTICE, "style"),
        Output(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def on_upload(contents, filenames):
        if not contents:
            return (no_update,) * 7
        ws = workspace()
        return upload_outputs(ws, handle_upload(ws, contents, filenames))

    @app.callback(
        Output(ids.CASE_STORE, "data"),
        Output(ids.CASE_INFO, "children"),
        Input(ids.CASE_PICKER, "value"),
    )
    def on_pick(case_id):
        ws = workspace()
        store = store_for(ws, case_id, opening=True)
        return store, case_info(ws, store)

    app.clientside_callback(
        "function(n) { return n ? {display: 'none'} : window.dash_clientside.no_update; }",
        Output(ids.ACCESS_ALERT, "style", allow_duplicate=True),
        Input(ids.ACCESS_ALERT, "n_clicks"),
        prevent_initial_call=True,
    )
