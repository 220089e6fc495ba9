"""Workspace.apply_change / undo: every change lands on the newest revision, on SQLite and on
PostgreSQL, with concurrent writers; limits refuse what is too large."""

from __future__ import annotations

import threading

import pytest

from casegraph.limits import CaseTooLarge
from casegraph.model import Case
from casegraph.workspace import StoreError, Workspace


def ring() -> Case:
    case = Case(name="Ring", meta={"case_number": "OP-1"})
    for name in ("ash", "bay", "cob"):
        case.add_entity(name, "person", f"{name.title()} Fictional")
    case.add_link("ash", "bay", "call", key="k1")
    case.add_link("bay", "cob", "call", key="k2")
    return case


@pytest.fixture
def ws(tmp_path, database_url):
    workspace = Workspace(tmp_path / "data", database_url=database_url, samples=False)
    yield workspace
    workspace.close()


def test_a_change_on_an_older_revision_keeps_the_newer_one(ws):
    case_id, rev1 = ws.import_case(ring(), user="lead")
    theirs = ws.case(case_id, rev1).copy()
    theirs.add_entity("dee", "person", "Dee Fictional")
    first = ws.apply_change(case_id, rev1, theirs, note="added Dee", kind="expansion",
                            user="ana")
    assert (first.rev, first.rebased, first.conflicts, first.changed) == (2, False, [], True)
    mine = ws.case(case_id, rev1).copy()  # made from revision 1, saved after revision 2
    mine.graph.nodes["ash"]["tag"] = "suspect"
    second = ws.apply_change(case_id, rev1, mine, note="tagged Ash", kind="tag", user="ben")
    assert (second.rev, second.rebased, second.parent_rev) == (3, True, 2)
    assert [(o["rev"], o["user"], o["kind"]) for o in second.others] == [(2, "ana", "expansion")]
    newest = ws.case(case_id)
    assert "dee" in newest.graph and newest.graph.nodes["ash"]["tag"] == "suspect"
    assert ws.store.load(case_id).to_dict() == newest.to_dict()  # stored as it is cached
    assert [(r["rev"], r["user"], r["kind"], r["note"]) for r in ws.changes_since(case_id, 1)
            ] == [(2, "ana", "expansion", "added Dee"), (3, "ben", "tag", "tagged Ash")]
    # each revision records the change that made it, relative to the one before
    patches = {c["rev"]: c["patch"] for c in ws.store.changes(case_id, 1)}
    assert [n["id"] for n in patches[2]["nodes_set"]] == ["dee"]
    assert [n["id"] for n in patches[3]["nodes_set"]] == ["ash"]


def test_a_conflict_keeps_theirs_and_names_who_made_it(ws):
    case_id, rev = ws.import_case(ring())
    theirs = ws.case(case_id, rev).copy()
    theirs.graph.nodes["ash"]["tag"] = "suspect"
    ws.apply_change(case_id, rev, theirs, kind="tag", user="ana")
    other = ws.case(case_id).copy()
    other.graph.nodes["bay"]["note"] = "landlord"
    ws.apply_change(case_id, 2, other, kind="note", user="cas")  # touches another entity
    mine = ws.case(case_id, rev).copy()
    mine.graph.nodes["ash"]["tag"] = "cleared"
    mine.name = "Ring B"
    result = ws.apply_change(case_id, rev, mine, kind="tag", user="ben")
    assert result.rev == 4 and result.changed
    (conflict,) = result.conflicts
    assert (conflict.entity, conflict.attribute, conflict.theirs, conflict.mine, conflict.by,
            conflict.rev) == ("ash", "tag", "suspect", "cleared", "ana", 2)
    assert result.conflict_lines() == [
        "tag of ash: kept 'suspect' (changed by ana meanwhile), not 'cleared'"]
    case = ws.case(case_id)
    assert case.graph.nodes["ash"]["tag"] == "suspect" and case.name == "Ring B"


def test_an_empty_change_writes_no_revision(ws):
    case_id, rev = ws.import_case(ring())
    same = ws.apply_change(case_id, rev, ws.case(case_id, rev).copy(), kind="edit")
    assert (same.rev, same.changed) == (1, False)
    assert ws.current_rev(case_id) == 1


def test_undo_takes_back_one_change_after_others_saved_on_top(ws):
    case_id, rev1 = ws.import_case(ring())
    mine = ws.case(case_id, rev1).copy()
    mine.add_entity("dee", "person", "Dee Fictional")
    mine.add_link("dee", "ash", "call", key="lk1")
    expanded = ws.apply_change(case_id, rev1, mine, kind="expansion", user="ana").rev
    theirs = ws.case(case_id).copy()
    theirs.graph.nodes["cob"]["tag"] = "suspect"
    ws.apply_change(case_id, expanded, theirs, kind="tag", user="ben")
    undone = ws.undo(case_id, expanded, user="ana")
    assert (undone.rev, undone.kind, undone.rebased, undone.conflicts) == (4, "undo", True, [])
    case = ws.case(case_id)
    assert "dee" not in case.graph and case.graph.nodes["cob"]["tag"] == "suspect"
    assert ws.changes_since(case_id, 3)[0]["note"].startswith("undo of revision 2")
    with pytest.raises(StoreError, match="no change to undo"):
        ws.undo(case_id, 1)


def test_undo_of_the_newest_change_restores_the_revision_before(ws):
    case_id, rev1 = ws.import_case(ring())
    mine = ws.case(case_id, rev1).copy()
    mine.graph.nodes["ash"]["tag"] = "suspect"
    rev2 = ws.apply_change(case_id, rev1, mine, kind="tag").rev
    undone = ws.undo(case_id, rev2)
    assert undone.rebased is False
    assert ws.case(case_id, undone.rev).to_dict() == ws.case(case_id, rev1).to_dict()


def test_concurrent_changes_all_land(ws):
    case_id, rev1 = ws.import_case(ring())
    errors: list[BaseException] = []

    def worker(w: int) -> None:
        for i in range(5):
            try:
                base = ws.current_rev(case_id)
                case = ws.case(case_id, base).copy()
                node = case.add_entity(f"w{w}-{i}", "person", f"Worker {w} item {i}")
                case.add_link(node, "ash", "call", key=f"lk{i}")  # same keys in every thread
                ws.apply_change(case_id, base, case, kind="expansion", user=f"user{w}")
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    newest = ws.store.load(case_id)
    added = sorted(n for n in newest.graph if n.startswith("w"))
    assert added == sorted(f"w{w}-{i}" for w in range(6) for i in range(5))
    assert newest.graph.number_of_edges() == 2 + 30
    assert ws.current_rev(case_id) == 31


def test_limits_refuse_an_import_and_a_change(ws, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_MAX_ENTITIES", "4")
    monkeypatch.setenv("CASEGRAPH_MAX_LINKS", "2")
    big = ring()
    for name in ("dee", "eve"):
        big.add_entity(name, "person", name)
    with pytest.raises(CaseTooLarge, match="5 entities; the limit is 4 per case.*"
                                           "CASEGRAPH_MAX_ENTITIES"):
        ws.import_case(big)
    assert ws.list_cases() == []
    case_id, rev = ws.import_case(ring())
    more = ws.case(case_id, rev).copy()
    more.add_link("ash", "cob", "call")
    with pytest.raises(CaseTooLarge, match="3 links; the limit is 2.*CASEGRAPH_MAX_LINKS"):
        ws.apply_change(case_id, rev, more, kind="edit")
    assert ws.current_rev(case_id) == 1 and ws.case(case_id).graph.number_of_edges() == 2


def test_delete_case_removes_everything_kept_for_it(ws):
    from casegraph.enrichment.base import LookupResult

    case_id, rev = ws.import_case(ring())
    keep_id, _ = ws.import_case(ring())
    kit = ws.enrichment()
    kit.cache.for_case(case_id).put(LookupResult("records", "phone", "+447700900001",
                                                 status="not_found"))
    kit.cache.for_case(keep_id).put(LookupResult("records", "phone", "+447700900001",
                                                 status="not_found"))
    ticket = kit.tickets.issue(case_id, rev, {"nodes": ["ash"]})
    ws.delete_case(case_id)
    with pytest.raises(StoreError):
        ws.case(case_id)
    assert [c["case_id"] for c in ws.list_cases()] == [keep_id]
    assert kit.cache.for_case(case_id).get("records", "phone", "+447700900001") is None
    assert kit.cache.for_case(keep_id).get("records", "phone", "+447700900001") is not None
    assert kit.tickets.claim(ticket) is None


def test_job_tickets_run_once_and_a_lost_job_stops_counting(ws):
    from casegraph.enrichment.jobs import JOB_HOURS, JobTickets

    now = [1_000_000.0]
    tickets = JobTickets(ws.engine, clock=lambda: now[0])
    ticket = tickets.issue("c1", 4, {"nodes": ["a", "b"], "hops": 1}, user="ana")
    assert tickets.running(ticket) and tickets.state(ticket) == "issued"
    assert tickets.request_cancel(ticket) is True
    job = tickets.claim(ticket)
    assert (job.case_id, job.base_rev, job.params["nodes"], job.user) == ("c1", 4, ["a", "b"],
                                                                          "ana")
    assert tickets.cancel_requested(ticket) is True
    assert tickets.claim(ticket) is None and tickets.claim("forged") is None
    now[0] += JOB_HOURS * 3600 + 1  # never finished: its process was killed
    assert tickets.running(ticket) is False
    tickets.finish(ticket, "done")
    assert tickets.state(ticket) == "done" and tickets.request_cancel(ticket) is False
    stale = tickets.issue("c1", 4, {})
    now[0] += 25 * 3600
    assert tickets.claim(stale) is None  # an old ticket is void
