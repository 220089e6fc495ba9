"""Layout quality read from the page itself: for every sample case and the published
networks in data/ (uploaded as an analyst would), the boxes cytoscape draws (node with its
label) do not intersect, and each top-5 hub's label is drawn, readable at the fitted zoom
and covered by no other node. The positions and sizes come from the running page's
cytoscape instance, not from the server's intent.

One page opens the cases one after another (a login and a first graph per case would
triple the module's time); each case waits until the page holds its revision."""

from __future__ import annotations

import pytest

from casegraph.samples import sample_cases
from components import ids

from .conftest import ANALYST, CY, ROOT, VIEWPORT, csp_safe, login, wait_for_graph

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NETWORKS = [f"caviar/phase{i}.csv" for i in range(1, 12)] + [
    "siren/siren.csv", "natarajan_cocaine/cocaine.csv", "natarajan_heroin/heroin.csv"]

# Everything the check needs, computed in the page at the view the case opened with (the zoom
# assets/casegraph.js `view` fits the positions at) and again after Fit (the visible boxes,
# labels included, fitted with 40 px of padding), each a frame after the zoom changed (the
# zoom handler, labelDetail, sets the small-label classes then): rendered boxes (labels
# included) of the visible nodes, the pairs that intersect, the state of the five top hubs'
# labels, and the labels drawn. A label is drawn when it has text, its text is not
# transparent, and cytoscape's own min-zoomed-font-size test (at the zoom times the pixel
# ratio rounded up to a power of two) passes.
MEASURE = """async (fit) => {
  const cy = CY_CORE;
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  if (fit) { cy.fit(cy.elements(':visible'), 40); }
  await frames();
  const nodes = cy.nodes(':visible');
  const zoom = cy.zoom();
  const level = Math.pow(2, Math.ceil(Math.log2(zoom * window.devicePixelRatio)));
  const px = (n) => n.pstyle('font-size').pfValue * zoom;
  const drawn = (n) => n.pstyle('label').strValue !== '' && n.pstyle('text-opacity').value > 0
      && n.pstyle('font-size').pfValue * level >= n.pstyle('min-zoomed-font-size').pfValue;
  const boxes = nodes.map(n => [n.id(), n.boundingBox({includeLabels: true})]);
  const hit = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (hit(boxes[i][1], boxes[j][1])) { pairs.push([boxes[i][0], boxes[j][0]]); }
    }
  }
  const hubs = nodes.sort((a, b) => (b.data('deg') - a.data('deg'))
                                    || (a.id() < b.id() ? -1 : 1)).slice(0, 5);
  const hubIds = new Set(hubs.map(h => h.id()));
  const hubLabels = hubs.map(h => {
    const label = h.boundingBox({includeNodes: false, includeEdges: false,
                                 includeLabels: true});
    const covered = nodes.filter(o => o.id() !== h.id()
                                      && hit(o.boundingBox({includeLabels: false}), label));
    return {id: h.id(), text: h.style('label'), px: px(h), drawn: drawn(h),
            covered: covered.map(o => o.id())};
  });
  const shown = nodes.filter(drawn);
  const others = shown.filter(n => !hubIds.has(n.id())).map(px);
  const sizes = shown.map(px);
  return {nodes: nodes.length, pairs: pairs, hubs: hubLabels, zoom: zoom,
          labelled: shown.length, smallest: sizes.length ? Math.min(...sizes) : null,
          smallestOther: others.length ? Math.min(...others) : null,
          width: cy.width(), height: cy.height()};
}""".replace("CY_CORE", CY)


def measure(page, fit: bool) -> dict:
    result = page.evaluate(MEASURE, fit)
    assert result["pairs"] == [], result["pairs"][:10]
    for hub in result["hubs"]:
        assert hub["text"], hub
        assert hub["px"] >= 10.5 or result["nodes"] > 2000, hub  # about 11 px or more
        assert hub["drawn"], hub  # drawn at this zoom
        assert hub["covered"] == [], hub
    if result["smallestOther"] is not None:
        # a label is drawn only once it is readable (hubs' are drawn whatever their size)
        assert result["smallestOther"] >= 10.99, result
    return result


def check(page) -> dict:
    """The measure at the view the case opened with, then after Fit."""
    measure(page, False)
    return measure(page, True)


@pytest.fixture(scope="module")
def tab(browser, app_url):
    """One logged-in page for the whole module; its console errors are collected."""
    page = csp_safe(browser.new_page())
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    login(page, app_url, ANALYST)
    wait_for_graph(page)
    yield page
    page.close()


def on_screen(page) -> str | None:
    return page.evaluate(f"() => {CY}.scratch('cgCase') || null")


def wait_for_case(page, before: str | None, nodes: int) -> None:
    """Wait until the page holds another case than ``before`` with ``nodes`` nodes drawn."""
    page.wait_for_function("(before) => { const c = " + CY + ".scratch('cgCase'); "
                           "return !!c && c !== before; }", arg=before, timeout=60_000)
    wait_for_graph(page, nodes)


def open_case(page, name: str) -> None:
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name=name).first.click()


@pytest.mark.parametrize("sample", [s.id for s in sample_cases()])
def test_sample_case_boxes_on_the_page(tab, sample):
    from casegraph.analysis.people import people_network

    spec = next(s for s in sample_cases() if s.id == sample)
    case = spec.build()
    net = people_network(case, isolates=False)
    before = on_screen(tab)
    if spec.name in tab.locator(f"#{ids.CASE_PICKER}").inner_text():
        before = None  # the case the page opened on
    else:
        open_case(tab, spec.name)
    # the People view (the default) draws the people network, actors with their badges
    wait_for_case(tab, before, net.graph.number_of_nodes())
    check(tab)
    if not net.identity:  # and every entity in the All entities view
        tab.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="All entities").click()
        wait_for_graph(tab, case.graph.number_of_nodes())
        check(tab)
        tab.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="People").click()
        wait_for_graph(tab, net.graph.number_of_nodes())
    assert tab.console_errors == []


@pytest.mark.parametrize("network", NETWORKS)
def test_published_network_boxes_on_the_page(tab, network):
    from casegraph.io import load

    path = ROOT / "data" / network
    nodes = load(path).graph.number_of_nodes()
    before = on_screen(tab)
    tab.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": path.name, "mimeType": "text/csv", "buffer": path.read_bytes()}])
    wait_for_case(tab, before, nodes)
    check(tab)
    assert tab.console_errors == []


SELECTED_FONT = """() => {
  const rules = CY_CORE.style().json().filter(r => r.selector === 'node:selected'
                                                   && r.style['font-size'] !== undefined);
  return parseFloat(rules[0].style['font-size']);
}""".replace("CY_CORE", CY)


@pytest.mark.parametrize("width,height", [(1280, 800), (1600, 1000)])
def test_grumbleford_draws_no_label_under_11_px_when_fitted(tab, width, height):
    """The largest sample (298 entities, All entities view) at two window sizes: at the view
    it opens with, every drawn label, the hubs' included, is 11 px or more on screen, and
    the stylesheet is made for the canvas of that window (the selected entity's label is
    13 px at that zoom), not for a canvas of another size."""
    spec = next(s for s in sample_cases() if s.id == "socmint-grumbleford")
    entities = spec.build().graph.number_of_nodes()
    tab.set_viewport_size({"width": width, "height": height})
    try:
        if spec.name not in tab.locator(f"#{ids.CASE_PICKER}").inner_text():
            before = on_screen(tab)
            open_case(tab, spec.name)
            wait_for_case(tab, before, None)
        else:  # the People view again, so that All entities loads the case afresh
            tab.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="People").click()
            wait_for_graph(tab, None)
            tab.wait_for_timeout(500)
        tab.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="All entities").click()
        wait_for_graph(tab, entities)
        # the stylesheet of this view comes with the status line (the same callback)
        status = tab.locator(f"#{ids.GRAPH_STATUS}")
        status.filter(has_text=f"{entities} entities").wait_for(timeout=30_000)
        opened = measure(tab, False)
        assert opened["smallest"] >= 10.99, opened
        assert opened["labelled"] >= 6, opened
        selected_px = tab.evaluate(SELECTED_FONT) * opened["zoom"]
        assert 12 <= selected_px <= 14.5, (selected_px, opened)
        fitted = measure(tab, True)
        assert fitted["smallest"] >= 10.99, fitted
    finally:
        tab.set_viewport_size(VIEWPORT)
    assert tab.console_errors == []
