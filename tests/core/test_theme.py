"""casegraph.theme: one theme file; cluster colours cannot be mistaken for tags or marks."""

from __future__ import annotations

import math

from casegraph import theme
from casegraph.model import entity_types


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB hex colour."""
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: str, b: str) -> float:
    return math.dist(lab(a), lab(b))


def test_cluster_colours_are_far_from_tag_and_mark_colours():
    signals = {f"tag {k}": v["colour"] for k, v in theme.tags().items()}
    signals |= {f"mark {k}": v["colour"] for k, v in theme.marks().items()}
    signals["hub halo"] = theme.theme()["hub"]["halo"]
    signals["selected"] = theme.theme()["selected"]
    for i, cluster in enumerate(theme.cluster_palette()):
        for name, colour in signals.items():
            assert distance(cluster, colour) > 20, (f"cluster {i + 1}", name)


def test_cluster_colours_tell_apart():
    palette = theme.cluster_palette()
    assert len(set(palette)) == len(palette) == 12
    assert min(distance(a, b) for i, a in enumerate(palette) for b in palette[i + 1:]) > 10


def test_entity_types_take_their_look_from_the_theme():
    for name, spec in entity_types().items():
        look = theme.type_look(name)
        assert (spec["colour"], spec["icon"], spec["shape"]) == (
            look["colour"], look["icon"], look["shape"])
    assert theme.type_look("no such type") == theme.type_look("other")


def test_label_width_follows_the_font_and_counts_emoji_wide():
    assert theme.label_width("Kay", 20) == 2 * theme.label_width("Kay", 10)
    assert theme.label_width("W", 10) > theme.label_width("i", 10)
    assert theme.label_width("\u2744\ufe0f", 10) == 12.5  # one emoji, selector ignored
