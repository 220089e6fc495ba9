"""Structure tab: which kind of ring this is, in words a briefing can use.

The verdict (hub-and-spoke, highly networked or mixed; casegraph.analysis.structure) for the
whole network and for each cluster, with the figures it rests on, which way each points and
what the verdict implies for action. Single points of failure (articulation points) can be
marked on the diagram (``ov-cut`` through ``ids.OVERLAY_STRUCTURE``).

The whole network's verdict comes with the analysis of the revision; a cluster's is worked
out for the clusters listed (the largest ``CLUSTER_ROWS``), each cached on its own.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, dcc, html

from casegraph.analysis import cluster_verdict
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
from components.state import case_ref, workspace
from components.stylesheet import cluster_colour

TAB_ID = "structure"
TAB_LABEL = "Structure"
MARK_CUTS = "cuts"
CHIP_LIMIT = 12
CLUSTER_ROWS = 20  # the largest clusters get a row each; the rest are counted

HEADLINES = {
    HUB_AND_SPOKE: "Hub-and-spoke: the ring depends on a few people",
    NETWORKED: "Highly networked: the ring can absorb single arrests",
    MIXED: "Mixed: partly dependent on hubs, partly resilient",
    TOO_SMALL: "Too small to call: the figures are shown, not judged",
}
BADGES = {HUB_AND_SPOKE: "cg-st-hub", NETWORKED: "cg-st-net", MIXED: "cg-st-mixed",
          TOO_SMALL: "cg-st-mixed"}
POINTS = {"hub": "points to hub-and-spoke", "networked": "points to networked"}


def verdict(ws: Workspace, store: Any) -> StructureVerdict | None:
    """The verdict of the open case revision (the whole network), from its analysis."""
    ref = case_ref(store)
    if ref is None:
        return None
    return ws.analysis(*ref).verdict


def verdict_of_cluster(ws: Workspace, ref: tuple[str, int], k: int) -> StructureVerdict:
    """One cluster's verdict, worked out when first shown and cached per revision."""
    analysis = ws.analysis(*ref)
    return ws.derived(ref[0], ref[1], ("cluster-verdict", k),
                      lambda: cluster_verdict(analysis, k, graph=ws.case(*ref).graph))


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


def figure_rows(v: StructureVerdict, case: Case) -> list[tuple[str, str, str, str]]:
    """``(figure, value, what it means, which way it points)`` for the verdict's numbers."""
    x = v.numbers
    if "centralisation" not in x:
        return []
    hub_names = ", ".join(name(case, h) for h in v.hubs[:3]) + (" …" if len(v.hubs) > 3 else "")
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


def figures_table(v: StructureVerdict, case: Case) -> html.Table:
    rows = []
    for figure, value, meaning, signal in figure_rows(v, case):
        rows.append(html.Tr([
            html.Th(figure), html.Td(value, className="cg-st-value"), html.Td(meaning),
            html.Td(html.Span(POINTS[signal], className=f"cg-st-signal cg-st-signal-{signal}")
                    if signal in POINTS else html.Span("neutral", className="cg-st-signal"))]))
    return html.Table(html.Tbody(rows), className="cg-st-figures")


def verdict_block(ws: Workspace, store: Any) -> list[Any]:
    """The whole network's verdict: headline, action, the figures and the cut points."""
    ref = case_ref(store)
    v = verdict(ws, store)
    if ref is None or v is None:
        return [html.Div("No case open.", className="cg-ap-hint")]
    case = ws.case(*ref)
    action, _facts = action_and_facts(v.explanation)
    votes_hub = sum(1 for s in v.signals.values() if s == "hub")
    votes_net = sum(1 for s in v.signals.values() if s == "networked")
    cut_chips = [entity_chip(case, n) for n in v.articulation_points[:CHIP_LIMIT]]
    more = len(v.articulation_points) - CHIP_LIMIT
    members, pairs = v.numbers.get("members", 0), v.numbers.get("links", 0)
    basis = (f"Whole network: {members} members, {pairs} connected pairs. Figures pointing to "
             f"hub-and-spoke: {votes_hub}; to networked: {votes_net} (three or more of one "
             "kind, and at most one of the other, decide the verdict).")
    if v.label == TOO_SMALL:
        basis = (f"Whole network: {members} members, {pairs} connected pairs: too few to call "
                 f"(the verdict needs at least {MIN_MEMBERS} members).")
    return [
        html.Div(className="cg-st-head", children=[
            html.Span(v.label, className=f"cg-st-badge {BADGES.get(v.label, '')}"),
            html.Div(HEADLINES.get(v.label, v.label), className="cg-st-headline"),
        ]),
        html.P(action, className="cg-st-action"),
        html.Div(basis, className="cg-st-basis"),
        figures_table(v, case),
        html.Div(className="cg-st-cuts", children=[
            html.Span("Single points of failure: ", className="cg-field-label"),
            *(cut_chips or [html.Span("none", className="cg-muted")]),
            html.Span(f"… and {more} more", className="cg-ap-more") if more > 0 else None,
        ]),
    ]


def cluster_rows(ws: Workspace, store: Any) -> list[Any]:
    """One expandable row per cluster of four or more members, largest first (at most
    ``CLUSTER_ROWS``; the others are counted)."""
    ref = case_ref(store)
    if ref is None:
        return []
    case = ws.case(*ref)
    table = ws.analysis(*ref).clusters
    listed = [int(k) for k in table.index[table["members"] >= CLUSTER_MIN]]
    if not listed:
        return [html.Div("No cluster has four or more members.", className="cg-ap-hint")]
    rows = []
    for k in listed[:CLUSTER_ROWS]:
        cv = verdict_of_cluster(ws, ref, k)
        x = cv.numbers
        action, _ = action_and_facts(cv.explanation)
        hubs = ", ".join(name(case, h) for h in cv.hubs[:3])
        rows.append(html.Details(className="cg-st-cluster", children=[
            html.Summary(className="cg-st-cluster-line", children=[
                html.Span(className="cg-swatch", style={"backgroundColor": cluster_colour(k)}),
                html.Span(f"Cluster {k + 1}", className="cg-st-cluster-name"),
                html.Span(f"{x.get('members', 0)} members", className="cg-muted"),
                html.Span(cv.label, className=f"cg-st-badge cg-st-badge-sm "
                                              f"{BADGES.get(cv.label, '')}"),
                html.Span(f"centralisation {x['centralisation']:.2f} · clustering "
                          f"{x['clustering']:.2f} · hubs: {hubs}"
                          if "centralisation" in x else "too small to judge",
                          className="cg-st-cluster-figures"),
            ]),
            html.P(action, className="cg-st-action cg-st-action-sm"),
            figures_table(cv, case),
        ]))
    if len(listed) > CLUSTER_ROWS:
        rows.append(html.Div(f"… and {len(listed) - CLUSTER_ROWS} smaller clusters of four or "
                             "more members.", className="cg-ap-more"))
    return rows


def cut_overlay(ws: Workspace, store: Any, marked: Any) -> dict | None:
    """Overlay marking the single points of failure when the toggle is on."""
    v = verdict(ws, store)
    if v is None or MARK_CUTS not in (marked or []):
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
                dcc.Loading(type="dot", children=html.Div(id=ids.STRUCTURE_VERDICT)),
            ]),
            html.Div(className="cg-st-side", children=[
                html.H3("Each cluster", className="cg-ap-h3"),
                html.Div("Open a cluster for its figures. Clusters are numbered as in the "
                         "clusters list.", className="cg-field-hint"),
                html.Div(id=ids.STRUCTURE_CLUSTERS, className="cg-st-clusters"),
            ]),
        ]),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.STRUCTURE_VERDICT, "children"),
        Output(ids.STRUCTURE_CLUSTERS, "children"),
        Input(ids.CASE_STORE, "data"),
    )
    def on_case(store):
        ws = workspace()
        return verdict_block(ws, store), cluster_rows(ws, store)

    @app.callback(
        Output(ids.OVERLAY_STRUCTURE, "data"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.STRUCTURE_MARK, "value"),
    )
    def on_mark(store, marked):
        return cut_overlay(workspace(), store, marked)
