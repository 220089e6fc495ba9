"""Enrichment callbacks on the fictional SOCMINT case: refusal, expansion as a delta, undo,
same-as links, background jobs, case details and the audit tab (CSV, chain status)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from dash import no_update

from casegraph.access import Actor
from casegraph.audit import verify
from casegraph.samples import sample_cases
from casegraph.session import records_for
from components import audit_panel, case_settings, enrich, ids
from components.inspector import edge_view

from .conftest import session_of, texts

PURPOSE = "Supply of Class A drugs (fictional test)"


def lookups(ws) -> list[dict]:
    """The lookups recorded so far, in order."""
    return [r for r in ws.audit_rows("mine") if r["action"] == "lookup"]


@pytest.fixture
def socmint(ws) -> dict:
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    case_id, rev = ws.import_case(case)
    return {"case_id": case_id, "rev": rev}


@pytest.fixture
def ready(ws, socmint) -> dict:
    """The SOCMINT case with a case number and purpose set."""
    store, _, _, ok = case_settings.save_details(ws, socmint, "OP-TEST-1", PURPOSE)
    assert ok
    return store


def test_lookup_refused_until_case_number_and_purpose_are_set(ws, socmint):
    out = enrich.expand_action(ws, socmint, "AC001", "records")
    assert out.store is no_update and out.delta is no_update
    assert texts(out.message)[0] == "Lookup refused"
    assert "set the case's case number and purpose first" in texts(out.message)[1]
    assert ws.current_rev(socmint["case_id"]) == 1
    rows = lookups(ws)
    assert [(r["status"], r["case_number"], r["query_value"], r["result_count"])
            for r in rows] == [("refused", "", "telegram:sunny.yeti", 0)]
    # with only the number set, still refused, and the refusal names what is missing
    store, _, message, _ = case_settings.save_details(ws, socmint, "OP-TEST-1", "")
    assert message == "Saved. Lookups stay refused until the purpose is set."
    out = enrich.expand_action(ws, store, "AC001", "records")
    assert "set the case's purpose first" in texts(out.message)[1]
    assert [r["status"] for r in lookups(ws)] == ["refused", "refused"]


def test_case_details_are_a_new_revision_with_an_empty_delta(ws, socmint):
    store, delta, message, ok = case_settings.save_details(
        ws, socmint, "  OP-TEST-1 ", PURPOSE)
    assert ok and message == "Saved. Lookups are recorded under case OP-TEST-1."
    assert store == {"case_id": socmint["case_id"], "rev": 2, "delta": True}
    assert (delta["base"], delta["case"]) == ([socmint["case_id"], 1], [socmint["case_id"], 2])
    assert delta["nodes"] == delta["edges"] == delta["remove"] == delta["update"] == []
    assert case_settings.details(ws, store) == {"case_number": "OP-TEST-1", "purpose": PURPOSE}
    assert texts(case_settings.button_label(ws, store)) == ["Case ", "OP-TEST-1"]
    assert texts(case_settings.button_label(ws, socmint)) == ["!", "Set case details"]


def test_expanding_an_alias_sends_only_the_new_elements(ws, ready):
    out = enrich.expand_action(ws, ready, "AC001", "records")
    case_id = ready["case_id"]
    assert out.store == {"case_id": case_id, "rev": 3, "delta": True}
    case = ws.case(case_id, 3)
    # the person behind telegram:sunny.yeti is Acorn Brightspoon, who uses it in the case:
    # recognised (one node, both provenances), not drawn a second time
    assert "rec:RP000001" not in case.graph
    assert case.graph.nodes["P001"]["ref"] == "rec:RP000001"
    persons = [d["label"] for _, d in case.graph.nodes(data=True) if d["type"] == "person"]
    assert persons.count("Acorn Brightspoon") == 1
    delta = out.delta
    assert delta["base"] == [case_id, 2] and delta["case"] == [case_id, 3]
    assert [n["data"]["id"] for n in delta["nodes"]] == [
        "email:acorn.brightspoon@example.com", "email:brightspoon.a70@example.org",
        "rec:RO000001"]
    assert {n["anchor"] for n in delta["nodes"]} == {"AC001"}
    assert all(set(n["rel"]) == {"x", "y"} for n in delta["nodes"])
    pairs = {(e["data"]["source"], e["data"]["target"]) for e in delta["edges"]}
    assert pairs == {("P001", "email:acorn.brightspoon@example.com"), ("rec:RO000001", "P001"),
                     ("P001", "email:brightspoon.a70@example.org")}
    assert delta["remove"] == []
    assert {u["id"]: u["data"]["deg"] for u in delta["update"]} == {"P001": 8}
    # marked as new, the expanded entity stays selected, the card offers the suggestions
    assert out.overlay["case"] == [case_id, 3] and out.overlay["fit"] is True
    assert out.overlay["classes"]["ov-focus"] == ["AC001"]
    assert "rec:RO000001" in out.overlay["classes"]["ov-new"]
    assert out.selection == {"kind": "node", "id": "AC001", "centre": False, "rev": 3}
    words = texts(out.message)
    assert words[:2] == ["Expanded telegram: sunny.yeti with records",
                         "3 new entities, 3 new links, 5 already in the case; Acorn Brightspoon "
                         "is Acorn Brightspoon (shares 07700 900971); 1 possible same person "
                         "held back as suggestions"]
    assert "Possible same person (not merged)" in words
    assert [(s["node"], s["existing"]) for s in out.last["suggestions"]] == [
        ("rec:RP000002", "P002")]
    (row,) = lookups(ws)
    assert (row["user"], row["case_number"], row["purpose"], row["status"],
            row["result_count"]) == ("analyst1", "OP-TEST-1", PURPOSE, "ok", 9)


def test_delta_positions_follow_the_canvas_scale(ws, ready):
    out = enrich.expand_action(ws, ready, "AC001", "records")
    case = ws.case(ready["case_id"], 3)
    kx, ky = enrich.canvas_scale(ws, ready["case_id"], 2)
    first = out.delta["nodes"][0]
    (x, y), (ax, ay) = case.positions[first["data"]["id"]], case.positions["AC001"]
    assert first["rel"] == {"x": round((x - ax) * kx, 1), "y": round((y - ay) * ky, 1)}
    assert kx > 0 and ky > 0
    # labelled at once: the label is readable at the fitted zoom, as the layout left room
    from casegraph.layout import readable_font

    assert {n["data"]["fs"] for n in out.delta["nodes"]} == {round(readable_font(case) * kx, 2)}


def test_undo_restores_the_previous_revision(ws, ready):
    out = enrich.expand_action(ws, ready, "AC001", "records")
    undo = enrich.undo_action(ws, out.store, out.last)
    case_id = ready["case_id"]
    assert undo.store == {"case_id": case_id, "rev": 4, "delta": True}
    assert ws.case(case_id, 4).to_dict() == ws.case(case_id, 2).to_dict()
    assert undo.delta["remove"] == [n["data"]["id"] for n in out.delta["nodes"]]
    assert undo.delta["nodes"] == [] and undo.delta["edges"] == []
    assert {u["id"]: u["data"]["deg"] for u in undo.delta["update"]}["P001"] == 5
    assert undo.last is None and undo.overlay is None
    assert texts(undo.message)[0] == "Undone: telegram: sunny.yeti"
    # taken back once: a second undo of the same change does nothing
    twice = enrich.undo_action(ws, undo.store, out.last)
    assert twice.store is no_update and texts(twice.message)[0] == "Nothing to undo"


def test_undo_after_someone_else_saved_takes_back_only_that_expansion(ws, ready):
    first = enrich.expand_action(ws, ready, "AC001", "records")
    # another analyst, still on revision 2, expands another account: merged onto revision 3
    other = enrich.expand_action(ws, ready, "AC004", "records")
    assert other.store == {"case_id": ready["case_id"], "rev": 4}
    undo = enrich.undo_action(ws, first.store, first.last)
    case_id = ready["case_id"]
    assert undo.store == {"case_id": case_id, "rev": 5}  # the page gets the merged revision
    case = ws.case(case_id, 5)
    assert not set(first.last["new_nodes"]) & set(other.last["new_nodes"])
    assert not set(first.last["new_nodes"]) & set(case.graph)
    assert set(other.last["new_nodes"]) <= set(case.graph)
    assert ws.changes_since(case_id, 4)[0]["kind"] == "undo"


def test_possible_same_person_is_merged_only_on_request(ws, ready):
    out = enrich.expand_action(ws, ready, "AC001", "records")
    case = ws.case(ready["case_id"], 3)
    # Zephyr Brightspoon, Acorn's sibling in the records, only named like P002: held back
    assert "rec:RP000002" not in case.graph and "ref" not in case.graph.nodes["P002"]
    assert not case.graph.has_edge("P001", "P002")
    merged = enrich.same_as_action(ws, out.store, f"rec:RP000002{enrich.SEP}P002", out.last)
    new = ws.case(ready["case_id"], 4)
    assert merged.store == {"case_id": ready["case_id"], "rev": 4, "delta": True}
    assert "rec:RP000002" not in new.graph and new.graph.nodes["P002"]["ref"] == "rec:RP000002"
    ((key, data),) = new.graph.get_edge_data("P001", "P002").items()
    assert data["type"] == "relative_of" and data["relation"] == "sibling"
    entry = new.meta["merges"][-1]
    assert (entry["how"], entry["keep"], entry["ref"], entry["user"]) == (
        "accepted", "P002", "rec:RP000002", "analyst1")
    assert texts(merged.message)[0] == "Merged as the same person"
    assert [(e["data"]["source"], e["data"]["target"]) for e in merged.delta["edges"]] == [
        ("P001", "P002")]
    assert merged.last["suggestions"] == []
    # the link inspector shows where the link came from
    words = texts(edge_view(ws, (ready["case_id"], 4), "P001", "P002"))
    assert "Provenance" in words and "Found by the records lookup" in words


def test_inspector_lists_lookups_and_provenance(ws, ready):
    out = enrich.expand_action(ws, ready, "AC001", "records")
    ref = (ready["case_id"], out.store["rev"])
    words = texts(enrich.inspector_section(ws, ref, "P001"))
    assert words[:2] == ["Lookups", "records"]
    assert "Found by the records lookup" in words
    assert "handle telegram:sunny.yeti" in words and "OP-TEST-1" in words
    anchor = texts(enrich.inspector_section(ws, ref, "AC001"))
    assert anchor[anchor.index("Loaded from a file"):][:7] == [
        "Loaded from a file", "file", "nodes.csv", "format", "tables", "row", "111"]
    posts = next(n for n, t in ws.case(*ref).graph.nodes(data="type") if t == "post")
    assert "No lookup applies to posts." in texts(enrich.inspector_section(ws, ref, posts))


def test_dispatch_ignores_rerendered_buttons(ws, ready):
    trigger = {"type": ids.ENRICH_EXPAND, "index": "records"}
    out = enrich.dispatch(ws, trigger, 0, store=ready, selection={"kind": "node", "id": "AC001"},
                          last=None, job=None)
    assert out.outputs() == (no_update,) * len(enrich.ACTION_OUTPUTS)
    assert lookups(ws) == []


def test_two_hops_run_from_a_ticket(ws, ready):
    start = enrich.dispatch(ws, {"type": ids.ENRICH_HOPS, "index": "records"}, 1, store=ready,
                            selection={"kind": "node", "id": "AC001"}, last=None, job=None)
    job = start.job
    assert set(job) == {"ticket", "ws", "case_id", "base_rev", "label"}
    assert job["base_rev"] == 2 and job["ws"] == ws.key
    # until it has run, another expansion is turned away
    busy = enrich.dispatch(ws, {"type": ids.ENRICH_EXPAND, "index": "records"}, 1, store=ready,
                           selection={"kind": "node", "id": "AC002"}, last=None, job=job)
    assert texts(busy.message)[0] == "A background expansion is running"
    reports = []
    done = enrich.run_job(job, report=lambda *r: reports.append(r))
    # hop 1: the account (its holder is recognised as P001); hop 2: the two new emails
    assert reports[0] == (0, 1, "expanding 1 entities") and reports[-1][:2] == (3, 3)
    assert done.store == {"case_id": ready["case_id"], "rev": 3, "delta": True}
    assert len(done.delta["nodes"]) == 3
    assert texts(done.message)[1] == "3 lookups: 3 new entities, 3 new links"
    assert [r["status"] for r in lookups(ws)] == ["ok"] * 3
    assert (ws.changes_since(ready["case_id"], 2)[0]["kind"],
            ws.changes_since(ready["case_id"], 2)[0]["user"]) == ("expansion", "analyst1")
    assert not enrich.job_running(ws, job)
    # a ticket runs once: replaying it does nothing
    again = enrich.run_job(job)
    assert again.outputs() == (no_update,) * len(enrich.ACTION_OUTPUTS)
    assert ws.current_rev(ready["case_id"]) == 3


def test_a_job_trusts_the_ticket_not_the_page(ws, ready):
    start = enrich.start_job(ws, ready, ["AC001"], "records", 1, "Expanding AC001")
    forged = {**start.job, "case_id": "other", "base_rev": 1, "label": "forged",
              "ticket": start.job["ticket"][:-2] + "xx"}
    assert enrich.run_job(forged).outputs() == (no_update,) * len(enrich.ACTION_OUTPUTS)
    done = enrich.run_job({**start.job, "case_id": "other", "base_rev": 1})
    assert done.store["rev"] == 3 and enrich.kept_result(ws, done.last)["base_rev"] == 2


def test_a_job_lands_on_the_newest_revision(ws, ready):
    start = enrich.start_job(ws, ready, ["AC001"], "records", 1, "Expanding AC001")
    other = enrich.expand_action(ws, ready, "AC002", "records")  # saved while the job waits
    assert other.store["rev"] == 3
    done = enrich.run_job(start.job)
    assert done.store == {"case_id": ready["case_id"], "rev": 4}  # merged: sent whole
    assert done.delta is no_update
    assert any(line.startswith("Merged with 1 newer change by analyst1")
               for line in texts(done.message))
    case = ws.case(ready["case_id"], 4)
    found = enrich.kept_result(ws, done.last)["new_nodes"]  # the page holds only its id
    assert set(found) <= set(case.graph)  # the job's finds
    assert set(found) - set(other.last["new_nodes"])  # not the other's
    assert set(other.last["new_nodes"]) <= set(case.graph)  # and the other expansion's


def test_cancel_stops_a_job_and_keeps_what_it_found(ws, ready):
    start = enrich.start_job(ws, ready, ["AC001", "AC002", "AC003", "PH001"], "records", 1,
                             "Expanding 4")
    out = enrich.cancel_job(ws, start.job)
    assert texts(out.message)[1] == "Cancelling after the current lookup…"
    done = enrich.run_job(start.job)
    assert texts(done.message)[1].endswith("— cancelled")
    assert lookups(ws) == [] and ws.current_rev(ready["case_id"]) == 2
    assert enrich.cancel_job(ws, start.job).outputs() == (no_update,) * len(
        enrich.ACTION_OUTPUTS)  # finished: nothing to cancel


def test_audit_tab_rows_csv_and_chain(ws, ready, tmp_path):
    enrich.expand_action(ws, ready, "AC001", "records")
    enrich.expand_action(ws, ready, "PH001", "records")
    rows, what = audit_panel.audit_rows(ws, ready)
    assert what == "what was done with this case"
    assert [r["action"] for r in rows] == ["collect", "alter", "lookup", "alter", "lookup",
                                           "alter"]
    assert {r["user"] for r in rows} == {"analyst1"}
    parsed = list(csv.DictReader(io.StringIO(audit_panel.audit_csv(rows))))
    assert list(parsed[0]) == list(audit_panel.CSV_FIELDS)
    found = [json.loads(r["details"]) for r in parsed if r["action"] == "lookup"]
    assert [(d["query_type"], d["query_value"]) for d in found] == [
        ("handle", "telegram:sunny.yeti"), ("phone", "+447700900883")]
    ok, message, head = audit_panel.chain_status(ws)
    assert ok and message == "Hash chain intact (6 rows verified with the audit key)."
    assert head.startswith("6 rows · head ")
    # an edit made straight in SQLite (triggers dropped) is caught
    with sqlite3.connect(records_for(ws._ws).engine.url.database) as con:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("UPDATE audit_log SET details = replace(details, '+447700900883', "
                    "'+447700900999') WHERE id = 5")
    ok, message, _ = audit_panel.chain_status(ws)
    assert not ok and message.startswith("Audit log BROKEN at row 5")
    assert verify(records_for(ws._ws).audit)[0] is False


def test_the_selected_entities_are_expanded_together(ws, ready):
    from components import multi_select

    chosen = ["AC002", "AC003", "PH001", "gone-node", "AC002"]
    style, children = multi_select.bar(ws, ready, chosen)
    shown = texts(children)
    assert style == {} and shown[:2] == ["3 selected", "2 accounts, 1 phone number"]
    assert shown[2] == "Expand 3 with records"
    assert multi_select.bar(ws, ready, ["AC002"]) == (multi_select.HIDDEN, [])
    assert multi_select.bar(ws, ready, None) == (multi_select.HIDDEN, [])

    trigger = {"type": ids.ENRICH_BULK_SELECTED, "index": "records"}
    nothing = enrich.dispatch(ws, trigger, 1, store=ready, selection=None, last=None,
                              job=None, multi=[])
    assert texts(nothing.message)[0] == "Nothing selected" and nothing.job is no_update
    start = enrich.dispatch(ws, trigger, 1, store=ready, selection=None, last=None, job=None,
                            multi=chosen)
    assert texts(start.message)[0] == "Expanding 3 selected entities with records"
    reports = []
    done = enrich.run_job(start.job, report=lambda *r: reports.append(r))
    assert reports[-1][:2] == (3, 3)
    assert texts(done.message)[1].startswith("3 lookups: ")
    rows = lookups(ws)
    assert len(rows) == 3 and {r["query_type"] for r in rows} == {"handle", "phone"}


def test_a_change_that_added_nothing_new_offers_no_undo(ws, ready):
    # someone else already made exactly this change: nothing lands, and Undo must not take
    # back their revision
    first = enrich.expand_action(ws, ready, "AC001", "records")
    case_id = ready["case_id"]
    same = ws.apply_change(case_id, ready["rev"], ws.case(case_id, first.store["rev"]).copy(),
                           kind="expansion")
    assert same.changed is False and same.rev == first.store["rev"]
    last = enrich._undoable(same, {**first.last, "rev": same.rev})
    assert last["rev"] is None
    out = enrich.undo_action(ws, first.store, last)
    assert texts(out.message)[0] == "Nothing to undo" and out.store is no_update
    assert ws.current_rev(case_id) == first.store["rev"]


def test_the_page_holds_only_the_id_of_the_last_result(workspace, ws, ready):
    out = enrich.keep_result(ws, enrich.expand_action(ws, ready, "AC001", "records"))
    assert set(out.last) == {"id", "case_id"}  # no scores, entities or revision to undo
    kept = enrich.kept_result(ws, out.last)
    assert kept["suggestions"] and kept["rev"] == out.store["rev"]
    # a forged id, or another analyst holding this one, reads nothing back
    assert enrich.kept_result(ws, {"id": "forged", "case_id": ready["case_id"]}) is None
    other = session_of(workspace, Actor("analyst2", "analyst"))
    assert enrich.kept_result(other, out.last) is None
    # Undo through the page's id takes back exactly that revision
    undo = enrich.dispatch(ws, ids.ENRICH_UNDO, 1, store=out.store, selection=None,
                           last=kept, job=None)
    assert undo.store["rev"] == out.store["rev"] + 1
