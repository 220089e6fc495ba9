"""Structure tab: which kind of ring this is, in words a briefing can use.

The verdict (hub-and-spoke, highly networked or mixed; casegraph.analysis.structure) for the
whole network and for each cluster, with the figures it rests on, which way each points and
what the verdict implies for action. Single points of failure (articulation points) can be
marked on the diagram (``ov-cut`` through ``ids.OVERLAY_STRUCTURE``).

The figures are counted on the view the hubs panel's switch chooses (``ids.ANALYSIS_VIEW``):
the people network by default, or all entities.

Work follows the screen: nothing here is computed while the tab is closed. The whole
network's verdict comes with the analysis of the revision; the clusters are sent as data to
one paginated table (a row per cluster of ``CLUSTER_MIN`` or more members, whatever their
number), and a cluster's verdict is worked out when the analyst opens its row (cached).
"""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
from dash import Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis.structure import (
    CLUSTER_MIN,
    HUB_AND_SPOKE,
    MIN_MEMBERS,
    MIXED,
    NETWORKED,
    TOO_SMALL,
    StructureVerdict,
)
from casegraph.model import Case
from casegraph.workspace import Workspace
from components import ids
from components.overlays import overlay
from components.paths_panel import entity_chip, name
from components.state import (
    PEOPLE,
    actor_label,
    analysis_for,
    case_ref,
    people_view,
    view_note,
    view_of,
    workspace,
)
from components.stylesheet import cluster_colour
from components.widgets import facts

TAB_ID = "structure"
OPEN_ONLY = True                       # components/open_tab.py
OVERLAY = ids.OVERLAY_STRUCTURE
TAB_LABEL = "Structure"
MARK_CUTS = "cuts"
CHIP_LIMIT = 12
PAGE_SIZE = 10  # clusters a page of the table shows

HEADLINES = {
    HUB_AND_SPOKE: "Hub-and-spoke: the ring depends on a few people",
    NETWORKED: "Highly networked: the ring can absorb single arrests",
    MIXED: "Mixed: partly dependent on hubs, partly resilient",
    TOO_SMALL: "Too small to call: the figures are shown, not judged",
}
BADGES = {HUB_AND_SPOKE: "cg-st-hub", NETWORKED: "cg-st-net", MIXED: "cg-st-mixed",
          TOO_SMALL: "cg-st-mixed"}
# which way a figure points (assets/facts.css writes "points to " before the kind)
POINTS = {"hub": "hub-and-spoke", "networked": "networked"}


def verdict(ws: Workspace, store: Any, view: Any = PEOPLE) -> StructureVerdict | None:
    """The verdict of the open case revision (the whole network), from its analysis."""
    ref = case_ref(store)
    if ref is None:
        return None
    return analysis_for(ws, ref, view).verdict


def verdict_of_cluster(ws: Workspace, ref: tuple[str, int], k: int,
                       view: Any = PEOPLE) -> StructureVerdict:
    """One cluster's verdict in the chosen view (``Workspace.cluster_verdict``: worked out
    when first shown and cached per revision)."""
    return ws.cluster_verdict(ref[0], ref[1], k, view_of(view))


def action_and_facts(explanation: str) -> tuple[str, str]:
    """Split the core's explanation into what to do and the figures behind it.

    >>> action_and_facts("Act now. Degree centralisation is 0.5 ...")
    ('Act now.', 'Degree centralisation is 0.5 ...')
    """
    head, sep, tail = explanation.partition(" Degree centralisation is")
    if not sep:
        return explanation, ""
    return head.strip(), ("Degree centralisation is" + tail).strip()


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def figure_rows(v: StructureVerdict, case: Case,
                label: Any = None) -> list[tuple[str, str, str, str]]:
    """``(figure, value, what it means, which way it points)`` for the verdict's numbers.
    ``label(node)`` names a member (default: its label in the case)."""
    x = v.numbers
    if "centralisation" not in x:
        return []
    label = label or (lambda node: name(case, node))
    hub_names = ", ".join(label(h) for h in v.hubs[:3]) + (" …" if len(v.hubs) > 3 else "")
    sig = v.signals
    return [
        ("Centralisation", f"{x['centralisation']:.2f}",
         "how much contact runs through one person (a pure star is 1, everyone equal is 0)",
         sig.get("centralisation", "")),
        ("Reach of the top hubs", pct(x["hub_reach"]),
         f"of the {x['members']} members are in direct contact with the top "
         f"{x['hubs']} hub{'s' if x['hubs'] != 1 else ''} ({hub_names})",
         sig.get("hub_reach", "")),
        ("Without the hubs", pct(x["lcc_without_hubs"]),
         "of the members still hang together in one group once the hubs are gone",
         sig.get("lcc_without_hubs", "")),
        ("Clustering", f"{x['clustering']:.2f}",
         f"how often two contacts of a member know each other (density {x['density']:.2f})",
         sig.get("clustering", "")),
        ("Redundant core", pct(x["core3_share"]),
         "of the members sit in a core where everyone has three or more contacts inside it",
         sig.get("core3_share", "")),
        ("Single points of failure", f"{x['articulation_points']}",
         "members whose removal splits the network (articulation points)",
         sig.get("articulation_points", "")),
        ("Links with no backup", f"{x['bridges']}",
         f"links whose loss cuts the network ({pct(x['bridge_share'])} of links)",
         sig.get("bridges", "")),
    ]


def figures_table(v: StructureVerdict, case: Case, label: Any = None) -> html.Div:
    """The verdict's figures as a description list: per figure its value, what it means
    and which way it points (assets/facts.css sets them in four columns, the last one
    narrower in a narrow place: the box is what it measures). Which way a figure points is
    one ``Dd`` naming the kind ("hub-and-spoke"): its class colours it and draws
    "points to " before it (every component an answer creates costs the page a dispatch)."""
    rows = []
    for figure, value, meaning, signal in figure_rows(v, case, label):
        if signal in POINTS:
            points = html.Dd(POINTS[signal], className=f"cg-st-signal cg-st-signal-{signal}")
        else:
            points = html.Dd("neutral", className="cg-st-signal")
        rows.append((figure, html.Dd(value, className="cg-st-value"), meaning, points))
    return html.Div(facts(rows, "cg-st-figures"), className="cg-st-figures-box")


def verdict_block(ws: Workspace, store: Any, view: Any = PEOPLE) -> list[Any]:
    """The whole network's verdict: headline, action, the figures and the cut points.
    Too small to call: the figures without an advice sentence."""
    ref = case_ref(store)
    v = verdict(ws, store, view)
    if ref is None or v is None:
        return [html.Div("No case open.", className="cg-ap-hint")]
    case = ws.case(*ref)
    label = lambda node: actor_label(ws, ref, node, view)  # noqa: E731
    action, _facts = action_and_facts(v.explanation)
    votes_hub = sum(1 for s in v.signals.values() if s == "hub")
    votes_net = sum(1 for s in v.signals.values() if s == "networked")
    actors = ws.people(*ref).actors if people_view(ws, ref, view) else {}
    cut_chips = [entity_chip(case, n, "unattributed" if n in actors and
                             actors[n].kind != "person" else "")
                 for n in v.articulation_points[:CHIP_LIMIT] if n in case.graph]
    more = len(v.articulation_points) - CHIP_LIMIT
    members, pairs = v.numbers.get("members", 0), v.numbers.get("links", 0)
    basis = (f"Whole network: {members} members, {pairs} connected pairs. Figures pointing to "
             f"hub-and-spoke: {votes_hub}; to networked: {votes_net} (three or more of one "
             "kind, and at most one of the other, decide the verdict).")
    if v.label == TOO_SMALL:
        action = None
        basis = (f"Whole network: {members} members, {pairs} connected pairs: too few to call "
                 f"(the verdict needs at least {MIN_MEMBERS} members). The figures are "
                 "shown for what they are.")
    return [
        # the headline is the head's own text, beside the badge
        html.Div(className="cg-st-head", children=[
            html.Span(v.label, className=f"cg-st-badge {BADGES.get(v.label, '')}"),
            HEADLINES.get(v.label, v.label),
        ]),
        html.P(action, className="cg-st-action") if action else None,
        html.Div(basis, className="cg-st-basis"),
        figures_table(v, case, label),
        html.Div(className="cg-st-cuts", children=[
            html.Span("Single points of failure: ", className="cg-field-label"),
            *(cut_chips or [html.Span("none", className="cg-muted")]),
            html.Span(f"… and {more} more", className="cg-ap-more") if more > 0 else None,
        ]),
    ]


CLUSTER_COLUMNS = [
    {"field": "name", "headerName": "Cluster", "minWidth": 92, "flex": 1,
     "comparator": {"function": "Number(valueA.split(' ')[1]) - Number(valueB.split(' ')[1])"}},
    {"field": "members", "headerName": "Members", "type": "numericColumn", "minWidth": 96,
     "flex": 1},
    {"field": "top", "headerName": "Best connected", "flex": 2, "minWidth": 100,
     "tooltipField": "top"},
    {"field": "links", "headerName": "Ties in", "type": "numericColumn", "minWidth": 72,
     "flex": 1, "headerTooltip": "Linked pairs inside the cluster"},
    {"field": "links_out", "headerName": "Ties out", "type": "numericColumn", "minWidth": 86,
     "flex": 1, "headerTooltip": "Linked pairs with one end outside the cluster"},
    {"field": "centralisation", "headerName": "Central.", "type": "numericColumn",
     "minWidth": 86, "flex": 1,
     "headerTooltip": "Degree centralisation inside the cluster (a star is 1)"},
    {"field": "clustering", "headerName": "Clust.", "type": "numericColumn", "minWidth": 70,
     "flex": 1, "headerTooltip": "Average clustering inside the cluster"},
]


def cluster_table_rows(ws: Workspace, store: Any, view: Any = PEOPLE) -> list[dict[str, Any]]:
    """One row of plain data per cluster of ``CLUSTER_MIN`` or more members, largest first
    (for the paginated table: the browser gets numbers, not components)."""
    ref = case_ref(store)
    if ref is None:
        return []
    table = analysis_for(ws, ref, view).clusters
    if table is None:
        return []
    rows = []
    for k, row in table[table["members"] >= CLUSTER_MIN].iterrows():
        top = row["top"]
        rows.append({
            # ids unique to the revision and view: the grid replaces rows of another case
            # instead of matching them by cluster number
            "row_id": f"{ref[0]}:{ref[1]}:{view_of(view)}:{int(k)}",
            "cluster": int(k), "name": f"Cluster {int(k) + 1}",
            "members": int(row["members"]), "links": int(row["links"]),
            "links_out": int(row["links_out"]),
            "centralisation": round(float(row["centralisation"]), 2),
            "clustering": round(float(row["clustering"]), 2),
            "density": round(float(row["density"]), 3),
            "top": (f"{actor_label(ws, ref, top, view)} ({int(row['top_contacts'])})"
                    if top is not None else ""),
        })
    return rows


def cluster_detail(ws: Workspace, store: Any, k: Any, view: Any = PEOPLE) -> list[Any]:
    """The verdict of cluster ``k`` (worked out now, when it is opened)."""
    ref = case_ref(store)
    if ref is None or k is None:
        return [html.Div("Click a row to see that cluster's verdict.", className="cg-ap-hint")]
    k = int(k)
    try:
        cv = verdict_of_cluster(ws, ref, k, view)
    except KeyError:
        return [html.Div("That cluster is no longer in this revision.", className="cg-ap-hint")]
    case = ws.case(*ref)
    label = lambda node: actor_label(ws, ref, node, view)  # noqa: E731
    action, _ = action_and_facts(cv.explanation)
    x = cv.numbers
    return [html.Div(className="cg-st-cluster-head", children=[
        html.Span(className="cg-swatch", style={"backgroundColor": cluster_colour(k)}),
        html.Span(f"Cluster {k + 1}", className="cg-st-cluster-name"),
        html.Span(f"{x.get('members', 0)} members", className="cg-muted"),
        html.Span(cv.label, className=f"cg-st-badge cg-st-badge-sm {BADGES.get(cv.label, '')}"),
    ]),
        html.P(action, className="cg-st-action cg-st-action-sm")
        if cv.label != TOO_SMALL else None,
        figures_table(cv, case, label)]


def cluster_grid() -> dag.AgGrid:
    return dag.AgGrid(
        id=ids.STRUCTURE_CLUSTER_GRID, rowData=[], columnDefs=CLUSTER_COLUMNS,
        getRowId="params.data.row_id", className="ag-theme-quartz cg-st-grid",
        # a narrow column's header wraps to a second line rather than being cut
        defaultColDef={"sortable": True, "resizable": True, "wrapHeaderText": True,
                       "autoHeaderHeight": True},
        dashGridOptions={"pagination": True, "paginationPageSize": PAGE_SIZE,
                         "paginationPageSizeSelector": False, "animateRows": False,
                         "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                          "enableClickSelection": True},
                         "domLayout": "autoHeight",
                         "localeText": {"noRowsToShow": "No cluster has four or more members."}},
        style={"width": "100%"})


def cut_overlay(ws: Workspace, store: Any, marked: Any, view: Any = PEOPLE) -> dict | None:
    """Overlay marking the single points of failure when the toggle is on (nothing is
    computed when it is off)."""
    if MARK_CUTS not in (marked or []):
        return overlay(store, {})
    v = verdict(ws, store, view)
    if v is None:
        return overlay(store, {})
    return overlay(store, {"ov-cut": v.articulation_points})


def layout() -> html.Div:
    return html.Div(className="cg-st-tab", children=[
        html.Div(className="cg-st-main", children=[
            html.Div(className="cg-st-whole", children=[
                html.Div(className="cg-st-toolbar", children=[
                    html.H3("Whole network", className="cg-ap-h3"),
                    dcc.Checklist(id=ids.STRUCTURE_MARK, value=[], className="cg-ap-check",
                                  options=[{"label": " Mark single points of failure on the "
                                                     "diagram", "value": MARK_CUTS}]),
                ]),
                html.Div(id=ids.STRUCTURE_VIEW_NOTE, className="cg-field-hint"),
                dcc.Loading(type="dot", children=html.Div(id=ids.STRUCTURE_VERDICT)),
            ]),
            html.Div(className="cg-st-side", children=[
                html.H3("Each cluster", className="cg-ap-h3"),
                html.Div("Click a row for that cluster's verdict (worked out when opened). "
                         "Sort by any column.", className="cg-field-hint"),
                cluster_grid(),
                dcc.Loading(type="dot", children=html.Div(id=ids.STRUCTURE_CLUSTER_DETAIL,
                                                          className="cg-st-cluster-detail")),
            ]),
        ]),
    ])


def register(app) -> None:
    # Work follows the screen: the tab's case store changes only while it is open (or when
    # it is opened out of date), components/open_tab.py; it carries the view switch.
    # One callback for the tab: its figures and its marks on the diagram come from the same
    # revision (one request per revision, not two); the mark box redraws only the marks.
    @app.callback(
        Output(ids.STRUCTURE_VIEW_NOTE, "children"),
        Output(ids.STRUCTURE_VERDICT, "children"),
        Output(ids.STRUCTURE_CLUSTER_GRID, "rowData"),
        Output(ids.STRUCTURE_CLUSTER_DETAIL, "children"),
        Output(ids.OVERLAY_STRUCTURE, "data"),
        Input(ids.tab_case(TAB_ID), "data"),
        Input(ids.STRUCTURE_MARK, "value"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_case(store, marked, view):
        ws = workspace()
        marks = cut_overlay(ws, store, marked, view)
        if ctx.triggered_id == ids.STRUCTURE_MARK:
            return no_update, no_update, no_update, no_update, marks
        ref = case_ref(store)
        note = view_note(ws, ref, view) if ref is not None else ""
        return (note, verdict_block(ws, store, view), cluster_table_rows(ws, store, view),
                cluster_detail(ws, store, None, view), marks)

    @app.callback(
        Output(ids.STRUCTURE_CLUSTER_DETAIL, "children", allow_duplicate=True),
        Input(ids.STRUCTURE_CLUSTER_GRID, "selectedRows"),
        State(ids.CASE_STORE, "data"),
        State(ids.ANALYSIS_VIEW, "value"),
        prevent_initial_call=True,
    )
    def on_open_cluster(selected, store, view):
        k = selected[0].get("cluster") if selected else None
        return cluster_detail(workspace(), store, k, view)

