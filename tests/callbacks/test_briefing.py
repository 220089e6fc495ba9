"""Briefing: the command summary's content (``casegraph.briefing``) on the page, saved views
(slides) and stepping through them."""

from __future__ import annotations

import pytest

from casegraph import briefing as brief
from components import briefing, cases, view_state
from components.state import case_ref
from tests.callbacks.conftest import session_of, texts

TYPES = [{"value": "person"}, {"value": "phone"}, {"value": "account"}]


def test_top_hubs_by_the_size_measure(ws, store):
    ref = case_ref(store)
    hubs = brief.top_hubs(ws.case(*ref), ws.analysis(*ref), "degree", k=3)

    assert [(h["label"], h["rank"], h["value"], h["type"]) for h in hubs] == [
        ("Ash Fictional", 1, 4.0, "person"), ("Cob Fictional", 2, 3.0, "person"),
        ("Bay Fictional", 3, 2.0, "person")]


def test_recommended_targets_in_arrest_order(ws, store):
    # Ash's arrest leaves Bay-Cob-dee as the largest group (3 of 6 connected); Cob's then
    # leaves no pair connected; a third arrest would change nothing, so it is not listed.
    targets = brief.recommended_targets(ws.case(*case_ref(store)))

    assert [t["label"] for t in targets] == ["Ash Fictional", "Cob Fictional"]
    assert [round(t["fragmentation"], 4) for t in targets] == [round(1 - 6 / 42, 4), 1.0]
    assert [round(t["lcc_share"], 4) for t in targets] == [0.5, round(1 / 6, 4)]


def test_structure_verdict_in_a_sentence(ws, store):
    ref = case_ref(store)
    verdict = brief.structure_sentence(ws.case(*ref), ws.analysis(*ref))

    # seven people: the figures are given, the structure is not called
    assert verdict["label"] == "too small to call"
    assert verdict["sentence"].startswith("Too small to call: with 7 members and ")
    assert verdict["detail"].startswith("Degree centralisation is ")


def test_briefing_says_what_command_staff_ask_first(ws, store):
    body = briefing.briefing_body(ws, store, "degree")

    words = texts(body)
    assert words[0] == "Small fictional case"
    assert "No case number" in words
    for expected in ("Entities", "7", "Too small to call", "Recommended targets", "#1",
                     "Ash Fictional", "Cluster 1", "Data sources: ", "Last update: "):
        assert expected in words
    # hub cards in rank order
    hub_labels = [w for w in words if w.endswith("Fictional")]
    assert hub_labels[:3] == ["Ash Fictional", "Cob Fictional", "Bay Fictional"]


def test_briefing_shows_the_case_number_and_skips_what_it_cannot_compute(ws, store,
                                                                           monkeypatch):
    monkeypatch.setattr(brief, "VERDICT_LIMIT", 3)
    monkeypatch.setattr(brief, "TARGETS_LIMIT", 3)
    case = ws.case(store["case_id"]).copy()
    case.meta["case_number"] = "CG-2026-0042"
    rev = ws.save_revision(store["case_id"], case)

    words = texts(briefing.briefing_body(ws, {"case_id": store["case_id"], "rev": rev}))

    assert "Case CG-2026-0042" in words
    assert "Structure" not in words and "Recommended targets" not in words
    assert "Clusters" in words


def test_no_case_open():
    assert texts(briefing.briefing_body(None, None)) == ["No case open."]


def saved_two_views(ws, store):
    first = view_state.view_state("degree", "type", 5, ["person", "phone", "account"], TYPES,
                                  0, viewport={"pan": {"x": 0, "y": 0}, "zoom": 1,
                                               "viewport_width": 800, "viewport_height": 500})
    second = view_state.view_state("betweenness", "community", 2, ["person"], TYPES, 1,
                                   selection={"kind": "node", "id": "ash"},
                                   viewport={"pan": {"x": -300, "y": -100}, "zoom": 2.5,
                                             "viewport_width": 800, "viewport_height": 500})
    store = cases.add_view(ws, store, first, "Whole ring")
    return cases.add_view(ws, store, second, "  ")


def test_saved_views_are_slides(ws, store):
    store = saved_two_views(ws, store)

    views = view_state.saved_views(ws, store)
    assert [v["title"] for v in views] == ["Whole ring", "View 2"]
    assert ws.case(store["case_id"]).meta["view"]["title"] == "View 2"
    words = texts(briefing.slides_block(views))
    assert words[:3] == ["1", "Whole ring", "size by degree, by type, top 5 hubs"]
    assert words[5:8] == ["2", "View 2", "size by betweenness, coloured by cluster, top 2 hubs, "
                          "hiding phone, account, ≥ 1 contacts, highlight ash"]


def test_deleting_a_slide(ws, store):
    store = saved_two_views(ws, store)
    store = cases.delete_view(ws, store, 0)

    assert [v["title"] for v in view_state.saved_views(ws, store)] == ["View 2"]
    assert cases.delete_view(ws, store, 5) is None


@pytest.mark.parametrize("sample_id", ["caviar", "socmint-grumbleford"])
def test_briefing_of_the_samples(tmp_path, sample_id):
    from casegraph.workspace import Workspace

    workspace = Workspace(tmp_path / "data")
    case_id = workspace.store.sample_case_id(sample_id)
    ws = session_of(workspace)
    words = texts(briefing.briefing_body(ws, {"case_id": case_id, "rev": 1}, "betweenness"))
    assert "Top hubs by betweenness" in words
    assert "Recommended targets" in words


