'use strict';
/* The cluster overview of a large case: bubbles that open their cluster when tapped. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage} = require('./page.js');

/* An overview as components/diagram.elements_payload sends it (casegraph.elements
   .overview_elements): one bubble per closed cluster, the open clusters' entities. */
function overview(bubble, open, rev = 1) {
    const nodes = [
        {data: {id: 'ovc0', cm: 0, n: 40, px: 200, label: 'Cluster 1'}, classes: bubble,
         position: {x: 0, y: 0}},
        {data: {id: 'ovc1', cm: 1, n: 12, px: 100, label: 'Cluster 2'}, classes: bubble,
         position: {x: 600, y: 0}},
        {data: {id: 'ovc2', cm: 2, n: 9, px: 60, label: 'Cluster 3'}, classes: bubble,
         position: {x: 300, y: 400}},
    ].filter((n) => !open.includes(n.data.cm));
    if (open.includes(0)) {
        nodes.push({data: {id: 'ash', cm: 0}, position: {x: -20, y: 0}},
                   {data: {id: 'bay', cm: 0}, position: {x: 20, y: 0}});
    }
    const edges = [{data: {id: 'x1', source: 'ovc1', target: 'ovc2', n: 3, w: 1}}];
    return {case: ['big', rev], nodes, edges, progressive: false,
            overview: {clusters: 3, open}, view: 'big@' + rev + ':overview:' + open};
}

test('tapping a bubble asks the page to open its cluster', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, []));
    assert.deepEqual(cy.scratch('cgOverview'), {nodes: 3, edges: 1, case: ['big', 1], open: []});

    cy.$('#ovc1').emit('tap');

    assert.equal(page.setProps.length, 1);
    const [target, {data}] = page.setProps[0];
    assert.equal(target, ids.OVERVIEW_OPEN);
    assert.deepEqual(data.case, ['big', 1]);
    assert.deepEqual(data.open, [1]);
    assert.equal(typeof data.t, 'number');
});

test('with a cluster open, a tap opens one more and the view stays where it is',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, []));
    cy.viewport({zoom: 2, pan: {x: 10, y: 20}});  // the analyst zoomed in on cluster 1

    // the page's skip of its own payload is for the first load only; this is the answer
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, [0]));
    assert.equal(cy.zoom(), 2);
    assert.deepEqual(cy.pan(), {x: 10, y: 20});
    assert.deepEqual(cy.nodes().map((n) => n.id()).sort(), ['ash', 'bay', 'ovc1', 'ovc2']);

    cy.$('#ash').emit('tap');  // an entity, not a bubble: the selection's business
    assert.deepEqual(page.setProps, []);
    cy.$('#ovc2').emit('tap');
    assert.deepEqual(page.setProps.map(([id, {data}]) => [id, data.open]),
                     [[ids.OVERVIEW_OPEN, [0, 2]]]);
});

test('bubbles count with their size in the first view, and are no multiple selection',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, []));
    // x from -100 (bubble 0, 200 px) to 650 (bubble 1, 100 px), y from -100 to 430,
    // 40 px margin, 800 x 600 less 30 px padding and the overview bar's 66 px (not shown
    // yet: the room it takes on two lines, elements.OVERVIEW_BAR_ROOM): 830 x 610, the
    // height decides
    assert.ok(Math.abs(cy.zoom() - (600 - 66 - 60) / 610) < 1e-9);
    // the picture starts below the bar
    assert.ok(Math.abs(cy.pan().y + cy.zoom() * -140 - (66 + 30)) < 1e-6);

    cy.$('#ovc1, #ovc2').select();
    await page.settle(200);
    assert.deepEqual(page.setProps, []);
});

test('a plain case has no overview to open', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const data = overview(classes.CLUSTER_BUBBLE_CLASS, []);
    data.overview = null;
    await cg.load(data);
    assert.equal(cy.scratch('cgOverview'), null);
    cy.$('#ovc1').emit('tap');
    assert.deepEqual(page.setProps, []);
});

test('the overview is fitted below its bar, as the bar is measured; so does the Fit button',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    // the bar shown over the canvas, 12 to 72 px from its top (three lines: more than the
    // two the labels were sized for)
    page.byId.set(ids.OVERVIEW_BAR, {getBoundingClientRect: () => ({top: 12, bottom: 72,
                                                                     height: 60})});
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, []));
    assert.ok(Math.abs(cy.zoom() - (600 - 80 - 60) / 610) < 1e-9);
    assert.ok(Math.abs(cy.pan().y + cy.zoom() * -140 - (80 + 30)) < 1e-6);

    cy.viewport({zoom: 3, pan: {x: 0, y: 0}});
    cg.fit();
    await page.settle(400);
    const box = cy.elements().renderedBoundingBox();
    assert.ok(box.y1 >= 80 + 40 - 1e-6, JSON.stringify(box));
    assert.ok(Math.abs(box.y2 - (600 - 40)) < 1 || Math.abs(box.x2 - (800 - 40)) < 1,
              JSON.stringify(box));

    // no bar (a plain case): the Fit button fits the whole canvas
    page.byId.delete(ids.OVERVIEW_BAR);
    cy.viewport({zoom: 3, pan: {x: 0, y: 0}});
    cg.fit();
    await page.settle(400);
    assert.ok(cy.elements().renderedBoundingBox().y1 < 60);
});
