"""Time slices: CAVIAR's 11 phases and the fictional case's weeks."""

from __future__ import annotations

import csv

import networkx as nx
import pandas as pd
import pytest

from casegraph.analysis import project
from casegraph.analysis.timeline import (
    activity_histogram,
    centrality_by_slice,
    link_slices,
    phases,
    slice_graph,
    time_bins,
)
from casegraph.model import Case
from casegraph.samples import sample_cases, sample_path

# nodes / undirected pairs of each CAVIAR phase (Morselli's phase matrices)
CAVIAR_PHASES = [(15, 18), (24, 28), (33, 56), (33, 48), (32, 39), (27, 47), (36, 49),
                 (42, 58), (34, 44), (42, 50), (41, 50)]


def build(sample_id: str) -> Case:
    return next(s for s in sample_cases() if s.id == sample_id).build()


@pytest.fixture(scope="module")
def caviar() -> Case:
    return build("caviar")


@pytest.fixture(scope="module")
def socmint() -> Case:
    return build("socmint-grumbleford")


def test_caviar_has_eleven_phases_with_the_published_sizes(caviar):
    assert phases(caviar) == list(range(1, 12))
    assert link_slices(caviar) == ("phase", list(range(1, 12)))
    sizes = []
    for p in phases(caviar):
        U = project(slice_graph(caviar, phases=[p]))
        sizes.append((U.number_of_nodes(), U.number_of_edges()))
    assert sizes == CAVIAR_PHASES


def test_caviar_n1_is_the_top_hub_except_in_phases_9_and_11(caviar):
    table = centrality_by_slice(caviar, "degree", top=200)
    leaders = {p: table.loc[p].idxmax() for p in table.index}
    assert [p for p, n in leaders.items() if n != "n1"] == [9, 11]
    assert (leaders[9], leaders[11]) == ("n3", "n12")
    assert table.loc[1, "n1"] == 12.0 and table.loc[3, "n1"] == 27.0
    top = centrality_by_slice(caviar, "degree", top=8)
    assert top.shape == (11, 8) and top.columns[0] == "n1"
    assert top.index.name == "slice"


def test_caviar_cumulative_and_combined_windows(caviar):
    whole = project(caviar.graph)
    upto = project(slice_graph(caviar, upto=11))
    assert (upto.number_of_nodes(), upto.number_of_edges()) == \
        (whole.number_of_nodes(), whole.number_of_edges())
    first_two = slice_graph(caviar, upto=2)
    assert first_two.number_of_edges() == slice_graph(caviar, phases=[1, 2]).number_of_edges()
    assert set(first_two.nodes) == set(slice_graph(caviar, phases=[1]).nodes) | set(
        slice_graph(caviar, phases=[2]).nodes)
    kept = slice_graph(caviar, phases=[1], all_nodes=True)
    assert kept.number_of_nodes() == caviar.graph.number_of_nodes() == 107
    assert kept.number_of_edges() == 26


def test_caviar_activity_histogram(caviar):
    hist = activity_histogram(caviar)
    assert hist["bin"].tolist() == list(range(1, 12))
    assert int(hist["links"].sum()) == caviar.graph.number_of_edges()
    assert hist["weight"].sum() == pytest.approx(
        sum(w for *_, w in caviar.graph.edges(data="weight")))
    assert hist.loc[0, ["links", "weight"]].tolist() == [26, 59.0]


def test_socmint_weekly_bins(socmint):
    bins = time_bins(socmint)
    assert len(bins) == 17
    assert bins[0]["label"] == "2024-01-01/2024-01-07"
    assert bins[0]["start"] == pd.Timestamp("2024-01-01", tz="UTC")
    assert bins[-1]["end"] == pd.Timestamp("2024-04-29", tz="UTC")
    assert link_slices(socmint)[0] == "W"
    with (sample_path("socmint-grumbleford") / "edges.csv").open(encoding="utf-8") as fh:
        timed = [row for row in csv.DictReader(fh) if row["time"]]
    hist = activity_histogram(socmint, "W")
    assert len(hist) == 17 and int(hist["links"].sum()) == len(timed)
    first_week = sum(row["time"] < "2024-01-08" for row in timed)
    assert int(hist.loc[0, "links"]) == first_week
    view = slice_graph(socmint, start=bins[0]["start"], end=bins[0]["end"])
    assert view.number_of_edges() == first_week
    months = time_bins(socmint, "M")
    assert [b["label"] for b in months] == ["2024-01", "2024-02", "2024-03", "2024-04"]


def test_socmint_untimed_links_join_any_window(socmint):
    untimed = sum(1 for *_, d in socmint.graph.edges(data=True) if not d.get("time"))
    week = slice_graph(socmint, start="2024-01-01", end="2024-01-08")
    both = slice_graph(socmint, start="2024-01-01", end="2024-01-08", untimed=True)
    assert both.number_of_edges() == week.number_of_edges() + untimed
    assert all(d.get("type") in {"call", "posted", "follows"} for *_, d in
               week.edges(data=True))


def test_time_window_bounds_on_a_small_graph():
    G = nx.MultiGraph()
    G.add_edge("a", "b", time="2024-01-01T00:00:00Z")
    G.add_edge("b", "c", time="2024-01-07T23:59:00+00:00")
    G.add_edge("c", "d", time="2024-01-08T00:00:00Z")
    G.add_edge("d", "e", time="not a date")
    G.add_edge("e", "f")
    week = slice_graph(G, start="2024-01-01", end="2024-01-08")
    assert sorted(week.edges()) == [("a", "b"), ("b", "c")]
    assert sorted(week.nodes) == ["a", "b", "c"]
    assert sorted(slice_graph(G, upto="2024-01-08T00:00:00Z").edges()) == [
        ("a", "b"), ("b", "c"), ("c", "d")]
    assert sorted(slice_graph(G, start="2024-01-08", untimed=True).edges()) == [
        ("c", "d"), ("d", "e"), ("e", "f")]
    assert slice_graph(G).number_of_edges() == 5
    assert [b["label"] for b in time_bins(G)] == ["2024-01-01/2024-01-07",
                                                 "2024-01-08/2024-01-14"]
    assert phases(G) == []


def test_phase_window_on_a_small_directed_graph():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", phase=1, weight=2)
    G.add_edge("a", "b", phase=2, weight=1)
    G.add_edge("b", "c", phase="3")
    G.add_edge("c", "d")
    assert phases(G) == [1, 2, 3]
    assert slice_graph(G, phases=[2]).number_of_edges() == 1
    assert sorted(slice_graph(G, upto=2).nodes) == ["a", "b"]
    assert sorted(slice_graph(G, phases=[3], untimed=True).edges()) == [("b", "c"), ("c", "d")]
    hist = activity_histogram(G)
    assert hist[["bin", "links", "weight"]].values.tolist() == [[1, 1, 2.0], [2, 1, 1.0],
                                                                [3, 1, 1.0]]
    with pytest.raises(ValueError):
        centrality_by_slice(G, measure="fame")
    between = centrality_by_slice(G, measure="betweenness", top=3)
    assert between.loc[3].tolist() == [0.0, 0.0, 0.0]
