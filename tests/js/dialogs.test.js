'use strict';
/* Dialogs, presentation mode and saved views (components/view_state.py, briefing.py,
   cases.py). */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase, element, NO_UPDATE} = require('./page.js');

async function loaded(t) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(smallCase());
    return page;
}

test('a dialog opens with the canvas viewport and closes without it', async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    // components/view_state.register with one dialog: the open button, then the close
    // button; the outputs are the Modal's is_open and the viewport store
    const inputs = [['export-open', 'n_clicks'], ['export-close', 'n_clicks']];
    page.firedBy([['export-open.n_clicks', 1]], inputs);
    const [opened, viewport] = cg.dialog(1, 0);
    assert.equal(opened, true);
    assert.deepEqual(viewport, {pan: cy.pan(), zoom: cy.zoom(), viewport_width: 800,
                                viewport_height: 600, case: 'c1@1'});

    page.firedBy([['export-close.n_clicks', 1]], inputs);
    assert.deepEqual(cg.dialog(1, 1), [false, NO_UPDATE]);
});

test('one switch for several dialogs: only the clicked one changes', async (t) => {
    const page = await loaded(t);
    const {cg} = page;
    // the page's three dialogs (cases, briefing, export), each an open and a close button
    const inputs = [['cases-open', 'n_clicks'], ['cases-close', 'n_clicks'],
                    ['briefing-open', 'n_clicks'], ['briefing-close', 'n_clicks'],
                    ['export-open', 'n_clicks'], ['export-close', 'n_clicks']];
    page.firedBy([['briefing-open.n_clicks', 1]], inputs);
    const opened = cg.dialog(0, 0, 1, 0, 0, 0);
    assert.deepEqual(opened.slice(0, 3), [NO_UPDATE, true, NO_UPDATE]);
    assert.equal(opened[3].zoom, page.cy.zoom());  // the viewport, read as it opened

    page.firedBy([['briefing-close.n_clicks', 1]], inputs);
    assert.deepEqual(cg.dialog(0, 0, 1, 1, 0, 0), [NO_UPDATE, false, NO_UPDATE, NO_UPDATE]);
    // a button re-rendered with no click opens nothing
    page.firedBy([['cases-open.n_clicks', 0]], inputs);
    assert.deepEqual(cg.dialog(0, 0, 1, 1, 0, 0), [NO_UPDATE, NO_UPDATE, NO_UPDATE, NO_UPDATE]);
});

test('outside presentation mode the script leaves Escape to the dialogs', (t) => {
    const page = makePage();
    t.after(page.close);
    const {ids, byId} = page;
    page.bySelector.set('.' + page.classes.APP_CLASS, element());
    const exit = element();
    byId.set(ids.PRESENT_EXIT, exit);
    let prevented = 0;
    page.dispatch('keydown', {key: 'Escape', preventDefault() { prevented += 1; }});
    assert.deepEqual([exit.clicks, prevented], [0, 0]);
});

test('presentation mode: a class on the page root, arrow keys step, Escape leaves',
     async (t) => {
    const page = await loaded(t);
    const {cg, ids, classes, byId} = page;
    const root = element();
    page.bySelector.set('.' + classes.APP_CLASS, root);
    const buttons = {};
    ['PRESENT_NEXT', 'PRESENT_PREV', 'PRESENT_EXIT'].forEach((name) => {
        buttons[name] = element();
        byId.set(ids[name], buttons[name]);
    });

    page.firedBy([['briefing-present.n_clicks', 1]]);
    const [sink, dialog] = cg.present(1, [], 0);
    assert.match(sink, /^on:/);
    assert.equal(dialog, false);  // the briefing dialog (its is_open) closes
    assert.ok(root.classList.contains(classes.PRESENTING_CLASS));

    let prevented = 0;
    const key = (name) => page.dispatch('keydown', {key: name, preventDefault() { prevented += 1; }});
    key('ArrowRight');
    key('PageDown');
    key('ArrowLeft');
    key('x');
    assert.deepEqual([buttons.PRESENT_NEXT.clicks, buttons.PRESENT_PREV.clicks], [2, 1]);
    assert.equal(prevented, 3);
    key('Escape');
    assert.equal(buttons.PRESENT_EXIT.clicks, 1);

    page.firedBy([[ids.PRESENT_EXIT + '.n_clicks', 1]]);
    const [left, unchanged] = cg.present(1, [], 1);
    assert.match(left, /^off:/);
    assert.equal(unchanged, NO_UPDATE);
    assert.ok(!root.classList.contains(classes.PRESENTING_CLASS));
});

test('a saved view is laid on once its case is drawn, once', async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    // the view saved on a canvas of 400 x 300 showing the box x -50..150, y -25..125
    const saved = {case: ['c1', 1], pan: {x: 100, y: 50}, zoom: 2, viewport_width: 400,
                   viewport_height: 300, selection: {kind: 'node', id: 'fox'}, t: 5};

    assert.equal(cg.restoreView(Object.assign({}, saved, {case: ['c1', 2]})), NO_UPDATE);
    assert.equal(cg.restoreView(saved), 5);
    // the same box on 800 x 600: twice the zoom, the same centre (50, 50)
    assert.equal(cy.zoom(), 4);
    assert.deepEqual(cy.pan(), {x: 200, y: 100});
    assert.deepEqual(cy.$(':selected').map((n) => n.id()), ['fox']);

    cy.viewport({zoom: 1, pan: {x: 0, y: 0}});
    assert.equal(cg.restoreView(saved), NO_UPDATE);  // already laid on
    assert.equal(cy.zoom(), 1);
});
