"""casegraph.io on broken, hostile and awkward files: each has one defined behaviour."""

import io
import time
from pathlib import Path

import pytest

from casegraph.io import LoadError, load, load_tables


def fixture(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "io" / name


def error_of(*args, **kwargs) -> str:
    with pytest.raises(LoadError) as caught:
        load(*args, **kwargs)
    return str(caught.value)


def test_empty_file_is_an_error():
    assert error_of(fixture("empty.csv")) == (
        "empty.csv: the file is empty: expected rows of links, a node table or a matrix")


def test_header_without_rows_is_an_empty_graph_error():
    assert "no entities found" in error_of(fixture("header_only.csv"))


def test_graph_with_no_nodes_is_an_error():
    assert error_of(fixture("empty_graph.json")) == (
        "empty_graph.json: no entities found: the file holds no nodes or links")


def test_non_numeric_weight_names_file_row_and_column():
    assert error_of(fixture("bad_weight.csv")) == (
        "bad_weight.csv, row 4, column 'weight': expected a number, found 'abc'")
    with pytest.raises(LoadError) as caught:
        load(fixture("bad_weight.csv"))
    assert (caught.value.source, caught.value.row, caught.value.column) == (
        "bad_weight.csv", 4, "weight")


def test_non_numeric_weight_in_upload_uses_the_filename():
    data = b"from,to,calls\n" + b"A,B,1\n" * 12 + b"A,C,abc\n"
    assert error_of(data, filename="edges.csv") == (
        "edges.csv, row 14, column 'calls': expected a number, found 'abc'")


def test_non_numeric_weight_in_graphml_names_the_edge():
    assert error_of(fixture("bad_weight.graphml")) == (
        "bad_weight.graphml: edge 'x7', attribute 'weight': expected float, found 'heavy'")


def test_bad_time_names_row_and_column():
    message = error_of(b"source,target,date\nA,B,2024-03-01\nA,C,next tuesday\n",
                       filename="t.csv")
    assert message.startswith("t.csv, row 3, column 'date': expected a date/time")
    assert "found 'next tuesday'" in message


def test_no_recognisable_link_columns_lists_found_and_accepted_names():
    message = error_of(fixture("no_link_columns.csv"))
    assert "Columns found: name, age, city" in message
    assert "source: source, from, caller, src, a" in message
    assert "target: target, to, callee, dst, b" in message


def test_duplicate_node_ids_keep_the_first_row_with_a_warning():
    case = load_tables(fixture("dup_nodes.csv"), fixture("dup_edges.csv"))
    assert case.graph.nodes["p1"]["label"] == "Ada Fictional"
    assert case.meta["warnings"][0] == (
        "1 self-loop(s) dropped (a link from an entity to itself) (row 7)")
    assert ("1 duplicate id(s) in the node list; kept the first row of each: "
            "'p1' (rows 2 and 4)") in case.meta["warnings"]


def test_edges_to_unknown_nodes_create_them_with_a_warning():
    case = load_tables(fixture("dup_nodes.csv"), fixture("dup_edges.csv"))
    assert {"p3", "p8", "p9"} <= set(case.graph)
    assert case.graph.nodes["p9"]["type"] == "person"
    assert case.graph.nodes["t1"]["type"] == "phone"   # declared in the node list
    assert ("3 link end(s) named entities missing from the node list; created them as "
            "person: 'p9', 'p8', 'p3'") in case.meta["warnings"]


def test_unknown_node_warning_quotes_at_most_three():
    edges = b"source,target\n" + b"".join(f"a,x{i}\n".encode() for i in range(6))
    case = load_tables(b"id\na\n", edges)
    assert case.meta["warnings"] == [
        "6 link end(s) named entities missing from the node list; created them as person: "
        "'x0', 'x1', 'x2' and 3 more"]


def test_self_loops_in_edge_lists_are_dropped_with_a_warning():
    case = load(fixture("bare.edgelist"))
    assert not any(u == v for u, v in case.graph.edges())
    assert case.meta["warnings"] == [
        "1 self-loop(s) dropped (a link from an entity to itself) (row 5)"]


def test_matrix_diagonal_is_ignored_with_a_warning():
    case = load(b",A,B\nA,5,1\nB,0,2\n", filename="m.csv")
    assert [(u, v) for u, v in case.graph.edges()] == [("A", "B")]
    assert case.meta["warnings"] == [
        "2 non-zero value(s) on the matrix diagonal ignored (ties of an actor to itself)"]


def test_non_square_matrix_is_an_error():
    assert error_of(fixture("nonsquare.csv")) == (
        "nonsquare.csv: the matrix is not square: 3 labelled columns but 2 rows; expected "
        "one row per column")


def test_ragged_matrix_row_is_an_error_with_its_row():
    assert error_of(fixture("ragged.csv")) == (
        "ragged.csv, row 3: the row has 2 values, expected 3 (one per labelled column)")


def test_matrix_cell_that_is_not_a_number_names_row_and_column_label():
    assert error_of(fixture("matrix_bad_cell.csv")) == (
        "matrix_bad_cell.csv, row 3, column 'c': expected a number, found 'x'")


def test_matrix_with_different_row_and_column_labels_is_an_error():
    assert "row and column labels differ (e.g. 'z')" in error_of(
        b",a,b,c\na,0,1,0\nb,1,0,1\nz,0,1,0\n", format="matrix", filename="m.csv")


def test_windows_1252_text_is_read_with_a_warning():
    case = load(fixture("cp1252.csv"))
    assert sorted(case.graph) == ["Björn", "Renée", "Zoë"]
    assert case.meta["warnings"] == [
        "cp1252.csv is not UTF-8 (first bad byte on line 2); read it as Windows-1252 — "
        "check accented names"]


def test_utf8_bom_is_tolerated():
    case = load(fixture("bom_matrix.csv"))
    assert sorted(case.graph) == ["Ada", "Bo", "Cy"]
    assert case.meta["warnings"] == []


def test_binary_garbage_is_an_error():
    assert error_of(fixture("garbage.bin")) == (
        "garbage.bin: this does not look like a text file (it contains binary data); "
        "expected CSV, TSV, JSON, GraphML, GEXF or XLSX")


@pytest.mark.parametrize("kind", ["path", "bytes", "file"])
def test_files_over_the_limit_are_refused_before_parsing(kind):
    path = fixture("bad_weight.csv")  # would fail parsing: the size check must come first
    source = {"path": path, "bytes": path.read_bytes(),
              "file": io.BytesIO(path.read_bytes())}[kind]
    message = error_of(source, max_bytes=20, filename="big.csv")
    assert message == ("big.csv: the file is 49 bytes, over the 20 bytes limit "
                       "(raise max_bytes to load it)")


@pytest.mark.parametrize("name", ["billion_laughs.graphml", "xxe.graphml",
                                  "xxe_parameter.gexf"])
def test_xml_bombs_and_external_entities_are_refused(name):
    started = time.monotonic()
    message = error_of(fixture(name))
    assert message.startswith(f"{name}: the XML declares a DTD or entities")
    assert "root:" not in message  # nothing of /etc/passwd
    assert time.monotonic() - started < 30  # a guard against a hang, not a speed claim


def test_malformed_xml_names_the_line():
    data = b'<?xml version="1.0"?>\n<graphml>\n<graph>\n<node id="a">\n</graphml>\n'
    message = error_of(data, filename="cut.graphml")
    assert message.startswith("cut.graphml, line 5: not well-formed XML")


def test_json_that_is_not_a_graph_is_an_error():
    assert error_of(fixture("not_a_graph.json")).startswith(
        "not_a_graph.json: valid JSON, but not a graph: expected cytoscape.js elements")


def test_broken_json_names_the_line():
    assert error_of(fixture("broken.json")) == (
        "broken.json, line 1: not valid JSON (Expecting value, column 25)")


def test_xml_that_is_not_a_graph_is_an_error():
    assert error_of(b"<html><body/></html>", filename="page.xml") == (
        "page.xml: this XML file is neither GraphML nor GEXF")


def test_unknown_option_is_an_error_not_ignored():
    assert "unknown option(s) sauce" in error_of(b"a,b\n", filename="x.csv", sauce="b")


def test_named_column_that_does_not_exist_is_an_error():
    assert error_of(b"from,to\nA,B\n", filename="x.csv", weight="calls") == (
        "x.csv: no column named 'calls' for weight; columns found: from, to")


def test_zip_that_is_not_a_workbook_or_tables_is_an_error(tmp_path):
    import zipfile

    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert error_of(path) == "photos.zip: the zip holds no edges.csv (found: a.txt)"


def test_text_mode_file_is_an_error():
    assert "binary mode" in error_of(io.StringIO("a,b\n"), filename="x.csv")


def test_missing_path_is_an_error(tmp_path):
    assert error_of(tmp_path / "nope.csv").endswith("nope.csv: no such file")


# -- the formats other tools write ------------------------------------------------------------

def mtgx_of(graphml: bytes) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Graphs/Graph1.graphml", graphml)
    return buffer.getvalue()


def test_a_maltego_graph_with_external_entities_is_refused():
    message = error_of(mtgx_of(fixture("xxe.graphml").read_bytes()), filename="x.mtgx")
    assert "the XML declares a DTD or entities" in message and "root:" not in message


def test_a_maltego_zip_bomb_is_refused_before_unpacking():
    data = mtgx_of(b"<graphml>" + b" " * 3_000_000 + b"</graphml>")
    assert len(data) < 50_000
    assert "unpacks to 3,000,019 bytes" in error_of(data, filename="bomb.mtgx",
                                                    max_bytes=500_000)


def test_a_followthemoney_line_that_is_not_an_entity_names_its_line():
    data = b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n[1, 2]\n'
    assert error_of(data, filename="x.ftm.json", format="ftm") == (
        "x.ftm.json, line 2: expected a FollowTheMoney entity (an object with id, schema and "
        "properties)")


def test_a_followthemoney_line_nested_too_deep_is_a_load_error():
    data = b'{"id": "a", "schema": "Person", "properties": {"name": ' + b"[" * 5000 + \
        b"]" * 5000 + b"}}\n"
    assert "nested more than 64 levels" in error_of(data, filename="x.ftm.json", format="ftm")


def test_broken_json_in_a_followthemoney_file_names_the_line():
    data = b'{"id": "a", "schema": "Person", "properties": {}}\n{"id": "b",\n'
    assert error_of(data, filename="x.ftm.json", format="ftm").startswith(
        "x.ftm.json, line 2: not valid JSON")


def test_an_i2_zip_without_links_is_a_short_error(tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("entities.csv", "Identity,Label\nP1,Ada\n")
    assert error_of(buffer.getvalue(), filename="c.i2.zip", format="i2") == (
        "c.i2.zip: the i2 zip holds no links.csv")


def test_a_utf16_file_cut_in_the_middle_of_a_character_is_a_load_error():
    data = "source\ttarget\nA\tB\n".encode("utf-16") + b"\x00"
    message = error_of(data, filename="cut.txt")
    assert message.startswith("cut.txt: the file looks like UTF-16 text")


def test_weights_with_blanks_or_a_typographic_minus_read_as_numbers():
    data = "source\tweight\ttarget\n p1 \t 2.5 \tp2\np2\t\u22123\t p1\np1\t1_0\tp3 \n"
    case = load(io.BytesIO(data.encode()), filename="w.tsv")
    weights = sorted((u, v, w) for u, v, w in case.graph.edges(data="weight"))
    assert weights == [("p1", "p2", 2.5), ("p1", "p3", 10.0), ("p2", "p1", -3.0)]
    assert "found 'x1'" in error_of(io.BytesIO(b"source,target,weight\na,b,x1\n"),
                                    filename="x.csv")
