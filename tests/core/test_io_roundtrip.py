"""save() then load() gives the same case back, in every format save() writes."""

import io

import pytest

from casegraph.io import load, load_phases, save
from casegraph.model import Case
from tests.core.io_samples import sample_case

FORMATS = {"graphml": "case.graphml", "gexf": "case.gexf", "csv": "case.zip",
           "json": "case.json", "cyjs": "case.cyjs", "mtgx": "case.mtgx",
           "ftm": "case.ftm.json", "i2": "case.i2.zip"}
# FollowTheMoney has no case-level name or direction; a phone or email a holder uses is a
# property of the holder there, and such a link's own provenance is not kept.
NO_CASE_FACTS = {"ftm"}
PROPERTY_LINKS = {"ftm"}


def nodes_of(case: Case):
    return sorted((n, d["type"], d["label"], d.get("key")) for n, d in case.graph.nodes(data=True))


def links_of(case: Case):
    return sorted((u, v, d["type"], d["weight"], d.get("time"), d.get("phase"),
                   d.get("duration"), d.get("relation"))
                  for u, v, d in case.graph.edges(data=True))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("directed", [True, False])
def test_round_trip_keeps_nodes_links_and_times(fmt, directed):
    case = sample_case(directed)
    data = save(case, io.BytesIO(), fmt)
    again = load(data, filename=FORMATS[fmt])
    assert again.meta["format"] == {"csv": "tables"}.get(fmt, fmt)
    assert nodes_of(again) == nodes_of(case)
    assert links_of(again) == links_of(case)
    assert attributes_of(again) == attributes_of(case)
    if fmt not in NO_CASE_FACTS:
        assert again.directed is directed
        assert again.name == "Operation Fictional Tide"
    assert again.meta["warnings"] == [] and again.meta["load_report"] == []
    assert {k for *_, k in again.graph.edges(keys=True)} == {
        k for *_, k in case.graph.edges(keys=True)}


def attributes_of(case: Case):
    """Every attribute of every node and link but provenance (stamped anew by each load)."""
    nodes = {n: {k: v for k, v in d.items() if k != "provenance"}
             for n, d in case.graph.nodes(data=True)}
    links = {k: {a: v for a, v in d.items() if a != "provenance"}
             for *_, k, d in case.graph.edges(keys=True, data=True)}
    return nodes, links


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - PROPERTY_LINKS))
def test_round_trip_keeps_earlier_provenance_and_adds_the_load(fmt):
    case = sample_case()
    again = load(save(case, io.BytesIO(), fmt), filename=FORMATS[fmt])
    [link] = [d for u, v, d in again.graph.edges(data=True) if d["type"] == "uses"
              and u == "p1"]
    assert link["provenance"][0] == {"kind": "file", "source": "intel.csv", "format": "csv",
                                     "row": 3}
    assert link["provenance"][-1]["source"].startswith(FORMATS[fmt])


def test_ftm_keeps_the_provenance_of_links_that_are_entities_there():
    case = sample_case()
    again = load(save(case, io.BytesIO(), "ftm"), filename="case.ftm.json")
    [calls] = [d for u, v, d in again.graph.edges(data=True) if d.get("duration") == 62.0]
    assert calls["provenance"][0]["source"] == "case.ftm.json"
    case.add_link("p1", "p2", "associate", provenance={"kind": "file", "source": "notes.csv",
                                                       "format": "csv"})
    again = load(save(case, io.BytesIO(), "ftm"), filename="case.ftm.json")
    stamps = [d["provenance"][0] for u, v, d in again.graph.edges(data=True)
              if d["type"] == "associate" and d["weight"] == 1.0]
    assert stamps == [{"kind": "file", "source": "notes.csv", "format": "csv"}]


@pytest.mark.parametrize("fmt", ["gexf", "json", "cyjs", "mtgx"])
def test_round_trip_keeps_positions(fmt):
    case = sample_case()
    again = load(save(case, io.BytesIO(), fmt), filename=FORMATS[fmt])
    assert again.positions == case.positions


def test_save_to_a_path_picks_the_format_from_the_extension(tmp_path):
    case = sample_case()
    for fmt, file_name in FORMATS.items():
        path = tmp_path / file_name
        save(case, path)
        again = load(path)
        assert again.meta["format"] == {"csv": "tables"}.get(fmt, fmt)
        assert links_of(again) == links_of(case)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_a_two_mode_case(datasets, fmt):
    meetings = load(datasets / "meetings" / "meetings.csv")
    again = load(save(meetings, io.BytesIO(), fmt), filename=FORMATS[fmt])
    assert nodes_of(again) == nodes_of(meetings) and links_of(again) == links_of(meetings)


def test_caviar_phases_round_trip_through_graphml(datasets):
    files = [datasets / "caviar" / f"phase{i}.csv" for i in range(1, 12)]
    case = load_phases(files, name="CAVIAR", id_prefix="n", link_type="call")
    again = load(save(case, io.BytesIO(), "graphml"), filename="caviar.graphml")
    assert links_of(again) == links_of(case)
    assert nodes_of(again) == nodes_of(case)


def test_save_refuses_an_unknown_format():
    from casegraph.io import LoadError

    with pytest.raises(LoadError, match="cannot save as 'pdf'; choose one of graphml, gexf"):
        save(sample_case(), io.BytesIO(), "pdf")
