'use strict';
/* A cluster of the overview opened or closed: the canvas lays the new payload on as a
   difference (casegraph.loadDifference), so the bubbles it leaves alone stay as they are. */
const test = require('node:test');
const assert = require('node:assert/strict');
const {makePage, NO_UPDATE} = require('./page.js');

const BUBBLES = [[0, 0, 0, 200], [1, 600, 0, 100], [2, 300, 400, 60]];

/* The overview of case "big" at `rev` with `open` clusters drawn as their entities, ids as
   casegraph.elements.overview_elements makes them: bubble "~c<cm>", summed link "~x<pair>".
   Cluster 0 holds ash and bay, cluster 2 holds cob (far from the others). */
function overview(bubble, open, rev = 1) {
    const members = {0: [['ash', -20, 0], ['bay', 20, 0]], 2: [['cob', 3000, 3000]]};
    const end = (cm, entity) => (open.includes(cm) ? entity : '~c' + cm);
    const nodes = [];
    BUBBLES.forEach(([cm, x, y, px]) => {
        if (open.includes(cm)) {
            members[cm].forEach(([id, ex, ey]) => nodes.push(
                {data: {id, label: id.toUpperCase()}, position: {x: ex, y: ey}}));
        } else {
            nodes.push({data: {id: '~c' + cm, cm, n: 10, px, label: 'Cluster ' + (cm + 1)},
                        classes: bubble, position: {x, y}});
        }
    });
    const links = [[end(0, 'ash'), end(1), 3], [end(0, 'bay'), end(1), 1],
                   [end(1), end(2, 'cob'), 2], [end(0, 'ash'), end(0, 'bay'), 1]];
    const sums = {};
    links.forEach(([a, b, n]) => {
        if (a === b) { return; }
        const key = [a, b].sort().join('|');
        sums[key] = (sums[key] || 0) + n;
    });
    const edges = Object.keys(sums).sort().map((key) => {
        const [a, b] = key.split('|');
        return {data: {id: '~x' + key, source: a, target: b, n: sums[key],
                       w: Math.min(1, Math.log1p(sums[key]) / Math.log1p(4))}};
    });
    return {case: ['big', rev], nodes, edges, progressive: false, layout: null,
            overview: {clusters: 3, open, left_out: 0, drill_left_out: 0},
            view: 'big@' + rev + ':overview:' + open};
}

function idsOf(collection) { return collection.map((e) => e.id()).sort(); }

test('opening a cluster takes its bubble away and adds its entities; nothing else moves',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, []));
    assert.deepEqual(idsOf(cy.nodes()), ['~c0', '~c1', '~c2']);
    // the analyst moved a bubble and zoomed in on cluster 1
    cy.getElementById('~c2').position({x: 350, y: 450});
    cy.viewport({zoom: 1.5, pan: {x: 50, y: 80}});
    const kept = {c1: cy.getElementById('~c1')[0], c2: cy.getElementById('~c2')[0], link: cy.getElementById('~x~c1|~c2')[0]};
    cy.getElementById('~c0').select();

    // no canvas sync: the marks are laid on by load itself, the case was drawn before
    assert.equal(await cg.load(overview(bubble, [0])), NO_UPDATE);

    assert.deepEqual(idsOf(cy.nodes()), ['ash', 'bay', '~c1', '~c2']);
    assert.deepEqual(idsOf(cy.edges()), ['~x~c1|~c2', '~xash|bay', '~xash|~c1', '~xbay|~c1'].sort());
    // the same elements, where they were: not removed and added again
    assert.equal(cy.getElementById('~c1')[0], kept.c1);
    assert.equal(cy.getElementById('~c2')[0], kept.c2);
    assert.equal(cy.getElementById('~x~c1|~c2')[0], kept.link);
    assert.deepEqual(cy.getElementById('~c2').position(), {x: 350, y: 450});
    assert.deepEqual(cy.getElementById('ash').position(), {x: -20, y: 0});
    // the opened cluster is on screen: the view stays
    assert.equal(cy.zoom(), 1.5);
    assert.deepEqual(cy.pan(), {x: 50, y: 80});
    assert.equal(cy.$(':selected').length, 0);
    assert.deepEqual(cy.scratch('cgOverview'), {nodes: 4, edges: 4, case: ['big', 1],
                                               open: [0]});
});

test('closing it again ("Back to clusters") works the same way, data brought up to date',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, [0]));
    const c1 = cy.getElementById('~c1')[0];
    cy.getElementById('~c1').position({x: 620, y: 30});
    cy.viewport({zoom: 1, pan: {x: 0, y: 0}});

    await cg.load(overview(bubble, []));

    assert.deepEqual(idsOf(cy.nodes()), ['~c0', '~c1', '~c2']);
    assert.equal(cy.getElementById('~c1')[0], c1);
    assert.deepEqual(cy.getElementById('~c1').position(), {x: 620, y: 30});
    assert.deepEqual(cy.getElementById('~c0').position(), {x: 0, y: 0});
    assert.ok(cy.getElementById('~c0').hasClass(bubble));
    // the summed link between clusters 0 and 1 is back, with its count
    assert.equal(cy.getElementById('~x~c0|~c1').data('n'), 4);
    assert.deepEqual(cy.pan(), {x: 0, y: 0});
});

test('a cluster opened off screen brings the view to it', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, []));
    cy.viewport({zoom: 1, pan: {x: 400, y: 300}});  // around (0, 0): cob is far away

    await cg.load(overview(bubble, [2]));
    await page.settle(500);

    const box = cy.extent();
    const cob = cy.getElementById('cob').position();
    assert.ok(cob.x > box.x1 && cob.x < box.x2 && cob.y > box.y1 && cob.y < box.y2,
              JSON.stringify({box, cob}));
    assert.equal(cy.zoom(), 1);
});

test('another revision, another case or a faded selection: handled as a whole load',
     async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, []));
    cy.getElementById('~c2').position({x: 350, y: 450});
    const c1 = cy.getElementById('~c1')[0];

    await cg.load(overview(bubble, [0], 2));  // an expansion made revision 2 meanwhile

    assert.deepEqual(idsOf(cy.nodes()), ['ash', 'bay', '~c1', '~c2']);
    assert.notEqual(cy.getElementById('~c1')[0], c1);
    assert.deepEqual(cy.getElementById('~c2').position(), {x: 300, y: 400});
    assert.equal(cy.scratch('cgCase'), 'big@2');

    // the same revision again: a difference, and a selection's fading goes with it
    const c2 = cy.getElementById('~c2')[0];
    cg.select({kind: 'node', id: '~c2'});
    assert.ok(cy.getElementById('ash').hasClass(classes.FADED_CLASS));
    await cg.load(overview(bubble, [], 2));
    assert.equal(cy.getElementById('~c2')[0], c2);
    assert.equal(cy.elements('.' + classes.FADED_CLASS).length, 0);
    assert.equal(cy.$(':selected').length, 0);

    // another case whose ids happen to match: whole
    const other = overview(bubble, [], 2);
    other.case = ['small', 2];
    await cg.load(other);
    assert.notEqual(cy.getElementById('~c2')[0], c2);
});

test('a tap on a bubble opens its cluster and selects nothing', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    await cg.load(overview(classes.CLUSTER_BUBBLE_CLASS, []));
    const tapped = {data: {id: '~c1', cm: 1}, classes: classes.CLUSTER_BUBBLE_CLASS, timeStamp: 5};
    page.firedBy([[ids.CYTOSCAPE + '.tapNode', tapped]]);
    assert.equal(cg.tap(tapped, null), NO_UPDATE);
    cy.getElementById('~c1').emit('tap');
    assert.deepEqual(page.setProps.map(([id, {data}]) => [id, data.open]),
                     [[ids.OVERVIEW_OPEN, [1]]]);
});

test('an opened cluster\'s labels are checked at once: a small one hidden, again after ' +
     'closing and opening it', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    const sized = (payload) => {
        payload.nodes.forEach((n) => { if (n.data.id === 'ash') { n.data.fs = 2; } });
        return payload;
    };
    await cg.load(sized(overview(bubble, [])));
    cy.zoom(0.5);
    await cg.load(sized(overview(bubble, [0])));
    assert.equal(cy.$('#ash').hasClass(classes.SMALL_LABEL_CLASS), true);
    await cg.load(sized(overview(bubble, [])));
    await cg.load(sized(overview(bubble, [0])));
    assert.equal(cy.$('#ash').hasClass(classes.SMALL_LABEL_CLASS), true);
});

test('"Size by" changed with a cluster open: the canvas asks for it again, and the answer ' +
     'resizes its entities in place', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    // an opened cluster's entities carry the size of the measure on screen alone
    const sized = (payload, field, values) => {
        payload.nodes.forEach((n) => {
            if (values[n.data.id] !== undefined) { n.data[field] = values[n.data.id]; }
        });
        return payload;
    };
    cy.style([{selector: 'node', style: {width: 'mapData(sz_degree, 0, 1, 10, 50)'}}]);
    await cg.load(overview(bubble, []));
    assert.equal(cg.resizeOpened('pagerank'), NO_UPDATE);  // bubbles: sized by membership

    await cg.load(sized(overview(bubble, [0]), 'sz_degree', {ash: 1, bay: 0}));
    const ash = cy.getElementById('ash')[0];
    assert.deepEqual([cy.$('#ash').width(), cy.$('#bay').width()], [50, 10]);

    assert.equal(cg.resizeOpened('degree'), NO_UPDATE);  // the measure they carry
    const asked = cg.resizeOpened('pagerank');
    assert.deepEqual([asked.case, asked.open], [['big', 1], [0]]);
    cy.style([{selector: 'node', style: {width: 'mapData(sz_pagerank, 0, 1, 10, 50)'}}]);
    await cg.load(sized(overview(bubble, [0]), 'sz_pagerank', {ash: 0, bay: 1}));
    assert.equal(cy.getElementById('ash')[0], ash);  // the same element, its data changed
    assert.deepEqual([cy.$('#ash').width(), cy.$('#bay').width()], [10, 50]);

    // no cluster open any more: nothing to ask for
    await cg.load(overview(bubble, [], 2));
    assert.equal(cg.resizeOpened('degree'), NO_UPDATE);
});

/* A drill's answer as components/diagram.py makes it for a canvas that named what it held
   open (base): the links between two bubbles that canvas draws are left out. */
function sparse(payload, base, drop = []) {
    payload.edges = payload.edges.filter((e) => !(e.data.source.startsWith('~c') &&
                                                  e.data.target.startsWith('~c')));
    payload.overview = Object.assign({}, payload.overview, {base, drop});
    return payload;
}

test('a drill that leaves out the links between bubbles keeps them on the canvas; its ' +
     'entities are drawn a frame before their links', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, []));
    cy.getElementById('~c0').emit('tap');
    assert.deepEqual(page.setProps.map(([id, {data}]) => [id, data.open, data.base]),
                     [[ids.OVERVIEW_OPEN, [0], []]]);
    const link = cy.getElementById('~x~c1|~c2')[0];
    const answer = sparse(overview(bubble, [0]), []);
    assert.equal(answer.edges.some((e) => e.data.id === '~x~c1|~c2'), false);

    const loading = cg.load(answer);
    // the entities are there, their links not yet (they come after the entities' frame)
    assert.deepEqual(idsOf(cy.nodes()), ['ash', 'bay', '~c1', '~c2']);
    assert.deepEqual(idsOf(cy.edges()), ['~x~c1|~c2']);
    assert.equal(cy.scratch('cgOverview').edges, null);
    assert.equal(await loading, NO_UPDATE);
    assert.deepEqual(idsOf(cy.edges()), ['~x~c1|~c2', '~xash|bay', '~xash|~c1', '~xbay|~c1'].sort());
    assert.equal(cy.getElementById('~x~c1|~c2')[0], link);  // kept, not sent again
    assert.deepEqual(cy.scratch('cgOverview'), {nodes: 4, edges: 4, case: ['big', 1], open: [0]});

    // a link the answer names in drop goes, though both its bubbles stay
    await cg.load(sparse(overview(bubble, [0]), [0], ['~x~c1|~c2']));
    assert.deepEqual(idsOf(cy.edges()), ['~xash|bay', '~xash|~c1', '~xbay|~c1'].sort());
});

test('a drill answered for another set of opened clusters than the canvas holds: asked ' +
     'again whole', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, ids, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, [0]));
    // two quick taps: the second answer was made for a canvas with nothing open
    assert.equal(await cg.load(sparse(overview(bubble, [0, 2]), [])), NO_UPDATE);
    assert.deepEqual(idsOf(cy.nodes()), ['ash', 'bay', '~c1', '~c2']);  // left as it was
    assert.deepEqual(cy.scratch('cgOverview').open, [0]);
    assert.deepEqual(page.setProps.map(([id, {data}]) => [id, data.open, data.base]),
                     [[ids.OVERVIEW_OPEN, [0, 2], undefined]]);
});

test('a newer drill before the last one\'s links are drawn adds them first', async (t) => {
    const page = makePage();
    t.after(page.close);
    const {cy, cg, classes} = page;
    const bubble = classes.CLUSTER_BUBBLE_CLASS;
    await cg.load(overview(bubble, []));
    const first = cg.load(sparse(overview(bubble, [0]), []));
    const second = cg.load(sparse(overview(bubble, [0, 2]), [0]));
    await Promise.all([first, second]);
    assert.deepEqual(idsOf(cy.nodes()), ['ash', 'bay', 'cob', '~c1']);
    assert.deepEqual(idsOf(cy.edges()), ['~xash|bay', '~xash|~c1', '~xbay|~c1',
                                         '~xcob|~c1'].sort());
    assert.equal(cy.scratch('cgOverview').edges, 4);
});
