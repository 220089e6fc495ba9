"""Tab "Time": replay the network through its phases or calendar weeks.

A range slider over the slices of the case (CAVIAR's 11 phases, the weeks of dated calls
and posts) filters the diagram through the time overlay: links outside the window are
hidden, and so are entities with no link inside it. Links that carry neither a date nor a
phase (a phone's owner, an account's e-mail) are facts that hold whatever the window: they
stay, and so do the entities they join to an entity active in the window. A histogram of
activity per slice shows the window; Play steps it through the slices so analysts watch
hubs rise and fall; small multiples show the centrality of the top entities per slice.

Everything derived from a case (the slice of every link, the histogram, the centralities)
is computed once per revision and step (``Workspace.derived``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, ctx, dcc, html, no_update
from plotly.subplots import make_subplots

from casegraph.analysis import MEASURES
from casegraph.analysis.timeline import (
    activity_histogram,
    centrality_by_slice,
    link_phase,
    link_slices,
    link_time,
    phases,
    time_bins,
    time_period,
)
from casegraph.elements import edge_id_prefix, pair_id
from casegraph.model import Case
from casegraph.workspace import Workspace
from components import ids
from components.overlays import overlay
from components.state import case_ref, workspace
from components.view_defaults import measure_label

TAB_ID = "time"
OPEN_ONLY = True                       # components/open_tab.py
OVERLAY = ids.OVERLAY_TIME
TAB_LABEL = "Time"

STEP_NAMES = {"phase": "Phase", "D": "Day", "W": "Week", "M": "Month"}
TIMED_STEPS = ("D", "W", "M")
MAX_DAYS = 31        # finest step whose slices still fit a slider: days up to a month,
MAX_WEEKS = 80       # then weeks up to a year and a half, then months
PLAY_MS = 1400
MULTIPLES = 8        # entities in the small multiples
# per-slice betweenness and closeness are full centrality runs: offer them on small cases
HEAVY_MEASURE_LINKS = 5000
MULTIPLE_MEASURES = ("degree", "weighted_degree", "betweenness", "pagerank")

ACCENT = "#2563eb"
MUTED = "#c7d2e3"
SHADE = "rgba(37, 99, 235, 0.10)"
FONT = "Inter, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


# -- the slices of a case -------------------------------------------------------------------
def default_step(case: Case) -> str | None:
    """"phase" for phased cases; for dated ones the finest of day, week, month that gives a
    slider of readable length; None when no link carries a date or a phase."""
    if phases(case):
        return "phase"
    days = len(time_bins(case, "D"))
    if not days:
        return None
    if days <= MAX_DAYS:
        return "D"
    return "W" if len(time_bins(case, "W")) <= MAX_WEEKS else "M"


@dataclass(frozen=True)
class TimeIndex:
    """Where every link of a case falls in time, for quick window filters.

    ``labels`` are the slices in order (phase numbers or period labels); ``pairs`` maps a
    pair of node ids, as the diagram draws it (one edge per direction in directed cases,
    see ``casegraph.elements.edge_elements``), to the slice indices of its dated links;
    ``edge_ids`` names the diagram edge of each pair; ``untimed`` holds the pairs with a
    link carrying neither date nor phase; ``links`` counts the dated links
    per slice index.
    """

    kind: str
    labels: list[Any]
    pairs: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    untimed: frozenset[tuple[str, str]] = frozenset()
    links: tuple[int, ...] = ()
    nodes: tuple[str, ...] = ()
    edge_ids: dict[tuple[str, str], str] = field(default_factory=dict)


def _pair(u: Any, v: Any, directed: bool) -> tuple[str, str]:
    a, b = str(u), str(v)
    return (a, b) if directed or a <= b else (b, a)


def time_index(case: Case, step: str) -> TimeIndex:
    """The :class:`TimeIndex` of ``case`` sliced by ``step`` ("phase", "D", "W", "M").

    >>> c = Case()
    >>> for u, v, p in [("a", "b", 1), ("b", "c", 2)]:
    ...     _ = c.add_entity(u, "person", u); _ = c.add_entity(v, "person", v)
    ...     _ = c.add_link(u, v, "call", phase=p)
    >>> idx = time_index(c, "phase")
    >>> idx.labels, idx.pairs[("b", "c")], idx.links
    ([1, 2], frozenset({1}), (1, 1))
    """
    kind, labels = link_slices(case, step)
    position = {label: i for i, label in enumerate(labels)}
    slices: dict[tuple[str, str], set[int]] = defaultdict(set)
    untimed: set[tuple[str, str]] = set()
    counts = [0] * len(labels)
    for u, v, data in case.graph.edges(data=True):
        phase, stamp = link_phase(data.get("phase")), link_time(data.get("time"))
        if kind == "phase":
            label = phase
        else:
            label = str(time_period(stamp, kind)) if stamp is not None else None
        if label is not None and label in position:
            slices[_pair(u, v, case.directed)].add(position[label])
            counts[position[label]] += 1
        elif phase is None and stamp is None:
            untimed.add(_pair(u, v, case.directed))
    prefix = edge_id_prefix(case)
    edge_ids = {p: prefix + pair_id(*p) for p in set(slices) | untimed}
    return TimeIndex(kind, list(labels), {p: frozenset(s) for p, s in slices.items()},
                     frozenset(untimed), tuple(counts), tuple(str(n) for n in case.graph),
                     edge_ids)


def cached_index(ws: Workspace, ref: tuple[str, int], step: str) -> TimeIndex:
    return ws.derived(ref[0], ref[1], ("time-index", step),
                      lambda: time_index(ws.case(*ref), step))


def full_window(index: TimeIndex) -> list[int]:
    return [0, max(len(index.labels) - 1, 0)]


def window_members(index: TimeIndex, window: list[int] | tuple[int, int]
                   ) -> tuple[set[str], set[tuple[str, str]]]:
    """``(visible nodes, visible pairs)`` for the slices ``window[0]..window[1]``.

    Visible: the pairs with a dated link in the window and the nodes they join (active);
    then the undated pairs touching an active node, and their other end.
    """
    lo, hi = int(window[0]), int(window[1])
    pairs = {p for p, s in index.pairs.items() if any(lo <= i <= hi for i in s)}
    active = {n for p in pairs for n in p}
    for pair in index.untimed:
        if pair[0] in active or pair[1] in active:
            pairs.add(pair)
    nodes = {n for p in pairs for n in p}
    return nodes, pairs


def window_overlay(index: TimeIndex, window: Any) -> dict[str, list]:
    """Overlay classes hiding what lies outside the window (none for the whole range).

    Hidden: the entities with no visible link, and the diagram edges (by id) between two
    shown entities whose links all lie outside the window (edges at a hidden entity go
    with it).
    """
    if not index.labels or not window or list(window) == full_window(index):
        return {}
    nodes, pairs = window_members(index, window)
    hidden_nodes = [n for n in index.nodes if n not in nodes]
    hidden_edges = sorted(index.edge_ids[p] for p in set(index.pairs) | index.untimed
                          if p not in pairs and p[0] in nodes and p[1] in nodes)
    return {"ov-hide": hidden_nodes + hidden_edges}


def slice_name(index: TimeIndex, i: int, short: bool = False) -> str:
    label = index.labels[i]
    if index.kind == "phase":
        return f"{label}" if short else f"Phase {label}"
    start = pd.Period(label.split("/")[0], "D")
    if index.kind == "D":
        return start.strftime("%d %b") if short else start.strftime("%a %d %b %Y")
    if index.kind == "M":
        return start.strftime("%b %Y")
    return start.strftime("%d %b") if short else f"Week of {start.strftime('%d %b %Y')}"


def window_name(index: TimeIndex, window: Any) -> str:
    lo, hi = int(window[0]), int(window[1])
    if lo == hi:
        return slice_name(index, lo)
    if index.kind == "phase":
        return f"Phases {index.labels[lo]}–{index.labels[hi]}"
    return f"{slice_name(index, lo)} – {slice_name(index, hi)}"


def window_status(index: TimeIndex, window: Any) -> str:
    """One line for the analyst: the window and how much of the network is active in it."""
    if not index.labels:
        return "No link in this case carries a date or a phase: there is nothing to replay."
    total = len(index.nodes)
    if list(window) == full_window(index):
        return (f"All {len(index.labels)} {STEP_NAMES[index.kind].lower()}s: "
                f"{total:,} entities, {sum(index.links):,} dated links.")
    nodes, _ = window_members(index, window)
    lo, hi = int(window[0]), int(window[1])
    links = sum(index.links[lo:hi + 1])
    return f"{window_name(index, window)}: {len(nodes):,} of {total:,} entities shown, " \
           f"{links:,} dated links."


def slider_marks(index: TimeIndex) -> dict[int, str]:
    n = len(index.labels)
    every = max(1, -(-n // 12))  # at most about 12 labels under the slider
    return {i: slice_name(index, i, short=True) for i in range(0, n, every)}


def step_options(case: Case) -> list[dict[str, Any]]:
    if phases(case):
        return [{"label": "Phase", "value": "phase"}]
    if not time_bins(case, "D"):
        return []
    return [{"label": STEP_NAMES[s], "value": s} for s in TIMED_STEPS]


def next_window(window: Any, top: int, start: bool = False) -> tuple[list[int], bool]:
    """The window one slice later, keeping its width, and whether play should stop.

    ``start`` (the Play button): a full range, or a window already at the end, restarts on
    the first slice alone.

    >>> next_window([0, 10], 10, start=True), next_window([2, 3], 10), next_window([9, 10], 10)
    (([0, 0], False), ([3, 4], False), ([9, 10], True))
    """
    lo, hi = (int(window[0]), int(window[1])) if window else (0, top)
    if start:
        if (lo == 0 and hi == top) or hi >= top:
            return [0, 0], top == 0
        return [lo, hi], False
    if hi >= top:
        return [lo, hi], True
    return [lo + 1, hi + 1], hi + 1 >= top


# -- figures --------------------------------------------------------------------------------
def _base_layout(fig: go.Figure, height: int) -> None:
    fig.update_layout(
        height=height, margin={"l": 44, "r": 12, "t": 10, "b": 36},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", showlegend=False,
        font={"family": FONT, "size": 11, "color": "#374151"}, bargap=0.15,
        hoverlabel={"font": {"family": FONT}}, dragmode=False)
    # fixed axes: a click picks a slice instead of starting a zoom box
    fig.update_xaxes(showgrid=False, linecolor="#d1d5db", ticks="outside", tickcolor="#d1d5db",
                     fixedrange=True)
    fig.update_yaxes(gridcolor="#eef0f4", zeroline=False, fixedrange=True)


def histogram_figure(index: TimeIndex, hist: pd.DataFrame, window: Any) -> go.Figure:
    """Links per slice as bars; the window's bars in the accent colour over a shaded band."""
    fig = go.Figure()
    _base_layout(fig, 170)
    if not index.labels:
        return fig
    lo, hi = (int(window[0]), int(window[1])) if window else full_window(index)
    counts = dict(zip(hist["bin"], hist["links"], strict=True))
    xs = list(range(len(index.labels)))
    ys = [int(counts.get(label, 0)) for label in index.labels]
    names = [slice_name(index, i) for i in xs]
    fig.add_trace(go.Bar(
        x=xs, y=ys, customdata=names,
        marker={"color": [ACCENT if lo <= i <= hi else MUTED for i in xs]},
        hovertemplate="%{customdata}<br>%{y} links<extra></extra>"))
    fig.add_vrect(x0=lo - 0.5, x1=hi + 0.5, fillcolor=SHADE, line_width=0, layer="below")
    marks = slider_marks(index)
    fig.update_xaxes(tickmode="array", tickvals=list(marks), ticktext=list(marks.values()),
                     range=[-0.6, len(xs) - 0.4])
    fig.update_yaxes(title={"text": "links", "standoff": 4})
    return fig


def multiples_figure(index: TimeIndex, table: pd.DataFrame, labels: dict[str, str],
                     measure: str, window: Any) -> go.Figure:
    """One small line chart per entity: ``measure`` per slice, the window shaded."""
    columns = list(table.columns)
    cols = 4
    rows = max(1, -(-len(columns) // cols))
    titles = [labels.get(str(c), str(c)) for c in columns]
    fig = make_subplots(rows=rows, cols=cols, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=titles, horizontal_spacing=0.03, vertical_spacing=0.16)
    _base_layout(fig, 130 * rows + 40)
    fig.update_layout(margin={"l": 44, "r": 12, "t": 28, "b": 30})
    if table.empty or not index.labels:
        return fig
    lo, hi = (int(window[0]), int(window[1])) if window else full_window(index)
    position = {label: i for i, label in enumerate(index.labels)}
    xs = [position.get(s, 0) for s in table.index]
    names = [slice_name(index, i) for i in xs]
    full = list(window or []) == full_window(index)
    for k, column in enumerate(columns):
        r, c = k // cols + 1, k % cols + 1
        fig.add_trace(go.Scatter(
            x=xs, y=table[column].tolist(), mode="lines+markers", customdata=names,
            line={"color": ACCENT, "width": 2}, marker={"size": 4},
            hovertemplate=f"{titles[k]}<br>%{{customdata}}: %{{y:.3~g}}<extra></extra>"),
            row=r, col=c)
        if not full:
            fig.add_vrect(x0=lo - 0.5, x1=hi + 0.5, fillcolor=SHADE, line_width=0,
                          layer="below", row=r, col=c)
    marks = slider_marks(index)
    step = max(1, -(-len(marks) // 4))
    ticks = list(marks)[::step]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[marks[t] for t in ticks],
                     range=[-0.5, len(index.labels) - 0.5])
    top = float(table.to_numpy().max()) if table.size else 1.0
    fig.update_yaxes(title=None, range=[0, (top or 1.0) * 1.12])
    for c_row in range(1, rows + 1):
        fig.update_yaxes(title={"text": measure_label(measure).lower(), "standoff": 2,
                                "font": {"size": 10}}, row=c_row, col=1)
    fig.update_annotations(font={"size": 11, "color": "#111827"})
    return fig


# -- cached per revision --------------------------------------------------------------------
def cached_histogram(ws: Workspace, ref: tuple[str, int], step: str) -> pd.DataFrame:
    return ws.derived(ref[0], ref[1], ("activity", step),
                      lambda: activity_histogram(ws.case(*ref), step))


def cached_multiples(ws: Workspace, ref: tuple[str, int], step: str,
                     measure: str) -> pd.DataFrame:
    return ws.derived(ref[0], ref[1], ("centrality-by-slice", step, measure),
                      lambda: centrality_by_slice(ws.case(*ref), measure, MULTIPLES, step))


def measure_options(ws: Workspace, ref: tuple[str, int] | None) -> list[dict[str, Any]]:
    links = ws.case(*ref).graph.number_of_edges() if ref else 0
    return [{"label": measure_label(m), "value": m,
             "disabled": m in ("betweenness",) and links > HEAVY_MEASURE_LINKS}
            for m in MULTIPLE_MEASURES if m in MEASURES]


# -- what the callbacks return --------------------------------------------------------------
def case_controls(ws: Workspace, store: Any) -> tuple[list[dict], str | None]:
    """``(step options, default step)`` for the case in ``store``."""
    ref = case_ref(store)
    if ref is None:
        return [], None
    case = ws.case(*ref)
    return step_options(case), default_step(case)


def slider_setup(ws: Workspace, store: Any, step: str | None) -> dict[str, Any]:
    """Slider range, marks and value (the whole range) for a case and step."""
    ref = case_ref(store)
    if ref is None or not step:
        return {"max": 1, "marks": {}, "value": [0, 1], "disabled": True}
    index = cached_index(ws, ref, step)
    if not index.labels:
        return {"max": 1, "marks": {}, "value": [0, 1], "disabled": True}
    return {"max": max(len(index.labels) - 1, 0), "marks": slider_marks(index),
            "value": full_window(index), "disabled": len(index.labels) < 2}


def window_view(ws: Workspace, store: Any, step: str | None, window: Any,
                measure: str = "degree") -> dict[str, Any]:
    """Everything the window drives: overlay, status line, histogram and small multiples."""
    ref = case_ref(store)
    empty = TimeIndex(step or "phase", [])
    if ref is None or not step:
        return {"overlay": overlay(store, {}), "status": window_status(empty, None),
                "histogram": histogram_figure(empty, pd.DataFrame(), None),
                "multiples": multiples_figure(empty, pd.DataFrame(), {}, measure, None)}
    index = cached_index(ws, ref, step)
    if not index.labels:
        window = None
    elif not window or int(window[1]) >= len(index.labels):
        window = full_window(index)
    case = ws.case(*ref)
    table = cached_multiples(ws, ref, step, measure) if index.labels else pd.DataFrame()
    labels = {str(n): str(case.graph.nodes[n].get("label", n)) for n in table.columns
              if n in case.graph}
    return {
        "overlay": overlay(store, window_overlay(index, window) if window else {}),
        "status": window_status(index, window),
        "histogram": histogram_figure(index, cached_histogram(ws, ref, step), window),
        "multiples": multiples_figure(index, table, labels, measure, window),
    }


# -- layout ---------------------------------------------------------------------------------
def layout() -> html.Div:
    return html.Div(className="cg-time", children=[
        html.Div(className="cg-time-bar", children=[
            html.Button("▶ Play", id=ids.TIME_PLAY, n_clicks=0, className="cg-button cg-time-play",
                        title="Step the window through the slices, one at a time"),
            dcc.RadioItems(id=ids.TIME_STEP, options=[], value=None,
                           className="cg-radio cg-time-step", inline=True),
            html.Span(id=ids.TIME_STATUS, className="cg-time-status"),
        ]),
        html.Div(className="cg-time-slider", children=[
            dcc.RangeSlider(id=ids.TIME_SLIDER, min=0, max=1, step=1, value=[0, 1], marks={},
                            allowCross=False, allow_direct_input=False, updatemode="mouseup"),
        ]),
        dcc.Interval(id=ids.TIME_INTERVAL, interval=PLAY_MS, disabled=True),
        html.Div(className="cg-time-charts", children=[
            html.Div(className="cg-time-chart", children=[
                html.H3("Activity per slice", className="cg-ap-h3"),
                dcc.Graph(id=ids.TIME_HISTOGRAM, config=GRAPH_CONFIG,
                          figure=histogram_figure(TimeIndex("phase", []), pd.DataFrame(),
                                                  None)),
                html.Div("Click a bar to look at that slice alone.",
                         className="cg-field-hint"),
            ]),
            html.Div(className="cg-time-chart cg-time-multiples", children=[
                html.Div(className="cg-time-multiples-head", children=[
                    html.H3("Hubs per slice", className="cg-ap-h3"),
                    dcc.Dropdown(id=ids.TIME_MEASURE, value="degree", clearable=False,
                                 className="cg-time-measure",
                                 options=[{"label": measure_label(m), "value": m}
                                          for m in MULTIPLE_MEASURES]),
                ]),
                dcc.Graph(id=ids.TIME_MULTIPLES, config=GRAPH_CONFIG,
                          figure=multiples_figure(TimeIndex("phase", []), pd.DataFrame(), {},
                                                  "degree", None)),
            ]),
        ]),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.TIME_STEP, "options"),
        Output(ids.TIME_STEP, "value"),
        Output(ids.TIME_STEP, "style"),
        Output(ids.TIME_MEASURE, "options"),
        Input(ids.tab_case(TAB_ID), "data"),   # while open, or while a window hides links
        prevent_initial_call=True,
    )
    def on_case(store):
        ws = workspace()
        options, step = case_controls(ws, store)
        # one way to slice (phases) is no choice: show the radio only for dated cases
        style = {} if len(options) > 1 else {"display": "none"}
        return options, step, style, measure_options(ws, case_ref(store))

    @app.callback(
        Output(ids.TIME_SLIDER, "max"),
        Output(ids.TIME_SLIDER, "marks"),
        Output(ids.TIME_SLIDER, "value"),
        Output(ids.TIME_SLIDER, "disabled"),
        Output(ids.TIME_INTERVAL, "disabled"),
        Output(ids.TIME_PLAY, "children"),
        Input(ids.TIME_STEP, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,  # set off by on_case, when the tab opens
    )
    def on_step(step, store):
        setup = slider_setup(workspace(), store, step)
        return (setup["max"], setup["marks"], setup["value"], setup["disabled"], True,
                "▶ Play")

    @app.callback(
        Output(ids.TIME_SLIDER, "value", allow_duplicate=True),
        Output(ids.TIME_INTERVAL, "disabled", allow_duplicate=True),
        Output(ids.TIME_PLAY, "children", allow_duplicate=True),
        Input(ids.TIME_PLAY, "n_clicks"),
        Input(ids.TIME_INTERVAL, "n_intervals"),
        State(ids.TIME_SLIDER, "value"),
        State(ids.TIME_SLIDER, "max"),
        State(ids.TIME_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )
    def on_play(_clicks, _ticks, window, top, stopped):
        top = int(top or 0)
        if ctx.triggered_id == ids.TIME_PLAY:
            if not stopped:
                return no_update, True, "▶ Play"
            window, done = next_window(window, top, start=True)
            return window, done, "▶ Play" if done else "❚❚ Pause"
        if stopped:
            return no_update, no_update, no_update
        window, done = next_window(window, top)
        return window, done, "▶ Play" if done else "❚❚ Pause"

    @app.callback(
        Output(ids.TIME_SLIDER, "value", allow_duplicate=True),
        Input(ids.TIME_HISTOGRAM, "clickData"),
        prevent_initial_call=True,
    )
    def on_bar(click):
        points = (click or {}).get("points") or []
        if not points or points[0].get("x") is None:
            return no_update
        i = int(points[0]["x"])
        return [i, i]

    @app.callback(
        Output(ids.OVERLAY_TIME, "data"),
        Output(ids.TIME_STATUS, "children"),
        Output(ids.TIME_HISTOGRAM, "figure"),
        Output(ids.TIME_MULTIPLES, "figure"),
        Input(ids.TIME_SLIDER, "value"),
        Input(ids.TIME_MEASURE, "value"),
        State(ids.TIME_STEP, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_window(window, measure, step, store):
        view = window_view(workspace(), store, step, window, measure or "degree")
        return view["overlay"], view["status"], view["histogram"], view["multiples"]
