"""Structure tab: the verdict in plain words with its figures, per cluster, and the single
points of failure marked on the diagram."""

from __future__ import annotations

from components.structure_panel import (
    action_and_facts,
    cluster_detail,
    cluster_table_rows,
    cut_overlay,
    figure_rows,
    verdict,
    verdict_block,
)
from tests.callbacks.cases_analysis import (
    cell_case,
    phone_star_case,
    star_case,
    store_of,
    two_cells_case,
)
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
    # no advice sentence: the figures, not a judgement
    assert text[2] == ("Whole network: 7 members, 6 connected pairs: too few to call (the "
                       "verdict needs at least 10 members). The figures are shown for what "
                       "they are.")
    assert text[3] == "Centralisation"
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


def test_clusters_are_rows_of_data_and_judged_when_opened(ws):
    store = store_of(ws, cell_case(size=10))
    rows = cluster_table_rows(ws, store)
    assert rows[0].pop("row_id") == f"{store['case_id']}:{store['rev']}:people:0"
    assert rows == [{"cluster": 0, "name": "Cluster 1", "members": 10, "links": 45,
                     "links_out": 0, "centralisation": 0.0, "clustering": 1.0,
                     "density": 1.0, "top": "Member 0 Fictional (9)"}]
    view = ws.analysed_view(store["case_id"], store["rev"])  # Workspace.cluster_verdict's key
    key = (store["case_id"], store["rev"], ("cluster-verdict", 0, view))
    assert ws._ws._derived.peek(key) is None  # listed, not judged
    detail = texts(cluster_detail(ws, store, 0))
    assert ws._ws._derived.peek(key).label == "highly networked"  # judged when opened
    assert detail[:3] == ["Cluster 1", "10 members", "highly networked"]
    assert detail[3].startswith("Highly networked")
    small = store_of(ws, cell_case())
    assert texts(cluster_detail(ws, small, 0))[:4] == [
        "Cluster 1", "6 members", "too small to call", "Centralisation"]
    assert cluster_table_rows(ws, store_of(ws, two_cells_case())) == []  # clusters of three
    assert texts(cluster_detail(ws, store, None)) == ["Click a row to see that cluster's "
                                                      "verdict."]
    assert texts(cluster_detail(ws, store, 7)) == ["That cluster is no longer in this "
                                                   "revision."]


def test_the_people_view_judges_people_not_phones(ws):
    store = store_of(ws, phone_star_case())  # 11 people, 11 phones, 10 posts
    people = verdict(ws, store)  # the people network by default
    assert people.numbers["members"] == 11
    assert people.label == "hub-and-spoke"
    assert people.hubs == ["boss"]
    assert texts(verdict_block(ws, store))[2].startswith(
        "Hub-and-spoke: the ring depends on a few people. Removing the hubs (Boss Fictional)")
    entities = verdict(ws, store, "entities")
    assert entities.numbers["members"] == 32
    assert "boss" not in entities.hubs  # on the raw graph the boss's phone is the hub
    assert "pb" in entities.hubs
    assert [r["top"] for r in cluster_table_rows(ws, store)] == ["Boss Fictional (10)"]


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
