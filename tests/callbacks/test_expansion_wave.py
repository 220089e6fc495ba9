"""What an expansion asks of the server, through the app's real routes: panels whose content
changes only with another case (or a revision taken whole) read ``ids.CASE_OPENED``, which
an expansion's delta passes by (assets/open_tab.js ``opened``, tests/js/open_tab.test.js);
they compute when a case is shown. Lists redrawn with new revisions (the analysis tabs'
entity chips, the Showing strip) ask nothing until clicked."""

from __future__ import annotations

from components import ids

# panels that an expansion's delta must not wake: they read the case opened instead
CASE_OPENED_READERS = (ids.CASE_INFO, ids.NEWER_BAR, ids.CASE_SETTINGS_OPEN)


def server_readers(ana, store_id: str) -> list[dict]:
    return [dep for dep in ana.callbacks if not dep.get("clientside_function")
            and any(i["id"] == store_id for i in dep["inputs"])]


def writers(ana, store_id: str) -> list[dict]:
    return [dep for dep in ana.callbacks if f"{store_id}.data" in dep["output"]]


def test_a_delta_does_not_reach_the_panels_that_follow_only_the_case(ana):
    on_store = {o for dep in server_readers(ana, ids.CASE_STORE)
                for o in dep["output"].strip(".").split("...")}
    for output in (*CASE_OPENED_READERS, ids.SELECTION):
        assert not any(o.startswith(f"{output}.") for o in on_store), output
        assert any(f"{output}." in dep["output"]
                   for dep in server_readers(ana, ids.CASE_OPENED)), output
    # the case opened has one writer, client-side, reading the case store
    (copy,) = writers(ana, ids.CASE_OPENED)
    assert copy["clientside_function"]["function_name"] == "opened"
    assert [i["id"] for i in copy["inputs"]] == [ids.CASE_STORE]
    # the view is laid on the controls after they are set for a case, not on a delta
    applier = ana.callback(ids.VIEW_RESTORE, ids.BRIEFING_SLIDE)
    assert {i["id"] for i in applier["inputs"]} == {ids.CONTROLS_CASE, ids.BRIEFING_SLIDE}
    assert len(writers(ana, ids.CONTROLS_CASE)) == 1


def test_the_case_notes_compute_when_a_case_is_opened(ana):
    notes = ana.callback(ids.CASE_INFO, ids.CASE_OPENED)
    shown = ana.fire(notes, inputs={ids.CASE_OPENED: ana.store}, trigger=ids.CASE_OPENED,
                     prop="data")
    assert "Small fictional case" in str(shown[ids.CASE_INFO]["children"])


def test_the_settings_label_follows_the_case_and_a_closing_dialog(ana):
    label = ana.callback(ids.CASE_SETTINGS_OPEN, ids.CASE_OPENED)
    given = {ids.CASE_OPENED: ana.store, ids.CASE_STORE: ana.store}
    opened = ana.fire(label, inputs=given, state=given, trigger=ids.CASE_OPENED, prop="data")
    assert "Set case details" in str(opened[ids.CASE_SETTINGS_OPEN]["children"])
    # the details saved (a delta revision, which the case opened passes by) ...
    case = ana.ws.case(ana.store["case_id"]).copy()
    case.meta.update(case_number="OP-7", purpose="supply investigation")
    rev = ana.ws.apply_change(ana.store["case_id"], ana.store["rev"], case,
                              kind="details").rev
    saved = {**ana.store, "rev": rev, "delta": True}
    # ... while the dialog opens nothing is asked; as it closes the label is drawn again
    given = {**given, ids.CASE_STORE: saved, f"{ids.CASE_SETTINGS_DIALOG}.is_open": True}
    assert ana.fire(label, inputs=given, state=given, trigger=ids.CASE_SETTINGS_DIALOG,
                    prop="is_open") == {}
    given[f"{ids.CASE_SETTINGS_DIALOG}.is_open"] = False
    closed = ana.fire(label, inputs=given, state=given, trigger=ids.CASE_SETTINGS_DIALOG,
                      prop="is_open")
    assert "OP-7" in str(closed[ids.CASE_SETTINGS_OPEN]["children"])


def test_the_newer_bar_compares_with_the_revision_on_screen(ana):
    bar = ana.callback(ids.NEWER_BAR, ids.CASE_OPENED)
    case = ana.ws.case(ana.store["case_id"]).copy()
    case.graph.nodes["ash"]["tag"] = "suspect"
    rev = ana.ws.apply_change(ana.store["case_id"], ana.store["rev"], case, kind="tag").rev
    # the page made that revision (a delta): the case opened is older, the bar stays hidden
    mine = {ids.CASE_OPENED: ana.store, ids.CASE_STORE: {**ana.store, "rev": rev,
                                                         "delta": True}}
    hidden = ana.fire(bar, inputs=mine, state=mine, trigger=ids.NEWER_POLL, prop="data")
    assert hidden[ids.NEWER_TARGET]["data"] is None
    # a page still on the first revision is told
    theirs = {ids.CASE_OPENED: ana.store, ids.CASE_STORE: ana.store}
    told = ana.fire(bar, inputs=theirs, state=theirs, trigger=ids.NEWER_POLL, prop="data")
    assert told[ids.NEWER_TARGET]["data"] == rev


def test_the_structure_tab_computes_once_per_revision_and_its_marks_alone(ana):
    # closed, the tab hears nothing (its store is passed on only while it is open,
    # components/open_tab.py); opened, one request draws the figures and the marks
    tab = ana.callback(ids.STRUCTURE_VERDICT, ids.tab_case("structure"))
    assert f"{ids.OVERLAY_STRUCTURE}.data" in tab["output"]
    seen = {**ana.store, "view": "people"}
    given = {ids.tab_case("structure"): seen, ids.STRUCTURE_MARK: ["cuts"]}
    opened = ana.fire(tab, inputs=given, trigger=ids.tab_case("structure"), prop="data")
    assert {ids.STRUCTURE_VERDICT, ids.STRUCTURE_CLUSTER_GRID, ids.OVERLAY_STRUCTURE} <= set(
        opened)
    assert opened[ids.OVERLAY_STRUCTURE]["data"]["classes"]["ov-cut"]  # ash holds it together
    # the mark box: the marks only, the figures are not worked out again
    marked = ana.fire(tab, inputs={**given, ids.STRUCTURE_MARK: []}, trigger=ids.STRUCTURE_MARK,
                      prop="value")
    assert set(marked) == {ids.OVERLAY_STRUCTURE}
    assert marked[ids.OVERLAY_STRUCTURE]["data"]["classes"] == {}


def test_redrawn_chips_and_strips_ask_nothing_a_click_does(ana):
    pattern_inputs = [dep for dep in ana.callbacks if not dep.get("clientside_function")
                      and any(i["id"].startswith("{") and (ids.ANALYSIS_ENTITY in i["id"]
                                                           or ids.SHOWING_REMOVE in i["id"])
                              for i in dep["inputs"])]
    assert pattern_inputs == []
    chip = ana.press(ids.SELECTION, {"type": ids.ANALYSIS_ENTITY, "index": "ash"})
    assert chip[ids.SELECTION]["data"] == {"kind": "node", "id": "ash", "centre": True,
                                           "via": "panel"}
    removed = ana.press(ids.PATH_FROM, {"type": ids.SHOWING_REMOVE, "index": "paths"})
    assert removed[ids.PATH_FROM]["value"] is None and removed[ids.OVERLAY_PATHS]["data"] is None
    assert ids.OVERLAY_ENRICH not in removed


def test_no_callback_reads_the_store_it_writes(ana):
    # (the presentation labels wrote the mode switch's sink, which they read)
    for dep in ana.callbacks:
        written = {o.partition("@")[0] for o in dep["output"].strip(".").split("...")}
        read = {f"{i['id']}.{i['property']}" for i in dep["inputs"]}
        assert not {w for w in written if w.endswith(".data")} & read, dep["output"]
