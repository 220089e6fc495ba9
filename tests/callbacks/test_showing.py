"""The "Showing" strip: what it lists, and how its x and Escape remove marks at the source."""

from components import ids, showing
from components.overlays import overlay

STORE = {"case_id": "c1", "rev": 3}


def test_the_strip_lists_each_mark_on_screen_and_nothing_of_another_revision():
    on_screen = {
        ids.OVERLAY_PATHS: overlay(STORE, {"ov-dim-others": ["a", "b", "c"],
                                           "ov-path": ["a", ("a", "b"), "b"]}),
        ids.OVERLAY_STRUCTURE: overlay(STORE, {"ov-cut": ["b"]}),
        ids.OVERLAY_SIGNALS: overlay({"case_id": "c1", "rev": 2}, {"ov-flag": ["a"]}),
        ids.OVERLAY_ENRICH: overlay(STORE, {}),
    }
    items = showing.showing_items(STORE, on_screen, "structure", ["phone"], 0)
    assert items == [{"key": "structure", "text": "single point of failure: 1"},
                     {"key": "paths", "text": "network of 3 entities"},
                     {"key": "filter", "text": "hiding phone"}]
    assert showing.showing_items(STORE, {}, None) == []
    assert showing.strip([]) == []


def test_arrests_are_shown_only_on_the_disruption_tab():
    arrests = {ids.OVERLAY_DISRUPTION: overlay(STORE, {"ov-removed": ["a", "b"]})}
    assert showing.showing_items(STORE, arrests, "paths") == []
    assert showing.showing_items(STORE, arrests, "disruption") == [
        {"key": "disruption", "text": "arrested (what if): 2"}]
    assert showing.classes_on_screen(STORE, arrests, "paths") == []
    assert showing.classes_on_screen(STORE, arrests, "disruption") == ["ov-removed"]


def test_removing_a_mark_resets_its_source_so_it_cannot_come_back():
    out = showing.removal({"paths"})
    assert out == {"path_from": None, "path_to": None, "paths": None}
    out = showing.removal(set(showing.CLEARED_BY_ESCAPE), ["person", "phone"], 10)
    assert out["arrest"] == [] and out["signals_mark"] == [] and out["enrich"] is None
    assert "types" not in out and "time" not in out  # the analyst's filters stay
    assert showing.removal({"filter"}, ["person", "phone"]) == {
        "types": ["person", "phone"], "min_degree": 0}
    assert showing.removal({"time"}, time_max=10) == {"time": [0, 10], "time_overlay": None}
    names = [name for name, _, _ in showing.OUTPUTS]
    assert set(out) <= set(names) and len(names) == len(set(names))
