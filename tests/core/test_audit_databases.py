"""The audit log on both databases it runs on (SQLite and a real PostgreSQL): rows are
append-only by a trigger, writers in parallel keep one unbroken chain, and an edit made by
someone who can write the database (triggers dropped) is found by the keyed chain."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from casegraph.access import Actor
from casegraph.audit import AuditLog, verify
from casegraph.db import engine_for, is_sqlite
from casegraph.model import Case
from casegraph.session import records_for
from casegraph.workspace import Workspace

KEY = b"k" * 32


def test_rows_are_append_only(database_url):
    log = AuditLog(engine_for(database_url), key=KEY)
    log.write("login", user="ana", role="analyst")
    log.write("consult", user="ana", role="analyst", case_id="c1")
    statements = ["UPDATE audit_log SET justification = 'x' WHERE id = 1",
                  "DELETE FROM audit_log WHERE id = 2"]
    if not is_sqlite(log.engine):
        statements.append("TRUNCATE audit_log")
    for sql in statements:
        with pytest.raises(DBAPIError, match="append-only"):
            with log.engine.begin() as conn:
                conn.execute(text(sql))
    assert verify(log) == (True, None, "ok: 2 rows")


def test_parallel_writers_keep_one_chain(database_url):
    logs = [AuditLog(engine_for(database_url), key=KEY) for _ in range(3)]  # as 3 processes

    def append(log, who):
        for i in range(15):
            log.write("consult", user=who, role="analyst", case_id=f"c{i}")

    threads = [threading.Thread(target=append, args=(log, f"user{n}"))
               for n, log in enumerate(logs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = logs[0].rows()
    assert [r["id"] for r in rows] == list(range(1, 46))
    assert verify(logs[0]) == (True, None, "ok: 45 rows")


def test_an_edit_past_the_triggers_is_detected(database_url):
    log = AuditLog(engine_for(database_url), key=KEY)
    for who in ("ana", "bob", "cat"):
        log.write("consult", user=who, role="analyst", case_id="c1")
    with log.engine.begin() as conn:
        if is_sqlite(log.engine):
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        conn.execute(text("UPDATE audit_log SET \"user\" = 'someone else' WHERE id = 2"))
    status = verify(log)
    assert (status.ok, status.bad_row) == (False, 2)


def test_the_session_records_on_postgresql_too(postgres_url, tmp_path):
    ws = Workspace(tmp_path / "data", database_url=postgres_url, samples=False)
    records_for(ws).users.add("ana", "analyst")
    ana = ws.session(Actor("ana", "analyst"))
    case = Case(name="Op PG")
    case.add_entity("a", "person", "Ash Fictional")
    case_id, _ = ana.import_case(case)
    ana.open_case(case_id)
    ana.erase(case_id, "test over")
    assert [r["action"] for r in ana.audit_rows("mine")] == ["collect", "consult", "erase"]
    assert ana.audit_status()["ok"] is True
    ws.close()
