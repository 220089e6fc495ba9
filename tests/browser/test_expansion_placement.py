"""Where an expansion draws what it found, read from the page's cytoscape instance: each new
entity sits a short way from the entity it hangs off, carries its label, and nothing that
was drawn before moves. The same for a bulk expansion of two selected accounts; and the
case picker counts the new revision's entities."""

from __future__ import annotations

import math
import re

import pytest

from components import ids

from .conftest import CY, GRAPH_TIMEOUT_MS, cy_eval
from .test_enrich import SOCMINT_NODES, open_socmint, select_two_accounts, set_case_details

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Model positions of every node (a short distance: a third of the picture's diagonal, and
# half the new box's width: a found entity's label, readable at the fitted zoom, needs a
# free spot that wide, which a crowded picture has only at its edge; the layout keeps room
# for every label at the canvas' largest zoom, so the middle of a picture has few such spots).
POSITIONS = """(() => {
    const cy = __CY__;
    const out = {};
    cy.nodes().forEach(n => { const p = n.position(); out[n.id()] = [p.x, p.y]; });
    return out;
})()""".replace("__CY__", CY)

# For every new node: its label, whether that label is drawn at the fitted zoom, and its
# distance to the nearest entity it came from (a node it is linked to: one drawn before, or
# one the same expansion found, as a person found and then their phone; every new node is
# checked, so a chain of finds stays near the node expanded).
# (drawn: the page's zoom handler, a frame after the fit, left its text visible, and
# cytoscape's own threshold passes)
NEW_NODES = """async (before) => {
    const cy = __CY__;
    cy.fit(undefined, 40);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const zoom = cy.zoom();
    const fresh = cy.nodes().filter(n => !(n.id() in before));
    return fresh.map(n => {
        const p = n.position();
        const old = n.neighborhood('node').map(m => {
            const q = m.position();
            return Math.hypot(q.x - p.x, q.y - p.y);
        });
        return {id: n.id(), label: n.style('label'),
                drawn: n.pstyle('font-size').pfValue * zoom
                       >= n.pstyle('min-zoomed-font-size').pfValue
                       && n.pstyle('text-opacity').value > 0,
                px: n.pstyle('font-size').pfValue * zoom,
                width: n.boundingBox({includeLabels: true}).w,
                gap: old.length ? Math.min(...old) : null};
    });
}""".replace("__CY__", CY)


def diagonal(positions: dict[str, list[float]]) -> float:
    """Length of the diagonal of the box round every position."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    return math.hypot(max(xs) - min(xs), max(ys) - min(ys))


def picker_count(page) -> int:
    text = page.locator(f"#{ids.CASE_PICKER}").inner_text()
    return int(re.search(r"([\d,]+) entities", text).group(1).replace(",", ""))


def check_placement(page, before: dict[str, list[float]]) -> list[dict]:
    after = page.evaluate(POSITIONS)
    moved = [n for n, p in before.items()
             if n in after and abs(after[n][0] - p[0]) + abs(after[n][1] - p[1]) > 0.5]
    assert moved == [], moved[:10]
    fresh = page.evaluate(NEW_NODES, before)
    assert fresh, "the expansion drew nothing new"
    short = diagonal(before) / 3
    for node in fresh:
        assert node["label"], node
        assert node["drawn"], node
        # its box (label included) needs a free spot: half its width past the short distance
        assert node["gap"] is not None and node["gap"] <= short + node["width"] / 2, (node,
                                                                                    short)
    return fresh


def test_one_expansion_lands_next_to_its_source_and_nothing_moves(page):
    open_socmint(page)
    set_case_details(page)
    assert picker_count(page) == SOCMINT_NODES
    before = page.evaluate(POSITIONS)

    page.fill(f"#{ids.SEARCH}", "sunny.yeti")
    page.keyboard.press("Enter")
    expand = page.locator(".cg-enrich-expand")
    expand.wait_for(timeout=GRAPH_TIMEOUT_MS)
    expand.click()
    page.wait_for_function(f"{CY}.nodes().length > {SOCMINT_NODES}", timeout=GRAPH_TIMEOUT_MS)
    fresh = check_placement(page, before)

    # the picker follows the revision on screen, not the one the page opened on
    total = cy_eval(page, "cy.nodes().length")
    assert total == SOCMINT_NODES + len(fresh)
    page.wait_for_function(
        f"document.getElementById({ids.CASE_PICKER!r}).innerText.includes('{total} entities')",
        timeout=20_000)
    assert page.console_errors == []


def test_a_bulk_expansion_lands_next_to_its_sources_and_nothing_moves(page):
    open_socmint(page, nodes=None)  # as the test before left it
    set_case_details(page)
    _, _, bar = select_two_accounts(page)
    before = page.evaluate(POSITIONS)
    count = len(before)

    bar.get_by_role("button", name="Expand 2 with records").click()
    page.locator(f"#{ids.ENRICH_PANEL}").get_by_text("2 lookups:").wait_for(timeout=60_000)
    page.wait_for_function(f"{CY}.nodes().length > {count}", timeout=30_000)
    check_placement(page, before)
    total = cy_eval(page, "cy.nodes().length")
    page.wait_for_function(
        f"document.getElementById({ids.CASE_PICKER!r}).innerText.includes('{total} entities')",
        timeout=20_000)
    assert page.console_errors == []
