"""Clusters list: the communities of the case, largest first, with their top members (a grid;
a click on a row selects its cluster, components/selection.py).

It follows the People / All entities switch (``ids.ANALYSIS_VIEW``): in the People view the
clusters are those of the people network (as the diagram colours them), their members
actors named as the people network names them.

The callback answers the grid's ``rowData`` and the note's text, never components: every
component an answer creates costs the page one pass over all its components (Dash resets
each new one's state), and a list of buttons made hundreds of them on every case opened.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, html

from casegraph.workspace import Workspace
from components import ids
from components.state import ENTITIES, actor_label, analysis_for, case_ref, workspace
from components.stylesheet import cluster_colour
from components.widgets import COMPACT_HEADER, COMPACT_ROW, grid

LIST_LIMIT = 30   # rows in the grid, the largest clusters; the note counts the rest
TOP_MEMBERS = 3
# the grid fills its panel, as high as the hubs panel beside it makes the row (a flex box,
# assets/grids.css), and scrolls: what it lists never moves what is below; never lower than
# this many rows (beside a short hubs table)
MIN_ROWS = 6
MIN_HEIGHT = COMPACT_HEADER + MIN_ROWS * COMPACT_ROW + 2  # + its borders

# the narrow first column is painted the colour the diagram gives the cluster
COLOUR_CELL = {"function": "({backgroundColor: params.data.colour})"}


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


def cluster_columns() -> list[dict[str, Any]]:
    """The clusters grid's columns (dash-ag-grid column definitions).

    >>> [c["field"] for c in cluster_columns()]
    ['colour', 'number', 'size', 'top']
    """
    return [
        {"field": "colour", "headerName": "", "width": 14, "minWidth": 14, "maxWidth": 14,
         "sortable": False, "resizable": False, "suppressSizeToFit": True,
         "valueFormatter": {"function": "''"}, "cellStyle": COLOUR_CELL,
         "headerTooltip": "Its colour on the diagram", "cellClass": "cg-clusters-colour",
         "headerClass": "cg-clusters-colour"},
        {"field": "number", "headerName": "Cluster", "width": 86, "minWidth": 80,
         "maxWidth": 90, "valueFormatter": {"function": "'Cluster ' + params.value"},
         "cellClass": "cg-clusters-name"},
        {"field": "size", "headerName": "Size", "type": "rightAligned", "width": 62,
         "minWidth": 56, "maxWidth": 68, "headerTooltip": "Members of the cluster",
         "valueFormatter": {"function": "d3.format(',')(params.value)"}},
        {"field": "top", "headerName": "Top members", "flex": 1, "minWidth": 90,
         "sortable": False, "tooltipField": "top", "cellClass": "cg-clusters-top",
         "headerTooltip": "Its most central members by the size measure"},
    ]


def cluster_rows(summaries: list[dict]) -> list[dict[str, Any]]:
    """The grid's rows, the ``LIST_LIMIT`` largest clusters first: ``id`` (the cluster's
    number in the analysis, as a string: the grid's row id), ``number`` (as people read it,
    from 1), ``colour``, ``size`` and ``top``.

    >>> cluster_rows([{"index": 2, "size": 5, "top": ["Ash", "Bay"]}])[0]["top"]
    'Ash, Bay'
    """
    return [{"id": str(c["index"]), "number": c["index"] + 1,
             "colour": cluster_colour(c["index"]), "size": c["size"],
             "top": ", ".join(c["top"])} for c in summaries[:LIST_LIMIT]]


def more_text(summaries: list[dict]) -> str:
    """The note under the grid: how many smaller clusters it leaves out (empty if none).

    >>> more_text([{}] * 32)
    '… and 2 smaller clusters'
    """
    rest = len(summaries) - LIST_LIMIT
    if rest <= 0:
        return ""
    return f"… and {rest:,} smaller cluster{'s' if rest > 1 else ''}"


def layout() -> html.Section:
    # a height (not the grid's own autoHeight), then the panel's instead of a fixed one
    table = grid(ids.CLUSTERS_LIST, cluster_columns(), height=MIN_HEIGHT, compact=True,
                 class_name="cg-clusters-table")
    table.style = {"minHeight": f"{MIN_HEIGHT}px"}
    table.dashGridOptions["localeText"] = {"noRowsToShow": "No clusters."}
    return html.Section(className="cg-panel cg-clusters", children=[
        html.H2("Clusters", className="cg-panel-title"),
        table,
        html.P(id=ids.CLUSTERS_MORE, className="cg-note cg-clusters-more"),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.CLUSTERS_LIST, "rowData"),
        Output(ids.CLUSTERS_MORE, "children"),
        Input(ids.CASE_STORE, "data"),
        Input(ids.SIZE_MEASURE, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
    )
    def on_case(store, measure, view):
        summaries = cluster_summaries(workspace(), store, measure or "degree", view)
        return cluster_rows(summaries), more_text(summaries)
