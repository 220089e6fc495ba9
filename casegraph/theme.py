"""The look of casegraph, one file (``theme.yaml``) for the screen and the pictures.

Colours of clusters, entity types, hubs, tags and marks, the icons of entity types, node
sizes and label sizes, and the rule that estimates how wide a label is drawn (the server
layout leaves room for labels with it).

>>> cluster_colour(0) == theme()["clusters"][0], cluster_colour(99) == theme()["other_cluster"]
(True, True)
>>> round(label_width("Ab", 10), 1)
13.3
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

THEME_FILE = Path(__file__).with_name("theme.yaml")


@lru_cache(maxsize=1)
def theme() -> dict[str, Any]:
    """The parsed theme file (read once; treat as read-only)."""
    with THEME_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def cluster_palette() -> list[str]:
    return list(theme()["clusters"])


def cluster_colour(community: int) -> str:
    """Fill of cluster ``community`` (0 = the largest); clusters past the palette share one grey."""
    palette = theme()["clusters"]
    return palette[community] if 0 <= community < len(palette) else theme()["other_cluster"]


def type_look(entity_type: str) -> dict[str, str]:
    """``{"colour", "icon", "shape"}`` of an entity type (unknown types look like "other")."""
    looks = theme()["entity_types"]
    return dict(looks.get(entity_type) or looks["other"])


def tags() -> dict[str, dict[str, str]]:
    """Tag value -> ``{"label", "colour", "class"}``, in display order."""
    return {k: dict(v) for k, v in theme()["tags"].items()}


def marks() -> dict[str, dict[str, str]]:
    """Mark name -> ``{"colour", "label", "class"}`` (the overlay classes of the diagram)."""
    return {k: dict(v) for k, v in theme()["marks"].items()}


def sizes() -> dict[str, float]:
    return dict(theme()["sizes"])


def node_diameter(unit: float) -> float:
    """Drawn diameter (model px) of a node whose 0..1 size is ``unit``."""
    s = theme()["sizes"]
    return s["node_min"] + (s["node_max"] - s["node_min"]) * min(1.0, max(0.0, unit))


# -- label widths -----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _widths() -> tuple[list[float], list[float]]:
    # advance of the first 256 code points in ems; Liberation Sans (the pictures' and the
    # screen's font on Debian) has Helvetica's metrics
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out = []
    for font in ("Helvetica", "Helvetica-Bold"):
        out.append([(stringWidth(chr(i), font, 1000) / 1000 or 0.6) if i >= 32 else 0.0
                    for i in range(256)])
    return out[0], out[1]


def is_wide(ch: str) -> bool:
    """Emoji, pictographs and East Asian wide characters (about 1.25 em each)."""
    code = ord(ch)
    return (code >= 0x1F000 or 0x2300 <= code <= 0x2BFF or 0x2600 <= code <= 0x27BF
            or unicodedata.east_asian_width(ch) in "WF")


def label_width(text: str, font_px: float, bold: bool = True) -> float:
    """Estimated drawn width of ``text`` at ``font_px`` (bold by default: a hub's label is
    bold, and a box that fits the bold text fits the regular one)."""
    regular, heavy = _widths()
    table = heavy if bold else regular
    total = 0.0
    for ch in text:
        code = ord(ch)
        if code in (0x200D, 0xFE0E, 0xFE0F) or 0x1F3FB <= code <= 0x1F3FF:
            continue  # joiners, variation selectors, skin tones: no width of their own
        if code < 256:
            total += table[code]
        elif is_wide(ch):
            total += 1.25
        else:
            total += 0.62
    return total * font_px
