"""casegraph.io on the published criminal networks shipped in data/ (see each SOURCE.txt)."""

from pathlib import Path

import networkx as nx
import pytest

from casegraph.io import load, load_phases

CAVIAR_SIZES = [(15, 18), (24, 28), (33, 56), (33, 48), (32, 39), (27, 47), (36, 49),
                (42, 58), (34, 44), (42, 50), (41, 50)]


def undirected_pairs(edges) -> int:
    return len({frozenset((u, v)) for u, v in edges if u != v})


def caviar_files(datasets: Path) -> list[Path]:
    return [datasets / "caviar" / f"phase{i}.csv" for i in range(1, 12)]


@pytest.mark.parametrize("phase", range(1, 12))
def test_caviar_phase_matrix(datasets, phase):
    case = load(datasets / "caviar" / f"phase{phase}.csv")
    nodes, pairs = CAVIAR_SIZES[phase - 1]
    assert case.graph.number_of_nodes() == nodes
    assert undirected_pairs(case.graph.edges()) == pairs
    assert nx.Graph(case.graph).number_of_edges() == pairs
    assert case.directed is True
    assert case.name == f"phase{phase}"
    assert case.meta["format"] == "matrix"
    assert case.meta["source"] == f"phase{phase}.csv"
    assert case.meta["warnings"] == []
    assert {d["type"] for _, d in case.graph.nodes(data=True)} == {"person"}


def test_caviar_phase1_weights_are_directed_call_counts(datasets):
    case = load(datasets / "caviar" / "phase1.csv", id_prefix="n")
    # Row "1" of phase1.csv: 9 calls from n1 to n85 (column "85"); row "85": 1 call back.
    calls = {(u, v): d["weight"] for u, v, d in case.graph.edges(data=True)}
    assert calls[("n1", "n85")] == 9.0
    assert calls[("n85", "n1")] == 1.0
    assert calls[("n83", "n6")] == 5.0 and calls[("n85", "n6")] == 5.0
    assert case.graph.nodes["n1"]["label"] == "n1"
    assert sum(calls.values()) == 59.0


def test_caviar_as_phases_of_one_case(datasets):
    case = load_phases(caviar_files(datasets), name="CAVIAR", id_prefix="n", link_type="call")
    assert case.name == "CAVIAR"
    assert case.directed is True
    assert case.meta["phases"] == list(range(1, 12))
    assert case.meta["source"][0] == "phase1.csv"
    edges = list(case.graph.edges(data=True))
    assert {d["type"] for *_, d in edges} == {"call"}
    assert all(isinstance(d["phase"], int) for *_, d in edges)
    leaders = {}
    for phase, (nodes, pairs) in enumerate(CAVIAR_SIZES, start=1):
        graph = nx.Graph((u, v) for u, v, d in edges if d["phase"] == phase)
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, pairs)
        top = max(dict(graph.degree).values())
        leaders[phase] = sorted(n for n, d in graph.degree if d == top)
    assert all(leaders[p] == ["n1"] for p in range(1, 12) if p not in (9, 11))
    assert leaders[9] == ["n3"] and leaders[11] == ["n12"]
    assert case.graph.number_of_nodes() == 107  # distinct actors over the 11 phases
    provenance = case.graph.nodes["n1"]["provenance"]
    assert len(provenance) == 11 and provenance[0]["source"] == "phase1.csv"


def test_phase_number_comes_from_file_name_not_order(datasets):
    files = caviar_files(datasets)[:3][::-1]
    case = load_phases(files)
    assert case.name == "phase"
    per_phase = {p: sum(1 for *_, d in case.graph.edges(data=True) if d["phase"] == p)
                 for p in (1, 2, 3)}
    assert per_phase[1] == load(files[2]).graph.number_of_edges()


def test_phase_number_falls_back_to_order():
    first = ("alpha.csv", b"source,target\nA,B\n")
    second = ("beta.csv", b"source,target\nB,C\nA,B\n")
    case = load_phases([first, second], phase_attr="period")
    assert sorted((u, v, d["period"]) for u, v, d in case.graph.edges(data=True)) == [
        ("A", "B", 1), ("A", "B", 2), ("B", "C", 2)]
    assert case.graph.number_of_nodes() == 3


def test_siren_binary_symmetric_matrix_is_undirected(datasets):
    case = load(datasets / "siren" / "siren.csv")
    assert case.directed is False
    assert case.graph.number_of_nodes() == 44
    assert case.graph.number_of_edges() == 103  # one link per pair
    assert undirected_pairs(case.graph.edges()) == 103
    assert {d["weight"] for *_, d in case.graph.edges(data=True)} == {1.0}


def test_heroin_directed_binary_matrix(datasets):
    case = load(datasets / "natarajan_heroin" / "heroin.csv")
    assert case.directed is True
    assert case.graph.number_of_nodes() == 38
    assert case.graph.number_of_edges() == 168
    assert undirected_pairs(case.graph.edges()) == 87
    assert "Mr.A" in case.graph and case.graph.nodes["Mr.A"]["label"] == "Mr.A"


def test_cocaine_valued_matrix(datasets):
    case = load(datasets / "natarajan_cocaine" / "cocaine.csv")
    assert case.graph.number_of_nodes() == 28
    assert case.name == "cocaine"
    assert {"Bill", "Blacky", "Tommy"} <= set(case.graph)
    assert case.graph.number_of_edges() == undirected_pairs(case.graph.edges()) + sum(
        1 for u, v in case.graph.edges() if case.graph.has_edge(v, u)) // 2
