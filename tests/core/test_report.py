"""Case-file report: sections, digest, optional parts, PDF pages and text, determinism."""

import io
import re

import pytest
from pypdf import PdfReader

from casegraph.analysis import analyse
from casegraph.model import Case, file_provenance
from casegraph.picture import Banner
from casegraph.report import build_report, case_digest, normalise_disruption
from casegraph.samples import sample_cases

AT = "2026-11-29T10:15:00Z"
STRUCTURE = {"verdict": "hub_and_spoke",
             "explanation": "Degree centralisation 0.80 is high: taking the hub breaks the ring.",
             "centralisation": 0.8, "density": 0.4, "articulation_points": 1,
             "clusters": [{"cluster": 1, "verdict": "hub_and_spoke", "size": 5}]}
DISRUPTION = {"block": 1, "curves": {"degree": [1.0, 0.25, 0.0],
                                     "random": {"mean": [1.0, 0.75, 0.5], "low": [1.0, 0.5, 0.25],
                                                "high": [1.0, 1.0, 0.75]}}}
AUDIT = [{"id": 1, "at": "2026-11-29T09:00:00+00:00", "user": "DC A. Example",
          "case_number": "CG-7", "purpose": "identify subscriber", "provider": "records",
          "query_type": "phone", "query_value": "+447700900123", "status": "ok",
          "result_count": 2, "row_hash": "ab" * 32}]


def star_case() -> Case:
    """A hub with four contacts; two links read from a file, one from a records lookup."""
    case = Case(name="Star ring", meta={"case_number": "CG-7", "source": "calls.csv"})
    case.add_entity("hub", "person", "Hub Example", provenance=file_provenance(
        "calls.csv", "csv", row=2, at="2026-01-01T00:00:00+00:00"))
    for i in range(1, 5):
        case.add_entity(f"s{i}", "person", f"Spoke {i}")
        stamp = (file_provenance("calls.csv", "csv", row=i + 1, at="2026-01-01T00:00:00+00:00")
                 if i <= 2 else None)
        case.add_link("hub", f"s{i}", "call", provenance=stamp)
    case.add_entity("ph", "phone", "07700 900123", provenance={
        "kind": "lookup", "source": "records", "provider": "records", "query": "phone",
        "record": "R-17", "confidence": 0.9, "at": "2026-01-02T00:00:00+00:00"})
    case.add_link("s1", "ph", "uses")
    case.positions = {"hub": (0.0, 0.0), "s1": (100.0, 0.0), "s2": (0.0, 100.0),
                      "s3": (-100.0, 0.0), "s4": (0.0, -100.0), "ph": (200.0, 0.0)}
    return case


def build(case=None, **kwargs):
    case = case or star_case()
    kwargs.setdefault("banner", Banner(analyst="DC A. Example"))
    return build_report(case, analyse(case), generated_at=AT, **kwargs)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_digest_is_canonical_and_changes_with_the_data():
    a, b = star_case(), star_case()
    assert case_digest(a) == case_digest(b)
    assert re.fullmatch(r"[0-9a-f]{64}", case_digest(a))
    # insertion order does not matter
    c = Case.from_dict({**a.to_dict(), "nodes": a.to_dict()["nodes"][::-1],
                        "links": a.to_dict()["links"][::-1]})
    assert case_digest(c) == case_digest(a)
    b.graph.nodes["s3"]["label"] = "Spoke three"
    assert case_digest(b) != case_digest(a)
    d = star_case()
    d.positions["hub"] = (1.0, 0.0)
    assert case_digest(d) != case_digest(a)


def test_html_has_every_section_and_is_self_contained():
    report = build(structure=STRUCTURE, disruption=DISRUPTION, audit_rows=AUDIT)
    page = report.html
    for section in ("title", "summary", "diagram", "hubs", "clusters", "structure",
                    "disruption", "provenance", "audit"):
        assert f'id="{section}"' in page
    for text in ("Star ring", "CG-7", "OFFICIAL-SENSITIVE", "DC A. Example", AT,
                 report.digest, "Hub and spoke", "taking the hub breaks the ring",
                 "identify subscriber", "+447700900123"):
        assert text in page
    # nothing fetched from elsewhere: no links, scripts or remote images
    assert not re.search(r'(src|href)\s*=\s*"(https?:|//)', page)
    assert "<script" not in page and "<link" not in page
    assert page.count("<svg") == 2  # the diagram and the disruption chart
    # the hub comes first in the hubs table
    hubs = report.sections["hubs"]["rows"]
    assert hubs[0]["label"] == "Hub Example" and len(hubs) == 6


def test_optional_sections_are_skipped_cleanly():
    report = build()
    for section in ("structure", "disruption"):
        assert f'id="{section}"' not in report.html
    assert report.html.count("<svg") == 1
    pages, text = pdf_text(report.pdf())
    assert "Structure verdict" not in text


def test_no_lookups_says_so_instead_of_an_empty_table():
    for rows in (None, []):
        report = build(audit_rows=rows)
        assert "No lookups were made for this case." in report.html
        assert "<th>Row hash</th>" not in report.html
        assert "No lookups were made for this case." in pdf_text(report.pdf())[1]
    assert "No lookups were made" not in build(audit_rows=AUDIT).html


def test_the_analysts_work_is_in_the_report():
    case = star_case()
    case.graph.nodes["hub"].update(tag="suspect", note="Runs the ring from the depot \u2744\ufe0f")
    case.graph.nodes["s2"]["tag"] = "personal contact"
    report = build(case, targets=2, what_if=["hub"])
    work = report.sections["work"]
    assert work["tags"] == [{"tag": "suspect", "label": "Suspect", "entities": ["Hub Example"]},
                            {"tag": "personal contact", "label": "Personal contact",
                             "entities": ["Spoke 2"]}]
    assert work["notes"][0]["entity"] == "Hub Example"
    assert [t["entity"] for t in work["targets"]][0] == "Hub Example"
    assert work["what_if"]["removed"] == ["Hub Example"]
    assert work["what_if"]["isolated"] == ["Spoke 2", "Spoke 3", "Spoke 4"]
    html = report.html
    for text in ("The analyst's work", "Recommended targets", "Runs the ring from the depot",
                 "Arresting Hub Example leaves"):
        assert text in html.replace("&#x27;", "'")
    _, text = pdf_text(report.pdf())
    for words in ("Recommended targets", "Runs the ring from the depot", "Personal contact",
                  "Left without contacts: Spoke 2, Spoke 3, Spoke 4"):
        assert words in text.replace("\n", " ")


def test_pdf_carries_its_real_creation_time_and_emoji_as_pictures():
    case = star_case()
    case.graph.nodes["s1"]["note"] = "snow \u2744\ufe0f for sale"
    data = build(case).pdf()
    info = PdfReader(io.BytesIO(data)).metadata
    assert info["/CreationDate"].startswith("D:20261129101500")
    assert info["/ModDate"].startswith("D:20261129101500")
    assert b"/Subtype /Image" in data  # the snowflake, drawn from the emoji font
    assert build(case).pdf() == data  # still the same bytes for the same report


def test_disruption_settings_are_the_screens():
    from casegraph.analysis.disruption import simulation_settings

    report = build(disruption={**DISRUPTION, "settings": simulation_settings(6).describe()})
    assert "one arrest at a time, re-ranking after each; random arrests averaged over 50 runs" \
        in report.html


def test_provenance_groups_every_node_and_link_by_source():
    groups = {g["source"]: g for g in build().sections["provenance"]}
    assert set(groups) == {"calls.csv", "records lookup (phone)", "No recorded source"}
    assert groups["calls.csv"]["nodes"] == [("Hub Example", "row 2")]
    assert groups["calls.csv"]["links"] == [("Hub Example → Spoke 1 (call)", "row 2"),
                                            ("Hub Example → Spoke 2 (call)", "row 3")]
    lookup = groups["records lookup (phone)"]
    assert lookup["nodes"] == [("07700 900123", "record R-17")]
    assert lookup["confidence"] == "0.90" and lookup["provider"] == "records"
    orphan = groups["No recorded source"]
    assert len(orphan["nodes"]) == 4 and len(orphan["links"]) == 3
    total_nodes = sum(len(g["nodes"]) for g in groups.values())
    assert total_nodes == 6  # each node has one stamp or none


def test_disruption_curves_are_normalised():
    d = normalise_disruption(DISRUPTION)
    assert d["curves"]["degree"]["below_half"] == 1
    assert d["curves"]["random"]["below_half"] is None
    assert normalise_disruption({"betweenness": [1.0, 0.4]})["curves"]["betweenness"][
        "below_half"] == 1
    blocks = normalise_disruption({"curves": {"degree": [1.0, 0.6, 0.3]}, "block": 3})
    assert blocks["curves"]["degree"]["below_half"] == 6


def test_pdf_pages_and_text():
    report = build(structure=STRUCTURE, disruption=DISRUPTION, audit_rows=AUDIT)
    data = report.pdf()
    assert data.startswith(b"%PDF-")
    pages, text = pdf_text(data)
    assert pages == 4  # front matter, disruption, landscape diagram, appendices
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[2].mediabox
    assert float(box.width) > float(box.height)  # the diagram page is landscape
    flat = re.sub(r"\s+", "", text)
    assert "CG-7" in text and report.digest in flat
    for heading in ("Summary", "Hubs", "Clusters", "Structure verdict", "Disruption",
                    "Appendix A: provenance", "Appendix B: audit-log extract"):
        assert heading in text
    assert text.count("OFFICIAL-SENSITIVE") >= 2 * pages


def test_same_case_gives_byte_identical_report():
    first = build(structure=STRUCTURE, disruption=DISRUPTION, audit_rows=AUDIT)
    second = build(structure=STRUCTURE, disruption=DISRUPTION, audit_rows=AUDIT)
    assert first.html == second.html
    assert first.pdf() == second.pdf()
    later = build_report(star_case(), analyse(star_case()), generated_at="2026-11-30T00:00:00Z",
                         banner=Banner(analyst="DC A. Example"))
    assert later.digest == first.digest and later.html != first.html


@pytest.mark.parametrize("sample_id", ["caviar", "socmint-grumbleford"])
def test_sample_reports(sample_id):
    case = next(s for s in sample_cases() if s.id == sample_id).build()
    case.meta["case_number"] = "CG-2026-0042"
    report = build(case)
    pages, text = pdf_text(report.pdf())
    assert pages >= 4
    assert "CG-2026-0042" in text and report.digest in re.sub(r"\s+", "", text)
    # every node is accounted for in the provenance appendix
    listed = {label for g in report.sections["provenance"] for label, _ in g["nodes"]}
    assert len(listed) == len({d["label"] for _, d in case.graph.nodes(data=True)})
