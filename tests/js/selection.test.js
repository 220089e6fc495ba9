'use strict';
/* The selection: taps relayed, select() laying it on the canvas, multiple selections. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase, NO_UPDATE} = require('./page.js');

async function loaded(t, data = smallCase()) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(data);
    return page;
}

function idsOf(collection) { return collection.map((e) => e.id()).sort(); }

test('a node is selected with its neighbourhood in focus and the rest faded', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    assert.equal(cg.select({kind: 'node', id: 'bay'}), 'node:bay');
    assert.deepEqual(idsOf(cy.$(':selected')), ['bay']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)),
                     ['ash', 'ash-bay', 'bay', 'bay-cob', 'cob']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FADED_CLASS)), ['ash-cob', 'ash-fox', 'eve', 'fox']);

    // the next selection replaces it
    cg.select({kind: 'node', id: 'eve'});
    assert.deepEqual(idsOf(cy.$(':selected')), ['eve']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)), ['eve']);
});

test('an entity not drawn is shown by the one drawn for it', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    // e.g. a phone folded into its holder in the People view
    assert.equal(cg.select({kind: 'node', id: 'phone:1', drawn: 'bay'}), 'node:phone:1');
    assert.deepEqual(idsOf(cy.$(':selected')), ['bay']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)),
                     ['ash', 'ash-bay', 'bay', 'bay-cob', 'cob']);
    // drawn itself: its own node, whatever stands for it elsewhere
    cg.select({kind: 'node', id: 'eve', drawn: 'bay'});
    assert.deepEqual(idsOf(cy.$(':selected')), ['eve']);
});

test('a link is found by its id, or by its two ends', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cg.select({kind: 'edge', id: 'ash-fox'});
    assert.deepEqual(idsOf(cy.$(':selected')), ['ash-fox']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)), ['ash', 'ash-fox', 'fox']);

    cg.select({kind: 'edge', id: 'unknown', source: 'bay', target: 'cob'});
    assert.deepEqual(idsOf(cy.$(':selected')), ['bay-cob']);
});

test('a cluster is its members and the links among them', async (t) => {
    const data = smallCase();
    data.nodes.forEach((n) => { n.data.cm = ['ash', 'bay', 'cob'].includes(n.data.id) ? 0 : 1; });
    const page = await loaded(t, data);
    const {cy, cg, classes} = page;
    assert.equal(cg.select({kind: 'cluster', id: 0}), 'cluster:0');
    assert.deepEqual(idsOf(cy.$(':selected')), ['ash', 'bay', 'cob']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)),
                     ['ash', 'ash-bay', 'ash-cob', 'bay', 'bay-cob', 'cob']);
});

test('no selection clears the canvas', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cg.select({kind: 'node', id: 'ash'});
    assert.equal(cg.select(null), '');
    assert.equal(cy.$(':selected').length, 0);
    assert.equal(cy.$('.' + classes.FOCUS_CLASS + ', .' + classes.FADED_CLASS).length, 0);
});

test('a shift-click keeps the other selected entities selected and in focus', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cy.$('#eve, #fox').select();
    cg.select({kind: 'node', id: 'fox'});
    assert.deepEqual(idsOf(cy.$(':selected')), ['eve', 'fox']);
    assert.deepEqual(idsOf(cy.$('.' + classes.FOCUS_CLASS)), ['ash', 'ash-fox', 'eve', 'fox']);
});

test('taps reach the page as small objects', async (t) => {
    const page = await loaded(t);
    const {cy, cg, ids} = page;
    const tapNode = {data: {id: 'ash'}, timeStamp: 7, edgesData: [{}, {}]};
    const tapEdge = {data: {id: 'ash-bay', source: 'ash', target: 'bay'}, timeStamp: 9};

    page.firedBy([[ids.CYTOSCAPE + '.tapNode', tapNode]]);
    assert.deepEqual(cg.tap(tapNode, tapEdge), {kind: 'node', id: 'ash', t: 7});
    page.firedBy([[ids.CYTOSCAPE + '.tapEdge', tapEdge]]);
    assert.deepEqual(cg.tap(tapNode, tapEdge),
                     {kind: 'edge', id: 'ash-bay', source: 'ash', target: 'bay', t: 9});

    // a shift-click that took ash out of a multiple selection is not a new focus
    cy.$('#bay, #cob').select();
    page.firedBy([[ids.CYTOSCAPE + '.tapNode', tapNode]]);
    assert.equal(cg.tap(tapNode, null), NO_UPDATE);
});

test('two or more selected entities are reported once the selection settles', async (t) => {
    const page = await loaded(t);
    const {cy, ids} = page;
    cy.$('#ash').select();
    cy.$('#bay').select();
    cy.$('#cob').select();
    await page.settle(60);
    assert.deepEqual(page.setProps, []);  // not while it is changing
    await page.settle(150);
    assert.deepEqual(page.setProps, [[ids.MULTI_SELECTION, {data: ['ash', 'bay', 'cob']}]]);

    cy.$('#bay, #cob').unselect();
    await page.settle(200);
    assert.deepEqual(page.setProps.at(-1), [ids.MULTI_SELECTION, {data: []}]);
    // the same again is not sent again
    cy.$('#ash').unselect();
    await page.settle(200);
    assert.equal(page.setProps.length, 2);
});

test('the multi-selection bar\'s Clear unselects all and clears the selection store',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg, ids, classes} = page;
    cg.select({kind: 'node', id: 'ash'});
    cy.$('#eve').select();
    assert.equal(typeof cg.clearSelection(1), 'number');
    assert.equal(cy.$(':selected').length, 0);
    assert.equal(cy.$('.' + classes.FOCUS_CLASS + ', .' + classes.FADED_CLASS).length, 0);
    assert.deepEqual(page.setProps[0], [ids.SELECTION, {data: null}]);
});
