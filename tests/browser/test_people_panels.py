"""The people network in a real browser: the Structure tab of the fictional ring judges its
people, its clusters are one paginated table whose rows open a cluster's verdict, and the
switch to all entities counts every entity. Screenshots at two window sizes go to
``CASEGRAPH_SHOTS`` when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casegraph.model import entity_types
from components import ids

from .conftest import wait_for_graph

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CASEGRAPH_SHOTS")


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def text_of(page, element_id: str) -> str:
    return page.locator(f"#{element_id}").inner_text()


def wait_for_text(page, element_id: str, text: str, timeout: int = 30_000) -> None:
    page.wait_for_function(
        "([id, text]) => (document.getElementById(id) || {}).innerText?.includes(text)",
        arg=[element_id, text], timeout=timeout)


def open_ring_structure(page) -> None:
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name="Grumbleford ring").click()
    wait_for_graph(page, 77)  # the diagram draws the people network too
    page.locator(f"#{ids.ANALYSIS_TABS} .cg-tab", has_text="Structure").click()
    wait_for_text(page, ids.STRUCTURE_VIEW_NOTE, "people network")
    wait_for_text(page, ids.STRUCTURE_VERDICT, "Whole network: 77 members")


@pytest.mark.parametrize("size", [(1600, 1000), (1280, 800)])
def test_the_ring_is_judged_on_its_people(page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_ring_structure(page)
    note = text_of(page, ids.STRUCTURE_VIEW_NOTE)
    assert note.startswith("Counted on the people network: 77 actors in contact")
    verdict = text_of(page, ids.STRUCTURE_VERDICT)
    assert "Whole network: 77 members" in verdict
    # the hubs are people; a phone among the cut points is one nobody is attributed to
    assert "(Saffron Thistlebottom, Umber Crumblewhistle, Clover Jellyfoot" in verdict
    phones = page.locator(f"#{ids.STRUCTURE_VERDICT} .cg-ap-chip", has_text="07700")
    assert phones.count() > 0
    # a chip is one button: the number its text, the type's dot drawn before it, the word
    # "unattributed" after it (and in its title)
    phone = "rgb({}, {}, {})".format(*(int(entity_types()["phone"]["colour"][i:i + 2], 16)
                                       for i in (1, 3, 5)))
    drawn = phones.evaluate_all("""chips => chips.map(c => [c.children.length,
        getComputedStyle(c, '::before').backgroundColor, getComputedStyle(c, '::after').content,
        c.title])""")
    assert all(d[:3] == [0, phone, '"unattributed"'] for d in drawn), drawn
    assert all(d[3].startswith("Select 07700") and d[3].endswith("(unattributed)")
               for d in drawn), drawn
    grid = page.locator(f"#{ids.STRUCTURE_CLUSTER_GRID}")
    grid.locator(".ag-row").first.wait_for()
    assert grid.locator(".ag-details-row, details").count() == 0
    first = grid.locator(".ag-row[row-index='0']")
    assert first.locator("[col-id='name']").inner_text() == "Cluster 1"
    first.click()
    wait_for_text(page, ids.STRUCTURE_CLUSTER_DETAIL, "Centralisation")
    assert text_of(page, ids.STRUCTURE_CLUSTER_DETAIL).startswith("Cluster 1")
    types = page.locator(f"#{ids.HUBS_TABLE} .ag-cell[col-id='type']").all_inner_texts()
    assert "Phone number" not in types  # a phone among the hubs is one nobody holds
    assert "Phone number (unattributed)" in types
    page.locator(f"#{ids.STRUCTURE_VIEW_NOTE}").scroll_into_view_if_needed()
    shoot(page, f"structure-people-{size[0]}x{size[1]}")

    # a person in the inspector: what they hold, why they are tied, merge / not the same
    page.locator(f"#{ids.HUBS_TABLE} .ag-cell", has_text="Saffron Thistlebottom").first.click()
    wait_for_text(page, ids.INSPECTOR, "As a person")
    inspector = text_of(page, ids.INSPECTOR)
    assert "Folded in:" in inspector
    assert "pieces of evidence" in inspector or "piece of evidence" in inspector
    assert "Merge into this person" in inspector
    page.locator(f"#{ids.INSPECTOR}").scroll_into_view_if_needed()
    shoot(page, f"inspector-person-{size[0]}x{size[1]}")

    page.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="All entities").click()
    wait_for_text(page, ids.STRUCTURE_VIEW_NOTE, "Counted on all 298 entities")
    wait_for_text(page, ids.STRUCTURE_VERDICT, "Whole network: 298 members")
    shoot(page, f"structure-entities-{size[0]}x{size[1]}")
    assert page.console_errors == []
