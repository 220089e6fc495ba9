'use strict';
/* labelDetail(): labels too small to read at the current zoom are not drawn, hubs always are;
   watchSize(): the canvas size reaches ids.CANVAS_SIZE. The stylesheet is the one Python
   makes (components/stylesheet.py), with `hub` as the only hub. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {execFileSync} = require('node:child_process');
const path = require('node:path');
const {EXPORTED, makePage, payload} = require('./page.js');

const ROOT = path.resolve(__dirname, '..', '..');
const SHEET = JSON.parse(execFileSync(
    process.env.CASEGRAPH_PYTHON || path.join(ROOT, '.venv', 'bin', 'python'),
    ['-c', 'import json; from components.stylesheet import stylesheet; ' +
           'print(json.dumps(stylesheet(lambda p: p, hubs=["hub"], nodes=4)))'],
    {cwd: ROOT, encoding: 'utf8'}));

/* Four labelled nodes: `hub` and `ash` with 20 px fonts (model px), `bay` with 60 px. */
async function labelled(page) {
    page.cy.style().fromJson(SHEET).update();
    await page.cg.load(payload('c1', 1, [
        ['hub', 0, 0, {fs: 20, sz_degree: 0.5}], ['ash', 200, 0, {fs: 20, sz_degree: 0.5}],
        ['bay', 0, 200, {fs: 60, sz_degree: 0.5}],
        ['cob', 200, 200, {fs: 20, sz_degree: 0.5}]], [['hub', 'ash'], ['hub', 'bay']]));
}

function drawn(cy, nodeId) {
    const node = cy.getElementById(nodeId);
    return node.pstyle('label').strValue !== '' && node.pstyle('text-opacity').value > 0;
}

async function zoomTo(page, zoom) {
    page.cy.zoom(zoom);
    await page.settle(60);  // the update waits for a frame
}

test('at a small zoom a label under the readable size is hidden, a hub\'s stays; zooming ' +
     'in shows it', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, classes} = page;
    const px = EXPORTED.contract.labelDetail.px;
    assert.equal(px, 11);
    await labelled(page);

    await zoomTo(page, 0.3);  // 20 px fonts are 6 px on screen, 60 px ones 18 px
    assert.equal(drawn(cy, 'ash'), false);
    assert.equal(cy.$('#ash').hasClass(classes.SMALL_LABEL_CLASS), true);
    assert.equal(drawn(cy, 'bay'), true);
    assert.equal(drawn(cy, 'hub'), true);  // a hub is labelled whatever its size

    await zoomTo(page, 0.6);  // 12 px: readable
    assert.equal(drawn(cy, 'ash'), true);
    assert.equal(cy.$('.' + classes.SMALL_LABEL_CLASS).length, 0);

    await zoomTo(page, 0.5);  // 10 px: cytoscape's own rule (zoom rounded up to 1) drew it
    assert.equal(drawn(cy, 'ash'), false);
    assert.deepEqual(cy.$('.' + classes.SMALL_LABEL_CLASS).map((n) => n.id()).sort(),
                     ['ash', 'cob', 'hub']);
});

test('the selection and a tagged entity keep their labels; a faded hub loses its own',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg} = page;
    await labelled(page);
    await zoomTo(page, 0.3);
    cy.$('#cob').addClass('tag-suspect');
    assert.equal(drawn(cy, 'cob'), true);
    assert.equal(drawn(cy, 'ash'), false);
    cg.select({kind: 'node', id: 'ash'});
    assert.equal(drawn(cy, 'ash'), true);
    assert.equal(drawn(cy, 'hub'), true);  // a neighbour of the selection: in focus
    assert.equal(drawn(cy, 'cob'), false);  // faded

    cg.select({kind: 'node', id: 'bay'});  // hub is in focus, ash and cob faded
    assert.equal(drawn(cy, 'ash'), false);
    cg.select({kind: 'node', id: 'cob'});  // cob has no links: the hub is faded
    assert.equal(drawn(cy, 'hub'), false);
});

test('nodes an expansion adds are checked at once, without a change of zoom', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    await labelled(page);
    await zoomTo(page, 1);
    cg.enrichApply({
        base: ['c1', 1], case: ['c1', 2],
        nodes: [{data: {id: 'gus', label: 'Gus', fs: 5}, anchor: 'ash', rel: {x: 30, y: 0}},
                {data: {id: 'hal', label: 'Hal', fs: 12}, anchor: 'ash', rel: {x: 0, y: 30}}],
        edges: [], then: [[ids.CASE_STORE, 'data', {case_id: 'c1', rev: 2, delta: true}]],
    }, null);
    assert.equal(cy.$('#gus').hasClass(classes.SMALL_LABEL_CLASS), true);
    assert.equal(cy.$('#hal').hasClass(classes.SMALL_LABEL_CLASS), false);
    assert.equal(cy.$('#ash').hasClass(classes.SMALL_LABEL_CLASS), false);
    await zoomTo(page, 0.5);  // and they follow the zoom with the rest
    assert.equal(cy.$('#hal').hasClass(classes.SMALL_LABEL_CLASS), true);
});

test('a pan leaves the classes alone; a new case is checked as it is drawn', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    await labelled(page);
    await zoomTo(page, 0.3);
    cy.$('#ash').removeClass(classes.SMALL_LABEL_CLASS);  // to see whether a pan re-checks
    cy.panBy({x: 40, y: 10});
    await page.settle(60);
    assert.equal(cy.$('#ash').hasClass(classes.SMALL_LABEL_CLASS), false);

    await cg.load(payload('c2', 1, [['zed', 0, 0, {fs: 1}], ['yan', 900, 900, {fs: 900}]],
                          []));
    assert.deepEqual(cy.$('.' + classes.SMALL_LABEL_CLASS).map((n) => n.id()), ['zed']);
});

test('the class and the readable size are the contract\'s', async (t) => {
    const contract = JSON.parse(JSON.stringify(EXPORTED.contract));
    contract.classes.SMALL_LABEL_CLASS = 'another-small';
    contract.labelDetail.px = 30;
    const page = makePage({contract});
    t.after(page.close);
    const {cy} = page;
    await labelled(page);
    await zoomTo(page, 1);  // 20 px fonts under 30 px, 60 px ones above
    assert.deepEqual(cy.$('.another-small').map((n) => n.id()).sort(), ['ash', 'cob', 'hub']);
    assert.equal(cy.$('.' + EXPORTED.contract.classes.SMALL_LABEL_CLASS).length, 0);
});

test('the canvas size is reported once, and again when it changes', async (t) => {
    let width = 800;
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids} = page;
    cy.width = () => width;
    await cg.load(payload('c1', 1, [['a', 0, 0]], []));
    await cg.load(payload('c1', 2, [['a', 0, 0]], []));
    assert.deepEqual(page.sizes, [[ids.CANVAS_SIZE, {data: {width: 800, height: 600}}]]);
    width = 546.4;
    cy.resize();
    assert.deepEqual(page.sizes.at(-1), [ids.CANVAS_SIZE, {data: {width: 546, height: 600}}]);
    assert.equal(page.sizes.length, 2);
});
