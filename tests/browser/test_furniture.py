"""Dialogs and tables in the browser: the saved-cases dialog (a Modal holding a grid) opens,
closes on Escape and opens another case from its grid; the signals grid selects an account;
a tag set in the inspector keeps the entity selected and rings it on the diagram."""

from __future__ import annotations

import pytest

from components import ids

from .conftest import cy_eval, show_all_entities, wait_for_graph

pytestmark = pytest.mark.browser

OPEN_DIALOG = ".modal.show #{}"


def open_case(page, name: str, nodes: int) -> None:
    """Open a saved case from the Cases dialog's grid and wait until it is drawn."""
    page.click(f"#{ids.CASES_OPEN}")
    grid = page.locator(f"{OPEN_DIALOG.format(ids.CASES_DIALOG)} #{ids.CASES_GRID}")
    row = grid.locator(".ag-row", has_text=name)
    row.locator("[col-id=open]").click()
    page.wait_for_selector(".modal.show", state="detached", timeout=10_000)
    wait_for_graph(page, nodes)


def test_the_cases_dialog_lists_cases_closes_on_escape_and_opens_one(page):
    page.click(f"#{ids.CASES_OPEN}")
    dialog = page.locator(OPEN_DIALOG.format(ids.CASES_DIALOG))
    rows = dialog.locator(f"#{ids.CASES_GRID} .ag-center-cols-container .ag-row")
    rows.first.wait_for(timeout=15_000)
    assert rows.count() == 5  # the five samples
    assert "Siren — Montreal auto-theft network" in dialog.inner_text()

    page.keyboard.press("Escape")
    page.wait_for_selector(".modal.show", state="detached", timeout=10_000)

    open_case(page, "Siren", 44)
    assert "Siren" in page.inner_text(f"#{ids.CASE_INFO}")
    assert page.console_errors == []


def test_a_signals_row_selects_the_account_and_a_tag_keeps_it_selected(page):
    open_case(page, "Grumbleford", 77)  # the People view: actors in contact
    show_all_entities(page, 298)  # the signals table names accounts, drawn in this view
    page.locator(".cg-tab", has_text="Signals").click()
    table = page.locator(f"#{ids.SIGNALS_TABLE}")
    first = table.locator(".ag-center-cols-container .ag-row[row-index='0']")
    first.wait_for(timeout=30_000)
    label = first.locator("[col-id=label]").inner_text()
    first.locator("[col-id=score]").click()

    title = page.locator(f"#{ids.INSPECTOR} .cg-insp-title")
    page.wait_for_function(
        "([id, label]) => { const t = document.querySelector('#' + id + ' .cg-insp-title');"
        " return t && t.innerText === label; }", arg=[ids.INSPECTOR, label], timeout=15_000)
    node = cy_eval(page, "cy.$(':selected').map(n => n.id())")
    assert len(node) == 1

    page.locator(f"#{ids.INSPECTOR} button[title='Tag as Suspect']").click()
    page.wait_for_function(
        "([id]) => document.getElementById('cytoscape')._cyreg.cy.getElementById(id)"
        ".hasClass('tag-suspect')", arg=node, timeout=60_000)
    # the inspector stays on the entity and shows the tag as set
    page.wait_for_selector(f"#{ids.INSPECTOR} .cg-tg-on", timeout=30_000)
    assert title.inner_text() == label
    assert page.inner_text(f"#{ids.INSPECTOR} .cg-tg-on") == "Suspect"
    assert cy_eval(page, "cy.$(':selected').map(n => n.id())") == node
    assert page.console_errors == []
