"""Paths tab: shortest paths by hops and by tie strength, bounded paths, ego network, and the
entity helpers the analysis panels share (small fictional case of tests/callbacks/conftest)."""

from __future__ import annotations

from components import ids
from components.paths_panel import (
    PANEL,
    SHOW_ALL,
    SHOW_WEIGHT,
    ego_view,
    entity_chip,
    entity_options,
    find_paths,
    follow_selection,
    path_overlay_refs,
    paths_view,
    weakest_link,
)
from tests.callbacks.conftest import component_ids, small_case, texts

ACCOUNT = "handle:instagram:dee_fictional"
PHONE = "phone:+447700900001"


def test_shortest_paths_by_hops_by_strength_and_up_to_a_bound(ws, store):
    found = find_paths(ws, store, "fox", "bay", max_hops=4)

    assert found["hops"] == [["fox", "ash", "bay"]]
    # ash-bay carries 2 calls of weight 1 + 3: length 1/4, the strongest chain
    assert found["weight"] == [["fox", "ash", "bay"]]
    assert found["all"] == [["fox", "ash", "bay"], ["fox", "ash", "cob", "bay"]]
    assert found["more"] is False


def test_strongest_chain_can_be_longer_than_the_fewest_hops(ws, store):
    found = find_paths(ws, store, "cob", "bay")
    # cob-bay is one call (length 1); cob-ash-bay is 1 + 1/4 = 1.25: hops and strength agree
    assert found["hops"] == [["cob", "bay"]]
    assert found["weight"] == [["cob", "bay"]]
    found = find_paths(ws, store, ACCOUNT, "fox", max_hops=3)
    assert found["hops"] == [[ACCOUNT, "cob", "ash", "fox"]]
    assert found["all"] == [[ACCOUNT, "cob", "ash", "fox"]]  # the 4-link path is over the bound


def test_paths_view_lists_the_paths_and_marks_them_on_the_diagram(ws, store):
    children, marks = paths_view(ws, store, "fox", "bay")

    text = " ".join(texts(children))
    assert "Fox Fictional reaches Bay Fictional in 2 steps" in text
    assert "through 1 intermediary." in text
    assert "2 links · weakest tie 1" in text
    assert marks["case"] == [store["case_id"], store["rev"]]
    assert marks["classes"] == {
        "ov-dim-others": ["fox", "ash", "bay"],
        "ov-path": ["fox", "ash", "bay", ["fox", "ash"], ["ash", "bay"]],
    }
    assert marks["fit"] is True
    chips = [c["index"] for c in component_ids(children)
             if isinstance(c, dict) and c["type"] == ids.ANALYSIS_ENTITY]
    assert chips[:3] == ["fox", "ash", "bay"]


def test_an_entity_chip_is_one_button_naming_the_entity_in_its_type_colour(ws, store):
    case = ws.case(store["case_id"], store["rev"])
    chip = entity_chip(case, PHONE, "unattributed")
    assert (chip.children, chip.id, chip.n_clicks, chip.title) == (
        "07700 900001", {"type": ids.ANALYSIS_ENTITY, "index": PHONE}, 0,
        "Select 07700 900001 (unattributed)")
    # the type's dot and the extra words are drawn by the page's stylesheet
    assert chip.style == {"--dot": "#16a085"}
    assert getattr(chip, "data-extra") == "unattributed"
    plain = entity_chip(case, "ash")
    assert (plain.children, plain.title, plain.style) == (
        "Ash Fictional", "Select Ash Fictional", {"--dot": "#3b6fb6"})
    assert "data-extra" not in plain.to_plotly_json()["props"]


def test_all_paths_mode_marks_every_path_within_the_bound(ws, store):
    _, marks = paths_view(ws, store, "fox", "bay", show=SHOW_ALL, max_hops=3)
    assert marks["classes"]["ov-path"] == ["fox", "ash", "bay", "cob", ["fox", "ash"],
                                           ["ash", "bay"], ["ash", "cob"], ["cob", "bay"]]
    _, marks = paths_view(ws, store, "fox", "bay", show=SHOW_WEIGHT)
    assert marks["classes"]["ov-dim-others"] == ["fox", "ash", "bay"]


def test_unconnected_missing_or_identical_entities_are_said_plainly(ws, store):
    children, marks = paths_view(ws, store, "eve", "ash")
    assert "Eve Fictional and Ash Fictional are not connected" in texts(children)
    assert marks["classes"] == {}
    children, _ = paths_view(ws, store, "ash", "ash")
    assert texts(children) == ["Choose two different entities."]
    children, _ = paths_view(ws, store, "ash", None)
    assert texts(children)[0].startswith("Choose two entities")
    assert find_paths(ws, store, "ash", "nobody") is None


def test_paths_are_cached_per_revision(ws, store):
    first = find_paths(ws, store, "fox", "bay")
    assert find_paths(ws, store, "fox", "bay") is first


def test_ego_network_focuses_on_the_people_within_the_hops(ws, store):
    children, marks = ego_view(ws, store, "cob", 1)
    assert sorted(marks["classes"]["ov-dim-others"]) == sorted(["cob", "ash", "bay", ACCOUNT])
    assert marks["classes"]["ov-path"] == ["cob"]
    assert "1 step away: 3" in texts(children)

    _, marks = ego_view(ws, store, "cob", 2)
    assert sorted(marks["classes"]["ov-dim-others"]) == sorted(
        ["cob", "ash", "bay", ACCOUNT, "fox", PHONE])
    children, marks = ego_view(ws, store, None, 1)
    assert texts(children)[0].startswith("Select an entity first")
    assert marks["classes"] == {}


def test_the_two_entities_follow_the_last_two_selections():
    assert follow_selection([], {"kind": "node", "id": "a"}) == ["a"]
    assert follow_selection(["a"], {"kind": "node", "id": "b"}) == ["a", "b"]
    assert follow_selection(["a", "b"], {"kind": "node", "id": "c"}) == ["b", "c"]
    assert follow_selection(["a", "b"], {"kind": "node", "id": "b"}) == ["a", "b"]
    # chips in the panels select without moving the path's ends; clusters do not count
    assert follow_selection(["a", "b"], {"kind": "node", "id": "c", "via": PANEL}) == ["a", "b"]
    assert follow_selection(["a", "b"], {"kind": "cluster", "id": 1}) == ["a", "b"]
    assert follow_selection(["a", "b"], None) == ["a", "b"]


def test_entity_options_list_every_entity_of_a_small_case_by_name():
    case = small_case()
    options = entity_options(case)
    assert [o["label"] for o in options] == [
        "07700 900001", "Ash Fictional", "Bay Fictional", "Cob Fictional", "dee_fictional",
        "Eve Fictional", "Fox Fictional"]
    # a large case is searched on the server: best connected matches, kept values first
    assert entity_options(case, "BAY", keep=["eve"], limit=3) == [
        {"label": "Bay Fictional", "value": "bay"}, {"label": "Eve Fictional", "value": "eve"}]
    assert len(entity_options(case, "fictional", limit=3)) == 6  # labels containing the text


def test_path_helpers():
    assert path_overlay_refs([["a", "b", "c"], ["a", "d", "c"]]) == (
        ["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")])
    case = small_case()
    from casegraph.analysis import project

    assert weakest_link(project(case.graph), ["fox", "ash", "bay"]) == 1.0
    assert weakest_link(project(case.graph), ["ash", "bay"]) == 4.0
