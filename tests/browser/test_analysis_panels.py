"""The analysis tabs in a real browser: a path between two chosen entities is highlighted,
and the disruption chart compares the arrest strategies."""

from __future__ import annotations

import networkx as nx
import pytest

from casegraph.analysis import project
from casegraph.analysis.paths import shortest_paths
from casegraph.samples import sample_cases
from components import ids

pytestmark = pytest.mark.browser

SOURCE, TARGET = "n63", "n101"  # CAVIAR actors at opposite ends of the network


@pytest.fixture(scope="module")
def default_graph() -> nx.Graph:
    """The sample case the app opens on, projected as the paths panel sees it."""
    return project(sample_cases()[0].build().graph)


def open_tab(page, label: str) -> None:
    page.locator(f"#{ids.ANALYSIS_TABS} .cg-tab", has_text=label).click()


def search(page, text: str) -> None:
    page.fill(f"#{ids.SEARCH}", text)
    page.press(f"#{ids.SEARCH}", "Enter")
    page.wait_for_function(
        "([id, label]) => { const el = document.getElementById(id); "
        "return el && el.textContent.trim() === label; }",
        arg=[ids.SEARCH_STATUS, text], timeout=20_000)


def test_two_chosen_entities_get_their_path_highlighted(page, diagram, default_graph):
    expected = sorted({n for path in shortest_paths(default_graph, SOURCE, TARGET)
                       for n in path})
    open_tab(page, "Paths")
    # choose them one after the other: the panel takes the last two selections once asked
    # to (off by default, so two clicks alone draw no path)
    page.locator(f"#{ids.PATH_FOLLOW} input").check()
    search(page, SOURCE)
    search(page, TARGET)
    page.wait_for_function(
        "(want) => { const cy = document.getElementById('cytoscape')._cyreg.cy; "
        "return cy.nodes('.ov-path').length === want; }", arg=len(expected), timeout=20_000)

    marked = diagram.eval("cy.nodes('.ov-path').map(n => n.id()).sort()")
    assert marked == expected
    on_path_links = diagram.eval("cy.edges('.ov-path').length")
    assert on_path_links >= len(expected) - 1
    assert diagram.eval("cy.nodes('.ov-dim').length") > 0  # the rest is faded
    assert f"{SOURCE} reaches {TARGET} in" in page.locator(f"#{ids.PATH_RESULT}").inner_text()
    assert page.console_errors == []


def test_the_disruption_chart_compares_the_strategies(page):
    open_tab(page, "Disruption")
    page.wait_for_function(
        "(id) => { const g = document.querySelector('#' + id + ' .js-plotly-plot'); "
        "return g && g.data && g.data.length >= 5; }", arg=ids.DISRUPTION_CHART,
        timeout=60_000)
    names = page.evaluate(
        "(id) => document.querySelector('#' + id + ' .js-plotly-plot').data"
        ".filter(t => t.showlegend !== false).map(t => t.name)", ids.DISRUPTION_CHART)
    assert names == ["Random: range over 50 runs", "Random arrests (mean)",
                     "Brokers first (betweenness)", "Most contacts first (degree)",
                     "Most important contacts first (PageRank)"]
    summary = page.locator(f"#{ids.DISRUPTION_SUMMARY}").inner_text()
    assert "halves the ring after" in summary

    # the recommended targets in a grid, in pick order; a click on one selects them
    targets = page.locator(f"#{ids.TARGETS_GRID} .ag-center-cols-container .ag-row")
    targets.first.wait_for(timeout=60_000)
    assert targets.count() == 5
    second = page.locator(f"#{ids.TARGETS_GRID} .ag-row[row-index='1'] [col-id='name']")
    name = second.inner_text()
    assert page.locator(f"#{ids.TARGETS_GRID} .ag-row[row-index='1'] [col-id='rank']"
                        ).inner_text() == "2"
    second.click()
    page.wait_for_function(
        "(name) => { const t = document.querySelector('.cg-insp-title'); "
        "return t && t.innerText === name; }", arg=name, timeout=20_000)
    assert page.console_errors == []
