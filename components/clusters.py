"""Clusters list: the communities of the case, largest first, with their top members.

It follows the People / All entities switch (``ids.ANALYSIS_VIEW``): in the People view the
clusters are those of the people network (as the diagram colours them), their members
actors named as the people network names them."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, html

from casegraph.workspace import Workspace
from components import ids
from components.state import ENTITIES, actor_label, analysis_for, case_ref, workspace
from components.stylesheet import cluster_colour

LIST_LIMIT = 30
TOP_MEMBERS = 3


def cluster_summaries(ws: Workspace, store: Any, measure: str = "degree",
                      view: Any = ENTITIES) -> list[dict]:
    """One dict per cluster: ``index``, ``size``, ``top`` (labels of its most central)."""
    ref = case_ref(store)
    if ref is None:
        return []
    analysis = analysis_for(ws, ref, view)
    column = analysis.centrality[measure] if measure in analysis.centrality else None
    members: dict[int, list[str]] = {}
    for node, community in analysis.communities.items():
        members.setdefault(int(community), []).append(node)
    out = []
    for index in sorted(members, key=lambda c: (-len(members[c]), c)):
        nodes = members[index]
        nodes.sort(key=lambda n: (-(float(column[n]) if column is not None else 0), str(n)))
        out.append({"index": index, "size": len(nodes),
                    "top": [actor_label(ws, ref, n, view) for n in nodes[:TOP_MEMBERS]]})
    return out


def cluster_items(summaries: list[dict]) -> list[Any]:
    if not summaries:
        return [html.Div("No clusters.", className="cg-muted")]
    items = []
    for item in summaries[:LIST_LIMIT]:
        items.append(html.Button(
            id={"type": ids.CLUSTER_ITEM, "index": item["index"]}, n_clicks=0,
            className="cg-cluster", children=[
                html.Span(className="cg-swatch",
                          style={"backgroundColor": cluster_colour(item["index"])}),
                html.Span(f"Cluster {item['index'] + 1}", className="cg-cluster-name"),
                html.Span(f"{item['size']}", className="cg-cluster-size"),
                html.Span(", ".join(item["top"]), className="cg-cluster-top"),
            ]))
    rest = len(summaries) - LIST_LIMIT
    if rest > 0:
        items.append(html.Div(f"… and {rest} smaller clusters", className="cg-muted"))
    return items


def layout() -> html.Section:
    return html.Section(className="cg-panel cg-clusters", children=[
        html.H2("Clusters", className="cg-panel-title"),
        html.Div(id=ids.CLUSTERS_LIST, className="cg-cluster-list"),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.CLUSTERS_LIST, "children"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
    )
    def on_case(store, measure, view):
        return cluster_items(cluster_summaries(workspace(), store, measure or "degree", view))
