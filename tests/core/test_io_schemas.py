"""GraphML and GEXF exports validate against the official schemas (GraphML 1.0, GEXF 1.3),
and GEXF carries times and phases as spells that Gephi's timeline plays."""

import functools
import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from casegraph.io import load, load_phases, save
from casegraph.model import Case
from tests.core.io_samples import sample_case

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
GEXF = "{http://gexf.net/1.3}"


def schema(relative: str):
    xmlschema = pytest.importorskip("xmlschema")
    path = SCHEMAS / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in tests/schemas (see tests/schemas/README.md)")
    return xmlschema.XMLSchema(str(path))


def awkward_case() -> Case:
    """Ids and attribute names GraphML cannot take as they are."""
    case = Case(name="Awkward <ids> & names")
    a = case.add_entity("Ada Fictional", "person", "Ada", **{"date of birth": "1990-01-01"})
    b = case.add_entity(None, "email", "ada@example.com")
    c = case.add_entity("n0", "person", "Already called n0")
    case.add_link(a, b, "uses", key="link #1")
    case.add_link(c, a, "associate", key="e0")
    return case


@functools.cache
def cases(datasets: Path) -> dict[str, Case]:
    caviar = load_phases([datasets / "caviar" / f"phase{i}.csv" for i in range(1, 12)],
                         name="CAVIAR", id_prefix="n", link_type="call")
    calls = load(b"caller,callee,start,duration\n07700 900001,07700 900002,"
                 b"2024-03-01 14:05,62\n07700 900002,07700 900003,2024-03-02,\n",
                 filename="calls.csv")
    return {"sample": sample_case(), "undirected": sample_case(directed=False),
            "caviar": caviar, "calls": calls, "awkward": awkward_case(),
            "meetings": load(datasets / "meetings" / "meetings.csv")}


@pytest.mark.parametrize("name", ["sample", "undirected", "caviar", "calls", "awkward",
                                  "meetings"])
def test_graphml_validates_against_the_graphml_schema(datasets, name):
    validator = schema("graphml-1.0/graphml.xsd")
    data = save(cases(datasets)[name], io.BytesIO(), "graphml")
    errors = [e.reason for e in validator.iter_errors(io.BytesIO(data))]
    assert errors == []


@pytest.mark.parametrize("name", ["sample", "undirected", "caviar", "calls", "awkward",
                                  "meetings"])
def test_gexf_validates_against_the_gexf_13_schema(datasets, name):
    validator = schema("gexf-1.3/gexf.xsd")
    data = save(cases(datasets)[name], io.BytesIO(), "gexf")
    errors = [e.reason for e in validator.iter_errors(io.BytesIO(data))]
    assert errors == []


def test_graphml_ids_that_are_not_name_tokens_survive_a_round_trip():
    case = awkward_case()
    data = save(case, io.BytesIO(), "graphml")
    root = ET.fromstring(data)
    ids = [n.get("id") for n in root.iter("{http://graphml.graphdrawing.org/xmlns}node")]
    assert ids == ["n1", "n2", "n0"]  # "n0" was taken by a real id
    again = load(data, filename="a.graphml")
    assert sorted(again.graph) == sorted(case.graph)
    assert {k for *_, k in again.graph.edges(keys=True)} == {"link #1", "e0"}
    assert again.graph.nodes["Ada Fictional"]["date_of_birth"] == "1990-01-01"


def test_gexf_meta_has_the_case_name_as_description_and_no_title():
    data = save(sample_case(), io.BytesIO(), "gexf")
    meta = ET.fromstring(data).find(f"{GEXF}meta")
    assert [child.tag for child in meta] == [f"{GEXF}creator", f"{GEXF}description"]
    assert meta.find(f"{GEXF}description").text == "Operation Fictional Tide"
    assert load(data, filename="x.gexf").name == "Operation Fictional Tide"


def spells(data: bytes) -> dict[str, list[tuple[str, str]]]:
    root = ET.fromstring(data)
    return {e.get("id"): [(s.get("start"), s.get("end")) for s in e.iter(f"{GEXF}spell")]
            for e in root.iter(f"{GEXF}edge")}


def test_gexf_writes_wiretap_phases_as_spells(datasets):
    case = load_phases([datasets / "caviar" / f"phase{i}.csv" for i in (1, 2)],
                       name="CAVIAR", id_prefix="n")
    data = save(case, io.BytesIO(), "gexf")
    graph = ET.fromstring(data).find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "double")
    found = spells(data)
    phase_of = {k: d["phase"] for *_, k, d in case.graph.edges(keys=True, data=True)}
    assert found and all(found[k] == [(f"{p}.0", f"{p}.0")] for k, p in phase_of.items())
    again = load(data, filename="caviar.gexf")
    assert sorted(d["phase"] for *_, d in again.graph.edges(data=True)) == sorted(
        phase_of.values())


def test_gexf_writes_calls_as_spells_from_start_to_end():
    case = load(b"caller,callee,start,duration\n07700 900001,07700 900002,2024-03-01 14:05,62\n",
                filename="calls.csv")
    data = save(case, io.BytesIO(), "gexf")
    assert ET.fromstring(data).find(f"{GEXF}graph").get("timeformat") == "dateTime"
    assert list(spells(data).values()) == [[("2024-03-01T14:05:00", "2024-03-01T14:06:02")]]
    [(_, _, link)] = load(data, filename="calls.gexf").graph.edges(data=True)
    assert (link["time"], link["duration"]) == ("2024-03-01T14:05:00", 62.0)


def test_gexf_without_times_is_static():
    case = load(b"source,target\nA,B\n", filename="x.csv")
    graph = ET.fromstring(save(case, io.BytesIO(), "gexf")).find(f"{GEXF}graph")
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
