'use strict';
/* enrichApply(): an expansion's delta onto the canvas, or a reload when it does not fit. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase, NO_UPDATE} = require('./page.js');

/* An expansion of ash at revision 1 -> 2 (as components/enrich.py sends it). */
function expansion(ids, base = ['c1', 1]) {
    return {
        base, case: ['c1', 2],
        nodes: [
            {data: {id: 'gus', label: 'Gus'}, anchor: 'ash', rel: {x: 30, y: -40}},
            // anchored on a node of the same delta
            {data: {id: 'hal', label: 'Hal'}, anchor: 'gus', rel: {x: 10, y: 0}},
            // its anchor is not drawn (inside a closed cluster): left out
            {data: {id: 'ivy', label: 'Ivy'}, anchor: 'nobody', rel: {x: 0, y: 0}},
        ],
        edges: [
            {data: {id: 'ash-gus', source: 'ash', target: 'gus'}},
            {data: {id: 'gus-hal', source: 'gus', target: 'hal'}},
            {data: {id: 'ash-bay', source: 'ash', target: 'bay'}},  // on the canvas already
            {data: {id: 'ivy-ash', source: 'ivy', target: 'ash'}},  // one end not drawn
        ],
        update: [{id: 'ash', data: {deg: 6}}, {id: 'gone', data: {deg: 1}}],
        remove: ['eve'],
        then: [[ids.CASE_STORE, 'data', {case_id: 'c1', rev: 2, delta: true}],
               ['result-card', 'style', {display: 'block'}]],
    };
}

async function loaded(t) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(smallCase());
    return page;
}

test('the delta adds only its elements, next to the entity they were found from',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    const before = cy.elements().map((e) => e.id()).sort();

    const [reload, sync] = cg.enrichApply(expansion(page.ids), null);

    assert.equal(reload, NO_UPDATE);
    assert.equal(typeof sync, 'number');
    assert.deepEqual(cy.$('#gus').position(), {x: 30, y: -40});
    assert.deepEqual(cy.$('#hal').position(), {x: 40, y: -40});
    assert.equal(cy.$('#ivy').length, 0);
    assert.equal(cy.$('#eve').length, 0);
    assert.equal(cy.$('#ash').data('deg'), 6);
    const after = cy.elements().map((e) => e.id()).sort();
    const added = after.filter((id) => !before.includes(id));
    const removed = before.filter((id) => !after.includes(id));
    assert.deepEqual(added, ['ash-gus', 'gus', 'gus-hal', 'hal']);
    assert.deepEqual(removed, ['eve']);
    assert.equal(cy.edges('[source = "ash"][target = "bay"]').length, 1);
    assert.equal(cy.scratch('cgCase'), 'c1@2');
});

test('the new revision reaches the page after the new nodes are drawn', async (t) => {
    const page = await loaded(t);
    const {cy, cg, ids} = page;
    cg.enrichApply(expansion(ids), null);
    await page.settle(30);
    assert.deepEqual(page.setProps, []);

    cy.emit('render');
    await page.settle(30);
    assert.deepEqual(page.setProps, [
        // the case store says which revision the canvas was at (base)
        [ids.CASE_STORE, {data: {case_id: 'c1', rev: 2, delta: true, base: 1}}],
        ['result-card', {style: {display: 'block'}}],
    ]);
    // written once: the fallback for a page that draws no frame does not write again
    await page.settle(1100);
    assert.equal(page.setProps.length, 2);
});

test('a hidden page, which draws no frame, still gets the revision after a second',
     async (t) => {
    const page = await loaded(t);
    page.cg.enrichApply(expansion(page.ids), null);
    await page.settle(600);
    assert.equal(page.setProps.length, 0);
    await page.settle(600);
    assert.equal(page.setProps.length, 2);
});

test('with a selection on screen, what the expansion added joins its focus', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cg.select({kind: 'node', id: 'ash'});
    cg.enrichApply(expansion(page.ids), {kind: 'node', id: 'ash'});
    assert.ok(cy.$('#gus').hasClass(classes.FOCUS_CLASS));
    assert.ok(cy.$('#hal').hasClass(classes.FOCUS_CLASS));

    // the expansion re-sends its selection (with the revision): hal, two links from ash,
    // stays in focus, unfaded; laid on already, nothing is restyled (no frame redrawn)
    const restyled = [];
    cy.on('style', (evt) => restyled.push(evt.target.id()));
    cg.select({kind: 'node', id: 'ash', rev: 2});
    assert.deepEqual(restyled, []);
    assert.ok(cy.$('#hal').hasClass(classes.FOCUS_CLASS));
    assert.ok(!cy.$('#hal').hasClass(classes.FADED_CLASS));
    // a new selection lays the classes anew, and still keeps the fresh elements unfaded
    cg.select({kind: 'node', id: 'cob'});
    assert.ok(cy.$('#fox').hasClass(classes.FADED_CLASS));
    assert.ok(!cy.$('#hal').hasClass(classes.FADED_CLASS));
});

test('a delta made for another revision than the canvas shows asks for the full elements',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg, ids} = page;
    const before = cy.elements().map((e) => e.id()).sort();

    const [reload, sync] = cg.enrichApply(expansion(ids, ['c1', 0]), null);

    assert.deepEqual(reload.case, ['c1', 2]);
    assert.equal(typeof reload.t, 'number');
    assert.equal(sync, NO_UPDATE);
    assert.deepEqual(cy.elements().map((e) => e.id()).sort(), before);
    assert.equal(cy.scratch('cgCase'), 'c1@1');
    // the page moves on to the new revision at once (no frame to wait for)
    assert.deepEqual(page.setProps.map(([id]) => id), [ids.CASE_STORE, 'result-card']);
    assert.equal(page.setProps[0][1].data.base, 0);
});

test('a delta with no canvas on the page asks for the full elements', (t) => {
    const page = makePage();
    t.after(page.close);
    delete page.canvas._cyreg;
    const [reload] = page.cg.enrichApply(expansion(page.ids), null);
    assert.deepEqual(reload.case, ['c1', 2]);
    assert.deepEqual(page.cg.enrichApply(null, null), [NO_UPDATE, NO_UPDATE]);
});

test('a people network on screen is left alone: the new revision is stored at once',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids} = page;
    await cg.load(smallCase(1, {people: true}));
    assert.equal(cy.scratch('cgPeople'), true);
    const before = cy.elements().map((e) => e.id()).sort();

    const [reload, sync] = cg.enrichApply(expansion(ids), null);

    // no entity of the delta is drawn among the people, and no reload is asked for: the
    // case store is written now, and the diagram's case callback sends the people anew
    assert.equal(reload, NO_UPDATE);
    assert.equal(sync, NO_UPDATE);
    assert.deepEqual(cy.elements().map((e) => e.id()).sort(), before);
    assert.deepEqual(page.setProps.map(([id]) => id), [ids.CASE_STORE, 'result-card']);
    assert.equal(page.setProps[0][1].data.rev, 2);

    await cg.load(smallCase(2));
    assert.equal(cy.scratch('cgPeople'), false);
});
