"""Work follows the screen after an expansion, through the app's real routes: the audit tab
hears of a lookup only through its client-side wake, and the Showing strip and the marks'
legend answer "no update" when what they would draw is on the page already."""

from __future__ import annotations

from components import ids
from components.overlays import overlay


def test_a_lookup_reaches_the_audit_tab_only_through_its_client_side_wake(ana):
    readers = [dep for dep in ana.callbacks
               if any(i["id"] == ids.ENRICH_MESSAGE for i in dep["inputs"])]
    audit = ana.callback(ids.AUDIT_TABLE, ids.AUDIT_WAKE)
    assert not any(i["id"] == ids.ENRICH_MESSAGE for i in audit["inputs"])
    wakes = [dep for dep in readers if f"{ids.AUDIT_WAKE}.data" in dep["output"]]
    assert len(wakes) == 1 and wakes[0].get("clientside_function")
    # the wake reads the audit again, as it is now
    seen = {**ana.store, "view": "people"}
    rows = ana.fire(audit, inputs={ids.tab_case("audit"): seen,
                                   ids.AUDIT_WAKE: {"tab": "audit", "t": 1},
                                   ids.AUDIT_SCOPE: "case"},
                    trigger=ids.AUDIT_WAKE, prop="data")
    assert set(rows) >= {ids.AUDIT_TABLE, ids.AUDIT_VERIFY, ids.AUDIT_HEAD}
    assert "ana" in str(rows[ids.AUDIT_TABLE]["children"])  # the rows of who did what


def test_the_showing_strip_is_not_redrawn_when_its_marks_are_the_same(ana):
    # asked through its key (assets/open_tab.js showingKey), its marks read as they are
    strip = ana.callback(ids.SHOWING, ids.SHOWING_KEY)
    path = overlay(ana.store, {"ov-path": ["ash", ("ash", "bay"), "bay"]})
    given = {ids.OVERLAY_PATHS: path, ids.CASE_STORE: ana.store,
             f"{ids.TYPE_FILTER}.value": ["person", "phone", "account"],
             f"{ids.TYPE_FILTER}.options": [{"value": "person"}, {"value": "phone"},
                                            {"value": "account"}]}
    key = {ids.SHOWING_KEY: {"t": 1}}
    drawn = ana.fire(strip, inputs=key, state=given, trigger=ids.SHOWING_KEY, prop="data")
    children = drawn[ids.SHOWING]["children"]
    assert "path through 2 entities" in str(children)
    # a new revision with the same path (an expansion elsewhere): nothing to redraw
    later = {"case_id": ana.store["case_id"], "rev": ana.store["rev"] + 1}
    moved = {**given, ids.OVERLAY_PATHS: overlay(later, path["classes"]), ids.CASE_STORE: later,
             f"{ids.SHOWING}.children": children}
    assert ana.fire(strip, inputs=key, state=moved, trigger=ids.SHOWING_KEY,
                    prop="data") == {}
    # the path cleared: redrawn, empty
    cleared = {**moved, ids.OVERLAY_PATHS: None}
    assert ana.fire(strip, inputs=key, state=cleared, trigger=ids.SHOWING_KEY,
                    prop="data")[ids.SHOWING]["children"] == []
