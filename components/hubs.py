"""Hubs table: the most central members by the chosen measure (sortable; click → select).

Its title bar holds the switch that every organisation analysis follows (``ids.ANALYSIS_VIEW``):
"People" (default) analyses the people network, each person with the accounts, phones and
emails attributed to them folded in; "All entities" analyses the case graph as it is.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, dash_table, dcc, html

from casegraph.elements import top_nodes
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import ids
from components.controls import measure_label
from components.state import (
    ENTITIES,
    PEOPLE,
    actor_label,
    case_ref,
    people_view,
    ranked_analysis,
    workspace,
)

ROWS = 50
FONT = "Inter, Segoe UI, Roboto, Helvetica, Arial, sans-serif"


def hub_columns(measure: str) -> list[dict[str, Any]]:
    numeric = {"type": "numeric"}
    columns = [
        {"name": "#", "id": "rank", **numeric},
        {"name": "Entity", "id": "label"},
        {"name": "Type", "id": "type"},
        {"name": measure_label(measure), "id": "value", **numeric,
         "format": {"specifier": ".4~g"}},
        {"name": "Contacts", "id": "degree", **numeric},
        {"name": "Cluster", "id": "cluster", **numeric},
    ]
    if measure == "degree":
        columns.pop(4)
    return columns


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


def hub_styles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Row styles marking the highlighted hubs (by rank: the table may be re-sorted)."""
    styles: list[dict[str, Any]] = [{"if": {"state": "active"}, "backgroundColor": "#e8f0fe",
                                     "border": "1px solid #2563eb"}]
    ranks = [r["rank"] for r in rows if r.get("hub") and r.get("rank") is not None]
    if ranks:
        styles.insert(0, {"if": {"filter_query": f"{{rank}} <= {max(ranks)}"},
                          "fontWeight": "600", "backgroundColor": "#fff8eb"})
    return styles


def table_styles(max_width: str) -> dict[str, Any]:
    """The look shared by the dashboard's clickable tables (hubs, signal scores)."""
    return {
        "style_table": {"overflowX": "auto"},
        "style_cell": {"fontFamily": FONT, "fontSize": "13px", "padding": "6px 10px",
                       "textAlign": "left", "border": "none",
                       "borderBottom": "1px solid #eef0f4", "cursor": "pointer",
                       "maxWidth": max_width, "overflow": "hidden",
                       "textOverflow": "ellipsis"},
        "style_header": {"fontWeight": "600", "backgroundColor": "#f7f8fa",
                         "color": "#4b5563", "borderBottom": "1px solid #e5e7eb"},
    }


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
        dash_table.DataTable(
            id=ids.HUBS_TABLE, data=[], columns=hub_columns("degree"),
            sort_action="native", page_action="native", page_size=10,
            cell_selectable=True, style_as_list_view=True,
            **table_styles(max_width="260px"),
            style_cell_conditional=[
                {"if": {"column_id": "rank"}, "width": "48px", "color": "#6b7280"},
                *[{"if": {"column_id": c}, "textAlign": "right", "width": "110px"}
                  for c in ("value", "degree", "cluster")],
            ],
            style_data_conditional=hub_styles([]),
        ),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.HUBS_TABLE, "data"),
        Output(ids.HUBS_TABLE, "columns"),
        Output(ids.HUBS_TABLE, "active_cell"),
        Output(ids.HUBS_TABLE, "style_data_conditional"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.HUBS_TOPK, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
    )
    def on_view(store, measure, topk, view):
        measure = measure or "degree"
        rows = hub_rows(workspace(), store, measure, topk, view=view)
        return rows, hub_columns(measure), None, hub_styles(rows)
