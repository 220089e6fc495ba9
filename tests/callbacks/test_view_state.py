"""The view state (components/view_state.py): what it is made of, how a saved view or a slide
is laid on, one writer per store, and the callbacks through the app's real routes."""

from __future__ import annotations

import pytest
from dash import no_update

from components import briefing, cases, ids, view_state
from components.controls import DEFAULT_MEASURE
from components.state import case_ref

TYPES = [{"value": "person"}, {"value": "phone"}, {"value": "account"}]
VIEWPORT = {"pan": {"x": 120.0, "y": -40.0}, "zoom": 1.5, "viewport_width": 900,
            "viewport_height": 600, "case": "ignored@1"}


def a_state(**changes):
    state = view_state.view_state("betweenness", "community", 3, ["person", "account"], TYPES,
                                  1, "concentric", {"kind": "node", "id": "cob", "centre": True},
                                  VIEWPORT)
    state.update(changes)
    return state


def test_view_state_from_the_controls():
    assert a_state() == {
        "measure": "betweenness", "colour_by": "community", "topk": 3,
        "hidden_types": ["phone"], "min_degree": 1, "layout": "concentric",
        "selection": {"kind": "node", "id": "cob"},
        "pan": {"x": 120.0, "y": -40.0}, "zoom": 1.5, "viewport_width": 900.0,
        "viewport_height": 600.0,
    }


def test_view_state_falls_back_to_defaults_for_unknown_values():
    state = view_state.view_state("nonsense", "rainbow", 99, None, None, None, "spiral",
                                  {"kind": "edge", "id": "e1"}, {"zoom": 0})
    assert state == {"measure": DEFAULT_MEASURE, "colour_by": "type", "topk": 25,
                     "hidden_types": [], "min_degree": 0, "layout": "preset",
                     "selection": None}


def test_a_viewport_without_size_is_not_kept():
    assert view_state.viewport_of({"pan": {"x": 1, "y": 2}, "zoom": 1, "viewport_width": 0,
                                   "viewport_height": 10}) is None
    assert view_state.viewport_of(None) is None
    assert view_state.viewport_of({"pan": None, "zoom": "2", "width": 10, "height": 20}) == {
        "pan": {"x": 0.0, "y": 0.0}, "zoom": 2.0, "viewport_width": 10.0,
        "viewport_height": 20.0}


def test_picture_view_matches_the_dashboard(ws, store):
    ref = case_ref(store)
    view = view_state.picture_view(ws, ref, a_state(topk=1, measure="degree"))

    assert view.hubs == ("ash", "cob")  # the top hub, then the selected entity
    assert (view.top_hubs, view.size_by, view.colour_by) == (0, "degree", "community")
    assert view.hidden_types == ("phone",) and view.min_degree == 1
    assert view.viewport.model_box() == (-80.0, 40.0 / 1.5, 520.0, 640.0 / 1.5)
    assert view_state.picture_view(ws, ref, a_state(), fit=True).viewport is None


# -- laying a view on ---------------------------------------------------------------------
def test_opening_a_case_lays_its_saved_view_on(ws, store):
    new = cases.save_case(ws, store, a_state())

    out = view_state.on_case_loaded(ws, new, memory={"case_id": "another"})

    assert {k: out[k] for k in ("measure", "colour_by", "topk", "min_degree", "layout")} == {
        "measure": "betweenness", "colour_by": "community", "topk": 3, "min_degree": 1,
        "layout": "concentric"}
    assert out["checked"] == ["account", "person"]  # every type present but the hidden phone
    assert out["selection"] == {"kind": "node", "id": "cob"}
    restore = out["restore"]
    assert restore["case"] == [new["case_id"], 2]
    assert (restore["pan"], restore["zoom"], restore["viewport_width"]) == (
        {"x": 120.0, "y": -40.0}, 1.5, 900.0)
    assert restore["selection"] == {"kind": "node", "id": "cob"}
    assert out["memory"] == {"case_id": new["case_id"]}  # the controls now show this case


def test_a_case_never_saved_keeps_the_defaults(ws, store):
    out = view_state.on_case_loaded(ws, store, None)
    assert out == {"memory": {"case_id": store["case_id"]}}
    outputs = view_state.outputs_of(out)
    assert len(outputs) == len(view_state.APPLIED)
    assert sum(v is not no_update for v in outputs) == 1
    assert view_state.on_case_loaded(ws, None, None) == {}


def test_a_new_revision_of_the_case_on_screen_keeps_the_analysts_view(ws, store):
    saved = cases.save_case(ws, store, a_state())
    shown = {"case_id": store["case_id"]}
    # a tag, a rename: the controls and the selection on screen stay, nothing is laid on
    assert view_state.on_case_loaded(ws, saved, shown) == {}
    # an expansion: the same
    assert view_state.on_case_loaded(ws, {**saved, "delta": {"nodes": []}}, None) == {}


def test_a_revision_made_from_a_dialog_lays_the_viewport_of_the_screen_on_again(ws, store):
    saved = view_state.keeping_viewport(cases.save_case(ws, store, a_state()),
                                        {**VIEWPORT, "zoom": 3.0})
    assert saved["viewport"]["zoom"] == 3.0

    out = view_state.on_case_loaded(ws, saved, {"case_id": store["case_id"]})

    assert set(out) == {"restore"}  # the controls and the selection stay as they are
    assert out["restore"]["zoom"] == 3.0 and out["restore"]["selection"] is None
    assert out["restore"]["case"] == [store["case_id"], saved["rev"]]


def saved_two_views(ws, store):
    first = view_state.view_state("degree", "type", 5, ["person", "phone", "account"], TYPES, 0,
                                  viewport={"pan": {"x": 0, "y": 0}, "zoom": 1,
                                            "viewport_width": 800, "viewport_height": 500})
    second = view_state.view_state("betweenness", "community", 2, ["person"], TYPES, 1,
                                   selection={"kind": "node", "id": "ash"},
                                   viewport={"pan": {"x": -300, "y": -100}, "zoom": 2.5,
                                             "viewport_width": 800, "viewport_height": 500})
    store = cases.add_view(ws, store, first, "Whole ring")
    return cases.add_view(ws, store, second, "  ")


def test_saved_views_are_the_cases_slides(ws, store):
    store = saved_two_views(ws, store)
    assert [v["title"] for v in view_state.saved_views(ws, store)] == ["Whole ring", "View 2"]
    assert view_state.saved_view(ws, store)["title"] == "View 2"  # the last is the case's


def test_stepping_to_a_slide_sets_its_controls_and_viewport(ws, store):
    store = saved_two_views(ws, store)

    out = view_state.on_slide(ws, store, 1)

    assert (out["measure"], out["colour_by"], out["topk"], out["checked"],
            out["min_degree"]) == ("betweenness", "community", 2, ["person"], 1)
    assert "layout" not in out  # a slide keeps the layout on screen
    assert "memory" not in out  # the case on screen is the same
    assert out["selection"] == {"kind": "node", "id": "ash"}
    restore = out["restore"]
    assert (restore["pan"], restore["zoom"], restore["case"]) == (
        {"x": -300.0, "y": -100.0}, 2.5, [store["case_id"], 3])
    assert out["title"] == "2 / 2 · View 2"
    assert view_state.on_slide(ws, store, 7)["title"] == "2 / 2 · View 2"  # clamped
    assert view_state.on_slide(ws, store, -1)["title"] == "1 / 2 · Whole ring"


def test_presenting_without_saved_views(ws, store):
    assert view_state.on_slide(ws, store, 0) == {"title": "Small fictional case · no saved views"}
    assert view_state.on_slide(ws, None, 0) == {"title": "No case open"}


def test_a_slide_keeps_the_marks_on_screen_and_plays_back_exactly_them(ws, store):
    from components.overlays import overlay

    path = overlay(store, {"ov-path": ["ash", ("ash", "bay"), "bay"]}, fit=True)
    arrests = overlay(store, {"ov-removed": ["cob"]})
    on_screen = {ids.OVERLAY_PATHS: path, ids.OVERLAY_DISRUPTION: arrests}
    # the arrests belong to the Disruption tab: under Paths they are not on screen
    marks = view_state.marks_state(store, on_screen, "paths")
    assert marks == {"overlays": {ids.OVERLAY_PATHS: {"ov-path": path["classes"]["ov-path"]}},
                     "tab": "paths"}

    later = {"case_id": store["case_id"], "rev": store["rev"] + 1}
    values, tab = view_state.slide_marks(later, {"marks": marks})
    by_store = dict(zip(ids.OVERLAYS, values, strict=True))
    assert by_store[ids.OVERLAY_PATHS]["classes"] == {"ov-path": ["ash", ["ash", "bay"], "bay"]}
    assert by_store[ids.OVERLAY_PATHS]["case"] == [later["case_id"], later["rev"]]
    assert by_store[ids.OVERLAY_PATHS]["fit"] is False  # the slide's viewport, not a refit
    assert by_store[ids.OVERLAY_DISRUPTION]["classes"] == {}
    assert by_store[ids.OVERLAY_TAGS] is no_update and tab is no_update

    # a slide saved clean plays back clean, whatever is on screen
    clean, _ = view_state.slide_marks(later, {"title": "Whole ring"})
    assert all(v is no_update or v["classes"] == {} for v in clean)


# -- through the app's routes ---------------------------------------------------------------

def writers(client, store_id: str) -> list[dict]:
    return [dep for dep in client.callbacks
            if any(part.split("@")[0] == f"{store_id}.data"
                   for part in dep["output"].strip(".").split("..."))]


@pytest.mark.parametrize("store_id", [ids.VIEWPORT, ids.VIEW_MEMORY, ids.VIEW_RESTORE,
                                      ids.VIEW_APPLIED])
def test_each_view_store_has_one_writer(ana, store_id):
    assert len(writers(ana, store_id)) == 1


def test_one_callback_lays_a_view_on_the_controls(ana):
    appliers = [dep for dep in ana.callbacks
                if f"{ids.SIZE_MEASURE}.value" in dep["output"]
                and any(i["id"] == ids.CONTROLS_CASE for i in dep["inputs"])]
    assert len(appliers) == 1
    assert {i["id"] for i in appliers[0]["inputs"]} == {ids.CONTROLS_CASE, ids.BRIEFING_SLIDE}


def test_a_saved_view_comes_back_when_the_case_opens_and_a_slide_through_its_route(ana):
    store = saved_two_views(ana.ws, ana.store)
    apply = ana.callback(ids.VIEW_RESTORE, ids.BRIEFING_SLIDE)

    opened = ana.fire(apply, inputs={ids.CONTROLS_CASE: store}, trigger=ids.CONTROLS_CASE,
                      prop="data", state={ids.CASE_STORE: store, ids.VIEW_MEMORY: None})
    assert opened[ids.SIZE_MEASURE]["value"] == "betweenness"  # the last saved view
    assert opened[ids.VIEW_MEMORY]["data"] == {"case_id": store["case_id"]}
    assert opened[ids.VIEW_RESTORE]["data"]["zoom"] == 2.5
    assert ids.PRESENT_TITLE not in opened

    shown = opened[ids.VIEW_MEMORY]["data"]
    slide = ana.fire(apply, inputs={ids.BRIEFING_SLIDE: {"index": 0}},
                     trigger=ids.BRIEFING_SLIDE, prop="data",
                     state={ids.CASE_STORE: store, ids.VIEW_MEMORY: shown})
    assert slide[ids.SIZE_MEASURE]["value"] == "degree"
    assert slide[ids.COLOUR_BY]["value"] == "type"
    assert slide[ids.PRESENT_TITLE]["children"] == "1 / 2 · Whole ring"
    assert ids.VIEW_MEMORY not in slide and ids.LAYOUT_PICKER not in slide

    # a new revision of the case on screen: nothing is laid on, the controls stay
    again = ana.fire(apply, inputs={ids.CONTROLS_CASE: store}, trigger=ids.CONTROLS_CASE,
                     prop="data", state={ids.CASE_STORE: store,
                                            ids.VIEW_MEMORY: shown})
    assert again == {}


def test_saving_a_view_keeps_the_viewport_on_screen_through_the_reload(ana):
    save = ana.callback(ids.BRIEFING_VIEW_TITLE, ids.BRIEFING_SAVE_VIEW)
    answer = ana.fire(save, inputs={ids.BRIEFING_SAVE_VIEW: 1}, trigger=ids.BRIEFING_SAVE_VIEW,
                      state={ids.BRIEFING_VIEW_TITLE: "Core", ids.VIEWPORT: VIEWPORT,
                             ids.CASE_STORE: ana.store, ids.SIZE_MEASURE: "pagerank",
                             ids.TYPE_FILTER: ["person"]})
    new = answer[ids.CASE_STORE]["data"]
    assert new["rev"] == ana.store["rev"] + 1 and new["viewport"]["zoom"] == 1.5
    assert [v["title"] for v in view_state.saved_views(ana.ws, new)] == ["Core"]
    assert "Core" in str(answer[ids.BRIEFING_STATUS]["children"])  # the slides, redrawn
    # a closed briefing hears nothing of a new revision
    body = ana.callback(ids.BRIEFING_BODY, ids.BRIEFING_DIALOG)
    assert [i["id"] for i in body["inputs"]] == [ids.BRIEFING_DIALOG]

    # the controls stay (components/controls.py keeps them for the case on screen)
    controls = ana.callback(ids.TYPE_FILTER, ids.CASE_STORE)
    memory = {"case_id": new["case_id"]}
    reset = ana.fire(controls, inputs={ids.CASE_STORE: new}, trigger=ids.CASE_STORE,
                     prop="data", state={ids.SIZE_MEASURE: "pagerank", ids.VIEW_MEMORY: memory,
                                         f"{ids.TYPE_FILTER}.value": ["person"],
                                         f"{ids.TYPE_FILTER}.options": TYPES})
    assert "value" not in reset[ids.MIN_DEGREE] and ids.COLOUR_BY not in reset
    assert "value" not in reset[ids.TYPE_FILTER] and "value" not in reset[ids.SIZE_MEASURE]
    # a revision taken whole: the view of the case is laid on after the controls
    assert reset[ids.CONTROLS_CASE]["data"] == {"case_id": new["case_id"], "rev": new["rev"]}
    # an expansion's delta: the counts follow, the view on screen is not laid on again
    delta = ana.fire(controls, inputs={ids.CASE_STORE: {**new, "delta": True}},
                     trigger=ids.CASE_STORE, prop="data",
                     state={ids.SIZE_MEASURE: "pagerank", ids.VIEW_MEMORY: memory,
                            f"{ids.TYPE_FILTER}.value": ["person"],
                            f"{ids.TYPE_FILTER}.options": TYPES})
    assert ids.TYPE_FILTER in delta and ids.CONTROLS_CASE not in delta
    # another case resets them
    other = ana.fire(controls, inputs={ids.CASE_STORE: new}, trigger=ids.CASE_STORE,
                     prop="data", state={ids.SIZE_MEASURE: "pagerank",
                                         ids.VIEW_MEMORY: {"case_id": "another"},
                                         f"{ids.TYPE_FILTER}.value": ["person"],
                                         f"{ids.TYPE_FILTER}.options": TYPES})
    assert other[ids.MIN_DEGREE]["value"] == 0
    assert set(other[ids.TYPE_FILTER]["value"]) == {"person", "phone", "account"}
    # then the viewport is laid on again
    apply = ana.callback(ids.VIEW_RESTORE, ids.BRIEFING_SLIDE)
    laid = ana.fire(apply, inputs={ids.CONTROLS_CASE: reset[ids.CONTROLS_CASE]["data"]},
                    trigger=ids.CONTROLS_CASE, prop="data",
                    state={ids.CASE_STORE: new, ids.VIEW_MEMORY: memory})
    assert set(laid) == {ids.VIEW_RESTORE}
    assert laid[ids.VIEW_RESTORE]["data"]["pan"] == {"x": 120.0, "y": -40.0}


def test_the_briefing_module_keeps_no_copy_of_the_view_callbacks():
    assert not hasattr(briefing, "slide_outputs") and not hasattr(cases, "restore_outputs")
