"""The "newer changes" bar: a page on an older revision is told who changed what, and can
move to the newest revision."""

from __future__ import annotations

from components import newer


def _tag(workspace, case_id, base, node, tag, user):
    # colleagues' changes, made straight on the workspace under their names
    case = workspace.case(case_id, base).copy()
    case.graph.nodes[node]["tag"] = tag
    return workspace.apply_change(case_id, base, case, kind="tag", user=user).rev


def test_the_bar_names_the_changes_made_after_the_page(ws, workspace, store):
    case_id, rev = store["case_id"], store["rev"]
    assert newer.newer_changes(ws, store) == (newer.HIDDEN, "", None)
    _tag(workspace, case_id, rev, "ash", "suspect", "ana")
    style, text, target = newer.newer_changes(ws, store)
    assert style == newer.BAR_STYLE and target == 2
    assert text == "1 newer change by ana (tag) —"
    _tag(workspace, case_id, rev, "bay", "associate", "ben")  # merged onto revision 2
    case = ws.case(case_id).copy()
    case.name = "Renamed"
    workspace.apply_change(case_id, 3, case, kind="rename", user="ana")
    style, text, target = newer.newer_changes(ws, store)
    assert target == 4
    assert text.startswith("3 newer changes by ana and ben (tag, rename), last at ")
    assert text.endswith(" UTC —")
    # the page that took them in has nothing newer
    assert newer.newer_changes(ws, {"case_id": case_id, "rev": 4}) == (newer.HIDDEN, "", None)
    assert newer.newer_changes(ws, {"case_id": case_id, "rev": 4, "delta": True})[2] is None


def test_no_bar_without_a_case_or_for_a_deleted_one(ws, store):
    assert newer.newer_changes(ws, None) == (newer.HIDDEN, "", None)
    ws.erase(store["case_id"], "closing the test case")
    assert newer.newer_changes(ws, store) == (newer.HIDDEN, "", None)


def test_many_people_are_summed_up():
    assert newer._people(["a", "b", "a", "", "c", "d", "e"]) == \
        "a, b, someone and 3 more"
    assert newer._people(["a", "b"]) == "a and b"
