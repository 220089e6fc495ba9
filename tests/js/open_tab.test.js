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

/* The panels that follow an expansion in the page (the real constants are checked against
   the server's answers in tests/callbacks/test_follow_expansion.py). */
const FOLLOW = {untagged: 'untagged', hide: 'ov-hide', count: '  ·  (\\d+) entities  ·  ',
                showing: {bound: [null, 'disruption'], counted: ['ov-cut', 'ov-new']},
                marks: {bound: [null, 'disruption']}};
const GROWN = {case_id: 'c1', rev: 4, delta: true, base: 3};
const DELTA = {base: ['c1', 3], case: ['c1', 4], nodes: [{data: {id: 'n1'}}, {data: {id: 'n2'}}],
               edges: [], remove: [], update: []};

test('the tags overlay moves onto an expansion, its new entities hidden with the untagged', () => {
    const tags = (...args) => install.tags(FOLLOW, ...args, NO);
    const made = {case: ['c1', 3], classes: {'tag-suspect': ['a'], 'ov-hide': ['b']}, fit: true,
                  note: ''};
    const [all, ask] = tags(GROWN, DELTA, ['suspect', 'untagged'], made, CASE);
    assert.equal(ask, NO);
    assert.deepEqual(all, {...made, case: ['c1', 4], fit: false});
    const [some] = tags(GROWN, DELTA, ['suspect'], made, CASE);
    assert.deepEqual(some.classes['ov-hide'], ['b', 'n1', 'n2']);
    assert.deepEqual(made.classes['ov-hide'], ['b']);  // the overlay on the page is not changed
    // an overlay of another revision, a delta that removes, a tag (no base): the server
    assert.deepEqual(tags(GROWN, DELTA, [], {...made, case: ['c1', 2]}, CASE), [NO, GROWN]);
    assert.deepEqual(tags(GROWN, {...DELTA, remove: ['n0']}, [], made, CASE), [NO, GROWN]);
    const tagged = {case_id: 'c1', rev: 4, delta: true};
    assert.deepEqual(tags(tagged, DELTA, [], made, CASE), [NO, tagged]);
    assert.deepEqual(tags(tagged, DELTA, [], made, tagged), [NO, NO]);
});

test("the picker's count grows by the entities an expansion added; an undo asks", () => {
    const count = (...args) => install.pickerCount(FOLLOW, ...args, NO);
    const options = [{label: 'Other  ·  7 entities  ·  sample', value: 'c2'},
                     {label: 'Ring 9  ·  298 entities  ·  upload', value: 'c1'}];
    assert.deepEqual(count(GROWN, DELTA, options), [
        [options[0], {label: 'Ring 9  ·  300 entities  ·  upload', value: 'c1'}], NO]);
    assert.deepEqual(count(GROWN, {...DELTA, remove: ['n1']}, options), [NO, GROWN]);
    assert.deepEqual(count({case_id: 'c1', rev: 4, delta: true}, DELTA, options), [NO, NO]);
    assert.deepEqual(count({case_id: 'c1', rev: 4}, null, options), [NO, NO]);
    assert.deepEqual(count(GROWN, {...DELTA, nodes: []}, options), [NO, NO]);
});

test('the Showing strip is asked only when the counts of its marks change', () => {
    const key = (overlays, tab, current) => install.showingKey(
        FOLLOW, [...overlays, tab, ['person'], 2, [{value: 'person'}, {value: 'phone'}],
                 'Phase 2: 5 of 9 active', GROWN, current], NO);
    const cut = {case: ['c1', 4], classes: {'ov-cut': ['a', ['a', 'b']], 'ov-dim': ['c']}};
    const arrests = {case: ['c1', 4], classes: {'ov-removed': ['d']}};
    const first = key([cut, arrests], 'structure', null);
    assert.deepEqual(first, {marks: [{'ov-cut': 1}, null], hidden: ['phone'], least: 2,
                             time: 'Phase 2'});
    assert.equal(key([{...cut, classes: {'ov-cut': ['z']}}, arrests], 'structure', first), NO);
    assert.deepEqual(key([cut, arrests], 'disruption', first).marks, [{'ov-cut': 1}, {}]);
    assert.deepEqual(key([{...cut, case: ['c1', 3]}, null], 'structure', first).marks,
                     [null, null]);
});

test('the legend is asked only when the kinds of mark on the diagram change', () => {
    const key = (overlays, tab, current) => install.marksKey(FOLLOW, [...overlays, tab, GROWN,
                                                                      current], NO);
    const cut = {case: ['c1', 4], classes: {'ov-cut': ['a'], 'ov-dim': []}};
    const arrests = {case: ['c1', 4], classes: {'ov-removed': ['d'], 'ov-cut': ['e']}};
    const first = key([cut, arrests], 'disruption', null);
    assert.deepEqual(first, ['ov-cut', 'ov-removed']);
    // more marks of the same kinds: nothing asked
    assert.equal(key([{...cut, classes: {'ov-cut': ['a', 'b']}}, arrests], 'disruption', first),
                 NO);
    // a bound overlay's tab closed, an overlay of the revision before: not on screen
    assert.deepEqual(key([cut, arrests], 'structure', first), ['ov-cut']);
    assert.deepEqual(key([{...cut, case: ['c1', 3]}, null], 'structure', first), []);
});
