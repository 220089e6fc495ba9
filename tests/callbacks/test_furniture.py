"""Dialogs, tables and tags through the app's real routes (``/_dash-update-component`` in
process, logged in): dialogs are Modals opened by ``is_open``, tables are AgGrids whose
clicks carry the row id, a tag click answers with the revision, its delta and the same
selection, and the tabs compute only while open."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pytest
from dash import dash_table

from components import ids
from tests.callbacks.conftest import small_case

DIALOGS = (ids.CASES_DIALOG, ids.BRIEFING_DIALOG, ids.EXPORT_DIALOG, ids.CASE_SETTINGS_DIALOG)



def components_of(layout):
    yield layout
    children = getattr(layout, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from components_of(child)


def test_dialogs_are_modals_and_tables_are_grids(route_app):
    app = route_app
    page = app.validation_layout
    found = {c.id: c for c in components_of(page) if isinstance(getattr(c, "id", None), str)}
    assert all(isinstance(found[d], dbc.Modal) and found[d].is_open is False for d in DIALOGS)
    assert isinstance(found[ids.CASES_GRID], dag.AgGrid)
    assert isinstance(found[ids.SIGNALS_TABLE], dag.AgGrid)
    assert isinstance(found[ids.HUBS_TABLE], dag.AgGrid)
    # the deprecated table is gone
    assert not [c.id for c in components_of(page) if isinstance(c, dash_table.DataTable)]
    # the dialogs' own stylesheet is served from the app, like the rest
    client = app.server.test_client()
    css = client.get("/assets/dialogs.css")
    assert css.status_code == 200 and b".modal-dialog" in css.data


def test_the_cases_dialog_fills_its_grid_only_when_open_and_a_click_opens_a_case(ana):
    fill = ana.callback(ids.CASES_GRID, ids.CASES_DIALOG)
    closed = ana.fire(fill, inputs={ids.CASES_DIALOG: False}, trigger=ids.CASES_DIALOG,
                      prop="is_open", state={ids.CASE_STORE: ana.store})
    assert closed == {}
    opened = ana.fire(fill, inputs={ids.CASES_DIALOG: True}, trigger=ids.CASES_DIALOG,
                      prop="is_open", state={ids.CASE_STORE: ana.store})
    rows = opened[ids.CASES_GRID]["rowData"]
    assert [(r["name"], r["open"]) for r in rows] == [("Small fictional case", "")]

    copy = ana.ws.import_case(small_case())[0]
    reopen = ana.callback(ids.CASES_DIALOG, ids.CASES_GRID)
    cell = {"colId": "open", "rowId": copy, "value": "Open", "rowIndex": 1}
    answer = ana.fire(reopen, inputs={ids.CASES_GRID: cell}, trigger=ids.CASES_GRID,
                      prop="cellClicked")
    assert answer[ids.CASE_PICKER]["value"] == copy
    assert answer[ids.CASES_DIALOG]["is_open"] is False
    # a click elsewhere on the row changes nothing
    other = ana.fire(reopen, inputs={ids.CASES_GRID: {**cell, "colId": "name"}},
                     trigger=ids.CASES_GRID, prop="cellClicked")
    assert other == {}


def test_a_tag_click_answers_with_revision_delta_and_selection(ana):
    tag = {"index": "suspect", "type": ids.TAG_SET}
    answer = ana.press(ids.CASE_STORE, tag,
                       state={ids.SELECTION: {"kind": "node", "id": "ash"},
                              ids.CASE_STORE: ana.store})
    rev = ana.store["rev"] + 1
    assert answer[ids.CASE_STORE]["data"] == {**ana.store, "rev": rev, "delta": True}
    assert answer[ids.ENRICH_DELTA]["data"]["case"] == [ana.store["case_id"], rev]
    assert answer[ids.SELECTION]["data"]["id"] == "ash"
    # the gate passes no redraw on (tests/js/clicks.test.js); were one to come, it is not a
    # click
    again = ana.press(ids.CASE_STORE, tag, 0,
                      state={ids.SELECTION: {"kind": "node", "id": "ash"},
                             ids.CASE_STORE: ana.store})
    assert again == {}


def test_an_analysis_tab_hears_of_the_case_only_through_its_own_store(ana):
    # the client-side gate (assets/open_tab.js, tests/js/open_tab.test.js) passes the case
    # on only while the tab is open: no tab callback may take the case store, the open tab
    # or the selection as an input of its own
    from components import layout, open_tab

    gated = open_tab.case_tabs(layout.ANALYSIS_TABS)
    assert {"structure", "disruption", "paths", "signals", "time", "audit"} <= set(gated)
    own = {ids.tab_case(t) for t in gated} | {
        ids.tab_selection(t) for t in open_tab.selection_tabs(layout.ANALYSIS_TABS)}
    readers = [dep for dep in ana.callbacks
               if own & {i["id"] for i in dep["inputs"]}]
    assert len(readers) >= 10
    for dep in readers:
        inputs = {i["id"] for i in dep["inputs"]}
        assert not inputs & {ids.CASE_STORE, ids.ANALYSIS_TABS, ids.SELECTION}, dep["output"]


@pytest.mark.parametrize("output", [ids.SIGNALS_SUMMARY, ids.SIGNALS_POSTS])
def test_a_tab_computes_from_its_own_store(ana, output):
    dep = ana.callback(output, ids.tab_case("signals"))
    seen = {**ana.store, "view": "people"}
    opened = ana.fire(dep, inputs={ids.tab_case("signals"): seen,
                                   ids.tab_selection("signals"): {"kind": "node", "id": "ash"}},
                      trigger=ids.tab_case("signals"), prop="data")
    assert output in opened


def test_a_merge_keeps_the_person_selected_through_the_selection_s_one_owner(ana):
    # Merge "bay" into "ash" in the inspector: the merge callback answers with the new
    # revision and keeps the person for it on the server, ids.RESOLVE_LAST naming it ...
    merged = ana.press(ids.CASE_STORE, {"type": ids.RESOLVE_MERGE, "index": "ash"},
                       state={ids.SELECTION: {"kind": "node", "id": "ash"},
                              ids.CASE_STORE: ana.store, ids.RESOLVE_WITH: [
                                  ({"type": ids.RESOLVE_WITH, "index": "ash"}, "bay")]})
    store = merged[ids.CASE_STORE]["data"]
    last = merged[ids.RESOLVE_LAST]["data"]
    assert store["rev"] == ana.store["rev"] + 1 and set(last) == {"id"}
    kept = ana.ws.enrichment().results.get(last["id"], user="ana")
    assert (kept["node"], kept["rev"]) == ("ash", store["rev"])
    # ... and the selection's owner, on that revision, keeps them selected
    on_select = ana.callback(ids.SELECTION, ids.CASE_OPENED)
    assert {i["id"] for i in on_select["inputs"]} >= {ids.CASE_OPENED, ids.TAP, ids.PICK_CLICK}
    kept = ana.fire(on_select, inputs={ids.CASE_OPENED: store},
                    state={ids.RESOLVE_LAST: last}, trigger=ids.CASE_OPENED, prop="data")
    assert kept[ids.SELECTION]["data"] == {"kind": "node", "id": "ash", "centre": False,
                                           "via": "panel"}
    # any other revision clears the selection, as before
    other = ana.fire(on_select, inputs={ids.CASE_OPENED: {**store, "rev": store["rev"] + 1}},
                     state={ids.RESOLVE_LAST: last}, trigger=ids.CASE_OPENED, prop="data")
    assert other[ids.SELECTION]["data"] is None
    # a made-up or another analyst's id names nothing
    forged = ana.fire(on_select, inputs={ids.CASE_OPENED: store},
                      state={ids.RESOLVE_LAST: {"id": "forged"}}, trigger=ids.CASE_OPENED,
                      prop="data")
    assert forged[ids.SELECTION]["data"] is None

    # Undo takes back the revision the server kept, whatever else the page sends
    undo = ana.callback(ids.RESOLVE_STATUS, ids.RESOLVE_UNDO)
    undone = ana.fire(undo, inputs={ids.RESOLVE_UNDO: 1}, trigger=ids.RESOLVE_UNDO,
                      state={ids.RESOLVE_LAST: last})
    assert undone[ids.CASE_STORE]["data"]["rev"] == store["rev"] + 1
    assert "bay" in ana.ws.case(ana.store["case_id"]).graph  # the merge is taken back
    nothing = ana.fire(undo, inputs={ids.RESOLVE_UNDO: 2}, trigger=ids.RESOLVE_UNDO,
                       state={ids.RESOLVE_LAST: {"id": "forged", "case_id": store["case_id"],
                                                 "rev": store["rev"]}})
    assert nothing == {}
    # nothing else writes the selection back when it changes (the re-select callback is gone)
    assert not [dep for dep in ana.callbacks
                if any(i["id"] == ids.SELECTION for i in dep["inputs"])
                and ids.SELECTION + "." in dep["output"]]


def test_a_neighbour_click_reaches_the_selection_through_its_gate(ana):
    picked = ana.press(ids.SELECTION, {"type": ids.NEIGHBOUR_ITEM, "index": "bay"})
    assert picked[ids.SELECTION]["data"] == {"kind": "node", "id": "bay", "centre": True}
    # the server callbacks of the inspector's buttons have no pattern-matching input
    # left: the page's gates (components/clicks.py) pass only clicks on to them
    gated = {ids.NEIGHBOUR_ITEM, ids.INSPECTOR_CLUSTER, ids.TAG_SET, ids.TAG_NOTE_SAVE,
             ids.ENRICH_EXPAND, ids.ENRICH_HOPS, ids.RESOLVE_MERGE, ids.RESOLVE_SPLIT,
             ids.ARREST_ADD, ids.PEOPLE_HOLDINGS}
    for dep in ana.callbacks:
        if dep.get("clientside_function"):
            continue
        kinds = {i["id"] for i in dep["inputs"] if i["id"].startswith("{")}
        assert not [k for k in kinds if any(f'"{t}"' in k for t in gated)], dep["output"]
