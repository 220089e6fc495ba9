'use strict';
/* The marks' lifecycle in the browser: marks bound to a tab, refits only for marks that
   changed, and Escape or a tap on the empty canvas clearing selection, fade and marks. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase} = require('./page.js');

async function loaded(t) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(smallCase());
    return page;
}

function marks(classes, fit = false) {
    return {case: ['c1', 1], classes, fit, note: ''};
}

/* The overlay callback's arguments as the page passes them: one per overlay store of
   components/ids.py OVERLAYS (by name), then the open tab, then the canvas sync stamp. */
function args(page, byStore, tab) {
    const stores = page.contract.overlayTabs.map(() => null);
    Object.keys(byStore).forEach((i) => { stores[Number(i)] = byStore[i]; });
    return [...stores, tab, Date.now()];
}

test('marks bound to a tab are drawn only while that tab is open', async (t) => {
    const page = await loaded(t);
    const {cy, cg, contract} = page;
    const bound = contract.overlayTabs.findIndex((tab) => tab);
    assert.ok(bound >= 0, 'the contract names a tab-bound overlay');
    const tab = contract.overlayTabs[bound];
    const arrests = {[bound]: marks({'ov-removed': ['cob']})};

    cg.overlay(...args(page, arrests, tab));
    assert.deepEqual(cy.$('.ov-removed').map((e) => e.id()), ['cob']);

    cg.overlay(...args(page, arrests, 'paths'));
    assert.equal(cy.$('.ov-removed').length, 0);

    cg.overlay(...args(page, arrests, tab));
    assert.deepEqual(cy.$('.ov-removed').map((e) => e.id()), ['cob']);
});

test('a mark that did not change does not pull the view back onto itself', async (t) => {
    const page = await loaded(t);
    const {cy, cg, contract} = page;
    const free = contract.overlayTabs.findIndex((tab) => !tab);
    const other = contract.overlayTabs.findIndex((tab, i) => !tab && i !== free);
    const path = {[free]: marks({'ov-path': ['bay', 'cob']}, true)};

    cg.overlay(...args(page, path, 'paths'));
    await page.settle(450);
    const zoomed = cy.zoom();
    cy.zoom(zoomed / 4);  // the analyst zooms out

    // another panel answers (an expansion, another tab): the path is the same as before
    cg.overlay(...args(page, Object.assign({}, path, {[other]: marks({'ov-new': ['eve']})}),
                       'paths'));
    await page.settle(450);
    assert.equal(cy.zoom(), zoomed / 4);
    assert.deepEqual(cy.$('.ov-path').map((e) => e.id()).sort(), ['bay', 'cob']);
});

test('a tap on the empty canvas clears the selection, its fade and asks to clear the marks',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg, ids, classes, setProps} = page;
    cg.select({kind: 'node', id: 'ash'});
    assert.ok(cy.$('.' + classes.FADED_CLASS).length > 0);

    cy.$('#ash').emit('tap');  // a tap on a node is not a clear
    assert.equal(setProps.filter(([id]) => id === ids.MARKS_CLEAR).length, 0);

    cy.emit('tap');
    assert.equal(cy.$('.' + classes.FADED_CLASS).length, 0);
    assert.equal(cy.$(':selected').length, 0);
    const cleared = setProps.filter(([id]) => id === ids.MARKS_CLEAR);
    assert.equal(cleared.length, 1);
    assert.ok(cleared[0][1].data.t > 0);
    assert.deepEqual(setProps.filter(([id]) => id === ids.SELECTION).pop()[1], {data: null});
});

test('Escape clears too, unless it is typed into a field or closes a dialog', async (t) => {
    const page = await loaded(t);
    const {cg, ids, setProps} = page;
    const root = {classList: {contains: () => false}};
    page.bySelector.set('.' + page.classes.APP_CLASS, root);
    cg.select({kind: 'node', id: 'ash'});
    const clears = () => setProps.filter(([id]) => id === ids.MARKS_CLEAR).length;

    page.dispatch('keydown', {key: 'Escape', target: {tagName: 'INPUT'}});
    assert.equal(clears(), 0);

    page.dispatch('keydown', {key: 'Escape', target: {tagName: 'DIV'}});
    assert.equal(clears(), 1);
});
