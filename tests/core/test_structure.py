"""casegraph.analysis.structure: the verdict on generated and real networks."""

from __future__ import annotations

import networkx as nx
import pytest

from casegraph.analysis.structure import (
    HUB_AND_SPOKE,
    MIN_MEMBERS,
    MIXED,
    NETWORKED,
    TOO_SMALL,
    structure_verdict,
)
from casegraph.io import load


def star_of_stars(arms: int = 6, leaves: int = 8) -> nx.Graph:
    G = nx.Graph()
    for a in range(arms):
        G.add_edge("boss", f"hub{a}")
        G.add_edges_from((f"hub{a}", f"hub{a}-{i}") for i in range(leaves))
    return G


def test_star_of_stars_is_hub_and_spoke():
    verdict = structure_verdict(star_of_stars(), clusters=False)
    assert verdict.label == HUB_AND_SPOKE
    assert sorted(verdict.hubs) == [f"hub{a}" for a in range(6)]
    assert verdict.numbers["hub_reach"] == 1.0
    assert verdict.numbers["lcc_without_hubs"] == pytest.approx(1 / 55)
    assert verdict.numbers["clustering"] == 0.0
    assert verdict.numbers["bridges"] == 54 and verdict.numbers["articulation_points"] == 7
    assert "Removing the hubs" in verdict.explanation
    assert "100% of the 55 members" in verdict.explanation


def test_dense_random_graph_is_highly_networked():
    verdict = structure_verdict(nx.gnp_random_graph(40, 0.3, seed=2), clusters=False)
    assert verdict.label == NETWORKED
    assert verdict.numbers["bridges"] == 0 and verdict.articulation_points == []
    assert verdict.numbers["centralisation"] < 0.25
    assert "many members at once" in verdict.explanation


def test_cluster_verdicts_follow_the_given_communities():
    G = nx.disjoint_union(nx.star_graph(11), nx.complete_graph(12))
    G.add_edge(0, 12)
    communities = {n: 0 if n < 12 else 1 for n in G}
    verdict = structure_verdict(G, communities)
    assert verdict.clusters[0].label == HUB_AND_SPOKE
    assert verdict.clusters[1].label == NETWORKED


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_tiny_networks_are_too_small_to_call_with_their_figures(engine):
    assert MIN_MEMBERS == 10
    chain = structure_verdict(nx.path_graph(3), clusters=False, engine=engine)
    assert chain.label == TOO_SMALL and chain.signals == {}
    assert chain.explanation.startswith("Too small to call: with 3 members and 2 linked pairs")
    assert "lieutenant" not in chain.explanation and "Act against" not in chain.explanation
    assert chain.numbers["members"] == 3 and chain.numbers["centralisation"] == 1.0
    assert chain.numbers["articulation_points"] == 1 and chain.hubs == [1]
    nine = structure_verdict(nx.star_graph(8), clusters=False, engine=engine)
    ten = structure_verdict(nx.star_graph(9), clusters=False, engine=engine)
    assert (nine.label, ten.label) == (TOO_SMALL, HUB_AND_SPOKE)
    lonely = structure_verdict(nx.empty_graph(2), clusters=False, engine=engine)
    assert lonely.label == TOO_SMALL and lonely.numbers["links"] == 0
    nobody = structure_verdict(nx.Graph(), engine=engine)
    assert nobody.label == TOO_SMALL and nobody.numbers == {"members": 0, "links": 0}


def test_small_clusters_are_too_small_to_call():
    G = nx.disjoint_union(nx.star_graph(5), nx.complete_graph(12))
    communities = {n: 0 if n >= 6 else 1 for n in G}
    verdict = structure_verdict(G, communities)
    assert verdict.clusters[1].label == TOO_SMALL
    assert verdict.clusters[0].label == NETWORKED


# What the real networks come out as (with the documented thresholds).
REAL = {
    ("caviar", "phase1.csv"): HUB_AND_SPOKE,
    ("caviar", "phase3.csv"): HUB_AND_SPOKE,
    ("caviar", "phase6.csv"): MIXED,
    ("caviar", "phase11.csv"): HUB_AND_SPOKE,
    ("natarajan_cocaine", "cocaine.csv"): HUB_AND_SPOKE,
    ("natarajan_heroin", "heroin.csv"): MIXED,
    ("siren", "siren.csv"): MIXED,
}


@pytest.mark.parametrize("where", sorted(REAL), ids=lambda w: w[1])
def test_real_networks(datasets, where):
    verdict = structure_verdict(load(datasets.joinpath(*where)).graph)
    assert verdict.label == REAL[where]
    assert verdict.explanation


def test_caviar_phase1_names_n1_as_the_hub(datasets):
    verdict = structure_verdict(load(datasets / "caviar" / "phase1.csv").graph)
    assert verdict.hubs[0] == "1"
    assert "1" in verdict.articulation_points
