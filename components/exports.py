"""Export: the view as a picture for the case file, the graph as data, the case-file report.

Pictures are drawn on the server by :func:`casegraph.picture.render_view` from the positions
stored with the case and the view state on screen (the browser sends only its viewport), so
an exported picture is exactly the diagram a report of the same view contains. PNGs are
3x the CSS size and carry the banner text again as PNG text fields.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

import casegraph.io as cio
from casegraph.model import Case, now_iso
from casegraph.picture import Banner, default_classification, render_view
from casegraph.workspace import Workspace
from components import ids
from components.cases import VIEW_CONTROLS, picture_view, view_state
from components.state import case_ref, workspace
from components.widgets import is_open, modal, register_dialog

PICTURE_SCALE = 3
PICTURE_SIZE = (1600, 1000)
# Extras for the report are computed only where they take a moment (see bench notes in
# the report section of the issue): the verdict is linear-ish, removal curves re-rank
# everyone after every arrest.
STRUCTURE_LIMIT = 5_000
DISRUPTION_LIMIT = 400
RANDOM_RUNS = 20
AUDIT_FILES = ("audit.sqlite", "audit.db")
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
CURVE_NAMES = {"betweenness": "Brokers first", "degree": "Most contacts first"}
GRAPH_FORMATS = {"graphml": ("graphml", "application/graphml+xml"),
                 "gexf": ("gexf", "application/gexf+xml"),
                 "csv": ("zip", "application/zip"),
                 "json": ("json", "application/json")}


@dataclass
class Export:
    """A file to download: name, bytes, MIME type."""

    filename: str
    data: bytes
    mime: str


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


def banner_for(case: Case, analyst: str | None, marking: str | None, at: str) -> Banner:
    """The banner: case number, marking (typed, else ``CASEGRAPH_CLASSIFICATION``), analyst
    (typed, else the case's analyst), time and the case's data sources."""
    analyst = str(analyst or "").strip() or str(case.meta.get("analyst") or "")
    marking = str(marking or "").strip() or default_classification()
    return Banner.for_case(case, analyst=analyst, classification=marking, at=at)


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


def picture_file(ws: Workspace, store: Any, state: Mapping[str, Any] | None, *, fmt: str,
                 analyst: str = "", marking: str = "", fit: bool = False,
                 at: str | None = None) -> Export | None:
    """The view as PNG (3x) or SVG, banner included; None when no case is open."""
    ref = case_ref(store)
    if ref is None:
        return None
    at = at or now_iso()
    case = ws.case(*ref)
    banner = banner_for(case, analyst, marking, at)
    view = picture_view(ws, ref, state, fit=fit, width=PICTURE_SIZE[0], height=PICTURE_SIZE[1])
    data = render_view(case, view, fmt=fmt, scale=PICTURE_SCALE, banner=banner,
                       analysis=ws.analysis(*ref))
    if fmt == "png":
        data = png_with_text(data, banner_text(banner))
    mime = "image/png" if fmt == "png" else "image/svg+xml"
    return Export(f"{file_stem(case, at)}.{fmt}", data, mime)


def graph_file(ws: Workspace, store: Any, fmt: str, at: str | None = None) -> Export | None:
    """The case's graph as GraphML, GEXF, CSV (zip of nodes + edges) or JSON."""
    ref = case_ref(store)
    if ref is None or fmt not in GRAPH_FORMATS:
        return None
    import io

    case = ws.case(*ref)
    data = cio.save(case, io.BytesIO(), fmt)
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
    """Removal curves (brokers first, most contacts first, random arrests) for small cases."""
    n = case.graph.number_of_nodes()
    if n < 3 or n > DISRUPTION_LIMIT:
        return None
    try:
        from casegraph.analysis.disruption import random_curves, removal_curve
    except ImportError:
        return None
    block = max(1, math.ceil(n / 60))
    curves: dict[str, Any] = {}
    for strategy in ("betweenness", "degree"):
        curves[CURVE_NAMES[strategy]] = removal_curve(case.graph, strategy, block=block)
    spread = random_curves(case.graph, runs=RANDOM_RUNS, block=block)
    curves[f"Random, {RANDOM_RUNS} runs"] = {
        "mean": spread.mean, "low": spread.low, "high": spread.high}
    return {"block": block, "curves": curves}


def audit_rows_for(ws: Workspace, case: Case) -> list[dict[str, Any]] | None:
    """This case's rows of the lookup audit log, when the data folder has one and the case
    has a number (lookups are logged under the case number); None otherwise."""
    number = str(case.meta.get("case_number") or "")
    path = next((ws.data_dir / name for name in AUDIT_FILES
                 if (ws.data_dir / name).is_file()), None)
    if path is None or not number:
        return None
    from casegraph.enrichment.audit import AuditLog

    return AuditLog(path).rows(number)


def report_file(ws: Workspace, store: Any, state: Mapping[str, Any] | None, *, fmt: str,
                analyst: str = "", marking: str = "", fit: bool = False,
                at: str | None = None) -> Export | None:
    """The case-file report (HTML or PDF) with the view on screen as its diagram."""
    ref = case_ref(store)
    if ref is None:
        return None
    from casegraph.report import build_report

    at = at or now_iso()
    case, analysis = ws.case(*ref), ws.analysis(*ref)
    view = picture_view(ws, ref, state, fit=fit, width=PICTURE_SIZE[0], height=PICTURE_SIZE[1])
    report = build_report(case, analysis, structure=structure_for(case, analysis),
                          disruption=disruption_for(case), audit_rows=audit_rows_for(ws, case),
                          view=view, banner=banner_for(case, analyst, marking, at),
                          generated_at=at)
    stem = f"{file_stem(case, at)}_report"
    if fmt == "pdf":
        return Export(f"{stem}.pdf", report.pdf(), "application/pdf")
    return Export(f"{stem}.html", report.html.encode("utf-8"), "text/html")


def make_export(ws: Workspace, store: Any, kind: str, state: Mapping[str, Any] | None, *,
                analyst: str = "", marking: str = "", fit: bool = False,
                at: str | None = None) -> Export | None:
    """One export by its button name: png, svg, graphml, gexf, csv, json, html, pdf."""
    if kind in ("png", "svg"):
        return picture_file(ws, store, state, fmt=kind, analyst=analyst, marking=marking,
                            fit=fit, at=at)
    if kind in GRAPH_FORMATS:
        return graph_file(ws, store, kind, at=at)
    if kind in ("html", "pdf"):
        return report_file(ws, store, state, fmt=kind, analyst=analyst, marking=marking,
                           fit=fit, at=at)
    return None


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


def actions(ws: Workspace) -> list:
    body = [
        html.Div(className="cg-export-grid", children=[
            html.Label(["Analyst", dcc.Input(id=ids.EXPORT_ANALYST, type="text",
                                             className="cg-input", persistence=True,
                                             placeholder="Name on the banner")],
                       className="cg-export-field"),
            html.Label(["Classification marking",
                        dcc.Input(id=ids.EXPORT_MARKING, type="text", className="cg-input",
                                  value=default_classification())],
                       className="cg-export-field"),
        ]),
        dcc.RadioItems(id=ids.EXPORT_EXTENT, value="view", className="cg-radio",
                       options=[{"label": "The part of the diagram on screen", "value": "view"},
                                {"label": "The whole network", "value": "all"}]),
        html.Div(id=ids.EXPORT_NOTE, className="cg-field-hint"),
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
        html.Div(className="cg-export-row", children=[
            _button("graphml", "GraphML", "For Gephi, yEd, networkx"),
            _button("gexf", "GEXF", "For Gephi (positions included)"),
            _button("csv", "CSV (zip)", "nodes.csv + edges.csv"),
            _button("json", "JSON", "Everything casegraph keeps, positions and views too"),
        ]),
        dcc.Loading(html.Div(id=ids.EXPORT_STATUS, className="cg-modal-status", role="status"),
                    type="dot", color="#2563eb"),
        dcc.Download(id=ids.EXPORT_DOWNLOAD),
    ]
    return [
        html.Button("Export", id=ids.EXPORT_OPEN, n_clicks=0, className="cg-header-button",
                    title="Picture, report or graph data of the case"),
        modal(ids.EXPORT_DIALOG, ids.EXPORT_CLOSE, "Export", body),
        dcc.Store(id=ids.EXPORT_VIEWPORT),
    ]


def register(app) -> None:
    register_dialog(app, ids.EXPORT_OPEN, ids.EXPORT_CLOSE, ids.EXPORT_DIALOG,
                    ids.EXPORT_VIEWPORT)

    @app.callback(
        Output(ids.EXPORT_ANALYST, "value"),
        Output(ids.EXPORT_NOTE, "children"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_DIALOG, "className"),
        State(ids.EXPORT_ANALYST, "value"),
        State(ids.CASE_STORE, "data"),
        State(ids.LAYOUT_PICKER, "value"),
        prevent_initial_call=True,
    )
    def on_open(class_name, analyst, store, layout):
        if not is_open(class_name):
            return no_update, no_update, no_update
        ref = case_ref(store)
        named = str(workspace().case(*ref).meta.get("analyst") or "") if ref else ""
        return (named or analyst or ""), layout_note(layout), ""

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input({"type": ids.EXPORT_ITEM, "index": ALL}, "n_clicks"),
        State(ids.EXPORT_ANALYST, "value"),
        State(ids.EXPORT_MARKING, "value"),
        State(ids.EXPORT_EXTENT, "value"),
        State(ids.EXPORT_VIEWPORT, "data"),
        State(ids.CASE_STORE, "data"),
        *VIEW_CONTROLS,
        prevent_initial_call=True,
    )
    def on_export(clicks, analyst, marking, extent, viewport, store, *controls):
        if not ctx.triggered_id or not any(clicks or []):
            return no_update, no_update
        kind = ctx.triggered_id["index"]
        # the state names the browser's layout too; pictures ignore it (they are drawn from
        # the positions stored with the case, see layout_note)
        state = view_state(*controls, viewport=viewport)
        out = make_export(workspace(), store, kind, state, analyst=analyst or "",
                          marking=marking or "", fit=extent == "all")
        if out is None:
            return no_update, "Open a case first."
        size = f"{len(out.data) / 1024:,.0f} kB"
        return dcc.send_bytes(out.data, out.filename, type=out.mime), \
            f"Downloaded {out.filename} ({size})."
