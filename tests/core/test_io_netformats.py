"""Pajek, UCINET DL and GML: what social-network software writes, read as cases."""

from __future__ import annotations

import io

import igraph as ig
import networkx as nx
import pytest

from casegraph.io import LoadError, load


def labelled(case) -> set[tuple[str, str, float]]:
    label = {n: d["label"] for n, d in case.graph.nodes(data=True)}
    return {(label[u], label[v], w) for u, v, w in case.graph.edges(data="weight")}


# -- Pajek -----------------------------------------------------------------------------------
def test_pajek_arcs_with_labels_weights_and_positions():
    net = (b'*Network "Harbour ring"\n*Vertices 3\n1 "Ada Fictional" 0.1 0.2 0.5\n'
           b'2 "Bo"\n3 Cy\n*Arcs\n1 2 4\n2 3\n')
    case = load(net, filename="ring.net")
    assert case.name == "Harbour ring" and case.directed
    assert labelled(case) == {("Ada Fictional", "Bo", 4.0), ("Bo", "Cy", 1.0)}
    assert list(case.positions.values()) == [(0.1, 0.2)]
    assert case.meta["format"] == "pajek"


def test_pajek_edges_lists_and_a_matrix():
    edges = load(b"*Vertices 3\n1 a\n2 b\n3 c\n*Edges\n1 2\n", filename="e.net")
    assert not edges.directed and labelled(edges) == {("a", "b", 1.0)}
    lists = load(b"*Vertices 3\n1 a\n2 b\n3 c\n*Arcslist\n1 2 3\n", filename="l.net")
    assert labelled(lists) == {("a", "b", 1.0), ("a", "c", 1.0)}
    matrix = load(b"*Vertices 2\n1 a\n2 b\n*Matrix\n0 2\n1 0\n", filename="m.net")
    assert labelled(matrix) == {("a", "b", 2.0), ("b", "a", 1.0)}


def test_pajek_vertices_without_lines_as_igraph_writes_them(tmp_path):
    ig.Graph.Famous("Zachary").write_pajek(str(tmp_path / "karate.net"))
    case = load(tmp_path / "karate.net")
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (34, 78)


def test_pajek_two_mode_makes_people_and_events():
    net = b"*Vertices 4 2\n1 Ada\n2 Bo\n3 Meeting-1\n4 Meeting-2\n*Edges\n1 3\n2 3\n2 4\n"
    case = load(net, filename="meetings.net")
    types = {d["label"]: d["type"] for _, d in case.graph.nodes(data=True)}
    assert types == {"Ada": "person", "Bo": "person", "Meeting-1": "event",
                     "Meeting-2": "event"}
    assert case.meta["two_mode"] == {"types": ["person", "event"]}


def test_networkx_pajek_round_trip_keeps_labels():
    graph = nx.les_miserables_graph()
    buffer = io.BytesIO()
    nx.write_pajek(graph, buffer)
    case = load(buffer.getvalue(), filename="lesmis.net")
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (77, 254)
    assert {d["label"] for _, d in case.graph.nodes(data=True)} == set(graph)


@pytest.mark.parametrize("text, problem", [
    (b"*Vertices 2\n1 a\n2 b\n*Arcs\n1 5\n", "line 5: vertex 5 is not in the *Vertices"),
    (b"*Vertices 2\n1 a\n2 b\n*Partition x\n1\n", "*Partition is not one casegraph reads"),
    (b'*Vertices 2\n1 "a\n2 b\n', "line 2: a quote is not closed"),
    (b"*Vertices 2\n1 a\n2 b\n*Arcs\n1 2 heavy\n", "expected a number"),
])
def test_bad_pajek_is_refused_with_the_line(text, problem):
    with pytest.raises(LoadError, match="x.net") as error:
        load(text, filename="x.net")
    assert problem in str(error.value)


# -- UCINET DL -------------------------------------------------------------------------------
def test_dl_full_matrix_with_labels():
    dl = (b'DL N=3\nFORMAT = FULLMATRIX\nLABELS:\nAda,Bo,"Cy Fictional"\nDATA:\n'
          b"0 2 0\n2 0 1\n0 1 0\n")
    case = load(dl, filename="ring.dl")
    assert case.meta["format"] == "dl" and not case.directed
    assert labelled(case) == {("Ada", "Bo", 2.0), ("Bo", "Cy Fictional", 1.0)}


def test_dl_full_matrix_with_embedded_labels_and_values_across_lines():
    embedded = b"dl n=2 format=fullmatrix\nlabels embedded\ndata:\n  a b\na 0 1\nb 0 0\n"
    assert labelled(load(embedded, filename="e.dl")) == {("a", "b", 1.0)}
    wrapped = b"dl n=2\ndata:\n0 1\n0\n0\n"
    assert labelled(load(wrapped, filename="w.dl")) == {("1", "2", 1.0)}


def test_dl_edge_and_node_lists():
    edges = b"dl n=3 format=edgelist1\nlabels:\nAda Bo Cy\ndata:\n1 2 3\n3 1\n"
    assert labelled(load(edges, filename="e.dl")) == {("Ada", "Bo", 3.0), ("Cy", "Ada", 1.0)}
    named = b"dl n=3 format=edgelist1\nlabels embedded:\ndata:\nAda Bo\nBo Cy 2\n"
    assert labelled(load(named, filename="n.dl")) == {("Ada", "Bo", 1.0), ("Bo", "Cy", 2.0)}
    nodes = b"dl n=3 format=nodelist1\nlabels:\nAda,Bo,Cy\ndata:\n1 2 3\n"
    assert labelled(load(nodes, filename="l.dl")) == {("Ada", "Bo", 1.0), ("Ada", "Cy", 1.0)}


def test_dl_two_mode_matrix_makes_people_and_events():
    dl = (b"dl nr=2 nc=3\nrow labels:\nAda Bo\ncolumn labels:\nm1 m2 m3\ndata:\n"
          b"1 0 1\n0 1 1\n")
    case = load(dl, filename="meetings.dl")
    types = {d["label"]: d["type"] for _, d in case.graph.nodes(data=True)}
    assert types == {"Ada": "person", "Bo": "person", "m1": "event", "m2": "event",
                     "m3": "event"}
    assert labelled(case) == {("Ada", "m1", 1.0), ("Ada", "m3", 1.0), ("Bo", "m2", 1.0),
                              ("Bo", "m3", 1.0)}


@pytest.mark.parametrize("text, problem", [
    (b"dl n=3\nlabels:\na b c\n", "no 'data:' line"),
    (b"dl n=3\ndata:\n0 1 0\n1 0\n", "the matrix has 5 values; expected 3 x 3 = 9"),
    (b"dl n=2 format=edgelist1\nlabels:\na b\ndata:\n1 7\n", "from 1 to 2, found '7'"),
    (b"dl n=2 format=blockmatrix\ndata:\n", "format 'blockmatrix' is not one"),
    (b"dl n=zero\ndata:\n", "found 'zero'"),
])
def test_bad_dl_is_refused_with_what_was_expected(text, problem):
    with pytest.raises(LoadError, match="x.dl") as error:
        load(text, filename="x.dl")
    assert problem in str(error.value)


# -- GML -------------------------------------------------------------------------------------
def test_gml_labels_types_weights_and_positions():
    gml = b"""Creator "a drawing tool"
graph [
  directed 1
  label "Harbour ring"
  node [ id 1 label "Ada" type "person" graphics [ x 10.0 y -4.5 ] ]
  node [ id 2 label "07700 900123" type "phone" ]
  edge [ source 1 target 2 value 3 type "uses" ]
]
"""
    case = load(gml, filename="ring.gml")
    assert case.name == "Harbour ring" and case.directed
    types = {d["label"]: d["type"] for _, d in case.graph.nodes(data=True)}
    assert types == {"Ada": "person", "07700 900123": "phone"}
    [(_, _, link)] = case.graph.edges(data=True)
    assert (link["type"], link["weight"]) == ("uses", 3.0)
    assert list(case.positions.values()) == [(10.0, -4.5)]


def test_gml_from_networkx_and_igraph_and_sniffed_without_extension(tmp_path):
    buffer = io.BytesIO()
    nx.write_gml(nx.les_miserables_graph(), buffer)
    case = load(buffer.getvalue(), filename="upload")
    assert case.meta["format"] == "gml"
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (77, 254)
    graph = ig.Graph.Famous("Zachary")
    graph.vs["label"] = [f"member {i}" for i in range(34)]
    graph.write_gml(str(tmp_path / "karate.gml"))
    case = load(tmp_path / "karate.gml")
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (34, 78)


@pytest.mark.parametrize("text", [
    b"graph [ node [ id 1 ] edge [ source 1 target 9 ] ]",
    b"graph [ node [ id 1 label ] ]",
    b"graph " + b"[ x " * 5000 + b"]" * 5000,
])
def test_bad_gml_is_a_load_error(text):
    with pytest.raises(LoadError, match="x.gml"):
        load(text, filename="x.gml")
