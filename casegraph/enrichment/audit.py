"""Append-only, hash-chained audit trail of lookups (SQLite).

Every lookup, and every refused one, is one row: time, user, case number, purpose, provider,
query type and value, status, result count and the SHA-256 of the result. Each row also holds
the hash of the previous row (``prev_hash``) and its own hash (``row_hash``) over all of its
fields, so an edit, a deletion or an insertion made directly in the database breaks the chain
and :func:`verify` reports the first bad row. Triggers refuse UPDATE and DELETE through SQL;
the chain is what catches someone who drops them.

When ``CASEGRAPH_AUDIT_KEY`` is set the hashes are HMAC-SHA256 with that key, so a forger who
can write the file still cannot recompute a valid chain without the key.

    >>> import tempfile, os
    >>> log = AuditLog(os.path.join(tempfile.mkdtemp(), "audit.sqlite"))
    >>> _ = log.record(user="ana", case_number="OP-1", purpose="s.22", provider="records",
    ...                query_type="phone", query_value="+447700900001", status="ok",
    ...                result_count=1, result_sha256="00")
    >>> verify(log.path)
    (True, None, 'ok: 1 rows')
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from casegraph.model import now_iso

GENESIS = "0" * 64
FIELDS = ("id", "at", "user", "case_number", "purpose", "provider", "query_type",
          "query_value", "status", "result_count", "result_sha256", "prev_hash")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    case_number TEXT NOT NULL,
    purpose TEXT NOT NULL,
    provider TEXT NOT NULL,
    query_type TEXT NOT NULL,
    query_value TEXT NOT NULL,
    status TEXT NOT NULL,
    result_count INTEGER NOT NULL,
    result_sha256 TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
);
-- the chain's head: catches a deleted last row
CREATE TABLE IF NOT EXISTS audit_head (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    rows INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
"""


def _key() -> bytes | None:
    key = os.environ.get("CASEGRAPH_AUDIT_KEY", "")
    return key.encode("utf-8") if key else None


def row_hash(row: dict[str, Any], key: bytes | None = None) -> str:
    """Hash of a row's fields (``FIELDS``, in order, as canonical JSON)."""
    blob = json.dumps([row[name] for name in FIELDS], separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")
    if key:
        return hmac.new(key, blob, hashlib.sha256).hexdigest()
    return hashlib.sha256(blob).hexdigest()


class AuditLog:
    """The audit table in one SQLite file (created on first use). Safe across threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as con:
            con.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        return con

    def record(self, *, user: str, case_number: str, purpose: str, provider: str,
               query_type: str, query_value: str, status: str, result_count: int,
               result_sha256: str, at: str | None = None) -> int:
        """Append one row; returns its id."""
        with self._lock:
            con = self._connect()
            try:
                # BEGIN IMMEDIATE: two processes appending at once must not fork the chain.
                con.execute("BEGIN IMMEDIATE")
                last = con.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1"
                                   ).fetchone()
                row = {"id": (last["id"] + 1) if last else 1, "at": at or now_iso(),
                       "user": user or "", "case_number": case_number or "",
                       "purpose": purpose or "", "provider": provider, "query_type": query_type,
                       "query_value": query_value, "status": status,
                       "result_count": int(result_count), "result_sha256": result_sha256,
                       "prev_hash": last["row_hash"] if last else GENESIS}
                row["row_hash"] = row_hash(row, _key())
                con.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES "
                            f"({', '.join('?' * len(row))})", list(row.values()))
                con.execute("INSERT OR REPLACE INTO audit_head (one, rows, last_hash) "
                            "VALUES (1, ?, ?)", (row["id"], row["row_hash"]))
                con.execute("COMMIT")
                return row["id"]
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.close()

    def rows(self, case_number: str | None = None) -> list[dict[str, Any]]:
        """All rows in order (optionally of one case), as plain dicts."""
        con = self._connect()
        try:
            if case_number is None:
                cur = con.execute("SELECT * FROM audit ORDER BY id")
            else:
                cur = con.execute("SELECT * FROM audit WHERE case_number = ? ORDER BY id",
                                  (case_number,))
            return [dict(r) for r in cur]
        finally:
            con.close()

    def count(self) -> int:
        con = self._connect()
        try:
            return con.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        finally:
            con.close()


def verify(db: str | Path | AuditLog) -> tuple[bool, int | None, str]:
    """Check the chain: ``(True, None, "ok: N rows")`` or ``(False, first bad row id, reason)``.

    Detects a changed field (row hash), a deleted or inserted row (ids not consecutive, or a
    ``prev_hash`` that is not the previous row's hash) and a deleted tail (head mismatch).
    """
    path = db.path if isinstance(db, AuditLog) else Path(db)
    if not path.exists():
        return False, None, f"no audit database at {path}"
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in con.execute("SELECT * FROM audit ORDER BY id")]
        head = con.execute("SELECT rows, last_hash FROM audit_head WHERE one = 1").fetchone()
    except sqlite3.DatabaseError as exc:
        return False, None, f"audit tables unreadable: {exc}"
    finally:
        con.close()
    key = _key()
    prev = GENESIS
    for expected_id, row in enumerate(rows, start=1):
        if row["id"] != expected_id:
            return False, row["id"], f"row {expected_id} is missing (next id is {row['id']})"
        if row["prev_hash"] != prev:
            return False, row["id"], "prev_hash does not match the previous row"
        if row_hash(row, key) != row["row_hash"]:
            return False, row["id"], "row content does not match its hash (edited)"
        prev = row["row_hash"]
    if rows or head is not None:
        head_rows, head_hash = (head["rows"], head["last_hash"]) if head else (0, GENESIS)
        if head_rows != len(rows) or head_hash != prev:
            bad = len(rows) + 1 if head_rows > len(rows) else (rows[-1]["id"] if rows else None)
            return False, bad, (f"chain head says {head_rows} rows, table has {len(rows)} "
                                "(rows deleted or appended outside the log)")
    return True, None, f"ok: {len(rows)} rows"
