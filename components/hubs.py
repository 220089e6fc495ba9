"""Hubs table: the most central members by the chosen measure (a sortable grid; a click on a
row selects its entity, components/selection.py).

Its title bar holds the switch that every organisation analysis follows (``ids.ANALYSIS_VIEW``):
"People" (default) analyses the people network, each person with the accounts, phones and
emails attributed to them folded in; "All entities" analyses the case graph as it is.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, dcc, html

from casegraph.elements import top_nodes
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import ids
from components.state import (
    ENTITIES,
    PEOPLE,
    actor_label,
    case_ref,
    people_view,
    ranked_analysis,
    workspace,
)
from components.view_defaults import measure_label
from components.widgets import grid

ROWS = 50


def hub_columns(measure: str) -> list[dict[str, Any]]:
    """The hubs grid's columns (dash-ag-grid column definitions) for a size measure.

    >>> [c["field"] for c in hub_columns("degree")]
    ['rank', 'label', 'type', 'value', 'cluster']
    """
    number = {"type": "rightAligned", "maxWidth": 110}
    columns = [
        {"field": "rank", "headerName": "#", "maxWidth": 60, "type": "rightAligned",
         "sort": "asc", "cellClass": "cg-hubs-rank"},
        {"field": "label", "headerName": "Entity", "flex": 2, "minWidth": 150,
         "tooltipField": "label"},
        {"field": "type", "headerName": "Type", "flex": 1, "minWidth": 90},
        {"field": "value", "headerName": measure_label(measure), **number,
         "valueFormatter": {"function": "d3.format('.4~g')(params.value)"}},
        {"field": "degree", "headerName": "Contacts", **number},
        {"field": "cluster", "headerName": "Cluster", **number},
    ]
    if measure == "degree":
        columns.pop(4)
    return columns


# the highlighted top-k hubs (``hub`` in a row), by a class the grid puts on their rows
HUB_ROW_RULES = {"cg-hubs-hub": "params.data.hub"}


ACTOR_KINDS = {"unattributed": "unattributed", "contested": "contested"}


def view_switch() -> dcc.RadioItems:
    """People / All entities: what the hubs, clusters, structure and disruption count."""
    return dcc.RadioItems(
        id=ids.ANALYSIS_VIEW, value=PEOPLE, inline=True, className="cg-view-switch",
        options=[{"label": "People", "value": PEOPLE},
                 {"label": "All entities", "value": ENTITIES}])


def hub_rows(ws: Workspace, store: Any, measure: str, topk: int = 0,
             limit: int = ROWS, view: Any = ENTITIES) -> list[dict[str, Any]]:
    """Rows of the hubs table, most central first; ``hub`` marks the highlighted top-k.
    In the people view an account or phone nobody is attributed to is typed as such."""
    ref = case_ref(store)
    if ref is None:
        return []
    case, analysis = ws.case(*ref), ranked_analysis(ws, ref, view)
    actors = ws.people(*ref).actors if people_view(ws, ref, view) else {}
    if measure not in analysis.centrality.columns:
        return []
    table = analysis.centrality
    catalogue = entity_types()
    rows = []
    for node in top_nodes(analysis, measure, limit):
        data = case.graph.nodes[node]
        rank = table.at[node, f"rank_{measure}"] if f"rank_{measure}" in table else None
        kind = catalogue.get(data.get("type"), {}).get("label", data.get("type"))
        actor = actors.get(node)
        if actor is not None and actor.kind in ACTOR_KINDS:
            kind = f"{kind} ({ACTOR_KINDS[actor.kind]})"
        rows.append({
            "id": node,
            "rank": int(rank) if rank is not None else None,
            "label": actor_label(ws, ref, node, view) if actor is not None
            else str(data.get("label", node)),
            "type": kind,
            "value": float(table.at[node, measure]),
            "degree": float(table.at[node, "degree"]) if "degree" in table else None,
            "cluster": int(analysis.communities.get(node, -1)) + 1,
            "hub": len(rows) < int(topk or 0),
        })
    return rows


def layout() -> html.Section:
    return html.Section(className="cg-panel cg-hubs", children=[
        html.Div(className="cg-hubs-head", children=[
            html.H2("Hubs", className="cg-panel-title"),
            html.Span("Analyse", className="cg-field-label", title=(
                "People: each person with the accounts, phones and emails attributed to them "
                "folded in (posts and addresses are evidence). All entities: the case graph "
                "as it is. Hubs, structure and disruption follow this choice.")),
            view_switch(),
        ]),
        grid(ids.HUBS_TABLE, hub_columns("degree"), page_size=10,
             class_name="cg-hubs-table", row_classes=HUB_ROW_RULES),
        html.P(id=ids.HUBS_SAMPLING, className="cg-note cg-hubs-sampling"),
    ])


def sampling_text(ws: Workspace, store: Any, measure: str, view: Any = ENTITIES) -> str:
    """How the measure the hubs are ranked by was estimated, when it was sampled (a large
    case's betweenness and closeness): "Betweenness estimated from 125 of 99,730 sources
    (about ±19.4% for the ten highest values)." Empty for a measure computed exactly."""
    ref = case_ref(store)
    if ref is None:
        return ""
    return ranked_analysis(ws, ref, view).sampling_notes.get(measure, "")


def register(app) -> None:
    @app.callback(
        Output(ids.HUBS_TABLE, "rowData"),
        Output(ids.HUBS_TABLE, "columnDefs"),
        Output(ids.HUBS_SAMPLING, "children"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.HUBS_TOPK, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
    )
    def on_view(store, measure, topk, view):
        measure = measure or "degree"
        ws = workspace()
        rows = hub_rows(ws, store, measure, topk, view=view)
        return rows, hub_columns(measure), sampling_text(ws, store, measure, view)
