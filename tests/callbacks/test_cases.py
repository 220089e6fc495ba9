"""Saved cases: save with the view, rename, save as, the case list (the view state itself:
test_view_state.py)."""

from __future__ import annotations

from casegraph.workspace import Workspace
from components import cases, view_state
from components.state import case_ref
from tests.callbacks.conftest import session_of, small_case

TYPES = [{"value": "person"}, {"value": "phone"}, {"value": "account"}]
VIEWPORT = {"pan": {"x": 120.0, "y": -40.0}, "zoom": 1.5, "viewport_width": 900,
            "viewport_height": 600, "case": "ignored@1"}


def a_state(**changes):
    state = view_state.view_state("betweenness", "community", 3, ["person", "account"], TYPES,
                                  1, "concentric", {"kind": "node", "id": "cob", "centre": True},
                                  VIEWPORT)
    state.update(changes)
    return state


def test_saving_stores_the_view_as_a_new_revision(ws, store):
    new = cases.save_case(ws, store, a_state())

    assert new == {"case_id": store["case_id"], "rev": 2}
    saved = ws.case(*case_ref(new)).meta["view"]
    assert {k: v for k, v in saved.items() if k != "saved_at"} == a_state()
    assert "view" not in ws.case(store["case_id"], 1).meta  # the old revision is untouched
    assert [r["note"] for r in ws.revisions(store["case_id"])] == [
        "created", "saved with its view"]


def test_rename_is_a_revision_and_shows_in_the_list(ws, store):
    new = cases.rename_case(ws, store, "  Operation   Fictional Tide ")

    assert new == {"case_id": store["case_id"], "rev": 2}
    [row] = cases.case_rows(ws)
    assert (row["name"], row["revisions"], row["last_note"]) == (
        "Operation Fictional Tide", 2, "renamed from 'Small fictional case'")
    assert cases.rename_case(ws, new, "") is None
    assert cases.rename_case(ws, new, "Operation Fictional Tide") is None  # unchanged


def test_save_as_makes_an_independent_copy_with_the_view(ws, store):
    copy = cases.save_as(ws, store, "Tide — copy for the review", a_state())

    assert copy["case_id"] != store["case_id"] and copy["rev"] == 1
    original, again = ws.case(store["case_id"]), ws.case(copy["case_id"])
    assert again.name == "Tide — copy for the review"
    assert sorted(again.graph.nodes) == sorted(original.graph.nodes)
    assert again.graph.number_of_edges() == original.graph.number_of_edges() == 7
    assert again.positions == original.positions
    assert again.meta["view"]["measure"] == "betweenness"
    assert again.meta["copied_from"] == {"case_id": store["case_id"], "rev": 1}
    rows = {r["case_id"]: r for r in cases.case_rows(ws)}
    assert rows[copy["case_id"]]["kind"] == "saved"
    assert rows[store["case_id"]]["name"] == "Small fictional case"


def test_everything_survives_a_restart(tmp_path):
    """Positions, tags, notes, expansions and saved views come back from the disk."""
    ws = session_of(Workspace(tmp_path / "data", samples=False))
    case = small_case()
    case_id, rev = ws.import_case(case)
    changed = ws.case(case_id, rev).copy()
    changed.graph.nodes["ash"]["tags"] = ["suspect"]
    changed.graph.nodes["ash"]["note"] = "Seen at the depot (fictional)"
    changed.add_entity("gil", "person", "Gil Fictional")
    changed.add_link("gil", "ash", "call")
    rev = ws.save_revision(case_id, changed, note="expanded")
    store = cases.add_view(ws, {"case_id": case_id, "rev": rev}, a_state(), "Core")
    store = cases.save_case(ws, store, a_state(zoom=0.5))
    before = ws.case(case_id)

    again = session_of(Workspace(tmp_path / "data", samples=False)).case(case_id)

    assert again.positions == before.positions and "gil" in again.positions
    assert again.graph.nodes["ash"]["tags"] == ["suspect"]
    assert again.graph.nodes["ash"]["note"] == "Seen at the depot (fictional)"
    assert again.graph.has_edge("gil", "ash")
    assert [v["title"] for v in again.meta["views"]] == ["Core"]
    assert again.meta["view"]["zoom"] == 0.5


def test_case_table_lists_every_case_with_an_open_cell(ws, store):
    copy = cases.save_as(ws, store, "Copy")
    rows = {r["name"]: r for r in cases.case_table(ws, store["case_id"])}

    assert set(rows) == {"Small fictional case", "Copy"}
    # the current case is marked, not offered
    assert rows["Small fictional case"]["open"] == cases.CURRENT
    assert rows["Copy"]["open"] == "Open" and rows["Copy"]["case_id"] == copy["case_id"]
    # a click on the Copy's "Open" cell opens it; elsewhere on the row, nothing
    cell = {"colId": "open", "rowId": copy["case_id"], "value": "Open"}
    assert cases.case_to_open(cell) == copy["case_id"]
    assert cases.case_to_open({**cell, "colId": "name"}) is None
    assert cases.case_to_open({**cell, "value": cases.CURRENT}) is None
    assert cases.case_to_open(None) is None


def test_a_view_saved_on_an_older_revision_keeps_what_a_colleague_saved_since(ws, store):
    # the page still shows revision 1; a colleague renamed the case meanwhile (revision 2)
    renamed = cases.rename_case(ws, store, "Renamed by a colleague")
    assert renamed["rev"] == 2
    new = cases.add_view(ws, store, a_state(), title="Suppliers")
    assert new["rev"] == 3
    case = ws.case(*case_ref(new))
    assert case.name == "Renamed by a colleague"  # merged onto the newest, not replaced
    assert [v["title"] for v in case.meta["views"]] == ["Suppliers"]
