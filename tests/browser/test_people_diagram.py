"""The diagram in the People view, in a real browser: the fictional ring drawn as its people,
each with a badge counting what is folded into them; a person opened and folded back from
the inspector; an expansion of an account whose holder is already in the case draws no
second person; a one-kind network (CAVIAR) is drawn exactly as in the All entities view."""

from __future__ import annotations

import pytest

from casegraph.model import entity_types
from casegraph.samples import sample_cases
from components import ids
from components.stylesheet import HUB_RING

from .conftest import CY, GRAPH_TIMEOUT_MS, cy_eval, show_all_entities, wait_for_graph

pytestmark = pytest.mark.browser
RING_ACTORS, RING_ENTITIES, RING_HELD = 77, 298, 105

# every actor holding identifiers: its count, and whether its badge image says that count
BADGES = """cy.nodes('[held]').map(n => [n.id(), n.data('held'),
    String(n.style('background-image')).includes('%3E' + n.data('held') + '%3C')])"""


# the legend's colour items as drawn: words, swatch colour, icon file, count (::after)
LEGEND_DRAWN = f"""() => [...document.querySelectorAll('#{ids.LEGEND} .cg-legend-colour')].map(
    e => {{ const swatch = getComputedStyle(e, '::before');
           return [e.textContent, swatch.backgroundColor,
                   (swatch.backgroundImage.match(/([a-z]+\\.svg)/) || [])[1] || null,
                   getComputedStyle(e, '::after').content]; }})"""
# the colour of the ring drawn before the legend item whose words start with ``arg``
RING_DRAWN = f"""(words) => getComputedStyle([...document.querySelectorAll(
    '#{ids.LEGEND} .cg-legend-ring')].find(e => e.textContent.startsWith(words)),
    '::before').borderTopColor"""


def rgb(colour: str) -> str:
    """A #rrggbb colour as the browser's computed style writes it."""
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def legend_drawn(page) -> list[list]:
    return page.evaluate(LEGEND_DRAWN)


def open_ring(page) -> None:
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name="Grumbleford ring").click()
    page.wait_for_function(f"{CY}.scratch('cgPeople') === true")
    wait_for_graph(page, RING_ACTORS)


def search(page, text: str) -> None:
    page.fill(f"#{ids.SEARCH}", text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(text) => { const t = document.querySelector('.cg-insp-title');"
        " return t && t.innerText === text; }", arg=text, timeout=GRAPH_TIMEOUT_MS)


def test_one_kind_network_is_drawn_as_before(page):
    caviar = next(s for s in sample_cases() if s.id == "caviar").build()
    wait_for_graph(page, caviar.graph.number_of_nodes())  # the default case, People view
    assert cy_eval(page, "cy.scratch('cgPeople')") is False
    assert cy_eval(page, "cy.nodes('[held], [held_by]').length") == 0
    assert "People view" not in page.inner_text(f"#{ids.GRAPH_STATUS}")
    assert page.console_errors == []


def test_the_ring_is_drawn_as_people_with_badges(page):
    open_ring(page)
    types = cy_eval(page, "[...new Set(cy.nodes().map(n => n.data('type')))].sort()")
    assert types == ["account", "person", "phone"]  # unattributed accounts and phones
    badges = cy_eval(page, BADGES)
    assert len(badges) == 52 and sum(b[1] for b in badges) == RING_HELD
    assert all(b[2] for b in badges), [b for b in badges if not b[2]][:5]
    status = page.inner_text(f"#{ids.GRAPH_STATUS}")
    assert status.startswith(f"People view: {RING_ACTORS} actors")
    assert f"{RING_HELD} accounts, phones and emails folded in" in status
    assert "Accounts, phones, emails folded in" in page.inner_text(f"#{ids.LEGEND}")
    # each legend item is one element: its words, the swatch (colour and the type's icon)
    # drawn before them and the count after them; the hubs' ring in the hub colour
    assert legend_drawn(page) == [
        ["People", rgb(entity_types()["person"]["colour"]), "person.svg", '"45"'],
        ["Accounts", rgb(entity_types()["account"]["colour"]), "account.svg", '"21"'],
        ["Phones", rgb(entity_types()["phone"]["colour"]), "phone.svg", '"11"'],
    ]
    assert page.evaluate(RING_DRAWN, "Top 5") == rgb(HUB_RING)
    # five hubs ringed, the five most connected actors of the people network
    ring = "rgb({},{},{})".format(*(int(HUB_RING[i:i + 2], 16) for i in (1, 3, 5)))
    ringed = cy_eval(page, "cy.nodes().filter(n => n.style('border-color') === arg)"
                           ".map(n => n.id()).sort()", ring)
    ranked = cy_eval(page, "cy.nodes().sort((a, b) => b.data('sz_degree') - a.data('sz_degree'))"
                           ".map(n => n.data('sz_degree'))")
    assert len(ringed) == 5
    assert cy_eval(page, "Math.min(...arg.map(id => cy.getElementById(id).data('sz_degree')))",
                   ringed) >= ranked[5]

    # open the person holding most: what they hold is drawn beside them, dashed, linked
    top = cy_eval(page, "cy.nodes('[held]').sort((a, b) => b.data('held') - a.data('held')"
                        " || (a.id() < b.id() ? -1 : 1))[0].data()")
    search(page, top["label"])
    page.get_by_role("button", name="Show what this person holds").click()
    page.wait_for_function(f"{CY}.nodes('[held_by]').length === {top['held']}",
                           timeout=GRAPH_TIMEOUT_MS)
    opened = cy_eval(page, "cy.nodes('[held_by]').map(n => n.data('held_by'))")
    assert set(opened) == {top["id"]}
    assert cy_eval(page, "cy.nodes('[held_by]').filter(n => n.component().contains("
                         "cy.getElementById(arg))).length", top["id"]) == top["held"]
    assert cy_eval(page, "cy.nodes().length") == RING_ACTORS + top["held"]
    page.get_by_role("button", name="Fold back").click()
    page.wait_for_function(f"{CY}.nodes('[held_by]').length === 0", timeout=GRAPH_TIMEOUT_MS)
    wait_for_graph(page, RING_ACTORS)
    assert page.console_errors == []


def test_an_expansion_in_the_people_view_draws_no_second_person(page):
    open_ring(page)
    page.click(f"#{ids.CASE_SETTINGS_OPEN}")
    page.fill(f"#{ids.CASE_NUMBER}", "OP-GRUMBLE-02")
    page.fill(f"#{ids.CASE_PURPOSE}", "Supply of Class A drugs online (fictional)")
    page.click(f"#{ids.CASE_SETTINGS_SAVE}")
    page.wait_for_function(
        f"document.getElementById({ids.CASE_SETTINGS_OPEN!r}).innerText.includes('OP-GRUMBLE')")
    acorn = "cy.nodes().filter(n => n.data('label') === 'Acorn Brightspoon')"
    held = cy_eval(page, acorn + ".map(n => n.data('held'))")
    assert len(held) == 1
    search(page, "telegram: sunny.yeti")
    page.locator(".cg-enrich-expand").click()
    # the lookup recognises Acorn Brightspoon, already in the case: the new revision is drawn
    # as people again, with one Acorn, who now holds what the lookup found
    page.locator(f"#{ids.ENRICH_PANEL}").get_by_text("is Acorn Brightspoon").wait_for(
        timeout=GRAPH_TIMEOUT_MS)
    page.wait_for_function(f"(() => {{ const cy = {CY}; const a = {acorn}; return "
                           f"cy.scratch('cgPeople') === true && a.length === 1 && "
                           f"a[0].data('held') > {held[0]}; }})()", timeout=GRAPH_TIMEOUT_MS)
    acorns = cy_eval(page, "cy.nodes().filter(n => n.data('label') === 'Acorn Brightspoon')"
                           ".map(n => n.data())")
    assert len(acorns) == 1 and acorns[0]["held"] > held[0]
    assert cy_eval(page, "cy.nodes('[type = \"post\"], [type = \"address\"]').length") == 0
    labels = cy_eval(page, "cy.nodes('[type = \"person\"]').map(n => n.data('label'))")
    assert len(labels) == len(set(labels))  # no two nodes for one person
    show_all_entities(page)
    assert cy_eval(page, "cy.nodes().length") > RING_ENTITIES
    assert page.console_errors == []
