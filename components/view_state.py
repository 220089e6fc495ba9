"""The view state of the open case, in one place: what it is, where it is kept, who writes it.

Everything about a case (entities, links, positions, tags, notes, expansions) is in its
revisions; what the analyst sees on top of it (size, colour, hubs, filters, layout,
selection, viewport, marks) is the *view state*. A saved case keeps one in
``case.meta["view"]`` and its saved views (the briefing's slides) in ``case.meta["views"]``
(components/cases.py and components/briefing.py save them). A view state is plain data::

    {"measure": "degree", "colour_by": "type", "topk": 5, "hidden_types": ["phone"],
     "min_degree": 0, "layout": "preset", "selection": {"kind": "node", "id": "n1"},
     "pan": {"x": 10.0, "y": 20.0}, "zoom": 0.8, "viewport_width": 900,
     "viewport_height": 600, "title": "Phase 3 core"}

The stores of the page that hold view state, each with one writer:

- ``ids.VIEWPORT``: the canvas viewport when a dialog opened (Cases, Briefing, Export save
  or draw the part of the diagram on screen). Written by :func:`register`'s client-side
  dialog switch (assets/casegraph.js ``dialog``).
- ``ids.VIEW_MEMORY``: ``{"case_id"}``, the case whose view the controls show. A new
  revision of that case (a tag, a saved view, a rename) keeps the analyst's controls
  (components/controls.py reads it); another case resets them. Written by :func:`on_view`.
- ``ids.VIEW_RESTORE``: the viewport and selection to lay on once the case is drawn
  (``{"case": [id, rev], "pan", "zoom", ..., "t"}``). Written by :func:`on_view`.
- ``ids.VIEW_APPLIED``: the stamp of the last restore laid on. Written by the client-side
  restore (assets/casegraph.js ``restoreView``).

One callback applies a view to the controls (:func:`on_view`): when a case is loaded (its
saved view) and when a slide is shown (the slide's view and marks).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, no_update

from casegraph.elements import top_nodes
from casegraph.picture import View
from casegraph.workspace import Workspace
from components import ids
from components.state import case_ref, ranked_analysis, workspace
from components.view_defaults import DEFAULT_MEASURE, DEFAULT_TOPK, MAX_TOPK

MEASURE_CHOICES = ("degree", "weighted_degree", "betweenness", "pagerank", "eigenvector",
                   "closeness")
LAYOUT_CHOICES = ("preset", "concentric", "breadthfirst", "circle", "grid", "cose")
NAME_LIMIT = 120
# in the case store of a revision made from a dialog (saving a case or a view, renaming,
# deleting a slide): the viewport on screen, laid on again once the revision is drawn afresh
KEEP_VIEWPORT = "viewport"
# the dialogs that read the canvas viewport as they open: (open button, close button, dialog)
DIALOGS = ((ids.CASES_OPEN, ids.CASES_CLOSE, ids.CASES_DIALOG),
           (ids.BRIEFING_OPEN, ids.BRIEFING_CLOSE, ids.BRIEFING_DIALOG),
           (ids.EXPORT_OPEN, ids.EXPORT_CLOSE, ids.EXPORT_DIALOG))


# -- what a view state is ---------------------------------------------------------------------
def view_state(measure: Any = None, colour_by: Any = None, topk: Any = None,
               checked: Any = None, type_options: Any = None, min_degree: Any = None,
               layout: Any = None, selection: Any = None,
               viewport: Mapping[str, Any] | None = None, title: str = "") -> dict[str, Any]:
    """The view state from the dashboard's control values and the canvas viewport.

    ``checked`` are the ticked entity types, ``type_options`` the filter's options (types
    present); hidden types are the present ones not ticked.

    >>> view_state("betweenness", "community", 3, ["person"],
    ...            [{"value": "person"}, {"value": "phone"}], 2)["hidden_types"]
    ['phone']
    """
    present = [str(o["value"]) for o in (type_options or []) if isinstance(o, Mapping)]
    ticked = {str(t) for t in (checked or [])}
    state: dict[str, Any] = {
        "measure": measure if measure in MEASURE_CHOICES else DEFAULT_MEASURE,
        "colour_by": "community" if colour_by == "community" else "type",
        "topk": max(0, min(int(topk if topk is not None else DEFAULT_TOPK), MAX_TOPK)),
        "hidden_types": [t for t in present if t not in ticked],
        "min_degree": max(0, int(min_degree or 0)),
        "layout": layout if layout in LAYOUT_CHOICES else "preset",
        "selection": dict(selection) if isinstance(selection, Mapping) and
        selection.get("kind") in ("node", "cluster") else None,
    }
    if state["selection"]:
        state["selection"].pop("centre", None)  # a restored selection must not move the view
    port = viewport_of(viewport)
    if port:
        state.update(port)
    if title:
        state["title"] = str(title)[:NAME_LIMIT]
    return state


# The controls a view state is made of, as callback States in view_state's argument order:
# ``view_state(*values, viewport=...)`` makes the state from what a callback receives.
VIEW_CONTROLS = (
    State(ids.SIZE_MEASURE, "value"),
    State(ids.COLOUR_BY, "value"),
    State(ids.HUBS_TOPK, "value"),
    State(ids.TYPE_FILTER, "value"),
    State(ids.TYPE_FILTER, "options"),
    State(ids.MIN_DEGREE, "value"),
    State(ids.LAYOUT_PICKER, "value"),
    State(ids.SELECTION, "data"),
)


def viewport_of(data: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``{"pan", "zoom", "viewport_width", "viewport_height"}`` from what the canvas sent,
    or None when it sent nothing usable (no canvas yet, zero size)."""
    if not isinstance(data, Mapping):
        return None
    try:
        pan = data.get("pan") or {}
        out = {"pan": {"x": float(pan.get("x", 0.0)), "y": float(pan.get("y", 0.0))},
               "zoom": float(data["zoom"]),
               "viewport_width": float(data.get("viewport_width", data.get("width", 0))),
               "viewport_height": float(data.get("viewport_height", data.get("height", 0)))}
    except (KeyError, TypeError, ValueError):
        return None
    if out["zoom"] <= 0 or out["viewport_width"] <= 0 or out["viewport_height"] <= 0:
        return None
    return out


def picture_view(ws: Workspace, ref: tuple[str, int], state: Mapping[str, Any] | None, *,
                 fit: bool = False, width: int = 1600, height: int = 1000) -> View:
    """The :class:`~casegraph.picture.View` that draws a view state as the dashboard shows it:
    the same hubs (top k by the size measure, plus the selected entity), filters, colours
    and, unless ``fit``, the same part of the diagram."""
    state = dict(state or {})
    analysis = ranked_analysis(ws, ref)
    measure = state.get("measure") or DEFAULT_MEASURE
    hubs = top_nodes(analysis, measure, int(state.get("topk") or 0))
    selection = state.get("selection") or {}
    case = ws.case(*ref)
    if selection.get("kind") == "node" and str(selection.get("id")) in case.graph:
        hubs = [*hubs, str(selection["id"])] if str(selection["id"]) not in hubs else hubs
    data = {k: v for k, v in state.items() if k not in ("hubs", "top_hubs", "only")}
    if fit:
        for key in ("pan", "zoom", "viewport", "viewport_width", "viewport_height"):
            data.pop(key, None)
    data.update(hubs=hubs, topk=0, width=width, height=height)
    return View.from_dict(data)


def control_values(ws: Workspace, ref: tuple[str, int], state: Mapping[str, Any]) -> dict:
    """Values of the view controls that show ``state`` on the open case."""
    case = ws.case(*ref)
    present = sorted(case.entity_counts())
    hidden = set(state.get("hidden_types") or [])
    measure = state.get("measure")
    return {
        "measure": measure if measure in MEASURE_CHOICES else DEFAULT_MEASURE,
        "colour_by": "community" if state.get("colour_by") == "community" else "type",
        "topk": max(0, min(int(state.get("topk", DEFAULT_TOPK) or 0), MAX_TOPK)),
        "checked": [t for t in present if t not in hidden],
        "min_degree": max(0, int(state.get("min_degree") or 0)),
        "layout": state.get("layout") if state.get("layout") in LAYOUT_CHOICES else "preset",
        "selection": state.get("selection") or None,
    }


def restore_payload(ref: tuple[str, int], state: Mapping[str, Any]) -> dict | None:
    """What the browser lays on once the case is drawn: the viewport of ``state`` (fitted to
    the canvas size) and its selection; None when it has neither."""
    port = viewport_of(state)
    selection = state.get("selection") or None
    if port is None and selection is None:
        return None
    return {"case": [ref[0], ref[1]], **(port or {}), "selection": selection,
            "t": time.time_ns()}


def saved_view(ws: Workspace, store: Any) -> dict[str, Any] | None:
    """The view state stored with the open case (None when it was never saved)."""
    ref = case_ref(store)
    if ref is None:
        return None
    view = ws.case(*ref).meta.get("view")
    return dict(view) if isinstance(view, Mapping) else None


def saved_views(ws: Workspace, store: Any) -> list[dict[str, Any]]:
    """The saved views (slides) of the open case, in order."""
    ref = case_ref(store)
    if ref is None:
        return []
    views = ws.case(*ref).meta.get("views") or []
    return [dict(v) for v in views if isinstance(v, Mapping)]


def keeping_viewport(store: dict[str, Any] | None, viewport: Any) -> dict[str, Any] | None:
    """The case store of a new revision made while ``viewport`` was on screen: once the
    revision is drawn, that viewport is laid on again (see ``KEEP_VIEWPORT``).

    >>> port = {"pan": {"x": 1, "y": 2}, "zoom": 2, "viewport_width": 9, "viewport_height": 6}
    >>> keeping_viewport({"case_id": "c", "rev": 3}, port)["viewport"]["zoom"]
    2.0
    >>> keeping_viewport({"case_id": "c", "rev": 3}, None)
    {'case_id': 'c', 'rev': 3}
    """
    port = viewport_of(viewport)
    if store is None or port is None:
        return store
    return {**store, KEEP_VIEWPORT: port}


# -- the marks a view keeps (a slide plays back the marks it was saved with) ------------------
def marks_state(store: Any, overlays: Mapping[str, Any], tab: str | None) -> dict[str, Any]:
    """The marks on screen, as a slide keeps them: overlay store id -> its classes (only
    the marks drawn now: of this revision, and of the open tab when bound to one).

    >>> store = {"case_id": "c", "rev": 2}
    >>> path = {"case": ["c", 2], "classes": {"ov-path": ["a"]}, "fit": True}
    >>> marks_state(store, {ids.OVERLAY_PATHS: path, ids.OVERLAY_DISRUPTION: path}, "paths")
    {'overlays': {'overlay-paths': {'ov-path': ['a']}}, 'tab': 'paths'}
    """
    from components.overlays import TAB_BOUND

    ref = case_ref(store)
    kept = {}
    for store_id, data in overlays.items():
        if not isinstance(data, Mapping) or ref is None or \
                list(data.get("case") or []) != [ref[0], ref[1]]:
            continue
        if store_id in TAB_BOUND and tab != TAB_BOUND[store_id]:
            continue
        classes = {cls: refs for cls, refs in (data.get("classes") or {}).items() if refs}
        if classes:
            kept[store_id] = classes
    return {"overlays": kept, "tab": tab}


def slide_marks(store: Any, view: Mapping[str, Any] | None) -> tuple[list[Any], Any]:
    """The overlay stores (in ``ids.OVERLAYS`` order) and the tab that show a slide's marks
    exactly: the marks it was saved with, and none of what is on screen now. Never refitted
    (the slide's own viewport is laid on by the restore)."""
    from components.overlays import TAB_BOUND, overlay

    saved = (view or {}).get("marks") or {}
    kept = saved.get("overlays") or {}
    values = []
    for store_id in ids.OVERLAYS:
        # tags are the analyst's data on the entities, not a mark of one view
        values.append(no_update if store_id == ids.OVERLAY_TAGS
                      else overlay(store, kept.get(store_id) or {}))
    bound = [TAB_BOUND[s] for s in kept if s in TAB_BOUND]
    return values, (bound[0] if bound else no_update)


# -- applying a view ------------------------------------------------------------------------
# What applying a view writes, by name: (name, component, property).
APPLIED = (("measure", ids.SIZE_MEASURE, "value"), ("colour_by", ids.COLOUR_BY, "value"),
           ("topk", ids.HUBS_TOPK, "value"), ("checked", ids.TYPE_FILTER, "value"),
           ("min_degree", ids.MIN_DEGREE, "value"), ("layout", ids.LAYOUT_PICKER, "value"),
           ("selection", ids.SELECTION, "data"), ("restore", ids.VIEW_RESTORE, "data"),
           ("memory", ids.VIEW_MEMORY, "data"), ("title", ids.PRESENT_TITLE, "children"),
           *((store_id, store_id, "data") for store_id in ids.OVERLAYS),
           ("tab", ids.ANALYSIS_TABS, "value"))


def shown_case(memory: Any) -> str | None:
    """The case whose view the controls show (``ids.VIEW_MEMORY``), None before any.

    >>> shown_case({"case_id": "c1"}), shown_case(None)
    ('c1', None)
    """
    return str(memory["case_id"]) if isinstance(memory, Mapping) and memory.get("case_id") \
        else None


def on_case_loaded(ws: Workspace, store: Any, memory: Any) -> dict[str, Any]:
    """What to write once a case is loaded (its controls reset or kept by
    components/controls.py), by name as in ``APPLIED``; names left out are not changed.

    Another case: the view saved with it, if any (controls, selection, viewport). A new
    revision of the case on screen: the controls and the selection stay as the analyst left
    them, and the viewport the revision was made in (``KEEP_VIEWPORT``), if any, is laid on
    again (the new revision is drawn afresh)."""
    ref = case_ref(store)
    if ref is None or store.get("delta"):
        return {}  # no case, or an expansion: the view on screen stays as it is
    if shown_case(memory) == ref[0]:
        port = viewport_of(store.get(KEEP_VIEWPORT))
        if port is None:
            return {}
        return {"restore": {"case": [ref[0], ref[1]], **port, "selection": None,
                            "t": time.time_ns()}}
    out: dict[str, Any] = {"memory": {"case_id": ref[0]}}
    state = saved_view(ws, store)
    if not state:
        return out
    values = control_values(ws, ref, state)
    restore = restore_payload(ref, state)
    out.update(values)
    if restore is not None:
        out["restore"] = restore
    return out


def on_slide(ws: Workspace, store: Any, index: int) -> dict[str, Any]:
    """What to write to show slide ``index`` of the open case (clamped to the slides there
    are): its controls, selection, viewport and marks, and the presentation bar's title."""
    ref = case_ref(store)
    views = saved_views(ws, store)
    if ref is None:
        return {"title": "No case open"}
    if not views:
        return {"title": f"{ws.case(*ref).name} · no saved views"}
    index = max(0, min(int(index), len(views) - 1))
    view = views[index]
    values = control_values(ws, ref, view)
    values.pop("layout")  # a slide keeps the layout on screen (a new one would move it all)
    out: dict[str, Any] = {
        **values,
        "title": f"{index + 1} / {len(views)} · {view.get('title') or f'View {index + 1}'}"}
    restore = restore_payload(ref, view)
    if restore is not None:
        out["restore"] = restore
    marks, tab = slide_marks(store, view)
    out.update(zip(ids.OVERLAYS, marks, strict=True))
    out["tab"] = tab
    return out


def outputs_of(named: Mapping[str, Any]) -> tuple:
    """``named`` in ``APPLIED`` order, ``no_update`` for the names it leaves out."""
    return tuple(named.get(name, no_update) for name, _, _ in APPLIED)


# -- layout and callbacks -------------------------------------------------------------------
def layout() -> list[dcc.Store]:
    return [dcc.Store(id=ids.VIEWPORT), dcc.Store(id=ids.VIEW_MEMORY),
            dcc.Store(id=ids.VIEW_RESTORE), dcc.Store(id=ids.VIEW_APPLIED)]


def register(app) -> None:
    # the dialogs open and close in the browser; opening one reads the canvas viewport
    app.clientside_callback(
        ClientsideFunction("casegraph", "dialog"),
        *[Output(dialog, "is_open") for _, _, dialog in DIALOGS],
        Output(ids.VIEWPORT, "data"),
        *[Input(button, "n_clicks") for opener, closer, _ in DIALOGS
          for button in (opener, closer)],
        prevent_initial_call=True,
    )

    # The controls reset themselves for another case (components/controls.py); this runs
    # after them (it listens to ids.CONTROLS_CASE, which they write for a revision taken
    # whole, not for an expansion's delta) and lays the case's view on; a slide lays its own
    # view on.
    @app.callback(
        *[Output(component, prop, allow_duplicate=True) for _, component, prop in APPLIED],
        Input(ids.CONTROLS_CASE, "data"),
        Input(ids.BRIEFING_SLIDE, "data"),
        State(ids.CASE_STORE, "data"),
        State(ids.VIEW_MEMORY, "data"),
        prevent_initial_call=True,
    )
    def on_view(_controls, slide, store, memory):
        ws = workspace()
        if ctx.triggered_id == ids.BRIEFING_SLIDE:
            return outputs_of(on_slide(ws, store, int((slide or {}).get("index", 0))))
        return outputs_of(on_case_loaded(ws, store, memory))

    app.clientside_callback(
        ClientsideFunction("casegraph", "restoreView"),
        Output(ids.VIEW_APPLIED, "data"),
        Input(ids.VIEW_RESTORE, "data"),
        Input(ids.CANVAS_SYNC, "data"),
        prevent_initial_call=True,
    )
