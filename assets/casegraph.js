/* Client-side callbacks of the diagram: selection and fit act on the cytoscape instance
   directly, so they never cost a round trip of elements. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    casegraph: {
        cy: function (id) {
            var el = document.getElementById(id || 'cytoscape');
            return el && el._cyreg ? el._cyreg.cy : null;
        },

        /* Relay a tap as a small object (tapNode itself carries every connected edge). */
        tap: function (tapNode, tapEdge) {
            var ctx = window.dash_clientside.callback_context;
            var prop = ctx.triggered.length ? ctx.triggered[0].prop_id : '';
            if (prop.endsWith('.tapEdge') && tapEdge) {
                return {kind: 'edge', id: tapEdge.data.id, source: tapEdge.data.source,
                        target: tapEdge.data.target, t: tapEdge.timeStamp};
            }
            if (tapNode) {
                return {kind: 'node', id: tapNode.data.id, t: tapNode.timeStamp};
            }
            return window.dash_clientside.no_update;
        },

        select: function (sel, cyId) {
            var cy = window.dash_clientside.casegraph.cy(cyId);
            if (!cy) { return window.dash_clientside.no_update; }
            var target = cy.collection();
            if (sel && sel.kind === 'node') {
                target = cy.getElementById(String(sel.id));
            } else if (sel && sel.kind === 'edge') {
                target = sel.id ? cy.getElementById(String(sel.id)) : cy.collection();
                if (target.empty()) {
                    target = cy.edges().filter(function (e) {
                        return e.data('source') === sel.source && e.data('target') === sel.target;
                    });
                }
            } else if (sel && sel.kind === 'cluster') {
                target = cy.nodes().filter(function (n) { return n.data('cm') === sel.id; });
            }
            var focus = target;
            if (sel && sel.kind === 'node') { focus = target.closedNeighborhood(); }
            if (sel && sel.kind === 'edge') { focus = target.union(target.connectedNodes()); }
            if (sel && sel.kind === 'cluster') { focus = target.union(target.edgesWith(target)); }
            cy.batch(function () {
                cy.elements().removeClass('faded focus');
                cy.elements(':selected').unselect();
                if (!target.empty()) {
                    cy.elements().not(focus).addClass('faded');
                    focus.edges().addClass('focus');
                    target.select();
                }
            });
            if (!target.empty()) {
                if (sel.kind === 'cluster') {
                    cy.animate({fit: {eles: target, padding: 60}}, {duration: 350});
                } else if (sel.centre) {
                    cy.animate({center: {eles: target}, zoom: Math.max(cy.zoom(), 1.0)},
                               {duration: 350});
                }
            }
            return (sel && sel.kind ? sel.kind + ':' + (sel.id || '') : '');
        },

        resync: function () {
            var cy = window.dash_clientside.casegraph.cy('cytoscape');
            if (cy) {
                cy.resize();
                window.setTimeout(function () { cy.resize(); }, 250);
            }
            return Date.now();
        },

        fit: function (n, cyId) {
            var cy = window.dash_clientside.casegraph.cy('cytoscape');
            if (cy) { cy.animate({fit: {eles: cy.elements(':visible'), padding: 40}},
                                 {duration: 300}); }
            return 'Fit the whole network in view';
        }
    }
});
