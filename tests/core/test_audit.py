"""The audit trail: append-only, hash-chained, and any direct edit in SQLite is detected."""

import sqlite3

import pytest

from casegraph.enrichment.audit import GENESIS, AuditLog, row_hash, verify


def _log(tmp_path, rows=3):
    log = AuditLog(tmp_path / "audit.sqlite")
    for i in range(rows):
        log.record(user="analyst1", case_number="OP-2024-017", purpose="s.22 DPA 2018",
                   provider="records", query_type="phone", query_value=f"+44770090000{i}",
                   status="ok", result_count=i, result_sha256=f"{i:064x}",
                   at=f"2024-05-01T10:00:0{i}+00:00")
    return log


def _tamper(path, *statements):
    """What someone with the file would do: drop the guards, then change the table."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_no_update")
    con.execute("DROP TRIGGER audit_no_delete")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_rows_are_chained(tmp_path):
    log = _log(tmp_path)
    rows = log.rows()
    assert [r["id"] for r in rows] == [1, 2, 3]
    assert rows[0]["prev_hash"] == GENESIS
    assert rows[1]["prev_hash"] == rows[0]["row_hash"]
    assert rows[2]["prev_hash"] == rows[1]["row_hash"]
    assert rows[2]["row_hash"] == row_hash(rows[2])
    assert rows[1]["query_value"] == "+447700900001" and rows[1]["result_count"] == 1
    assert verify(log.path) == (True, None, "ok: 3 rows")


def test_empty_log_verifies(tmp_path):
    assert verify(AuditLog(tmp_path / "a.sqlite")) == (True, None, "ok: 0 rows")


def test_missing_file_does_not_verify(tmp_path):
    ok, row, reason = verify(tmp_path / "nothing.sqlite")
    assert (ok, row) == (False, None) and "no audit database" in reason


def test_sql_update_and_delete_are_refused(tmp_path):
    log = _log(tmp_path)
    con = sqlite3.connect(log.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE audit SET purpose = 'curiosity' WHERE id = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit WHERE id = 2")
    con.close()
    assert verify(log.path)[0] is True


def test_edit_is_detected(tmp_path):
    log = _log(tmp_path)
    _tamper(log.path, "UPDATE audit SET purpose = 'curiosity' WHERE id = 2")
    assert verify(log.path) == (False, 2, "row content does not match its hash (edited)")


def test_edit_with_recomputed_own_hash_breaks_the_next_link(tmp_path):
    log = _log(tmp_path)
    row = log.rows()[1]
    row["query_value"] = "+447700900999"
    forged = row_hash(row)
    _tamper(log.path, f"UPDATE audit SET query_value = '+447700900999', row_hash = '{forged}' "
                      "WHERE id = 2")
    assert verify(log.path) == (False, 3, "prev_hash does not match the previous row")


def test_deletion_in_the_middle_is_detected(tmp_path):
    log = _log(tmp_path)
    _tamper(log.path, "DELETE FROM audit WHERE id = 2")
    assert verify(log.path) == (False, 3, "row 2 is missing (next id is 3)")


def test_deletion_of_the_last_row_is_detected(tmp_path):
    log = _log(tmp_path)
    _tamper(log.path, "DELETE FROM audit WHERE id = 3")
    ok, bad, reason = verify(log.path)
    assert (ok, bad) == (False, 3)
    assert reason.startswith("chain head says 3 rows, table has 2")


def test_insertion_is_detected(tmp_path):
    log = _log(tmp_path)
    last = log.rows()[-1]
    _tamper(log.path, "INSERT INTO audit VALUES (4, '2024-05-02T00:00:00+00:00', 'x', 'OP', "
                      f"'p', 'records', 'phone', '+1', 'ok', 0, '', '{last['row_hash']}', "
                      "'not-a-hash')")
    assert verify(log.path) == (False, 4, "row content does not match its hash (edited)")


def test_keyed_chain_needs_the_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEGRAPH_AUDIT_KEY", "court-approved secret")
    log = _log(tmp_path)
    assert verify(log.path)[0] is True
    monkeypatch.delenv("CASEGRAPH_AUDIT_KEY")
    assert verify(log.path) == (False, 1, "row content does not match its hash (edited)")


def test_rows_of_one_case(tmp_path):
    log = _log(tmp_path, rows=2)
    log.record(user="b", case_number="OP-9", purpose="p", provider="records", query_type="email",
               query_value="a@example.com", status="not_found", result_count=0,
               result_sha256="0" * 64)
    assert [r["id"] for r in log.rows("OP-9")] == [3]
    assert log.count() == 3
