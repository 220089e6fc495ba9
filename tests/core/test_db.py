"""The one database: several processes starting at once on an empty database all come up
(the workers of one gunicorn create the tables together)."""

from __future__ import annotations

import threading

from sqlalchemy import inspect

from casegraph.audit import AuditLog
from casegraph.db import engine_for
from casegraph.store import CaseStore
from casegraph.users import UserStore


def test_tables_are_created_once_when_many_start_together(database_url):
    start = threading.Barrier(8)
    errors: list[str] = []

    def one() -> None:
        engine = engine_for(database_url)  # an engine of its own, as another process has
        start.wait()
        try:
            CaseStore(engine)
            UserStore(engine)
            log = AuditLog(engine, key=b"k" * 32)
            assert log.problem == "", log.problem
        except Exception as exc:  # noqa: BLE001 - every failure is reported below
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=one) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert {"cases", "revisions", "users"} <= tables
