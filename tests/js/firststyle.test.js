'use strict';
/* load() with a payload that carries its stylesheet (a large case's first overview,
   components/diagram_facts.py), and styleOnce(): a stylesheet equal to the last one given
   is not applied again. dash-cytoscape applies its `stylesheet` prop as
   cy.style().fromJson(sheet).update(); `dashApplies` does the same. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, payload, smallCase} = require('./page.js');

function sheet(colour) {
    return [{selector: 'node', style: {'background-color': colour, width: 20, height: 20}},
            {selector: 'edge', style: {'line-color': colour, width: 2}}];
}

/* A copy, as a new prop from Dash is: equal, not the same object. */
function dashApplies(cy, rules) {
    cy.style().fromJson(JSON.parse(JSON.stringify(rules))).update();
}

/* How many times elements were styled ('style' events of the elements). */
function countStyling(cy) {
    const count = {n: 0};
    cy.on('style', () => { count.n += 1; });
    return count;
}

function overview(caseId, colour) {
    return payload(caseId, 1, [['b0', 0, 0, {cm: 0}], ['b1', 400, 0, {cm: 1}],
                               ['b2', 0, 400, {cm: 2}]],
                   [['b0', 'b1', 'x1'], ['b1', 'b2', 'x2']],
                   {overview: {clusters: 3, open: [], left_out: 0, drill_left_out: 0},
                    stylesheet: sheet(colour)});
}

test('an overview that carries its stylesheet is styled once, with it, as it is added',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(smallCase());
    dashApplies(cy, sheet('#111111'));  // the small case's own sheet, from the callback
    const styled = countStyling(cy);

    await cg.load(overview('big', '#ff0000'));

    assert.equal(cy.nodes().length, 3);
    assert.equal(cy.$('#b0').style('background-color'), 'rgb(255,0,0)');
    assert.equal(cy.$('#x1').style('line-color'), 'rgb(255,0,0)');
    // each new element once; the small case's, removed first, not at all
    assert.equal(styled.n, 5);
    assert.deepEqual(cy.scratch('cgStylesheets'), {applied: 2, skipped: 0});
});

test('the same stylesheet from the stylesheet callback afterwards restyles nothing',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(overview('big', '#ff0000'));
    const styled = countStyling(cy);

    dashApplies(cy, sheet('#ff0000'));
    dashApplies(cy, sheet('#ff0000'));  // the callback answers again as the controls settle

    assert.equal(styled.n, 0);
    assert.deepEqual(cy.scratch('cgStylesheets'), {applied: 1, skipped: 2});
    // another sheet (the analyst colours by type) is applied
    dashApplies(cy, sheet('#00ff00'));
    assert.equal(styled.n, 5);
    assert.equal(cy.$('#b1').style('background-color'), 'rgb(0,255,0)');
});

test('the callback\'s sheet coming before the overview: the payload\'s equal sheet is not ' +
     'applied again', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(smallCase());
    dashApplies(cy, sheet('#ff0000'));
    const styled = countStyling(cy);

    await cg.load(overview('big', '#ff0000'));

    assert.equal(styled.n, 5);  // the new elements, once
    assert.deepEqual(cy.scratch('cgStylesheets'), {applied: 1, skipped: 1});
    assert.equal(cy.$('#b2').style('background-color'), 'rgb(255,0,0)');
});

test('small, large, small again: each case ends with its own sheet', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await cg.load(smallCase());
    dashApplies(cy, sheet('#111111'));
    await cg.load(overview('big', '#ff0000'));
    dashApplies(cy, sheet('#ff0000'));  // the callback's answer for the large case
    assert.equal(cy.$('#b0').style('background-color'), 'rgb(255,0,0)');

    // a small case's payload carries no sheet: the canvas keeps its sheet until the
    // callback's answer, which is applied although it was applied before the large case
    await cg.load(smallCase(2));
    assert.equal(cy.$('#ash').style('background-color'), 'rgb(255,0,0)');
    dashApplies(cy, sheet('#111111'));
    assert.equal(cy.$('#ash').style('background-color'), 'rgb(17,17,17)');

    // and the large case again, its sheet with it
    await cg.load(overview('big', '#ff0000'));
    assert.equal(cy.$('#b0').style('background-color'), 'rgb(255,0,0)');
    assert.deepEqual(cy.scratch('cgStylesheets'), {applied: 4, skipped: 1});
});

test('an overview draws its bubbles a frame before its links, and answers after their frame',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    let answer = null;
    const loading = cg.load(overview('big', '#ff0000')).then((out) => { answer = out; });
    await page.settle(20);
    assert.equal(cy.nodes().length, 3);
    assert.equal(cy.edges().length, 0);

    cy.emit('render');  // the bubbles' frame
    await page.settle(20);
    assert.equal(cy.edges().length, 2);
    assert.equal(answer, null);  // the page's work on the answer waits for the links' frame
    cy.emit('render');
    await loading;
    assert.equal(answer, '3:2');
});

test('a newer case before the overview\'s links are added: they are left out', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    const first = cg.load(overview('big', '#ff0000'));
    await page.settle(20);
    await cg.load(smallCase());
    cy.emit('render');
    await first;
    assert.deepEqual(cy.nodes().map((n) => n.id()).sort(), ['ash', 'bay', 'cob', 'eve', 'fox']);
    assert.equal(cy.edges().length, 4);
});
