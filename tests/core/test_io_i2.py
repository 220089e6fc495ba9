"""i2 Analyst's Notebook: the zip of import CSVs names i2 types and icons, and its
links.csv reads with the i2 preset."""

import csv
import io
import zipfile

from casegraph.io import load, save
from tests.core.io_samples import sample_case


def members(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist()}


def test_the_zip_holds_the_pair_a_readme_and_names_types_and_icons():
    files = members(save(sample_case(), io.BytesIO(), "i2"))
    assert sorted(files) == ["README.txt", "case.json", "entities.csv", "links.csv"]
    entities = {r["Identity"]: r for r in csv.DictReader(io.StringIO(files["entities.csv"]))}
    assert (entities["p1"]["Type"], entities["p1"]["Icon"]) == ("Person", "Person")
    phone = entities["phone:+447700900123"]
    assert (phone["Type"], phone["Icon"], phone["Label"]) == ("Telephone", "Mobile Phone",
                                                               "07700 900123")
    links = list(csv.DictReader(io.StringIO(files["links.csv"])))
    [call] = [r for r in links if r["Link ID"] == "e2"]
    assert (call["Link Type"], call["Label"], call["Date"], call["Time"], call["Direction"]) == (
        "call", "Call", "2024-03-01", "14:05:00", "ArrowOnHead")
    assert "intel.csv" in next(r for r in links if r["Link ID"] == "e1")["provenance"]


def test_formula_cells_are_made_inert_and_read_back_as_written():
    case = sample_case()
    case.graph.nodes["p1"]["note"] = "=HYPERLINK(\"http://x.invalid\")"
    data = save(case, io.BytesIO(), "i2")
    assert "'=HYPERLINK" in members(data)["entities.csv"]
    assert load(data, filename="c.i2.zip").graph.nodes["p1"]["note"] == (
        "=HYPERLINK(\"http://x.invalid\")")


def test_links_csv_alone_reads_with_the_i2_preset():
    files = members(save(sample_case(), io.BytesIO(), "i2"))
    case = load(files["links.csv"].encode(), filename="links.csv", mapping="i2_anb_links")
    types = dict(case.graph.nodes(data="type"))
    assert types["p1"] == "person" and types["phone:+447700900123"] == "phone"
    assert types["email:courier@example.org"] == "email"
    assert case.graph.number_of_edges() == 6


def test_an_i2_zip_is_sniffed_without_a_format():
    data = save(sample_case(), io.BytesIO(), "i2")
    assert load(data, filename="upload").meta["format"] == "i2"
