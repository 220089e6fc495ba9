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
   store at once while the tab is open, and once, when it opens, if it came while closed.

   Panels on screen that an expansion leaves as they are, or changes in a way the page can
   tell from the delta itself (the constants come from the contract's ``follow``):
   ``tags`` lays the tags overlay on the new revision (an expansion adds untagged entities
   only) and asks the server only for any other revision; ``pickerCount`` adds the new
   entities to the open case's count in the case picker; ``showingKey`` reduces the marks
   to what the Showing strip says of them (how many of each), so the strip is asked only
   when that changes; ``marksKey`` reduces them to the kinds of mark on the diagram, so
   the legend's marks are asked only when those change. */
(function (pageWindow) {
    'use strict';
    var CONTRACT_ID = 'cg-js-contract';

    /* Whether an overlay lays any mark. */
    function marksAny(overlay) {
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
            if (marksAny(overlays[i])) { awake[name] = true; }
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

    /* The expansion ``delta`` (ids.ENRICH_DELTA) that made the revision in ``store``,
       when the page drew it as a delta that removed nothing; else null. */
    function expansion(store, delta) {
        if (!store || !store.delta || !store.base || !delta || !delta.case || !delta.base) {
            return null;
        }
        var fits = delta.case[0] === store.case_id && delta.case[1] === store.rev &&
            delta.base[0] === store.case_id && delta.base[1] === store.base;
        return fits && !(delta.remove || []).length ? delta : null;
    }

    /* [tags overlay, tags' case store]: the overlay moved onto an expansion's revision
       (its new entities hidden too when untagged ones are), or the case store passed on
       to the tags' server callback for any other revision. */
    function tags(follow, store, delta, shown, overlay, current, noUpdate) {
        var grown = expansion(store, delta);
        if (grown && overlay && overlay.case && overlay.case[0] === store.case_id &&
                overlay.case[1] === store.base) {
            var classes = Object.assign({}, overlay.classes);
            if ((shown || []).indexOf(follow.untagged) < 0) {
                classes[follow.hide] = (classes[follow.hide] || []).concat(
                    (grown.nodes || []).map(function (n) { return String(n.data.id); }));
            }
            return [Object.assign({}, overlay, {case: [store.case_id, store.rev],
                                                classes: classes, fit: false}), noUpdate];
        }
        var value = store === undefined ? null : store;
        return [noUpdate, same(value, current === undefined ? null : current) ? noUpdate
                                                                               : value];
    }

    /* [picker options, ask]: after an expansion, the open case's count in the picker
       grows by the entities the delta added; a revision that removed any (an undo) asks
       the server (``ask``: the case store). Other revisions: neither (ids.CASE_OPENED
       refreshes the picker). */
    function pickerCount(follow, store, delta, options, noUpdate) {
        if (!store || !store.delta || !store.base) { return [noUpdate, noUpdate]; }
        var grown = expansion(store, delta);
        var added = grown ? (grown.nodes || []).length : 0;
        if (!grown) { return [noUpdate, store]; }
        if (!added) { return [noUpdate, noUpdate]; }
        var pattern = new RegExp(follow.count);
        var changed = false;
        var out = (options || []).map(function (o) {
            var m = o.value === store.case_id ? pattern.exec(String(o.label)) : null;
            if (!m) { return o; }
            changed = true;
            var text = m[0].replace(m[1], String(Number(m[1]) + added));
            return Object.assign({}, o, {label: String(o.label).slice(0, m.index) + text +
                                         String(o.label).slice(m.index + m[0].length)});
        });
        return [changed ? out : noUpdate, changed ? noUpdate : store];
    }

    /* What the Showing strip is made of (components/showing.py showing_items): per mark
       source, null when it lays nothing on the revision on screen (or is bound to a closed
       tab), else how many entities each counted class marks; then the hidden types, the
       least contacts and the time window's label. ``args``: the sources' overlays, the
       open tab, the ticked types, the least contacts, the type options, the time status,
       the case store and the key on the page. */
    function showingKey(follow, args, noUpdate) {
        var n = follow.showing.bound.length;
        var overlays = args.slice(0, n);
        var tab = args[n], checked = args[n + 1] || [], least = args[n + 2];
        var options = args[n + 3] || [], status = args[n + 4], store = args[n + 5];
        var current = args[n + 6];
        var marks = overlays.map(function (ov, i) {
            var bound = follow.showing.bound[i];
            if (!store || !ov || !ov.case || !ov.classes || ov.case[0] !== store.case_id ||
                    ov.case[1] !== store.rev || (bound && bound !== tab) ||
                    !marksAny(ov)) {
                return null;
            }
            var counts = {};
            Object.keys(ov.classes).forEach(function (name) {
                if (follow.showing.counted.indexOf(name) >= 0) {
                    counts[name] = (ov.classes[name] || []).filter(function (r) {
                        return !Array.isArray(r);
                    }).length;
                }
            });
            return counts;
        });
        var hidden = options.map(function (o) { return o.value; }).filter(function (v) {
            return checked.indexOf(v) < 0;
        });
        var label = typeof status === 'string' ? status.split(':')[0] : '';
        var key = {marks: marks, hidden: hidden, least: Number(least || 0), time: label};
        return same(key, current) ? noUpdate : key;
    }

    /* The kinds of mark on the diagram now, for the legend (showing.classes_on_screen):
       each overlay's classes with any mark, when the overlay is on the revision on screen
       and its tab (if bound to one) is open; noUpdate when the same kinds as now. */
    function marksKey(follow, args, noUpdate) {
        var n = follow.marks.bound.length;
        var overlays = args.slice(0, n), tab = args[n], store = args[n + 1];
        var current = args[n + 2];
        var key = [];
        overlays.forEach(function (ov, i) {
            var bound = follow.marks.bound[i];
            if (!store || !ov || !ov.case || !ov.classes || ov.case[0] !== store.case_id ||
                    ov.case[1] !== store.rev || (bound && bound !== tab)) {
                return;
            }
            Object.keys(ov.classes).forEach(function (name) {
                if ((ov.classes[name] || []).length && key.indexOf(name) < 0) {
                    key.push(name);
                }
            });
        });
        return same(key, current) ? noUpdate : key;
    }

    function install(window) {
        var plan = null;
        var follow = null;
        function followed() {
            if (!follow) {
                var el = window.document.getElementById(CONTRACT_ID);
                follow = JSON.parse(el.textContent).follow;
            }
            return follow;
        }
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
            /* Input: the case store; States: the delta, the tags ticked, the tags
               overlay, the tags' case store. */
            tags: function (store, delta, shown, overlay, current) {
                return tags(followed(), store, delta, shown, overlay, current,
                            window.dash_clientside.no_update);
            },
            /* Input: the case store; States: the delta, the picker's options. */
            pickerCount: function (store, delta, options) {
                return pickerCount(followed(), store, delta, options,
                                   window.dash_clientside.no_update);
            },
            showingKey: function () {
                return showingKey(followed(), Array.prototype.slice.call(arguments),
                                  window.dash_clientside.no_update);
            },
            /* Inputs: the overlays (ids.OVERLAYS), the open tab; States: the case store,
               the key now. */
            marksKey: function () {
                return marksKey(followed(), Array.prototype.slice.call(arguments),
                                window.dash_clientside.no_update);
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
    install.tags = tags;
    install.pickerCount = pickerCount;
    install.showingKey = showingKey;
    install.marksKey = marksKey;
    if (typeof module === 'object' && module.exports) {
        module.exports = install;
    } else {
        install(pageWindow);
    }
}(this));
