"""FollowTheMoney: Aleph's JSON lines read with schemata mapped to casegraph types, and a
case written as entities Aleph can take in."""

import io
import json

import pytest
from followthemoney import model

from casegraph.io import LoadError, load, save
from tests.core.io_samples import sample_case


def by_label(case):
    return {d["label"]: (n, d["type"]) for n, d in case.graph.nodes(data=True)}


def link_set(case):
    labels = {n: d["label"] for n, d in case.graph.nodes(data=True)}
    return sorted((labels[u], d["type"], labels[v]) for u, v, d in case.graph.edges(data=True))


def test_aleph_entities_become_casegraph_entities_and_links(fixtures):
    case = load(fixtures / "io" / "aleph.ftm.json")
    assert case.meta["format"] == "ftm"
    assert {label: t for label, (_, t) in by_label(case).items()} == {
        "Ada Fictional": "person", "Bo Madeup": "person", "Fictional Docks Ltd": "organisation",
        "12 Fictional Road, Nowhere": "address", "snow_man": "account", "White van": "vehicle",
        "Dock party": "event", "+447700900123": "phone", "07700 900456": "phone",
        "ada@example.com": "email"}
    assert link_set(case) == [
        ("+447700900123", "call", "07700 900456"),
        ("Ada Fictional", "attended", "Dock party"),
        ("Ada Fictional", "lives_at", "12 Fictional Road, Nowhere"),
        ("Ada Fictional", "owns", "Fictional Docks Ltd"),
        ("Ada Fictional", "relative_of", "Bo Madeup"),
        ("Ada Fictional", "uses", "+447700900123"),
        ("Ada Fictional", "uses", "ada@example.com"),
        ("Bo Madeup", "attended", "Dock party"),
        ("Bo Madeup", "link", "White van"),
        ("Bo Madeup", "message", "Ada Fictional"),
        ("Bo Madeup", "uses", "07700 900456"),
        ("Bo Madeup", "uses", "snow_man"),
        ("Bo Madeup", "works_for", "Fictional Docks Ltd"),
        ("Fictional Docks Ltd", "owns", "White van")]
    ada = case.graph.nodes["p-ada"]
    assert (ada["birthDate"], ada["nationality"]) == ("1990-01-01", "gb")
    assert case.graph.nodes["u-snow"]["key"] == "handle:instagram:snow_man"
    links = {(case.graph.nodes[u]["label"], d["type"]): d for u, v, d in
             case.graph.edges(data=True)}
    assert links[("+447700900123", "call")]["time"] == "2024-03-01T14:05:00"
    assert links[("+447700900123", "call")]["duration"] == 62.0
    assert links[("Bo Madeup", "works_for")]["relation"] == "director"
    assert links[("Ada Fictional", "relative_of")]["relation"] == "cousin"
    assert links[("Bo Madeup", "link")]["relation"] == "drives"


def test_ftm_lines_are_sniffed_without_a_format(fixtures):
    data = (fixtures / "io" / "aleph.ftm.json").read_bytes()
    assert load(data, filename="export.json").meta["format"] == "ftm"


def test_an_unknown_schema_names_its_line():
    data = b'{"id": "x", "schema": "Person", "properties": {}}\n' \
           b'{"id": "y", "schema": "Spaceship", "properties": {}}\n'
    with pytest.raises(LoadError, match=r"x.ftm.json, line 2: not a FollowTheMoney entity"):
        load(data, filename="x.ftm.json", format="ftm")


def test_the_export_is_valid_followthemoney_that_aleph_can_take_in():
    lines = save(sample_case(), io.BytesIO(), "ftm").decode().splitlines()
    entities = [json.loads(line) for line in lines]
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None and not schema.abstract
        proxy = model.get_proxy(entity, cleaned=True)
        assert proxy.id == entity["id"] and model.get_proxy(entity).id == entity["id"]
        for name, found in entity["properties"].items():
            prop = schema.get(name)
            assert prop is not None, (entity["schema"], name)
            if prop.type.name == "entity":
                assert set(found) <= ids  # every reference resolves inside the file
    schemata = sorted(e["schema"] for e in entities)
    assert schemata == ["Associate", "Call", "Call", "LegalEntity", "Person", "Person",
                        "UnknownLink", "UnknownLink", "UserAccount"]
    [ada] = [e for e in entities if e["id"] == "p1"]
    assert ada["properties"]["phone"] == ["07700 900123"]  # a phone is a holder's property
