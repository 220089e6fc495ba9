"""The audit log: append-only, keyed hash chain; any change made in the database without the
key is detected, and a damaged or missing log reads BROKEN instead of failing."""

import hashlib
import json
import os
import sqlite3
import stat
import time

import pytest

from casegraph.audit import (
    GENESIS,
    AuditLog,
    AuditUnavailable,
    canonical,
    head_mac,
    row_hash,
    verify,
)

KEY = b"test-key-" * 4


def _log(tmp_path, rows=3):
    log = AuditLog(tmp_path / "audit.sqlite", key=KEY)
    for i in range(rows):
        log.record(user="analyst1", role="analyst", case_id="c1", case_number="OP-2024-017",
                   purpose="s.22 DPA 2018", provider="records", query_type="phone",
                   query_value=f"+44770090000{i}", status="ok", result_count=i,
                   result_sha256=f"{i:064x}", at=f"2024-05-01T10:00:0{i}+00:00")
    return log


def _db(log):
    return sqlite3.connect(log.engine.url.database)


def _tamper(log, *statements):
    """What someone with the database file would do: drop the guards, then edit."""
    con = _db(log)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_rows_are_chained_and_keyed(tmp_path):
    log = _log(tmp_path)
    rows = log.rows()
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["prev_hash"] == GENESIS
    assert rows[1]["prev_hash"] == rows[0]["row_hash"]
    raw = dict(rows[2], details=canonical(rows[2]["details"]))
    assert rows[2]["row_hash"] == row_hash(raw, KEY)
    assert row_hash(raw, b"another key") != rows[2]["row_hash"]
    assert rows[1]["query_value"] == "+447700900001" and rows[1]["result_count"] == 1
    assert rows[1]["user"] == "analyst1" and rows[1]["role"] == "analyst"
    assert log.head() == (3, rows[2]["row_hash"])
    assert verify(log) == (True, None, "ok: 3 rows")


def test_empty_log_verifies(tmp_path):
    assert verify(AuditLog(tmp_path / "a.sqlite", key=KEY)) == (True, None, "ok: 0 rows")


def test_sql_update_and_delete_are_refused(tmp_path):
    log = _log(tmp_path)
    con = _db(log)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE audit_log SET justification = 'curiosity' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_log WHERE id = 2")
    con.close()
    assert verify(log).ok is True


def test_edit_is_detected(tmp_path):
    log = _log(tmp_path)
    _tamper(log, "UPDATE audit_log SET justification = 'curiosity' WHERE id = 2")
    assert verify(log) == (False, 2, "row does not match its keyed hash (edited, or "
                                     "re-hashed without the audit key)")


def test_chain_rehashed_without_the_key_is_detected(tmp_path):
    """A forger edits row 2 and recomputes every hash after it, plus the head, the way the
    old unkeyed chain allowed (plain SHA-256 over the fields): still detected at row 2."""
    log = _log(tmp_path)
    rows = [dict(r, details=canonical(r["details"])) for r in log.rows()]
    rows[1]["details"] = rows[1]["details"].replace("+447700900001", "+447700900999")
    statements, prev = [], GENESIS
    for row in rows:
        row["prev_hash"] = prev
        fields = [row[k] for k in ("id", "at", "user", "role", "action", "case_id",
                                   "case_number", "justification", "status", "details",
                                   "prev_hash")]
        forged = hashlib.sha256(json.dumps(fields).encode()).hexdigest()
        statements.append(
            f"UPDATE audit_log SET details = '{row['details']}', prev_hash = '{prev}', "
            f"row_hash = '{forged}' WHERE id = {row['id']}")
        prev = forged
    statements.append(f"UPDATE audit_head SET last_hash = '{prev}', "
                      f"mac = '{hashlib.sha256(prev.encode()).hexdigest()}'")
    _tamper(log, *statements)
    status = verify(log)
    assert status.ok is False and status.bad_row == 1
    assert "without the audit key" in status.reason


def test_deletion_in_the_middle_is_detected(tmp_path):
    log = _log(tmp_path)
    _tamper(log, "DELETE FROM audit_log WHERE id = 2")
    assert verify(log) == (False, 3, "row 2 is missing (next id is 3)")


def test_deleted_tail_is_detected_by_the_keyed_head(tmp_path):
    log = _log(tmp_path)
    _tamper(log, "DELETE FROM audit_log WHERE id = 3")
    status = verify(log)
    assert (status.ok, status.bad_row) == (False, 3) and "chain head says 3 rows" in status.reason
    # moving the head back to row 2 without the key is detected too
    second = log.rows()[1]["row_hash"]
    _tamper_head = _db(log)
    _tamper_head.execute("UPDATE audit_head SET rows = 2, last_hash = ?", (second,))
    _tamper_head.commit()
    _tamper_head.close()
    assert verify(log) == (False, None, "the chain head was changed without the audit key")
    # ... while the real key makes it consistent (which is what the key protects)
    fixed = _db(log)
    fixed.execute("UPDATE audit_head SET mac = ?", (head_mac(2, second, KEY),))
    fixed.commit()
    fixed.close()
    assert verify(log).ok is True


def test_events_of_every_kind(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite", key=KEY)
    log.write("login", user="ana", role="analyst")
    log.write("disclose", user="ana", role="analyst", case_id="c1", justification="CPS",
              details={"format": "pdf", "sha256": "ab"})
    rows = log.rows()
    assert [r["action"] for r in rows] == ["login", "disclose"]
    assert rows[1]["details"] == {"format": "pdf", "sha256": "ab"}
    assert log.rows(case_id="c1")[0]["justification"] == "CPS"
    assert [r["id"] for r in log.rows(limit=1)] == [2]


def test_key_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEGRAPH_AUDIT_KEY", raising=False)
    log = AuditLog(tmp_path / "casegraph.sqlite")
    path = tmp_path / "audit.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    log.write("login", user="ana", role="analyst")
    again = AuditLog(tmp_path / "casegraph.sqlite")
    assert again.key == log.key and verify(again).ok


def test_a_lost_key_reads_broken(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEGRAPH_AUDIT_KEY", raising=False)
    AuditLog(tmp_path / "casegraph.sqlite").write("login", user="ana", role="analyst")
    (tmp_path / "audit.key").unlink()
    fresh = AuditLog(tmp_path / "casegraph.sqlite")  # a new key: the log does not take it
    status = verify(fresh)
    assert status.ok is False and "not written with this audit key" in status.reason
    with pytest.raises(AuditUnavailable, match="not written with this audit key"):
        fresh.write("login", user="ana", role="analyst")  # no fork of the chain
    assert AuditLog(tmp_path / "casegraph.sqlite", key=fresh.key).count() == 1


def test_a_worker_with_another_key_cannot_fork_the_chain(tmp_path):
    AuditLog(tmp_path / "a.sqlite", key=KEY).write("login", user="ana", role="analyst")
    other = AuditLog(tmp_path / "a.sqlite", key=b"another key")
    with pytest.raises(AuditUnavailable):
        other.write("login", user="bob", role="analyst")
    assert verify(AuditLog(tmp_path / "a.sqlite", key=KEY)).ok


def test_dropped_tables_read_broken_and_refuse_writes(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEGRAPH_AUDIT_KEY", raising=False)
    log = AuditLog(tmp_path / "casegraph.sqlite")
    log.write("login", user="ana", role="analyst")
    con = _db(log)
    con.execute("DROP TABLE audit_log")
    con.execute("DROP TABLE audit_head")
    con.commit()
    con.close()
    status = verify(log)
    assert status.ok is False and "unreadable" in status.reason
    with pytest.raises(AuditUnavailable, match="cannot be written"):
        log.write("login", user="ana", role="analyst")
    # a restart (the key is from an earlier run: older than a start-up takes) does not
    # quietly start a new, empty chain
    key_file = tmp_path / "audit.key"
    os.utime(key_file, (time.time() - 3600, time.time() - 3600))
    restarted = AuditLog(tmp_path / "casegraph.sqlite")
    status = verify(restarted)
    assert status.ok is False and "the log was removed" in status.reason
    with pytest.raises(AuditUnavailable):
        restarted.write("login", user="ana", role="analyst")


def test_unreadable_database_reads_broken(tmp_path):
    path = tmp_path / "casegraph.sqlite"
    log = AuditLog(path, key=KEY)
    log.write("login", user="ana", role="analyst")
    log.engine.dispose()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"casegraph.sqlite{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    status = verify(log)
    assert status.ok is False and "unreadable" in status.reason
    with pytest.raises(AuditUnavailable):
        log.write("login", user="ana", role="analyst")
