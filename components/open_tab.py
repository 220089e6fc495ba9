"""Work follows the screen: an analysis tab hears of a new revision, a view switch or a new
selection only while it is open (or while its marks are on the diagram).

Each analysis tab that declares ``OPEN_ONLY = True`` reads the case from its own store,
``ids.tab_case(TAB_ID)``, instead of ``ids.CASE_STORE``; one client-side callback
(assets/open_tab.js ``gate``) copies the case store into it when the tab is open and its
copy is out of date, so a closed tab costs no request, and a tab opened after a change
computes once, on opening. The copy carries the analysis view too (``"view"``), so the
tab's callbacks read the view switch as State. A tab that declares ``FOLLOWS_SELECTION``
reads the selection from ``ids.tab_selection(TAB_ID)`` the same way. A tab whose marks stay
on the diagram when it is closed names its overlay store in ``OVERLAY``: while that overlay
holds marks, the tab keeps up with the case (its marks are on screen).

Panels outside the tabs whose content changes only when another case, or another revision
taken whole, is shown (the case notes, the newer-changes bar, the selection's reset, the
case settings button) read ``ids.CASE_OPENED``: the case store copied by the client-side
``opened`` (assets/open_tab.js) unless it is a delta on the case on screen (an expansion, a
tag), so such a change costs them no request.

Panels on screen follow an expansion without asking the server when the page can tell
what changes from the delta itself: the tags overlay is laid on the new revision (an
expansion adds only untagged entities), the case picker's count grows by the entities added,
and the Showing strip is asked only when what it says of the marks changes (assets/open_tab.js
``tags``, ``pickerCount``, ``showingKey``; registered by components/tags.py, header.py and
showing.py, with the constants of :func:`follow_plan`).

The plan (which tab reads which gate, which overlay keeps which tab awake) goes to the page
through components/jscontract.py as ``openTab``, the constants as ``follow``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import ClientsideFunction, Input, Output, State, dcc

from components import ids


def case_tabs(tabs: Sequence[Any]) -> list[str]:
    return [m.TAB_ID for m in tabs if getattr(m, "OPEN_ONLY", False)]


def selection_tabs(tabs: Sequence[Any]) -> list[str]:
    return [m.TAB_ID for m in tabs if getattr(m, "FOLLOWS_SELECTION", False)]


def overlay_tabs(tabs: Sequence[Any]) -> list[tuple[str, str]]:
    """``[(overlay store id, tab id)]`` of the open-only tabs whose marks outlive the tab."""
    return [(m.OVERLAY, m.TAB_ID) for m in tabs
            if getattr(m, "OPEN_ONLY", False) and getattr(m, "OVERLAY", None)]


def plan(tabs: Sequence[Any]) -> dict[str, list[str]]:
    """What assets/open_tab.js needs to read its arguments: the tab of each case gate, of
    each selection gate and of each overlay, in the callback's order.

    >>> from types import SimpleNamespace as M
    >>> plan([M(TAB_ID="a", OPEN_ONLY=True, OVERLAY="ov-a"), M(TAB_ID="b")])
    {'caseTabs': ['a'], 'selectionTabs': [], 'overlayTabs': ['a']}
    """
    return {"caseTabs": case_tabs(tabs), "selectionTabs": selection_tabs(tabs),
            "overlayTabs": [tab for _, tab in overlay_tabs(tabs)]}


def follow_plan() -> dict[str, Any]:
    """What ``tags``, ``pickerCount``, ``showingKey`` and ``marksKey`` of
    assets/open_tab.js need: the tag filter's "untagged" value and the class that hides,
    the pattern of an entity count in a case picker label (its group 1 is the number), the
    Showing strip's mark sources (the tab each is bound to, in ``showing.SOURCES`` order)
    with the classes it counts, and the tab each overlay of ``ids.OVERLAYS`` is bound to.

    >>> follow_plan()["untagged"]
    'untagged'
    """
    from components import header, showing, stylesheet, tags

    return {"untagged": tags.UNTAGGED, "hide": stylesheet.OVERLAY_HIDE,
            "count": header.COUNT_PATTERN,
            "showing": {"bound": showing.source_tabs(), "counted": showing.counted_classes()},
            # the legend's marks (marksKey): the tab each overlay of ids.OVERLAYS is bound to
            "marks": {"bound": [showing.TAB_BOUND.get(store_id) for store_id in ids.OVERLAYS]}}


def stores(tabs: Sequence[Any]) -> list[dcc.Store]:
    # and the stores of the panels that follow an expansion in the page (follow_plan)
    return ([dcc.Store(id=ids.tab_case(t)) for t in case_tabs(tabs)]
            + [dcc.Store(id=ids.tab_selection(t)) for t in selection_tabs(tabs)]
            + [dcc.Store(id=store_id) for store_id in (ids.TAGS_CASE, ids.PICKER_ASK,
                                                       ids.SHOWING_KEY, ids.MARKS_KEY)])


def opened_store(store: Any) -> dcc.Store:
    """``ids.CASE_OPENED``, holding the page's first case store (so the page's first load
    sets off its readers once, as the case store does)."""
    return dcc.Store(id=ids.CASE_OPENED, data=store)


def register(app, tabs: Sequence[Any]) -> None:
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "opened"),
        Output(ids.CASE_OPENED, "data"),
        Input(ids.CASE_STORE, "data"),
        State(ids.CASE_OPENED, "data"),
        prevent_initial_call=True,
    )
    gates = ([ids.tab_case(t) for t in case_tabs(tabs)]
             + [ids.tab_selection(t) for t in selection_tabs(tabs)])
    if not gates:
        return
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "gate"),
        *[Output(gate, "data") for gate in gates],
        Input(ids.CASE_STORE, "data"),
        Input(ids.ANALYSIS_TABS, "value"),
        Input(ids.ANALYSIS_VIEW, "value"),
        Input(ids.SELECTION, "data"),
        # State, not Input: the overlays are written by the tabs' own callbacks, which the
        # gate sets off; as inputs they would close a loop that Dash waits on
        *[State(store_id, "data") for store_id, _ in overlay_tabs(tabs)],
        *[State(gate, "data") for gate in gates],
    )
