"""Briefing mode steps through saved views; exports download as files with their banner."""

from __future__ import annotations

import io
import re

from PIL import Image
from pypdf import PdfReader

from components import ids
from tests.browser.conftest import cy_eval, wait_for_graph

COLOUR = f"#{ids.COLOUR_BY} input[value='{{}}']"


def checked_colour(page) -> str:
    return page.eval_on_selector(f"#{ids.COLOUR_BY} input:checked", "el => el.value")


def save_view(page, title: str, count: int) -> None:
    page.click(f"#{ids.BRIEFING_OPEN}")
    page.wait_for_selector(".cg-brief-hub")
    page.fill(f"#{ids.BRIEFING_VIEW_TITLE}", title)
    page.click(f"#{ids.BRIEFING_SAVE_VIEW}")
    page.wait_for_function("n => document.querySelectorAll('.cg-brief-slide').length === n",
                           arg=count)


def test_briefing_mode_steps_through_two_saved_views(page, diagram):
    # CAVIAR has one entity type, so it opens coloured by cluster (wait for the case's
    # controls to land: they would undo an earlier click): the first view by type
    page.wait_for_function(f"() => (document.querySelector(\"#{ids.COLOUR_BY} input:checked\")"
                           " || {}).value === 'community'")
    page.click(COLOUR.format("type"))
    page.wait_for_function(f"() => document.querySelector(\"#{ids.LEGEND}\")"
                           ".innerText.includes('People')")
    save_view(page, "Whole network", 1)
    assert "recommended targets" in page.inner_text(f"#{ids.BRIEFING_BODY}").lower()
    page.click(f"#{ids.BRIEFING_CLOSE}")
    wait_for_graph(page)
    # a close-up coloured by cluster
    diagram.eval("cy.zoom({level: cy.zoom() * 3, renderedPosition: "
                 "{x: cy.width() / 2, y: cy.height() / 2}})")
    page.click(COLOUR.format("community"))
    page.wait_for_function(f"() => document.querySelector(\"#{ids.LEGEND}\")"
                           ".innerText.includes('Cluster 1')")
    save_view(page, "Close-up by cluster", 2)

    page.click(f"#{ids.BRIEFING_PRESENT}")
    page.wait_for_selector(".cg-app.cg-present")
    page.wait_for_function(f"() => document.getElementById('{ids.PRESENT_TITLE}')"
                           ".innerText === '1 / 2 · Whole network'")
    page.wait_for_function("() => document.querySelector(\"#colour-by input:checked\")"
                           ".value === 'type'")
    assert page.is_hidden(f"#{ids.SIZE_MEASURE}") and page.is_hidden(f"#{ids.SEARCH}")
    size = cy_eval(page, "[cy.width(), cy.height()]")
    # the diagram fills the screen but for the legend's column beside it
    assert size[0] >= 1600 - 300 and size[1] > 900
    first_zoom = diagram.eval("cy.zoom()")

    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.getElementById('{ids.PRESENT_TITLE}')"
                           ".innerText === '2 / 2 · Close-up by cluster'")
    page.wait_for_function("() => document.querySelector(\"#colour-by input:checked\")"
                           ".value === 'community'")
    page.wait_for_function("z => { const cy = document.getElementById('cytoscape')"
                           "._cyreg.cy; return cy.zoom() > 2.5 * z; }", arg=first_zoom)

    page.keyboard.press("PageUp")
    page.wait_for_function(f"() => document.getElementById('{ids.PRESENT_TITLE}')"
                           ".innerText === '1 / 2 · Whole network'")
    page.wait_for_function("z => { const cy = document.getElementById('cytoscape')"
                           "._cyreg.cy; return Math.abs(cy.zoom() - z) < 0.02 * z; }",
                           arg=first_zoom)

    page.keyboard.press("Escape")
    page.wait_for_selector(".cg-app:not(.cg-present)")
    assert page.is_visible(f"#{ids.SIZE_MEASURE}")
    assert page.console_errors == []

    # the last saved view is the case's view: a reload reopens the case with it
    page.reload()
    wait_for_graph(page)
    page.wait_for_function("() => document.querySelector(\"#colour-by input:checked\")"
                           ".value === 'community'")


def download(page, kind: str) -> bytes:
    with page.expect_download(timeout=120_000) as info:
        page.click(f"[id='{{\"index\":\"{kind}\",\"type\":\"{ids.EXPORT_ITEM}\"}}']")
    path = info.value.path()
    return open(path, "rb").read()


def test_export_picture_and_report_downloads(page):
    page.click(f"#{ids.EXPORT_OPEN}")
    page.wait_for_selector(f".modal.show #{ids.EXPORT_DIALOG}")
    page.fill(f"#{ids.EXPORT_RECIPIENT}", "DI Example, briefing pack")
    page.fill(f"#{ids.EXPORT_MARKING}", "OFFICIAL")

    png = Image.open(io.BytesIO(download(page, "png")))
    assert png.size == (4800, 3000)  # 3x the 1600 x 1000 picture
    assert png.info["Author"] == "analyst1"  # the logged-in user
    assert png.info["Classification"] == "OFFICIAL"
    assert png.info["Title"].startswith("CAVIAR")
    assert "phase1.csv" in png.info["Source"]

    svg = download(page, "svg").decode()
    assert re.search(r'<svg [^>]*width="1600" height="1000"', svg)
    assert re.search(r'class="classification"[^>]*>OFFICIAL<', svg)
    assert re.search(r'class="case-number"[^>]*>Case \(no number\)<', svg)
    assert "Analyst: analyst1" in svg
    assert "Data sources: phase1.csv" in svg
    assert svg.count('class="node"') > 20

    reader = PdfReader(io.BytesIO(download(page, "pdf")))
    pages = [p.extract_text() for p in reader.pages]
    assert len(pages) >= 5
    assert all("OFFICIAL" in text for text in pages)  # the marking on every page
    assert "CAVIAR" in pages[0] and "analyst1" in pages[0]
    assert any("Structure verdict" in text for text in pages)
    assert any("Appendix A: provenance" in text for text in pages)
    # the diagram page is landscape
    assert any(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)
    assert "Downloaded" in page.inner_text(f"#{ids.EXPORT_STATUS}")
