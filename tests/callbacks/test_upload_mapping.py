"""The upload's column mapping, presets, two-mode projection and file names, called directly
on a workspace in a temporary folder (SQLite), as the logged-in analyst."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from dash import no_update

import casegraph.io as cio
from casegraph.access import Actor, Refused
from casegraph.session import records_for
from components import exports, header, mapping_dialog
from tests.callbacks.conftest import data_url, session_of, texts

ROOT = Path(__file__).resolve().parents[2]
# fictional calls, drama-range numbers; German headers the loader does not know as a whole
CALLS_DE = (b"von;nach;Zeitpunkt;Dauer;Funkzelle\n"
            b"07700 900101;07700 900102;01.03.2024 14:05;62;Z-17\n"
            b"07700 900102;07700 900103;01.03.2024 15:10;5;Z-18\n"
            b"07700 900101;07700 900103;02.03.2024 09:00;120;Z-17\n")
UNKNOWN = (b"Kunde,Lieferant,Menge\nAnna Fictional,Bert Fictional,3\n"
           b"Bert Fictional,Cleo Fictional,1\n")


def pending(data: bytes, name: str) -> dict:
    return {"contents": [data_url(data)], "filenames": [name]}


def german_mapping() -> cio.Mapping:
    values = {"source": "von", "target": "nach", "time": "Zeitpunkt", "duration": "Dauer",
              "link_type": "call", "source_type": "phone", "target_type": "phone",
              "attributes": ["Funkzelle"], "directed": ["directed"]}
    return mapping_dialog.mapping_from_fields(values)


def test_unrecognised_columns_open_the_dialog_and_store_nothing(ws):
    before = ws.list_cases()

    result = header.handle_upload(ws, [data_url(UNKNOWN)], ["lieferungen.csv"])

    assert result.case_id is None and result.error is None
    assert result.ask.startswith("casegraph did not recognise which columns")
    assert ws.list_cases() == before
    *_, request = header.upload_outputs(ws, result)
    assert request["reason"] == result.ask


def test_asking_opens_the_dialog_even_for_known_columns(ws):
    result = header.handle_upload(ws, [data_url(CALLS_DE)], ["anrufe.csv"], header.ASK)
    assert result.ask == "You asked to choose the columns yourself."
    assert header.handle_upload(ws, [data_url(CALLS_DE)], ["anrufe.csv"]).case_id


def test_the_dialog_shows_the_first_rows_and_the_guess(ws):
    seen = mapping_dialog.table_preview(ws, pending(CALLS_DE, "anrufe.csv"))
    values = mapping_dialog.field_values(seen.mapping, seen.columns)

    assert seen.columns == ["von", "nach", "Zeitpunkt", "Dauer", "Funkzelle"]
    assert (values["source"], values["target"], values["time"], values["duration"]) == (
        "von", "nach", "Zeitpunkt", "Dauer")
    assert values["attributes"] == ["Funkzelle"]
    shown = mapping_dialog.preview_table(seen)
    table = shown.children[0]  # a grid: a column per column of the file, by position
    assert [(c["field"], c["headerName"]) for c in table.columnDefs] == [
        (f"c{i}", c) for i, c in enumerate(seen.columns)]
    assert len(table.rowData) == 3 and table.rowData[0]["c0"] == seen.rows[0][0]
    assert "07700 900101" in {v for row in table.rowData for v in row.values()}
    assert texts(shown) == ["3 rows"]
    assert mapping_dialog.describe(seen) == "CSV · utf-8 · semicolon-separated"


def test_a_mapped_upload_saved_as_a_preset_and_used_again(ws, workspace):
    mapping = german_mapping()

    result = mapping_dialog.load_mapped(ws, pending(CALLS_DE, "anrufe.csv"), mapping,
                                        save_as="Anrufe LKA")

    assert result.error is None, result.error
    case = ws.case(result.case_id)
    assert case.name == "anrufe"
    edges = sorted(case.graph.edges(data=True), key=lambda e: e[2]["duration"])
    assert [(d["type"], d["duration"], d["funkzelle"]) for *_, d in edges] == [
        ("call", 5.0, "Z-18"), ("call", 62.0, "Z-17"), ("call", 120.0, "Z-17")]
    assert {t for _, t in case.graph.nodes(data="type")} == {"phone"}
    # the preset is in the installation's database, for every analyst, and its saving audited
    colleague = session_of(workspace, Actor("analyst2", "analyst"))
    assert colleague.mapping_presets().get("Anrufe LKA").source == "von"
    assert {"label": "Preset: Anrufe LKA", "value": "Anrufe LKA"} in \
        header.choice_options(colleague)
    rows = [r for r in records_for(workspace).audit.rows() if r["action"] == "setting"]
    assert len(rows) == 1 and rows[0]["user"] == "analyst1"
    assert rows[0]["details"]["name"] == "Anrufe LKA"
    # the next upload chooses the preset beside the upload area: no dialog
    again = header.handle_upload(colleague, [data_url(CALLS_DE)], ["anrufe_2.csv"],
                                 "Anrufe LKA")
    assert again.error is None and again.ask is None
    assert "with the preset 'Anrufe LKA'" in again.notice
    second = colleague.case(again.case_id)
    assert sorted(d["funkzelle"] for *_, d in second.graph.edges(data=True)) == [
        "Z-17", "Z-17", "Z-18"]


def test_a_viewer_may_not_save_a_preset(workspace):
    viewer = session_of(workspace, Actor("viewer1", "viewer"))
    with pytest.raises(Refused):
        viewer.mapping_presets().save(cio.Mapping(source="a", target="b", name="mine"))
    assert viewer.mapping_presets().list() == []


def test_a_shipped_preset_name_cannot_be_taken_and_the_case_stays(ws):
    before = ws.list_cases()
    result = mapping_dialog.load_mapped(ws, pending(CALLS_DE, "anrufe.csv"), german_mapping(),
                                        save_as="cdr_a_b_party")
    assert "name of a shipped preset" in result.error
    assert ws.list_cases() == before


def test_a_shipped_preset_fills_the_fields_and_keeps_what_they_cannot_show():
    i2 = cio.preset("i2_anb_links")
    columns = ["End 1 Identity", "End 1 Label", "End 1 Type", "End 2 Identity", "End 2 Label",
               "End 2 Type", "Link Type", "Date", "Time"]
    values = mapping_dialog.field_values(i2, columns)
    assert (values["source"], values["link_type_column"]) == ("End 1 Identity", "Link Type")

    again = mapping_dialog.mapping_from_fields(values, base=i2)

    assert again.source_label == "End 1 Label" and again.source_type_column == "End 1 Type"
    assert again.time_of_day == "Time"


def test_mapping_without_source_and_target_is_refused_in_the_dialog(ws):
    result = mapping_dialog.load_mapped(ws, pending(UNKNOWN, "x.csv"), cio.Mapping())
    assert result.error == "choose the source and the target columns"


def test_a_workbook_node_sheet_and_link_sheet(ws):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    people = book.active
    people.title = "Personen"
    for row in (["id", "label", "type"], ["p1", "Anna Fictional", "person"],
                ["p2", "Bert Fictional", "person"]):
        people.append(row)
    sheet = book.create_sheet("Treffen")
    for row in (["Kunde", "Lieferant", "Menge"], ["p1", "p2", 3]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = pending(buffer.getvalue(), "akte.xlsx")

    seen = mapping_dialog.table_preview(ws, upload, "Treffen")
    assert seen.sheets == ["Personen", "Treffen"] and seen.sheet_roles["Personen"] == "nodes"
    mapping = mapping_dialog.mapping_from_fields(
        {"source": "Kunde", "target": "Lieferant", "weight": "Menge", "link_type": "met"})
    result = mapping_dialog.load_mapped(ws, upload, mapping, link_sheet="Treffen",
                                        node_sheet="Personen")

    assert result.error is None, result.error
    case = ws.case(result.case_id)
    assert sorted(case.graph.nodes(data="label")) == [("p1", "Anna Fictional"),
                                                      ("p2", "Bert Fictional")]
    assert [(d["type"], d["weight"]) for *_, d in case.graph.edges(data=True)] == [("met", 3.0)]


def test_a_two_mode_upload_and_its_people_projection(ws):
    data = (ROOT / "data/meetings/meetings.csv").read_bytes()

    result = header.handle_upload(ws, [data_url(data)], ["meetings.csv"])

    assert result.two_mode and "A two-mode case: 12 person and 8 event entities." in result.notice
    assert header.upload_buttons(result) == (header.HIDDEN, header.SHOWN, header.SHOWN)
    projected = header.project_case(ws, {"case_id": result.case_id, "rev": result.rev})
    people = ws.case(projected.case_id)
    assert {t for _, t in people.graph.nodes(data="type")} == {"person"}
    assert people.graph.number_of_nodes() == 12
    tie = next(d for *_, d in people.graph.edges(data=True))
    assert tie["type"] == "associate" and tie["via"] and tie["links"]
    assert tie["provenance"][0]["kind"] == "projection"
    assert people.meta["projection"]["of"] == "meetings"
    assert "ties weighted by the events they share" in projected.notice
    assert header.project_case(ws, {"case_id": projected.case_id}).error.endswith(
        "not a two-mode case")


def test_uploads_are_named_after_their_files(ws):
    nodes = b"id,label,type\np1,Ash Fictional,person\nt1,07700 900002,phone\n"
    edges = b"source,target,type\np1,t1,uses\n"

    result = header.handle_upload(ws, [data_url(edges), data_url(nodes)],
                                  ["op_tide_edges.csv", "op_tide_nodes.csv"])

    assert ws.case(result.case_id).name == "op_tide"
    assert header.upload_name(["edges.csv", "nodes.csv"]) == "edges + nodes"


def test_a_binary_file_is_refused_without_the_dialog(ws):
    before = ws.list_cases()
    result = header.handle_upload(ws, [data_url(b"\x00\x01\x02garbage\x00" * 50)], ["x.bin"])
    assert result.error and not result.can_map and result.ask is None
    assert ws.list_cases() == before
    assert header.upload_buttons(result) == (header.HIDDEN, header.HIDDEN, header.HIDDEN)


def test_a_bad_cell_offers_the_dialog(ws):
    result = header.handle_upload(ws, [data_url(b"source,target,weight\nA,B,heavy\n")],
                                  ["broken.csv"])
    assert result.error.endswith("expected a number, found 'heavy'") and result.can_map
    options, value, *_ = header.upload_outputs(ws, result)
    assert options is no_update and value is no_update
    assert header.upload_buttons(result) == (header.SHOWN, header.HIDDEN, header.HIDDEN)


# -- the export menu lists every writer ----------------------------------------------------
def test_the_export_menu_lists_every_writer(ws):
    shown = texts(exports.actions(ws))
    for name in ("GraphML", "GEXF", "CSV (zip)", "JSON", "Cytoscape", "Maltego",
                 "FollowTheMoney", "i2 ANB"):
        assert name in shown
    assert set(exports.GRAPH_FORMATS) == {f["name"] for f in cio.save_formats()}


@pytest.mark.parametrize("fmt", [f["name"] for f in cio.save_formats()])
def test_every_graph_format_is_a_recorded_disclosure(ws, workspace, store, fmt):
    out = exports.make_export(ws, store, fmt, None, recipient="CPS bundle")

    assert out.filename.endswith("." + exports.GRAPH_FORMATS[fmt][0])
    back = cio.load(out.data, filename=out.filename)
    assert back.graph.number_of_nodes() == ws.case(store["case_id"]).graph.number_of_nodes()
    row = [r for r in records_for(workspace).audit.rows() if r["action"] == "disclose"][-1]
    details = row["details"]
    assert (details["format"], details["filename"]) == (fmt, out.filename)
    assert row["justification"] == "CPS bundle"


def test_a_single_file_is_named_after_it_unless_it_carries_a_case_name(ws):
    csv = header.handle_upload(ws, [data_url(b"source,target\nA,B\n")], ["Op Tide calls.csv"])
    assert ws.case(csv.case_id).name == "Op Tide calls"
    case = ws.case(csv.case_id)
    saved = cio.dumps(case, "json").replace(b'"Op Tide calls"', b'"Operation Tide"')
    again = header.handle_upload(ws, [data_url(saved, "application/json")], ["export.json"])
    assert ws.case(again.case_id).name == "Operation Tide"
