"""The cluster overview of a large case, in a real browser: the case opens as one bubble per
cluster, a tapped bubble opens its cluster in place, "Back to clusters" closes it and "Show
every entity" draws them all (the bar's requests, drawn by components/diagram.py)."""

from __future__ import annotations

import pytest

from casegraph.elements import OVERVIEW_BAR_ROOM
from casegraph.model import Case
from casegraph.session import session_for
from casegraph.workspace import Workspace
from components import ids
from components.overview import OVERVIEW_ABOVE

from .conftest import ANALYST, CY, GRAPH_TIMEOUT_MS, cy_eval, wait_for_graph

pytestmark = pytest.mark.browser
GROUPS, MEMBERS = 16, 200  # 3,200 people: above OVERVIEW_ABOVE
NAME = "Overview drill (fictional)"
BUBBLE = ids.CLUSTER_BUBBLE_CLASS


def drill_case() -> Case:
    """Sixteen groups of 200 fictional people, each a ring with chords, the groups joined
    in a chain by one call each."""
    case = Case(name=NAME)
    for g in range(GROUPS):
        for i in range(MEMBERS):
            case.add_entity(f"g{g}m{i}", "person", f"Member {g:02d}-{i:03d}")
        for i in range(MEMBERS):
            case.add_link(f"g{g}m{i}", f"g{g}m{(i + 1) % MEMBERS}", "call")
            case.add_link(f"g{g}m{i}", f"g{g}m{(i + 7) % MEMBERS}", "call")
        if g:
            case.add_link(f"g{g - 1}m0", f"g{g}m0", "call")
    return case


@pytest.fixture(scope="module")
def drill(app_data) -> dict:
    """The case, stored for analyst1 in the served app's database, and its clusters."""
    ws = Workspace(app_data, samples=False)
    case = drill_case()
    assert case.graph.number_of_nodes() > OVERVIEW_ABOVE
    case_id, rev = session_for(ws, ANALYST).import_case(case)
    sizes = ws.analysis(case_id, rev).community_sizes
    ws.close()
    return {"entities": GROUPS * MEMBERS, "sizes": sizes}


def bar_room(page) -> float:
    """How far down the canvas the overview bar reaches (CSS px from the canvas' top)."""
    return page.evaluate(f"() => document.getElementById('{ids.OVERVIEW_BAR}')"
                         f".getBoundingClientRect().bottom - {CY}.container()"
                         ".getBoundingClientRect().top")


def picture_top(page) -> float:
    """Where the drawn picture starts, CSS px from the canvas' top."""
    return cy_eval(page, "cy.elements().renderedBoundingBox().y1")


def overview_state(page) -> dict:
    return cy_eval(page, "{open: (cy.scratch('cgOverview') || {}).open || null,"
                         f" bubbles: cy.nodes('.{BUBBLE}').length, nodes: cy.nodes().length}}")


def wait_open(page, open_clusters: list[int] | None) -> None:
    page.wait_for_function(
        f"(want) => {{ const ov = {CY}.scratch('cgOverview');"
        " return JSON.stringify(ov ? ov.open : null) === JSON.stringify(want); }",
        arg=open_clusters, timeout=GRAPH_TIMEOUT_MS)


def test_a_large_case_opens_as_clusters_and_drills_down(drill, page):
    sizes, clusters = drill["sizes"], len(drill["sizes"])
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name=NAME).click()
    wait_open(page, [])
    wait_for_graph(page, clusters)
    assert overview_state(page) == {"open": [], "bubbles": clusters, "nodes": clusters}
    assert page.inner_text(f"#{ids.OVERVIEW_TEXT}") == (
        f"{drill['entities']:,} entities in {clusters} clusters. Tap a cluster to open it.")
    # the picture is fitted below the bar over the canvas: nothing of it hidden under it
    assert bar_room(page) <= picture_top(page), (bar_room(page), picture_top(page))

    # the open done (its links come in later frames, then the canvas sync): the view
    # compared below is the settled one
    page.wait_for_function(f"() => {{ const ov = {CY}.scratch('cgOverview'); return ov"
                           f" && ov.edges !== null && {CY}.edges().length === ov.edges; }}",
                           timeout=GRAPH_TIMEOUT_MS)
    page.wait_for_timeout(800)
    # every bubble marked in its cytoscape element's scratch: an element removed and added
    # again (a whole load) would come back without the mark
    before = cy_eval(page, f"cy.nodes('.{BUBBLE}').map(n => (n.scratch().cgKept = true,"
                           " [n.id(), n.position('x'), n.position('y')]))")
    zoom_pan = cy_eval(page, "[cy.zoom(), cy.pan()]")
    opened_id = cy_eval(page, f"cy.nodes('.{BUBBLE}').filter(n => n.data('cm') === 1).id()")

    # tap the second cluster's bubble: its members are drawn in its place
    cy_eval(page, f"(cy.nodes('.{BUBBLE}').filter(n => n.data('cm') === 1).emit('tap'), 1)")
    wait_open(page, [1])
    wait_for_graph(page, clusters - 1 + sizes[1])
    assert overview_state(page) == {"open": [1], "bubbles": clusters - 1,
                                    "nodes": clusters - 1 + sizes[1]}
    assert "1 opened" in page.inner_text(f"#{ids.OVERVIEW_TEXT}")
    assert "(1 opened)" in page.get_attribute(f"#{ids.OVERVIEW_TEXT}", "title")
    # the bar, with its second button, stays within the room the picture was fitted below
    assert bar_room(page) <= OVERVIEW_BAR_ROOM
    # the other bubbles are the same elements, where they were, and the view did not jump
    kept = cy_eval(page, f"cy.nodes('.{BUBBLE}').map(n => [n.id(), n.position('x'),"
                         " n.position('y'), !!n.scratch().cgKept])")
    assert sorted(kept) == sorted([*b, True] for b in before if b[0] != opened_id)
    assert cy_eval(page, "[cy.zoom(), cy.pan()]") == zoom_pan

    page.click(f"#{ids.OVERVIEW_SHOW_CLUSTERS}")
    wait_open(page, [])
    wait_for_graph(page, clusters)
    # closing it again: the bubble is back where it was, the others untouched
    back = cy_eval(page, f"cy.nodes('.{BUBBLE}').map(n => [n.id(), n.position('x'),"
                         " n.position('y'), !!n.scratch().cgKept])")
    assert sorted(back) == sorted([*b, b[0] != opened_id] for b in before)

    page.click(f"#{ids.OVERVIEW_SHOW_ALL}")
    wait_open(page, None)
    wait_for_graph(page, drill["entities"])
    assert page.inner_text(f"#{ids.OVERVIEW_TEXT}") == \
        f"Every entity shown ({drill['entities']:,})."
    assert page.console_errors == []


def opened_sizes(page, measure: str) -> list:
    """[size field, drawn width] of every opened entity, smallest size first."""
    return cy_eval(page, f"cy.nodes().not('.{BUBBLE}').map(n => [n.data('sz_' + arg),"
                         " n.numericStyle('width')]).sort((a, b) => a[0] - b[0])", measure)


def test_size_by_another_measure_resizes_an_opened_clusters_entities(drill, page):
    """An opened cluster's entities carry the size of the measure on screen alone: choosing
    another one asks for them again, and they are drawn at the new measure's sizes."""
    sizes, clusters = drill["sizes"], len(drill["sizes"])
    # cytoscape warns once per element that lacks a field the stylesheet maps (a second
    # for 1,400 entities): an opened cluster's entities carry every mapped field (the
    # bubbles, "~c<cm>", are not this test's business)
    warnings: list[str] = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name=NAME).click()
    wait_open(page, [])
    wait_for_graph(page, clusters)
    cy_eval(page, f"(cy.nodes('.{BUBBLE}').filter(n => n.data('cm') === 1).emit('tap'), 1)")
    wait_open(page, [1])
    wait_for_graph(page, clusters - 1 + sizes[1])
    entity_warnings = [w for w in warnings if "mapping" in w and "ele `~" not in w]
    assert not entity_warnings, entity_warnings[:2]
    by_degree = opened_sizes(page, "degree")
    assert len(by_degree) == sizes[1] and all(s is not None for s, _ in by_degree)
    assert cy_eval(page, f"cy.nodes().not('.{BUBBLE}').filter(n => n.data('sz_betweenness')"
                         " !== undefined).length") == 0

    page.click(f"#{ids.SIZE_MEASURE}")
    page.get_by_role("option", name="Betweenness", exact=True).click()
    page.wait_for_function(
        f"() => {{ const e = {CY}.nodes().not('.{BUBBLE}');"
        " return e.length > 0 && e.every(n => n.data('sz_betweenness') !== undefined); }",
        timeout=GRAPH_TIMEOUT_MS)
    # the stylesheet of the new measure and the new sizes both arrived: widths follow them
    page.wait_for_function(
        f"() => {{ const e = {CY}.nodes().not('.{BUBBLE}').sort("
        "(a, b) => a.data('sz_betweenness') - b.data('sz_betweenness'));"
        " return e.first().numericStyle('width') < e.last().numericStyle('width'); }",
        timeout=GRAPH_TIMEOUT_MS)
    by_betweenness = opened_sizes(page, "betweenness")
    widths = [w for _, w in by_betweenness]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    # the same entities, still the opened cluster (no bubble came back, none went)
    assert overview_state(page) == {"open": [1], "bubbles": clusters - 1,
                                    "nodes": clusters - 1 + sizes[1]}
    assert page.console_errors == []
