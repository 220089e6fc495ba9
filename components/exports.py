"""Export: the view as a picture for the case file, the graph as data, the case-file report.

Pictures are drawn on the server by :func:`casegraph.picture.render_view` from the positions
stored with the case and the view state on screen (the browser sends only its viewport), so
an exported picture is exactly the diagram a report of the same view contains. PNGs are
3x the CSS size and carry the banner text again as PNG text fields.

Every export is a disclosure: it goes through the session (``CaseSession.disclose``), which
checks the user may export the case, records format, file hash, redaction and the stated
recipient or purpose, and only then hands the file out. The analyst on the banner is the
logged-in user. With the redaction profile (always, for viewers without a grant) the
picture, report or data is made from a redacted copy of the case (``casegraph.redaction``).
"""

from __future__ import annotations

import dataclasses
import re
import struct
import zlib
from collections.abc import Mapping
from typing import Any

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

import casegraph.io as cio
from casegraph.model import Case, now_iso
from casegraph.picture import Banner, default_classification, render_view
from casegraph.redaction import (
    FULL,
    REDACTED,
    RedactionProfile,
    redact_audit_rows,
    redact_case,
)
from casegraph.session import Export
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace
from components.view_state import VIEW_CONTROLS, picture_view, view_state
from components.widgets import modal

PICTURE_SCALE = 3
PICTURE_SIZE = (1600, 1000)
# Extras for the report are computed only where they take a moment (see bench notes in
# the report section of the issue): the verdict is linear-ish, removal curves re-rank
# everyone after every arrest.
STRUCTURE_LIMIT = 5_000
DISRUPTION_LIMIT = 400
RANDOM_RUNS = 20
# the verdict's numbers as a reader of the report names them
VERDICT_NUMBERS = {
    "members": "members", "links": "linked pairs", "centralisation": "degree centralisation",
    "density": "density", "clustering": "average clustering", "max_core": "deepest core (k)",
    "core3_share": "share of members in the 3-core", "hubs": "number of hubs",
    "hub_reach": "share of members in contact with a hub",
    "lcc_without_hubs": "largest group without the hubs (share)",
    "articulation_points": "single points of failure", "bridges": "links with no backup",
    "bridge_share": "share of links with no backup",
}
# Graph data: every writer of casegraph.io (save_formats), under the names analysts know
GRAPH_FORMATS = {f["name"]: (f["extension"], f["mime"]) for f in cio.save_formats()}
FORMAT_LABELS = {"graphml": "GraphML", "gexf": "GEXF", "csv": "CSV (zip)", "json": "JSON",
                 "cyjs": "Cytoscape", "mtgx": "Maltego", "ftm": "FollowTheMoney",
                 "i2": "i2 ANB"}


# -- logic ----------------------------------------------------------------------------------
def file_stem(case: Case, at: str) -> str:
    """``<case number or name>_<UTC time>``, safe as a file name on any system.

    >>> file_stem(Case(name="Op Tide / North", meta={}), "2026-11-29T10:15:00Z")
    'Op-Tide-North_20261129T101500Z'
    """
    base = str(case.meta.get("case_number") or case.name or "case")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "case"
    stamp = re.sub(r"[^0-9TZ]", "", at.replace("+00:00", "Z"))[:16]
    return f"{base[:60]}_{stamp}"


def banner_for(case: Case, analyst: str | None, marking: str | None, at: str,
               profile: RedactionProfile | None = None) -> Banner:
    """The banner: case number, marking (typed, else ``CASEGRAPH_CLASSIFICATION``; a
    redacted export says so), the analyst (the logged-in user), time and data sources."""
    marking = str(marking or "").strip() or default_classification()
    if profile is not None and profile.active:
        marking = f"{marking} — REDACTED"
    return Banner.for_case(case, analyst=str(analyst or "").strip(), classification=marking,
                           at=at)


def png_with_text(png: bytes, fields: Mapping[str, str]) -> bytes:
    """``png`` with international text chunks (iTXt) after its header, one per field."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    ihdr_end = 8 + 4 + 4 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b""
    for key, value in fields.items():
        body = (key.encode("latin-1")[:79] + b"\x00\x00\x00" + b"\x00" + b"\x00"
                + str(value).encode("utf-8"))
        chunks += (struct.pack(">I", len(body)) + b"iTXt" + body
                   + struct.pack(">I", zlib.crc32(b"iTXt" + body) & 0xFFFFFFFF))
    return png[:ihdr_end] + chunks + png[ihdr_end:]


def banner_text(banner: Banner) -> dict[str, str]:
    return {
        "Title": " — ".join(x for x in (banner.case_number, banner.title) if x),
        "Classification": banner.classification.upper(),
        "Author": banner.analyst or "(not given)",
        "Creation Time": banner.at,
        "Source": "; ".join(banner.sources) or "(none recorded)",
        "Software": "casegraph",
    }


def _analyst(ws: Workspace, analyst: str) -> str:
    """The name on a banner: the logged-in user (``analyst`` only outside a session)."""
    return str(getattr(ws, "user", "") or analyst or "")


def picture_file(ws: Workspace, store: Any, state: Mapping[str, Any] | None, *, fmt: str,
                 analyst: str = "", marking: str = "", fit: bool = False,
                 at: str | None = None, profile: RedactionProfile | None = None
                 ) -> Export | None:
    """The view as PNG (3x) or SVG, banner included; None when no case is open."""
    ref = case_ref(store)
    if ref is None:
        return None
    at = at or now_iso()
    profile = profile or RedactionProfile(FULL)
    red = redact_case(ws.case(*ref), profile)
    case = red.case
    banner = banner_for(case, _analyst(ws, analyst), marking, at, profile)
    view = red.view(picture_view(ws, ref, state, fit=fit, width=PICTURE_SIZE[0],
                                 height=PICTURE_SIZE[1]))
    view = dataclasses.replace(view, marks=redacted_marks(red, view.marks))
    data = render_view(case, view, fmt=fmt, scale=PICTURE_SCALE, banner=banner,
                       analysis=red.analysis(ws.analysis(*ref)))
    if fmt == "png":
        data = png_with_text(data, banner_text(banner))
    mime = "image/png" if fmt == "png" else "image/svg+xml"
    return Export(f"{file_stem(case, at)}.{fmt}", data, mime)


def graph_file(ws: Workspace, store: Any, fmt: str, at: str | None = None,
               profile: RedactionProfile | None = None) -> Export | None:
    """The case's graph in one of the formats of :func:`casegraph.io.save_formats`
    (GraphML, GEXF, CSV, JSON, Cytoscape, Maltego, FollowTheMoney, i2)."""
    ref = case_ref(store)
    if ref is None or fmt not in GRAPH_FORMATS:
        return None
    case = redact_case(ws.case(*ref), profile or RedactionProfile(FULL)).case
    data = cio.dumps(case, fmt)
    ext, mime = GRAPH_FORMATS[fmt]
    return Export(f"{file_stem(case, at or now_iso())}.{ext}", data, mime)


def structure_for(case: Case, analysis: Any) -> dict[str, Any] | None:
    """The structure verdict in the report's shape, or None (too large, or not available)."""
    if case.graph.number_of_nodes() > STRUCTURE_LIMIT:
        return None
    verdict = getattr(analysis, "verdict", None)
    if verdict is None:
        return None
    from casegraph.analysis import cluster_verdict
    from casegraph.analysis.structure import CLUSTER_MIN
    judged = {k: cluster_verdict(analysis, k, graph=case.graph)
              for k, size in enumerate(analysis.community_sizes) if size >= CLUSTER_MIN}

    def names(nodes: Any) -> list[str]:
        return [str(case.graph.nodes[n].get("label", n)) if n in case.graph else str(n)
                for n in nodes]

    return {
        "verdict": verdict.label,
        "explanation": verdict.explanation,
        "numbers": {VERDICT_NUMBERS.get(k, k.replace("_", " ")): v
                    for k, v in verdict.numbers.items()},
        "hub names": names(verdict.hubs),
        "single points of failure (names)": names(verdict.articulation_points),
        "clusters": [{"cluster": k + 1, "verdict": v.label,
                      "members": int(v.numbers.get("members", 0))}
                     for k, v in sorted(judged.items())],
    }


def disruption_for(case: Case) -> dict[str, Any] | None:
    """Removal curves of every strategy for small cases, with the settings the Disruption tab
    uses (``casegraph.analysis.disruption.simulation_settings``), so both say the same."""
    n = case.graph.number_of_nodes()
    if n < 3 or n > DISRUPTION_LIMIT:
        return None
    from casegraph.analysis.disruption import STRATEGIES, simulate
    from casegraph.analysis.project import project

    run = simulate(project(case.graph))
    settings = run["settings"]
    curves: dict[str, Any] = {STRATEGIES[s]: c for s, c in run["curves"].items()}
    spread = run["random"]
    curves[f"{STRATEGIES['random']} ({settings.random_runs} runs)"] = {
        "mean": spread.mean, "low": spread.low, "high": spread.high}
    return {"block": settings.block, "settings": settings.describe(), "curves": curves}


def screen_marks(ws: Workspace, store: Any, overlays: Mapping[str, Any], tab: str | None
                 ) -> dict[str, Any]:
    """The marks on screen as a picture draws them (``View.marks``, ``View.showing``): the
    overlays drawn now, merged by class; "fade all but these" becomes ``dim`` on the rest.

    >>> screen_marks(None, None, {}, None)
    {'marks': {}, 'showing': []}
    """
    from components.overlays import DIM_OTHERS, TAB_BOUND
    from components.showing import showing_items

    ref = case_ref(store)
    marks: dict[str, list] = {}
    for store_id, data in overlays.items():
        if ref is None or not isinstance(data, Mapping) or \
                list(data.get("case") or []) != [ref[0], ref[1]]:
            continue
        if store_id in TAB_BOUND and tab != TAB_BOUND[store_id]:
            continue
        for cls, refs in (data.get("classes") or {}).items():
            if cls == DIM_OTHERS:
                keep = {str(r) for r in refs if not isinstance(r, list)}
                refs = [n for n in map(str, ws.case(*ref).graph) if n not in keep]
                cls = "ov-dim"
            if refs:
                marks.setdefault(cls, []).extend(r for r in refs
                                                 if r not in marks.get(cls, []))
    showing = [item["text"] for item in showing_items(store, overlays, tab)]
    return {"marks": marks, "showing": showing}


def redacted_marks(red: Any, marks: Mapping[str, Any]) -> dict[str, list]:
    """``marks`` with node ids mapped as the redacted case names them (dropped if gone)."""
    out: dict[str, list] = {}
    for cls, refs in (marks or {}).items():
        mapped = []
        for r in refs or ():
            if isinstance(r, list | tuple) and len(r) == 2:
                pair = red.nodes(r)
                if len(pair) == 2:
                    mapped.append(pair)
            else:
                mapped += red.nodes([r])
        out[cls] = mapped
    return out


def audit_rows_for(ws: Workspace, case_id: str) -> list[dict[str, Any]] | None:
    """The lookups recorded for this case (None when there were none)."""
    rows = [r for r in ws.audit_rows("case", case_id) if r["action"] == "lookup"]
    return rows or None


def report_file(ws: Workspace, store: Any, state: Mapping[str, Any] | None, *, fmt: str,
                analyst: str = "", marking: str = "", fit: bool = False,
                at: str | None = None, profile: RedactionProfile | None = None
                ) -> Export | None:
    """The case-file report (HTML or PDF) with the view on screen as its diagram, the
    lookups recorded for the case and the audit chain head as it stood."""
    ref = case_ref(store)
    if ref is None:
        return None
    from casegraph.report import build_report

    at = at or now_iso()
    profile = profile or RedactionProfile(FULL)
    red = redact_case(ws.case(*ref), profile)
    case, analysis = red.case, red.analysis(ws.analysis(*ref))
    view = red.view(picture_view(ws, ref, state, fit=fit, width=PICTURE_SIZE[0],
                                 height=PICTURE_SIZE[1]))
    view = dataclasses.replace(view, marks=redacted_marks(red, view.marks))
    tried = red.nodes((state or {}).get("what_if") or [])
    rows = audit_rows_for(ws, ref[0])
    status = ws.audit_status()
    report = build_report(case, analysis, structure=structure_for(case, analysis),
                          disruption=disruption_for(case),
                          audit_rows=redact_audit_rows(rows, profile) if rows else None,
                          audit_head=chain_head_text(status),
                          view=view, banner=banner_for(case, _analyst(ws, analyst), marking,
                                                       at, profile),
                          generated_at=at, what_if=tried or None)
    stem = f"{file_stem(case, at)}_report"
    if fmt == "pdf":
        return Export(f"{stem}.pdf", report.pdf(), "application/pdf")
    return Export(f"{stem}.html", report.html.encode("utf-8"), "text/html")


def chain_head_text(status: Mapping[str, Any]) -> str:
    """The audit chain head as a report prints it."""
    state = "intact" if status.get("ok") else f"BROKEN ({status.get('reason', '')})"
    return f"{status.get('rows', 0)} rows, head {status.get('head', '')} ({state})"


def make_export(ws: Workspace, store: Any, kind: str, state: Mapping[str, Any] | None, *,
                marking: str = "", fit: bool = False, at: str | None = None,
                redaction: str | None = None, recipient: str = "") -> Export | None:
    """One export by its button name: png, svg, html, pdf or a graph format
    (:data:`GRAPH_FORMATS`: graphml, gexf, csv, json, cyjs, mtgx, ftm, i2).

    ``redaction``: "redacted" or "full" (what the user may have: viewers always get the
    redacted one); ``recipient``: who it is for or why, recorded with the disclosure."""
    ref = case_ref(store)
    if ref is None or kind not in ("png", "svg", "html", "pdf", *GRAPH_FORMATS):
        return None
    profile = ws.redaction(redaction)

    def build() -> Export | None:
        if kind in ("png", "svg"):
            return picture_file(ws, store, state, fmt=kind, marking=marking, fit=fit, at=at,
                                profile=profile)
        if kind in GRAPH_FORMATS:
            return graph_file(ws, store, kind, at=at, profile=profile)
        return report_file(ws, store, state, fmt=kind, marking=marking, fit=fit, at=at,
                           profile=profile)

    return ws.disclose(ref[0], kind, build, profile=profile, recipient=recipient)


def layout_note(layout: Any) -> str:
    if layout and layout != "preset":
        return ("The diagram on screen uses another layout; pictures and reports are drawn "
                "from the positions stored with the case (the server layout).")
    return ""


# -- layout ---------------------------------------------------------------------------------
def _button(kind: str, label: str, hint: str, primary: bool = False) -> html.Button:
    return html.Button(label, id={"type": ids.EXPORT_ITEM, "index": kind}, n_clicks=0,
                       title=hint, className="cg-button" + (" cg-button-primary" if primary
                                                            else ""))


def redaction_options(ws: Workspace) -> list[dict[str, Any]]:
    """The redaction choices: unredacted only for users allowed to export it."""
    full = ws.can("export_unredacted")
    return [{"label": " Redacted (names as initials, identifiers masked)", "value": REDACTED},
            {"label": " Not redacted", "value": FULL, "disabled": not full}]


def actions(ws: Workspace) -> list:
    body = [
        html.Div(className="cg-export-grid", children=[
            html.Label(["Recipient or purpose",
                        dcc.Input(id=ids.EXPORT_RECIPIENT, type="text", className="cg-input",
                                  maxLength=300,
                                  placeholder="e.g. CPS disclosure bundle, DI Example")],
                       className="cg-export-field"),
            html.Label(["Classification marking",
                        dcc.Input(id=ids.EXPORT_MARKING, type="text", className="cg-input",
                                  value=default_classification())],
                       className="cg-export-field"),
        ]),
        dcc.RadioItems(id=ids.EXPORT_REDACTION, className="cg-radio",
                       value=FULL if ws.can("export_unredacted") else REDACTED,
                       options=redaction_options(ws)),
        dcc.RadioItems(id=ids.EXPORT_EXTENT, value="view", className="cg-radio",
                       options=[{"label": "The part of the diagram on screen", "value": "view"},
                                {"label": "The whole network", "value": "all"}]),
        html.Div(id=ids.EXPORT_NOTE, className="cg-field-hint"),
        html.Div(f"Exported as {ws.user}: every export is recorded in the audit log with "
                 "its format, redaction, recipient or purpose and a hash of the file.",
                 id=ids.EXPORT_WHO, className="cg-field-hint"),
        html.H3("Picture of the view", className="cg-modal-section"),
        html.Div(className="cg-export-row", children=[
            _button("png", "PNG (3×)", "4800 × 3000 pixels, banner included", primary=True),
            _button("svg", "SVG", "Vector picture, banner included"),
        ]),
        html.H3("Case-file report", className="cg-modal-section"),
        html.Div(className="cg-export-row", children=[
            _button("pdf", "PDF", "Title block, summary, diagram, hubs, clusters, structure, "
                    "disruption, provenance, audit extract, SHA-256 of the case data",
                    primary=True),
            _button("html", "HTML", "The same report as one self-contained page"),
        ]),
        html.H3("Graph data", className="cg-modal-section"),
        html.Div(className="cg-export-row cg-export-formats", children=[
            _button(f["name"], FORMAT_LABELS.get(f["name"], f["name"].upper()),
                    f"{f['description']} (.{f['extension']})")
            for f in cio.save_formats()]),
        dcc.Loading(html.Div(id=ids.EXPORT_STATUS, className="cg-modal-status", role="status"),
                    type="dot", color="#2563eb"),
        dcc.Download(id=ids.EXPORT_DOWNLOAD),
    ]
    return [
        html.Button("Export", id=ids.EXPORT_OPEN, n_clicks=0, className="cg-header-button",
                    title="Picture, report or graph data of the case"),
        modal(ids.EXPORT_DIALOG, ids.EXPORT_CLOSE, "Export", body),
    ]


def register(app) -> None:

    @app.callback(
        Output(ids.EXPORT_NOTE, "children"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_DIALOG, "is_open"),
        State(ids.LAYOUT_PICKER, "value"),
        prevent_initial_call=True,
    )
    def on_open(opened, layout):
        if not opened:
            return no_update, no_update
        return layout_note(layout), ""

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input({"type": ids.EXPORT_ITEM, "index": ALL}, "n_clicks"),
        State(ids.EXPORT_RECIPIENT, "value"),
        State(ids.EXPORT_REDACTION, "value"),
        State(ids.EXPORT_MARKING, "value"),
        State(ids.EXPORT_EXTENT, "value"),
        State(ids.VIEWPORT, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.ANALYSIS_TABS, "value"),
        State(ids.ARREST_LIST, "value"),
        *[State(store_id, "data") for store_id in ids.OVERLAYS],
        *VIEW_CONTROLS,
        prevent_initial_call=True,
    )
    def on_export(clicks, recipient, redaction, marking, extent, viewport, store, tab,
                  arrests, *rest):
        if not ctx.triggered_id or not any(clicks or []):
            return no_update, no_update
        kind = ctx.triggered_id["index"]
        overlays = dict(zip(ids.OVERLAYS, rest[:len(ids.OVERLAYS)], strict=True))
        controls = rest[len(ids.OVERLAYS):]
        # the state names the browser's layout too; pictures ignore it (they are drawn from
        # the positions stored with the case, see layout_note)
        state = view_state(*controls, viewport=viewport)
        # what the analyst sees and tried: the marks and their "Showing" caption, and the
        # arrest list of the Disruption tab as the report's what-if
        state.update(screen_marks(workspace(), store, overlays, tab),
                     what_if=list(arrests or []))
        out = make_export(workspace(), store, kind, state, marking=marking or "",
                          fit=extent == "all", redaction=redaction or REDACTED,
                          recipient=recipient or "")
        if out is None:
            return no_update, "Open a case first."
        size = f"{len(out.data) / 1024:,.0f} kB"
        return dcc.send_bytes(out.data, out.filename, type=out.mime), \
            f"Downloaded {out.filename} ({size}); recorded in the audit log."
