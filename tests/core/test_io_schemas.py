"""GraphML exports validate against the GraphML 1.0 schema, GEXF exports against the GEXF 1.3
RELAX NG grammar, plus the 1.3 rules no grammar can see (tests/core/gexf13.py: unique ids,
links to known nodes, spells that do not overlap); GEXF carries times and phases as spells
Gephi's timeline plays. The schemas ship in tests/schemas (see its SOURCE.txt)."""

import functools
import io
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
import xmlschema
from lxml import etree

from casegraph.io import load, load_phases, save
from casegraph.model import Case
from tests.core.gexf13 import gexf13_problems
from tests.core.io_samples import sample_case

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


@functools.cache
def graphml_schema() -> xmlschema.XMLSchema:
    # allow="local": graphml.xsd imports xlink.xsd from its folder, nothing remote
    return xmlschema.XMLSchema(str(SCHEMAS / "graphml" / "graphml.xsd"), allow="local")


@functools.cache
def gexf_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf-1.3" / "gexf.rng")))


def gexf_errors(data: bytes) -> list[str]:
    grammar = gexf_grammar()
    if grammar.validate(etree.fromstring(data)):
        return []
    return [str(e) for e in grammar.error_log]


def errors(validator: xmlschema.XMLSchema, data: bytes) -> list[str]:
    return [e.reason for e in validator.iter_errors(io.BytesIO(data))]


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


CASES = ["sample", "undirected", "caviar", "calls", "awkward", "meetings"]


@pytest.mark.parametrize("name", CASES)
def test_graphml_validates_against_the_graphml_schema(datasets, name):
    data = save(cases(datasets)[name], io.BytesIO(), "graphml")
    assert errors(graphml_schema(), data) == []


def test_the_graphml_schema_rejects_an_edge_to_no_node():
    data = save(sample_case(), io.BytesIO(), "graphml")
    broken = data.replace(b'target="p2"', b'target="nowhere"', 1)
    assert broken != data and errors(graphml_schema(), broken)


@pytest.mark.parametrize("name", CASES)
def test_gexf_validates_against_the_gexf_13_grammar(datasets, name):
    data = save(cases(datasets)[name], io.BytesIO(), "gexf")
    assert gexf_errors(data) == []


@pytest.mark.parametrize("name", CASES)
def test_gexf_keeps_the_13_rules_the_grammar_cannot_check(datasets, name):
    assert gexf13_problems(save(cases(datasets)[name], io.BytesIO(), "gexf")) == []


@pytest.mark.parametrize("old, new", [
    ("<meta><creator>", "<meta><title>Case</title><creator>"),  # 1.3 has no <title>
    ('<viz:position x="1.0"', '<viz:position x="left"'),
    ('<viz:color r="1" g="2" b="3"/>', '<viz:color r="300" g="2" b="3"/>'),
    ('<spell start="3.0" end="3.0"/>', '<spell begin="3.0"/>'),
    ('<node id="b" label="B"/>', '<node label="B"/>'),
])
def test_the_13_grammar_rejects_what_gephi_would(old, new):
    assert gexf_errors(GOOD_13.encode()) == []
    assert old in GOOD_13
    assert gexf_errors(GOOD_13.replace(old, new, 1).encode())


GOOD_13 = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <meta><creator>casegraph tests</creator></meta>
  <graph defaultedgetype="directed" mode="dynamic" timeformat="double">
    <attributes class="node"><attribute id="0" title="type" type="string"/></attributes>
    <attributes class="edge"><attribute id="0" title="phase" type="integer"/></attributes>
    <nodes>
      <node id="a" label="A"><attvalues><attvalue for="0" value="person"/></attvalues>
        <viz:color r="1" g="2" b="3"/><viz:position x="1.0" y="2.0" z="0.0"/></node>
      <node id="b" label="B"/>
    </nodes>
    <edges>
      <edge id="e" source="a" target="b"><attvalues><attvalue for="0" value="3"/></attvalues>
        <spells><spell start="3.0" end="3.0"/></spells></edge>
    </edges>
  </graph>
</gexf>"""


@pytest.mark.parametrize("old, new, problem", [
    ('version="1.3"', 'version="1.2"', "version is '1.2'"),
    ('xmlns="http://gexf.net/1.3"', 'xmlns="http://www.gexf.net/1.2draft"', "the root is"),
    ("<viz:position", "<viz:position start='1.0'", "no times"),
    ('<viz:color r="1" g="2" b="3"/>', '<color r="1" g="2" b="3"/>', "main namespace"),
    ('<viz:color r="1" g="2" b="3"/>', '<viz:thickness value="1"/>', "not a viz element"),
    ('<meta><creator>casegraph tests</creator>', '<meta><creator/><creator/>', "2 <creator>"),
    ('<attributes class="edge">', '<attributes class="edge" mode="slice">', "static or"),
    ("</nodes>\n    <edges>", "</nodes>\n    <nodes/><edges>", "attributes*, nodes, edges"),
    ('<node id="b" label="B"/>', '<node id="a" label="B"/>', "used by 2 nodes"),
    ('target="b"', 'target="c"', "unknown node"),
    ('value="3"', 'value="three"', "not a integer"),
    ('for="0" value="3"', 'for="7" value="3"', "not declared"),
    ('<attvalues><attvalue for="0" value="person"/></attvalues>',
     "<attvalues/><attvalues/>", "2 <attvalues>"),
    ('start="3.0"', 'startopen="3.0"', "startopen, which 1.3 removed"),
    ('end="3.0"', 'end="2.0"', "ends before it starts"),
    ('<spell start="3.0" end="3.0"/>', '<spell start="1" end="3"/><spell start="2" end="4"/>',
     "overlap"),
    ('timeformat="double"', 'timeformat="dateTime"', "is not a dateTime"),
    ('<spell start="3.0" end="3.0"/>', '<spell timestamp="3.0"/>', "timerepresentation"),
    ('mode="dynamic"', 'mode="static"', "mode is not dynamic"),
])
def test_the_13_checks_catch_what_they_are_for(old, new, problem):
    assert gexf13_problems(GOOD_13.encode()) == []
    assert old in GOOD_13
    found = gexf13_problems(GOOD_13.replace(old, new, 1).encode())
    assert any(problem in p for p in found), found


def test_gexf_writes_colours_and_positions_in_the_viz_namespace():
    data = save(sample_case(), io.BytesIO(), "gexf")
    assert b'xmlns:viz="http://gexf.net/1.3/viz"' in data
    node = {n.get("id"): n for n in ET.fromstring(data).iter(f"{GEXF}node")}["p1"]
    assert [child.tag for child in node] == [f"{GEXF}attvalues", f"{VIZ}color",
                                             f"{VIZ}position"]
    assert node.find(f"{VIZ}position").attrib == {"x": "1.5", "y": "-2.0", "z": "0.0"}
    assert set(node.find(f"{VIZ}color").attrib) == {"r", "g", "b"}


def test_networkx_reads_the_positions_and_colours():
    case = sample_case()
    # networkx 3.6 cannot read timeformat="dateTime" (KeyError 'dateTime'): without the
    # calls, the sample's times are wiretap phases, written as doubles.
    case.graph.remove_edges_from([(u, v, k) for u, v, k, t in
                                  case.graph.edges(keys=True, data="time") if t])
    graph = nx.read_gexf(io.BytesIO(save(case, io.BytesIO(), "gexf")))
    assert graph.nodes["p1"]["viz"]["position"] == {"x": 1.5, "y": -2.0, "z": 0.0}
    assert graph.nodes["p2"]["viz"]["position"] == {"x": 0.0, "y": 3.25, "z": 0.0}
    assert set(graph.nodes["p1"]["viz"]["color"]) >= {"r", "g", "b"}
    assert sum("position" in d.get("viz", {}) for _, d in graph.nodes(data=True)) == 2


def test_gexf_reader_takes_positions_in_either_namespace_and_13_timestamps():
    viz = GOOD_13.replace('<spell start="3.0" end="3.0"/>', '<spell start="2024-03-01"/>')
    viz = viz.replace('timeformat="double"', 'timeformat="date"')
    plain = viz.replace("<viz:position", "<position")
    for data in (viz, plain):
        assert load(data.encode(), filename="x.gexf").positions == {"a": (1.0, 2.0)}
    instants = GOOD_13.replace('<spell start="3.0" end="3.0"/>',
                               '<spell timestamp="2024-03-01T10:00:00"/>').replace(
        'timeformat="double"', 'timeformat="dateTime" timerepresentation="timestamp"').replace(
        '<attvalues><attvalue for="0" value="3"/></attvalues>', "")
    assert gexf13_problems(instants.encode()) == []
    [(_, _, link)] = load(instants.encode(), filename="x.gexf").graph.edges(data=True)
    assert link["time"] == "2024-03-01T10:00:00"


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
