"""What a canvas drawing one revision needs to show the next (casegraph.elements), on small
cases whose answers are known."""

from __future__ import annotations

from casegraph.elements import (
    NEW_SIZE,
    delta_marks,
    display_scale,
    edge_elements,
    edge_id_prefix,
    elements_delta,
    pair_id,
    size_fields,
)
from casegraph.layout import readable_font
from casegraph.model import Case

EMPTY = {"nodes": [], "edges": [], "remove": [], "update": []}


def trio(directed: bool = False) -> Case:
    """Ash calls Bay; Bay uses phone P."""
    case = Case(name="trio", directed=directed)
    case.add_entity("ash", "person", "Ash")
    case.add_entity("bay", "person", "Bay")
    case.add_entity("p", "phone", "07700 900123")
    case.add_link("ash", "bay", "call")
    case.add_link("bay", "p", "uses")
    case.positions = {"ash": (0.0, 0.0), "bay": (10.0, 0.0), "p": (10.0, 5.0)}
    return case


def edge_id(case: Case, u: str, v: str) -> str:
    return edge_id_prefix(case) + pair_id(u, v)


def test_an_entity_found_from_another_arrives_beside_it():
    old = trio()
    new = old.copy()
    new.add_entity("acc", "account", "ash_online")
    new.add_link("ash", "acc", "owns")
    new.positions["acc"] = (-2.0, 3.0)
    delta = elements_delta(old, new, ["acc", "ash"], anchors={"acc": "ash"}, scale=(2.0, 4.0))
    assert delta["nodes"] == [{
        "data": {"id": "acc", "label": "ash_online", "type": "account", "cm": -1, "deg": 1,
                 "fs": round(readable_font(new) * 2.0, 2),
                 **{name: NEW_SIZE for name in size_fields()}},
        "anchor": "ash", "rel": {"x": -4.0, "y": 12.0}}]
    assert delta["edges"] == [{"data": {"id": edge_id(new, "acc", "ash"), "source": "acc",
                                        "target": "ash", "n": 1, "w": 0.0}}]
    assert delta["remove"] == []
    assert delta["update"] == [{"id": "ash", "data": {"deg": 2}}]


def test_the_new_edge_has_the_id_the_full_elements_give_it():
    old = trio()
    new = old.copy()
    new.add_entity("acc", "account", "ash_online")
    new.add_link("ash", "acc", "owns")
    full = {e["data"]["id"] for e in edge_elements(new)} - {e["data"]["id"]
                                                            for e in edge_elements(old)}
    assert [e["data"]["id"] for e in elements_delta(old, new, ["acc"])["edges"]] == list(full)


def test_without_an_anchor_or_a_position_a_new_entity_is_not_placed():
    old = trio()
    new = old.copy()
    new.add_entity("lone", "person", "Lone")
    delta = elements_delta(old, new, ["lone"], anchors={"lone": "ash"})
    assert "anchor" not in delta["nodes"][0] and "rel" not in delta["nodes"][0]
    assert delta["nodes"][0]["data"]["deg"] == 0
    assert (delta["edges"], delta["remove"], delta["update"]) == ([], [], [])


def test_a_second_call_between_the_same_pair_counts_on_the_line_drawn():
    old = trio()
    new = old.copy()
    new.add_link("bay", "ash", "call")  # undirected case: the same line as ash-bay
    assert elements_delta(old, new, ["ash", "bay"]) == {
        "nodes": [], "edges": [], "remove": [],
        "update": [{"id": edge_id(new, "ash", "bay"), "data": {"n": 2}}]}


def test_in_a_directed_case_each_direction_is_its_own_line():
    old = trio(directed=True)
    new = old.copy()
    new.add_link("bay", "ash", "call")
    assert elements_delta(old, new, ["bay"]) == {
        "nodes": [], "remove": [], "update": [],
        "edges": [{"data": {"id": edge_id(new, "bay", "ash"), "source": "bay",
                            "target": "ash", "n": 1, "w": 0.0}}]}


def test_a_removed_entity_takes_its_links_along():
    old = trio()
    new = old.copy()
    new.graph.remove_node("p")
    del new.positions["p"]
    assert elements_delta(old, new, ["p", "bay"]) == {
        "nodes": [], "edges": [], "remove": ["p"],
        "update": [{"id": "bay", "data": {"deg": 1}}]}


def test_a_link_removed_between_kept_entities_is_removed_by_its_id():
    old = trio()
    new = old.copy()
    new.graph.remove_edge("ash", "bay")
    assert elements_delta(old, new, ["ash", "bay"]) == {
        "nodes": [], "edges": [], "remove": [edge_id(old, "ash", "bay")],
        "update": [{"id": "ash", "data": {"deg": 0}}, {"id": "bay", "data": {"deg": 1}}]}


def test_nothing_touched_is_an_empty_delta():
    old = trio()
    new = old.copy()
    new.meta["case_number"] = "OP-1"  # a new revision, the same picture
    assert elements_delta(old, new, []) == EMPTY
    assert elements_delta(old, new, ["ash", "ghost"]) == EMPTY


def test_the_display_scale_is_the_stretch_the_canvas_applies():
    # stretched towards the landscape panel (x times sqrt(1.6 * 5 / 10), y divided by it),
    # then scaled so that the median gap to the nearest neighbour (bay-p) is 40 px
    case = trio()
    assert display_scale(case) == (6.4, 8.0)
    single = Case()
    single.add_entity("a", "person", "A")
    single.positions = {"a": (3.0, 4.0)}
    assert display_scale(single) == (1.0, 1.0)


def test_marks_of_a_delta():
    old = trio()
    new = old.copy()
    new.add_entity("acc", "account", "ash_online")
    new.add_link("ash", "acc", "owns")
    delta = elements_delta(old, new, ["acc"])
    assert delta_marks(delta, "ash") == {"ov-new": ["acc", ["acc", "ash"]], "ov-focus": ["ash"]}
    assert delta_marks(EMPTY) == {"ov-new": []}
