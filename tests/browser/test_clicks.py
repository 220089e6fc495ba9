"""One click on a node asks the server twice: for the selection and for the inspector
(issue 15), in Chromium. A click on a row of the clusters list selects that cluster: it asks
for the selection, the inspector and the bar over the members it selects.

The inspector redraws pattern-matching buttons on every selection (tags, lookups, "Add to
arrest list", the neighbours); Dash calls a callback with an ALL input whenever such buttons
are added or removed, so before components/clicks.py each of those actions' callbacks was
asked too, and answered "no update". The newer-changes poll (a timer) is not counted.
"""

from __future__ import annotations

from components import ids
from components.stylesheet import cluster_colour
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


def rgb(colour: str) -> str:
    """``#4e79a7`` as the browser computes it, ``rgb(78, 121, 167)``."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_a_click_on_a_cluster_row_selects_the_cluster(page):
    grid = page.locator(f"#{ids.CLUSTERS_LIST}")
    rows = grid.locator(".ag-center-cols-container .ag-row")
    rows.first.wait_for()
    # largest first, each row's first cell painted its cluster's colour on the diagram
    sizes = [int(t) for t in grid.locator(".ag-center-cols-container [col-id='size']")
             .all_inner_texts()]
    assert len(sizes) == rows.count() > 2 and sizes == sorted(sizes, reverse=True)
    second = grid.locator(".ag-row[row-index='1']")
    assert second.locator("[col-id='number']").inner_text() == "Cluster 2"
    assert second.locator("[col-id='colour']").evaluate(
        "c => getComputedStyle(c).backgroundColor") == rgb(cluster_colour(1))

    sent = DashRequests(page)
    sent.wait_quiet(page, 2 * QUIET_S)
    sent.clear()
    second.locator("[col-id='top']").click()
    inspector_shows(page, "Cluster 2")
    sent.wait_quiet(page)
    # the selection, the inspector, and the bar that acts on the members it selected
    assert sorted(changed for _, changed in sent) == sorted(
        [[f"{ids.CLUSTERS_LIST}.cellClicked"], [f"{ids.SELECTION}.data"],
         [f"{ids.MULTI_SELECTION}.data"]]), list(sent)
    assert cy_eval(page, "cy.$('node:selected').length") == sizes[1]
    assert page.locator(f"#{ids.MULTI_BAR}").inner_text().startswith(f"{sizes[1]} selected")
    assert page.console_errors == []
