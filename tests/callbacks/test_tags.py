"""Tags and notes: saved as new revisions, drawn on the diagram, filtered by tag."""

from __future__ import annotations

import pytest
from dash import no_update

from components import ids
from components.stylesheet import stylesheet
from components.tags import (
    TAGS,
    UNTAGGED,
    inspector_section,
    reselect,
    save_change,
    tag_list,
    tag_overlay,
    tag_rules,
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


def test_the_tagged_entity_is_selected_again_after_the_new_revision():
    status = {"case_id": "c", "rev": 3, "node": "ash"}
    assert reselect(None, status, {"case_id": "c", "rev": 3}) == (
        {"kind": "node", "id": "ash", "centre": False, "via": "panel"}, None)
    assert reselect(None, status, {"case_id": "c", "rev": 2}) == (no_update, no_update)
    assert reselect({"kind": "node", "id": "x"}, status, {"case_id": "c", "rev": 3}) == (
        no_update, no_update)
