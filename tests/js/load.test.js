'use strict';
/* load(): a case's elements onto the canvas. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, payload, smallCase, NO_UPDATE} = require('./page.js');

function positions(cy) {
    const out = {};
    cy.nodes().forEach((n) => { out[n.id()] = n.position(); });
    return out;
}

test('a case replaces what the canvas held, unselected, in a viewport from its positions',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(payload('other', 3, [['x', 0, 0], ['y', 5, 5]], [['x', 'y']]));
    cy.$('#x').select();

    const out = await cg.load(smallCase());

    assert.equal(out, '5:4');
    assert.deepEqual(cy.nodes().map((n) => n.id()).sort(), ['ash', 'bay', 'cob', 'eve', 'fox']);
    assert.equal(cy.edges().length, 4);
    assert.equal(cy.$(':selected').length, 0);
    assert.equal(cy.scratch('cgCase'), 'c1@1');
    // the box of the positions (-100..300 x 0..300) with a 40 px margin, in 800 x 600 less
    // 30 px padding: the height decides
    const zoom = 540 / 380;
    assert.ok(Math.abs(cy.zoom() - zoom) < 1e-9);
    assert.ok(Math.abs(cy.pan().x - (800 - zoom * 200) / 2) < 1e-9);
    assert.ok(Math.abs(cy.pan().y - (600 - zoom * 300) / 2) < 1e-9);
    assert.equal(cy.scratch('cgFitZoom'), cy.zoom());
    assert.deepEqual(cy.$('#eve').position(), {x: 300, y: 300});
});

test('the page\'s first payload coming back from the case callback is skipped once',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    assert.equal(await cg.load(smallCase(1, {view: 'first'})), '5:4');

    const again = payload('c1', 1, [['ash', 0, 0]], [], {view: 'first'});
    assert.equal(await cg.load(again), NO_UPDATE);
    assert.equal(cy.nodes().length, 5);

    // only once: the same view later is a new load
    assert.equal(await cg.load(again), '1:0');
    assert.equal(cy.nodes().length, 1);
});

test('a large case comes nodes first, its links after the first frame', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    let answer = null;
    const loading = cg.load(smallCase(1, {progressive: true})).then((out) => { answer = out; });
    await page.settle(20);
    assert.equal(cy.nodes().length, 5);
    assert.equal(cy.edges().length, 0);
    assert.equal(answer, null);

    cy.emit('render');  // the renderer's first frame
    await loading;
    assert.equal(answer, '5:4');
    assert.equal(cy.edges().length, 4);
});

test('another layout than the stored positions runs once the elements are in', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(smallCase(1, {layout: {name: 'grid', rows: 1, animate: false,
                                         boundingBox: {x1: 0, y1: 0, w: 400, h: 100}}}));
    const ys = new Set(Object.values(positions(cy)).map((p) => p.y));
    assert.equal(ys.size, 1);  // one row
    assert.notDeepEqual(cy.$('#eve').position(), {x: 300, y: 300});
});

test('a canvas drawn before the page has its case is waited for', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, canvas} = page;
    const registered = canvas._cyreg;
    delete canvas._cyreg;  // cytoscape not created yet
    const loading = cg.load(smallCase());
    await page.settle(50);
    assert.equal(cy.nodes().length, 0);
    canvas._cyreg = registered;
    assert.equal(await loading, '5:4');
});

test('dash-cytoscape\'s listeners on the contract\'s events are off after the first load; ' +
     'the script\'s own listeners work', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, contract, ids} = page;
    // registered as dash-cytoscape 1.0.2 registers them (Cytoscape.react.js, handleCy):
    // tests/callbacks/test_jscontract.py checks that these are its listeners on these events
    const heard = [];
    cy.on('add remove', () => heard.push('refreshLayout'));
    cy.on('dragfree add remove', () => heard.push('updateElements'));
    cy.on('unselect remove', 'node', () => heard.push('selectedNodes'));
    cy.on('unselect remove', 'edge', () => heard.push('selectedEdges'));
    cy.on('tap', 'node', () => heard.push('tapNode'));
    assert.deepEqual(contract.dashCytoscapeEvents.slice().sort(), ['add', 'dragfree', 'remove']);
    cy.emit('dragfree');
    assert.deepEqual(heard, ['updateElements']);  // the control: they do hear before

    await cg.load(smallCase());
    heard.length = 0;
    cy.$('#eve').emit('dragfree');
    cy.add({data: {id: 'gus'}, position: {x: 5, y: 5}});
    cy.$('#gus').remove();
    assert.deepEqual(heard, []);

    // other listeners of dash-cytoscape stay (taps reach the page)
    cy.$('#ash').emit('tap');
    assert.deepEqual(heard, ['tapNode']);
    // and the script's own: a multiple selection is reported
    cy.$('#ash, #bay').select();
    await page.settle(200);
    assert.deepEqual(page.setProps, [[ids.MULTI_SELECTION, {data: ['ash', 'bay']}]]);
});

test('an overview comes a few bubbles, then a few links, a frame (the contract\'s sizes)',
     async (t) => {
    const {EXPORTED} = require('./page.js');
    const contract = Object.assign({}, EXPORTED.contract, {overviewFrame: {nodes: 2, edges: 3}});
    const page = makePage({contract});
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubbles = [0, 1, 2, 3, 4].map((cm) => ['~c' + cm, cm * 100, 0,
                                                 {cm, n: 10, px: 40}]);
    const links = [[0, 1], [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [2, 4]]
        .map(([a, b]) => ['~c' + a, '~c' + b, '~x' + a + b]);
    const data = payload('big', 1, bubbles, links,
                         {overview: {clusters: 5, open: [], left_out: 0, drill_left_out: 0}});
    data.nodes.forEach((node) => { node.classes = classes.CLUSTER_BUBBLE_CLASS; });
    let answer = null;
    const loading = cg.load(data).then((out) => { answer = out; });
    const seen = [];
    await page.settle(5);
    seen.push([cy.nodes().length, cy.edges().length]);
    for (let frame = 0; frame < 6; frame += 1) {
        cy.emit('render');
        await page.settle(5);
        seen.push([cy.nodes().length, cy.edges().length]);
    }
    await loading;
    // 5 bubbles in even groups of at most 2 (2, 2, 1), then 7 links (3, 3, 1)
    assert.deepEqual(seen, [[2, 0], [4, 0], [5, 0], [5, 3], [5, 6], [5, 7], [5, 7]]);
    assert.equal(answer, '5:7');
});

test('without the contract\'s sizes an overview comes bubbles first, links next frame',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cg} = page;
    assert.deepEqual(cg.inFrames([1, 2, 3], [4, 5], {}), [[1, 2, 3], [4, 5]]);
    assert.deepEqual(cg.inFrames([1, 2, 3], [4, 5], {nodes: 2, edges: 1}),
                     [[1, 2], [3], [4], [5]]);
    assert.deepEqual(cg.inFrames([], [], {nodes: 2}), [[]]);
});
