"""Inspector: what is known about the selected entity, link or cluster."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from dash import Input, Output, html

from casegraph.analysis import MEASURES
from casegraph.model import Case, entity_types, link_types
from casegraph.workspace import Workspace
from components import ids, people_section
from components.clicks import store as click_store
from components.extensions import INSPECTOR_SECTIONS
from components.state import ENTITIES, analysis_for, case_ref, people_view, workspace
from components.stylesheet import cluster_colour
from components.view_defaults import measure_label
from components.widgets import facts, grid

NEIGHBOUR_LIMIT = 40
LINK_ROWS = 100        # links listed in the link inspector's grid
LINKS_SHOWN = 8        # up to this many rows the grid is as tall as its rows
LINKS_HEIGHT = 260     # pixels, for more: the grid scrolls
MEMBER_LIMIT = 25
# shown elsewhere: the title, the type badge, the provenance lines, the tags section
HIDDEN_ATTRIBUTES = {"type", "label", "key", "provenance", "tag", "note"}


def empty() -> html.Div:
    return html.Div(className="cg-empty", children=[
        html.Div("Nothing selected", className="cg-empty-title"),
        html.Div("Click an entity or a link in the diagram, a row of the hubs table or a "
                 "cluster to see what is known about it."),
    ])


def type_badge(etype: str, icon_url: Callable[[str], str]) -> html.Span:
    spec = entity_types().get(etype, entity_types()["other"])
    return html.Span(className="cg-type-badge", children=[
        html.Span(className="cg-type-dot", style={
            "backgroundColor": spec["colour"],
            "backgroundImage": f"url({icon_url('icons/' + spec['icon'])})"}),
        html.Span(spec.get("label", etype)),
    ])


def format_value(value: Any) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    return str(value)


def key_values(rows: list[tuple[str, Any]]) -> html.Dl:
    """``(name, value)`` facts as a description list (``cg-kv``), values formatted."""
    return facts([(k, format_value(v)) for k, v in rows], "cg-kv")


def grid_value(value: Any) -> Any:
    """A link attribute as a grid cell: a number stays a number (it sorts as one), cut to
    four significant digits; anything else as text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return format_value(value) if value is not None else ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        return round(value) if abs(value) >= 1000 else float(f"{value:.4g}")
    return value


def links_grid(links: list[tuple[Any, Any, Any, dict[str, Any]]]) -> Any:
    """The links between two entities as a grid: their type and each attribute they carry,
    in phase and time order (the first ``LINK_ROWS``)."""
    keys = sorted({k for *_, d in links for k in d if k not in ("type", "provenance")})
    columns = [{"field": "type", "headerName": "type", "minWidth": 70, "flex": 1,
                "tooltipField": "type"}]
    ordered = sorted(links, key=lambda item: (item[3].get("phase", 0) or 0,
                                              str(item[3].get("time", ""))))[:LINK_ROWS]
    # fields by position: an attribute's name may hold a dot, which the grid reads as a path
    rows = [{"row": f"{u}\u2192{v}#{k}", "type": str(d.get("type", "")),
             **{f"a{i}": grid_value(d.get(key)) for i, key in enumerate(keys)}}
            for u, v, k, d in ordered]
    for i, k in enumerate(keys):  # a column of numbers is aligned right
        cells = [r[f"a{i}"] for r in rows if r[f"a{i}"] != ""]
        number = bool(cells) and all(isinstance(c, (int, float)) for c in cells)
        columns.append({"field": f"a{i}", "headerName": k, "minWidth": 64, "flex": 1,
                        "headerTooltip": k, "tooltipField": f"a{i}",
                        **({"type": "rightAligned"} if number else {})})
    return grid(ids.INSPECTOR_LINKS, columns, rows, row_id="row", class_name="cg-links",
                height=None if len(rows) <= LINKS_SHOWN else LINKS_HEIGHT, compact=True)


def provenance_lines(data: dict[str, Any]) -> list[str]:
    lines = []
    for stamp in (data.get("provenance") or [])[:5]:
        if isinstance(stamp, dict):
            where = stamp.get("source", stamp.get("kind", "?"))
            if stamp.get("row") is not None:
                where += f", row {stamp['row']}"
            lines.append(where)
    return lines


def neighbours(case: Case, node: str) -> list[tuple[str, int]]:
    """Neighbours of ``node`` with the number of links to each, most links first."""
    counts: dict[str, int] = {}
    graph = case.graph
    for _, other in graph.out_edges(node):
        counts[other] = counts.get(other, 0) + 1
    for other, _ in graph.in_edges(node):
        counts[other] = counts.get(other, 0) + 1
    counts.pop(node, None)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))


def node_view(ws: Workspace, ref: tuple[str, int], node: str,
              icon_url: Callable[[str], str], colour_by: str = "type") -> list[Any]:
    case, analysis = ws.case(*ref), ws.analysis(*ref)
    if node not in case.graph:
        return [empty()]
    data = case.graph.nodes[node]
    total = len(analysis.centrality)
    parts: list[Any] = [
        html.Div(className="cg-insp-head", children=[
            html.Div(str(data.get("label", node)), className="cg-insp-title"),
            type_badge(data.get("type", "other"), icon_url),
        ]),
    ]
    attrs = [("id", node)] + ([("identity key", data["key"])] if data.get("key") else [])
    attrs += [(k, v) for k, v in sorted(data.items()) if k not in HIDDEN_ATTRIBUTES]
    parts += [html.H3("Attributes"), key_values(attrs)]
    sources = provenance_lines(data)
    if sources:
        parts.append(html.Div("Source: " + "; ".join(sources), className="cg-insp-note"))

    for module in INSPECTOR_SECTIONS:
        parts += module.inspector_section(ws, ref, node)

    community = analysis.communities.get(node)
    if community is not None:
        size = analysis.community_sizes[community] if community < len(
            analysis.community_sizes) else 0
        parts += [html.H3("Cluster"), html.Button(
            id={"type": ids.INSPECTOR_CLUSTER, "index": int(community)},
            className="cg-chip", n_clicks=0, children=[
                html.Span(className="cg-swatch",
                          style={"backgroundColor": cluster_colour(int(community))}),
                f"Cluster {int(community) + 1} · {size} entities"])]

    if node in analysis.centrality.index:
        row = analysis.centrality.loc[node]
        rows = []
        for measure in MEASURES:
            if measure not in row:
                continue
            rank = row.get(f"rank_{measure}")
            rank_text = f"#{int(rank)} of {total}" if rank == rank and rank is not None else ""
            rows.append((html.Dt(measure_label(measure), title=MEASURES[measure]),
                         format_value(float(row[measure])),
                         html.Dd(rank_text, className="cg-rank")))
        parts += [html.H3("Centrality"), facts(rows, "cg-kv cg-centrality")]

    near = neighbours(case, node)
    parts.append(html.H3(f"Neighbours ({len(near)})"))
    items = []
    for other, count in near[:NEIGHBOUR_LIMIT]:
        odata = case.graph.nodes[other]
        spec = entity_types().get(odata.get("type", "other"), entity_types()["other"])
        dot = (cluster_colour(int(analysis.communities.get(other, -1)))
               if colour_by == "community" else spec["colour"])  # as drawn in the diagram
        items.append(html.Button(
            id={"type": ids.NEIGHBOUR_ITEM, "index": str(other)}, n_clicks=0,
            className="cg-neighbour", children=[
                html.Span(className="cg-type-dot cg-type-dot-sm",
                          style={"backgroundColor": dot}),
                html.Span(str(odata.get("label", other)), className="cg-neighbour-label"),
                html.Span(f"{count} link{'s' if count != 1 else ''}",
                          className="cg-neighbour-count"),
            ]))
    if len(near) > NEIGHBOUR_LIMIT:
        items.append(html.Div(f"… and {len(near) - NEIGHBOUR_LIMIT} more",
                              className="cg-insp-note"))
    parts.append(html.Div(items, className="cg-neighbours"))
    return parts


def edge_view(ws: Workspace, ref: tuple[str, int], source: str, target: str) -> list[Any]:
    case = ws.case(*ref)
    graph = case.graph
    if source not in graph or target not in graph:
        return [empty()]
    pairs = [(source, target)] + ([] if case.directed else [(target, source)])
    links = [(u, v, k, d) for u, v in pairs if graph.has_edge(u, v)
             for k, d in graph[u][v].items()]
    label = {n: str(graph.nodes[n].get("label", n)) for n in (source, target)}
    arrow = " → " if case.directed else " — "
    parts: list[Any] = [html.Div(className="cg-insp-head", children=[
        html.Div(label[source] + arrow + label[target], className="cg-insp-title"),
        html.Span(f"{len(links)} link{'s' if len(links) != 1 else ''}",
                  className="cg-type-badge"),
    ])]
    total = sum(float(d.get("weight", 1.0) or 0) for *_, d in links)
    parts += [html.H3("Summary"), key_values([
        ("links", len(links)), ("total weight", total),
        ("types", sorted({link_types().get(d.get("type"), {}).get("label", d.get("type", "?"))
                          for *_, d in links}))])]
    parts += [html.H3("Links"), links_grid(links)]
    from components.enrich import link_provenance  # where each link came from

    parts += link_provenance(links)
    for n in (source, target):
        parts.append(html.Button(id={"type": ids.NEIGHBOUR_ITEM, "index": str(n)}, n_clicks=0,
                                 className="cg-neighbour", children=[
                                     html.Span("Inspect", className="cg-neighbour-count"),
                                     html.Span(label[n], className="cg-neighbour-label")]))
    return parts


def cluster_view(ws: Workspace, ref: tuple[str, int], community: int,
                 measure: str = "degree", view: Any = ENTITIES) -> list[Any]:
    case, analysis = ws.case(*ref), analysis_for(ws, ref, view)
    if people_view(ws, ref, view):  # the clusters of the people network: actors
        from components.people_diagram import picture

        case = picture(ws, ref)
    members = [n for n, c in analysis.communities.items() if c == community]
    if not members:
        return [empty()]
    column = analysis.centrality[measure] if measure in analysis.centrality else None
    members.sort(key=lambda n: (-(float(column[n]) if column is not None else 0), str(n)))
    counts = {}
    for n in members:
        t = case.graph.nodes[n].get("type", "other")
        counts[t] = counts.get(t, 0) + 1
    parts: list[Any] = [html.Div(className="cg-insp-head", children=[
        html.Div([html.Span(className="cg-swatch",
                            style={"backgroundColor": cluster_colour(community)}),
                  f"Cluster {community + 1}"], className="cg-insp-title"),
        html.Span(f"{len(members)} entities", className="cg-type-badge"),
    ])]
    parts += [html.H3("Entity types"), key_values(
        [(entity_types().get(t, {}).get("plural", t), n)
         for t, n in sorted(counts.items(), key=lambda kv: -kv[1])])]
    parts.append(html.H3(f"Members by {measure_label(measure).lower()}"))
    parts.append(html.Div(className="cg-neighbours", children=[
        html.Button(id={"type": ids.NEIGHBOUR_ITEM, "index": str(n)}, n_clicks=0,
                    className="cg-neighbour", children=[
                        html.Span(str(case.graph.nodes[n].get("label", n)),
                                  className="cg-neighbour-label")])
        for n in members[:MEMBER_LIMIT]]))
    return parts


def inspector_content(ws: Workspace, store: Any, selection: Any,
                      icon_url: Callable[[str], str], measure: str = "degree",
                      colour_by: str = "type", view: Any = ENTITIES) -> list[Any]:
    """The inspector's children for the current selection."""
    ref = case_ref(store)
    if ref is None or not isinstance(selection, dict):
        return [empty()]
    kind = selection.get("kind")
    if kind == "node":
        return node_view(ws, ref, str(selection.get("id")), icon_url, colour_by)
    if kind == "edge":
        return edge_view(ws, ref, str(selection.get("source")), str(selection.get("target")))
    if kind == "cluster":
        return cluster_view(ws, ref, int(selection.get("id", -1)), measure, view)
    return [empty()]


def layout() -> html.Aside:
    return html.Aside(className="cg-panel cg-inspector-panel", children=[
        html.H2("Inspector", className="cg-panel-title"),
        click_store(ids.PICK_CLICK),  # components/selection.py: a neighbour or cluster clicked
        html.Div(id=ids.INSPECTOR, className="cg-inspector", children=[empty()]),
        people_section.status_layout(),
    ])


def register(app) -> None:
    from dash import State

    @app.callback(
        Output(ids.INSPECTOR, "children"),
        Input(ids.SELECTION, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.SIZE_MEASURE, "value"),
        State(ids.COLOUR_BY, "value"),
        State(ids.ANALYSIS_VIEW, "value"),
    )
    def on_selection(selection, store, measure, colour_by, view):
        return inspector_content(workspace(), store, selection, app.get_asset_url,
                                 measure or "degree", colour_by or "type", view)
