/* Real clicks only (components/clicks.py): the buttons of an action, drawn as a
   pattern-matching list that the inspector or a card redraws, feed this gate. Dash calls a
   callback with an ALL input whenever the list is redrawn, with n_clicks 0 or none; the gate
   answers "no update" then, and passes a real click on to the action's store as
   {type, index, n, t}, the one input of the action's server callback. */
(function (pageWindow) {
    'use strict';

    /* The first triggered input with clicks, as the store's value; null when none. */
    function realClick(triggered, now) {
        for (var i = 0; i < (triggered || []).length; i += 1) {
            var t = triggered[i];
            var propId = String(t.prop_id || '');
            var cut = propId.lastIndexOf('.');
            if (!t.value || cut < 1 || propId.charAt(0) !== '{') { continue; }
            var id = JSON.parse(propId.slice(0, cut));
            return {type: id.type, index: id.index, n: t.value, t: now};
        }
        return null;
    }

    function install(window) {
        window.dash_clientside = window.dash_clientside || {};
        window.dash_clientside.casegraph_clicks = {
            real: function () {
                var ctx = window.dash_clientside.callback_context;
                var click = realClick(ctx && ctx.triggered, Date.now());
                return click || window.dash_clientside.no_update;
            },
        };
    }

    if (typeof module !== 'undefined' && module.exports) {
        module.exports = {realClick: realClick, install: install};
    }
    if (pageWindow) { install(pageWindow); }
}(typeof window !== 'undefined' ? window : null));
