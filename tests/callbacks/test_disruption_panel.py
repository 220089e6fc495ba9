"""Disruption tab: removal curves per strategy (exact on small cases), the chart, what-if
arrests, recommended targets and the action sentence from the verdict."""

from __future__ import annotations

import pytest
from dash import no_update

from casegraph.analysis.disruption import RandomCurves
from components import ids
from components.disruption_panel import (
    ORDER_ARREST,
    ORDER_SUSPECTS,
    analyst_order,
    arrest_list_after,
    curves,
    default_block,
    figure,
    half_point,
    lead_sentence,
    picked_target,
    summary,
    targets_view,
    what_if_view,
)
from components.tags import save_change
from tests.callbacks.cases_analysis import cell_case, star_case, store_of, two_cells_case
from tests.callbacks.conftest import texts


def test_removal_curves_of_two_cells_joined_by_one_link(ws):
    store = store_of(ws, two_cells_case())

    data = curves(ws, store, block=1)

    # betweenness: c and d tie (6 pairs each), c is earlier; then every score is 0 and the
    # earliest go first: a, b, d, e
    assert data["betweenness"] == pytest.approx([1, 1 / 2, 1 / 2, 1 / 2, 1 / 3, 1 / 6])
    # degree: c (3, tie with d), then d (2, tie with e, f), then a, b, e
    assert data["degree"] == pytest.approx([1, 1 / 2, 1 / 3, 1 / 3, 1 / 6, 1 / 6])
    assert data["random"].runs == 50 and data["random"].mean[0] == 1.0
    assert data["order"] is None
    assert half_point(data["betweenness"]) == 4 and half_point(data["degree"]) == 2


def test_block_removal_and_the_analysts_order(ws):
    store = store_of(ws, two_cells_case())
    data = curves(ws, store, block=2, order=["d", "a"])
    # two at a time: c and d first (both cut points) -> pieces of 2; then a, b -> e, f
    assert data["betweenness"] == pytest.approx([1, 1 / 3, 1 / 3])
    # the analyst's order stops when the list is used up: d and a together leave b-c and e-f
    assert data["order"] == pytest.approx([1, 1 / 3])
    assert half_point(data["order"], block=2, cap=2) == 2
    assert half_point(data["betweenness"], block=2) == 2


def test_curves_are_cached_per_revision_and_options(ws):
    store = store_of(ws, star_case())
    first = curves(ws, store, block=1)
    again = curves(ws, store, block=1)
    assert again["degree"] is first["degree"] and again["random"] is first["random"]
    assert curves(ws, store, block=2)["degree"] is not first["degree"]
    weighted = curves(ws, store, block=1, weighted=True)
    assert weighted["betweenness"] is not first["betweenness"]
    assert weighted["degree"] is first["degree"]  # only betweenness uses the weights


def test_chart_and_sentences_compare_the_strategies(ws):
    store = store_of(ws, star_case())
    data = curves(ws, store, block=1, order=["s0", "s1"])

    fig = figure(data, block=1, order_len=2)

    names = [t.name for t in fig.data if t.showlegend is not False]
    assert names == ["Random: range over 50 runs", "Random arrests (mean)",
                     "Brokers first (betweenness)", "Most contacts first (degree)",
                     "Most important contacts first (PageRank)", "Analyst's order"]
    degree = next(t for t in fig.data if t.name == "Most contacts first (degree)")
    assert list(degree.x) == [0, 1, 2, 3, 4, 5, 6]
    assert list(degree.y) == pytest.approx([100] + [100 / 7] * 6)
    # the "below half" marks: one per ranked strategy (the analyst's two spokes never halve)
    marks = [t for t in fig.data if t.showlegend is False]
    assert [list(t.x) for t in marks] == [[1], [1], [1]]
    text = texts(summary(data, block=1, order_len=2))
    assert text[0] == ("Targeting brokers first (betweenness) halves the ring after 1 arrest; "
                       f"random arrests need {half_point(data['random'].mean)} on average.")
    assert "Analyst's order (2 people): " in text and "does not fall below half" in text


def test_lead_sentence_without_any_halving():
    flat = {s: [1.0, 0.9] for s in ("betweenness", "degree", "pagerank")}
    flat["random"] = RandomCurves([1.0, 0.95], [0, 0], [1, 0.9], [1, 1], 2)
    assert lead_sentence(flat).startswith("No targeted strategy brings the ring below half")


def test_what_if_counts_the_pieces_left_and_marks_the_arrests(ws):
    store = store_of(ws, two_cells_case())

    children, classes = what_if_view(ws, store, ["c"])

    assert texts(children)[:3] == [
        "Arresting 1 person leaves 2 separate groups",
        " of two or more; the largest has 3 members (50% of the ring as it was)", "."]
    assert classes == {"ov-removed": ["c", ("c", "a"), ("c", "b"), ("c", "d")]}
    children, _ = what_if_view(ws, store_of(ws, star_case()), ["hub"])
    assert texts(children) == ["Arresting 1 person leaves no group of two or more",
                               ": 6 people lose every contact."]
    children, classes = what_if_view(ws, store, [])
    assert classes == {} and texts(children)[0].startswith("Add people to the arrest list")


def test_recommended_targets_with_gains_and_what_the_verdict_implies(ws):
    store = store_of(ws, two_cells_case())
    children, rows, picks = targets_view(ws, store, 2)
    assert picks == ["c", "d"]
    assert texts(children) == ["The ring is too small to call its structure. Together these "
                               "2 leave the largest group at 33% of the ring."]
    # c: 8 of 30 ordered pairs still connected -> 73% cut off; with d: 4 of 30 -> 87%
    assert rows == [
        {"id": "c", "rank": 1, "name": "C Fictional", "gain": 73.3, "cut_off": 73,
         "ring_left": 50},
        {"id": "d", "rank": 2, "name": "D Fictional", "gain": 13.3, "cut_off": 87,
         "ring_left": 33}]
    # a click on a row selects that person (the grid's row id is the entity)
    assert picked_target({"rowId": "d", "colId": "gain"}) == {
        "kind": "node", "id": "d", "centre": True, "via": "panel"}
    assert picked_target({"colId": "gain"}) is None

    text = texts(targets_view(ws, store_of(ws, star_case(spokes=9)), 1)[0])
    assert text[0].startswith("Hub-and-spoke ring: removing the hubs breaks it. Taking Hub "
                              "Fictional alone leaves the largest group at 10% of the ring")
    text = texts(targets_view(ws, store_of(ws, cell_case(size=10)), 2)[0])
    assert text[0].startswith("Highly networked ring: arrests one at a time let it re-route. "
                              "Act against these 2 people at the same time")


def test_the_arrest_list_from_buttons_and_the_inspector():
    sel = {"kind": "node", "id": "b"}
    assert arrest_list_after(ids.ARREST_FROM_SELECTION, 1, ["a"], sel, []) == ["a", "b"]
    assert arrest_list_after(ids.ARREST_FROM_SELECTION, 1, ["a"], None, []) is no_update
    assert arrest_list_after(ids.ARREST_CLEAR, 1, ["a"], sel, []) == []
    assert arrest_list_after(ids.ARREST_USE_TARGETS, 1, ["a"], sel, ["x", "y"]) == ["x", "y"]
    add = {"type": ids.ARREST_ADD, "index": "c"}
    assert arrest_list_after(add, 1, ["a"], sel, []) == ["a", "c"]
    assert arrest_list_after(add, 0, ["a"], sel, []) is no_update  # re-rendered, not clicked
    assert arrest_list_after(ids.CASE_STORE, None, ["a"], sel, []) == ["a"]


def test_the_analysts_order_can_be_the_tagged_suspects(ws):
    store = store_of(ws, two_cells_case())
    store = save_change(ws, store, "a", tag="suspect")
    store = save_change(ws, store, "d", tag="suspect")
    ref = (store["case_id"], store["rev"])
    assert analyst_order(ws, ref, ORDER_SUSPECTS, ["b"]) == ["d", "a"]  # best connected first
    assert analyst_order(ws, ref, ORDER_ARREST, ["b", "zz", "b"]) == ["b"]


def test_default_block_keeps_large_curves_to_about_a_hundred_steps():
    assert [default_block(n) for n in (44, 300, 301, 2_000, 10_000)] == [1, 1, 4, 20, 100]
