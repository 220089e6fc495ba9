"""Time tab in the browser: the slider and Play filter CAVIAR's diagram phase by phase."""

from __future__ import annotations

from components import ids

VISIBLE = "cy.nodes(':visible').length"


def wait_visible(diagram, count: int) -> None:
    diagram.page.wait_for_function(
        f"(n) => document.getElementById({ids.CYTOSCAPE!r})._cyreg.cy"
        ".nodes(':visible').length === n", arg=count, timeout=20_000, polling=100)


def status(page) -> str:
    return page.locator(f"#{ids.TIME_STATUS}").inner_text()


def test_time_slider_and_play_filter_the_diagram(page, diagram):
    assert diagram.eval(VISIBLE) == 107                          # CAVIAR, all phases
    page.locator(".cg-tab", has_text="Time").click()
    page.wait_for_function(
        f"() => document.getElementById({ids.TIME_STATUS!r}).innerText"
        ".startsWith('All 11 phases')", timeout=20_000)

    # the window's right end moved down to phase 1: only phase 1's 15 people remain
    right = page.locator(f"#{ids.TIME_SLIDER} [role=slider]").nth(1)
    right.focus()
    for _ in range(10):
        right.press("ArrowLeft")
    wait_visible(diagram, 15)
    assert status(page) == "Phase 1: 15 of 107 entities shown, 26 dated links."
    assert diagram.eval("cy.edges(':visible').length") == 26  # one edge per direction
    # the entities card counts what the window holds, not the whole case
    page.wait_for_function(
        f"() => document.getElementById({ids.SUMMARY_ACTIVE!r}).innerText"
        ".includes('15 of 107 active in the window')", timeout=20_000)

    # Play steps the window to phase 2 (24 people), Pause stops it there
    page.locator(f"#{ids.TIME_PLAY}").click()
    wait_visible(diagram, 24)
    assert status(page).startswith("Phase 2: 24 of 107 entities shown")
    page.locator(f"#{ids.TIME_PLAY}").click()
    page.wait_for_function(
        f"() => document.getElementById({ids.TIME_PLAY!r}).innerText.includes('Play')",
        timeout=10_000)
    assert not page.console_errors
