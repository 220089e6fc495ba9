"""Tags and notes: saved as new revisions, drawn on the diagram, filtered by tag."""

from __future__ import annotations

import pytest
from dash import no_update

from components import ids
from components.stylesheet import stylesheet, tag_rules
from components.tags import (
    TAGS,
    UNTAGGED,
    inspector_section,
    save_change,
    tag_action,
    tag_list,
    tag_overlay,
    tagged,
)
from tests.callbacks.conftest import component_ids, texts


def test_a_tag_is_saved_as_a_new_revision_without_touching_the_old_one(ws, store):
    new = save_change(ws, store, "ash", tag="suspect")

    assert new == {"case_id": store["case_id"], "rev": store["rev"] + 1}
    assert ws.case(new["case_id"], new["rev"]).graph.nodes["ash"]["tag"] == "suspect"
    assert "tag" not in ws.case(store["case_id"], store["rev"]).graph.nodes["ash"]
    assert ws.current_rev(store["case_id"]) == new["rev"]
    revisions = ws.revisions(store["case_id"])
    assert revisions[-1]["note"] == "Ash Fictional: tag 'suspect'"


def test_unchanged_cleared_and_unknown_tags(ws, store):
    new = save_change(ws, store, "ash", tag="suspect")
    assert save_change(ws, new, "ash", tag="suspect") is None  # nothing to save
    cleared = save_change(ws, new, "ash", tag=None)
    assert "tag" not in ws.case(cleared["case_id"], cleared["rev"]).graph.nodes["ash"]
    with pytest.raises(ValueError, match="unknown tag 'boss'"):
        save_change(ws, store, "ash", tag="boss")
    assert save_change(ws, store, "nobody", tag="suspect") is None


def test_a_note_is_kept_on_the_node(ws, store):
    new = save_change(ws, store, "fox", note="  Landlord of Ash (fictional)  ")
    assert ws.case(new["case_id"], new["rev"]).graph.nodes["fox"]["note"] == (
        "Landlord of Ash (fictional)")
    assert save_change(ws, new, "fox", note="Landlord of Ash (fictional)") is None
    again = save_change(ws, new, "fox", note="")
    assert "note" not in ws.case(again["case_id"], again["rev"]).graph.nodes["fox"]


def test_inspector_section_shows_the_current_tag_and_the_note(ws, store):
    new = save_change(ws, store, "ash", tag="associate", note="Seen with Bay")
    section = inspector_section(ws, (new["case_id"], new["rev"]), "ash")

    buttons = [c for c in component_ids(section) if isinstance(c, dict)
               and c["type"] == ids.TAG_SET]
    assert [b["index"] for b in buttons] == list(TAGS) + ["none"]
    on = [b for b in section[1].children if "cg-tg-on" in b.className]
    assert [b.children for b in on] == ["Associate"]
    assert section[2].value == "Seen with Bay"
    plain = inspector_section(ws, (store["case_id"], store["rev"]), "bay")
    assert "Remove tag" not in texts(plain)


def test_tags_on_the_diagram_and_the_tag_filter(ws, store):
    s1 = save_change(ws, store, "ash", tag="suspect")
    s2 = save_change(ws, s1, "fox", tag="personal contact")
    case = ws.case(s2["case_id"], s2["rev"])
    assert tagged(case) == {"suspect": ["ash"], "associate": [], "personal contact": ["fox"],
                            "cleared": []}

    everything = tag_overlay(ws, s2, list(TAGS) + [UNTAGGED])
    assert everything["classes"] == {"tag-suspect": ["ash"], "tag-personal": ["fox"]}
    criminal = tag_overlay(ws, s2, ["suspect", "associate", UNTAGGED])
    assert criminal["classes"]["ov-hide"] == ["fox"]
    only_tagged = tag_overlay(ws, s2, list(TAGS))
    assert sorted(only_tagged["classes"]["ov-hide"]) == sorted(
        n for n in case.graph if n not in ("ash", "fox"))
    assert "Suspect (1)" in texts(tag_list(ws, s2))
    assert texts(tag_list(ws, store))[0].startswith("No entity is tagged yet")


def test_tag_looks_are_part_of_the_stylesheet():
    selectors = [r["selector"] for r in tag_rules()]
    assert selectors == ["node.tag-suspect", "node.tag-associate", "node.tag-personal",
                         "node.tag-cleared"]
    sheet = [r["selector"] for r in stylesheet(lambda p: "/assets/" + p)]
    assert "node.tag-suspect" in sheet
    # overlays (paths, removals) are listed later, so they win over a tag's look
    assert sheet.index("node.tag-suspect") < sheet.index("node.ov-path")


def test_a_tag_click_keeps_the_picture_and_the_selection(ws, store):
    selection = {"kind": "node", "id": "ash"}
    button = {"type": ids.TAG_SET, "index": "suspect"}
    new, delta, reselected = tag_action(ws, store, selection, button, [])

    assert new == {"case_id": store["case_id"], "rev": store["rev"] + 1, "delta": True}
    # drawn as a delta from the revision on screen: nothing added or removed
    assert delta["base"] == [store["case_id"], store["rev"]]
    assert delta["case"] == [store["case_id"], store["rev"] + 1]
    assert delta["nodes"] == [] and delta["remove"] == []
    # the same entity again, a new value (the inspector redraws with the tag on)
    assert reselected == {"kind": "node", "id": "ash", "centre": False, "via": "panel",
                          "rev": store["rev"] + 1}

    note = {"type": ids.TAG_NOTE_SAVE, "index": "ash"}
    after, _, _ = tag_action(ws, new, selection, note, ["Seen with Bay"])
    assert ws.case(after["case_id"], after["rev"]).graph.nodes["ash"]["note"] == "Seen with Bay"
    # nothing to change, or no entity selected: no output at all
    assert tag_action(ws, after, selection, button, []) == (no_update,) * 3
    assert tag_action(ws, store, {"kind": "edge", "id": "e"}, button, []) == (no_update,) * 3
    assert tag_action(ws, store, None, button, []) == (no_update,) * 3


def test_a_tag_on_an_older_revision_takes_the_merged_one_whole(ws, store):
    # someone else tagged meanwhile: the page's revision is no longer the newest
    save_change(ws, store, "fox", tag="cleared")
    button = {"type": ids.TAG_SET, "index": "suspect"}
    new, delta, reselected = tag_action(ws, store, {"kind": "node", "id": "ash"}, button, [])
    assert new == {"case_id": store["case_id"], "rev": store["rev"] + 2}
    assert delta is no_update and reselected["id"] == "ash"
    merged = ws.case(new["case_id"], new["rev"]).graph
    assert merged.nodes["ash"]["tag"] == "suspect" and merged.nodes["fox"]["tag"] == "cleared"
