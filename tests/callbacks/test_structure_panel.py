"""Structure tab: the verdict in plain words with its figures, per cluster, and the single
points of failure marked on the diagram."""

from __future__ import annotations

from components.structure_panel import (
    action_and_facts,
    cluster_rows,
    cut_overlay,
    figure_rows,
    verdict,
    verdict_block,
)
from tests.callbacks.cases_analysis import cell_case, star_case, store_of, two_cells_case
from tests.callbacks.conftest import texts


def test_a_star_reads_as_hub_and_spoke_with_its_figures(ws):
    store = store_of(ws, star_case(spokes=9))

    text = texts(verdict_block(ws, store))

    assert text[:3] == [
        "hub-and-spoke",
        "Hub-and-spoke: the ring depends on a few people",
        "Hub-and-spoke: the ring depends on a few people. Removing the hubs (Hub Fictional) "
        "is likely to break it apart; expect a lieutenant to try to take over, so watch the "
        "next-ranked members.",
    ]
    assert text[3] == ("Whole network: 10 members, 9 connected pairs. Figures pointing to "
                       "hub-and-spoke: 5; to networked: 0 (three or more of one kind, and at "
                       "most one of the other, decide the verdict).")
    rows = figure_rows(verdict(ws, store), ws.case(store["case_id"]))
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("Centralisation", "1.00", "hub"),
        ("Reach of the top hubs", "100%", "hub"),
        ("Without the hubs", "10%", "hub"),
        ("Clustering", "0.00", "hub"),
        ("Redundant core", "0%", ""),
        ("Single points of failure", "1", "hub"),
        ("Links with no backup", "9", ""),
    ]
    assert rows[1][2] == ("of the 10 members are in direct contact with the top 1 hub "
                          "(Hub Fictional)")
    assert text[-2:] == ["Single points of failure: ", "Hub Fictional"]


def test_a_small_star_is_too_small_to_call_and_shows_its_figures(ws):
    store = store_of(ws, star_case())  # 7 members
    text = texts(verdict_block(ws, store))
    assert text[:2] == ["too small to call",
                        "Too small to call: the figures are shown, not judged"]
    assert text[2].startswith("Too small to call: with 7 members and 6 linked pairs")
    assert text[3] == ("Whole network: 7 members, 6 connected pairs: too few to call (the "
                       "verdict needs at least 10 members).")
    rows = figure_rows(verdict(ws, store), ws.case(store["case_id"]))
    assert [(r[0], r[1], r[3]) for r in rows][:3] == [
        ("Centralisation", "1.00", ""), ("Reach of the top hubs", "100%", ""),
        ("Without the hubs", "14%", "")]


def test_a_complete_cell_reads_as_highly_networked(ws):
    store = store_of(ws, cell_case(size=10))
    text = texts(verdict_block(ws, store))
    assert text[0] == "highly networked"
    assert text[2].startswith("Highly networked: contacts overlap, so the ring can absorb "
                              "single arrests")
    assert "Figures pointing to hub-and-spoke: 1; to networked: 5" in text[3]
    assert text[-2:] == ["Single points of failure: ", "none"]


def test_clusters_get_their_own_verdict(ws):
    store = store_of(ws, cell_case(size=10))
    rows = texts(cluster_rows(ws, store))
    assert rows[:4] == ["Cluster 1", "10 members", "highly networked",
                        "centralisation 0.00 · clustering 1.00 · hubs: Member 0 Fictional"]
    rows = texts(cluster_rows(ws, store_of(ws, cell_case())))
    assert rows[:3] == ["Cluster 1", "6 members", "too small to call"]
    store = store_of(ws, two_cells_case())  # clusters of three: not listed
    assert texts(cluster_rows(ws, store)) == ["No cluster has four or more members."]


def test_single_points_of_failure_are_marked_on_demand(ws):
    store = store_of(ws, two_cells_case())
    assert cut_overlay(ws, store, ["cuts"]) == {
        "case": [store["case_id"], store["rev"]], "classes": {"ov-cut": ["c", "d"]},
        "fit": False, "note": ""}
    assert cut_overlay(ws, store, [])["classes"] == {}
    assert texts(verdict_block(ws, store))[0] == "too small to call"


def test_the_verdict_is_computed_once_per_revision(ws):
    store = store_of(ws, star_case())
    assert verdict(ws, store) is verdict(ws, store)
    assert verdict(ws, None) is None
    assert texts(verdict_block(ws, None)) == ["No case open."]


def test_action_and_figures_are_split_for_the_reader():
    assert action_and_facts("Do this. Degree centralisation is 0.40 (a star).") == (
        "Do this.", "Degree centralisation is 0.40 (a star).")
    assert action_and_facts("Too small to judge (2 members, 1 links).") == (
        "Too small to judge (2 members, 1 links).", "")
