"""The "Showing" strip over the diagram: every mark on screen, each with an x to remove it.

One lifecycle for the marks the panels lay on the diagram (components/overlays.py): the strip
says what is drawn, its x removes a mark at its source (the path's two ends, the arrest list,
the slang marks, a filter), and Escape or a tap on the empty canvas (assets/casegraph.js,
``clearAll``) clears the selection and every mark at once. Nothing comes back afterwards:
the panels redraw a mark only from the state the x or the clear reset.

Marks bound to a tab (the what-if arrests: ``overlays.TAB_BOUND``) are drawn, and listed,
only while their tab is open.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update

from casegraph import theme
from components import ids
from components.clicks import gate, pressed
from components.overlays import DIM_OTHERS, TAB_BOUND
from components.state import case_ref
from components.widgets import unchanged

# mark key -> the overlay store it lives in
SOURCES = {"structure": ids.OVERLAY_STRUCTURE, "disruption": ids.OVERLAY_DISRUPTION,
           "paths": ids.OVERLAY_PATHS, "time": ids.OVERLAY_TIME,
           "signals": ids.OVERLAY_SIGNALS, "enrich": ids.OVERLAY_ENRICH}
# what a tap on the empty canvas or Escape removes (the filters and the time window are the
# analyst's settings, not marks: they go with their own x)
CLEARED_BY_ESCAPE = ("structure", "disruption", "paths", "signals", "enrich")


def _count(overlay: Mapping[str, Any] | None, cls: str) -> int:
    refs = ((overlay or {}).get("classes") or {}).get(cls) or []
    return sum(1 for r in refs if not isinstance(r, list))


def _on_case(overlay: Any, ref: tuple[str, int] | None) -> bool:
    return (isinstance(overlay, dict) and ref is not None
            and list(overlay.get("case") or []) == [ref[0], ref[1]]
            and any(overlay.get("classes", {}).values()))


def showing_items(store: Any, overlays: Mapping[str, Any], tab: str | None = None,
                  hidden_types: list[str] | None = None, min_degree: int = 0,
                  time_label: str = "") -> list[dict[str, str]]:
    """The marks on screen as ``[{"key", "text"}]``, in the order the strip lists them.

    ``overlays`` maps an overlay store id to its data; marks of another revision, and marks
    bound to a tab that is not open, are not on screen and are left out.

    >>> store = {"case_id": "c", "rev": 1}
    >>> path = {"case": ["c", 1], "classes": {"ov-path": ["a", ["a", "b"], "b"]}}
    >>> showing_items(store, {ids.OVERLAY_PATHS: path}, min_degree=2)
    [{'key': 'paths', 'text': 'path through 2 entities'}, {'key': 'filter', 'text': '≥ 2 contacts'}]
    """
    ref = case_ref(store)
    marks = {look["class"]: look["label"].lower() for look in theme.marks().values()}
    items: list[dict[str, str]] = []
    for key, store_id in SOURCES.items():
        data = overlays.get(store_id)
        if not _on_case(data, ref) or (store_id in TAB_BOUND and tab != TAB_BOUND[store_id]):
            continue
        if key == "time":
            items.append({"key": key, "text": time_label or "time window"})
            continue
        parts = []
        for cls in data["classes"]:
            n = _count(data, cls)
            if cls == "ov-path":
                focus = _count(data, DIM_OTHERS)
                parts.append(f"path through {n} entities" if not focus or focus == n
                             else f"network of {focus} entities")
            elif cls in marks and n:
                parts.append(f"{marks[cls]}: {n}")
        if parts:
            items.append({"key": key, "text": "; ".join(parts)})
    hidden = [t for t in hidden_types or []]
    filters = ([f"hiding {', '.join(hidden)}"] if hidden else []) + (
        [f"≥ {int(min_degree)} contacts"] if min_degree else [])
    if filters:
        items.append({"key": "filter", "text": "; ".join(filters)})
    return items


def classes_on_screen(store: Any, overlays: Mapping[str, Any], tab: str | None = None
                      ) -> list[str]:
    """The overlay and tag classes drawn on the diagram now, for the legend.

    >>> store = {"case_id": "c", "rev": 1}
    >>> cut = {"case": ["c", 1], "classes": {"ov-cut": ["a"], "ov-dim": []}}
    >>> classes_on_screen(store, {ids.OVERLAY_STRUCTURE: cut})
    ['ov-cut']
    """
    ref = case_ref(store)
    out: list[str] = []
    for store_id, data in overlays.items():
        if not _on_case(data, ref) or (store_id in TAB_BOUND and tab != TAB_BOUND[store_id]):
            continue
        out += [cls for cls, refs in data["classes"].items() if refs]
    return list(dict.fromkeys(out))


def source_tabs() -> list[str | None]:
    """For each mark source, in :data:`SOURCES` order, the tab it is bound to."""
    return [TAB_BOUND.get(store_id) for store_id in SOURCES.values()]


def counted_classes() -> list[str]:
    """The classes whose counts the strip's text is made of (:func:`showing_items`): the
    marks of the theme, and the faded others of a network shown along a path."""
    return sorted({look["class"] for look in theme.marks().values()} | {DIM_OTHERS})


def strip(items: list[dict[str, str]]) -> list[Any]:
    """Children of the strip: "Showing:" then one chip per mark (nothing when clean)."""
    if not items:
        return []
    return [html.Span("Showing:", className="cg-showing-head")] + [
        html.Span(className="cg-showing-item", **{"data-mark": item["key"]}, children=[
            html.Span(item["text"]),
            html.Button("×", id={"type": ids.SHOWING_REMOVE, "index": item["key"]},
                        n_clicks=0, className="cg-showing-x", title="Remove this mark"),
        ]) for item in items]


def removal(keys: set[str], type_values: list[str] | None = None,
            time_max: int | None = None) -> dict[str, Any]:
    """The outputs (by name) that remove the marks ``keys`` at their source."""
    out: dict[str, Any] = {}
    if "paths" in keys:
        out.update(path_from=None, path_to=None, paths=None)
    if "disruption" in keys:
        out.update(arrest=[], disruption=None)
    if "signals" in keys:
        out.update(signals_mark=[], signals=None)
    if "enrich" in keys:
        out["enrich"] = None
    if "structure" in keys:
        out["structure"] = None
    if "filter" in keys:
        out.update(types=list(type_values or []), min_degree=0)
    if "time" in keys and time_max is not None:
        out.update(time=[0, int(time_max)], time_overlay=None)
    return out


OUTPUTS = (("path_from", ids.PATH_FROM, "value"), ("path_to", ids.PATH_TO, "value"),
           ("paths", ids.OVERLAY_PATHS, "data"), ("arrest", ids.ARREST_LIST, "value"),
           ("disruption", ids.OVERLAY_DISRUPTION, "data"),
           ("signals_mark", ids.SIGNALS_MARK, "value"), ("signals", ids.OVERLAY_SIGNALS, "data"),
           ("enrich", ids.OVERLAY_ENRICH, "data"), ("structure", ids.OVERLAY_STRUCTURE, "data"),
           ("types", ids.TYPE_FILTER, "value"), ("min_degree", ids.MIN_DEGREE, "value"),
           ("time", ids.TIME_SLIDER, "value"), ("time_overlay", ids.OVERLAY_TIME, "data"))


def layout() -> html.Div:
    return html.Div(id=ids.SHOWING, className="cg-showing", role="status")


def register(app) -> None:
    # what the strip says, counted in the page (assets/open_tab.js showingKey): an
    # expansion that adds no mark, a panel answering again with the same marks on the new
    # revision, a filter set to what it was, ask the server nothing
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "showingKey"),
        Output(ids.SHOWING_KEY, "data"),
        *[Input(store_id, "data") for store_id in SOURCES.values()],
        Input(ids.ANALYSIS_TABS, "value"),
        Input(ids.TYPE_FILTER, "value"),
        Input(ids.MIN_DEGREE, "value"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.TIME_STATUS, "children"),
        State(ids.CASE_STORE, "data"),
        State(ids.SHOWING_KEY, "data"),
    )

    @app.callback(
        Output(ids.SHOWING, "children"),
        Input(ids.SHOWING_KEY, "data"),
        *[State(store_id, "data") for store_id in SOURCES.values()],
        State(ids.ANALYSIS_TABS, "value"),
        State(ids.TYPE_FILTER, "value"),
        State(ids.MIN_DEGREE, "value"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.TIME_STATUS, "children"),
        State(ids.CASE_STORE, "data"),
        State(ids.SHOWING, "children"),
    )
    def on_marks(_key, *args):
        overlays = dict(zip(SOURCES.values(), args[:len(SOURCES)], strict=True))
        tab, checked, min_degree, options, time_status, store, shown = args[len(SOURCES):]
        present = [o["value"] for o in options or []]
        hidden = [t for t in present if t not in set(checked or [])]
        label = str(time_status or "").split(":")[0] if isinstance(time_status, str) else ""
        children = strip(showing_items(store, overlays, tab, hidden, int(min_degree or 0),
                                       f"time window: {label}" if label else ""))
        # the same marks on a new revision (an expansion): the strip stays as drawn
        return no_update if unchanged(children, shown) else children

    # the strip's "×" buttons reach on_remove through a client-side gate (components/
    # clicks.py): the strip redrawn with new marks asks the server nothing
    gate(app, ids.SHOWING_CLICK, ids.SHOWING_REMOVE)

    @app.callback(
        *[Output(component, prop, allow_duplicate=True) for _, component, prop in OUTPUTS],
        Input(ids.SHOWING_CLICK, "data"),
        Input(ids.MARKS_CLEAR, "data"),
        State(ids.TYPE_FILTER, "options"),
        State(ids.TIME_SLIDER, "max"),
        prevent_initial_call=True,
    )
    def on_remove(click, cleared, type_options, time_max):
        trigger = ctx.triggered_id
        button, _n = pressed(click)
        if trigger == ids.MARKS_CLEAR:
            if not cleared:
                return (no_update,) * len(OUTPUTS)
            keys = set(CLEARED_BY_ESCAPE)
        elif button is not None:
            keys = {str(button["index"])}
        else:
            return (no_update,) * len(OUTPUTS)
        # the selection was cleared in the browser already (assets/casegraph.js clearAll):
        # clearing it again from here could undo a selection made in the meantime
        out = removal(keys, [o["value"] for o in type_options or []], time_max)
        return tuple(out.get(name, no_update) for name, _, _ in OUTPUTS)
