"""casegraph.io loaders on small files of each format, sniffing and column options."""

import io
import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from casegraph.io import formats, load, load_phases, load_tables, save_formats


def fixture(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "io" / name


def links(case):
    return sorted((u, v, d["type"], d["weight"]) for u, v, d in case.graph.edges(data=True))


def test_formats_lists_every_loader():
    names = [f["name"] for f in formats()]
    assert names == ["csv", "edgelist", "matrix", "cdr", "nodes", "incidence", "xlsx", "zip",
                     "graphml", "gexf", "json", "cyjs", "mtgx", "ftm", "i2", "pajek", "dl", "gml"]
    csv = next(f for f in formats() if f["name"] == "csv")
    assert "tsv" in csv["extensions"] and csv["description"]


def test_edge_table_with_header_is_directed_and_typed():
    case = load(b"from,to,relation,count\nAda,Bo,associate,3\nBo,Cy,knows,1\n",
                filename="ties.csv")
    assert case.directed is True and case.meta["format"] == "edgelist"
    assert links(case) == [("Ada", "Bo", "associate", 3.0), ("Bo", "Cy", "link", 1.0)]
    assert case.graph.edges["Bo", "Cy", "e2"]["relation"] == "knows"  # unknown type kept
    assert case.graph.nodes["Ada"] == {
        "type": "person", "label": "Ada", "provenance": [
            {"kind": "file", "source": "ties.csv", "format": "edgelist",
             "at": case.meta["loaded_at"], "row": 2}]}


def test_bare_whitespace_edge_list_is_undirected_with_optional_weight():
    case = load(fixture("bare.edgelist"))
    assert case.directed is False
    assert links(case) == [("Ada", "Bo", "link", 3.0), ("Bo", "Cy", "link", 1.0),
                           ("Cy", "Ada", "link", 1.5)]


def test_bare_numeric_edge_list_is_not_mistaken_for_a_header_or_matrix():
    case = load(b"1 2 1\n2 3 4\n3 1 1\n", filename="g.txt")
    assert case.meta["format"] == "edgelist"
    assert links(case) == [("1", "2", "link", 1.0), ("2", "3", "link", 4.0),
                           ("3", "1", "link", 1.0)]


def test_tsv_with_short_a_b_header():
    case = load(fixture("ab_header.tsv"))
    assert sorted(case.graph.edges()) == [("Ada", "Bo"), ("Bo", "Cy")]


def test_column_options_name_the_columns():
    data = b"who;whom;n;when;what\nAda;Bo;2;2024-03-01 10:00;call\n"
    case = load(data, filename="x.csv", source="who", target="whom", weight="n", time="when",
                type="what")
    edge = case.graph.edges["Ada", "Bo", "e1"]
    assert (edge["type"], edge["weight"], edge["time"]) == ("call", 2.0, "2024-03-01T10:00:00")


def test_extra_columns_become_link_attributes_and_directed_option_wins():
    case = load(b"source,target,note\nAda,Bo,met at the docks\n", filename="x.csv",
                directed=False)
    assert case.directed is False
    assert case.graph.edges["Ada", "Bo", "e1"]["note"] == "met at the docks"


def test_source_and_target_type_columns_type_the_ends():
    case = load(b"source,target,source_type,target_type\nAda,07700 900123,person,phone\n",
                filename="x.csv")
    assert sorted(case.graph.nodes(data="type")) == [("Ada", "person"),
                                                      ("phone:+447700900123", "phone")]


def test_call_records_make_keyed_phones_and_one_call_per_record():
    case = load(fixture("calls_cdr.csv"))
    assert case.meta["format"] == "cdr" and case.directed is True
    assert sorted(case.graph) == ["phone:+447700900001", "phone:+447700900002",
                                  "phone:+447700900003"]
    calls = sorted((u[-1], v[-1], d["time"], d["duration"])
                   for u, v, d in case.graph.edges(data=True))
    assert calls == [("1", "2", "2024-03-01T14:05:00", 62.0),
                     ("1", "3", "2024-03-02T09:00:00", 300.0),
                     ("2", "1", "2024-03-01T15:10:00", 5.0)]
    assert {d["type"] for *_, d in case.graph.edges(data=True)} == {"call"}
    assert case.graph.nodes["phone:+447700900001"]["key"] == "phone:+447700900001"


def test_two_files_mentioning_the_same_phone_make_one_node():
    case = load_phases([fixture("calls_cdr.csv"), fixture("calls_more.csv")])
    assert case.graph.number_of_nodes() == 4
    node = case.graph.nodes["phone:+447700900003"]
    assert [p["source"] for p in node["provenance"]] == ["calls_cdr.csv", "calls_more.csv"]


def test_node_and_edge_tables_share_identity_keys():
    nodes = b"id,label,type\nt1,07700 900001,phone\np1,Ada Fictional,person\n"
    case = load_tables(nodes, fixture("calls_cdr.csv"))
    # The node table's t1 is the CDR's 07700 900001: one node, keeping the table's id.
    assert sorted(case.graph) == ["p1", "phone:+447700900002", "phone:+447700900003", "t1"]
    assert case.graph.out_degree("t1") == 2
    assert case.meta["source"] == ["nodes.csv", "calls_cdr.csv"]


def test_node_table_types_are_normalised():
    nodes = b"id,label,kind\na,Ada,People\nb,Bo,suspect\nc,Shop,company\nd,Thing,spaceship\n"
    case = load_tables(nodes, b"source,target\na,b\n")
    assert dict(case.graph.nodes(data="type")) == {
        "a": "person", "b": "person", "c": "organisation", "d": "other"}


def test_sniffing_reads_content_not_extension():
    graphml = fixture("ring.graphml").read_bytes()
    assert load(graphml, filename="export.txt").meta["format"] == "graphml"
    assert load(fixture("cytoscape.json").read_bytes()).meta["format"] == "json"


def test_file_like_source_and_name_option():
    handle = io.BytesIO(b"source,target\nA,B\n")
    handle.name = "/tmp/uploads/ties.csv"
    case = load(handle, name="Operation Example")
    assert case.name == "Operation Example" and case.meta["source"] == "ties.csv"


def test_graphml_types_keys_phase_and_direction():
    case = load(fixture("ring.graphml"))
    assert case.directed is False
    assert case.graph.nodes["m"]["type"] == "email"
    assert case.graph.nodes["m"]["key"] == "email:courier@example.org"
    assert case.graph.nodes["a"]["label"] == "Ada Fictional"
    edge = case.graph.edges["a", "b", "e1"]
    assert (edge["type"], edge["weight"], edge["phase"]) == ("associate", 4.0, 2)
    assert case.meta["warnings"] == ["1 link end(s) named entities missing from the node "
                                     "list; created them as person: 'ghost'"]


def test_graphml_written_by_networkx():
    graph = nx.karate_club_graph()
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    case = load(buffer.getvalue(), filename="karate.graphml")
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (34, 78)
    assert case.graph.nodes["0"]["club"] == "Mr. Hi"
    [between] = case.graph["0"]["1"].values()
    assert between["weight"] == 4.0


def test_gexf_as_gephi_writes_it():
    case = load(fixture("gephi.gexf"))
    assert case.name == "Fictional courier ring" and case.directed is True
    assert dict(case.graph.nodes(data="type")) == {"0": "person", "1": "phone",
                                                   "2": "person"}
    assert case.graph.nodes["0"]["role"] == "broker"
    assert case.graph.nodes["2"]["role"] == "unknown"  # the attribute default
    assert case.graph.nodes["1"]["key"] == "phone:+447700900123"
    assert case.positions == {"0": (-12.5, 30.25), "1": (4.0, -8.0)}
    edges = {k: d for *_, k, d in case.graph.edges(keys=True, data=True)}
    assert (edges["0"]["type"], edges["0"]["weight"]) == ("uses", 2.0)
    assert (edges["1"]["type"], edges["1"]["weight"], edges["1"]["time"]) == (
        "call", 3.5, "2024-03-01T00:00:00")
    assert edges["2"]["time"] == "2024-03-07T00:00:00"  # from its first spell


def test_gexf_written_by_networkx():
    buffer = io.BytesIO()
    nx.write_gexf(nx.les_miserables_graph(), buffer)
    case = load(buffer.getvalue(), filename="lesmis.gexf")
    assert (case.graph.number_of_nodes(), case.graph.number_of_edges()) == (77, 254)
    assert case.directed is False


def test_cytoscape_elements_dict_with_accounts_and_positions():
    case = load(fixture("cytoscape.json"))
    assert case.graph.nodes["h"]["key"] == "handle:instagram:snow_man"
    assert case.positions == {"a": (1.0, 2.0)}
    edge = case.graph.edges["a", "h", "x1"]
    assert (edge["type"], edge["time"]) == ("owns", "2024-03-01T10:00:00")


def test_cytoscape_elements_list():
    case = load(fixture("cytoscape_list.json"))
    assert links(case) == [("a", "b", "link", 2.0)]


@pytest.mark.parametrize("edges_key", ["links", "edges"])
def test_networkx_node_link_with_either_key(edges_key):
    data = nx.node_link_data(nx.path_graph(4), edges=edges_key)
    case = load(json.dumps(data).encode(), filename="path.json")
    assert case.directed is False
    assert sorted(case.graph.edges()) == [("0", "1"), ("1", "2"), ("2", "3")]


def test_node_link_file_with_edges_key_and_weights():
    case = load(fixture("nodelink_edges.json"))
    assert links(case) == [("1", "2", "link", 2.0), ("2", "3", "link", 1.0)]


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_nodes_and_edges_sheets(tmp_path):
    path = workbook(tmp_path / "ring.xlsx", {
        "Nodes": [["id", "label", "type"], [1, "Ada Fictional", "person"],
                  [2, "07700 900123", "phone"]],
        "Edges": [["source", "target", "type", "weight"], [1, 2, "uses", 2.5], [1, 3, None, 1]],
    })
    case = load(path)
    assert case.meta["format"] == "tables"
    assert dict(case.graph.nodes(data="type")) == {"1": "person", "2": "phone", "3": "person"}
    assert links(case) == [("1", "2", "uses", 2.5), ("1", "3", "link", 1.0)]
    assert case.meta["warnings"] == ["1 link end(s) named entities missing from the node "
                                     "list; created them as person: '3'"]
    assert case.graph.nodes["1"]["provenance"][0]["source"] == "ring.xlsx [Nodes]"


def test_xlsx_single_sheet_read_like_a_csv(tmp_path):
    from datetime import datetime

    path = workbook(tmp_path / "calls.xlsx", {"Sheet1": [
        ["caller", "callee", "start", "duration"],
        ["07700 900001", "07700 900002", datetime(2024, 3, 1, 14, 5), 62]]})
    case = load(path)
    assert case.meta["format"] == "cdr"
    [(u, v, data)] = case.graph.edges(data=True)
    assert (u, v, data["time"], data["duration"]) == (
        "phone:+447700900001", "phone:+447700900002", "2024-03-01T14:05:00", 62.0)


def test_xlsx_bad_weight_names_sheet_row_and_column(tmp_path):
    from casegraph.io import LoadError

    path = workbook(tmp_path / "w.xlsx", {"edges": [["from", "to", "weight"], ["a", "b", 1],
                                                    ["a", "c", "lots"]]})
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value) == (
        "w.xlsx [edges], row 3, column 'weight': expected a number, found 'lots'")


def test_matrix_asymmetric_read_undirected_sums_both_directions():
    case = load(b",A,B\nA,0,2\nB,3,0\n", filename="m.csv", directed=False)
    assert links(case) == [("A", "B", "link", 5.0)]


def test_save_formats_mirror_the_loaders():
    written = [f["name"] for f in save_formats()]
    assert written == ["graphml", "gexf", "csv", "json", "cyjs", "mtgx", "ftm", "i2"]
    loaded = {f["name"] for f in formats()} | {"csv"}
    assert set(written) <= loaded
    assert all(f["extension"] and f["mime"] and f["description"] for f in save_formats())
