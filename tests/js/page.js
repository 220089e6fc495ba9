'use strict';
/* The page that assets/casegraph.js runs in, under node: the contract exactly as Python
   exports it, a headless cytoscape (the version dash-cytoscape 1.0.2 bundles) in the
   canvas's place, and the few parts of the browser and of Dash's renderer that the script
   touches (getElementById, querySelector, addEventListener, timers, window.dash_clientside
   with set_props and callback_context). Nothing of the script is replaced. */
const {execFileSync} = require('node:child_process');
const path = require('node:path');
const cytoscape = require('cytoscape');
const install = require('../../assets/casegraph.js');

const ROOT = path.resolve(__dirname, '..', '..');

/* {id, contract} from `python -m components.jscontract`; scripts/test.sh runs it once and
   passes its output in CASEGRAPH_JS_CONTRACT. */
function exported() {
    let text = process.env.CASEGRAPH_JS_CONTRACT;
    if (!text) {
        const python = process.env.CASEGRAPH_PYTHON || path.join(ROOT, '.venv', 'bin', 'python');
        text = execFileSync(python, ['-m', 'components.jscontract'],
                            {cwd: ROOT, encoding: 'utf8'});
    }
    return JSON.parse(text);
}
const EXPORTED = exported();

/* What Dash's renderer gives as window.dash_clientside.no_update. */
const NO_UPDATE = Object.freeze({description: 'no_update'});

/* An element of the page: a class list, clicks counted. */
function element(props) {
    const classes = new Set();
    const el = Object.assign({
        clicks: 0,
        click() { el.clicks += 1; },
        classList: {
            contains: (name) => classes.has(name),
            toggle(name, force) {
                const on = force === undefined ? !classes.has(name) : force;
                if (on) { classes.add(name); } else { classes.delete(name); }
                return on;
            },
        },
    }, props);
    return el;
}

/* A canvas of width x height CSS pixels: headless cytoscape has no container and measures
   itself as 1 x 1, so the size the browser would give is set on the instance. */
function headlessCy(width = 800, height = 600) {
    const cy = cytoscape({headless: true, styleEnabled: true});
    cy.width = () => width;
    cy.height = () => height;
    return cy;
}

/* A page with the script installed. `contract` replaces the exported one (to show that the
   script takes its names from it). Call close() at the end: a headless cytoscape keeps a
   timer running until it is destroyed. */
function makePage(options = {}) {
    const contract = options.contract || EXPORTED.contract;
    const cy = options.cy || headlessCy();
    const byId = new Map();
    const bySelector = new Map();
    const listeners = {};
    const setProps = [];
    const sizes = [];  // what the script reports of the canvas size (ids.CANVAS_SIZE), apart
    const timers = new Set();
    // the div that holds cytoscape's canvas: cytoscape puts itself in `_cyreg`
    const canvas = element({_cyreg: {cy}, contains: () => true});
    byId.set(contract.ids.CYTOSCAPE, canvas);
    if (options.withContract !== false) {
        byId.set(EXPORTED.id, {textContent: JSON.stringify(contract)});
    }
    const document = {
        getElementById: (name) => byId.get(name) || null,
        querySelector: (selector) => bySelector.get(selector) || null,
        addEventListener(name, handler, how) {
            (listeners[name] = listeners[name] || []).push({handler, how});
        },
    };
    const window = {
        document,
        setTimeout(fn, ms) {
            const timer = setTimeout(() => { timers.delete(timer); fn(); }, ms);
            timers.add(timer);
            return timer;
        },
        requestAnimationFrame: (fn) => window.setTimeout(fn, 16),
        dash_clientside: {
            no_update: NO_UPDATE,
            set_props: (componentId, props) => (componentId === contract.ids.CANVAS_SIZE
                ? sizes : setProps).push([componentId, props]),
            callback_context: {triggered: [], inputs_list: []},
        },
    };
    const cg = install(window);
    return {
        cg, cy, window, document, byId, bySelector, listeners, setProps, sizes, canvas,
        ids: contract.ids, classes: contract.classes, contract,
        /* What Dash puts in callback_context for a callback fired by `fired`
           ([prop id, value] pairs) with these inputs ([component id, prop] pairs). */
        firedBy(fired, inputs = []) {
            window.dash_clientside.callback_context = {
                triggered: fired.map(([propId, value]) => ({prop_id: propId, value})),
                inputs_list: inputs.map(([componentId, property]) => ({id: componentId,
                                                                       property})),
            };
        },
        /* Run the document's listeners for an event, as the browser would. */
        dispatch(name, event) {
            (listeners[name] || []).forEach(({handler}) => handler(event));
        },
        /* Let the script's timers run (they stand for frames and debounces). */
        settle(ms = 200) { return new Promise((resolve) => setTimeout(resolve, ms)); },
        close() {
            timers.forEach(clearTimeout);
            cy.destroy();
        },
    };
}

/* A case payload as components/diagram.elements_payload sends it. */
function payload(caseId, rev, nodes, edges, extra = {}) {
    return Object.assign({
        case: [caseId, rev],
        nodes: nodes.map(([id, x, y, data]) => ({
            group: 'nodes', data: Object.assign({id, label: id}, data || {}),
            position: {x, y}})),
        edges: edges.map(([source, target, id]) => ({
            group: 'edges', data: {id: id || source + '-' + target, source, target}})),
    }, extra);
}

/* The small case of tests/callbacks/conftest.py, laid out by hand. */
function smallCase(rev = 1, extra = {}) {
    return payload('c1', rev, [
        ['ash', 0, 0], ['bay', 100, 0], ['cob', 100, 100], ['eve', 300, 300], ['fox', -100, 0],
    ], [['ash', 'bay'], ['ash', 'cob'], ['ash', 'fox'], ['bay', 'cob']], extra);
}

/* Every class of every element, sorted (to see that nothing is left over). */
function classesOn(cy) {
    const found = new Set();
    cy.elements().forEach((ele) => ele.classes().forEach((name) => found.add(name)));
    return [...found].sort();
}

module.exports = {EXPORTED, NO_UPDATE, install, makePage, headlessCy, payload, smallCase,
                  classesOn, element};
