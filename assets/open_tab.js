/* Work follows the screen (components/open_tab.py): the case store, with the analysis view,
   reaches an analysis tab's own store only while the tab is open, or while its marks are on
   the diagram; the selection reaches a tab's selection store only while the tab is open.
   A closed tab thus costs no request, and an out-of-date tab computes once when opened.

   The arguments, in the order components/open_tab.py registers them: case store, open tab,
   analysis view, selection, the overlays of plan.overlayTabs, then the current value of
   every gate (plan.caseTabs, then plan.selectionTabs); the answer holds the gates in the
   same order. The plan comes from the page's contract (components/jscontract.py).

   Panels outside the tabs that change only when another case (or a revision taken whole)
   is shown read ``opened``'s copy of the case store (ids.CASE_OPENED): an expansion's or a
   tag's delta ({delta: true}) passes them by, and so costs them no request.

   Some events change what a tab shows without a new revision (a lookup writes audit rows
   whether or not it found anything): ``wake`` passes such an event on to the tab's wake
   store at once while the tab is open, and once, when it opens, if it came while closed. */
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

    /* The case store as panels that follow only whole revisions see it: ``store`` unless it
       is a delta on the case on screen, or is what they hold already. */
    function opened(store, current, noUpdate) {
        if (store && store.delta) { return noUpdate; }
        var value = store === undefined ? null : store;
        return same(value, current === undefined ? null : current) ? noUpdate : value;
    }

    /* The wake store's new value and whether an event still waits for the tab to open:
       [pending, value]. ``current`` is the store's value ({tab: its tab id, t}). */
    function wake(pending, byEvent, tab, current, now, noUpdate) {
        var open = !!current && tab === current.tab;
        if (byEvent && !open) { return [true, noUpdate]; }
        if (byEvent || (open && pending)) { return [false, {tab: current.tab, t: now}]; }
        return [pending, noUpdate];
    }

    function install(window) {
        var plan = null;
        var pending = false;
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
            /* Input: the case store; State: the copy (ids.CASE_OPENED). */
            opened: function (store, current) {
                return opened(store, current, window.dash_clientside.no_update);
            },
            /* Inputs: the event, the open tab; State: the wake store. */
            wake: function (_event, tab, current) {
                var ctx = window.dash_clientside.callback_context;
                var byEvent = !!ctx && ctx.triggered.some(function (t) {
                    return !/\.value$/.test(t.prop_id);
                });
                var answer = wake(pending, byEvent, tab, current, Date.now(),
                                  window.dash_clientside.no_update);
                pending = answer[0];
                return answer[1];
            },
        };
    }

    install.gate = gate;
    install.wake = wake;
    install.opened = opened;
    if (typeof module === 'object' && module.exports) {
        module.exports = install;
    } else {
        install(pageWindow);
    }
}(this));
