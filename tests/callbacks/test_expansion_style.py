"""An expansion on a large case answers no stylesheet when only the sizes of the cluster
bubbles would change: the delta is laid on the overview on screen (the revision before's),
and a new sheet restyles every element of the canvas (2-3 s at 5,000 entities)."""

from __future__ import annotations

from casegraph.access import Actor
from components import diagram, ids
from tests.callbacks.test_overview_style import entity_rules, icon, large, open_case  # noqa: F401

CONTROLS = ("degree", "community", 5, [{"label": "Phones", "value": "phone"}], ["phone"], 0)


def expanded(client, contacts: int = 1) -> dict:
    """A new revision of the case on screen with one phone more (next to the one it was
    found from) in touch with ``contacts`` phones of the first ring, as the page stores
    an expansion."""
    base = dict(client.store)
    ws = client.workspace.session(Actor("ana", "analyst"))
    case = ws.case(base["case_id"], base["rev"]).copy()
    case.add_entity("far", "phone", "07700 900999")
    for k in range(contacts):
        case.add_link("far", f"r0n{k}", "call")
    x, y = case.positions["r0n0"]
    case.positions["far"] = (x + 5.0, y + 5.0)
    rev = ws.save_revision(base["case_id"], case, keep=True, note="one phone more")
    return {"case_id": base["case_id"], "rev": rev, "delta": True, "base": base["rev"]}


def stylesheet_answer(client, store: dict) -> dict:
    measure, colour, topk, options, checked, least = CONTROLS
    dep = client.callback(ids.CYTOSCAPE, ids.COLOUR_BY)
    return client.fire(dep, inputs={ids.CASE_STORE: store, ids.SIZE_MEASURE: measure,
                                    ids.COLOUR_BY: colour, ids.HUBS_TOPK: topk,
                                    ids.TYPE_FILTER: checked, ids.MIN_DEGREE: least,
                                    ids.ANALYSIS_VIEW: "all"},
                       state={ids.TYPE_FILTER: options,
                              ids.VIEW_MEMORY: {"case_id": store["case_id"]}},
                       trigger=ids.CASE_STORE, prop="data")


def test_an_expansion_sends_no_sheet_for_bubble_sizes_alone(large):  # noqa: F811
    open_case(large)
    before = dict(large.store)
    store = expanded(large)
    ws = large.workspace.session(Actor("ana", "analyst"))
    on_screen = diagram.view_stylesheet(ws, before, icon, *CONTROLS, view="all")
    own = diagram.view_stylesheet(ws, store, icon, *CONTROLS, view="all")
    # made for its own overview, the new revision's sheet differs in the bubbles alone
    assert own != on_screen and entity_rules(own) == entity_rules(on_screen)

    answer = stylesheet_answer(large, store)

    assert ids.CYTOSCAPE not in answer  # no update: the canvas keeps its sheet
    assert answer[ids.GRAPH_STATUS]["children"].startswith("41 entities")
    # the same revision opened afresh (not as a delta) is styled for its own overview
    fresh = stylesheet_answer(large, {"case_id": store["case_id"], "rev": store["rev"]})
    assert fresh[ids.CYTOSCAPE]["stylesheet"] == own


def test_an_expansion_that_changes_what_is_drawn_sends_its_sheet(large):  # noqa: F811
    open_case(large)
    store = expanded(large, contacts=10)  # the new phone is the first hub

    answer = stylesheet_answer(large, store)

    sheet = answer[ids.CYTOSCAPE]["stylesheet"]
    ws = large.workspace.session(Actor("ana", "analyst"))
    assert sheet == diagram.kept_stylesheet(ws, store, icon, *CONTROLS, view="all",
                                            bubbles_of=(store["case_id"], store["base"]))
    assert any('"far"' in r["selector"] for r in sheet)


def test_the_case_callback_sends_no_elements_for_an_expansion(large):  # noqa: F811
    open_case(large)
    store = expanded(large)
    dep = large.callback(ids.ELEMENTS_STORE, ids.CASE_STORE)
    answer = large.fire(dep, inputs={ids.CASE_STORE: store, ids.ANALYSIS_VIEW: "all"},
                        state={ids.SIZE_MEASURE: "degree", ids.HUBS_TOPK: 5},
                        trigger=ids.CASE_STORE, prop="data")
    assert answer == {}  # the delta drew it (casegraph.enrichApply)
    # the same revision opened whole is sent
    whole = large.fire(dep, inputs={ids.CASE_STORE: {"case_id": store["case_id"],
                                                     "rev": store["rev"]},
                                    ids.ANALYSIS_VIEW: "all"},
                       state={ids.SIZE_MEASURE: "degree", ids.HUBS_TOPK: 5},
                       trigger=ids.CASE_STORE, prop="data")
    assert whole[ids.ELEMENTS_STORE]["data"]["case"] == [store["case_id"], store["rev"]]
