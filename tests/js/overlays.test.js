'use strict';
/* overlay() / applyOverlays(): the analysis panels' marks over the diagram. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, smallCase, classesOn, NO_UPDATE} = require('./page.js');

async function loaded(t) {
    const page = makePage();
    t.after(page.close);
    await page.cg.load(smallCase());
    return page;
}

/* An overlay store's value (components/overlays.overlay). */
function marks(classes, rev = 1, fit = false) {
    return {case: ['c1', rev], classes, fit, note: ''};
}

test('marks of several panels are laid together, links given by their two ends',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    const structure = marks({'ov-cut': ['ash']});
    const paths = marks({'ov-path': ['ash', ['bay', 'ash'], 'bay']});

    const applied = cg.overlay(structure, null, paths, Date.now());

    assert.equal(applied, 4);
    assert.deepEqual(cy.$('.ov-cut').map((e) => e.id()), ['ash']);
    assert.deepEqual(cy.$('.ov-path').map((e) => e.id()).sort(), ['ash', 'ash-bay', 'bay']);
});

test('new marks replace the old ones and clearing leaves nothing behind', async (t) => {
    const page = await loaded(t);
    const {cy, cg, contract} = page;
    // every overlay class the stylesheet knows, at once
    const all = {};
    contract.overlayClasses.forEach((name, i) => {
        all[name] = [['ash', 'bay', 'cob', 'eve', 'fox'][i % 5]];
    });
    cg.overlay(marks(all), null, 1);
    assert.deepEqual(classesOn(cy), contract.overlayClasses.slice().sort());

    cg.overlay(marks({'ov-flag': ['eve']}), null, 2);
    assert.deepEqual(classesOn(cy), ['ov-flag']);
    assert.deepEqual(cy.$('.ov-flag').map((e) => e.id()), ['eve']);

    assert.equal(cg.overlay(null, null, 3), 0);
    assert.deepEqual(classesOn(cy), []);
});

test('marks made for another case or revision are not laid', async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    assert.equal(cg.overlay(marks({'ov-cut': ['ash']}, 0), 1), 0);
    assert.equal(cg.overlay({case: ['c9', 1], classes: {'ov-cut': ['ash']}}, 1), 0);
    assert.deepEqual(classesOn(cy), []);
});

test('"dim the others" fades all but the given nodes and the links between them',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cg.overlay(marks({[classes.DIM_OTHERS]: ['ash', 'bay']}), 1);
    assert.deepEqual(cy.$('.' + classes.OVERLAY_FOCUS).map((e) => e.id()).sort(), ['ash', 'bay']);
    assert.deepEqual(cy.$('.' + classes.OVERLAY_DIM).map((e) => e.id()).sort(),
                     ['ash-cob', 'ash-fox', 'bay-cob', 'cob', 'eve', 'fox']);
    assert.equal(cy.$('.' + classes.DIM_OTHERS).length, 0);
});

test('marks are laid again on a newly loaded case, and only if they are its own',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    cg.overlay(marks({'ov-target': ['cob']}), null, 1);

    await cg.load(smallCase(1));  // the same revision again (e.g. a reload)
    assert.deepEqual(cy.$('.ov-target').map((e) => e.id()), ['cob']);

    await cg.load(smallCase(2));  // a newer revision: its panels send their marks anew
    assert.deepEqual(classesOn(cy), []);
});

test('marks asking to be seen bring their elements into view; hidden ones do not',
     async (t) => {
    const page = await loaded(t);
    const {cy, cg} = page;
    const zoom = cy.zoom();
    cg.overlay(marks({'ov-hide': ['eve', 'fox', 'ash']}, 1, true), 1);
    await page.settle(450);
    assert.equal(cy.zoom(), zoom);

    cg.overlay(marks({'ov-path': ['bay', 'cob']}, 1, true), 1);
    await page.settle(450);  // a 350 ms animation
    assert.ok(cy.zoom() > zoom);
    const {x1, x2, y1, y2} = cy.extent();
    [cy.$('#bay'), cy.$('#cob')].forEach((n) => {
        const p = n.position();
        assert.ok(x1 < p.x && p.x < x2 && y1 < p.y && p.y < y2);
    });
});

test('overlays wait for a canvas', (t) => {
    const page = makePage();
    t.after(page.close);
    delete page.canvas._cyreg;
    assert.equal(page.cg.overlay(marks({'ov-cut': ['ash']}), 1), NO_UPDATE);
});

test('the same marks laid again, for a new revision, restyle nothing; a change restyles ' +
     'only the elements whose marks change', async (t) => {
    const page = await loaded(t);
    const {cy, cg, classes} = page;
    cg.overlay(marks({'ov-new': ['ash', 'bay'], [classes.DIM_OTHERS]: ['ash', 'bay', 'cob']}),
               null, 1);
    const restyled = [];
    cy.on('style', (evt) => restyled.push(evt.target.id()));

    cy.scratch().cgCase = 'c1@2';  // an expansion drew revision 2 (casegraph.enrichApply)
    cg.overlay(marks({'ov-new': ['ash', 'bay'], [classes.DIM_OTHERS]: ['ash', 'bay', 'cob']},
                     2), null, 2);
    assert.deepEqual(restyled, []);
    assert.deepEqual(cy.$('.ov-new').map((e) => e.id()).sort(), ['ash', 'bay']);
    assert.deepEqual(cy.$('.' + classes.OVERLAY_DIM).map((e) => e.id()).sort(),
                     ['ash-fox', 'eve', 'fox']);

    cg.overlay(marks({'ov-new': ['bay', 'cob'], [classes.DIM_OTHERS]: ['ash', 'bay', 'cob']},
                     2), null, 3);
    assert.deepEqual(restyled.sort(), ['ash', 'cob']);
    assert.deepEqual(cy.$('.ov-new').map((e) => e.id()).sort(), ['bay', 'cob']);
});
