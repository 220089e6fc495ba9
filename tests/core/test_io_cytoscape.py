"""Cytoscape desktop JSON (.cyjs): read as Cytoscape writes it, written for it to import."""

import io
import json

from casegraph.io import load, save
from tests.core.io_samples import sample_case


def test_a_cytoscape_desktop_file_reads_names_as_labels_and_interactions_as_types(fixtures):
    case = load(fixtures / "io" / "desktop.cyjs")
    assert case.meta["format"] == "cyjs" and case.name == "Fictional ring"
    assert case.graph.nodes["110"] == {
        "type": "person", "label": "Ada Fictional", "role": "courier",
        "provenance": case.graph.nodes["110"]["provenance"]}
    links = {k: d for *_, k, d in case.graph.edges(keys=True, data=True)}
    assert links["130"]["type"] == "call"
    assert (links["131"]["type"], links["131"]["relation"]) == ("link", "pp")
    assert case.positions == {"110": (-12.5, 40.0), "112": (80.0, 10.0)}


def test_the_same_file_named_json_is_sniffed_as_cytoscape(fixtures):
    data = (fixtures / "io" / "desktop.cyjs").read_bytes()
    assert load(data, filename="export.json").meta["format"] == "cyjs"


def test_the_export_has_cytoscape_names_interactions_and_flat_columns():
    data = json.loads(save(sample_case(), io.BytesIO(), "cyjs"))
    assert data["format_version"] == "1.0"
    assert data["data"] == {"name": "Operation Fictional Tide",
                            "shared_name": "Operation Fictional Tide", "directed": True}
    [ada] = [n for n in data["elements"]["nodes"] if n["data"]["id"] == "p1"]
    assert ada["data"]["name"] == "Ada Fictional" and ada["position"] == {"x": 1.5, "y": -2.0}
    [uses] = [e["data"] for e in data["elements"]["edges"]
              if e["data"]["source"] == "p1" and e["data"]["interaction"] == "uses"]
    assert uses["name"] == "Ada Fictional (uses) 07700 900123"
    assert isinstance(uses["provenance"], str)  # a JSON text column
    assert json.loads(uses["provenance"])[0]["source"] == "intel.csv"
