"""One click on a node asks the server twice: for the selection and for the inspector
(issue 15), in Chromium.

The inspector redraws pattern-matching buttons on every selection (tags, lookups, "Add to
arrest list", the neighbours); Dash calls a callback with an ALL input whenever such buttons
are added or removed, so before components/clicks.py each of those actions' callbacks was
asked too, and answered "no update". The newer-changes poll (a timer) is not counted.
"""

from __future__ import annotations

from components import ids
from tests.web import DashRequests

from .conftest import GRAPH_TIMEOUT_MS, click_node, cy_eval

QUIET_S = 2.0


def inspector_shows(page, label: str) -> None:
    page.wait_for_function(
        f"(label) => {{ const title = document.getElementById({ids.INSPECTOR!r})"
        ".querySelector('.cg-insp-title'); return !!title && title.innerText === label }",
        arg=label, timeout=GRAPH_TIMEOUT_MS)


def test_a_node_click_asks_only_for_the_selection_and_the_inspector(page):
    sent = DashRequests(page)
    sent.wait_quiet(page, 2 * QUIET_S)  # the first load's requests are over
    # CAVIAR: a node far from the others, so the click lands on it alone
    nodes = cy_eval(page, """cy.nodes(':visible').map(a => {
        const p = a.renderedPosition();
        let gap = Infinity;
        cy.nodes(':visible').forEach(b => { if (a !== b) {
            const q = b.renderedPosition();
            gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y)); } });
        return [gap, a.id()];
    }).sort((a, b) => b[0] - a[0]).slice(0, 2).map(g => g[1])""")
    for node in nodes:
        sent.clear()
        label = cy_eval(page, "cy.getElementById(arg).data('label')", node)
        click_node(page, node)
        inspector_shows(page, label)
        sent.wait_quiet(page)
        assert sorted(output for output, _ in sent) == sorted(
            [f"{ids.SELECTION}.data", f"{ids.INSPECTOR}.children"]), \
            f"a click on {node} asked {list(sent)}"

    # a click on a neighbour in the inspector (a button behind a gate): the same two
    neighbour = page.locator(".cg-neighbour").first
    label = neighbour.locator(".cg-neighbour-label").inner_text()
    sent.clear()
    neighbour.click()
    inspector_shows(page, label)
    sent.wait_quiet(page)
    assert sorted(output for output, _ in sent) == sorted(
        [f"{ids.SELECTION}.data", f"{ids.INSPECTOR}.children"]), list(sent)

    # the gated buttons still act: a tag set in the inspector reaches the server and
    # rings the entity on the diagram
    selected = cy_eval(page, "cy.$(':selected').map(n => n.id())")
    page.locator(".cg-tg-button", has_text="Suspect").click()
    page.wait_for_function(
        f"(id) => {{ const cy = document.getElementById({ids.CYTOSCAPE!r})._cyreg.cy;"
        " return cy.getElementById(id).hasClass('tag-suspect') }",
        arg=selected[0], timeout=GRAPH_TIMEOUT_MS)
