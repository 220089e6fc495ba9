"""Disruption tab: what arrests would do to the ring.

- A chart comparing arrest strategies (brokers first, most contacts first, PageRank, random
  arrests with their spread, the analyst's own order): the share of the network still
  connected against the number of people removed, with the point where it falls below half.
- "What if we arrest these": the people on the arrest list are shown removed on the diagram
  (``ov-removed``) and the pieces left are counted.
- A recommended target set of size k (greedy key players) marked ``ov-target``, with the gain
  of each pick and what the structure verdict says about how to act.

Everything is counted on the view the hubs panel's switch chooses (``ids.ANALYSIS_VIEW``):
the people network by default (no one arrests a phone number), or all entities.

Results are cached per case revision and view (``Workspace.derived``); networks above
``LARGE_CASE`` members are simulated only when the analyst asks.
"""

from __future__ import annotations

import time
from typing import Any

import plotly.graph_objects as go
from dash import Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis.disruption import (
    STRATEGIES,
    key_players,
    random_curves,
    removal_curve,
    simulation_settings,
    what_if_removed,
)
from casegraph.analysis.paths import distance_graph
from casegraph.analysis.structure import HUB_AND_SPOKE, NETWORKED, TOO_SMALL
from casegraph.workspace import Workspace
from components import ids, structure_panel
from components.clicks import gate, pressed
from components.clicks import store as click_store
from components.overlays import overlay
from components.paths_panel import (
    entity_chip,
    entity_options,
    searched_options,
)
from components.state import PEOPLE, actor_label, case_ref, network_for, view_of, workspace
from components.widgets import grid

TAB_ID = "disruption"
OPEN_ONLY = True                       # components/open_tab.py (its marks go with the tab)
TAB_LABEL = "Disruption"
LARGE_CASE = 2000          # above this, simulate on demand (a button), not on opening the tab
ORDER_ARREST, ORDER_SUSPECTS = "arrest", "suspects"
SUSPECT = "suspect"
RANKED = ("betweenness", "degree", "pagerank")
COLOURS = {"betweenness": "#b91c1c", "degree": "#2563eb", "pagerank": "#7c3aed",
           "order": "#059669", "random": "#6b7280"}
DEFAULT_K = 5
HIDDEN = {"display": "none"}


def default_block(n: int) -> int:
    """Arrests between two re-rankings (``casegraph.analysis.disruption.simulation_settings``,
    which the case-file report uses too).

    >>> default_block(110), default_block(5000)
    (1, 50)
    """
    return simulation_settings(n).block


def random_runs(n: int) -> int:
    return simulation_settings(n).random_runs


def suspects(ws: Workspace, ref: tuple[str, int], view: Any = PEOPLE) -> list[str]:
    """Entities tagged suspect, best connected first (the analyst's order when chosen)."""
    H = network_for(ws, ref, view)
    tagged = [n for n, t in ws.case(*ref).graph.nodes(data="tag") if t == SUSPECT and n in H]
    return sorted(tagged, key=lambda n: -H.degree(n))


def analyst_order(ws: Workspace, ref: tuple[str, int], source: str | None,
                  arrest: list | None, view: Any = PEOPLE) -> list[str]:
    if source == ORDER_SUSPECTS:
        return suspects(ws, ref, view)
    if source == ORDER_ARREST:
        H = network_for(ws, ref, view)
        return [n for n in dict.fromkeys(arrest or []) if n in H]
    return []


def curves(ws: Workspace, store: Any, block: int = 1, weighted: bool = False,
           order: list | None = None, view: Any = PEOPLE) -> dict[str, Any]:
    """Removal curves of every strategy for the open revision, each cached on its own.

    Returns ``{"betweenness": [...], "degree": [...], "pagerank": [...], "random":
    RandomCurves, "order": [...] or None, "seconds": float}``.
    """
    ref = case_ref(store)
    started = time.perf_counter()
    view = view_of(view)
    H = network_for(ws, ref, view)
    block = max(1, int(block or 1))
    out: dict[str, Any] = {}
    for strategy in RANKED:
        use_weight = weighted and strategy == "betweenness"
        out[strategy] = ws.derived(
            ref[0], ref[1], ("removal", strategy, block, use_weight, view),
            lambda s=strategy, w=use_weight: removal_curve(
                distance_graph(H) if w else H, s, block=block,
                weight="distance" if w else None))
    runs = random_runs(H.number_of_nodes())
    out["random"] = ws.derived(ref[0], ref[1], ("removal-random", block, runs, view),
                               lambda: random_curves(H, runs=runs, block=block))
    order = list(order or [])
    out["order"] = (ws.derived(ref[0], ref[1], ("removal-order", tuple(order), block, view),
                               lambda: removal_curve(H, "order", block=block, order=order))
                    if order else None)
    out["seconds"] = time.perf_counter() - started
    return out


def removed_at(step: int, block: int, cap: int | None = None) -> int:
    """People removed after ``step`` steps of ``block`` (the analyst's list may run out)."""
    done = step * block
    return min(done, cap) if cap is not None else done


def half_point(curve: list[float], block: int = 1, cap: int | None = None) -> int | None:
    """People removed when the largest connected group first falls below half.

    >>> half_point([1.0, 0.8, 0.4, 0.2]), half_point([1.0, 0.6], block=3)
    (2, None)
    """
    for step, share in enumerate(curve):
        if share < 0.5:
            return removed_at(step, block, cap)
    return None


def figure(data: dict[str, Any], block: int, order_len: int = 0) -> go.Figure:
    """The comparison chart: share still connected (%) against people removed."""
    fig = go.Figure()
    rc = data["random"]
    if rc.mean:
        xs = [removed_at(i, block) for i in range(len(rc.mean))]
        fig.add_trace(go.Scatter(x=xs + xs[::-1], y=[100 * v for v in rc.high]
                                 + [100 * v for v in rc.low[::-1]], fill="toself",
                                 fillcolor="rgba(107,114,128,0.16)", line={"width": 0},
                                 hoverinfo="skip", name=f"Random: range over {rc.runs} runs",
                                 legendgroup="random"))
        fig.add_trace(go.Scatter(x=xs, y=[100 * v for v in rc.mean], mode="lines",
                                 name="Random arrests (mean)", legendgroup="random",
                                 line={"color": COLOURS["random"], "dash": "dot", "width": 2}))
    series = [(s, data[s]) for s in RANKED]
    if data.get("order"):
        series.append(("order", data["order"]))
    for strategy, curve in series:
        cap = order_len if strategy == "order" else None
        xs = [removed_at(i, block, cap) for i in range(len(curve))]
        fig.add_trace(go.Scatter(x=xs, y=[100 * v for v in curve], mode="lines+markers",
                                 name=STRATEGIES[strategy], marker={"size": 4},
                                 line={"color": COLOURS[strategy], "width": 2.5},
                                 hovertemplate="%{x} removed: %{y:.0f}% still connected"
                                               "<extra>" + STRATEGIES[strategy] + "</extra>"))
        half = half_point(curve, block, cap)
        if half is not None:
            step = next(i for i, v in enumerate(curve) if v < 0.5)
            fig.add_trace(go.Scatter(x=[half], y=[100 * curve[step]], mode="markers",
                                     marker={"size": 12, "color": COLOURS[strategy],
                                             "symbol": "x", "line": {"width": 1}},
                                     showlegend=False, hovertemplate=(
                                         f"below half after {half} removed<extra>"
                                         f"{STRATEGIES[strategy]}</extra>")))
    fig.add_hline(y=50, line={"color": "#9ca3af", "dash": "dash", "width": 1},
                  annotation_text="half the network", annotation_position="top right",
                  annotation_font={"size": 11, "color": "#6b7280"})
    fig.update_layout(
        # the legend sits at the foot of the figure (container coordinates), in a margin
        # that holds three rows of it below the axis title at any width
        margin={"l": 56, "r": 16, "t": 8, "b": 112}, height=390, template="plotly_white",
        font={"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 12},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom",
                "x": 0, "font": {"size": 11}},
        xaxis={"title": {"text": "people removed", "standoff": 6}, "rangemode": "tozero"},
        yaxis={"title": "still connected (% of the network)", "range": [0, 104]},
        hovermode="closest")
    return fig


def summary(data: dict[str, Any], block: int, order_len: int = 0) -> list[Any]:
    """Plain sentences: how many arrests each strategy needs to halve the ring."""
    def needed(curve: list[float], cap: int | None = None) -> str:
        half = half_point(curve, block, cap)
        if half is None:
            return "does not fall below half"
        return f"below half after {half} arrest{'s' if half != 1 else ''}"

    rows = [html.Li([html.Strong(STRATEGIES[s] + ": "), needed(data[s])]) for s in RANKED]
    if data["random"].mean:
        rows.append(html.Li([html.Strong("Random arrests (mean): "),
                             needed(data["random"].mean)]))
    if data.get("order"):
        rows.append(html.Li([html.Strong(f"Analyst's order ({order_len} people): "),
                             needed(data["order"], order_len)]))
    lead = lead_sentence(data, block)
    how = ("one at a time, re-ranking after each arrest" if block == 1 else
           f"{block} at a time, re-ranking after each round")
    return [html.Div(lead, className="cg-ap-callout") if lead else None,
            html.Div(f"Arrests {how}. The ring is the largest group of people still in "
                     "contact with each other.", className="cg-field-hint"),
            html.Ul(rows, className="cg-dr-summary")]


def lead_sentence(data: dict[str, Any], block: int = 1) -> str:
    """The comparison in one sentence: the best targeted strategy against random arrests.

    >>> from casegraph.analysis.disruption import RandomCurves
    >>> d = {"betweenness": [1, .4], "degree": [1, .6, .3], "pagerank": [1, .6, .3],
    ...      "random": RandomCurves([1, .8, .6, .4], [], [], [], 5)}
    >>> lead_sentence(d)[:60]
    'Targeting brokers first (betweenness) halves the ring after '
    """
    halves = {s: half_point(data[s], block) for s in RANKED}
    reached = {s: h for s, h in halves.items() if h is not None}
    if not reached:
        return ("No targeted strategy brings the ring below half: it has no single "
                "dependence to exploit.")
    best = min(reached, key=lambda s: (reached[s], RANKED.index(s)))
    label = STRATEGIES[best][0].lower() + STRATEGIES[best][1:]
    n = reached[best]
    text = f"Targeting {label} halves the ring after {n} arrest{'s' if n != 1 else ''}"
    rc = data["random"]
    rand = half_point(rc.mean, block) if rc.mean else None
    if rand is not None:
        text += f"; random arrests need {rand} on average"
    return text + "."


EMPTY_ARREST_HINT = html.Div(
    "Add people to the arrest list (from the inspector, the box above or the recommended "
    "targets) to see what is left of the network.", className="cg-ap-hint")


def what_if_view(ws: Workspace, store: Any, arrest: list | None,
                 view: Any = PEOPLE) -> tuple[list[Any], dict]:
    """``(sentences, overlay classes)`` for arresting the people on the list together."""
    ref = case_ref(store)
    if ref is None:
        return [], {}
    view = view_of(view)
    H = network_for(ws, ref, view)
    people = [n for n in dict.fromkeys(arrest or []) if n in H]
    if not people:
        return [EMPTY_ARREST_HINT], {}
    case = ws.case(*ref)
    result = ws.derived(ref[0], ref[1], ("what-if", tuple(sorted(people)), view),
                        lambda: what_if_removed(H, people))
    pieces = [p for p in result.pieces if len(p) > 1]
    largest = len(result.pieces[0]) if result.pieces else 0
    n = len(people)
    who = f"Arresting {n} {'person' if n == 1 else 'people'}"
    lost = len(result.isolated)
    if pieces:
        text = [html.Strong(f"{who} leaves {len(pieces)} separate "
                            f"group{'s' if len(pieces) != 1 else ''}"),
                f" of two or more; the largest has {largest} member"
                f"{'s' if largest != 1 else ''} ({100 * result.lcc_share:.0f}% of the ring "
                "as it was)"]
        if lost:
            text.append(f", and {lost} {'loses' if lost == 1 else 'lose'} every contact")
        text.append(".")
    else:
        text = [html.Strong(f"{who} leaves no group of two or more"),
                f": {lost} {'person loses' if lost == 1 else 'people lose'} every contact."]
    groups = [html.Li([f"{len(p)} members: ",
                       *[entity_chip(case, x) for x in sorted(p, key=lambda m: -H.degree(m))[:5]],
                       html.Span(" …", className="cg-muted") if len(p) > 5 else None])
              for p in pieces[:5]]
    pairs = [(u, v) for u in people for v in H.adj[u]]
    return ([html.Div(text, className="cg-ap-callout"),
             html.Ul(groups, className="cg-dr-groups")],
            {"ov-removed": people + pairs})


def targets(ws: Workspace, store: Any, k: int, view: Any = PEOPLE) -> list:
    """Greedy key players for the open revision (cached per view)."""
    ref = case_ref(store)
    k = max(1, min(int(k or DEFAULT_K), 20))
    view = view_of(view)
    return ws.derived(ref[0], ref[1], ("key-players", k, view),
                      lambda: key_players(network_for(ws, ref, view), k))


def action_sentence(label: str, picks: list, names: list[str]) -> str:
    """What the verdict implies for an operation against the recommended targets."""
    if not picks:
        return ""
    k = len(picks)
    first, last = picks[0], picks[-1]
    if label == HUB_AND_SPOKE:
        return (f"Hub-and-spoke ring: removing the hubs breaks it. Taking {names[0]} alone "
                f"leaves the largest group at {100 * first.lcc_share:.0f}% of the ring; the "
                f"{k} together leave {100 * last.lcc_share:.0f}%. Act in this order, and "
                "watch the next-ranked members, who may try to take over.")
    if label == NETWORKED:
        return (f"Highly networked ring: arrests one at a time let it re-route. Act against "
                f"these {k} people at the same time (a simultaneous operation); together they "
                f"leave the largest group at {100 * last.lcc_share:.0f}% of the ring.")
    if label == TOO_SMALL:
        return (f"The ring is too small to call its structure. Together these {k} leave the "
                f"largest group at {100 * last.lcc_share:.0f}% of the ring.")
    return (f"Mixed ring: act against these {k} together, in one operation, so the core "
            f"cannot re-route around single arrests; together they leave the largest group "
            f"at {100 * last.lcc_share:.0f}% of the ring.")


TARGET_COLUMNS = [
    # in pick order as given (no sort arrow to crowd the narrow column)
    {"field": "rank", "headerName": "#", "type": "rightAligned", "minWidth": 52,
     "maxWidth": 64, "cellClass": "cg-dr-targets-rank"},
    {"field": "name", "headerName": "Target", "flex": 2, "minWidth": 120,
     "tooltipField": "name", "cellClass": "cg-grid-action"},
    {"field": "gain", "headerName": "Gain", "type": "rightAligned", "flex": 1,
     "minWidth": 70, "valueFormatter": {"function": "d3.format('+.1f')(params.value)"},
     "headerTooltip": "Share of pairs of people (percentage points) who can no longer reach "
                      "each other because of this pick"},
    {"field": "cut_off", "headerName": "Cut off", "type": "rightAligned", "flex": 1,
     "minWidth": 76, "valueFormatter": {"function": "params.value + '%'"},
     "headerTooltip": "Share of pairs who cannot reach each other after this and earlier "
                      "picks"},
    {"field": "ring_left", "headerName": "Ring left", "type": "rightAligned", "flex": 1,
     "minWidth": 84, "valueFormatter": {"function": "params.value + '%'"},
     "headerTooltip": "Largest connected group, as a share of the ring before any arrest"},
]


def targets_view(ws: Workspace, store: Any, k: int,
                 view: Any = PEOPLE) -> tuple[list[Any], list[dict[str, Any]], list[str]]:
    """``(children, grid rows, target ids)``: the action sentence, the picks with their
    gains (percentages as numbers, so they sort as such) and their ids in pick order."""
    ref = case_ref(store)
    if ref is None:
        return [], [], []
    picks = targets(ws, store, k, view)
    if not picks:
        return [html.Div("No one to recommend: the network has no links.",
                         className="cg-ap-hint")], [], []
    v = structure_panel.verdict(ws, store, view)
    names = [actor_label(ws, ref, p.node, view) for p in picks]
    rows = [{"id": str(p.node), "rank": i + 1, "name": names[i],
             "gain": round(100 * p.gain, 1), "cut_off": round(100 * p.fragmentation),
             "ring_left": round(100 * p.lcc_share)}
            for i, p in enumerate(picks)]
    return ([html.P(action_sentence(v.label if v else "", picks, names),
                    className="cg-st-action cg-st-action-sm")],
            rows, [str(p.node) for p in picks])


def picked_target(cell: Any) -> dict[str, Any] | None:
    """The selection a click on a row of the targets grid makes (``cellClicked``): that
    person, centred, as a chip in an analysis tab selects them.

    >>> picked_target({"rowId": "n12", "colId": "name"})
    {'kind': 'node', 'id': 'n12', 'centre': True, 'via': 'panel'}
    >>> picked_target(None) is None
    True
    """
    if not isinstance(cell, dict) or cell.get("rowId") is None:
        return None
    return {"kind": "node", "id": str(cell["rowId"]), "centre": True, "via": "panel"}


# -- layout -------------------------------------------------------------------------------
def inspector_section(ws: Workspace, ref: tuple[str, int], node: str) -> list[Any]:
    return [html.Button("Add to arrest list", id={"type": ids.ARREST_ADD, "index": str(node)},
                        n_clicks=0, className="cg-button cg-dr-add",
                        title="Simulate this arrest in the Disruption tab")]


def layout() -> html.Div:
    return html.Div(className="cg-dr-tab", children=[
        html.Div(className="cg-dr-chart-col", children=[
            html.Div(className="cg-ap-row", children=[
                html.Span("Arrest", className="cg-field-label"),
                dcc.Input(id=ids.DISRUPTION_BLOCK, type="number", min=1, step=1, value=None,
                          placeholder="1", className="cg-ap-number", debounce=True),
                html.Span("at a time", className="cg-muted"),
                html.Span("Analyst's order", className="cg-field-label cg-dr-gap"),
                dcc.RadioItems(id=ids.DISRUPTION_ORDER, value=ORDER_ARREST, inline=True,
                               className="cg-ap-radio", options=[
                                   {"label": "arrest list", "value": ORDER_ARREST},
                                   {"label": "tagged suspects", "value": ORDER_SUSPECTS}]),
                dcc.Checklist(id=ids.DISRUPTION_WEIGHTED, value=[], className="cg-ap-check",
                              options=[{"label": " brokers by tie strength", "value": "w"}]),
                html.Button("Run simulation", id=ids.DISRUPTION_RUN, n_clicks=0,
                            className="cg-button"),
            ]),
            dcc.Loading(type="dot", children=[
                html.Div(id=ids.DISRUPTION_SUMMARY, className="cg-dr-status"),
                dcc.Graph(id=ids.DISRUPTION_CHART, style={"display": "none"},
                          config={"displaylogo": False, "responsive": True,
                                  "modeBarButtonsToRemove": ["select2d", "lasso2d"]}),
            ]),
        ]),
        html.Div(className="cg-dr-side", children=[
            html.H3("What if we arrest these?", className="cg-ap-h3"),
            dcc.Dropdown(id=ids.ARREST_LIST, multi=True, options=[], value=[],
                         placeholder="Add people to arrest…", className="cg-ap-dropdown"),
            html.Div(className="cg-ap-row", children=[
                html.Button("Add the selected entities", id=ids.ARREST_FROM_SELECTION,
                            n_clicks=0, className="cg-button"),
                html.Button("Use the recommended targets", id=ids.ARREST_USE_TARGETS,
                            n_clicks=0, className="cg-button"),
                html.Button("Clear", id=ids.ARREST_CLEAR, n_clicks=0, className="cg-button"),
            ]),
            html.Div(id=ids.ARREST_RESULT),
            html.Div(className="cg-st-toolbar", children=[
                html.H3("Recommended targets", className="cg-ap-h3"),
                dcc.Dropdown(id=ids.TARGETS_K, value=DEFAULT_K, clearable=False,
                             searchable=False, className="cg-ap-small-dropdown",
                             options=[{"label": f"{k} people", "value": k}
                                      for k in (1, 2, 3, 4, 5, 6, 8, 10)]),
                dcc.Checklist(id=ids.TARGETS_SHOW, value=["show"], className="cg-ap-check",
                              options=[{"label": " mark on the diagram", "value": "show"}]),
            ]),
            html.Div("Picked one by one, each the person whose removal cuts off the most "
                     "pairs of people from each other.", className="cg-field-hint"),
            dcc.Store(id=ids.TARGETS_STORE, data=[]),
            click_store(ids.ARREST_CLICK),
            dcc.Loading(type="dot", children=[
                html.Div(id=ids.TARGETS_LIST),
                html.Div(id=ids.TARGETS_GRID_BOX, style=HIDDEN, children=[
                    grid(ids.TARGETS_GRID, TARGET_COLUMNS, class_name="cg-dr-targets")]),
            ]),
        ]),
    ])


def large_case_note(n: int) -> html.Div:
    return html.Div(className="cg-ap-callout", children=[
        html.Strong(f"Large case ({n:,} entities): "),
        "the simulation runs when you press Run simulation. It re-ranks everyone about a "
        f"hundred times: expect about {max(1, round(n / 5000))} minute"
        f"{'s' if round(n / 5000) > 1 else ''} (a minute for 5,000 entities on a 2-core "
        "machine). The result is kept for this revision."])


def register(app) -> None:
    @app.callback(
        Output(ids.DISRUPTION_CHART, "figure"),
        Output(ids.DISRUPTION_CHART, "style"),
        Output(ids.DISRUPTION_SUMMARY, "children"),
        Output(ids.DISRUPTION_BLOCK, "placeholder"),
        Input(ids.tab_case(TAB_ID), "data"),   # only while the tab is open
        Input(ids.DISRUPTION_BLOCK, "value"),
        Input(ids.DISRUPTION_ORDER, "value"),
        Input(ids.ARREST_LIST, "value"),
        Input(ids.DISRUPTION_WEIGHTED, "value"),
        Input(ids.DISRUPTION_RUN, "n_clicks"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_chart(store, block, order_source, arrest, weighted, _run, view):
        ref = case_ref(store)
        if ref is None:
            return no_update, {"display": "none"}, [], "1"
        asked = ctx.triggered_id == ids.DISRUPTION_RUN
        ws = workspace()
        n = network_for(ws, ref, view).number_of_nodes()
        auto = str(default_block(n))
        if n > LARGE_CASE and not asked:
            return no_update, {"display": "none"}, [large_case_note(n)], auto
        if ctx.triggered_id == ids.ARREST_LIST and order_source != ORDER_ARREST:
            return no_update, no_update, no_update, auto
        block = int(block or default_block(n))
        order = analyst_order(ws, ref, order_source, arrest, view)
        data = curves(ws, store, block, bool(weighted), order, view)
        return (figure(data, block, len(order)), {"display": "block"},
                summary(data, block, len(order)), auto)

    @app.callback(
        Output(ids.TARGETS_LIST, "children"),
        Output(ids.TARGETS_GRID, "rowData"),
        Output(ids.TARGETS_GRID_BOX, "style"),
        Output(ids.TARGETS_STORE, "data"),
        Input(ids.tab_case(TAB_ID), "data"),
        Input(ids.TARGETS_K, "value"),
        Input(ids.DISRUPTION_RUN, "n_clicks"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_targets(store, k, _run, view):
        ref = case_ref(store)
        if ref is None:
            return [], [], HIDDEN, []
        asked = ctx.triggered_id == ids.DISRUPTION_RUN
        ws = workspace()
        if network_for(ws, ref, view).number_of_nodes() > LARGE_CASE and not asked:
            return [html.Div("Press Run simulation to search for targets.",
                             className="cg-ap-hint")], [], HIDDEN, []
        children, rows, picks = targets_view(ws, store, k, view)
        return children, rows, {} if rows else HIDDEN, picks

    @app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.TARGETS_GRID, "cellClicked"),
        prevent_initial_call=True,
    )
    def on_target_clicked(cell):
        return picked_target(cell) or no_update

    @app.callback(
        Output(ids.ARREST_LIST, "value"),
        Output(ids.ARREST_LIST, "options"),
        Input(ids.tab_case(TAB_ID), "data"),
        Input(ids.ARREST_FROM_SELECTION, "n_clicks"),
        Input(ids.ARREST_USE_TARGETS, "n_clicks"),
        Input(ids.ARREST_CLEAR, "n_clicks"),
        Input(ids.ARREST_CLICK, "data"),  # "Add to arrest list" in the inspector (the gate)
        State(ids.SELECTION, "data"),
        State(ids.ARREST_LIST, "value"),
        State(ids.TARGETS_STORE, "data"),
        State(ids.MULTI_SELECTION, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_arrest_list(_seen, _sel, _use, _clear, _adds, selection, arrest, picks, multi,
                       store):
        # the tab's copy of the case only says when to look again; an entity added from
        # the inspector while the tab is closed is checked against the newest revision
        ref = case_ref(store)
        if ref is None:
            return [], []
        trigger = ctx.triggered_id
        clicks = ctx.triggered[0].get("value") if ctx.triggered else None
        if trigger == ids.ARREST_CLICK:
            trigger, clicks = pressed(clicks)
        value = arrest_list_after(trigger, clicks, arrest, selection, picks, multi)
        if value is no_update:
            return no_update, no_update
        case = workspace().case(*ref)
        value = [n for n in value if n in case.graph]
        return value, entity_options(case, keep=value)

    # the inspector redraws its "Add to arrest list" button: only a click reaches the list
    gate(app, ids.ARREST_CLICK, ids.ARREST_ADD)

    @app.callback(
        Output(ids.ARREST_LIST, "options", allow_duplicate=True),
        Input(ids.ARREST_LIST, "search_value"),
        State(ids.ARREST_LIST, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_search(query, value, store):
        return searched_options(store, query, value)

    @app.callback(
        Output(ids.ARREST_RESULT, "children"),
        Output(ids.OVERLAY_DISRUPTION, "data"),
        Input(ids.tab_case(TAB_ID), "data"),
        Input(ids.ARREST_LIST, "value"),
        Input(ids.TARGETS_STORE, "data"),
        Input(ids.TARGETS_SHOW, "value"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_what_if(store, arrest, picks, show, view):
        if arrest:
            children, classes = what_if_view(workspace(), store, arrest, view)
        else:  # nothing to simulate: nothing to compute
            children, classes = [EMPTY_ARREST_HINT], {}
        if show and picks:
            classes["ov-target"] = list(picks)
        return children, overlay(store, classes)


def arrest_list_after(trigger: Any, clicks: Any, arrest: list | None, selection: Any,
                      picks: list | None, multi: list | None = None) -> Any:
    """The arrest list after a button press (``no_update`` when nothing changes).
    ``multi``: the entities selected together on the diagram, added all at once.

    >>> arrest_list_after(ids.ARREST_FROM_SELECTION, 1, ["a"], {"kind": "node", "id": "b"}, [])
    ['a', 'b']
    >>> arrest_list_after(ids.ARREST_FROM_SELECTION, 1, ["a"], {"kind": "node", "id": "b"}, [],
    ...                   multi=["c", "a", "b"])
    ['a', 'c', 'b']
    >>> arrest_list_after({"type": ids.ARREST_ADD, "index": "a"}, 1, ["a"], None, [])
    ['a']
    """
    arrest = list(arrest or [])
    if trigger in (ids.CASE_STORE, ids.tab_case(TAB_ID)):
        return arrest
    if trigger == ids.ARREST_CLEAR:
        return []
    if trigger == ids.ARREST_USE_TARGETS:
        return list(dict.fromkeys(picks or [])) or no_update
    if trigger == ids.ARREST_FROM_SELECTION:
        if multi and len(multi) > 1:
            return list(dict.fromkeys(arrest + [str(n) for n in multi]))
        node = selection.get("id") if isinstance(selection, dict) and \
            selection.get("kind") == "node" else None
        return list(dict.fromkeys(arrest + [str(node)])) if node else no_update
    if isinstance(trigger, dict) and trigger.get("type") == ids.ARREST_ADD and clicks:
        return list(dict.fromkeys(arrest + [str(trigger["index"])]))
    return no_update
