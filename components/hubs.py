"""Hubs table: the most central entities by the chosen measure (sortable; click → select)."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, dash_table, html

from casegraph.elements import top_nodes
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import ids
from components.controls import measure_label
from components.state import case_ref, ranked_analysis, workspace

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


def hub_rows(ws: Workspace, store: Any, measure: str, topk: int = 0,
             limit: int = ROWS) -> list[dict[str, Any]]:
    """Rows of the hubs table, most central first; ``hub`` marks the highlighted top-k."""
    ref = case_ref(store)
    if ref is None:
        return []
    case, analysis = ws.case(*ref), ranked_analysis(ws, ref)
    if measure not in analysis.centrality.columns:
        return []
    table = analysis.centrality
    catalogue = entity_types()
    rows = []
    for node in top_nodes(analysis, measure, limit):
        data = case.graph.nodes[node]
        rank = table.at[node, f"rank_{measure}"] if f"rank_{measure}" in table else None
        rows.append({
            "id": node,
            "rank": int(rank) if rank is not None else None,
            "label": str(data.get("label", node)),
            "type": catalogue.get(data.get("type"), {}).get("label", data.get("type")),
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
        html.H2("Hubs", className="cg-panel-title"),
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
    )
    def on_view(store, measure, topk):
        measure = measure or "degree"
        rows = hub_rows(workspace(), store, measure, topk)
        return rows, hub_columns(measure), None, hub_styles(rows)
