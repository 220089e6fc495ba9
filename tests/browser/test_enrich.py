"""Expanding an alias in the fictional SOCMINT case: case details first, then the person
behind the account appears linked to it, and the new node's provenance is in the inspector."""

from __future__ import annotations

import json

from components import ids

from .conftest import CY, cy_eval, wait_for_graph

SOCMINT_NODES = 298


def open_socmint(page) -> None:
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name="Grumbleford ring").click()
    wait_for_graph(page, SOCMINT_NODES)


def test_expand_an_alias_and_read_the_provenance(page):
    open_socmint(page)
    page.click(f"#{ids.CASE_SETTINGS_OPEN}")
    page.fill(f"#{ids.CASE_NUMBER}", "OP-GRUMBLE-01")
    page.fill(f"#{ids.CASE_PURPOSE}", "Supply of Class A drugs via Telegram (fictional)")
    page.fill(f"#{ids.CASE_ANALYST}", "analyst.one")
    page.click(f"#{ids.CASE_SETTINGS_SAVE}")
    page.wait_for_function(
        f"document.getElementById({ids.CASE_SETTINGS_OPEN!r}).innerText.includes('OP-GRUMBLE-01')")

    page.fill(f"#{ids.SEARCH}", "sunny.yeti")
    page.keyboard.press("Enter")
    expand = page.locator(".cg-enrich-expand")
    expand.wait_for()
    assert page.locator(".cg-insp-title").first.inner_text() == "telegram: sunny.yeti"

    expand.click()
    # the person behind the account, linked to it, drawn without reloading the case
    page.wait_for_function(
        f"""() => {{ const cy = {CY}; const p = cy.getElementById('rec:RP000001');
                     return p.nonempty() && p.edgesWith(cy.getElementById('AC001')).length > 0
                            && p.hasClass('ov-new'); }}""", timeout=30_000)
    assert cy_eval(page, "cy.getElementById('rec:RP000001').data('label')") == \
        "Acorn Brightspoon"
    assert cy_eval(page, "cy.nodes().length") == SOCMINT_NODES + 5
    assert cy_eval(page, "cy.scratch('cgCase').endsWith('@3')")
    card = page.locator(f"#{ids.ENRICH_PANEL}")
    assert "possible same person (not merged)" in card.inner_text().lower()

    # open the new node: its provenance names the lookup, the query and the case number
    # (the case already holds an "Acorn Brightspoon": pick the new node by its id)
    new_node = json.dumps({"index": "rec:RP000001", "type": ids.NEIGHBOUR_ITEM},
                          separators=(",", ":"))
    page.locator(f"[id='{new_node}']").click()
    page.wait_for_function(
        "document.querySelector('.cg-kv td') && "
        "document.querySelector('.cg-kv td').innerText === 'rec:RP000001'")
    provenance = page.locator(".cg-enrich-provenance").inner_text()
    assert "Found by the records lookup" in provenance
    assert "handle telegram:sunny.yeti" in provenance and "OP-GRUMBLE-01" in provenance
    assert page.console_errors == []
