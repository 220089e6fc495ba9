/* What cytoscape needs in the browser: the diagram's client-side callbacks (load a case,
   select, overlays, an expansion's delta) and the few lines of the dialogs and presentation
   mode. They act on the cytoscape instance directly, so they never cost a round trip of
   elements.

   Every component id and class name comes from Python: components/jscontract.py puts them
   into the page as JSON (<script type="application/json" id="cg-js-contract">), and the
   script asks for them with id('NAME') and cls('NAME'), NAME as in components/ids.py.

   The browser runs this file as a plain script (Dash serves every .js in assets/). Under
   node, require() returns the installer instead; the tests (tests/js) call it with a
   stand-in for the page and a headless cytoscape. */
(function (pageWindow) {
    'use strict';
    var CONTRACT_ID = 'cg-js-contract';

    function install(window) {
        var document = window.document;
        var contract = null;

        /* The contract, parsed on first use (the page holds it before any script runs). */
        function fromContract(part) {
            if (!contract) {
                var el = document.getElementById(CONTRACT_ID);
                if (!el) {
                    throw new Error('casegraph.js: the page has no #' + CONTRACT_ID +
                                    ' (components/jscontract.py)');
                }
                contract = JSON.parse(el.textContent);
            }
            return contract[part];
        }
        function named(part, name) {
            var value = fromContract(part)[name];
            if (value === undefined) {
                throw new Error('casegraph.js: ' + name + ' is not in components/jscontract.py');
            }
            return value;
        }
        function id(name) { return named('ids', name); }
        function cls(name) { return named('classes', name); }
        function nu() { return window.dash_clientside.no_update; }
        function setProps(componentId, props) {
            if (window.dash_clientside.set_props) {
                window.dash_clientside.set_props(componentId, props);
            }
        }
        /* The component id in a prop id ("<id>.n_clicks", '{"index":1,...}.n_clicks'). */
        function componentOf(propId) {
            return propId.slice(0, propId.lastIndexOf('.'));
        }
        /* The selection's classes (faded, focus) as a selector and as a class list. */
        function stateSelector() { return '.' + cls('FADED_CLASS') + ', .' + cls('FOCUS_CLASS'); }
        function stateClasses() { return cls('FADED_CLASS') + ' ' + cls('FOCUS_CLASS'); }

        /* The state of cg.labelDetail for one canvas: the labelled nodes, the zoom they
           were checked at, and a frame asked for. */
        function labelDetailOf(cy) {
            var small = cls('SMALL_LABEL_CLASS');
            var readable = fromContract('labelDetail').px;
            var labelled = [], doneAt = null, queued = false;
            function update(force) {
                if (cy.destroyed()) { return; }
                var zoom = cy.zoom();
                if (!force && zoom === doneAt) { return; }  // a pan: nothing to change
                doneAt = zoom;
                var least = readable / zoom;  // the smallest readable font, model px
                labelled = labelled.filter(function (node) { return !node.removed(); });
                cy.batch(function () {
                    labelled.forEach(function (node) {
                        var hide = node.data('fs') < least;
                        if (hide !== node.hasClass(small)) { node.toggleClass(small, hide); }
                    });
                });
            }
            cy.on('viewport', function () {
                if (queued) { return; }
                queued = true;
                window.requestAnimationFrame(function () { queued = false; update(false); });
            });
            return {
                add: function (nodes) {
                    if (nodes) {
                        // a cluster opened on the overview names nodes already followed
                        var known = {};
                        labelled = labelled.filter(function (node) { return !node.removed(); });
                        labelled.forEach(function (node) { known[node.id()] = true; });
                        nodes.forEach(function (item) {
                            if (!(item.data && item.data.fs > 0)) { return; }
                            var node = cy.getElementById(String(item.data.id));
                            if (node.nonempty() && !known[node.id()]) {
                                known[node.id()] = true;
                                labelled.push(node);
                            }
                        });
                    } else {
                        labelled = cy.nodes('[fs > 0]').toArray();
                    }
                    update(true);
                }
            };
        }

        /* Where the canvas's container is on the page and its size ("left,top,width,height",
           CSS px), or null when it cannot be measured. */
        function canvasBox(cy) {
            var el = cy.container() || document.getElementById(id('CYTOSCAPE'));
            if (!el || !el.getBoundingClientRect) { return null; }
            var r = el.getBoundingClientRect();
            var x = window.scrollX || 0, y = window.scrollY || 0;
            return [r.left + x, r.top + y, r.width, r.height].join(',');
        }

        var cg = {
            cy: function (cyId) {
                var el = document.getElementById(cyId || id('CYTOSCAPE'));
                return el && el._cyreg ? el._cyreg.cy : null;
            },

            /* Put a case on the canvas: remove what is there, add the new elements in one
               batch (large cases and cluster overviews: nodes first, links a frame later;
               an overview answers after the links' frame, cg.afterFrame), set the viewport from
               the known positions instead of fit() (no bounding boxes before the first
               frame), then run the chosen layout when it is not the stored one. The page
               carries its case's first payload; the same payload coming back from the case
               callback is skipped. A cluster overview (data.overview) opens a cluster when
               its bubble is tapped; the answer (a cluster opened or closed, the same case
               and revision) is laid on the canvas as a difference (cg.loadDifference).
               A payload that carries its stylesheet (a large case's first overview:
               components/diagram_facts.py) has it set between the old elements' removal
               and the new ones' addition, so they are styled once, with their own sheet;
               the same sheet coming from the stylesheet callback is then not applied
               again (cg.styleOnce). */
            load: function (data) {
                if (!data) { return nu(); }
                return new Promise(function (resolve) {
                    function attempt() {
                        var cy = cg.cy();
                        if (!cy) { window.requestAnimationFrame(attempt); return; }
                        cg.styleOnce(cy);
                        if (data.view && cy.scratch('cgPageView') === data.view) {
                            delete cy.scratch().cgPageView;
                            resolve(nu());
                            return;
                        }
                        // scratch values are written into cy.scratch()'s object: cy.scratch(
                        // key, value) counts as a style input and restyles every element
                        if (!cy.scratch('cgLoaded')) {
                            cy.scratch().cgLoaded = true;
                            cg.firstLoad(cy);
                            cy.scratch().cgPageView = data.view || null;
                        } else {
                            delete cy.scratch().cgPageView;
                        }
                        cy.resize();
                        var nodes = data.nodes || [], edges = data.edges || [];
                        var partial = cg.sameOverview(cy, data);
                        var held = cy.scratch('cgOverview');  // what the canvas holds now
                        // an overview whose links wait for a frame leaves them out when a
                        // newer load comes meanwhile (into the scratch object: no restyle)
                        var token = (cy.scratch('cgLoadToken') || 0) + 1;
                        cy.scratch().cgLoadToken = token;
                        cy.scratch().cgCase = data.case ? data.case.join('@') : null;
                        // the People view: the canvas draws actors, not the case's entities
                        cy.scratch().cgPeople = !!data.people;
                        // read by the benchmark and the cluster taps: what the overview holds
                        cy.scratch().cgOverview = data.overview ? {
                            nodes: nodes.length, edges: edges.length, case: data.case,
                            open: data.overview.open} : null;
                        if (partial) {
                            var base = data.overview.base;
                            if (base && base.join(',') !== held.open.slice()
                                    .sort(function (a, b) { return a - b; }).join(',')) {
                                // the answer leaves out the links between bubbles the canvas
                                // held when it asked, and it holds others now: ask for all
                                cy.scratch().cgOverview = held;
                                setProps(id('OVERVIEW_OPEN'), {data: {
                                    case: data.case, open: data.overview.open, t: Date.now()}});
                                resolve(nu());
                                return;
                            }
                            cy.scratch().cgOverview = {nodes: nodes.length, edges: null,
                                                       case: data.case, open: data.overview.open};
                            // the entities in this frame, their links in the next
                            // (cg.loadDifference); the marks are laid on again once the
                            // links are there, and the same case was drawn before: the
                            // canvas sync (its listeners lay the overlays and a saved view on
                            // again) would only cost the drill more time
                            cg.loadDifference(cy, nodes, edges, {
                                keepLinks: !!base, drop: data.overview.drop || [],
                                staged: true, done: function () {
                                    if (!cy.destroyed() &&
                                            cy.scratch('cgLoadToken') === token) {
                                        cy.scratch('cgOverview').edges = cy.edges().length;
                                        if (cg._overlays) {
                                            cg.applyOverlays(cy, cg._overlays, false);
                                        }
                                    }
                                    resolve(nu());
                                }});
                            cg.labelDetail(cy, nodes);  // the opened cluster's labels
                            return;
                        }
                        // a cluster overview comes in frames too: its bubbles, then its
                        // summed links, a few dozen / hundred a frame (contract:
                        // overviewFrame). The frame that first draws an element styles it,
                        // sizes its label and makes its texture: 127 bubbles or 600 links
                        // in one frame held the page 250-300 ms at 100k (bench/RESULTS.md,
                        // "Few components per answer"). With a cluster open, its entities
                        // come in one frame, as a drill's.
                        var staged = data.progressive || !!data.overview;
                        var frames = data.overview ? cg.inFrames(nodes, edges,
                            data.overview.open.length ? {} : fromContract('overviewFrame'))
                            : null;
                        delete cy.scratch().cgPendingLinks;  // a drill's links: all go anyway
                        cy.batch(function () {
                            cy.elements(':selected').unselect();
                            cy.elements().remove();
                            // on an empty canvas: the update restyles nothing, and the
                            // elements added next are styled once, with this sheet
                            if (data.stylesheet) { cy.style().fromJson(data.stylesheet).update(); }
                            cy.add(frames ? frames.shift() : staged ? nodes
                                : nodes.concat(edges));
                        });
                        if (!data.overview || !data.overview.open.length) {
                            // the overview's picture starts below its bar
                            cg.view(cy, nodes, data.overview ? cg.barRoom(cy, true) : 0);
                        }
                        function done() {
                            if (data.layout) { cy.layout(data.layout).run(); }
                            if (cg._overlays) { cg.applyOverlays(cy, cg._overlays, false); }
                            cg.labelDetail(cy, nodes);
                            resolve(nodes.length + ':' + edges.length);
                        }
                        if (frames) {
                            // the answer sets off the page's work on the canvas sync (its
                            // listeners, Dash's dispatch: half a second on a 100k case's
                            // open); after the last frame it no longer holds a frame back,
                            // nor makes one long task with it
                            var next = function () {
                                if (cy.destroyed() || cy.scratch('cgLoadToken') !== token) {
                                    resolve(nu());  // a newer load took the canvas over
                                } else if (frames.length) {
                                    cy.add(frames.shift());
                                    cg.afterFrame(cy, next);
                                } else {
                                    done();
                                }
                            };
                            cg.afterFrame(cy, next);
                        } else if (data.progressive) {
                            cy.one('render', function () {
                                window.setTimeout(function () { cy.add(edges); done(); }, 0);
                            });
                        } else {
                            done();
                        }
                    }
                    attempt();
                });
            },

            /* An overview's elements as the groups the canvas adds a frame each: its
               nodes, then its links, in even groups of at most most.nodes and most.edges
               (all nodes, then all links, without them). */
            inFrames: function (nodes, edges, most) {
                most = most || {};
                function split(items, limit) {
                    if (!items.length) { return []; }
                    var count = limit > 0 ? Math.ceil(items.length / limit) : 1;
                    var size = Math.ceil(items.length / count), out = [];
                    for (var i = 0; i < items.length; i += size) {
                        out.push(items.slice(i, i + size));
                    }
                    return out;
                }
                var groups = split(nodes, most.nodes).concat(split(edges, most.edges));
                return groups.length ? groups : [[]];
            },

            /* fn() once, just after the canvas's next frame is drawn, or after `wait` ms
               (500 by default) if none comes sooner (a hidden page draws none). */
            afterFrame: function (cy, fn, wait) {
                var called = false;
                function once() {
                    if (!called) { called = true; fn(); }
                }
                cy.one('render', function () { window.setTimeout(once, 0); });
                window.setTimeout(once, wait === undefined ? 500 : wait);
            },

            /* A stylesheet equal to the last one the canvas was given is not applied
               again. dash-cytoscape applies its `stylesheet` prop (style().fromJson(sheet)
               .update()) each time the prop is set, equal or not, and each application
               restyles, measures and draws every element anew: on a large case's overview
               a second or more of the page's main thread. A large case's first overview
               brings its sheet (load), and the stylesheet callback then answers the same
               sheet, once or more as the controls settle: those answers cost nothing.
               Wraps fromJson of the canvas's style object once (every caller goes
               through it); counts what it applied and skipped in
               cy.scratch('cgStylesheets') (read by the tests and bench/open_browser.py). */
            styleOnce: function (cy) {
                var style = cy.style();
                if (!style || style.cgStyleOnce) { return; }
                var fromJson = style.fromJson, last = null;
                var counts = {applied: 0, skipped: 0};
                var unchanged = {update: function () { return style; }};
                cy.scratch().cgStylesheets = counts;  // into the object: no restyle
                style.cgStyleOnce = true;
                style.fromJson = function (json) {
                    var key = JSON.stringify(json);
                    if (key === last) {
                        counts.skipped += 1;
                        return unchanged;
                    }
                    last = key;
                    counts.applied += 1;
                    return fromJson.call(style, json);
                };
            },

            /* True when the canvas holds a cluster overview of the payload's case and
               revision and the payload is one too (a cluster opened or closed): then only
               what differs needs drawing. */
            sameOverview: function (cy, data) {
                var ov = cy.scratch('cgOverview');
                if (!ov || !ov.case || !data.overview || !data.case || data.layout ||
                        data.people || cy.scratch('cgPeople')) {
                    return false;
                }
                var key = data.case.join('@');
                return ov.case.join('@') === key && cy.scratch('cgCase') === key;
            },

            /* Lay a payload of the overview on screen onto the canvas as a difference, in
               one batch: elements it no longer holds go (an opened bubble and its links),
               elements new to it come (the cluster's entities and their links), the rest
               stay where they are (ids are stable between the overview's payloads:
               casegraph.elements.overview_elements), with their data brought up to date
               where it changed (a link's weight). The viewport stays, unless none of the
               new nodes is on screen: then it centres on them. The selection is cleared,
               as a whole load clears it.
               opts.keepLinks: the payload leaves out the links between two bubbles that the
               canvas holds already (components/diagram.py, a drill's answer): such a link
               stays while both its bubbles do, unless opts.drop names it. opts.staged: the
               nodes are added and drawn in this frame, the links in the next (1,500
               entities and 2,000 links of a 100k case's cluster held the page 1-3 s in one
               task), then opts.done() is called (also when a newer load came first);
               links still waiting when the next difference comes are added first. */
            loadDifference: function (cy, nodes, edges, opts) {
                opts = opts || {};
                var pending = cy.scratch('cgPendingLinks');
                if (pending) { pending(); }
                var wanted = {};
                nodes.forEach(function (n) { wanted[n.data.id] = n; });
                edges.forEach(function (e) { wanted[e.data.id] = e; });
                var drop = {};
                (opts.drop || []).forEach(function (linkId) { drop[linkId] = true; });
                var bubble = cls('CLUSTER_BUBBLE_CLASS');
                var gone = cy.elements().filter(function (ele) {
                    var want = wanted[ele.id()];
                    if (!want) {
                        if (opts.keepLinks && ele.isEdge() && !drop[ele.id()]) {
                            // a link between two bubbles the answer did not send again
                            var s = ele.source(), t = ele.target();
                            return !(s.hasClass(bubble) && t.hasClass(bubble) &&
                                     wanted[s.id()] && wanted[t.id()]);
                        }
                        return true;
                    }
                    // an element of the same id but another kind or other ends: drawn anew
                    var isEdge = want.data.source !== undefined;
                    return isEdge !== ele.isEdge() || (isEdge &&
                        (String(want.data.source) !== ele.data('source') ||
                         String(want.data.target) !== ele.data('target')));
                });
                var goneIds = {};
                gone.forEach(function (ele) { goneIds[ele.id()] = true; });
                var freshNodes = [], freshEdges = [], changed = [];
                function differs(ele, data) {
                    return Object.keys(data).some(function (k) {
                        var a = ele.data(k), b = data[k];
                        if (a === b) { return false; }
                        if (b !== null && typeof b === 'object') {
                            return JSON.stringify(a) !== JSON.stringify(b);
                        }
                        return true;
                    });
                }
                function sort(list, group, fresh) {
                    list.forEach(function (want) {
                        var ele = cy.getElementById(String(want.data.id));
                        if (ele.empty() || goneIds[want.data.id]) {
                            fresh.push(Object.assign({group: group}, want));
                        } else if (differs(ele, want.data)) {
                            changed.push([ele, want.data]);
                        }
                    });
                }
                sort(nodes, 'nodes', freshNodes);
                sort(edges, 'edges', freshEdges);
                var added = cy.collection();
                function addLinks() {
                    delete cy.scratch().cgPendingLinks;
                    var links = cy.collection();
                    cy.batch(function () { links = cy.add(freshEdges); });
                    return links;
                }
                cy.batch(function () {
                    cy.elements(stateSelector()).removeClass(stateClasses());
                    cy.elements(':selected').unselect();
                    gone.remove();
                    added = cy.add(opts.staged ? freshNodes : freshNodes.concat(freshEdges));
                    changed.forEach(function (item) { item[0].data(item[1]); });
                });
                var shown = added.nodes();
                if (shown.nonempty()) {
                    var box = cy.extent();
                    var onScreen = shown.some(function (n) {
                        var p = n.position();
                        return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2;
                    });
                    if (!onScreen) {
                        cy.animate({center: {eles: shown}}, {duration: 300});
                    }
                }
                var linkCount = opts.staged ? freshEdges.length : 0;
                if (opts.staged) {
                    // into the scratch object: cy.scratch(key, value) restyles every element
                    cy.scratch().cgPendingLinks = addLinks;
                    cg.afterFrame(cy, function () {
                        // added already when a newer difference came, or gone with a load
                        if (!cy.destroyed() && cy.scratch('cgPendingLinks') === addLinks) {
                            addLinks();
                        }
                        if (opts.done) { opts.done(); }
                    });
                } else if (opts.done) {
                    opts.done();
                }
                return {removed: gone.length, added: added.length + linkCount,
                        changed: changed.length};
            },

            /* "Size by" changed (components/overview.py): the entities of opened clusters
               carry the size of the measure they were sent with alone (the overview's
               payloads are small that way), so ask for the same clusters again; the answer
               is laid on as a difference that changes their data only. Nothing to ask when
               no cluster is open (bubbles are sized by membership), when the canvas draws
               anything else (every entity carries every measure) or when the opened
               entities carry this measure's size already (the case's controls set the
               measure again on every case change). */
            resizeOpened: function (measure) {
                var cy = cg.cy();
                var ov = cy && cy.scratch('cgOverview');
                if (!ov || !ov.case || !ov.open || !ov.open.length || cy.scratch('cgPeople')) {
                    return nu();
                }
                var entity = cy.nodes().not('.' + cls('CLUSTER_BUBBLE_CLASS'));
                var field = fromContract('sizes').prefix + measure;
                if (entity.nonempty() && entity[0].data(field) !== undefined) { return nu(); }
                return {case: ov.case, open: ov.open.slice(), t: Date.now()};
            },

            /* Once per cytoscape instance, before its first case. */
            firstLoad: function (cy) {
                // dash-cytoscape copies every element back into its `elements` prop after
                // any add, remove or drag; the case is on the server, so that copy is pure
                // cost. Why every listener on these events goes, and the tests that notice
                // when dash-cytoscape changes them: components/jscontract.py.
                cy.off(fromContract('dashCytoscapeEvents').join(' '));
                cg.watchSelection(cy);
                cg.labelDetail(cy, []);
                cg.watchSize(cy);
                cy.on('tap', function (evt) {
                    if (evt.target === cy) { cg.clearAll(); }
                });
                cy.on('tap', 'node.' + cls('CLUSTER_BUBBLE_CLASS'), function (evt) {
                    var ov = cy.scratch('cgOverview');
                    if (!ov) { return; }
                    var open = ov.open.concat([evt.target.data('cm')]);
                    // base: what the canvas holds open, so the answer leaves out the links
                    // between bubbles it draws already (components/overview.py)
                    setProps(id('OVERVIEW_OPEN'), {data: {case: ov.case, open: open,
                                                          base: ov.open.slice(),
                                                          t: Date.now()}});
                });
            },

            /* Level of detail of labels: a labelled node (data.fs, its font size in model px)
               whose label would be drawn under the readable size on screen (fs x zoom) gets
               the small-label class, which the stylesheet draws without its label
               (components/stylesheet.py, label_detail_rules; hubs, the selection and tagged
               entities are labelled whatever their size). The first call (firstLoad) makes
               the canvas follow its zoom: the classes are set again a frame after the
               viewport changed, only when the zoom did. Later calls name the nodes just
               drawn (`nodes`: a payload's node objects, as load and enrichApply have them;
               without it, every node on the canvas is looked at) and set the classes at
               once. Only labelled nodes are visited (on a large case only its hubs carry
               fs; a scan of 20,000 nodes would cost more than the update), and only those
               whose state changes are restyled. */
            labelDetail: function (cy, nodes) {
                var scratch = cy.scratch();
                if (!scratch.cgLabelDetail) {
                    // written into the scratch object: cy.scratch(key, value) restyles all
                    scratch.cgLabelDetail = labelDetailOf(cy);
                }
                scratch.cgLabelDetail.add(nodes);
            },

            /* The canvas size (CSS px) into ids.CANVAS_SIZE whenever it changes: the
               stylesheet callback reads it (as State) to size what depends on the zoom
               that fits the case (components/diagram.py, view_stylesheet). */
            watchSize: function (cy) {
                var sent = '';
                function report() {
                    var w = Math.round(cy.width()), h = Math.round(cy.height());
                    if (!w || !h || w + 'x' + h === sent) { return; }
                    sent = w + 'x' + h;
                    setProps(id('CANVAS_SIZE'), {data: {width: w, height: h}});
                }
                cy.on('resize', report);
                report();
            },

            /* How far down the canvas the overview bar reaches (components/overview.py;
               CSS px from the canvas' top, a small gap included), 0 when it is hidden.
               `coming`: an overview is being drawn, and the bar that says so may not be
               shown yet (its callback runs beside the load): at least the room it takes on
               two lines (elements.OVERVIEW_BAR_ROOM, which the overview's labels are
               sized for: at this zoom they are drawn at their size). */
            barRoom: function (cy, coming) {
                var bar = document.getElementById(id('OVERVIEW_BAR'));
                var box = bar && bar.getBoundingClientRect ? bar.getBoundingClientRect() : null;
                var top = cy.container() && cy.container().getBoundingClientRect
                    ? cy.container().getBoundingClientRect().top : 0;
                var shown = box && box.height > 0 ? Math.max(0, box.bottom - top + 8) : 0;
                return coming ? Math.max(shown, fromContract('overviewBarRoom')) : shown;
            },

            /* The viewport that shows the model box [x0, y0, x1, y1] whole, `pad` CSS px
               inside the canvas' edges and `top` px more at its top (the overview bar),
               zoomed in no further than `most`. */
            viewportFor: function (cy, x0, y0, x1, y1, pad, top, most) {
                var w = cy.width(), h = cy.height() - top;
                var zoom = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1),
                                    (h - 2 * pad) / Math.max(y1 - y0, 1), most);
                zoom = Math.max(zoom, cy.minZoom());
                return {zoom: zoom, pan: {x: (w - zoom * (x0 + x1)) / 2,
                                          y: top + (h - zoom * (y0 + y1)) / 2}};
            },

            /* Centre and zoom on the bounding box of the nodes' positions (cluster bubbles
               count with their diameter, data.px), below the overview bar when `top` (its
               room, cg.barRoom) is given. */
            view: function (cy, nodes, top) {
                var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, n = 0;
                nodes.forEach(function (node) {
                    var p = node.position;
                    if (!p) { return; }
                    var r = (node.data && node.data.px) ? node.data.px / 2 : 0;
                    n += 1;
                    x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r);
                    y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
                });
                if (!n) { cy.fit(undefined, 40); return; }
                var margin = 40;
                var viewport = cg.viewportFor(cy, x0 - margin, y0 - margin, x1 + margin,
                                              y1 + margin, 30, top || 0, 1.5);
                cy.viewport(viewport);
                cy.scratch().cgFitZoom = viewport.zoom;
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
                    if ((tapNode.classes || '').split(' ').indexOf(
                            cls('CLUSTER_BUBBLE_CLASS')) >= 0) {
                        // a cluster's bubble opens the cluster (firstLoad): it is no entity
                        // to select, and a selection would send requests beside the drill's
                        return nu();
                    }
                    var cy = cg.cy();
                    var node = cy ? cy.getElementById(String(tapNode.data.id)) : null;
                    if (node && node.nonempty() && !node.selected() &&
                            cy.nodes(':selected').nonempty()) {
                        // a shift-click took it out of a multiple selection: not a new focus
                        return nu();
                    }
                    return {kind: 'node', id: tapNode.data.id, t: tapNode.timeStamp};
                }
                return nu();
            },

            /* Several entities selected (shift-click, shift-drag a box): tell the page which,
               once the selection has settled; ids.MULTI_SELECTION holds two or more ids or
               none. Installed once per canvas by load(). */
            watchSelection: function (cy) {
                var timer = null, sent = '';
                cy.on('select unselect', 'node', function () {
                    if (timer) { return; }
                    timer = window.setTimeout(function () {
                        timer = null;
                        var chosen = cy.nodes(':selected').not('.' + cls('CLUSTER_BUBBLE_CLASS'))
                            .map(function (n) { return n.id(); });
                        var value = chosen.length > 1 ? chosen : [];
                        var key = value.join('\u0001');
                        if (key === sent || !window.dash_clientside.set_props) { return; }
                        sent = key;
                        setProps(id('MULTI_SELECTION'), {data: value});
                    }, 150);
                });
            },

            /* The multi-selection bar's Clear: nothing selected any more. */
            clearSelection: function () {
                var cy = cg.cy();
                if (cy) {
                    cy.batch(function () {
                        cy.elements(stateSelector()).removeClass(stateClasses());
                        cy.elements(':selected').unselect();
                    });
                }
                setProps(id('SELECTION'), {data: null});
                return Date.now();
            },

            select: function (sel, cyId) {
                var cy = cg.cy(cyId);
                if (!cy) { return nu(); }
                var target = cy.collection();
                if (sel && sel.kind === 'node') {
                    target = cy.getElementById(String(sel.id));
                    if (target.empty() && sel.drawn !== undefined && sel.drawn !== null) {
                        // not drawn in this view (an account folded into its person in the
                        // People view): the entity that stands for it is put in focus
                        target = cy.getElementById(String(sel.drawn));
                    }
                } else if (sel && sel.kind === 'edge') {
                    target = sel.id ? cy.getElementById(String(sel.id)) : cy.collection();
                    if (target.empty()) {
                        target = cy.edges().filter(function (e) {
                            return e.data('source') === sel.source &&
                                e.data('target') === sel.target;
                        });
                    }
                } else if (sel && sel.kind === 'cluster') {
                    target = cy.nodes().filter(function (n) { return n.data('cm') === sel.id; });
                }
                var focus = target;
                // a shift-click added it to other selected entities: keep them all selected
                // and in focus (components/multi_select.py acts on them)
                var many = sel && sel.kind === 'node' && target.nonempty() && target.selected() &&
                    cy.nodes(':selected').length > 1 ? cy.nodes(':selected') : null;
                if (sel && sel.kind === 'node') { focus = (many || target).closedNeighborhood(); }
                if (sel && sel.kind === 'edge') { focus = target.union(target.connectedNodes()); }
                if (sel && sel.kind === 'cluster') {
                    focus = target.union(target.edgesWith(target));
                }
                cy.batch(function () {
                    cy.elements(stateSelector()).removeClass(stateClasses());
                    if (!many) { cy.elements(':selected').unselect(); }
                    if (!target.empty()) {
                        cy.elements().not(focus).addClass(cls('FADED_CLASS'));
                        focus.addClass(cls('FOCUS_CLASS'));
                        target.select();
                    }
                });
                if (!target.empty()) {
                    if (sel.kind === 'cluster') {
                        cy.animate({fit: {eles: target, padding: 60}}, {duration: 350});
                    } else if (sel.centre) {
                        // close enough to read the neighbourhood, not so close that the sizes
                        // grown for the overview (see stylesheet.view_scales) become huge
                        var fz = cy.scratch('cgFitZoom') || cy.zoom();
                        var bb = focus.boundingBox();
                        var z = Math.min((cy.width() - 120) / Math.max(bb.w, 1),
                                         (cy.height() - 120) / Math.max(bb.h, 1));
                        z = Math.max(Math.min(z, fz * 1.8), fz, cy.zoom());
                        cy.animate({center: {eles: target}, zoom: z}, {duration: 350});
                    }
                }
                if (!sel || !sel.kind) { return ''; }
                return sel.kind + ':' + (sel.id === undefined || sel.id === null ? '' : sel.id);
            },

            /* Lay the overlays of the analysis panels over the diagram (components/ids.py,
               OVERLAYS): each is {case: [id, rev], classes: {cls: [node id | [source,
               target]]}, fit: bool}. Overlays of another case or revision are ignored. The
               last argument is the canvas sync stamp, so overlays are laid again after a
               case loads. */
            overlay: function () {
                var args = Array.prototype.slice.call(arguments, 0, -1);
                // the open analysis tab comes after the overlay stores (a string, where an
                // overlay is an object or null): marks bound to another tab are not drawn
                var tab = typeof args[args.length - 1] === 'string' ? args.pop() : null;
                var bound = fromContract('overlayTabs') || [];
                var shown = args.map(function (ov, i) {
                    return tab !== null && bound[i] && bound[i] !== tab ? null : ov;
                });
                // fit only to the marks that changed: a panel answering again (an expansion,
                // another tab) must not pull the view back onto an older mark
                var before = cg._overlayKeys || [];
                var keys = shown.map(function (ov) { return JSON.stringify(ov || null); });
                var fresh = shown.map(function (ov, i) {
                    return keys[i] !== before[i] ? ov : (ov ? Object.assign({}, ov, {fit: false})
                                                          : ov);
                });
                cg._overlayKeys = keys;
                // remembered so that load() can lay them again on a newly loaded case
                cg._overlays = shown;
                var cy = cg.cy();
                if (!cy) { return nu(); }
                return cg.applyOverlays(cy, fresh, true);
            },

            /* Escape, or a tap on the empty canvas: nothing selected, nothing faded, no
               marks (components/showing.py removes each mark at its source, so none comes
               back with a later selection or expansion). */
            clearAll: function () {
                cg.clearSelection();
                setProps(id('MARKS_CLEAR'), {data: {t: Date.now()}});
            },

            applyOverlays: function (cy, overlays, fit) {
                var current = cy.scratch('cgCase');
                var fitTo = cy.collection(), applied = 0;
                function resolve(ref) {
                    if (Array.isArray(ref)) {
                        var a = cy.getElementById(String(ref[0]));
                        var b = cy.getElementById(String(ref[1]));
                        return a.edgesWith(b);
                    }
                    return cy.getElementById(String(ref));
                }
                var classes = fromContract('overlayClasses');
                var dimOthers = cls('DIM_OTHERS');
                // the elements each class goes on, every overlay together
                var wanted = {};
                classes.forEach(function (name) { wanted[name] = cy.collection(); });
                function mark(name, eles) {
                    wanted[name] = wanted[name] ? wanted[name].union(eles) : eles;
                }
                (overlays || []).forEach(function (ov) {
                    if (!ov || !ov.classes) { return; }
                    if (ov.case && ov.case.join('@') !== current) { return; }
                    Object.keys(ov.classes).forEach(function (name) {
                        var eles = cy.collection();
                        (ov.classes[name] || []).forEach(function (ref) {
                            eles = eles.union(resolve(ref));
                        });
                        if (name === dimOthers) {
                            var inside = eles.connectedEdges().filter(function (e) {
                                return eles.contains(e.source()) && eles.contains(e.target());
                            });
                            mark(cls('OVERLAY_DIM'), cy.elements().not(eles).not(inside));
                            mark(cls('OVERLAY_FOCUS'), eles);
                        } else {
                            mark(name, eles);
                        }
                        applied += eles.length;
                        if (fit && ov.fit && name !== cls('OVERLAY_HIDE')) { fitTo = fitTo.union(eles); }
                    });
                });
                // only the elements whose marks change: cytoscape restyles every element it is
                // asked to add a class to or remove one from, whether it had it or not, and a
                // restyle redraws the whole canvas (0.3-0.8 s at 5,000 entities): the same
                // marks laid again (a panel answering for a new revision) cost nothing. The
                // overlay classes go from every element not given them; other classes
                // (tags) are only added, as ever
                cy.batch(function () {
                    Object.keys(wanted).forEach(function (name) {
                        if (classes.indexOf(name) >= 0) {
                            cy.elements('.' + name).not(wanted[name]).removeClass(name);
                        }
                        wanted[name].filter(function (ele) { return !ele.hasClass(name); })
                            .addClass(name);
                    });
                });
                if (!fitTo.empty()) {
                    cy.animate({fit: {eles: fitTo, padding: 80}}, {duration: 350});
                }
                return applied;
            },

            /* Panels filled above the canvas may have moved it: cytoscape measures it
               again now and 250 ms later (a panel may still be growing), only when it did
               move or change size (cg.resizeIfMoved). */
            resync: function () {
                var cy = cg.cy();
                if (cy) {
                    cg.resizeIfMoved(cy);
                    window.setTimeout(function () { cg.resizeIfMoved(cy); }, 250);
                }
                return Date.now();
            },

            /* cy.resize() when the canvas sits elsewhere on the page, or has another size,
               than when cytoscape last measured it (every resize is noted, whoever asks for
               it). A resize redraws every element: 0.3-0.8 s of the main thread at 5,000
               entities, twice per resync, and the panels that set one off (the summary
               cards after an expansion) mostly leave the canvas where it was. True when
               it resized. */
            resizeIfMoved: function (cy) {
                if (cy.destroyed()) { return false; }
                var scratch = cy.scratch();  // the object itself: cy.scratch(k, v) restyles
                if (!scratch.cgBoxNoted) {
                    scratch.cgBoxNoted = true;
                    cy.on('resize', function () { scratch.cgBox = canvasBox(cy); });
                }
                var box = canvasBox(cy);
                if (box !== null && box === scratch.cgBox) { return false; }
                cy.resize();  // notes the box (above)
                return true;
            },

            fit: function () {
                var cy = cg.cy();
                if (cy) {
                    var top = cg.barRoom(cy, false);
                    var eles = cy.elements(':visible');
                    if (top && eles.nonempty()) {  // an overview: its picture below its bar
                        var bb = eles.boundingBox();
                        cy.animate(cg.viewportFor(cy, bb.x1, bb.y1, bb.x2, bb.y2, 40, top,
                                                  cy.maxZoom()), {duration: 300});
                    } else {
                        cy.animate({fit: {eles: eles, padding: 40}}, {duration: 300});
                    }
                }
                return 'Fit the whole network in view';
            }
        };
        window.dash_clientside = Object.assign({}, window.dash_clientside, {casegraph: cg});

        /* Cytoscape caches where its canvas sits on the page and refreshes that only on
           window resize or scroll; anything rendered above it later (case notes, cards,
           alerts, a lazily loaded dropdown) shifts the canvas, and a tap would land beside
           the node. Re-measure just before cytoscape sees a press (capture phase on the
           document runs first). */
        ['mousedown', 'touchstart', 'wheel'].forEach(function (name) {
            document.addEventListener(name, function (event) {
                var el = document.getElementById(id('CYTOSCAPE'));
                if (el && el._cyreg && el.contains(event.target)) { el._cyreg.cy.resize(); }
            }, {capture: true, passive: true});
        });

        installDialogs(window, cg, {id: id, cls: cls, nu: nu, componentOf: componentOf});
        installEnrichment(window, cg, {id: id, cls: cls, nu: nu, setProps: setProps});
        return cg;
    }

    /* -- briefing, exports, saved cases (components/briefing.py, exports.py, cases.py) -----
       Dialogs open and close in the browser and read the canvas viewport as they open (the
       server draws pictures and saves views from it); a saved view's viewport is laid on
       again once its case is drawn; presentation mode is a class on the page root. */
    function installDialogs(window, cg, c) {
        var document = window.document;

        function triggered() {
            var ctx = window.dash_clientside.callback_context;
            return ctx && ctx.triggered.length ? ctx.triggered.map(function (t) {
                return {id: c.componentOf(t.prop_id), value: t.value};
            }) : [];
        }

        /* The viewport as the server needs it: pan, zoom and the canvas size in CSS pixels. */
        cg.viewportState = function () {
            var cy = cg.cy();
            if (!cy || !cy.width() || !cy.height()) { return null; }
            var pan = cy.pan();
            return {pan: {x: pan.x, y: pan.y}, zoom: cy.zoom(),
                    viewport_width: cy.width(), viewport_height: cy.height(),
                    case: cy.scratch('cgCase')};
        };

        /* components/view_state.py: the inputs are each dialog's open and close buttons, in
           pairs; the outputs each dialog's is_open (a dash-bootstrap-components Modal), in
           the same order, then the viewport store, read as a dialog opens. */
        cg.dialog = function () {
            var ctx = window.dash_clientside.callback_context;
            var inputs = (ctx && ctx.inputs_list) || [];
            var fired = triggered();
            var opened = false;
            var out = [];
            for (var i = 0; i + 1 < inputs.length; i += 2) {
                var opener = inputs[i].id, closer = inputs[i + 1].id;
                var state = c.nu();
                fired.forEach(function (t) {
                    if (t.id === opener && t.value) { state = true; }
                    else if (t.id === closer && t.value) { state = false; }
                });
                opened = opened || state === true;
                out.push(state);
            }
            out.push(opened ? cg.viewportState() : c.nu());
            return out;
        };

        /* Fit the model box a saved viewport showed into the canvas as it is now (the canvas
           may be larger in presentation mode, or the window another size). */
        cg.fitSaved = function (cy, saved) {
            var z0 = saved.zoom, w0 = saved.viewport_width, h0 = saved.viewport_height;
            if (!(z0 > 0 && w0 > 0 && h0 > 0)) { return false; }
            var x0 = -saved.pan.x / z0, y0 = -saved.pan.y / z0;
            var x1 = (w0 - saved.pan.x) / z0, y1 = (h0 - saved.pan.y) / z0;
            var w = cy.width(), h = cy.height();
            var zoom = Math.min(w / (x1 - x0), h / (y1 - y0));
            zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), zoom));
            cy.viewport({zoom: zoom, pan: {x: (w - zoom * (x0 + x1)) / 2,
                                           y: (h - zoom * (y0 + y1)) / 2}});
            return true;
        };

        cg.restoreView = function (restore) {
            var cy = cg.cy();
            if (!cy || !restore || !restore.case) { return c.nu(); }
            if (restore.case.join('@') !== cy.scratch('cgCase') || !cy.nodes().length) {
                return c.nu();  // not drawn yet: the canvas sync after the load calls again
            }
            if (cy.scratch('cgRestored') === restore.t) { return c.nu(); }
            cy.scratch().cgRestored = restore.t;
            cy.stop();
            cy.resize();
            if (restore.pan) { cg.fitSaved(cy, restore); }
            if (restore.selection) {
                // the selection store was set with the view; mark it on the canvas now that
                // the nodes exist (the selection callback may have run before they did)
                cg.select(Object.assign({}, restore.selection, {centre: false}), c.id('CYTOSCAPE'));
            }
            return restore.t;
        };

        function root() { return document.querySelector('.' + c.cls('APP_CLASS')); }

        cg.present = function () {
            var fired = triggered();
            var app = root();
            if (!app) { return [c.nu(), c.nu()]; }
            var leaving = fired.some(function (t) { return t.id === c.id('PRESENT_EXIT'); });
            var starting = fired.some(function (t) { return t.value; });
            if (!leaving && !starting) { return [c.nu(), c.nu()]; }
            // keep the same part of the network in view as the canvas grows or shrinks
            var before = cg.viewportState();
            app.classList.toggle(c.cls('PRESENTING_CLASS'), !leaving);
            var cy = cg.cy();
            if (cy) {
                cy.resize();
                if (before) { cg.fitSaved(cy, before); }
            }
            return [leaving ? 'off:' + Date.now() : 'on:' + Date.now(),
                    leaving ? c.nu() : false];  // the briefing dialog closes
        };

        /* Large labels while presenting: every stylesheet rule that sets a font size gets a
           copy 1.7x as large appended (so hubs stay larger than the rest); leaving restores
           the stylesheet as the server sent it. */
        cg.presentLabels = function (sink, stylesheet) {
            var cy = cg.cy();
            var app = root();
            if (!cy || !app || !stylesheet) { return c.nu(); }
            var on = app.classList.contains(c.cls('PRESENTING_CLASS'));
            window.setTimeout(function () {
                var rules = stylesheet.slice();
                if (on) {
                    stylesheet.forEach(function (rule) {
                        var size = rule.style && rule.style['font-size'];
                        if (typeof size === 'number') {
                            rules.push({selector: rule.selector,
                                        style: {'font-size': Math.round(size * 1.7),
                                                'text-outline-width': 3}});
                        }
                    });
                }
                cy.style().fromJson(rules).update();
                cy.resize();
            }, 30);
            return c.nu();
        };

        /* Escape in a text field or an open dropdown belongs to that field. */
        function isTyping(target) {
            var tag = target && target.tagName ? String(target.tagName).toLowerCase() : '';
            return tag === 'input' || tag === 'textarea' || tag === 'select';
        }

        function click(componentId) {
            var el = document.getElementById(componentId);
            if (el) { el.click(); }
        }

        document.addEventListener('keydown', function (event) {
            var app = root();
            if (!app) { return; }
            if (app.classList.contains(c.cls('PRESENTING_CLASS'))) {
                var next = c.id('PRESENT_NEXT'), prev = c.id('PRESENT_PREV');
                var button = {ArrowRight: next, PageDown: next, ArrowDown: next,
                              ArrowLeft: prev, PageUp: prev, ArrowUp: prev,
                              Escape: c.id('PRESENT_EXIT')}[event.key];
                if (button) {
                    event.preventDefault();
                    click(button);
                }
                return;
            }
            // an open dialog closes itself on Escape (dash-bootstrap-components' Modal)
            if (event.key === 'Escape' &&
                    !document.querySelector('.' + c.cls('DIALOG_CLASS') + '.' +
                                            c.cls('OPEN_DIALOG_CLASS')) &&
                    !isTyping(event.target)) {
                cg.clearAll();
            }
        });
    }

    /* -- enrichment (components/enrich.py) ---------------------------------------------------
       Apply an expansion's delta to the canvas: new nodes next to the entity they were found
       from (offsets computed on the server), new links, changed counts, removals (undo).
       Only these few elements are touched; the rest of the canvas stays as it is. A delta
       made for another revision than the one on screen asks the server for the full
       elements instead. */
    function installEnrichment(window, cg, c) {
        /* The new revision goes into the case store (which the panels follow), and the result
           card, marks and selection onto the page, only after the new nodes are drawn: the
           panels' callbacks and restyles then come after the paint. */
        function storeRevision(delta, later) {
            function write() {
                if (write.done || !window.dash_clientside.set_props) { return; }
                write.done = true;
                // delta.then: [component id, prop, value] of the action's other outputs (the
                // case store, the result card, the marks, the selection; components/enrich.py)
                (delta.then || []).forEach(function (item) {
                    var value = item[2];
                    if (item[0] === c.id('CASE_STORE') && value) {
                        value = Object.assign({}, value, {base: delta.base[1]});
                    }
                    var props = {};
                    props[item[1]] = value;
                    c.setProps(item[0], props);
                });
            }
            if (!later) { write(); return; }
            later.one('render', function () { window.setTimeout(write, 0); });
            window.setTimeout(write, 1000);  // no frame (a hidden page): do not wait for one
        }

        cg.enrichApply = function (delta, sel) {
            var nu = c.nu();
            if (!delta) { return [nu, nu]; }
            var cy = cg.cy();
            if (!cy || cy.scratch('cgCase') !== delta.base.join('@')) {
                storeRevision(delta, null);
                return [{case: delta.case, t: Date.now()}, nu];
            }
            if (cy.scratch('cgPeople')) {
                // a people network on screen: what was found folds into its people, so the
                // case callback sends the new picture whole once the revision is stored
                storeRevision(delta, null);
                return [nu, nu];
            }
            var placed = {};
            function where(nodeId) {
                if (placed[nodeId]) { return placed[nodeId]; }
                var n = cy.getElementById(String(nodeId));
                return n.nonempty() && n.isNode() ? n.position() : null;
            }
            var nodes = [];
            (delta.nodes || []).forEach(function (n) {
                var a = n.anchor ? where(n.anchor) : null;
                if (!a) { return; }  // its anchor is not drawn (e.g. inside a closed cluster)
                var rel = n.rel || {x: 0, y: 0};
                var p = {x: a.x + rel.x, y: a.y + rel.y};
                placed[n.data.id] = p;
                nodes.push({group: 'nodes', data: n.data, position: p});
            });
            var added = cy.collection();
            cy.batch(function () {
                (delta.remove || []).forEach(function (gone) {
                    cy.getElementById(String(gone)).remove();
                });
                added = added.union(cy.add(nodes));
                var edges = (delta.edges || []).filter(function (e) {
                    return cy.getElementById(e.data.source).nonempty() &&
                        cy.getElementById(e.data.target).nonempty() &&
                        cy.getElementById(e.data.id).empty();
                }).map(function (e) { return {group: 'edges', data: e.data}; });
                added = added.union(cy.add(edges));
                (delta.update || []).forEach(function (u) {
                    var ele = cy.getElementById(String(u.id));
                    if (ele.nonempty()) { ele.data(u.data); }
                });
            });
            cg.labelDetail(cy, nodes);  // the new nodes' labels: readable at this zoom?
            // written into the scratch object itself: cy.scratch(key, value) restyles every
            // element of the graph (cytoscape treats it as a style input), ~0.3 s at 5,000
            var scratch = cy.scratch();
            scratch.cgCase = delta.case.join('@');
            scratch.cgFresh = {case: delta.case.join('@'), eles: added};
            // no cg.select here: the selection callback lays it on again (a restyle of every
            // element, ~0.5 s at 5,000 nodes) and would delay the new nodes' first frame
            if (sel && sel.kind) { added.union(added.connectedNodes()).addClass(c.cls('FOCUS_CLASS')); }
            storeRevision(delta, cy);
            return [nu, Date.now()];
        };

        /* What an expansion just added belongs to the selection's focus, even two links away
           from the selected entity: keep it unfaded whenever the selection is laid on again
           (the selection callback may run before or after the delta is applied). */
        var select = cg.select;
        cg.select = function (sel, cyId) {
            var cy = cg.cy(cyId);
            var out;
            var same = sel && sel.rev && sel.kind === 'node' && !sel.centre && cy &&
                cy.getElementById(String(sel.id)).selected() && cy.$(':selected').length === 1;
            if (same) {
                // an expansion re-sends the selection it grew from (sel.rev) so the inspector
                // shows the new revision; it is laid on the canvas already: re-laying it would
                // restyle every element (0.3-0.5 s at 5,000 entities) for no change
                out = 'node:' + sel.id;
            } else {
                out = select.apply(this, arguments);
            }
            var fresh = cy && cy.scratch('cgFresh');
            if (fresh && sel && sel.kind && fresh.case === cy.scratch('cgCase')) {
                var faded = c.cls('FADED_CLASS'), focus = c.cls('FOCUS_CLASS');
                var eles = fresh.eles.filter(function (e) { return e.inside(); });
                // only those not in focus yet (enrichApply put them there when the selection
                // was on screen): a class set again restyles the element all the same, and
                // any restyle redraws the whole canvas (0.3-0.8 s at 5,000 entities)
                eles.union(eles.connectedNodes()).filter(function (e) {
                    return e.hasClass(faded) || !e.hasClass(focus);
                }).removeClass(faded).addClass(focus);
            }
            return out;
        };
    }

    install.CONTRACT_ID = CONTRACT_ID;
    if (typeof module === 'object' && module.exports) {
        module.exports = install;
    } else {
        install(pageWindow);
    }
}(this));
