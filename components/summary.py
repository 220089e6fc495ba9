"""Summary cards: entities, links, clusters, density, centralisation, then the structure
verdict in one line and the top hubs, so the first screen answers "what is this network"
without scrolling. The entity count follows the time window (components/time_panel.py).

The cards' figures are kept with the revision (:func:`figures`, ``Workspace.kept``, as
components/diagram_facts.py keeps the diagram's): a large case's cards are read back by a
restarted server instead of counted from the whole case, so they do not show the previous
case's figures for seconds after another case is opened."""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, html, no_update

from casegraph.briefing import structure_sentence, top_hubs
from casegraph.workspace import Workspace
from components import ids
from components.state import (
    ENTITIES,
    analysis_for,
    case_ref,
    people_view,
    ranked_analysis,
    workspace,
)


def card(label: str, value: str, detail: Any = "", name: str = "") -> html.Div:
    """A figure's card: its label, the value, a line of detail. Two components (each one a
    callback answer creates costs the page a redux dispatch): the label and the detail are
    the card's own text, the label set as its first line (``.cg-card::first-line`` in
    assets/casegraph.css), the value a block between them.

    >>> c = card("Links", "7", "one line per link", "links")
    >>> c.children[0], c.children[1].children, c.children[2]
    ('Links', '7', 'one line per link')
    """
    return html.Div(className="cg-card", **({"data-card": name} if name else {}), children=[
        label, html.B(value, className="cg-card-value"), detail])


def links_detail(links: int, lines: int, pairs: int) -> str:
    """Why the link count differs from what is drawn, in words.

    >>> links_detail(650, 303, 214)
    '650 links drawn as 303 lines between 214 pairs'
    >>> links_detail(7, 7, 7)
    'one line per link'
    """
    if links == lines == pairs:
        return "one line per link"
    if lines == pairs:
        return f"{links:,} links drawn as {pairs:,} lines, one per pair"
    return f"{links:,} links drawn as {lines:,} lines between {pairs:,} pairs"


def active_in_window(ws: Workspace, ref: tuple[str, int], step: Any, window: Any
                     ) -> int | None:
    """Entities with a link in the time window (None: no window, or the whole range)."""
    if not step or not window:
        return None
    from components.time_panel import cached_index, full_window, window_members

    index = cached_index(ws, ref, step)
    if not index.labels or int(window[1]) >= len(index.labels) \
            or list(window) == full_window(index):
        return None
    return len(window_members(index, window)[0])


def window_line(ws: Workspace, store: Any, step: Any, window: Any) -> str:
    """"58 of 107 active in the time window", or "" for the whole range."""
    ref = case_ref(store)
    active = active_in_window(ws, ref, step, window) if ref is not None else None
    if active is None:
        return ""
    return f"{active:,} of {ws.case(*ref).graph.number_of_nodes():,} active in the window"


# Kept under this name with the revision (at most 16 characters; a new name makes older
# ones be made again): a large case's cards are read back, not counted from the case
FIGURES = "summary:v1"


def case_figures(ws: Workspace, ref: tuple[str, int]) -> dict[str, Any]:
    """The figures of the cards in the entities view, as plain data: the analysis'
    summary, the lines drawn (``diagram_facts``: kept with the revision already), the
    structure verdict and the top five hubs' names."""
    from components import diagram_facts

    analysis = ws.analysis(*ref)
    summary = analysis.summary
    known = diagram_facts.facts(ws, ref)
    case = ws.case(*ref)
    verdict = structure_sentence(case, analysis)
    hubs = top_hubs(case, ranked_analysis(ws, ref, ENTITIES), "degree", 5)
    return {"entities": int(summary.get("entities", 0)), "links": int(summary.get("links", 0)),
            "components": int(summary.get("components", 0)),
            "lines": [int(known["lines"][1]), int(known["lines"][2])],
            "clusters": int(summary.get("clusters", 0)),
            "modularity": float(summary.get("modularity", 0.0)),
            "density": float(summary.get("density", 0.0)),
            "centralisation": float(summary.get("centralisation", 0.0)),
            "verdict": verdict, "hubs": [str(h["label"]) for h in hubs]}


def figures(ws: Workspace, ref: tuple[str, int], view: Any = ENTITIES) -> dict[str, Any]:
    """:func:`case_figures` of a revision, made once and kept with it (a restarted server
    reads a large case's back without reading the case); in the People view, counted on
    the people network (clusters, density, centralisation, verdict and hubs)."""
    kept = ws.kept(ref[0], ref[1], FIGURES, lambda: case_figures(ws, ref))
    if not people_view(ws, ref, view):
        return kept
    from components.people_diagram import picture

    summary = analysis_for(ws, ref, view).summary
    people = picture(ws, ref)
    hubs = top_hubs(people, ranked_analysis(ws, ref, view), "degree", 5)
    return {**kept, "clusters": int(summary.get("clusters", 0)),
            "modularity": float(summary.get("modularity", 0.0)),
            "density": float(summary.get("density", 0.0)),
            "centralisation": float(summary.get("centralisation", 0.0)),
            "verdict": structure_sentence(people, analysis_for(ws, ref, view)),
            "hubs": [str(h["label"]) for h in hubs], "people": True}


def summary_cards(ws: Workspace, store: Any, step: Any = None,
                  window: Any = None, view: Any = ENTITIES) -> list[html.Div]:
    """One card per headline figure of the open case (placeholders when none is open),
    then the verdict and the top hubs. Entities and links are the case's; clusters,
    density, centralisation, verdict and hubs are counted on the view the switch
    (``ids.ANALYSIS_VIEW``) chooses: in the People view, on the people network. The
    figures are kept with the revision (:func:`figures`)."""
    ref = case_ref(store)
    if ref is None:
        return [card("Entities", "–", html.Span(id=ids.SUMMARY_ACTIVE))] + [
            card(label, "–") for label in ("Links", "Clusters", "Density", "Centralisation")]
    known = figures(ws, ref, view)
    people = bool(known.get("people"))
    entities, links, components = known["entities"], known["links"], known["components"]
    lines, pairs = known["lines"]
    entity_detail = window_line(ws, store, step, window) or \
        f"{components} component{'s' if components != 1 else ''}"
    return [
        card("Entities", f"{entities:,}", html.Span(entity_detail, id=ids.SUMMARY_ACTIVE),
             "entities"),
        card("Links", f"{links:,}", links_detail(links, lines, pairs), "links"),
        card("Clusters", f"{known['clusters']:,}",
             f"{'of people · ' if people else ''}modularity {known['modularity']:.2f}",
             "clusters"),
        card("Density", f"{known['density']:.3f}",
             "share of pairs of people tied" if people else "share of possible pairs linked",
             "density"),
        card("Centralisation", f"{known['centralisation']:.2f}",
             "0 = evenly spread, 1 = a star", "centralisation"),
        *verdict_and_hubs(known["verdict"], known["hubs"]),
    ]


def verdict_and_hubs(verdict: dict[str, str] | None, hubs: list[str]) -> list[html.Div]:
    """The structure verdict (label and its first sentence) and the top five hubs' names
    (of the people network in the People view: a hub is then a person or an unattributed
    account)."""
    out = []
    if verdict:
        out.append(html.Div(className="cg-card cg-card-wide", **{"data-card": "verdict"},
                            title=f"{verdict['sentence']} {verdict['detail']}".strip(),
                            children=["Structure",
                                      html.B(verdict["label"], className="cg-card-verdict"),
                                      verdict["sentence"]]))
    if hubs:
        names = ", ".join(hubs)
        out.append(html.Div(className="cg-card cg-card-wide", **{"data-card": "hubs"},
                            title=names, children=[
            "Top hubs (most contacts)", html.B(names, className="cg-card-hubs")]))
    return out


def layout(cards: list[html.Div] | None = None) -> html.Div:
    return html.Div(id=ids.SUMMARY_CARDS, className="cg-cards", children=cards)


def register(app) -> None:
    @app.callback(Output(ids.SUMMARY_CARDS, "children"), Input(ids.CASE_STORE, "data"),
                  Input(ids.ANALYSIS_VIEW, "value"))
    def on_case(store, view):
        return summary_cards(workspace(), store, view=view)

    # the time window moves only the entities card's line (and is not waited for when
    # another case opens: the time panel answers later than the cards)
    @app.callback(
        Output(ids.SUMMARY_ACTIVE, "children"),
        Input(ids.TIME_SLIDER, "value"),
        State(ids.TIME_STEP, "value"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_window(window, step, store):
        ws = workspace()
        ref = case_ref(store)
        if ref is None:
            return no_update
        components = ws.analysis(*ref).summary.get("components", 0)
        return window_line(ws, store, step, window) or \
            f"{components} component{'s' if components != 1 else ''}"
