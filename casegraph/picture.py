"""Pictures of a case for the case file: one view drawn as SVG (and PNG) on the server.

The picture is drawn from the positions stored with the case, in the same coordinate space
as the dashboard's diagram (``casegraph.elements.display_positions``), so a saved viewport
gives the same part of the network with no browser involved. The SVG is written here by
hand (lines, circles, rounded rectangles, text) so it opens in any viewer and converts
without surprises; PNG is that SVG rasterised by CairoSVG.

Every picture carries a banner (case number, classification marking, analyst, date/time in
UTC, data sources) at the top and the marking again at the bottom, and a legend.

>>> from casegraph.model import Case
>>> case = Case(name="Demo")
>>> _ = case.add_entity("a", "person", "Ash"); _ = case.add_entity("b", "person", "Bay")
>>> _ = case.add_link("a", "b", "call")
>>> case.positions = {"a": (0.0, 0.0), "b": (100.0, 0.0)}
>>> banner = Banner(case_number="CG-1", analyst="A. Analyst", at="2026-01-01T00:00:00Z")
>>> svg = render_view(case, View(size_by=None), banner=banner).decode()
>>> svg.count('class="node"'), "CG-1" in svg
(2, True)
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from casegraph import emoji, theme
from casegraph.elements import display_positions, label_sizes, short_label, unit_sizes
from casegraph.layout import is_pixel_layout
from casegraph.model import Case, entity_types, now_iso

__all__ = [
    "COMMUNITY_PALETTE", "OTHER_COMMUNITY", "Banner", "View", "Viewport", "community_colour",
    "default_classification", "render_view", "svg_to_png", "visible_nodes",
]

# Colours come from the theme file the dashboard reads too (casegraph/theme.yaml), so
# screen and paper agree.
COMMUNITY_PALETTE: tuple[str, ...] = tuple(theme.cluster_palette())
OTHER_COMMUNITY = theme.theme()["other_cluster"]
HUB_RING = theme.theme()["hub"]["ring"]
HUB_HALO = theme.theme()["hub"]["halo"]
EDGE_COLOUR = theme.theme()["edge"]
BANNER_BG = "#1f2937"
FONT = theme.theme()["fonts"]["family"]

ICON_DIR = Path(__file__).resolve().parents[1] / "assets" / "icons"
ICON_MAX_BYTES = 8_000  # bigger icon files are not embedded (a picture must stay light)
ICON_MIN_DIAMETER = 16.0  # px on the picture: below this an icon is an unreadable smudge

BANNER_H = 62.0
FOOTER_H = 46.0
LEGEND_W = 260.0
PAD = 28.0


def default_classification() -> str:
    """The classification marking used when a banner names none (``CASEGRAPH_CLASSIFICATION``)."""
    return os.environ.get("CASEGRAPH_CLASSIFICATION", "OFFICIAL-SENSITIVE")


def community_colour(community: int) -> str:
    """Colour of cluster ``community`` (0 = largest); clusters past the palette are grey."""
    return theme.cluster_colour(community)


@dataclass(frozen=True)
class Banner:
    """What the banner of a picture says. ``at`` is ISO-8601 UTC; empty means "now"."""

    case_number: str = ""
    classification: str = field(default_factory=default_classification)
    analyst: str = ""
    at: str = ""
    sources: tuple[str, ...] = ()
    title: str = ""

    @classmethod
    def for_case(cls, case: Case, *, analyst: str = "", classification: str | None = None,
                 at: str | None = None) -> Banner:
        """A banner filled from the case: its number, name and data sources."""
        return cls(case_number=str(case.meta.get("case_number") or ""),
                   classification=classification or default_classification(),
                   analyst=analyst, at=at or "", sources=tuple(case_sources(case)),
                   title=case.name)

    def stamped(self) -> Banner:
        return self if self.at else replace(self, at=now_iso())


@dataclass(frozen=True)
class Viewport:
    """A cytoscape viewport: rendered = model * zoom + pan, in a ``width`` x ``height`` box."""

    pan_x: float = 0.0
    pan_y: float = 0.0
    zoom: float = 1.0
    width: float = 1200.0
    height: float = 800.0

    def model_box(self) -> tuple[float, float, float, float]:
        z = self.zoom if self.zoom > 0 else 1.0
        return (-self.pan_x / z, -self.pan_y / z,
                (self.width - self.pan_x) / z, (self.height - self.pan_y) / z)


@dataclass(frozen=True)
class View:
    """Which nodes a picture shows and how.

    Attributes
    ----------
    colour_by : {"type", "community"}
    size_by : str or None
        A centrality measure (``casegraph.analysis.MEASURES``) or None for one size.
    hubs : tuple of node ids
        Highlighted nodes (ring + halo + bold label); ``top_hubs`` adds the top k by ``size_by``.
    hidden_types, min_degree, only : filters
        Entity types not shown, fewest distinct contacts shown, and an explicit node subset.
    labels : {"auto", "all", "hubs", "none"}
        "auto" labels as many nodes as fit without overlap, hubs and big nodes first.
    viewport : Viewport or None
        The part of the diagram to draw; None fits all visible nodes.
    width, height : output size in CSS pixels (PNG multiplies by ``scale``).
    marks : mapping
        The marks on screen, as the overlay stores hold them: a mark name (``path``,
        ``target``, ``removed``, ``cut``, ``new``, ``flag``, ``dim``, ``hide``; the overlay
        class ``ov-path`` etc. is accepted too) -> node ids and ``[source, target]`` pairs.
        Each mark drawn is explained in the legend (its look and words: the theme's marks).
    showing : sequence
        The overlays active on screen, as a caption under the banner: each a string or a
        mapping with ``label`` (``{"kind": "path", "label": "Shortest path: A to B"}``).
    notes : bool
        List the analyst's notes on the entities shown in the legend.
    """

    colour_by: str = "type"
    size_by: str | None = "degree"
    hubs: tuple[str, ...] = ()
    top_hubs: int = 0
    hidden_types: tuple[str, ...] = ()
    min_degree: int = 0
    only: tuple[str, ...] | None = None
    labels: str = "auto"
    viewport: Viewport | None = None
    width: int = 1600
    height: int = 1000
    arrows: bool | None = None
    title: str = ""
    legend: bool = True
    marks: Mapping[str, Any] = field(default_factory=dict)
    showing: tuple[Any, ...] = ()
    notes: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> View:
        """A view from plain data (a saved view); unknown keys are ignored.

        Accepts the dashboard's control names too: ``measure`` (size_by), ``topk``
        (top_hubs), ``pan`` ({x, y}) + ``zoom`` + ``width``/``height`` of the diagram box.
        """
        known = {f.name for f in fields(cls)}
        args: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        if "measure" in data and "size_by" not in data:
            args["size_by"] = data["measure"]
        if "topk" in data and "top_hubs" not in data:
            args["top_hubs"] = int(data["topk"] or 0)
        for name in ("hubs", "hidden_types"):
            if name in args:
                args[name] = tuple(str(x) for x in args[name] or ())
        if args.get("only") is not None:
            args["only"] = tuple(str(x) for x in args["only"])
        if "showing" in args:
            args["showing"] = tuple(args["showing"] or ())
        if "marks" in args:
            args["marks"] = dict(args["marks"] or {})
        port = data.get("viewport")
        if isinstance(port, Mapping):
            args["viewport"] = Viewport(**{k: float(v) for k, v in port.items()
                                           if k in {f.name for f in fields(Viewport)}})
        elif "pan" in data and "zoom" in data:
            pan = data["pan"] or {}
            args["viewport"] = Viewport(float(pan.get("x", 0)), float(pan.get("y", 0)),
                                        float(data["zoom"]),
                                        float(data.get("viewport_width", 1200)),
                                        float(data.get("viewport_height", 800)))
        return cls(**args)


# -- what is drawn ---------------------------------------------------------------------------
def case_sources(case: Case) -> list[str]:
    """Names of the data sources of a case: files and lookups, in first-seen order."""
    seen: dict[str, None] = {}
    meta_source = case.meta.get("source")
    for item in (meta_source if isinstance(meta_source, list) else [meta_source]):
        if item:
            seen.setdefault(str(item), None)
    for _, data in case.graph.nodes(data=True):
        for stamp in data.get("provenance") or ():
            seen.setdefault(source_name(stamp), None)
    for _, _, data in case.graph.edges(data=True):
        for stamp in data.get("provenance") or ():
            seen.setdefault(source_name(stamp), None)
    return [s for s in seen if s]


def source_name(stamp: Mapping[str, Any]) -> str:
    """How a provenance stamp names its source: a file name, or provider + query."""
    if stamp.get("provider"):
        query = stamp.get("query")
        return f"{stamp['provider']} lookup" + (f" ({query})" if query else "")
    return str(stamp.get("source") or stamp.get("kind") or "")


def _degrees(case: Case) -> dict[str, int]:
    out: dict[str, set] = {n: set() for n in case.graph}
    for u, v in case.graph.edges():
        if u != v:
            out[u].add(v)
            out[v].add(u)
    return {n: len(s) for n, s in out.items()}


def visible_nodes(case: Case, view: View) -> list[str]:
    """Nodes the view shows (filters only, before the viewport), in graph order."""
    hidden = set(view.hidden_types)
    only = set(view.only) if view.only is not None else None
    degree = _degrees(case) if view.min_degree > 0 else {}
    out = []
    for node, data in case.graph.nodes(data=True):
        if data.get("type", "other") in hidden:
            continue
        if only is not None and node not in only:
            continue
        if view.min_degree > 0 and degree.get(node, 0) < view.min_degree:
            continue
        out.append(node)
    return out




@lru_cache(maxsize=64)
def _icon(name: str) -> tuple[dict[str, str], tuple[Element, ...], float] | None:
    """A sanitised icon: root presentation attributes, drawing elements, viewBox size."""
    path = ICON_DIR / name
    try:
        if not path.is_file() or path.stat().st_size > ICON_MAX_BYTES:
            return None
        from defusedxml.ElementTree import fromstring

        root = fromstring(path.read_bytes())
    except Exception:  # a broken icon costs the picture its icon, not the picture
        return None
    box = (root.get("viewBox") or "0 0 64 64").replace(",", " ").split()
    try:
        size = float(box[2]) if len(box) == 4 else 64.0
    except ValueError:
        size = 64.0
    attrs = {k: v for k, v in root.attrib.items() if k in _PAINT_ATTRS}
    children = tuple(_clean(el) for el in root if _local(el.tag) in _SHAPES)
    return attrs, tuple(c for c in children if c is not None), size


_SHAPES = {"path", "circle", "rect", "ellipse", "line", "polyline", "polygon", "g"}
_PAINT_ATTRS = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
                "opacity", "fill-opacity", "stroke-opacity", "fill-rule"}
_GEOMETRY = {"d", "cx", "cy", "r", "rx", "ry", "x", "y", "width", "height", "x1", "y1", "x2",
             "y2", "points", "transform"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(el: Element) -> Element | None:
    # only plain shapes and paint: no scripts, links, styles or external references
    tag = _local(el.tag)
    if tag not in _SHAPES:
        return None
    out = Element(tag, {k: v for k, v in el.attrib.items()
                        if k in _PAINT_ATTRS or k in _GEOMETRY})
    for child in el:
        clean = _clean(child)
        if clean is not None:
            out.append(clean)
    return out


def _element_svg(el: Element) -> str:
    attrs = "".join(f" {k}={_q(v)}" for k, v in el.attrib.items())
    inner = "".join(_element_svg(c) for c in el)
    return f"<{el.tag}{attrs}>{inner}</{el.tag}>" if inner else f"<{el.tag}{attrs}/>"


# -- text -------------------------------------------------------------------------------------
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in px, with Helvetica metrics (Liberation Sans and Arial match);
    an emoji is drawn 1.25 em wide."""
    return theme.label_width(text, size, bold)


def _fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` px."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


def plain_text(text: Any) -> str:
    """``text`` with emoji and pictographs spelled out (``[snowflake]``).

    The fonts a court-file picture or PDF can rely on have no emoji; a missing glyph prints as
    an empty box, which hides what the post said. Spelling it out keeps the meaning.

    >>> plain_text("fresh \u2744\ufe0f snow")
    'fresh [snowflake] snow'
    """
    import unicodedata

    out = []
    for ch in str(text):
        code = ord(ch)
        if code in _INVISIBLE or 0x1F3FB <= code <= 0x1F3FF:
            continue
        if code >= 0x1F000 or 0x2300 <= code <= 0x2BFF:
            out.append("[" + unicodedata.name(ch, "symbol").lower() + "]")
        else:
            out.append(ch)
    return "".join(out)


def _esc(text: Any) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _q(text: Any) -> str:
    return '"' + _esc(text).replace('"', "&quot;") + '"'


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _t(x: float, y: float, text: str, size: float, *, anchor: str = "start",
       bold: bool = False, fill: str = "#111827", halo: bool = False, cls: str = "") -> str:
    text = _XML_BAD.sub("", str(text))
    if emoji.has_emoji(text) and emoji.font_file() is not None:
        return _t_with_emoji(x, y, text, size, anchor=anchor, bold=bold, fill=fill, halo=halo,
                             cls=cls)
    text = plain_text(text)
    attrs = (f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"'
             + (' font-weight="bold"' if bold else ""))
    out = ""
    if halo:  # a white outline drawn under the text; portable, unlike paint-order
        out += (f'<text {attrs} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
                f'stroke-linejoin="round">{_esc(text)}</text>')
    klass = f' class="{cls}"' if cls else ""
    return out + f'<text{klass} {attrs} fill="{fill}">{_esc(text)}</text>'


def _t_with_emoji(x: float, y: float, text: str, size: float, *, anchor: str, bold: bool,
                  fill: str, halo: bool, cls: str) -> str:
    """Text with emoji: the plain runs as text, each emoji as a small image (see
    :mod:`casegraph.emoji`), laid out left to right from where ``anchor`` puts the start."""
    runs = emoji.split_emoji(text)
    width = text_width(text, size, bold)
    left = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
    parts, texts = [], []
    for run, is_emoji in runs:
        if is_emoji:
            uri = emoji.data_uri(run)
            side = 1.15 * size
            if uri is not None:
                parts.append(f'<image x="{_n(left + 0.05 * size)}" y="{_n(y - 0.92 * size)}" '
                             f'width="{_n(side)}" height="{_n(side)}" href="{uri}"/>')
                texts.append(run)
                left += 1.25 * size
                continue
            run = emoji.spelled(run)
        parts.append(_t(left, y, run, size, bold=bold, fill=fill, halo=halo))
        texts.append(run)
        left += text_width(run, size, bold)
    klass = f' class="{cls}"' if cls else ""
    # one element carries the whole text (for search and tests), drawn by its parts
    return (f'<g{klass} data-text={_q("".join(texts))}>' + "".join(parts) + "</g>")


# -- geometry ---------------------------------------------------------------------------------
def _clip(x1: float, y1: float, x2: float, y2: float,
          box: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
    """Liang-Barsky: the part of a segment inside ``box`` (left, top, right, bottom)."""
    left, top, right, bottom = box
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return x1 + t0 * dx, y1 + t0 * dy, x1 + t1 * dx, y1 + t1 * dy


class _Occupancy:
    """Rectangles already taken on the picture, in a coarse grid for quick overlap tests."""

    def __init__(self, cell: float = 40.0):
        self.cell = cell
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _cells(self, r: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        c = self.cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                yield i, j

    def free(self, r: tuple[float, float, float, float]) -> bool:
        for cell in self._cells(r):
            for o in self.grid.get(cell, ()):
                if r[0] < o[2] and o[0] < r[2] and r[1] < o[3] and o[1] < r[3]:
                    return False
        return True

    def add(self, r: tuple[float, float, float, float]) -> None:
        for cell in self._cells(r):
            self.grid.setdefault(cell, []).append(r)


# -- the picture ------------------------------------------------------------------------------
def render_view(case: Case, view: View | None = None, *, fmt: str = "svg", scale: float = 3,
                banner: Banner | None = None, analysis: Any = None) -> bytes:
    """Draw one view of a case as SVG or PNG bytes.

    Parameters
    ----------
    case : Case
        Drawn at its stored positions (computed here, deterministically, when missing).
    view : View, optional
        Filters, colours, sizes, hubs, labels, viewport and output size; default: all nodes.
    fmt : {"svg", "png"}
    scale : float
        PNG pixels per CSS pixel (at least 3 for the case file).
    banner : Banner, optional
        Defaults to ``Banner.for_case(case)`` stamped with the current time.
    analysis : CaseAnalysis, optional
        Needed for measures and clusters; computed with ``casegraph.analysis.analyse`` when
        the view needs it and none is given.

    Returns
    -------
    bytes
        The same case, view and banner always give the same bytes.

    Examples
    --------
    >>> png = render_view(Case(), View(width=400, height=300), fmt="png",
    ...                   banner=Banner(at="2026-01-01T00:00:00Z"))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    view = view or View()
    banner = (banner or Banner.for_case(case)).stamped()
    svg = picture_svg(case, view, banner=banner, analysis=analysis)
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return svg_to_png(svg, scale=scale)
    raise ValueError(f"unknown picture format {fmt!r}: use 'svg' or 'png'")


def svg_to_png(svg: str | bytes, scale: float = 3) -> bytes:
    """Rasterise an SVG with CairoSVG (needs the system's libcairo2); ``scale`` x its size."""
    import cairosvg

    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return cairosvg.svg2png(bytestring=data, scale=scale, unsafe=False)


def _needs_analysis(view: View) -> bool:
    return (view.colour_by == "community" or (view.size_by not in (None, "degree"))
            or (view.top_hubs > 0 and view.size_by not in (None, "degree")))


MARK_ORDER = ("path", "target", "removed", "cut", "new", "flag")


def view_marks(view: View) -> tuple[dict[str, set], dict[str, set]]:
    """``(nodes, pairs)`` by mark name from ``view.marks`` (``ov-`` prefixes dropped; a
    pair is kept in both directions)."""
    nodes: dict[str, set] = {}
    pairs: dict[str, set] = {}
    for key, items in (view.marks or {}).items():
        name = str(key)[3:] if str(key).startswith("ov-") else str(key)
        for item in items or ():
            if isinstance(item, (list, tuple)) and len(item) == 2:
                a, b = str(item[0]), str(item[1])
                pairs.setdefault(name, set()).update({(a, b), (b, a)})
            else:
                nodes.setdefault(name, set()).add(str(item))
    return nodes, pairs


def _tags_shown(case: Case, nodes: Iterable[str]) -> dict[str, str]:
    """node -> tag, for the shown nodes the analyst tagged."""
    looks = theme.tags()
    graph = case.graph
    return {n: graph.nodes[n].get("tag") for n in nodes if graph.nodes[n].get("tag") in looks}


def picture_svg(case: Case, view: View, *, banner: Banner, analysis: Any = None) -> str:
    """The SVG text of :func:`render_view` (banner used as given)."""
    if analysis is None and _needs_analysis(view):
        from casegraph.analysis import analyse

        analysis = analyse(case)
    W, H = float(view.width), float(view.height)
    legend_w = LEGEND_W if view.legend else 0.0
    captions = _caption_lines(view, W)
    caption_h = 18.0 * len(captions) + (10.0 if captions else 0.0)
    top = BANNER_H + caption_h
    area = (PAD, top + PAD, W - legend_w - PAD, H - FOOTER_H - PAD)

    graph = case.graph
    marked, marked_pairs = view_marks(view)
    hidden_marks = marked.get("hide", set())
    shown = [n for n in visible_nodes(case, view) if n not in hidden_marks]
    shown_lookup = set(shown)
    computed = any(n not in case.positions for n in shown)
    drawn_case = case
    if computed:  # positions are made for the picture and not kept
        from casegraph.layout import layout_case

        drawn_case = Case(graph=graph, meta={}, directed=case.directed)
        layout_case(drawn_case)
    model = display_positions(drawn_case)
    pixel = is_pixel_layout(drawn_case)
    fonts = label_sizes(drawn_case) if pixel else {}

    # sizes (model px, as on screen) and hubs
    degree = _degrees(case)
    if view.size_by is None:
        unit = {n: 0.28 for n in shown}
    elif view.size_by == "degree" and analysis is None:
        unit = unit_sizes({n: float(degree[n]) for n in graph})
    else:
        column = analysis.centrality[view.size_by]
        unit = unit_sizes({n: float(column.get(n, float("nan"))) for n in graph})
    hubs = [h for h in view.hubs if h in graph]
    if view.top_hubs > 0:
        ranked = sorted(graph, key=lambda n: (-unit.get(n, 0.0) if view.size_by else
                                              -degree.get(n, 0), str(n)))
        hubs += [n for n in ranked[: view.top_hubs] if n not in hubs]
    hub_set = set(hubs)
    sizes = theme.sizes()

    def diameter(n: str) -> float:
        return theme.node_diameter(unit.get(n, 0.0))

    # model -> canvas: the viewport, or everything shown (labels included) fitted
    if view.viewport is not None:
        box = view.viewport.model_box()
    elif shown:
        lo_x = min(model[n][0] - diameter(n) / 2 for n in shown)
        hi_x = max(model[n][0] + diameter(n) / 2 for n in shown)
        lo_y = min(model[n][1] - diameter(n) / 2 for n in shown)
        hi_y = max(model[n][1] + diameter(n) / 2 + 1.4 * fonts.get(n, 10.0) + 6 for n in shown)
        for n in shown:  # wide labels reach past their node
            half = text_width(short_label(graph.nodes[n].get("label", n)),
                              fonts.get(n, 10.0), True) / 2
            lo_x, hi_x = min(lo_x, model[n][0] - half), max(hi_x, model[n][0] + half)
        margin = 12.0
        box = (lo_x - margin, lo_y - margin, hi_x + margin, hi_y + margin)
    else:
        box = (0.0, 0.0, 1.0, 1.0)
    bw, bh = max(box[2] - box[0], 1e-6), max(box[3] - box[1], 1e-6)
    aw, ah = area[2] - area[0], area[3] - area[1]
    s = min(aw / bw, ah / bh)
    if view.viewport is None:
        s = min(s, 2.0)  # a handful of nodes should not be blown up to poster size
    ox = area[0] + (aw - bw * s) / 2 - box[0] * s
    oy = area[1] + (ah - bh * s) / 2 - box[1] * s
    # the server layout left room for nodes and labels at their model sizes: draw them at
    # exactly that scale; positions from elsewhere keep nodes visible on any scale
    node_scale = s if pixel else max(0.45, min(s, 1.6))

    def at(node: str) -> tuple[float, float]:
        x, y = model[node]
        return ox + x * s, oy + y * s

    inside = (area[0] - PAD / 2, area[1] - PAD / 2, area[2] + PAD / 2, area[3] + PAD / 2)
    placed = {}
    for n in shown:
        x, y = at(n)
        if inside[0] <= x <= inside[2] and inside[1] <= y <= inside[3]:
            placed[n] = (x, y, diameter(n) / 2 * node_scale)

    types = entity_types()
    communities = analysis.communities if analysis is not None else {}
    tags = _tags_shown(case, placed)
    tag_looks = theme.tags()
    mark_looks = theme.marks()
    dimmed = marked.get("dim", set())

    def colour(node: str) -> str:
        if view.colour_by == "community":
            return community_colour(int(communities.get(node, -1)))
        return types.get(graph.nodes[node].get("type", "other"), {}).get("colour", "#95a5a6")

    out: list[str] = []
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(W)}" height="{_n(H)}" '
               f'viewBox="0 0 {_n(W)} {_n(H)}" font-family="{FONT}">')
    title = " — ".join(x for x in (banner.case_number, banner.title or case.name, view.title)
                       if x)
    out.append(f"<title>{_esc(title)}</title>")
    out.append(f"<desc>{_esc(banner.classification)}; analyst {_esc(banner.analyst or '-')}; "
               f"{_esc(banner.at)}; sources: {_esc(', '.join(banner.sources) or '-')}</desc>")
    out.append(f'<rect x="0" y="0" width="{_n(W)}" height="{_n(H)}" fill="#ffffff"/>')

    # links: one line per linked pair, arrowheads for the directions present
    directed = case.directed if view.arrows is None else view.arrows
    pairs: dict[tuple[str, str], list[float]] = {}
    for u, v, w in graph.edges(data="weight", default=1.0):
        if u == v or u not in placed and v not in placed:
            continue
        if u not in shown_lookup or v not in shown_lookup:
            continue
        a, b = (u, v) if str(u) <= str(v) else (v, u)
        entry = pairs.setdefault((a, b), [0.0, 0.0, 0.0])
        entry[0] += abs(float(w)) if w == w else 1.0
        entry[1 if (u, v) == (a, b) else 2] = 1.0
    heaviest = max((p[0] for p in pairs.values()), default=1.0)
    arrows = directed and len(pairs) <= 3000
    on_path = marked_pairs.get("path", set())
    removed = marked.get("removed", set())
    out.append(f'<g class="links" stroke="{EDGE_COLOUR}" stroke-opacity="0.6" fill="none">')
    heads: list[str] = []
    highlighted: list[str] = []
    clip_box = (area[0] - PAD, area[1] - PAD, area[2] + PAD, area[3] + PAD)
    for (a, b), (total, fwd, back) in sorted(pairs.items(), key=lambda kv: (str(kv[0][0]),
                                                                             str(kv[0][1]))):
        (x1, y1), (x2, y2) = at(a), at(b)
        seg = _clip(x1, y1, x2, y2, clip_box)
        if seg is None:
            continue
        width = 0.8 + 3.2 * math.log1p(total) / math.log1p(max(heaviest, 1e-9))
        line = (f'<line x1="{_n(seg[0])}" y1="{_n(seg[1])}" x2="{_n(seg[2])}" '
                f'y2="{_n(seg[3])}" stroke-width="{_n(width)}"')
        if (a, b) in on_path:
            highlighted.append(line.replace(f'stroke-width="{_n(width)}"',
                                            f'stroke-width="{_n(max(width, 4.0))}"')
                               + f' stroke="{mark_looks["path"]["colour"]}"/>')
            continue
        faded = a in removed or b in removed or a in dimmed or b in dimmed \
            or (a, b) in marked_pairs.get("dim", set())
        out.append(line + (' stroke-opacity="0.1" stroke-dasharray="4 3"/>' if faded else "/>"))
        if arrows and not faded:
            if fwd and b in placed:
                heads.append(_arrowhead(x1, y1, x2, y2, placed[b][2], width))
            if back and a in placed:
                heads.append(_arrowhead(x2, y2, x1, y1, placed[a][2], width))
    out.append("</g>")
    if highlighted:
        out.append('<g class="marked-links" stroke-opacity="1">' + "".join(highlighted)
                   + "</g>")
    if heads:
        out.append(f'<g class="arrows" fill="{EDGE_COLOUR}">' + "".join(heads) + "</g>")

    # nodes: hubs, tagged and marked nodes last so they sit on top
    def on_top(n: str) -> int:
        return 2 if n in hub_set else (1 if n in tags or any(n in marked.get(m, ())
                                                              for m in MARK_ORDER) else 0)

    order = sorted(placed, key=on_top)
    occupied = _Occupancy()
    out.append('<g class="nodes">')
    for n in order:
        x, y, r = placed[n]
        data = graph.nodes[n]
        etype = data.get("type", "other")
        spec = types.get(etype, types.get("other", {}))
        is_hub = n in hub_set
        ring = sizes["hub_border"] * max(node_scale, 0.6) if is_hub else sizes["border"]
        faded = n in removed or n in dimmed
        group = ' opacity="0.35"' if n in removed else (' opacity="0.15"' if n in dimmed
                                                         else "")
        if group:
            out.append(f"<g{group}>")
        if is_hub:
            halo = r + sizes["hub_halo"] * max(node_scale, 0.6) + ring
            out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(halo)}" fill="{HUB_HALO}" '
                       f'fill-opacity="0.45"/>')
        stroke = (f'stroke="{HUB_RING}" stroke-width="{_n(ring)}"' if is_hub
                  else f'stroke="#ffffff" stroke-width="{_n(ring)}"')
        ident = f'data-id={_q(n)} data-type={_q(etype)}'
        out.append(_shape(spec, x, y, r, f'class="node" {ident} fill="{colour(n)}" {stroke}'))
        icon = _icon(spec.get("icon", "")) if 2 * r >= ICON_MIN_DIAMETER else None
        if icon is not None:
            attrs, children, size = icon
            k = (2 * r * 0.58) / size
            paint = "".join(f" {a}={_q(v)}" for a, v in sorted(attrs.items()))
            body = "".join(_element_svg(c) for c in children)
            out.append(f'<g transform="translate({_n(x - r * 0.58)} {_n(y - r * 0.58)}) '
                       f'scale({k:.4f})"{paint}>{body}</g>')
        # marks and tags: rings outside the node, in the colours the legend explains
        extra = ring / 2 + 1.5
        if n in tags:
            out.append(_shape(spec, x, y, r + extra, f'class="tag" fill="none" stroke='
                              f'"{tag_looks[tags[n]]["colour"]}" stroke-width="2.5"'
                              + (' stroke-dasharray="4 2"' if tags[n] == "cleared" else "")))
            extra += 3
        for mark in MARK_ORDER:
            if n not in marked.get(mark, ()):
                continue
            paint = mark_looks[mark]["colour"]
            dash = ' stroke-dasharray="4 3"' if mark == "removed" else ""
            out.append(_shape(spec, x, y, r + extra + 1.5, f'class="mark mark-{mark}" '
                              f'fill="none" stroke="{paint}" stroke-width="3"{dash}'))
            if mark == "cut":  # a double ring, as on screen
                out.append(_shape(spec, x, y, r + extra + 5, f'fill="none" stroke="{paint}" '
                                  'stroke-width="1.5"'))
            extra += 4.5
        if group:
            out.append("</g>")
        if not faded:
            occupied.add((x - r, y - r, x + r, y + r))
    out.append("</g>")

    # labels
    out.append('<g class="labels">')
    mode = view.labels
    threshold = sizes["label_px"] - 1
    labels_taken = _Occupancy()

    def reserved(n: str) -> bool:  # the layout left room for this label at this size
        return pixel and fonts.get(n, 0.0) * s >= threshold

    # labels with room of their own first; labels drawn bigger than their room (a tagged or
    # marked entity far down the order) then go where they cover nothing
    candidates = sorted(placed, key=lambda n: (not reserved(n), -on_top(n), -placed[n][2],
                                               str(n)))
    if pixel:
        for n in placed:
            if reserved(n):
                x, y, r = placed[n]
                size = fonts[n] * s
                tw = text_width(short_label(graph.nodes[n].get("label", n)), size, True)
                top_y = y + r + (sizes["border"] + sizes["label_gap"]) * node_scale
                occupied.add((x - tw / 2, top_y, x + tw / 2, top_y + 1.1 * size))
    for n in candidates:
        is_hub = n in hub_set
        forced = is_hub or n in tags or any(n in marked.get(m, ()) for m in MARK_ORDER)
        if mode == "none" or (mode == "hubs" and not (is_hub or n in tags)) or n in dimmed:
            continue
        x, y, r = placed[n]
        text = short_label(graph.nodes[n].get("label", n))
        tag = tags.get(n)
        if pixel:
            # where the layout left room: under the node, at the size made for it; drawn once
            # it is readable, as on screen (hubs, tags and marks always)
            size = fonts.get(n, 0.0) * s
            if reserved(n):
                ly = y + r + (sizes["border"] + sizes["label_gap"]) * node_scale + 0.85 * size
                lx, anchor = x, "middle"
            elif forced or mode == "all":
                size = threshold
                spot = _label_spot(x, y, r, text, size, True, W, H, legend_w, top, occupied,
                                   False)
                if spot is None:
                    continue
                lx, ly, anchor, rect = spot
                occupied.add(rect)
            else:
                continue
        else:
            size = 13.0 if is_hub else 11.0
            spot = _label_spot(x, y, r, text, size, is_hub, W, H, legend_w, top,
                               labels_taken if is_hub else occupied, forced or mode == "all")
            if spot is None:
                continue
            lx, ly, anchor, rect = spot
            occupied.add(rect)
            labels_taken.add(rect)
        if tag is not None:
            tw = text_width(text, size, True)
            left = lx - tw / 2 if anchor == "middle" else (lx if anchor == "start" else lx - tw)
            out.append(f'<rect x="{_n(left - 2)}" y="{_n(ly - 0.85 * size - 1)}" '
                       f'width="{_n(tw + 4)}" height="{_n(1.1 * size + 2)}" rx="2" '
                       f'fill="{tag_looks[tag]["colour"]}"/>')
            out.append(_t(lx, ly, text, size, anchor=anchor, bold=True, fill="#ffffff",
                          cls="label"))
        else:
            out.append(_t(lx, ly, text, size, anchor=anchor, bold=is_hub, halo=True,
                          cls="label"))
    out.append("</g>")

    if view.legend:
        out.append(_legend(case, view, W - legend_w, top, legend_w, H - top - FOOTER_H,
                           placed, hub_set, analysis, directed and arrows, computed,
                           marked, tags))
    out.append(_banner(banner, W, H, view, len(placed), graph.number_of_nodes()))
    if captions:
        out.append(f'<g class="caption"><rect x="0" y="{_n(BANNER_H)}" width="{_n(W)}" '
                   f'height="{_n(caption_h)}" fill="#eef2f7"/>')
        for k, line in enumerate(captions):
            out.append(_t(16, BANNER_H + 18 + 18 * k, line, 12, bold=k == 0, fill="#1f2937"))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _shape(spec: Mapping[str, Any], x: float, y: float, r: float, attrs: str) -> str:
    """A node's shape (circle, or rounded square) of radius ``r`` with ``attrs``."""
    if spec.get("shape", "ellipse") == "ellipse":
        return f'<circle {attrs} cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"/>'
    return (f'<rect {attrs} x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" '
            f'height="{_n(2 * r)}" rx="{_n(r * 0.3)}"/>')


def _label_spot(x: float, y: float, r: float, text: str, size: float, bold: bool, W: float,
                H: float, legend_w: float, top: float, free: _Occupancy, forced: bool):
    """Where a label goes when the positions did not leave room for it (positions from
    elsewhere): the first free spot round the node, or the first on the picture if forced."""
    tw = text_width(text, size, bold)
    spots = [(x, y + r + size + 1, "middle"), (x, y - r - 4, "middle"),
             (x + r + 4, y + size / 3, "start"), (x - r - 4, y + size / 3, "end")]
    if bold:  # further out, so that a crowded centre still gets its hub names
        spots += [(x, y + r + 2 * size + 6, "middle"), (x, y - r - size - 8, "middle"),
                  (x + r + 10, y - r, "start"), (x - r - 10, y + r + size, "end")]
    fallback = None
    for lx, ly, anchor in spots:
        left = lx - tw / 2 if anchor == "middle" else (lx if anchor == "start" else lx - tw)
        rect = (left - 1, ly - size * 0.8, left + tw + 1, ly + size * 0.25)
        if rect[0] < 2 or rect[2] > W - legend_w - 2 or rect[1] < top + 2 \
                or rect[3] > H - FOOTER_H - 2:
            continue
        fallback = fallback or (lx, ly, anchor, rect)
        if free.free(rect):
            return lx, ly, anchor, rect
    return fallback if forced else None


def _caption_lines(view: View, W: float) -> list[str]:
    """The "showing" caption: what is laid over the diagram, wrapped to two lines at most."""
    labels = []
    for item in view.showing or ():
        label = item.get("label") if isinstance(item, Mapping) else item
        if label:
            labels.append(str(label))
    if not labels:
        return []
    lines = _wrap("Showing: " + " · ".join(labels), W - 32, 12)
    return lines[:2] if len(lines) <= 2 else [lines[0], _fit(" ".join(lines[1:]), W - 32, 12)]


def _arrowhead(x1: float, y1: float, x2: float, y2: float, r: float, width: float) -> str:
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= r + 2:
        return ""
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    tip_x, tip_y = x2 - ux * (r + 1.5), y2 - uy * (r + 1.5)
    size = 6.5 + width
    bx, by = tip_x - ux * size, tip_y - uy * size
    px, py = -uy * size * 0.42, ux * size * 0.42
    return (f'<polygon points="{_n(tip_x)},{_n(tip_y)} {_n(bx + px)},{_n(by + py)} '
            f'{_n(bx - px)},{_n(by - py)}"/>')


def _legend(case: Case, view: View, x0: float, y0: float, w: float, h: float,
            placed: Mapping[str, tuple[float, float, float]], hubs: set, analysis: Any,
            arrows: bool, computed: bool, marked: Mapping[str, set] | None = None,
            tags: Mapping[str, str] | None = None) -> str:
    out = [f'<g class="legend"><rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(w)}" '
           f'height="{_n(h)}" fill="#f8fafc"/>',
           f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x0)}" y2="{_n(y0 + h)}" '
           f'stroke="#cbd5e1" stroke-width="1"/>']
    x, y = x0 + 18, y0 + 30
    inner = w - 36
    out.append(_t(x, y, "Legend", 15, bold=True))
    y += 26
    types = entity_types()
    graph = case.graph
    if view.colour_by == "community" and analysis is not None:
        out.append(_t(x, y, "Colour: cluster", 12, bold=True, fill="#374151"))
        y += 20
        counts: dict[int, int] = {}
        for n in placed:
            c = int(analysis.communities.get(n, -1))
            counts[c] = counts.get(c, 0) + 1
        listed = [c for c in sorted(counts) if 0 <= c < len(COMMUNITY_PALETTE)]
        for c in listed:
            out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="7" '
                       f'fill="{community_colour(c)}"/>')
            out.append(_t(x + 22, y, f"Cluster {c + 1}  ({counts[c]})", 12))
            y += 20
        rest = sum(v for c, v in counts.items() if c not in listed)
        if rest:
            out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="7" '
                       f'fill="{OTHER_COMMUNITY}"/>')
            out.append(_t(x + 22, y, f"Other clusters  ({rest})", 12))
            y += 20
    else:
        out.append(_t(x, y, "Colour: entity type", 12, bold=True, fill="#374151"))
        y += 20
        counts_t: dict[str, int] = {}
        for n in placed:
            t = graph.nodes[n].get("type", "other")
            counts_t[t] = counts_t.get(t, 0) + 1
        for t in [t for t in types if t in counts_t]:
            spec = types[t]
            if spec.get("shape", "ellipse") == "ellipse":
                out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="7" '
                           f'fill="{spec["colour"]}"/>')
            else:
                out.append(f'<rect x="{_n(x)}" y="{_n(y - 11)}" width="14" height="14" rx="3" '
                           f'fill="{spec["colour"]}"/>')
            out.append(_t(x + 22, y, _fit(f"{spec.get('plural', t)}  ({counts_t[t]})",
                                          inner - 22, 12), 12))
            y += 20
    y += 10
    out.append(_t(x, y, "Size", 12, bold=True, fill="#374151"))
    y += 18
    if view.size_by:
        from casegraph.analysis import MEASURES

        label = MEASURES.get(view.size_by, view.size_by)
        for line in _wrap(f"Larger = higher {label[0].lower()}{label[1:]}", inner, 11):
            out.append(_t(x, y, line, 11, fill="#374151"))
            y += 15
    else:
        out.append(_t(x, y, "All entities drawn the same size", 11, fill="#374151"))
        y += 15
    y += 6
    out.append(_t(x, y, "Links", 12, bold=True, fill="#374151"))
    y += 18
    out.append(f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 34)}" y2="{_n(y - 4)}" '
               f'stroke="{EDGE_COLOUR}" stroke-width="1.5"/>')
    if arrows:
        out.append(f'<polygon points="{_n(x + 40)},{_n(y - 4)} {_n(x + 31)},{_n(y - 8)} '
                   f'{_n(x + 31)},{_n(y)}" fill="{EDGE_COLOUR}"/>')
    out.append(_t(x + 48, y, "contact" + (" (arrow: direction)" if arrows else ""), 11,
                  fill="#374151"))
    y += 16
    for line in _wrap("Thicker line = more contacts between the pair", inner, 11):
        out.append(_t(x, y, line, 11, fill="#374151"))
        y += 15
    if hubs:
        y += 8
        out.append(f'<circle cx="{_n(x + 9)}" cy="{_n(y - 4)}" r="12" fill="{HUB_HALO}" '
                   f'fill-opacity="0.45"/>')
        out.append(f'<circle cx="{_n(x + 9)}" cy="{_n(y - 4)}" r="6" fill="#ffffff" '
                   f'stroke="{HUB_RING}" stroke-width="3"/>')
        out.append(_t(x + 28, y, f"Highlighted hub ({len([h for h in hubs if h in placed])})",
                      12))
        y += 22
    y = _legend_marks(out, x, y, inner, placed, marked or {}, tags or {})
    if view.notes:
        y = _legend_notes(out, case, x, y, inner, y0 + h - 60, placed)
    y += 10
    total = graph.number_of_nodes()
    out.append(_t(x, y, f"{len(placed)} of {total} entities shown", 11, fill="#374151"))
    y += 15
    filters = []
    if view.hidden_types:
        filters.append("hidden: " + ", ".join(types.get(t, {}).get("plural", t)
                                               for t in view.hidden_types))
    if view.min_degree:
        filters.append(f"at least {view.min_degree} contacts")
    if view.only is not None:
        filters.append("a selected subset")
    for line in _wrap("; ".join(filters), inner, 11) if filters else []:
        out.append(_t(x, y, line, 11, fill="#374151"))
        y += 15
    if computed:
        for line in _wrap("Positions computed for this picture (none stored)", inner, 11):
            out.append(_t(x, y, line, 11, fill="#b45309"))
            y += 15
    out.append("</g>")
    return "\n".join(out)


def _legend_marks(out: list[str], x: float, y: float, inner: float,
                  placed: Mapping[str, Any], marked: Mapping[str, set],
                  tags: Mapping[str, str]) -> float:
    """Legend rows for the tags and marks present on the picture, in the theme's words."""
    looks = theme.tags()
    present = [t for t in looks if t in set(tags.values())]
    if present:
        y += 10
        out.append(_t(x, y, "Tags", 12, bold=True, fill="#374151"))
        y += 20
        for tag in present:
            count = sum(1 for v in tags.values() if v == tag)
            dash = ' stroke-dasharray="4 2"' if tag == "cleared" else ""
            out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="7" fill="#ffffff" '
                       f'stroke="{looks[tag]["colour"]}" stroke-width="2.5"{dash}/>')
            out.append(_t(x + 22, y, f"{looks[tag]['label']}  ({count})", 12))
            y += 20
    marks = theme.marks()
    shown = [(m, len([n for n in marked.get(m, ()) if n in placed])) for m in MARK_ORDER]
    shown = [(m, c) for m, c in shown if c or (m == "path" and marked.get(m))]
    if shown:
        y += 10
        out.append(_t(x, y, "Marks", 12, bold=True, fill="#374151"))
        y += 20
        for mark, count in shown:
            paint = marks[mark]["colour"]
            dash = ' stroke-dasharray="3 2"' if mark == "removed" else ""
            out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="6" fill="#ffffff" '
                       f'stroke="{paint}" stroke-width="3"{dash}/>')
            if mark == "cut":
                out.append(f'<circle cx="{_n(x + 7)}" cy="{_n(y - 4)}" r="9.5" fill="none" '
                           f'stroke="{paint}" stroke-width="1.2"/>')
            out.append(_t(x + 22, y, _fit(f"{marks[mark]['label']}  ({count})", inner - 22,
                                          12), 12))
            y += 20
    return y


def _legend_notes(out: list[str], case: Case, x: float, y: float, inner: float,
                  bottom: float, placed: Mapping[str, Any]) -> float:
    """The analyst's notes on the entities shown, as many as the legend has room for."""
    noted = [(n, str(case.graph.nodes[n].get("note") or "").strip()) for n in placed]
    noted = sorted(((n, t) for n, t in noted if t), key=lambda nt: str(nt[0]))
    if not noted or y + 40 > bottom:
        return y
    y += 10
    out.append(_t(x, y, "Notes", 12, bold=True, fill="#374151"))
    y += 18
    for k, (node, text) in enumerate(noted):
        name = short_label(case.graph.nodes[node].get("label", node))
        lines = _wrap(f"{name}: {text}", inner, 11)[:3]
        if y + 15 * len(lines) > bottom:
            out.append(_t(x, y, f"… {len(noted) - k} more in the report", 11, fill="#6b7280"))
            return y + 15
        for line in lines:
            out.append(_t(x, y, line, 11, fill="#374151"))
            y += 15
        y += 3
    return y


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(_fit(current, width, size))
    return lines


def _banner(banner: Banner, W: float, H: float, view: View, shown: int, total: int) -> str:
    marking = banner.classification.strip().upper() or "UNMARKED"
    out = ['<g class="banner">',
           f'<rect x="0" y="0" width="{_n(W)}" height="{_n(BANNER_H)}" fill="{BANNER_BG}"/>',
           _t(W / 2, 21, marking, 15, anchor="middle", bold=True, fill="#ffffff",
              cls="classification")]
    left = "Case " + (banner.case_number or "(no number)")
    name = banner.title
    if view.title:
        name = f"{name} — {view.title}" if name else view.title
    right = f"Analyst: {banner.analyst or '(not given)'}   ·   {banner.at} UTC".replace(
        "+00:00 UTC", "Z").replace("Z UTC", "Z")
    right_w = text_width(right, 12)
    left_w = text_width(left, 14, True)
    out.append(_t(16, 47, left, 14, bold=True, fill="#ffffff", cls="case-number"))
    if name:
        room = W - 16 - left_w - 20 - right_w - 32
        if room > 40:
            out.append(_t(16 + left_w + 14, 47, _fit(name, room, 13), 13, fill="#e5e7eb"))
    out.append(_t(W - 16, 47, right, 12, anchor="end", fill="#e5e7eb", cls="analyst-time"))
    y0 = H - FOOTER_H
    out.append(f'<rect x="0" y="{_n(y0)}" width="{_n(W)}" height="{_n(FOOTER_H)}" '
               f'fill="{BANNER_BG}"/>')
    sources = ", ".join(banner.sources) or "(none recorded)"
    note = f"{shown} of {total} entities shown · casegraph"
    note_w = text_width(note, 11)
    out.append(_t(16, y0 + 17, _fit(f"Data sources: {sources}", W - 48 - note_w, 11), 11,
                  fill="#e5e7eb", cls="sources"))
    out.append(_t(W - 16, y0 + 17, note, 11, anchor="end", fill="#9ca3af"))
    out.append(_t(W / 2, y0 + 37, marking, 13, anchor="middle", bold=True, fill="#ffffff"))
    out.append("</g>")
    return "\n".join(out)
