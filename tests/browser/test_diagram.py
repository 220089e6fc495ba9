"""The diagram in a real browser: the sample case is drawn, a tap fills the inspector."""

from __future__ import annotations

import pytest

from casegraph.samples import sample_cases
from components import ids

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def default_sample():
    """The sample case the app opens on (the first one), built independently of the app."""
    return sample_cases()[0].build()


def test_sample_case_renders_every_node_on_the_canvas(page, diagram, default_sample):
    graph = default_sample.graph
    snapshot = diagram.snapshot()
    assert len(snapshot["ids"]) == graph.number_of_nodes()
    assert snapshot["labels"] == sorted(str(d.get("label", n)) for n, d in graph.nodes(data=True))

    drawn = diagram.eval("""(() => {
        const w = cy.width(), h = cy.height();
        const inside = cy.nodes().filter(n => {
            const p = n.renderedPosition();
            return n.visible() && p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h;
        });
        return {inside: inside.length, width: w, height: h};
    })()""")
    # the canvas has a real size and the whole case is in view after the first fit
    assert drawn["width"] > 400 and drawn["height"] > 300
    assert drawn["inside"] == graph.number_of_nodes()
    assert page.console_errors == []


def test_tapping_a_node_fills_the_inspector(page, diagram):
    # the node farthest from its nearest neighbour on screen, so the click cannot hit another
    target = diagram.eval("""(() => {
        const nodes = cy.nodes(':visible');
        let best = null, bestGap = -1;
        nodes.forEach(a => {
            const p = a.renderedPosition();
            let gap = Infinity;
            nodes.forEach(b => {
                if (a === b) { return; }
                const q = b.renderedPosition();
                gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
            });
            if (gap > bestGap) { bestGap = gap; best = a; }
        });
        const box = cy.container().getBoundingClientRect();
        const p = best.renderedPosition();
        return {id: best.id(), label: String(best.data('label')),
                x: box.left + p.x, y: box.top + p.y};
    })()""")
    inspector = page.locator(f"#{ids.INSPECTOR}")
    assert target["label"] not in inspector.inner_text()

    page.mouse.click(target["x"], target["y"])

    title = inspector.locator(".cg-insp-title")
    title.wait_for(timeout=15_000)
    assert title.inner_text() == target["label"]
    assert "Attributes" in inspector.inner_text()
    assert diagram.eval("cy.$(':selected').map(n => n.id())") == [target["id"]]
    assert page.console_errors == []
