"""The cytoscape stylesheet as data.

Every view option (size measure, colour by type or community, hubs, filters) is expressed
here as selectors over the compact element data of :mod:`casegraph.elements`, so changing
a view option re-sends this list (a few kB) instead of the elements.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from typing import Any

from casegraph import theme
from casegraph.elements import LABELLED_BUBBLE, size_field
from casegraph.model import entity_types

# Colours and sizes come from the one theme file (casegraph/theme.yaml), which the pictures
# and reports read too.
CLUSTER_COLOURS = theme.cluster_palette()  # cluster 0 = the largest; past it, grey
OTHER_CLUSTER = theme.theme()["other_cluster"]
HUB_RING = theme.theme()["hub"]["ring"]
HUB_HALO = theme.theme()["hub"]["halo"]
SELECTED = theme.theme()["selected"]
SIZES = theme.sizes()
FONT_FAMILY = f"{theme.theme()['fonts']['family']}, {theme.theme()['fonts']['emoji']}"

# Above this many nodes, drop the costliest per-element drawing (icons, arrows, curved
# edges); labels stay but only appear once zoomed in (min-zoomed-font-size).
LARGE_CASE = 2000

# Level of detail of labels on screen. assets/casegraph.js (labelDetail) puts this class on
# every labelled node whose label (``fs`` x zoom) would be drawn under ``label_px`` on screen,
# again whenever the zoom changes, and label_detail_rules() hides the label of that class.
# Cytoscape's own min-zoomed-font-size cannot do it: it compares the size at the zoom
# rounded up to a power of two, so labels of 6-10 px were drawn. Hubs, the selection and
# tagged entities keep their labels: their rules come later and show the text again.
SMALL_LABEL_CLASS = "cg-small-label"


def cluster_colour(community: int) -> str:
    return theme.cluster_colour(community)


def quote(value: str) -> str:
    """A string literal for a cytoscape data selector (``node[id = "a\\"b"]``)."""
    return json.dumps(str(value))


def view_scales(fit_zoom: float) -> tuple[float, float]:
    """``(node scale, label scale)`` for a picture that first shows at ``fit_zoom``.

    A large case fits the panel only when zoomed far out, where 18 px nodes and 13 px
    labels shrink to dots and smudges; growing them as the fitted zoom falls (nodes gently,
    hub labels fully) keeps the first view legible without overlapping at zoom 1.
    """
    zoom = max(fit_zoom, 0.01)
    nodes = min(2.2, max(1.0, math.sqrt(0.8 / zoom)))
    labels = min(4.0, max(1.0, 0.75 / zoom))
    return round(nodes, 2), round(labels, 2)


def base_rules(icon_url: Callable[[str], str], *, directed: bool, large: bool,
               measure: str, scale: float = 1.0) -> list[dict[str, Any]]:
    size = size_field(measure)
    lo, hi = round(SIZES["node_min"] * scale), round(SIZES["node_max"] * scale)
    node: dict[str, Any] = {
        "width": f"mapData({size}, 0, 1, {lo}, {hi})",
        "height": f"mapData({size}, 0, 1, {lo}, {hi})",
        "background-color": OTHER_CLUSTER,
        "border-width": 0 if large else SIZES["border"],
        "border-color": "#ffffff",
        "font-size": 10,
        "font-family": FONT_FAMILY,
        "color": "#1f2937",
        "text-valign": "bottom",
        "text-margin-y": SIZES["label_gap"],
        "text-outline-color": "#ffffff",
        "text-outline-width": SIZES["label_outline"],
        "text-outline-opacity": 0.85,
        "min-zoomed-font-size": 8,
    }
    if not large:
        # Every label has the size the server layout left room for (``fs``, model px) and is
        # drawn once it is readable on screen: the labels of lesser entities appear as one
        # zooms in (see casegraph.layout). On large cases only hubs, the selection and its
        # neighbours are labelled: measuring every label's text costs about a quarter of the
        # first paint.
        # (whether it is readable is the small-label class's business: label_detail_rules)
        node.update({"label": "data(label)", "font-size": "data(fs)",
                     "min-zoomed-font-size": 0})
    edge: dict[str, Any] = {
        "width": f"mapData(w, 0, 1, {0.8 * scale:.1f}, {5 * scale:.1f})",
        "line-color": theme.theme()["edge"],
        "opacity": 0.6,
        "curve-style": "haystack" if large else "straight",
    }
    if large:
        edge.update({"haystack-radius": 0, "width": 1})
    if directed and not large:
        edge.update({"target-arrow-shape": "triangle", "target-arrow-color": "#9aa5b4",
                     "arrow-scale": 0.7})
    rules = [{"selector": "node", "style": node}, {"selector": "edge", "style": edge}]
    for name, spec in entity_types().items():
        style: dict[str, Any] = {"shape": spec.get("shape", "ellipse")}
        if not large:
            style.update({"background-image": icon_url(f"icons/{spec['icon']}"),
                          "background-width": "58%", "background-height": "58%",
                          "background-fit": "none", "background-clip": "none",
                          "background-image-containment": "over"})
        rules.append({"selector": f"node[type = {quote(name)}]", "style": style})
    return rules


def colour_rules(colour_by: str, communities: int) -> list[dict[str, Any]]:
    if colour_by == "community":
        return [{"selector": f"node[cm = {i}]",
                 "style": {"background-color": CLUSTER_COLOURS[i]}}
                for i in range(min(communities, len(CLUSTER_COLOURS)))]
    return [{"selector": f"node[type = {quote(name)}]",
             "style": {"background-color": spec.get("colour", OTHER_CLUSTER)}}
            for name, spec in entity_types().items()]


def filter_rules(hidden_types: Iterable[str], min_degree: int) -> list[dict[str, Any]]:
    rules = [{"selector": f"node[type = {quote(t)}]", "style": {"display": "none"}}
             for t in sorted(set(hidden_types))]
    if min_degree and min_degree > 0:
        rules.append({"selector": f"node[deg < {int(min_degree)}]", "style": {"display": "none"}})
    return rules


def label_px() -> float:
    """The smallest label drawn on screen (CSS px): the theme's ``label_px``."""
    return float(SIZES["label_px"])


def label_detail_rules() -> list[dict[str, Any]]:
    """The label of a node the zoom handler marked too small to read is not drawn. The rule
    goes before the hub, tag and selection rules, which draw their labels whatever the zoom
    (and after it the faded and dimmed rules, which hide every label they cover). The text
    is made transparent rather than removed, so a node's box does not change with the zoom.
    """
    return [{"selector": f"node.{SMALL_LABEL_CLASS}", "style": {"text-opacity": 0}}]


def hub_rules(hubs: list[str], scale: float = 1.0,
              large: bool = True) -> list[dict[str, Any]]:
    """Hubs: ring, halo and a bold label always drawn. On cases the server lays out with
    room for labels (``large`` False) the label keeps its size (``fs``: the five top hubs'
    labels are made 13 px at the fitted zoom) and ring and halo stay within that room."""
    if not hubs:
        return []
    selector = ", ".join(f"node[id = {quote(h)}]" for h in hubs)
    size: dict[str, Any] = {"font-size": round(13 * scale)} if large else {}
    ring = (round(4 * scale), round(7 * scale)) if large else (SIZES["hub_border"],
                                                               SIZES["hub_halo"])
    return [{"selector": selector, "style": {
        "label": "data(label)",
        "border-width": ring[0],
        "border-color": HUB_RING,
        "underlay-color": HUB_HALO,
        "underlay-padding": ring[1],
        "underlay-opacity": 0.45,
        "underlay-shape": "ellipse",
        **size,
        "font-weight": "bold",
        "min-zoomed-font-size": 4,
        "text-opacity": 1,  # even when the zoom handler finds it small (always drawn)
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": round(2 * scale) if large else SIZES["label_outline"],
        "text-background-shape": "roundrectangle",
        "text-outline-width": 0,
        "z-index": 10,
    }}]


def state_rules(scale: float = 1.0, font: float | None = None) -> list[dict[str, Any]]:
    """Selection and focus (classes set by the client-side selection callback); ``font``:
    the selected entity's label size (model px), 13 x ``scale`` if not given."""
    return [
        {"selector": "node:selected", "style": {
            "label": "data(label)", "border-width": round(5 * scale), "border-color": SELECTED,
            "overlay-opacity": 0,
            "font-size": round(13 * scale if font is None else font), "font-weight": "bold",
            "min-zoomed-font-size": 0, "text-opacity": 1, "z-index": 20}},
        {"selector": "edge:selected", "style": {
            "line-color": SELECTED, "target-arrow-color": SELECTED, "opacity": 1,
            "overlay-opacity": 0}},
        {"selector": ".faded", "style": {"opacity": 0.12, "text-opacity": 0,
                                         "underlay-opacity": 0}},
        {"selector": "edge.faded", "style": {"opacity": 0.04}},
        {"selector": "edge.focus", "style": {"opacity": 0.9, "line-color": "#64748b"}},
        {"selector": "node.focus", "style": {"label": "data(label)"}},
    ] + overlay_rules(scale)


# Overlay classes (see components/ids.py, OVERLAYS): laid on by analysis panels in the
# browser; the later rules win where two apply. The three named ones are those that
# assets/casegraph.js treats apart (components/jscontract.py hands it all of them).
OVERLAY_HIDE, OVERLAY_DIM, OVERLAY_FOCUS = "ov-hide", "ov-dim", "ov-focus"
OVERLAY_CLASSES = (OVERLAY_HIDE, OVERLAY_DIM, "ov-path", "ov-removed", "ov-cut", "ov-target",
                   "ov-new", "ov-flag", OVERLAY_FOCUS)
MARKS = theme.marks()
PATH_COLOUR = MARKS["path"]["colour"]
TARGET_COLOUR = MARKS["target"]["colour"]
NEW_COLOUR = MARKS["new"]["colour"]


def overlay_rules(scale: float = 1.0) -> list[dict[str, Any]]:
    """Looks of the overlay classes: hidden, dimmed, on a path, removed, cut point, ..."""
    return [
        {"selector": ".ov-hide", "style": {"display": "none"}},
        {"selector": ".ov-dim", "style": {"opacity": 0.12, "text-opacity": 0}},
        {"selector": "edge.ov-dim", "style": {"opacity": 0.05}},
        {"selector": "node.ov-focus", "style": {"label": "data(label)"}},
        {"selector": "node.ov-path", "style": {
            "border-width": round(5 * scale), "border-color": PATH_COLOUR, "opacity": 1,
            "label": "data(label)", "text-opacity": 1, "z-index": 30}},
        {"selector": "edge.ov-path", "style": {
            "line-color": PATH_COLOUR, "target-arrow-color": PATH_COLOUR, "opacity": 1,
            "width": round(4 * scale), "z-index": 30}},
        {"selector": "node.ov-cut", "style": {
            "border-width": round(4 * scale), "border-style": "double",
            "border-color": MARKS["cut"]["colour"], "label": "data(label)"}},
        {"selector": "node.ov-target", "style": {
            "border-width": round(6 * scale), "border-color": TARGET_COLOUR,
            "label": "data(label)", "z-index": 25}},
        {"selector": "node.ov-removed", "style": {
            "opacity": 0.35, "border-width": round(3 * scale), "border-style": "dashed",
            "border-color": MARKS["removed"]["colour"], "background-blacken": 0.5}},
        {"selector": "edge.ov-removed", "style": {"opacity": 0.08, "line-style": "dashed"}},
        {"selector": "node.ov-new", "style": {
            "border-width": round(5 * scale), "border-color": NEW_COLOUR,
            "label": "data(label)", "z-index": 25}},
        {"selector": "edge.ov-new", "style": {"line-color": NEW_COLOUR, "opacity": 1}},
        {"selector": "node.ov-flag", "style": {
            "border-width": round(4 * scale), "border-color": MARKS["flag"]["colour"],
            "label": "data(label)"}},
    ]


def overview_rules(colour_by: str, fit_zoom: float = 1.0) -> list[dict[str, Any]]:
    """Looks of a cluster overview (``casegraph.elements.overview_elements``): bubbles sized
    by membership, a pie of entity types when colouring by type, summed links."""
    # 11 px on screen at the zoom the overview opens with (elements.overview_zoom)
    font = math.ceil(min(4000, max(12, 11 / max(fit_zoom, 0.003))))
    node: dict[str, Any] = {
        "width": "data(px)", "height": "data(px)", "shape": "ellipse",
        "label": "data(label)", "font-size": font, "font-weight": "bold",
        "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 2,
        "text-outline-width": max(2, round(font / 6)), "text-outline-color": "#ffffff",
        "border-width": max(1, round(font / 10)), "border-color": "#ffffff",
        "background-opacity": 0.9,
    }
    rules: list[dict[str, Any]] = [
        {"selector": "node.cg-cluster", "style": node},
        # labelled bubbles and their labels are drawn above the dots and unlabelled bubbles
        {"selector": f"node.cg-cluster[n >= {LABELLED_BUBBLE}]", "style": {"z-index": 1}},
        # small clusters: a dot, no label (their names come on zooming in or opening them)
        {"selector": f"node.cg-cluster[n < {LABELLED_BUBBLE}]", "style": {"label": ""}},
        # no room for its label at the zoom the overview opens with (elements.quiet_bubbles)
        {"selector": "node.cg-cluster[q > 0]", "style": {"label": "", "z-index": 0}},
        {"selector": "edge.cg-cluster-link", "style": {
            "width": f"mapData(w, 0, 1, {round(1 / max(fit_zoom, 0.05))}, "
                     f"{round(14 / max(fit_zoom, 0.05))})",
            "line-color": "#94a3b8", "opacity": 0.45, "curve-style": "haystack",
            "haystack-radius": 0}},
    ]
    if colour_by == "type":
        pie: dict[str, Any] = {"pie-size": "100%", "background-color": "#cbd5e1"}
        for i, spec in enumerate(list(entity_types().values())[:16]):
            pie[f"pie-{i + 1}-background-color"] = spec.get("colour", OTHER_CLUSTER)
            pie[f"pie-{i + 1}-background-size"] = f"mapData(t{i}, 0, 100, 0, 100)"
        rules.insert(1, {"selector": "node.cg-cluster", "style": pie})
    return rules


def stylesheet(icon_url: Callable[[str], str], *, measure: str = "degree",
               colour_by: str = "type", communities: int = 0, hubs: list[str] | None = None,
               hidden_types: Iterable[str] = (), min_degree: int = 0, directed: bool = True,
               nodes: int = 0, fit_zoom: float = 1.0,
               bubbles_zoom: float | None = None) -> list[dict[str, Any]]:
    """The whole stylesheet for one view of a case.

    ``fit_zoom`` is the zoom at which the whole case fits the panel (see
    ``casegraph.elements.fitted_zoom``); ``bubbles_zoom`` the one at which its cluster
    overview fits (``casegraph.elements.overview_zoom``; ``fit_zoom`` when not given).
    ``icon_url`` turns an asset path (``icons/person.svg``) into the URL the app serves it
    at (``app.get_asset_url``), so icons work under any URL prefix and without internet.
    """
    large = nodes > LARGE_CASE
    # cases laid out with room for their labels draw at the sizes the layout made room for;
    # large ones grow nodes and hub labels as the fitted zoom falls
    scale, label_scale = view_scales(fit_zoom) if large else (1.0, 1.0)
    return (base_rules(icon_url, directed=directed, large=large, measure=measure, scale=scale)
            + colour_rules(colour_by, communities)
            + (overview_rules(colour_by, bubbles_zoom or fit_zoom) if large else [])
            + label_detail_rules()
            + hub_rules(hubs or [], label_scale, large)
            + tag_rules(label_scale)
            # the selected entity's label is readable at the fitted zoom whatever its size:
            # hub-sized on screen (where the layout sized labels) or grown like the hubs'
            + state_rules(view_scales(fit_zoom)[1], None if large else round(
                max(13.0, float(SIZES["hub_label_px"]) / max(fit_zoom, 0.01))))
            + filter_rules(hidden_types, min_degree))


# -- tags (components/tags.py sets them; their look is the theme's) --------------------------
def tag_rules(scale: float = 1.0) -> list[dict[str, Any]]:
    """Cytoscape rules for tagged nodes: a coloured outline and the label on a coloured
    tab; cleared people are faded. Classes are laid by the tags overlay."""
    rules = []
    for tag, look in theme.tags().items():
        colour, cls = look["colour"], look["class"]
        style: dict[str, Any] = {
            # within the 3 px the server layout keeps free round every box
            "outline-width": 2, "outline-color": colour, "outline-offset": 1,
            "outline-opacity": 1, "label": "data(label)", "color": "#ffffff",
            "text-background-color": colour, "text-background-opacity": 0.92,
            "text-background-padding": round(2 * scale), "text-background-shape":
                "roundrectangle", "text-outline-width": 0, "min-zoomed-font-size": 4,
            "text-opacity": 1}
        if tag == "cleared":
            style.update({"opacity": 0.55, "outline-style": "dashed"})
        rules.append({"selector": f"node.{cls}", "style": style})
    return rules
