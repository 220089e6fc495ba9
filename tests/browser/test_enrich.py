"""Expanding an alias in the fictional SOCMINT case: case details first, then the person
behind the account is recognised as the one in the case, and the lookup is in the
inspector's provenance."""

from __future__ import annotations

import json

from components import ids

from .conftest import CY, GRAPH_TIMEOUT_MS, cy_eval, show_all_entities, wait_for_graph

SOCMINT_NODES = 298


def open_socmint(page, nodes: int | None = SOCMINT_NODES) -> None:
    """Pick the SOCMINT case, every entity drawn (the All entities view); ``nodes=None``: as
    an earlier test left it (expanded)."""
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name="Grumbleford ring").click()
    page.wait_for_function(f"{CY}.scratch('cgPeople') === true")
    show_all_entities(page)
    if nodes is None:
        page.wait_for_function(f"{CY}.nodes().length >= {SOCMINT_NODES}")
    wait_for_graph(page, nodes)


def set_case_details(page) -> None:
    page.click(f"#{ids.CASE_SETTINGS_OPEN}")
    page.fill(f"#{ids.CASE_NUMBER}", "OP-GRUMBLE-01")
    page.fill(f"#{ids.CASE_PURPOSE}", "Supply of Class A drugs via Telegram (fictional)")
    page.click(f"#{ids.CASE_SETTINGS_SAVE}")
    page.wait_for_function(
        f"document.getElementById({ids.CASE_SETTINGS_OPEN!r}).innerText.includes('OP-GRUMBLE-01')")


def test_expand_an_alias_and_read_the_provenance(page):
    open_socmint(page)
    set_case_details(page)

    page.fill(f"#{ids.SEARCH}", "sunny.yeti")
    page.keyboard.press("Enter")
    expand = page.locator(".cg-enrich-expand")
    expand.wait_for(timeout=GRAPH_TIMEOUT_MS)   # a busy machine takes its time
    assert page.locator(".cg-insp-title").first.inner_text() == "telegram: sunny.yeti"

    expand.click()
    # the person behind the account is Acorn Brightspoon, already in the case: recognised, not
    # drawn twice; what the lookup found about them hangs off them, drawn without a reload
    page.wait_for_function(
        f"""() => {{ const cy = {CY}; const e = cy.getElementById(
                         'email:acorn.brightspoon@example.com');
                     return e.nonempty() && e.edgesWith(cy.getElementById('P001')).length > 0
                            && e.hasClass('ov-new'); }}""", timeout=GRAPH_TIMEOUT_MS)
    assert cy_eval(page, "cy.getElementById('rec:RP000001').length") == 0
    assert cy_eval(page, "cy.nodes().filter(n => n.data('label') === 'Acorn Brightspoon')"
                         ".length") == 1
    assert cy_eval(page, "cy.nodes().length") == SOCMINT_NODES + 3
    assert cy_eval(page, "cy.scratch('cgCase').endsWith('@3')")
    card = page.locator(f"#{ids.ENRICH_PANEL}")
    assert "is acorn brightspoon (shares 07700 900971)" in card.inner_text().lower()
    assert "possible same person (not merged)" in card.inner_text().lower()

    # open the person: their provenance names the lookup, the query and the case number
    person = json.dumps({"index": "P001", "type": ids.NEIGHBOUR_ITEM}, separators=(",", ":"))
    page.locator(f"[id='{person}']").click()
    page.wait_for_function(
        "document.querySelector('.cg-kv dd') && "
        "document.querySelector('.cg-kv dd').innerText === 'P001'")
    provenance = page.locator(".cg-enrich-provenance").inner_text()
    assert "Found by the records lookup" in provenance
    assert "handle telegram:sunny.yeti" in provenance and "OP-GRUMBLE-01" in provenance
    assert page.console_errors == []


# two accounts drawn apart from every other entity, so a click lands on them alone; accounts
# no person of the case holds, so that the lookup has someone new to reveal (the holder of an
# attributed account is recognised as that person, and may bring nothing new)
APART = """(() => {
    const cy = __CY__;
    const pts = cy.nodes().map(n => [n.id(), n.renderedPosition(), n.data('type')]);
    const r = cy.container().getBoundingClientRect();
    const legend = document.getElementById(__LEGEND__).getBoundingClientRect();
    const underLegend = p => r.left + p.x > legend.left - 20 && r.left + p.x < legend.right + 20
        && r.top + p.y > legend.top - 20 && r.top + p.y < legend.bottom + 20;
    const inside = p => p.x > 40 && p.y > 40 && p.x < r.width - 40 && p.y < r.height - 90
        && !underLegend(p);
    const unheld = id => cy.getElementById(id).neighborhood('node')
        .filter(m => m.data('type') === 'person').length === 0;
    const apart = pts.filter(([id, p, type]) => type === 'account' && inside(p) && unheld(id)).map(
        ([id, p]) => [id, Math.min(...pts.filter(q => q[0] !== id).map(
            q => Math.hypot(q[1].x - p.x, q[1].y - p.y)))]);
    apart.sort((a, b) => b[1] - a[1]);
    return apart.slice(0, 2).map(([id, gap]) => {
        const p = cy.getElementById(id).renderedPosition();
        return {id: id, gap: gap, x: r.left + p.x, y: r.top + p.y};
    });
})()""".replace("__CY__", CY).replace("__LEGEND__", repr(ids.LEGEND))


def select_two_accounts(page):
    """Click one account drawn apart from the others, shift-click a second, and wait for the
    multi-selection bar; returns the two (id, gap, x, y) and the bar."""
    first, second = page.evaluate(APART)
    assert min(first["gap"], second["gap"]) > 8, "no two accounts drawn apart to click"
    page.mouse.click(first["x"], first["y"])
    page.wait_for_function(f"{CY}.getElementById({first['id']!r}).selected()")
    page.keyboard.down("Shift")
    page.mouse.click(second["x"], second["y"])
    page.keyboard.up("Shift")
    bar = page.locator(f"#{ids.MULTI_BAR}")
    bar.get_by_text("2 selected").wait_for(timeout=10_000)
    return first, second, bar


def test_shift_click_two_accounts_and_expand_them_together(page):
    open_socmint(page, nodes=None)
    set_case_details(page)
    first, second, bar = select_two_accounts(page)
    assert sorted(cy_eval(page, "cy.nodes(':selected').map(n => n.id())")) == \
        sorted([first["id"], second["id"]])
    assert "2 accounts" in bar.inner_text()

    before = cy_eval(page, "cy.nodes().length")
    bar.get_by_role("button", name="Expand 2 with records").click()
    card = page.locator(f"#{ids.ENRICH_PANEL}")
    card.get_by_text("Expanding 2 selected entities with records", exact=True).wait_for()
    card.get_by_text("2 lookups:").wait_for(timeout=60_000)
    page.wait_for_function(f"{CY}.nodes().length > {before}", timeout=30_000)
    # what was found is marked new and hangs off the accounts it was found for, or off their
    # holder when the lookup recognised them as someone already in the case
    page.wait_for_function(f"{CY}.nodes('.ov-new').length > 0")
    found = cy_eval(page, "cy.nodes('.ov-new').length")
    linked = cy_eval(page, "cy.collection([arg[0], arg[1]].map(id => cy.getElementById(id)))"
                           ".closedNeighborhood().neighborhood('.ov-new').length",
                     [first["id"], second["id"]])
    assert found == cy_eval(page, "cy.nodes().length") - before and linked > 0

    bar.get_by_role("button", name="Clear").click()
    page.wait_for_function(f"{CY}.nodes(':selected').length === 0")
    bar.wait_for(state="hidden")
    assert page.console_errors == []
