"""Column mapping: recognised header names, the Mapping API, presets and their store, the
short error for tables nobody recognised, and preview() for the mapping dialog."""

import json

import pytest

from casegraph.io import (
    JsonPresetStore,
    LoadError,
    Mapping,
    MemoryPresetStore,
    load,
    load_tables,
    preset,
    presets,
)
from casegraph.io.preview import preview


def ends(case):
    return sorted((case.graph.nodes[u]["label"], case.graph.nodes[v]["label"])
                  for u, v in case.graph.edges())


@pytest.mark.parametrize("header", [
    "person_a,person_b", "Person A,Person B", "von,nach", "Anrufer,Angerufener",
    "appelant,appelé", "Appelant,Appelé", "origen,destino", "A-Party,B-Party",
    "Calling Number,Called Number", "chiamante,chiamato", "van,naar", "expéditeur,destinataire"])
def test_header_names_in_several_languages_are_recognised(header):
    case = load(f"{header}\nAda,Bo\nBo,Cy\n".encode(), filename="ties.csv")
    assert ends(case) == [("Ada", "Bo"), ("Bo", "Cy")]


def test_german_call_records_become_phones_and_calls():
    data = (b"Anrufer;Angerufener;Datum;Dauer\n"
            b"07700 900001;07700 900002;01.03.2024 14:05;62\n")
    case = load(data, filename="tkue.csv")
    assert case.meta["format"] == "cdr"
    [(u, v, d)] = case.graph.edges(data=True)
    assert (u, v, d["type"], d["time"], d["duration"]) == (
        "phone:+447700900001", "phone:+447700900002", "call", "2024-03-01T14:05:00", 62.0)


def test_unrecognised_columns_give_a_short_error_that_points_to_the_dialog():
    header = ",".join(f"Meeting on day {i}" for i in range(1, 41))
    data = f"who,{header}\n".encode() + b"Ada," + b"x," * 39 + b"x\n"
    with pytest.raises(LoadError) as caught:
        load(data, filename="notes.csv")
    message = str(caught.value)
    assert message.startswith("notes.csv: no column says where each link starts and ends.")
    assert "choose the columns in the mapping dialog" in message
    assert "Columns found: who, Meeting on day 1," in message and "and 33 more" in message
    assert "Meeting on day 40" not in message
    assert len(message) < 400


# -- encodings ------------------------------------------------------------------------------

def test_excel_unicode_text_utf16_with_bom_and_tabs():
    text = "source\ttarget\tweight\nRenée\tBjörn\t2\nBjörn\tZoë\t1\n"
    case = load(text.encode("utf-16"), filename="unicode.txt")  # BOM + UTF-16 LE
    assert ends(case) == [("Björn", "Zoë"), ("Renée", "Björn")]
    assert case.meta["encoding"] == "utf-16" and case.meta["warnings"] == []


def test_utf16_without_bom_and_utf8_with_bom():
    text = "von,nach\nRenée,Zoë\n"
    assert ends(load(text.encode("utf-16-le"), filename="a.csv")) == [("Renée", "Zoë")]
    case = load(b"\xef\xbb\xbf" + text.encode(), filename="b.csv")
    assert ends(case) == [("Renée", "Zoë")] and case.meta["encoding"] == "utf-8-sig"


def test_windows_1252_fallback_is_in_the_load_report(fixtures):
    case = load(fixtures / "io" / "cp1252.csv")
    [entry] = [e for e in case.meta["load_report"] if e["kind"] == "encoding"]
    assert entry["level"] == "warning" and "Windows-1252" in entry["message"]


@pytest.mark.parametrize("depth", [100, 5000, 200_000])
def test_deeply_nested_json_is_a_load_error_not_a_recursion_error(depth):
    with pytest.raises(LoadError, match="nested more than 64 levels"):
        load(b"[" * depth + b"]" * depth, filename="deep.json")


# -- the Mapping API ------------------------------------------------------------------------

def test_a_mapping_names_every_role_and_constants_fill_the_rest():
    data = (b"Caller,Caller name,Callee,Day,Clock,Secs,Mast,Note\n"
            b"07700 900001,Ada Fictional,07700 900002,03/01/2024,14:05,62,C-17,first\n")
    mapping = Mapping(source="Caller", source_label="Caller name", target="Callee",
                      time="Day", time_of_day="Clock", time_format="%m/%d/%Y %H:%M",
                      duration="Secs", source_type="phone", target_type="phone",
                      link_type="call", attributes=["Mast"])
    case = load(data, filename="us.csv", mapping=mapping)
    [(u, v, d)] = case.graph.edges(data=True)
    assert d == {"type": "call", "weight": 1.0, "time": "2024-03-01T14:05:00",
                 "duration": 62.0, "mast": "C-17", "provenance": d["provenance"]}
    assert case.graph.nodes[u]["label"] == "Ada Fictional"
    assert case.graph.nodes[u]["type"] == "phone" and u == "phone:+447700900001"


def test_a_type_column_wins_over_the_constant_and_its_blanks_take_the_constant():
    data = b"a,b,kind_b\nAda,Meeting 1,event\nAda,Bo,\n"
    mapping = Mapping(source="a", target="b", target_type_column="kind_b", target_type="person")
    case = load(data, filename="x.csv", mapping=mapping)
    assert dict(case.graph.nodes(data="type")) == {"Ada": "person", "Meeting 1": "event",
                                                   "Bo": "person"}


def test_a_mapping_naming_absent_columns_is_a_short_error():
    with pytest.raises(LoadError) as caught:
        load(b"x,y\n1,2\n", filename="t.csv", mapping=Mapping(source="from", target="y"))
    assert str(caught.value) == ("t.csv: the mapping names column(s) the table lacks: from; "
                                 "columns found: x, y")


def test_mapping_round_trips_as_plain_data_and_refuses_unknown_fields():
    mapping = Mapping(source="a", target="b", attributes=[], directed=False)
    assert Mapping.from_dict(json.loads(json.dumps(mapping.to_dict()))) == mapping
    with pytest.raises(LoadError, match="unknown field"):
        Mapping.from_dict({"source": "a", "targett": "b"})


def test_mapping_direction_is_used():
    case = load(b"p,q\nA,B\n", filename="x.csv", mapping={"source": "p", "target": "q",
                                                         "directed": False})
    assert case.directed is False


# -- presets --------------------------------------------------------------------------------

PRESET_SAMPLES = {
    "i2_anb_links": (
        b"End 1 Identity,End 1 Label,End 1 Type,Link Type,End 2 Identity,End 2 Label,"
        b"End 2 Type,Date,Time,Strength\n"
        b"P1,Ada Fictional,Person,Telephone Call,T1,07700 900123,Mobile Phone,01/03/2024,"
        b"14:05,3\n",
        [("Ada Fictional", "person", "07700 900123", "phone", "call")]),
    "i2_anb_entity_pairs": (
        b"Entity 1 Identity,Entity 1 Type,Entity 1 Label,Link Type,Entity 2 Identity,"
        b"Entity 2 Type,Entity 2 Label,Date,Time\n"
        b"V1,Vehicle,AB12 CDE,Registered keeper,P1,Person,Ada Fictional,2024-03-01,09:00\n",
        [("AB12 CDE", "vehicle", "Ada Fictional", "person", "owns")]),
    "maltego_csv": (
        b"Source Type,Source Value,Target Type,Target Value,Link Label\n"
        b"maltego.Person,Ada Fictional,maltego.EmailAddress,ada@example.com,uses\n",
        [("Ada Fictional", "person", "ada@example.com", "email", "uses")]),
    "cdr_a_b_party": (
        b"A Party,B Party,Start Time,Duration,Call Type,Cell ID,IMEI\n"
        b"07700900001,07700900002,2024-03-01 14:05:00,62,voice,C-17,490154203237518\n",
        [("07700900001", "phone", "07700900002", "phone", "call")]),
    "cdr_calling_called": (
        b"Calling Number,Called Number,Date,Time,Duration\n"
        b"07700 900001,07700 900002,01/03/2024,14:05:00,62\n",
        [("07700 900001", "phone", "07700 900002", "phone", "call")]),
    "cdr_verkehrsdaten": (
        b"Anrufer;Angerufener;Datum;Uhrzeit;Dauer;Funkzelle;IMEI\n"
        b"07700900001;07700900002;01.03.2024;14:05;62;Z-4;490154203237518\n",
        [("07700900001", "phone", "07700900002", "phone", "call")]),
}


def test_every_shipped_preset_has_a_sample_here():
    assert {p.name for p in presets()} == set(PRESET_SAMPLES)
    assert all(p.description for p in presets())


@pytest.mark.parametrize("name", PRESET_SAMPLES)
def test_shipped_presets_load_their_layout(name):
    data, expected = PRESET_SAMPLES[name]
    case = load(data, filename=f"{name}.csv", mapping=name)
    got = []
    for u, v, d in case.graph.edges(data=True):
        nu, nv = case.graph.nodes[u], case.graph.nodes[v]
        got.append((nu["label"], nu["type"], nv["label"], nv["type"], d["type"]))
    assert got == expected
    [(_, _, link)] = case.graph.edges(data=True)
    if "time" in preset(name).to_dict():
        assert link["time"].startswith("2024-03-01T")
    assert preview(data, f"{name}.csv").presets.count(name) == 1


def test_cdr_preset_keeps_cell_and_imei_and_skips_absent_attribute_columns():
    data, _ = PRESET_SAMPLES["cdr_a_b_party"]
    case = load(data, filename="cdr.csv", mapping="cdr_a_b_party")
    [(_, _, link)] = case.graph.edges(data=True)
    assert (link["cell_id"], link["imei"], link["call_type"]) == (
        "C-17", "490154203237518", "voice")
    [absent] = [e for e in case.meta["load_report"] if e["kind"] == "absent_columns"]
    assert absent["examples"] == ["IMSI"] and absent["level"] == "info"


def test_unknown_preset_names_the_presets():
    with pytest.raises(LoadError, match="no preset called 'nope'; presets: i2_anb_links"):
        load(b"a,b\n1,2\n", filename="x.csv", mapping="nope")


@pytest.mark.parametrize("store_kind", ["memory", "json"])
def test_user_presets_are_saved_listed_and_used(tmp_path, store_kind):
    def make():
        return MemoryPresetStore() if store_kind == "memory" else JsonPresetStore(
            tmp_path / "presets.json")

    store = make()
    store.save(Mapping(name="Ring phone bills", source="Von Nr", target="An Nr",
                       link_type="call", source_type="phone", target_type="phone"))
    if store_kind == "json":
        store = make()  # a new process reads the file
    assert [m.name for m in store.list()] == ["Ring phone bills"]
    assert "Ring phone bills" in [p.name for p in presets(store)]
    case = load(b"Von Nr,An Nr\n07700 900001,07700 900002\n", filename="bill.csv",
                mapping="Ring phone bills", presets=store)
    assert {d["type"] for *_, d in case.graph.edges(data=True)} == {"call"}
    assert preview(b"Von Nr,An Nr\n1,2\n", "b.csv", presets=store).presets == [
        "Ring phone bills"]
    store.delete("Ring phone bills")
    assert store.list() == [] and make().list() == []


def test_a_user_preset_cannot_take_a_shipped_name_or_no_name():
    store = MemoryPresetStore()
    with pytest.raises(LoadError, match="shipped preset"):
        store.save(Mapping(name="cdr_a_b_party", source="a", target="b"))
    with pytest.raises(LoadError, match="needs a name"):
        store.save(Mapping(source="a", target="b"))


def test_load_tables_with_a_preset_naming_node_columns():
    nodes = b"Identity,Label,Type\nP1,Ada Fictional,Person\nT1,07700 900123,Telephone\n"
    links = (b"End 1 Identity,End 1 Label,End 1 Type,Link Type,End 2 Identity,End 2 Label,"
             b"End 2 Type,Date,Time,Strength\nP1,,,Uses,T1,,,,,\n")
    case = load_tables(nodes, links, mapping="i2_anb_links")
    assert dict(case.graph.nodes(data="type")) == {"P1": "person", "T1": "phone"}
    assert [d["type"] for *_, d in case.graph.edges(data=True)] == ["uses"]


# -- preview ----------------------------------------------------------------------------------

def test_preview_of_an_unknown_table_shows_rows_and_no_mapping():
    data = b"name;age;city\n" + b"".join(f"P{i};{20 + i};X\n".encode() for i in range(30))
    found = preview(data, "people.csv")
    assert (found.delimiter, found.columns, found.row_count) == (";", ["name", "age", "city"],
                                                                 30)
    assert len(found.rows) == 20 and found.rows[0] == ["P0", "20", "X"]
    assert found.mapping is None and found.shape == "nodes" and found.presets == []
    assert found.to_dict()["mapping"] is None


def test_preview_of_a_call_record_file_guesses_a_call_mapping():
    found = preview(PRESET_SAMPLES["cdr_a_b_party"][0], "cdr.csv")
    assert found.mapping.to_dict() == {
        "source": "A Party", "target": "B Party", "link_type": "call", "time": "Start Time",
        "duration": "Duration", "source_type": "phone", "target_type": "phone"}
    assert found.presets == ["cdr_a_b_party"]


def test_preview_reads_utf16_and_reports_the_encoding():
    found = preview("von\tnach\nA\tB\n".encode("utf-16"), "u.txt")
    assert (found.encoding, found.delimiter, found.columns) == ("utf-16", "\t", ["von", "nach"])


def test_preview_of_matrices_and_graph_files():
    assert preview(b",a,b\na,0,1\nb,1,0\n", "m.csv").shape == "matrix"
    assert preview(b",m1,m2\nAda,1,0\nBo,1,1\n", "m.csv").shape == "incidence"
    assert preview(b'{"nodes": [], "links": []}', "g.json").shape == "graph"
