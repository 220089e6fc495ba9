'use strict';
/* assets/open_tab.js gate(): the case (with the view) and the selection reach a tab's own
   store only while the tab is open, or, for the case, while its marks are on the diagram. */
const test = require('node:test');
const assert = require('node:assert/strict');
const install = require('../../assets/open_tab.js');

const NO = Object.freeze({description: 'no_update'});
const PLAN = {caseTabs: ['structure', 'paths', 'audit'], selectionTabs: ['paths'],
              overlayTabs: ['structure', 'paths']};
const CASE = {case_id: 'c1', rev: 3};
const SEEN = {case_id: 'c1', rev: 3, view: 'people'};

/* gate() with the plan above: overlays [structure, paths], gates [3 case, 1 selection]. */
function gate({tab, selection = null, overlays = [null, null], gates = [null, null, null, null],
               store = CASE, view = 'people'}) {
    return install.gate(PLAN, [store, tab, view, selection, ...overlays, ...gates], NO);
}

test('only the open tab hears of a new revision', () => {
    assert.deepEqual(gate({tab: 'structure'}), [SEEN, NO, NO, NO]);
    assert.deepEqual(gate({tab: 'audit'}), [NO, NO, SEEN, NO]);
});

test('a tab already up to date is not asked again; one out of date is, on opening', () => {
    const old = {case_id: 'c1', rev: 2, view: 'people'};
    assert.deepEqual(gate({tab: 'structure', gates: [SEEN, old, null, null]}),
                     [NO, NO, NO, NO]);
    assert.deepEqual(gate({tab: 'paths', gates: [SEEN, old, null, null]}),
                     [NO, SEEN, NO, NO]);
});

test('the view switch reaches the open tab', () => {
    const entities = {...CASE, view: 'entities'};
    assert.deepEqual(gate({tab: 'structure', view: 'entities', gates: [SEEN, null, null, null]}),
                     [entities, NO, NO, NO]);
});

test('a closed tab whose marks are on the diagram keeps up with the case', () => {
    const drawn = {case: ['c1', 2], classes: {'ov-path': ['a', 'b']}, fit: false, note: ''};
    const empty = {case: ['c1', 2], classes: {'ov-path': []}, fit: false, note: ''};
    assert.deepEqual(gate({tab: 'structure', overlays: [null, drawn]}), [SEEN, SEEN, NO, NO]);
    assert.deepEqual(gate({tab: 'structure', overlays: [null, empty]}), [SEEN, NO, NO, NO]);
});

test('the selection reaches only an open tab that follows it', () => {
    const sel = {kind: 'node', id: 'ash', centre: false};
    assert.deepEqual(gate({tab: 'structure', selection: sel, gates: [SEEN, null, null, null]}),
                     [NO, NO, NO, NO]);
    assert.deepEqual(gate({tab: 'paths', selection: sel, gates: [SEEN, SEEN, null, null]}),
                     [NO, NO, NO, sel]);
});

test('no case open: the open tab is told so once', () => {
    assert.deepEqual(gate({tab: 'structure', store: null, gates: [SEEN, null, null, null]}),
                     [null, NO, NO, NO]);
    assert.deepEqual(gate({tab: 'structure', store: null}), [NO, NO, NO, NO]);
});

test('installed on the page it reads its plan from the contract', () => {
    const contract = {openTab: PLAN};
    const window = {document: {getElementById: (id) => (id === 'cg-js-contract'
        ? {textContent: JSON.stringify(contract)} : null)},
                    dash_clientside: {no_update: NO}};
    install(window);
    const out = window.dash_clientside.casegraph_tabs.gate(CASE, 'audit', 'people', null,
                                                           null, null, null, null, null, null);
    assert.deepEqual(out, [NO, NO, SEEN, NO]);
});

test('a lookup reaches the audit tab at once while open, else once when it opens', () => {
    const wake = install.wake;
    const store = {tab: 'audit', t: 1};
    // open: passed on at once
    assert.deepEqual(wake(false, true, 'audit', store, 5, NO), [false, {tab: 'audit', t: 5}]);
    // closed: it waits, and no request is made
    assert.deepEqual(wake(false, true, 'structure', store, 6, NO), [true, NO]);
    // another tab opens: it still waits
    assert.deepEqual(wake(true, false, 'paths', store, 7, NO), [true, NO]);
    // the audit tab opens: once
    assert.deepEqual(wake(true, false, 'audit', store, 8, NO), [false, {tab: 'audit', t: 8}]);
    assert.deepEqual(wake(false, false, 'audit', store, 9, NO), [false, NO]);
});

test('a delta passes the case-opened copy by; another case or a whole revision reaches it', () => {
    const opened = (store, current) => install.opened(store, current, NO);
    assert.deepEqual(opened(CASE, null), CASE);
    assert.equal(opened({...CASE, rev: 4, delta: true}, CASE), NO);  // an expansion, a tag
    assert.deepEqual(opened({case_id: 'c1', rev: 5}, CASE), {case_id: 'c1', rev: 5});
    assert.deepEqual(opened({case_id: 'c2', rev: 1}, CASE), {case_id: 'c2', rev: 1});
    assert.equal(opened({...CASE}, CASE), NO);  // the same revision again: nothing to redo
    assert.equal(opened(null, null), NO);
    assert.equal(opened(null, CASE), null);  // the case closed
});
