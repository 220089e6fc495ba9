'use strict';
/* The script takes its ids and class names from the contract Python puts in the page. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {EXPORTED, install, makePage, smallCase} = require('./page.js');

test('the script looks for the contract under the id Python gives it', () => {
    assert.equal(install.CONTRACT_ID, EXPORTED.id);
});

test('ids and classes come from the contract, not from the script', async (t) => {
    const contract = JSON.parse(JSON.stringify(EXPORTED.contract));
    contract.ids.CYTOSCAPE = 'another-canvas';
    contract.ids.SELECTION = 'another-selection';
    contract.classes.FADED_CLASS = 'another-faded';
    const page = makePage({contract});
    t.after(page.close);
    const {cy, cg} = page;

    assert.equal(await cg.load(smallCase()), '5:4');
    cg.select({kind: 'node', id: 'eve'});
    assert.deepEqual(cy.$('.another-faded').length, 8);
    cg.clearSelection();
    assert.deepEqual(page.setProps, [['another-selection', {data: null}]]);
});

test('a page without the contract says what is missing', async (t) => {
    const page = makePage({withContract: false});
    t.after(page.close);
    assert.throws(() => page.cg.clearSelection(), /cg-js-contract.*components\/jscontract\.py/);
});

test('a name the contract lacks is an error, not a silent undefined', async (t) => {
    const contract = JSON.parse(JSON.stringify(EXPORTED.contract));
    delete contract.ids.SELECTION;
    const page = makePage({contract});
    t.after(page.close);
    assert.throws(() => page.cg.clearSelection(), /SELECTION is not in components\/jscontract/);
});
