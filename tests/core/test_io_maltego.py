"""Maltego: .mtgx graphs read with their entity types mapped, written for Maltego to open,
and Maltego tables (the maltego_csv preset, a header of entity types)."""

import io
import zipfile

import pytest

from casegraph.io import LoadError, load, save
from tests.core.io_samples import sample_case


def mtgx(fixtures) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Graphs/Graph1.graphml",
                         (fixtures / "io" / "maltego_graph1.graphml").read_bytes())
        archive.writestr("Version.properties", "maltego.client.version=4.6\n")
    return buffer.getvalue()


def test_a_maltego_graph_is_read_with_casegraph_types(fixtures):
    case = load(mtgx(fixtures), filename="ring.mtgx")
    assert case.meta["format"] == "mtgx"
    nodes = {d["label"]: (d["type"], d.get("key")) for n, d in case.graph.nodes(data=True)}
    assert nodes == {
        "Ada Fictional": ("person", None),
        "+44 7700 900123": ("phone", "phone:+447700900123"),
        "Ada@Example.com": ("email", "email:ada@example.com"),
        "ada.fictional.77": ("account", "handle:facebook:ada.fictional.77"),
        "12 Fictional Road, Nowhere": ("address", "address:12 fictional road nowhere")}
    ada = case.graph.nodes["n0"]
    assert (ada["person_firstnames"], ada["maltego_type"]) == ("Ada", "maltego.Person")
    assert case.positions == {"n0": (-120.0, 35.5)}
    types = sorted(d["type"] for *_, d in case.graph.edges(data=True))
    assert types == ["link", "link", "lives_at", "uses"]


def test_the_same_zip_without_its_extension_is_sniffed(fixtures):
    assert load(mtgx(fixtures), filename="upload").meta["format"] == "mtgx"


def test_a_zip_without_a_graph_is_a_short_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Version.properties", "x=1\n")
    with pytest.raises(LoadError, match="holds no Graphs/\\*.graphml"):
        load(buffer.getvalue(), filename="empty.mtgx")


def test_the_export_types_entities_for_maltego():
    data = save(sample_case(), io.BytesIO(), "mtgx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        graphml = archive.read("Graphs/Graph1.graphml").decode()
    for maltego_type in ("maltego.Person", "maltego.PhoneNumber", "maltego.EmailAddress",
                         "maltego.Alias"):
        assert f'type="{maltego_type}"' in graphml
    assert 'name="phonenumber"' in graphml and "<mtg:Value>07700 900123</mtg:Value>" in graphml
    assert 'name="casegraph.provenance"' in graphml  # provenance travels as a property


def test_a_table_of_maltego_types_links_each_row_in_column_order():
    data = (b"maltego.Person,maltego.PhoneNumber,maltego.EmailAddress\n"
            b"Ada Fictional,07700 900123,ada@example.com\nBo Madeup,,bo@example.com\n")
    case = load(data, filename="maltego.csv")
    pairs = sorted((case.graph.nodes[u]["label"], case.graph.nodes[v]["label"])
                   for u, v in case.graph.edges())
    assert pairs == [("07700 900123", "ada@example.com"), ("Ada Fictional", "07700 900123"),
                     ("Bo Madeup", "bo@example.com")]
    assert case.graph.nodes["phone:+447700900123"]["type"] == "phone"
