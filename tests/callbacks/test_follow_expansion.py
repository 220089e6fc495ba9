"""An expansion asks only the panels on screen whose content it changes: the tags overlay,
the case picker's entity count and the Showing strip follow it in the page
(assets/open_tab.js ``tags``, ``pickerCount``, ``showingKey``, run here under node with the
page's contract), and their server callbacks answer, through the app's real routes, only
the revisions the page cannot follow by itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from casegraph.samples import sample_cases
from components import case_settings, controls, enrich, ids, jscontract, showing, summary
from components.header import case_options
from components.overlays import overlay
from components.tags import TAGS, UNTAGGED, save_change, tag_overlay

ROOT = Path(__file__).resolve().parents[2]
NO = "<no update>"
ALL_SHOWN = list(TAGS) + [UNTAGGED]


def page(function: str, *args):
    """``function`` of assets/open_tab.js on ``args`` and the page's ``follow`` contract
    (``NO`` for Dash's no_update)."""
    script = ("const m = require(process.argv[1]);"
              "const args = JSON.parse(process.argv[2]);"
              f"process.stdout.write(JSON.stringify(m.{function}(...args)));")
    follow = jscontract.contract()["follow"]
    done = subprocess.run(["node", "-e", script, str(ROOT / "assets" / "open_tab.js"),
                           json.dumps([follow, *args, NO])],
                          capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def as_sets(data: dict) -> dict:
    return {"case": data["case"],
            "classes": {k: sorted(map(str, v)) for k, v in data["classes"].items() if v}}


@pytest.fixture
def grown(ana):
    """The SOCMINT case opened by ana, one entity tagged, then AC001 expanded: ``(store
    before, the page's store after, the delta)``."""
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    case_id, rev = ana.ws.import_case(case)
    ready, _, _, ok = case_settings.save_details(ana.ws, {"case_id": case_id, "rev": rev},
                                                 "OP-TEST-1", "Supply (fictional test)")
    assert ok
    tagged = save_change(ana.ws, ready, "AC002", tag="suspect")
    out = enrich.expand_action(ana.ws, tagged, "AC001", "records")
    assert out.store["delta"] and out.delta["nodes"]
    # what casegraph.js writes into the case store once the delta is drawn
    after = {**out.store, "base": out.delta["base"][1]}
    return tagged, after, out.delta


def test_no_server_callback_of_these_panels_hears_of_every_revision(ana):
    follows = {f"{ids.OVERLAY_TAGS}.data", f"{ids.TAG_LIST}.children",
               f"{ids.CASE_PICKER}.options", f"{ids.SHOWING}.children"}
    for dep in ana.callbacks:
        if dep.get("clientside_function"):
            continue
        outputs = {part.split("@")[0] for part in dep["output"].strip(".").split("...")}
        if outputs & follows:
            assert ids.CASE_STORE not in {i["id"] for i in dep["inputs"]}, dep["output"]
    gates = {dep["clientside_function"]["function_name"]: dep for dep in ana.callbacks
             if (dep.get("clientside_function") or {}).get("namespace") == "casegraph_tabs"}
    assert {"tags", "pickerCount", "showingKey"} <= set(gates)
    assert f"{ids.TAGS_CASE}.data" in gates["tags"]["output"]
    assert f"{ids.PICKER_ASK}.data" in gates["pickerCount"]["output"]


@pytest.mark.parametrize("shown", [ALL_SHOWN, list(TAGS)])
def test_the_tags_overlay_laid_on_an_expansion_is_the_one_the_server_would_make(ana, grown,
                                                                                shown):
    before, after, delta = grown
    made = ana.fire(ana.callback(ids.OVERLAY_TAGS, ids.TAGS_CASE),
                    inputs={ids.TAGS_CASE: before, ids.TAG_FILTER: shown},
                    trigger=ids.TAGS_CASE, prop="data")[ids.OVERLAY_TAGS]["data"]
    assert made["classes"]["tag-suspect"] == ["AC002"]
    moved, ask = page("tags", after, delta, shown, made, before)
    assert ask == NO  # the server is not asked
    assert as_sets(moved) == as_sets(tag_overlay(ana.ws, after, shown))
    if UNTAGGED not in shown:  # the new entities are hidden with the other untagged ones
        assert {n["data"]["id"] for n in delta["nodes"]} <= set(moved["classes"]["ov-hide"])


def test_a_tag_set_or_a_case_taken_whole_asks_the_tags_server_callback(ana, grown):
    before, after, delta = grown
    made = overlay(before, {"tag-suspect": ["AC002"]})
    retagged = save_change(ana.ws, after, "AC001", tag="associate")
    tag_store = {**retagged, "delta": True}  # components/tags.py tag_action
    assert page("tags", tag_store, delta, ALL_SHOWN, made, after) == [NO, tag_store]
    answer = ana.fire(ana.callback(ids.OVERLAY_TAGS, ids.TAGS_CASE),
                      inputs={ids.TAGS_CASE: tag_store, ids.TAG_FILTER: ALL_SHOWN},
                      trigger=ids.TAGS_CASE, prop="data")
    assert answer[ids.OVERLAY_TAGS]["data"]["classes"]["tag-associate"] == ["AC001"]
    assert "AC001" in str(answer[ids.TAG_LIST]["children"])
    whole = {"case_id": after["case_id"], "rev": after["rev"]}
    assert page("tags", whole, delta, ALL_SHOWN, made, after) == [NO, whole]
    # the same store again (a panel re-sent it): nothing to ask
    assert page("tags", whole, delta, ALL_SHOWN, made, whole) == [NO, NO]


def test_the_pickers_count_grows_in_the_page_as_the_server_would_count_it(ana):
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    case_id, rev = ana.ws.import_case(case)
    ready, _, _, _ = case_settings.save_details(ana.ws, {"case_id": case_id, "rev": rev},
                                                "OP-TEST-1", "Supply (fictional test)")
    shown = case_options(ana.ws)
    out = enrich.expand_action(ana.ws, ready, "AC001", "records")
    after = {**out.store, "base": out.delta["base"][1]}
    options, ask = page("pickerCount", after, out.delta, shown)
    assert ask == NO and options == case_options(ana.ws) != shown
    # a tag or the case's details (no new entity): nothing changes, nothing is asked
    assert page("pickerCount", {**ready, "delta": True}, None, shown) == [NO, NO]
    # an undo removes entities: the page asks, and the server answers the new count
    last = {"case_id": case_id, "rev": after["rev"], "touched": ["AC001"]}
    undone = enrich.undo_action(ana.ws, after, {**last, **out.last})
    back = {**undone.store, "base": undone.delta["base"][1]}
    assert undone.delta["remove"]
    assert page("pickerCount", back, undone.delta, options) == [NO, back]
    answer = ana.fire(ana.callback(ids.CASE_PICKER, ids.PICKER_ASK),
                      inputs={ids.PICKER_ASK: back}, state={ids.CASE_PICKER: options},
                      trigger=ids.PICKER_ASK, prop="data")
    assert answer[ids.CASE_PICKER]["options"] == case_options(ana.ws) == shown


def test_the_showing_strip_is_asked_only_when_what_it_says_changes(ana, grown):
    before, after, _delta = grown
    sources = list(showing.SOURCES.values())

    def key(store, marks, tab="structure", checked=("person",), current=None):
        overlays = [marks.get(s) for s in sources]
        return page("showingKey", [*overlays, tab, list(checked), 0,
                                   [{"value": "person"}, {"value": "phone"}], "", store,
                                   current])

    cut = {ids.OVERLAY_STRUCTURE: overlay(before, {"ov-cut": ["AC002"], "ov-dim": []})}
    first = key(before, cut)
    assert first["marks"][sources.index(ids.OVERLAY_STRUCTURE)] == {"ov-cut": 1}
    assert first["hidden"] == ["phone"]
    # the structure tab answers the expansion with the same marks: the key is the same
    again = {ids.OVERLAY_STRUCTURE: overlay(after, {"ov-cut": ["AC002"], "ov-dim": []})}
    assert key(after, again, current=first) == NO
    # a new mark (what the expansion found): the strip is asked, through its key
    found = {**again, ids.OVERLAY_ENRICH: overlay(after, {"ov-new": ["X1", "X2"]})}
    second = key(after, found, current=first)
    assert second != NO
    strip = ana.callback(ids.SHOWING, ids.SHOWING_KEY)
    state = {**found, ids.CASE_STORE: after, ids.ANALYSIS_TABS: "structure",
             f"{ids.TYPE_FILTER}.value": ["person"],
             f"{ids.TYPE_FILTER}.options": [{"value": "person"}, {"value": "phone"}]}
    drawn = ana.fire(strip, inputs={ids.SHOWING_KEY: second}, state=state,
                     trigger=ids.SHOWING_KEY, prop="data")[ids.SHOWING]["children"]
    assert "new from the last lookup: 2" in str(drawn) and "hiding phone" in str(drawn)


def test_the_summary_cards_are_kept_with_the_revision(tmp_path):
    from casegraph.workspace import Workspace
    from tests.callbacks.conftest import small_case

    ws = Workspace(tmp_path / "data", samples=False)
    ws.keep_analysis_from = 0  # kept whatever the size, as a large case's are
    case_id, rev = ws.import_case(small_case())
    store = {"case_id": case_id, "rev": rev}
    cards = summary.summary_cards(ws, store)
    kept = ws.store.load_analysis(case_id, rev, summary.FIGURES)
    assert kept == summary.case_figures(ws, (case_id, rev))
    assert kept["entities"] == ws.case(case_id, rev).graph.number_of_nodes()
    # a restarted server makes the same cards from what was kept
    again = Workspace(tmp_path / "data", samples=False)
    assert str(summary.summary_cards(again, store)) == str(cards)
    assert len(again._cases._items) == 0  # without reading the case
    text = str(cards)
    assert f"{kept['entities']:,}" in text and f"{kept['links']:,}" in text
    assert kept["hubs"] and all(name in text for name in kept["hubs"])


def test_the_controls_answer_an_expansion_without_analysing_its_revision(ana, route_app,
                                                                         monkeypatch):
    from components import overview
    from components.state import WORKSPACE_KEY
    from tests.callbacks.test_first_overview import four_rings

    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 20)  # drawn as a large case is
    case_id, rev = ana.ws.import_case(four_rings())
    grown_case = ana.ws.case(case_id, rev).copy()
    grown_case.add_entity("extra", "person", "Extra Fictional")
    grown_case.add_link("extra", "r0n1", "call")
    new = ana.ws.apply_change(case_id, rev, grown_case, note="test", kind="enrich").rev
    whole = {"case_id": case_id, "rev": new}
    on_case = ana.callback(ids.TYPE_FILTER, ids.CASE_STORE)
    state = {f"{ids.TYPE_FILTER}.value": ["phone"],
             f"{ids.TYPE_FILTER}.options": [{"label": "Phones (40)", "value": "phone"}]}
    answer = ana.fire(on_case, inputs={ids.CASE_STORE: {**whole, "delta": True, "base": rev}},
                      state=state, trigger=ids.CASE_STORE, prop="data")
    assert answer[ids.TYPE_FILTER]["options"] == [
        {"label": "Phones (40)", "value": "phone"}, {"label": "People (1)", "value": "person"}]
    assert answer[ids.TYPE_FILTER]["value"] == ["phone", "person"]  # a new type is shown
    workspace = route_app.server.config[WORKSPACE_KEY]
    assert not [key for key in workspace._analyses._items if key[:2] == (case_id, new)]
    # the same options as the figures kept with the revision give, once they are made
    assert controls.filter_options(ana.ws, whole, kept=False) == \
        controls.filter_options(ana.ws, whole)


def test_the_marks_legend_is_asked_only_when_the_kinds_of_mark_change(ana, grown):
    """The page reduces the overlays to the kinds of mark on screen (marksKey, the same as
    ``showing.classes_on_screen``); the legend's server callback reads only that."""
    before, after, _delta = grown

    def key(store, marks, tab="structure", current=None):
        return page("marksKey", [*[marks.get(s) for s in ids.OVERLAYS], tab, store, current])

    path = {ids.OVERLAY_PATHS: overlay(before, {"ov-path": ["AC001", ("AC001", "AC002"),
                                                            "AC002"], "ov-dim": []})}
    first = key(before, path, tab="paths")
    assert first == showing.classes_on_screen(before, path, "paths") == ["ov-path"]
    # the expansion's revision with the same kinds of mark (a longer path): nothing asked
    longer = {ids.OVERLAY_PATHS: overlay(after, {"ov-path": ["AC001", "AC003"]})}
    assert key(after, longer, tab="paths", current=first) == NO
    # marks of another revision, or of a closed tab they are bound to, are not on screen
    cut = {ids.OVERLAY_STRUCTURE: overlay(after, {"ov-cut": ["AC002"]})}
    assert key(before, cut) == showing.classes_on_screen(before, cut, "structure") == []
    assert key(after, cut, tab="paths") == showing.classes_on_screen(after, cut, "paths")
    # a new kind (what the expansion found): the legend is asked, and draws each kind once
    found = {**longer, ids.OVERLAY_ENRICH: overlay(after, {"ov-new": ["X1"]})}
    second = key(after, found, tab="paths", current=first)
    assert second == showing.classes_on_screen(after, found, "paths")
    assert set(second) == {"ov-path", "ov-new"}
    legend = ana.callback(ids.LEGEND_MARKS, ids.MARKS_KEY)
    drawn = ana.fire(legend, inputs={ids.MARKS_KEY: second}, trigger=ids.MARKS_KEY,
                     prop="data")[ids.LEGEND_MARKS]["children"]
    assert [item["props"]["data-mark"] for item in drawn] == second
