"""Header: case picker, upload (drag and drop) with its column choice, who is logged in (and
logout), the upload error alert, the refusal alert and the case notes.

An upload goes from the upload area into a browser store (``ids.UPLOAD_PENDING``) and from
there to the server once, where a background job reads it (``components/upload_job.py``,
with its stage on a progress bar). A table whose columns are not recognised, or any table
when the analyst chose "Let me choose the columns", opens the mapping dialog
(``components/mapping_dialog.py``) on the same files; a preset chosen beside the upload area
is applied directly. A two-mode case offers its people projection in the notice.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

import casegraph.io as cio
from casegraph.idle_gc import paused
from casegraph.io.twomode import project_two_mode, two_mode_types
from casegraph.limits import CaseTooLarge
from casegraph.model import link_count, now_iso
from casegraph.workspace import KEEP_ANALYSIS_FROM, Workspace
from components import ids
from components.state import case_ref, store_for, workspace
from components.widgets import job_progress

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50_000_000
# the words on an upload's progress bar until its job first reports (the first job of a
# server waits seconds for its worker to start)
UPLOAD_WAITING = "Waiting for a worker"
NODE_HINTS = ("node", "vert", "entit", "actor", "people", "person")
EDGE_HINTS = ("edge", "link", "relation", "tie", "call", "arc", "contact")
HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
AUTO, ASK = "", "__ask__"  # the column choice: recognise them, or always open the dialog
TABLE_FORMATS = ("csv", "xlsx")
# words that say which of two files holds what: left out of the case's name
ROLE_WORDS = re.compile(r"(?i)(^|[ _.-])(nodes?|edges?|links?|entities|vertices|relations|"
                        r"ties|calls|contacts|people|persons?|actors?|arcs?)(?=$|[ _.-])")


# From this size an upload's clusters and figures are worked out before it is opened: the
# size from which the workspace keeps a revision's analysis in the store, where the page's
# process reads it back (the job runs in another process).
FIGURES_FROM = KEEP_ANALYSIS_FROM
Stage = Callable[[str], None]


class UploadCancelled(Exception):
    """The analyst cancelled the upload before its case was stored."""


@dataclass
class UploadResult:
    """What an upload produced: the new case, or the message to show (never both)."""

    case_id: str | None = None
    rev: int | None = None
    error: str | None = None
    notice: str | None = None
    warnings: list[str] = field(default_factory=list)
    ask: str | None = None     # open the mapping dialog, saying why
    can_map: bool = False      # the error alert offers the mapping dialog (a table)
    two_mode: bool = False     # the notice offers the people projection


# -- logic (tested without a browser) -----------------------------------------------------
# an entity count in a picker label, as case_options writes it (group 1: the number); the
# page adds an expansion's new entities to it (assets/open_tab.js pickerCount)
COUNT_PATTERN = r"  ·  (\d+) entities  ·  "


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


def refreshed_options(ws: Workspace, shown: list[dict] | None) -> Any:
    """The picker's options when they differ from those ``shown`` (an expansion or another
    change made a revision with another entity count), else ``no_update``."""
    options = case_options(ws)
    return no_update if options == shown else options


def decode_contents(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (``data:<mime>;base64,<payload>``)."""
    _, _, payload = str(contents).partition(",")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise cio.LoadError(f"the upload arrived damaged ({exc}); try again") from exc


def choice_options(ws: Any) -> list[dict[str, str]]:
    """The column choice beside the upload area: recognise them, ask (the mapping dialog,
    components/mapping_dialog.py), or a preset (shipped, or saved by the installation)."""
    options = [{"label": "Columns: recognise", "value": AUTO},
               {"label": "Columns: let me choose", "value": ASK}]
    return options + [{"label": f"Preset: {m.name}", "value": m.name}
                      for m in cio.presets(ws.mapping_presets())]


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


def upload_name(filenames: list[str]) -> str:
    """The case name an upload gets: the file name without its extension; for a node file and
    an edge file, what their names share.

    >>> upload_name(["op_tide_nodes.csv", "op_tide_edges.csv"]), upload_name(["calls.xlsx"])
    ('op_tide', 'calls')
    >>> upload_name(["nodes.csv", "edges.csv"])
    'nodes + edges'
    """
    stems = [re.sub(r"\.[A-Za-z0-9]{1,5}$", "", str(f).replace("\\", "/").rsplit("/", 1)[-1])
             or "upload" for f in filenames]
    if len(stems) == 1:
        return stems[0]
    shared = {ROLE_WORDS.sub(" ", s).strip(" _.-") for s in stems}
    if len(shared) == 1 and "" not in shared:
        return shared.pop()
    return " + ".join(stems)


def decoded(contents: list[str], filenames: list[str]) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` of each uploaded file, each within the size limit."""
    files = [(name, decode_contents(data))
             for data, name in zip(contents, filenames, strict=True)]
    for name, data in files:
        if len(data) > MAX_UPLOAD_BYTES:
            raise cio.LoadError(f"the file is {len(data) / 1e6:.0f} MB; the limit is "
                                f"{MAX_UPLOAD_BYTES / 1e6:.0f} MB", name)
    return files


def link_file(files: list[tuple[str, bytes]]) -> tuple[str, bytes] | None:
    """The file whose columns the mapping dialog shows: the one file, or the edge file of a
    node file and an edge file (None for two files that are not such a pair)."""
    if len(files) == 1:
        return files[0]
    pair = pair_tables([name for name, _ in files])
    return files[pair[1]] if pair else None


def load_files(files: list[tuple[str, bytes]], **options: Any):
    """Read decoded uploads into one case (raises ``LoadError``); ``options`` go to the
    loader (``mapping=``, ``presets=``, ``sheet=``)."""
    names = [name for name, _ in files]
    pair = pair_tables(names)
    if pair is not None:
        (n_name, n_data), (e_name, e_data) = files[pair[0]], files[pair[1]]
        options.pop("sheet", None)
        return cio.load_tables(named_bytes(n_data, n_name), named_bytes(e_data, e_name),
                               name=upload_name(names), max_bytes=MAX_UPLOAD_BYTES, **options)
    if len(files) != 1:
        raise cio.LoadError(
            "upload one file, or two files named as a node file and an edge file "
            "(e.g. nodes.csv and edges.csv)", ", ".join(names))
    name, data = files[0]
    # one file: named after it, unless the file carries its case's name (casegraph's JSON)
    return cio.load(named_bytes(data, name), filename=name, max_bytes=MAX_UPLOAD_BYTES,
                    **options)


def load_upload(contents: list[str], filenames: list[str], **options: Any):
    """Read uploaded files (data URLs) into one case (raises ``LoadError``)."""
    return load_files(decoded(contents, filenames), **options)


def is_table(files: list[tuple[str, bytes]]) -> bool:
    """Whether the mapping dialog can help with these files (a CSV or workbook to map)."""
    found = link_file(files)
    if found is None:
        return False
    try:
        return cio.preview(named_bytes(found[1], found[0]), found[0],
                           max_bytes=MAX_UPLOAD_BYTES).format in TABLE_FORMATS
    except cio.LoadError:
        return False


def unrecognised(files: list[tuple[str, bytes]]) -> bool:
    """Whether the upload is a table whose link columns were not recognised."""
    found = link_file(files)
    if found is None:
        return False
    try:
        seen = cio.preview(named_bytes(found[1], found[0]), found[0],
                           max_bytes=MAX_UPLOAD_BYTES)
    except cio.LoadError:
        return False
    return seen.format in TABLE_FORMATS and seen.shape in ("links", "nodes") \
        and seen.mapping is None


def store_case(ws: Workspace, case, filenames: list[str], how: str = "",
               stage: Stage | None = None) -> UploadResult:
    """Store a loaded case as a new case of the user (or say why not); a large case's
    clusters and figures are worked out and kept before the answer, so that opening it
    reads them back."""
    files = ", ".join(filenames)
    if case.graph.number_of_nodes() == 0:
        return UploadResult(error=f"{files}: no entities found in the file")
    try:
        case_id, rev = ws.import_case(case, source=files, stage=stage)
    except CaseTooLarge as exc:  # the message names the limit and how to raise it
        return UploadResult(error=f"{files}: {exc}")
    if stage is not None and case.graph.number_of_nodes() >= FIGURES_FROM:
        try:
            named = once(stage)
            named("clusters")
            # the view the panels open on; the analysis names "figures" once it has the
            # clusters and works out the centralities
            ws.analysis(case_id, rev, view="people", stage=named)
            named("layout")
            ws.overview_positions(case_id, rev)  # a large case's clusters placed, and kept
            from components.diagram import keep_first_picture

            keep_first_picture(ws, (case_id, rev), named)  # what its opening reads
        except UploadCancelled:
            pass  # stored already: the figures are worked out when the case is opened
        except Exception:  # the case is stored; the panels will say what fails
            log.exception("figures of the uploaded case %s", case_id)
    warnings = [str(w) for w in case.meta.get("warnings", [])]
    notice = (f"Loaded {files}{how}: {case.graph.number_of_nodes()} entities, "
              f"{link_count(case.graph)} links.")
    kinds = two_mode_types(case)
    if kinds:
        count = {k: sum(1 for _, t in case.graph.nodes(data="type") if t == k) for k in kinds}
        notice += (f" A two-mode case: {count[kinds[0]]} {kinds[0]} and {count[kinds[1]]} "
                   f"{kinds[1]} entities. The projection ties two {kinds[0]} entities by "
                   f"the {kinds[1]} entities they share.")
    return UploadResult(case_id=case_id, rev=rev, notice=notice, warnings=warnings,
                        two_mode=bool(kinds))


def once(stage: Stage) -> Stage:
    """``stage``, called only when the name differs from the last one (a step names
    itself, and the steps it runs name it again)."""
    last: list[str | None] = [None]

    def named(name: str) -> None:
        if name != last[0]:
            last[0] = name
            stage(name)
    return named


def upload_files(contents: Any, filenames: Any) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` of the page's upload (data URLs); raises ``LoadError``."""
    contents = contents if isinstance(contents, list) else [contents]
    filenames = filenames if isinstance(filenames, list) else [filenames]
    return decoded(contents, [str(f or "upload") for f in filenames])


def handle_upload(ws: Workspace, contents: Any, filenames: Any,
                  choice: str | None = AUTO) -> UploadResult:
    """Load an upload and store it as a new case; a bad file gives only an error message.

    ``choice``: ``AUTO`` (recognise the columns), ``ASK`` (open the mapping dialog for a
    table) or the name of a preset to apply."""
    if not contents:
        return UploadResult()
    try:
        files = upload_files(contents, filenames)
    except cio.LoadError as exc:
        return UploadResult(error=str(exc))
    return handle_files(ws, files, choice)


def handle_files(ws: Workspace, files: list[tuple[str, bytes]], choice: str | None = AUTO,
                 stage: Stage | None = None) -> UploadResult:
    """:func:`handle_upload` of decoded files; ``stage(name)`` is called as each step
    starts (reading, building; then for a case of ``FIGURES_FROM`` entities or more:
    clusters, figures, layout) and may raise :class:`UploadCancelled`: before the case is
    stored nothing is kept; after, the rest is worked out when the case is opened."""
    filenames = [name for name, _ in files]
    choice = choice or AUTO
    options: dict[str, Any] = {}
    try:
        if stage is not None:
            stage("reading")
        if choice == ASK and is_table(files):
            return UploadResult(ask="You asked to choose the columns yourself.")
        if choice not in (AUTO, ASK):
            options = {"mapping": choice, "presets": ws.mapping_presets()}
        with paused():  # a large file builds a million objects: no collections meanwhile
            case = load_files(files, **options)
    except cio.LoadError as exc:
        if not options and unrecognised(files):
            return UploadResult(ask="casegraph did not recognise which columns hold the two "
                                    "ends of each link: say which column is what.")
        return UploadResult(error=str(exc), can_map=is_table(files))
    except UploadCancelled:
        raise
    except Exception as exc:  # a loader bug must not break the page; say what failed
        log.exception("upload of %s failed", filenames)
        return UploadResult(error=f"{', '.join(filenames)}: could not be read ({exc})")
    how = f" with the preset '{choice}'" if options else ""
    return store_case(ws, case, filenames, how, stage)


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
        html.Div(className="cg-upload-box cg-needs-create", children=[
            dcc.Upload(
                id=ids.UPLOAD, multiple=True, className="cg-upload cg-needs-create",
                className_active="cg-upload cg-needs-create cg-upload-active",
                disabled=not ws.can("create"),
                children=html.Div([html.Span("⇪", className="cg-upload-icon"),
                                   html.Span("Drop or "),
                                   html.A("choose files", className="cg-link")]),
            ),
            dcc.Dropdown(id=ids.UPLOAD_MAPPING, options=choice_options(ws),
                         value=AUTO, clearable=False, searchable=False,
                         className="cg-upload-mapping"),
        ]),
        dcc.Store(id=ids.UPLOAD_PENDING),
        dcc.Store(id=ids.UPLOAD_JOB),
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
        html.Button("Choose the columns…", id=ids.UPLOAD_MAP_AGAIN, n_clicks=0,
                    className="cg-button cg-alert-action", style=HIDDEN,
                    title="Open the file in the column-mapping dialog"),
        # an upload being read in the background (components/upload_job.py)
        html.Div(id=ids.UPLOAD_JOB_BOX, className="cg-alert cg-alert-info cg-upload-job",
                 role="status", style=HIDDEN, children=job_progress(
                     ids.UPLOAD_PROGRESS, ids.UPLOAD_PROGRESS_TEXT, ids.UPLOAD_CANCEL,
                     "Stop the upload before its case is stored", f"{UPLOAD_WAITING}…")),
        html.Div(id=ids.UPLOAD_NOTICE, className="cg-alert cg-alert-info", style=HIDDEN),
        # the new case is named after its file; a better name can be given at once
        html.Div(id=ids.UPLOAD_RENAME_BOX, className="cg-upload-rename cg-needs-edit",
                 style=HIDDEN, children=[
            dcc.Input(id=ids.UPLOAD_RENAME_NAME, type="text", debounce=True,
                      placeholder="Give the new case a name", maxLength=200,
                      className="cg-input"),
            html.Button("Rename", id=ids.UPLOAD_RENAME, n_clicks=0,
                        className="cg-button cg-button-sm"),
            html.Span(id=ids.UPLOAD_RENAME_STATUS, className="cg-muted", role="status"),
        ]),
        html.Button("Open the people projection", id=ids.UPLOAD_PROJECT, n_clicks=0,
                    className="cg-button cg-button-primary cg-alert-action", style=HIDDEN,
                    title="A new case: the people tied by the events they share"),
    ])


def upload_outputs(ws: Workspace, result: UploadResult) -> tuple:
    """Callback outputs for an upload result: picker options and value, error alert children
    and style, notice children and style, and the request to open the mapping dialog (only
    written to ask: the dialog's callbacks carry the files, so a cleared request would send
    them to the server again, 7 MB at 100k)."""
    if result.ask:
        return (no_update, no_update, None, HIDDEN, None, HIDDEN,
                {"reason": result.ask, "at": now_iso()})
    if result.error:
        error = [html.Strong("The file could not be loaded. "), html.Span(result.error),
                 html.Div("The case on screen is unchanged.", className="cg-alert-foot")]
        return (no_update, no_update, error, {}, None, HIDDEN, no_update)
    if result.case_id is None:
        return (no_update,) * 7
    notice: list[Any] = [html.Strong(result.notice)]
    if result.warnings:
        notice.append(html.Ul([html.Li(w) for w in result.warnings]))
    return (case_options(ws), result.case_id, None, HIDDEN, notice, {}, no_update)


def upload_answer(ws: Workspace, result: UploadResult) -> tuple:
    """The values of ``UPLOAD_OUTPUTS`` for an upload's result."""
    return (*upload_outputs(ws, result), *upload_buttons(result))


def upload_buttons(result: UploadResult) -> tuple:
    """Styles of the alerts' buttons: "Choose the columns…", the people projection and the
    new case's rename box."""
    if result.ask is None and result.error is None and result.case_id is None:
        return no_update, no_update, no_update
    return (SHOWN if result.error and result.can_map else HIDDEN,
            SHOWN if result.two_mode else HIDDEN,
            SHOWN if result.case_id else HIDDEN)


def project_case(ws: Workspace, store: Any) -> UploadResult:
    """The people projection of the open two-mode case, stored as a new case (its ties keep
    the events and links behind them)."""
    ref = case_ref(store)
    if ref is None:
        return UploadResult(error="Open a two-mode case first.")
    case = ws.case(*ref)
    if not two_mode_types(case):
        return UploadResult(error=f"{case.name}: not a two-mode case")
    people = project_two_mode(case)
    people.meta["source"] = f"projection of {case.name}"
    try:
        case_id, rev = ws.import_case(people, source=f"projection of {case.name} ({ref[0]})")
    except CaseTooLarge as exc:
        return UploadResult(error=f"{case.name}: {exc}")
    return UploadResult(case_id=case_id, rev=rev, notice=(
        f"Projected {case.name}: {people.graph.number_of_nodes()} entities, "
        f"{people.graph.number_of_edges()} ties weighted by the events they share."))


UPLOAD_OUTPUTS = (
    Output(ids.CASE_PICKER, "options", allow_duplicate=True),
    Output(ids.CASE_PICKER, "value", allow_duplicate=True),
    Output(ids.UPLOAD_ERROR, "children", allow_duplicate=True),
    Output(ids.UPLOAD_ERROR, "style", allow_duplicate=True),
    Output(ids.UPLOAD_NOTICE, "children", allow_duplicate=True),
    Output(ids.UPLOAD_NOTICE, "style", allow_duplicate=True),
    Output(ids.MAP_REQUEST, "data", allow_duplicate=True),
    Output(ids.UPLOAD_MAP_AGAIN, "style", allow_duplicate=True),
    Output(ids.UPLOAD_PROJECT, "style", allow_duplicate=True),
    Output(ids.UPLOAD_RENAME_BOX, "style", allow_duplicate=True),
)


def register(app) -> None:
    # the files go into a browser store once; the upload area is emptied so that the same
    # file dropped again is a new upload
    app.clientside_callback(
        """function(contents, names) {
            if (!contents) { return [window.dash_clientside.no_update,
                                     window.dash_clientside.no_update]; }
            return [{contents: contents, filenames: names, at: Date.now()}, null];
        }""",
        Output(ids.UPLOAD_PENDING, "data"),
        Output(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )

    # the upload itself is read in the background: components/upload_job.py
    @app.callback(*UPLOAD_OUTPUTS, Input(ids.UPLOAD_PROJECT, "n_clicks"),
                  State(ids.CASE_STORE, "data"), prevent_initial_call=True)
    def on_project(n_clicks, store):
        if not n_clicks:
            return (no_update,) * len(UPLOAD_OUTPUTS)
        ws = workspace()
        result = project_case(ws, store)
        return upload_answer(ws, result)

    # the picker counts the entities of each case's newest revision (298 -> 301 after an
    # expansion): the page adds an expansion's new entities itself (assets/open_tab.js
    # pickerCount); a revision taken whole, or one that removed entities (an undo), asks
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "pickerCount"),
        Output(ids.CASE_PICKER, "options", allow_duplicate=True),
        Output(ids.PICKER_ASK, "data"),
        Input(ids.CASE_STORE, "data"),
        State(ids.ENRICH_DELTA, "data"),
        State(ids.CASE_PICKER, "options"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.CASE_PICKER, "options", allow_duplicate=True),
        Input(ids.CASE_OPENED, "data"),
        Input(ids.PICKER_ASK, "data"),
        State(ids.CASE_PICKER, "options"),
        prevent_initial_call=True,
    )
    def on_revision(_opened, _ask, shown):
        return refreshed_options(workspace(), shown)

    @app.callback(
        Output(ids.CASE_STORE, "data"),
        Input(ids.CASE_PICKER, "value"),
    )
    def on_pick(case_id):
        # the case store only: what it sets off (the overview first) need not wait for the
        # case to be read, which the case's notes below need (seconds for a large case
        # after a restart)
        return store_for(workspace(), case_id, opening=True)

    @app.callback(
        Output(ids.CASE_INFO, "children"),
        # the notes change with the case, not with an expansion's delta
        Input(ids.CASE_OPENED, "data"),
    )
    def on_case_info(store):
        return case_info(workspace(), store)

    app.clientside_callback(
        "function(n) { return n ? {display: 'none'} : window.dash_clientside.no_update; }",
        Output(ids.ACCESS_ALERT, "style", allow_duplicate=True),
        Input(ids.ACCESS_ALERT, "n_clicks"),
        prevent_initial_call=True,
    )
