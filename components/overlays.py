"""Overlays: marks that analysis panels lay over the diagram without re-sending elements.

A panel writes its overlay store (ids.OVERLAYS) with :func:`overlay`; one client-side
callback lays all of them on the canvas (assets/casegraph.js ``overlay``), again after every
case load. Classes and their look are in components/stylesheet.py (``overlay_rules``):

- ``ov-hide`` / ``ov-dim``: not shown / faded; ``ov-dim-others``: fade everything else;
- ``ov-path``: on a path; ``ov-cut``: single point of failure; ``ov-target``: recommended
  arrest; ``ov-removed``: removed in a what-if; ``ov-new``: added by the last expansion;
  ``ov-flag``: flagged by slang signals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dash import ClientsideFunction, Input, Output, dcc

from components import ids
from components.state import case_ref

Ref = str | tuple[str, str] | list[str]

# Marks drawn only while their tab is open (overlay store -> the tab's TAB_ID): the
# what-if arrests belong to the Disruption tab, not to every view of the case.
TAB_BOUND = {ids.OVERLAY_DISRUPTION: "disruption"}

# Not a class of its own: the JS fades everything but these and marks them ``ov-focus``.
DIM_OTHERS = "ov-dim-others"


def overlay(store: Any, classes: Mapping[str, Iterable[Ref]], fit: bool = False,
            note: str = "") -> dict[str, Any] | None:
    """Overlay data for the case in ``store``: ``classes`` maps a class to node ids or
    ``(source, target)`` pairs (every link between the two, either direction).

    >>> overlay({"case_id": "c1", "rev": 2}, {"ov-path": ["a", ("a", "b"), "b"]})
    {'case': ['c1', 2], 'classes': {'ov-path': ['a', ['a', 'b'], 'b']}, 'fit': False, 'note': ''}
    """
    ref = case_ref(store)
    if ref is None:
        return None
    return {
        "case": [ref[0], ref[1]],
        "classes": {cls: [list(r) if isinstance(r, tuple | list) else str(r) for r in refs]
                    for cls, refs in classes.items()},
        "fit": bool(fit),
        "note": note,
    }


def tab_bound() -> list[str | None]:
    """For each overlay store of ``ids.OVERLAYS``, in order, the tab it is bound to."""
    return [TAB_BOUND.get(store_id) for store_id in ids.OVERLAYS]


def stores() -> list[dcc.Store]:
    # SHOWING_CLICK: the Showing strip's real clicks on a mark's "×" (components/showing.py)
    return [dcc.Store(id=store_id) for store_id in ids.OVERLAYS] + [
        dcc.Store(id=ids.OVERLAY_SINK), dcc.Store(id=ids.MARKS_CLEAR),
        dcc.Store(id=ids.SHOWING_CLICK)]


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("casegraph", "overlay"),
        Output(ids.OVERLAY_SINK, "data"),
        *[Input(store_id, "data") for store_id in ids.OVERLAYS],
        Input(ids.ANALYSIS_TABS, "value"),
        Input(ids.CANVAS_SYNC, "data"),
    )
