'use strict';
/* resync(): cytoscape measures its canvas again only when the canvas moved or changed size
   on the page (each resize redraws every element). */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase} = require('./page.js');

async function loaded(t) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(smallCase());
    // where the browser would lay the canvas out: below the toolbar, 800 x 600
    const rect = {left: 300, top: 120, width: 800, height: 600};
    page.canvas.getBoundingClientRect = () => Object.assign({}, rect);
    const resized = [];
    page.cy.on('resize', () => resized.push(Object.assign({}, rect)));
    return {page, rect, resized};
}

test('a resync measures the canvas once, and not again while it stays put', async (t) => {
    const {page, resized} = await loaded(t);

    page.cg.resync();
    await page.settle(300);  // the second look, 250 ms later: nothing moved
    page.cg.resync();
    await page.settle(300);

    assert.equal(resized.length, 1);
});

test('a canvas moved down or grown is measured again', async (t) => {
    const {page, rect, resized} = await loaded(t);
    page.cg.resync();
    await page.settle(300);

    rect.top += 140;  // a panel filled above it
    page.cg.resync();
    assert.equal(resized.length, 2);
    rect.height = 700;  // still growing: the second look sees it
    await page.settle(300);
    assert.equal(resized.length, 3);
    assert.deepEqual(resized[2], {left: 300, top: 260, width: 800, height: 700});
});

test('a resize asked for elsewhere counts as the canvas measured', async (t) => {
    const {page, rect, resized} = await loaded(t);
    page.cg.resync();
    rect.top = 400;
    page.cy.resize();  // e.g. a press on the canvas (casegraph.js measures it first)

    assert.equal(page.cg.resizeIfMoved(page.cy), false);
    rect.top = 120;  // and back where it was at the resync: measured again
    assert.equal(page.cg.resizeIfMoved(page.cy), true);
    assert.equal(resized.length, 3);
});
