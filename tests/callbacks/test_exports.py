"""Exports: pictures drawn on the server with the banner, graph data, the case-file report."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from casegraph.enrichment.audit import AuditLog
from casegraph.io import load
from components import cases, exports
from components.state import case_ref

AT = "2026-11-29T10:15:00Z"
TYPES = [{"value": "person"}, {"value": "phone"}, {"value": "account"}]


@pytest.fixture
def numbered(ws, store):
    """The small case with a case number and an analyst set in its settings."""
    case = ws.case(store["case_id"]).copy()
    case.meta.update(case_number="CG-2026-0042", analyst="DC A. Example",
                     source="calls-fictional.csv")
    rev = ws.save_revision(store["case_id"], case, note="settings")
    return {"case_id": store["case_id"], "rev": rev}


def state(**viewport):
    return cases.view_state("degree", "type", 1, ["person", "phone", "account"], TYPES, 0,
                            viewport=viewport or None)


def test_file_names_are_safe_and_dated():
    from casegraph.model import Case

    assert exports.file_stem(Case(name="a/b: c", meta={"case_number": "CG 7/26"}), AT) == \
        "CG-7-26_20261129T101500Z"
    assert exports.file_stem(Case(name="***"), "2026-11-29T10:15:00+00:00") == \
        "case_20261129T101500Z"


def test_svg_carries_the_banner(ws, numbered, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_CLASSIFICATION", "SECRET")
    out = exports.picture_file(ws, numbered, state(), fmt="svg", at=AT)

    assert out.filename == "CG-2026-0042_20261129T101500Z.svg"
    assert out.mime == "image/svg+xml"
    svg = out.data.decode()
    assert re.search(r'class="classification"[^>]*>SECRET<', svg)
    assert re.search(r'class="case-number"[^>]*>Case CG-2026-0042<', svg)
    assert "Analyst: DC A. Example   ·   2026-11-29T10:15:00Z" in svg
    assert "Data sources: calls-fictional.csv" in svg
    assert svg.count('class="node"') == 7


def test_typed_analyst_and_marking_win(ws, numbered):
    svg = exports.picture_file(ws, numbered, state(), fmt="svg", analyst="PC B. Other",
                               marking="official", at=AT).data.decode()
    assert "Analyst: PC B. Other" in svg
    assert re.search(r'class="classification"[^>]*>OFFICIAL<', svg)


def test_png_is_three_times_the_size_and_names_its_banner(ws, numbered):
    out = exports.picture_file(ws, numbered, state(), fmt="png", at=AT)

    image = Image.open(io.BytesIO(out.data))
    assert image.size == (4800, 3000)
    assert image.info["Title"] == "CG-2026-0042 — Small fictional case"
    assert image.info["Author"] == "DC A. Example"
    assert image.info["Creation Time"] == AT
    assert image.info["Classification"] == "OFFICIAL-SENSITIVE"
    assert image.info["Source"] == "calls-fictional.csv"


def test_the_viewport_on_screen_is_the_picture(ws, numbered):
    ref = case_ref(numbered)
    positions = ws.positions(*ref)
    from casegraph.elements import scale_positions

    x, y = scale_positions(positions)["ash"]
    # a small box round Ash only
    zoomed = state(pan={"x": 450 - 4 * x, "y": 300 - 4 * y}, zoom=4, viewport_width=900,
                   viewport_height=600)
    svg = exports.picture_file(ws, numbered, zoomed, fmt="svg", at=AT).data.decode()
    whole = exports.picture_file(ws, numbered, zoomed, fmt="svg", fit=True, at=AT).data.decode()

    assert 'data-id="ash"' in svg
    assert svg.count('class="node"') < whole.count('class="node"') == 7


def test_report_contains_exactly_the_exported_picture(ws, numbered):
    picture = exports.picture_file(ws, numbered, state(), fmt="svg", at=AT).data.decode()
    html = exports.report_file(ws, numbered, state(), fmt="html", at=AT).data.decode()

    body = picture.split("</title>", 1)[1].strip()
    assert body[:2000] in html
    assert "Too small to call" in html or "too small to call" in html
    assert "Disruption" in html and "Brokers first" in html


def test_pdf_report(ws, numbered):
    out = exports.report_file(ws, numbered, state(), fmt="pdf", at=AT)

    assert out.filename == "CG-2026-0042_20261129T101500Z_report.pdf"
    reader = PdfReader(io.BytesIO(out.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 4
    assert "CG-2026-0042" in text and "DC A. Example" in text
    assert "Structure verdict" in text and "Disruption (removal curves)" in text
    assert "Appendix B" not in text  # no audit log in this data folder
    from casegraph.report import case_digest

    assert case_digest(ws.case(*case_ref(numbered))) in text.replace("\n", "")


def test_report_has_this_cases_audit_extract(ws, numbered):
    log = AuditLog(ws.data_dir / "audit.sqlite")
    for number, value in (("CG-2026-0042", "+447700900001"), ("CG-OTHER", "+447700900002")):
        log.record(user="DC A. Example", case_number=number, purpose="identify subscriber",
                   provider="records", query_type="phone", query_value=value, status="ok",
                   result_count=1, result_sha256="00" * 32, at=AT)

    rows = exports.audit_rows_for(ws, ws.case(*case_ref(numbered)))
    html = exports.report_file(ws, numbered, state(), fmt="html", at=AT).data.decode()

    assert [r["query_value"] for r in rows] == ["+447700900001"]
    assert "Appendix B: audit-log extract" in html
    assert "+447700900001" in html and "+447700900002" not in html


@pytest.mark.parametrize("fmt, ext", [("graphml", "graphml"), ("gexf", "gexf"),
                                      ("csv", "zip"), ("json", "json")])
def test_graph_data_loads_back(ws, numbered, fmt, ext):
    out = exports.graph_file(ws, numbered, fmt, at=AT)

    assert out.filename == f"CG-2026-0042_20261129T101500Z.{ext}"
    again = load(out.data, filename=out.filename)
    case = ws.case(*case_ref(numbered))
    assert sorted(again.graph.nodes) == sorted(case.graph.nodes)
    assert sorted((u, v, k) for u, v, k in again.graph.edges(keys=True)) == sorted(
        (u, v, k) for u, v, k in case.graph.edges(keys=True))


def test_make_export_by_button_name(ws, numbered):
    assert exports.make_export(ws, numbered, "svg", state(), at=AT).filename.endswith(".svg")
    assert exports.make_export(ws, numbered, "docx", state()) is None
    assert exports.make_export(ws, None, "png", state()) is None


def test_a_layout_other_than_the_stored_one_is_pointed_out():
    assert exports.layout_note("preset") == ""
    assert "stored with the case" in exports.layout_note("circle")
