"""Cytoscape layout objects shared by the entity diagram and the people diagram."""

from __future__ import annotations

from typing import Any

# fit the drawn elements into the canvas, at once
FIT = {"fit": True, "padding": 40, "animate": False}


def preset(positions: dict[Any, tuple[float, float]]) -> dict[str, dict[str, float]]:
    """Positions as cytoscape's ``preset`` layout takes them.

    >>> preset({"a": (1.0, 2.0)})
    {'a': {'x': 1.0, 'y': 2.0}}
    """
    return {str(n): {"x": x, "y": y} for n, (x, y) in positions.items()}
