"""Exports: pictures drawn on the server with the banner, graph data, the case-file report."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from casegraph.access import Actor, Refused
from casegraph.io import load
from casegraph.session import records_for
from components import exports, view_state
from components.state import case_ref
from tests.callbacks.conftest import session_of

AT = "2026-11-29T10:15:00Z"
TYPES = [{"value": "person"}, {"value": "phone"}, {"value": "account"}]


@pytest.fixture
def numbered(ws, store):
    """The small case with a case number set in its settings."""
    case = ws.case(store["case_id"]).copy()
    case.meta.update(case_number="CG-2026-0042", source="calls-fictional.csv")
    rev = ws.save_revision(store["case_id"], case, note="settings")
    return {"case_id": store["case_id"], "rev": rev}


def state(**viewport):
    return view_state.view_state("degree", "type", 1, ["person", "phone", "account"], TYPES, 0,
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
    assert "Analyst: analyst1   ·   2026-11-29T10:15:00Z" in svg
    assert "Data sources: calls-fictional.csv" in svg
    assert svg.count('class="node"') == 7


def test_the_analyst_is_the_logged_in_user_and_a_typed_marking_wins(ws, numbered):
    svg = exports.picture_file(ws, numbered, state(), fmt="svg", analyst="PC B. Other",
                               marking="official", at=AT).data.decode()
    assert "Analyst: analyst1" in svg and "PC B. Other" not in svg
    assert re.search(r'class="classification"[^>]*>OFFICIAL<', svg)


def test_png_is_three_times_the_size_and_names_its_banner(ws, numbered):
    out = exports.picture_file(ws, numbered, state(), fmt="png", at=AT)

    image = Image.open(io.BytesIO(out.data))
    assert image.size == (4800, 3000)
    assert image.info["Title"] == "CG-2026-0042 — Small fictional case"
    assert image.info["Author"] == "analyst1"
    assert image.info["Creation Time"] == AT
    assert image.info["Classification"] == "OFFICIAL-SENSITIVE"
    assert image.info["Source"] == "calls-fictional.csv"


def test_the_viewport_on_screen_is_the_picture(ws, numbered):
    ref = case_ref(numbered)
    from casegraph.elements import display_positions

    x, y = display_positions(ws.case(*ref))["ash"]
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
    assert "CG-2026-0042" in text and "analyst1" in text
    assert "Structure verdict" in text and "Disruption (removal curves)" in text
    assert "No lookups were made for this case." in text  # no audit log in this data folder
    assert "Audit chain head" in text
    from casegraph.report import case_digest

    assert case_digest(ws.case(*case_ref(numbered))) in text.replace("\n", "")


def test_report_has_this_cases_audit_extract(ws, numbered):
    log = records_for(ws._ws).audit
    for case_id, value in ((numbered["case_id"], "+447700900001"), ("other", "+447700900002")):
        log.record(user="analyst1", role="analyst", case_id=case_id,
                   case_number="CG-2026-0042", purpose="identify subscriber",
                   provider="records", query_type="phone", query_value=value, status="ok",
                   result_count=1, result_sha256="00" * 32, at=AT)

    rows = exports.audit_rows_for(ws, numbered["case_id"])
    html = exports.report_file(ws, numbered, state(), fmt="html", at=AT).data.decode()

    assert [r["query_value"] for r in rows] == ["+447700900001"]
    assert "Appendix B: audit-log extract" in html
    assert "+447700900001" in html and "+447700900002" not in html
    count, head = log.head()
    assert f"{count} rows, head {head} (intact)" in html


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


def test_every_export_is_recorded_before_it_is_handed_out(ws, numbered):
    out = exports.make_export(ws, numbered, "json", state(), at=AT, redaction="full",
                              recipient="CPS, disclosure bundle 3")
    (row,) = [r for r in ws.audit_rows("case", numbered["case_id"])
              if r["action"] == "disclose"]
    import hashlib

    assert row["user"] == "analyst1" and row["justification"] == "CPS, disclosure bundle 3"
    assert row["details"]["format"] == "json" and row["details"]["redaction"] == "full"
    assert row["details"]["sha256"] == hashlib.sha256(out.data).hexdigest()


def test_redacted_exports_mask_people(ws, numbered):
    pictures = exports.make_export(ws, numbered, "svg", state(), at=AT, redaction="redacted")
    svg = pictures.data.decode()
    assert "Ash Fictional" not in svg and "A.F. · E1" in svg and "REDACTED" in svg
    data = exports.make_export(ws, numbered, "json", state(), at=AT, redaction="redacted")
    assert b"Fictional" not in data.data and b"900001" not in data.data
    report = exports.make_export(ws, numbered, "html", state(), at=AT, redaction="redacted")
    assert "Fictional" not in report.data.decode()


def test_viewers_get_the_redacted_profile_whatever_they_ask(ws, workspace, numbered):
    ws.share(numbered["case_id"], session_of(workspace, Actor("viv", "viewer")).user)
    viewer = session_of(workspace, Actor("viv", "viewer"))
    out = exports.make_export(viewer, numbered, "json", state(), at=AT, redaction="full")
    assert b"Fictional" not in out.data
    (row,) = [r for r in viewer.audit_rows("mine") if r["action"] == "disclose"]
    assert row["details"]["redaction"] == "redacted" and row["role"] == "viewer"
    stranger = session_of(workspace, Actor("bob", "analyst"))
    with pytest.raises(Refused):
        exports.make_export(stranger, numbered, "json", state(), at=AT)


def test_pictures_and_the_report_carry_the_marks_on_screen_and_the_what_if(ws, numbered):
    from components import ids
    from components.overlays import overlay

    on_screen = {
        ids.OVERLAY_PATHS: overlay(numbered, {"ov-path": ["ash", ("ash", "bay"), "bay"]}),
        ids.OVERLAY_DISRUPTION: overlay(numbered, {"ov-removed": ["cob"]}),
    }
    # under the Paths tab the arrests are not drawn: the picture has the path only
    marks = exports.screen_marks(ws, numbered, on_screen, "paths")
    assert marks == {"marks": {"ov-path": ["ash", ["ash", "bay"], "bay"]},
                     "showing": ["path through 2 entities"]}
    svg = exports.picture_file(ws, numbered, {**state(), **marks}, fmt="svg",
                               at=AT).data.decode()
    assert "path through 2 entities" in svg and "On the path" in svg
    assert "Arrested (what if)" not in svg

    on_disruption = exports.screen_marks(ws, numbered, on_screen, "disruption")
    assert on_disruption["marks"]["ov-removed"] == ["cob"]
    html = exports.report_file(ws, numbered, {**state(), **on_disruption, "what_if": ["cob"]},
                               fmt="html", at=AT).data.decode()
    assert "Arrested (what if)" in html and "arrested (what if): 1" in html
    assert "Cob Fictional" in html.split("what if", 1)[1]


def test_a_redacted_picture_keeps_its_marks_on_the_masked_entities(ws, numbered):
    from casegraph.redaction import redact_case

    red = redact_case(ws.case(numbered["case_id"]), ws.redaction("redacted"))
    mapped = exports.redacted_marks(red, {"ov-path": ["ash", ["ash", "bay"], "nobody"]})
    assert mapped == {"ov-path": [red.node("ash"), [red.node("ash"), red.node("bay")]]}
