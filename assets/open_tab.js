/* Work follows the screen (components/open_tab.py): the case store, with the analysis view,
   reaches an analysis tab's own store only while the tab is open, or while its marks are on
   the diagram; the selection reaches a tab's selection store only while the tab is open.
   A closed tab thus costs no request, and an out-of-date tab computes once when opened.

   The arguments, in the order components/open_tab.py registers them: case store, open tab,
   analysis view, selection, the overlays of plan.overlayTabs, then the current value of
   every gate (plan.caseTabs, then plan.selectionTabs); the answer holds the gates in the
   same order. The plan comes from the page's contract (components/jscontract.py). */
(function (pageWindow) {
    'use strict';
    var CONTRACT_ID = 'cg-js-contract';

    /* Whether an overlay lays any mark. */
    function marks(overlay) {
        if (!overlay || !overlay.classes) { return false; }
        return Object.keys(overlay.classes).some(function (name) {
            return (overlay.classes[name] || []).length > 0;
        });
    }

    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

    /* The gates' new values (noUpdate where a gate stays as it is). */
    function gate(plan, args, noUpdate) {
        var store = args[0], tab = args[1], view = args[2], selection = args[3];
        var overlays = args.slice(4, 4 + plan.overlayTabs.length);
        var current = args.slice(4 + plan.overlayTabs.length);
        var awake = {};
        plan.overlayTabs.forEach(function (name, i) {
            if (marks(overlays[i])) { awake[name] = true; }
        });
        var caseSeen = store ? Object.assign({}, store, {view: view}) : null;
        var out = plan.caseTabs.map(function (name, i) {
            var wanted = name === tab || awake[name];
            return wanted && !same(current[i], caseSeen) ? caseSeen : noUpdate;
        });
        plan.selectionTabs.forEach(function (name, i) {
            var now = current[plan.caseTabs.length + i];
            var value = selection === undefined ? null : selection;
            out.push(name === tab && !same(now, value) ? value : noUpdate);
        });
        return out;
    }

    function install(window) {
        var plan = null;
        window.dash_clientside = window.dash_clientside || {};
        window.dash_clientside.casegraph_tabs = {
            gate: function () {
                if (!plan) {
                    var el = window.document.getElementById(CONTRACT_ID);
                    plan = JSON.parse(el.textContent).openTab;
                }
                var args = Array.prototype.slice.call(arguments);
                return gate(plan, args, window.dash_clientside.no_update);
            },
        };
    }

    install.gate = gate;
    if (typeof module === 'object' && module.exports) {
        module.exports = install;
    } else {
        install(pageWindow);
    }
}(this));
