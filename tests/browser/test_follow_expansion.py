"""After an expansion the tags, the case picker's count, the Showing strip and the marks'
legend are right, though the page asked the server for none of the tags and the count
(assets/open_tab.js ``tags``, ``pickerCount``)."""

from __future__ import annotations

import json

from components import ids

from .conftest import CY, GRAPH_TIMEOUT_MS, cy_eval
from .test_enrich import SOCMINT_NODES, open_socmint, set_case_details


def outputs_asked(page) -> list[str]:
    """Records the outputs of every callback request the page makes from now on."""
    asked: list[str] = []

    def record(request):
        if "/_dash-update-component" in request.url and request.method == "POST":
            asked.append(json.loads(request.post_data or "{}").get("output", ""))

    page.on("request", record)
    return asked


def test_tags_count_strip_and_legend_follow_an_expansion(page):
    open_socmint(page)
    set_case_details(page)
    page.fill(f"#{ids.SEARCH}", "sunny.yeti")
    page.keyboard.press("Enter")
    expand = page.locator(".cg-enrich-expand")
    expand.wait_for(timeout=GRAPH_TIMEOUT_MS)

    # the account tagged as a suspect, the untagged hidden (the Tags tab)
    suspect = json.dumps({"index": "suspect", "type": ids.TAG_SET}, separators=(",", ":"))
    page.locator(f"[id='{suspect}']").click()
    page.wait_for_function(f"{CY}.getElementById('AC001').hasClass('tag-suspect')")
    page.locator(f"#{ids.ANALYSIS_TABS} .cg-tab", has_text="Tags").click()
    page.locator(f"#{ids.TAG_FILTER}").get_by_text("Untagged").click()
    page.wait_for_function(f"{CY}.getElementById('P001').hasClass('ov-hide')")
    picker = page.locator(f"#{ids.CASE_PICKER}")
    assert f"{SOCMINT_NODES} entities" in picker.inner_text()
    page.wait_for_timeout(1500)  # the tag's own requests answered

    asked = outputs_asked(page)
    expand.click()
    page.wait_for_function(
        f"""() => {{ const e = {CY}.getElementById('email:acorn.brightspoon@example.com');
                     return e.nonempty() && e.hasClass('ov-new'); }}""",
        timeout=GRAPH_TIMEOUT_MS)
    strip = page.locator(f"#{ids.SHOWING}")
    strip.get_by_text("new from the last lookup").wait_for(timeout=GRAPH_TIMEOUT_MS)
    page.wait_for_function(
        f"document.getElementById({ids.CASE_PICKER!r}).innerText.includes("
        f"'{SOCMINT_NODES + 3} entities')", timeout=GRAPH_TIMEOUT_MS)
    page.wait_for_timeout(2000)  # the page quiet: every request the expansion set off made

    # the tags overlay is on the new revision: the tag still drawn and in the legend, the
    # new (untagged) entities hidden with the other untagged ones
    assert cy_eval(page, "cy.scratch('cgCase').endsWith('@4')")
    assert cy_eval(page, "cy.getElementById('AC001').hasClass('tag-suspect')")
    assert cy_eval(page, "cy.getElementById('email:acorn.brightspoon@example.com')"
                         ".hasClass('ov-hide')")
    legend = page.locator(f"#{ids.LEGEND_MARKS}")
    assert legend.locator("[data-mark='tag-suspect']").count() == 1
    assert legend.locator("[data-mark='ov-new']").count() == 1
    assert "Suspect (1)" in page.locator(f"#{ids.TAG_LIST}").inner_text()
    # neither the tags nor the picker were asked
    assert asked and not [o for o in asked if ids.OVERLAY_TAGS in o or ids.TAG_LIST in o
                          or f"{ids.CASE_PICKER}.options" in o], asked
    assert page.console_errors == []
