"""Workbooks: every sheet is readable, node and link sheets are told apart by their
columns, and a sheet can be chosen by name or position."""

from pathlib import Path

import openpyxl
import pytest

from casegraph.io import LoadError, load
from casegraph.io.preview import preview


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


PEOPLE = [["Ref", "Name", "Kind"], ["P1", "Ada Fictional", "Person"],
          ["T1", "07700 900123", "Mobile Phone"], ["P2", "Bo Madeup", "Person"]]
CONTACTS = [["person_a", "person_b", "relationship"], ["P1", "P2", "associate"],
            ["P1", "T1", "uses"]]


def test_a_people_sheet_and_a_contacts_sheet_are_found_by_their_columns(tmp_path):
    path = workbook(tmp_path / "op.xlsx", {"Read me": [["Operation Fictional"]],
                                           "Persons": [["id", "label", "type"],
                                                       *PEOPLE[1:]],
                                           "Contacts": CONTACTS})
    case = load(path)
    assert case.meta["sheets"] == {"nodes": ["Persons"], "links": ["Contacts"]}
    assert dict(case.graph.nodes(data="type")) == {"P1": "person", "T1": "phone",
                                                   "P2": "person"}
    assert sorted(d["type"] for *_, d in case.graph.edges(data=True)) == ["associate", "uses"]
    assert case.graph.nodes["P1"]["provenance"][0]["source"] == "op.xlsx [Persons]"


def test_several_link_sheets_are_all_read(tmp_path):
    path = workbook(tmp_path / "two.xlsx", {
        "Calls": [["caller", "callee"], ["07700 900001", "07700 900002"]],
        "Meetings": [["from", "to"], ["Ada", "Bo"]]})
    case = load(path)
    assert case.meta["sheets"] == {"nodes": [], "links": ["Calls", "Meetings"]}
    assert case.graph.number_of_edges() == 2


def test_a_sheet_is_chosen_by_name_or_position(tmp_path):
    path = workbook(tmp_path / "pick.xlsx", {"Calls": CONTACTS,
                                             "Other": [["from", "to"], ["X", "Y"]]})
    assert sorted(load(path, sheet="other").graph) == ["X", "Y"]
    assert sorted(load(path, sheet=1).graph) == ["X", "Y"]
    assert sorted(load(path, sheet=0).graph) == ["P1", "P2", "T1"]
    with pytest.raises(LoadError, match="no sheet called 'Nope'; sheets: Calls, Other"):
        load(path, sheet="Nope")


def test_a_workbook_matrix_sheet_and_a_two_mode_sheet(tmp_path):
    path = workbook(tmp_path / "m.xlsx", {"Attendance": [[None, "M1", "M2"], ["Ada", 1, 0],
                                                         ["Bo", 1, 1]]})
    case = load(path)
    assert case.meta["format"] == "incidence" and case.graph.number_of_edges() == 3


def test_a_workbook_whose_sheets_say_nothing_is_a_short_error(tmp_path):
    path = workbook(tmp_path / "w.xlsx", {"Sheet1": [["name", "age", "city"],
                                                     ["Ada", 41, "Fictionville"]]})
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value).startswith("w.xlsx [Sheet1]: no column says where")
    assert "mapping dialog" in str(caught.value)


def test_preview_lists_the_sheets_and_what_each_holds(tmp_path):
    path = workbook(tmp_path / "op.xlsx", {"Read me": [["Operation Fictional"]],
                                           "Persons": PEOPLE, "Contacts": CONTACTS})
    found = preview(path)
    assert found.sheets == ["Read me", "Persons", "Contacts"]
    assert found.sheet_roles == {"Read me": None, "Persons": "nodes", "Contacts": "links"}
    assert found.sheet == "Contacts" and found.mapping.source == "person_a"
    assert preview(path, sheet="Persons").columns == ["Ref", "Name", "Kind"]
