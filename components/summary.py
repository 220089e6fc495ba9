"""Summary cards: entities, links, clusters, density, centralisation."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, html

from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, workspace


def card(label: str, value: str, detail: str = "", name: str = "") -> html.Div:
    return html.Div(className="cg-card", **({"data-card": name} if name else {}), children=[
        html.Div(label, className="cg-card-label"),
        html.Div(value, className="cg-card-value"),
        html.Div(detail, className="cg-card-detail"),
    ])


def summary_cards(ws: Workspace, store: Any) -> list[html.Div]:
    """One card per headline figure of the open case (placeholders when none is open)."""
    ref = case_ref(store)
    if ref is None:
        return [card(label, "–") for label in
                ("Entities", "Links", "Clusters", "Density", "Centralisation")]
    summary = ws.analysis(*ref).summary
    entities, links = summary.get("entities", 0), summary.get("links", 0)
    pairs = summary.get("pairs")
    components = summary.get("components", 0)
    return [
        card("Entities", f"{entities:,}",
             f"{components} component{'s' if components != 1 else ''}", "entities"),
        card("Links", f"{links:,}",
             f"{pairs:,} connected pairs" if pairs is not None else "", "links"),
        card("Clusters", f"{summary.get('clusters', 0):,}",
             f"modularity {summary.get('modularity', 0.0):.2f}", "clusters"),
        card("Density", f"{summary.get('density', 0.0):.3f}",
             "share of possible pairs linked", "density"),
        card("Centralisation", f"{summary.get('centralisation', 0.0):.2f}",
             "0 = evenly spread, 1 = a star", "centralisation"),
    ]


def layout(cards: list[html.Div] | None = None) -> html.Div:
    return html.Div(id=ids.SUMMARY_CARDS, className="cg-cards", children=cards)


def register(app) -> None:
    @app.callback(Output(ids.SUMMARY_CARDS, "children"), Input(ids.CASE_STORE, "data"))
    def on_case(store):
        return summary_cards(workspace(), store)
