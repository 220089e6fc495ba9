"""Two-mode data (people x events): incidence matrices and two-kind edge lists load as
bipartite cases, and project onto the people with the events behind every tie."""

import networkx as nx
import pytest

from casegraph.io import LoadError, Mapping, load, project_two_mode


def test_a_non_square_matrix_loads_as_two_mode_without_options():
    case = load(b",Meeting 1,Meeting 2,Meeting 3\nAda,1,0,2\nBo,1,1,0\n", filename="m.csv")
    assert case.meta["format"] == "incidence"
    assert case.meta["two_mode"] == {"types": ["person", "event"]}
    assert dict(case.graph.nodes(data="type")) == {
        "Meeting 1": "event", "Meeting 2": "event", "Meeting 3": "event", "Ada": "person",
        "Bo": "person"}
    assert sorted((u, v, d["type"], d["weight"]) for u, v, d in case.graph.edges(data=True)) == [
        ("Ada", "Meeting 1", "attended", 1.0), ("Ada", "Meeting 3", "attended", 2.0),
        ("Bo", "Meeting 1", "attended", 1.0), ("Bo", "Meeting 2", "attended", 1.0)]
    assert case.graph.nodes["Ada"]["bipartite"] == 0
    assert case.graph.nodes["Meeting 1"]["bipartite"] == 1


def test_the_two_types_can_be_named():
    case = load(b",Dock A,Dock B\nAda,1,0\nBo,1,1\n", filename="m.csv", row_type="vehicle",
                column_type="address")
    assert case.meta["two_mode"] == {"types": ["vehicle", "address"]}
    assert case.graph.nodes["Dock A"]["type"] == "address"


def test_a_square_one_mode_matrix_is_not_taken_for_two_mode():
    case = load(b",a,b,c\na,0,1,0\nb,1,0,1\nc,0,1,0\n", filename="m.csv")
    assert case.meta["format"] == "matrix" and "two_mode" not in case.meta


def test_a_table_of_measurements_is_not_taken_for_a_two_mode_matrix():
    with pytest.raises(LoadError, match="mapping dialog"):
        load(b"person,age,height\nAda,41,170\nBo,37,180\n", filename="people.csv")


def test_repeated_row_labels_in_a_two_mode_matrix_are_an_error():
    with pytest.raises(LoadError, match="row label.*Ada appear more than once"):
        load(b",M1,M2\nAda,1,0\nAda,0,1\nBo,1,1\n", filename="m.csv")


def test_an_edge_list_between_two_kinds_of_entity_is_two_mode():
    mapping = Mapping(source="who", target="where", source_type="person", target_type="event",
                      link_type="attended")
    case = load(b"who,where\nAda,Dock party\nBo,Dock party\nBo,Gym\n", filename="x.csv",
                mapping=mapping)
    assert case.meta["two_mode"] == {"types": ["person", "event"]}
    people = project_two_mode(case)
    assert [(u, v, d["via"]) for u, v, d in people.graph.edges(data=True)] == [
        ("Ada", "Bo", ["Dock party"])]


def test_the_meetings_sample_as_a_bipartite_case(datasets):
    case = load(datasets / "meetings" / "meetings.csv")
    assert case.meta["format"] == "incidence"
    assert case.entity_counts() == {"event": 8, "person": 12}
    assert case.graph.number_of_edges() == 32
    assert sum(d["weight"] for *_, d in case.graph.edges(data=True)) == 34.0
    assert nx.is_bipartite(nx.Graph(case.graph))
    assert case.meta["warnings"] == [] and case.meta["load_report"] == []


def test_the_meetings_sample_projected_onto_its_people(datasets):
    case = load(datasets / "meetings" / "meetings.csv")
    people = project_two_mode(case)
    assert people.directed is False
    assert people.entity_counts() == {"person": 12}
    assert people.graph.number_of_edges() == 30
    graph = nx.Graph(people.graph)
    assert nx.number_connected_components(graph) == 1
    strength = dict(graph.degree(weight="weight"))
    assert max(strength, key=strength.get) == "Alder Fictional" and strength[
        "Alder Fictional"] == 16.0
    [tie] = people.graph["Alder Fictional"]["Birch Fictional"].values()
    assert tie["weight"] == 4.0 and tie["type"] == "associate"
    assert tie["via_labels"] == ["Birthday party (23 Feb)", "Harbour cafe (12 Jan)",
                                 "Harbour cafe (2 Feb)", "Warehouse 7 (19 Jan)"]
    # Every link behind the tie is an attendance record of one of the two.
    for u, v, key in tie["links"]:
        assert case.graph.edges[u, v, key]["type"] == "attended"
        assert u in ("Alder Fictional", "Birch Fictional") and v in tie["via"]
    assert len(tie["links"]) == 8
    assert tie["provenance"][0]["kind"] == "projection"
    assert people.meta["projection"] == {"of": "meetings", "keep": "person",
                                         "via_types": ["event"]}
    # Lark went only to the party: tied to everyone else who was there, once.
    assert sorted(graph["Lark Fictional"]) == ["Alder Fictional", "Birch Fictional",
                                               "Cedar Fictional", "Fern Fictional",
                                               "Iris Fictional"]


def test_projecting_keeps_positions_and_attributes_of_the_people():
    case = load(b",M1,M2\nAda,1,0\nBo,1,0\n", filename="m.csv")
    case.positions = {"Ada": (1.0, 2.0), "M1": (0.0, 0.0)}
    case.graph.nodes["Ada"]["role"] = "courier"
    people = project_two_mode(case)
    assert people.positions == {"Ada": (1.0, 2.0)}
    assert people.graph.nodes["Ada"]["role"] == "courier"
    assert case.graph.number_of_nodes() == 4  # the two-mode case is left as it was
