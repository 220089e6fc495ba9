"""The record: one append-only, keyed hash chain of everything done with personal data.

Every event is one row: time, the authenticated user and role, the action (login, case
opened, upload, revision, lookup, export, share, erasure, refusal, ...), the case, the stated
justification, a status and details (JSON). Each row holds the hash of the row before it
(``prev_hash``) and its own hash (``row_hash``), both HMAC-SHA256 under a key kept *outside*
the database (:func:`audit_key`). So someone who can write the database but not read the key
cannot edit, insert or delete a row, nor re-hash the chain after doing so, without
:func:`verify` saying where. The chain head (row count and last hash, itself keyed) catches a
deleted tail. Triggers refuse UPDATE and DELETE (SQLite and PostgreSQL); the chain is what
catches someone who drops them.

The table lives on the one database of the installation (``casegraph.db``); the key is
``CASEGRAPH_AUDIT_KEY`` or the file ``audit.key`` in the data folder, made on first run and
readable only by the server's user.

    >>> import tempfile
    >>> from casegraph.db import database_url, engine_for
    >>> folder = tempfile.mkdtemp()
    >>> log = AuditLog(engine_for(database_url(folder)), key=b"k" * 32)
    >>> log.write("consult", user="ana", role="analyst", case_id="c1")
    1
    >>> verify(log)
    ChainStatus(ok=True, bad_row=None, reason='ok: 1 rows')
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from casegraph.access import Refused
from casegraph.db import (
    create_tables,
    database_url,
    engine_for,
    is_sqlite,
    schema_lock,
    write,
)
from casegraph.model import now_iso

GENESIS = "0" * 64
KEY_ENV = "CASEGRAPH_AUDIT_KEY"
KEY_FILE = "audit.key"
# hashed, in this order, as canonical JSON
FIELDS = ("id", "at", "user", "role", "action", "case_id", "case_number", "justification",
          "status", "details", "prev_hash")

# What is logged (EU Directive 2016/680 art. 25: collection, alteration, consultation,
# disclosure, combination, erasure; plus who came and went, and what was refused).
LOGIN, LOGOUT, LOGIN_FAILED = "login", "logout", "login_failed"
CONSULT, COLLECT, ALTER, LOOKUP = "consult", "collect", "alter", "lookup"
DISCLOSE, SHARE, ROLE_CHANGE, ERASE = "disclose", "share", "role_change", "erase"
USER_ADDED, USER_DISABLED, PASSWORD_SET = "user_added", "user_disabled", "password_set"
SETTING, REFUSED = "setting", "refused"
ACTIONS = (LOGIN, LOGOUT, LOGIN_FAILED, CONSULT, COLLECT, ALTER, LOOKUP, DISCLOSE, SHARE,
           ROLE_CHANGE, ERASE, USER_ADDED, USER_DISABLED, PASSWORD_SET, SETTING, REFUSED)
ACTION_LABELS = {
    LOGIN: "login", LOGOUT: "logout", LOGIN_FAILED: "failed login", CONSULT: "case opened",
    COLLECT: "collection (upload, import)", ALTER: "alteration (revision)",
    LOOKUP: "combination (lookup)", DISCLOSE: "disclosure (export)", SHARE: "sharing",
    ROLE_CHANGE: "role change", ERASE: "erasure", USER_ADDED: "user added",
    USER_DISABLED: "user disabled", PASSWORD_SET: "password set", SETTING: "setting changed",
    REFUSED: "refused",
}

metadata = MetaData()
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("user", String(120), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(30), nullable=False, index=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("case_number", String(120), nullable=False),
    Column("justification", Text, nullable=False),
    Column("status", String(30), nullable=False),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
)
# the head: how many rows the chain has and its last hash, keyed like the rows
audit_head = Table(
    "audit_head", metadata,
    Column("one", Integer, primary_key=True, autoincrement=False),
    Column("rows", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
)

_SQLITE_GUARDS = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END",
)
_POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION casegraph_audit_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit rows are append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION casegraph_audit_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION casegraph_audit_append_only()",
)


class AuditUnavailable(Refused):
    """The audit cannot be written (database unreachable, key missing): the action that
    needed the entry is refused."""

    def __init__(self, reason: str):
        super().__init__(f"Refused: the audit log cannot be written ({reason}). Nothing is "
                         "done without a record; ask the administrator to check the audit "
                         "store.", action="audit")


class ChainStatus(NamedTuple):
    """``ok`` with ``reason`` "ok: N rows", or the first bad row and what is wrong."""

    ok: bool
    bad_row: int | None
    reason: str


# -- the key ----------------------------------------------------------------------------------
def audit_key(data_dir: str | Path) -> bytes:
    """The HMAC key: ``CASEGRAPH_AUDIT_KEY`` if set, else ``<data_dir>/audit.key`` (32 random
    bytes, hex), made on first use with mode 0600 so only the server's user can read it."""
    return load_key(data_dir)[0]


def load_key(data_dir: str | Path) -> tuple[bytes, bool]:
    """``(key, made_before)``: ``made_before`` is True when the key file already existed
    (so this installation has an audit log to find)."""
    from_env = os.environ.get(KEY_ENV, "")
    if from_env:
        return from_env.encode("utf-8"), False
    path = Path(data_dir) / KEY_FILE
    if path.exists():
        return _read_key(path), not _just_made(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process starting with this one made it first: its
        return _read_key(path), False  # tables may not be there yet (made under a lock)
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex() + "\n")
    return key, False


def _read_key(path: Path) -> bytes:
    """The key in ``path``, waiting a little for a process that is writing it."""
    for _ in range(100):
        text = path.read_text(encoding="ascii").strip()
        if text:
            return bytes.fromhex(text)
        time.sleep(0.05)
    raise ValueError(f"{path} is empty")


def _just_made(path: Path, seconds: float = 120.0) -> bool:
    """Whether the key file was made moments ago (by a process starting with this one, whose
    audit tables may still be on their way)."""
    return time.time() - path.stat().st_mtime < seconds


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def row_hash(row: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of a row's ``FIELDS`` (in order, as canonical JSON)."""
    blob = canonical([row[name] for name in FIELDS]).encode("utf-8")
    return hmac.new(key, blob, hashlib.sha256).hexdigest()


def head_mac(rows: int, last_hash: str, key: bytes) -> str:
    return hmac.new(key, f"head:{rows}:{last_hash}".encode(), hashlib.sha256).hexdigest()


# -- the log ----------------------------------------------------------------------------------
class AuditLog:
    """The audit table on an engine (or, for scripts and tests, a SQLite file path).

    ``key``: the HMAC key; by default :func:`audit_key` of the data folder holding the SQLite
    file (``key_dir`` for an engine).
    """

    def __init__(self, db: Engine | str | Path, key: bytes | None = None,
                 key_dir: str | Path | None = None):
        if isinstance(db, Engine):
            self.engine = db
        else:
            text = str(db)
            self.engine = engine_for(text if "://" in text else f"sqlite:///{Path(text)}")
            key_dir = key_dir or Path(text).parent
        if key_dir is None and is_sqlite(self.engine) and self.engine.url.database:
            key_dir = Path(self.engine.url.database).parent
        self.problem = ""  # why the log cannot be written or trusted, when it cannot
        made_before = False
        if key is None:
            try:
                if key_dir is None:
                    raise ValueError("no audit key configured (set CASEGRAPH_AUDIT_KEY)")
                key, made_before = load_key(key_dir)
            except (OSError, ValueError) as exc:
                self.problem = f"the audit key is unavailable: {exc}"
        self.key = key
        self._lock = threading.Lock()  # one writer per process; the database orders processes
        self._ready = False
        self.create(expect_tables=made_before)

    @classmethod
    def for_data_dir(cls, data_dir: str | Path) -> AuditLog:
        """The log of a data folder's database (``casegraph.db.database_url``)."""
        return cls(engine_for(database_url(data_dir)), key_dir=data_dir)

    def create(self, expect_tables: bool = False) -> None:
        """Tables, head row and append-only triggers (idempotent).

        ``expect_tables``: this installation has recorded before (its key file existed), so
        missing tables mean the log was removed: it is not silently started again.
        """
        if self.key is None:
            return
        try:
            if expect_tables and not inspect(self.engine).has_table("audit_head"):
                self.problem = ("the audit tables are missing although this installation "
                                "has an audit key from an earlier run (the log was removed)")
                return
            create_tables(metadata, self.engine)
            with write(self.engine) as conn:
                schema_lock(conn)  # workers starting together: one makes the head, triggers
                head = conn.execute(select(audit_head)).mappings().first()
                empty_mac = head_mac(0, GENESIS, self.key)
                if head is None:
                    conn.execute(insert(audit_head).values(
                        one=1, rows=0, last_hash=GENESIS, mac=empty_mac))
                elif head["rows"] == 0 and head["last_hash"] == GENESIS:
                    # nothing recorded yet: nothing to protect, the head takes this key
                    conn.execute(update(audit_head).where(audit_head.c.one == 1)
                                 .values(mac=empty_mac))
                elif not hmac.compare_digest(
                        head_mac(head["rows"], head["last_hash"], self.key), head["mac"]):
                    # another key (a worker without the server's key file, a lost key) or
                    # a head changed by hand: appending would fork the chain
                    self.problem = ("the audit log was not written with this audit key "
                                    "(restore the installation's audit.key or set "
                                    "CASEGRAPH_AUDIT_KEY), or its head was changed")
                    return
                guards = _SQLITE_GUARDS if is_sqlite(self.engine) else _POSTGRES_GUARDS
                for sql in guards:
                    conn.exec_driver_sql(sql)
            self._ready = True
        except SQLAlchemyError as exc:
            self.problem = f"the audit store cannot be opened: {_short(exc)}"

    def _writable(self) -> None:
        if self.key is None:
            raise AuditUnavailable(self.problem)
        if not self._ready:
            raise AuditUnavailable(self.problem or "the audit store is not ready")

    # -- writing -------------------------------------------------------------------------------
    def write(self, action: str, *, user: str, role: str = "", case_id: str = "",
              case_number: str = "", justification: str = "", status: str = "ok",
              details: dict[str, Any] | None = None, at: str | None = None) -> int:
        """Append one event; returns its id. Raises :class:`AuditUnavailable` when the row
        cannot be written (the caller must then refuse what it was about to do)."""
        self._writable()
        try:
            with self._lock, write(self.engine) as conn:
                # the head row is the lock: two processes appending at once must not fork
                # the chain (SQLite: the write transaction; PostgreSQL: FOR UPDATE)
                head = conn.execute(select(audit_head).where(audit_head.c.one == 1)
                                    .with_for_update()).mappings().first()
                if head is None:
                    raise AuditUnavailable("the chain head is missing")
                row = {"id": int(head["rows"]) + 1, "at": at or now_iso(), "user": user or "",
                       "role": role or "", "action": action, "case_id": case_id or "",
                       "case_number": case_number or "", "justification": justification or "",
                       "status": status or "", "details": canonical(details or {}),
                       "prev_hash": head["last_hash"]}
                row["row_hash"] = row_hash(row, self.key)
                conn.execute(insert(audit_log).values(**row))
                conn.execute(update(audit_head).where(audit_head.c.one == 1).values(
                    rows=row["id"], last_hash=row["row_hash"],
                    mac=head_mac(row["id"], row["row_hash"], self.key)))
                return row["id"]
        except AuditUnavailable:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise AuditUnavailable(_short(exc)) from exc

    def record(self, *, user: str, case_number: str, purpose: str, provider: str,
               query_type: str, query_value: str, status: str, result_count: int,
               result_sha256: str, at: str | None = None, role: str = "",
               case_id: str = "") -> int:
        """One lookup (combination), as ``casegraph.enrichment.expand`` reports it."""
        return self.write(LOOKUP, user=user, role=role, case_id=case_id,
                          case_number=case_number, justification=purpose, status=status,
                          at=at, details={"provider": provider, "query_type": query_type,
                                          "query_value": query_value,
                                          "result_count": int(result_count),
                                          "result_sha256": result_sha256})

    def check_writable(self) -> None:
        """Raise :class:`AuditUnavailable` unless the tables are there and can be locked
        for writing now (used before an action whose record is written after it)."""
        self._writable()
        try:
            with write(self.engine) as conn:
                head = conn.execute(select(audit_head.c.rows).where(audit_head.c.one == 1)
                                    .with_for_update()).first()
                conn.execute(select(audit_log.c.id).limit(1)).first()
            if head is None:
                raise AuditUnavailable("the chain head is missing")
        except AuditUnavailable:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise AuditUnavailable(_short(exc)) from exc

    # -- reading -------------------------------------------------------------------------------
    def rows(self, case_number: str | None = None, *, case_id: str | None = None,
             user: str | None = None, action: str | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
        """Rows in order (optionally of one case number, case id, user or action), with
        ``details`` as a dict and, for lookups, its fields also at the top level."""
        query = select(audit_log)
        if case_number is not None:
            query = query.where(audit_log.c.case_number == case_number)
        if case_id is not None:
            query = query.where(audit_log.c.case_id == case_id)
        if user is not None:
            query = query.where(audit_log.c.user == user)
        if action is not None:
            query = query.where(audit_log.c.action == action)
        if limit is not None:
            query = query.order_by(audit_log.c.id.desc()).limit(limit)
            with self.engine.connect() as conn:
                found = [dict(r) for r in conn.execute(query).mappings()]
            return [_expanded(r) for r in reversed(found)]
        with self.engine.connect() as conn:
            return [_expanded(dict(r)) for r in
                    conn.execute(query.order_by(audit_log.c.id)).mappings()]

    def count(self) -> int:
        return self.head()[0]

    def head(self) -> tuple[int, str]:
        """``(rows, last hash)`` as the chain head records them."""
        with self.engine.connect() as conn:
            row = conn.execute(select(audit_head.c.rows, audit_head.c.last_hash)
                               .where(audit_head.c.one == 1)).first()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def iter_raw(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=2000).execute(
                select(audit_log).order_by(audit_log.c.id)).mappings()
            for row in result:
                yield dict(row)


def _expanded(row: dict[str, Any]) -> dict[str, Any]:
    try:
        details = json.loads(row["details"]) if row.get("details") else {}
    except ValueError:
        details = {"unreadable": row.get("details")}
    row["details"] = details if isinstance(details, dict) else {"value": details}
    if row["action"] == LOOKUP:
        for name in ("provider", "query_type", "query_value", "result_count",
                     "result_sha256"):
            row.setdefault(name, row["details"].get(name, ""))
        row.setdefault("purpose", row["justification"])
    return row


def _short(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def verify(log: AuditLog) -> ChainStatus:
    """Check the whole chain: ``ChainStatus(True, None, "ok: N rows")`` or the first bad row
    and the reason. Never raises: an unreadable or missing audit store is a reason too.

    Detects a changed field, a row re-hashed without the key, a deleted or inserted row (ids
    not consecutive, or a ``prev_hash`` that is not the previous row's hash) and a deleted
    tail (the keyed head does not match).
    """
    if log.key is None or (log.problem and not log._ready):
        return ChainStatus(False, None, log.problem or "the audit log is not available")
    try:
        prev, count = GENESIS, 0
        for expected, raw in enumerate(log.iter_raw(), start=1):
            count = expected
            if raw["id"] != expected:
                return ChainStatus(False, raw["id"],
                                   f"row {expected} is missing (next id is {raw['id']})")
            if raw["prev_hash"] != prev:
                return ChainStatus(False, raw["id"], "prev_hash does not match the previous row")
            if not hmac.compare_digest(row_hash(raw, log.key), raw["row_hash"]):
                return ChainStatus(False, raw["id"], "row does not match its keyed hash "
                                   "(edited, or re-hashed without the audit key)")
            prev = raw["row_hash"]
        with log.engine.connect() as conn:
            head = conn.execute(select(audit_head).where(audit_head.c.one == 1)
                                ).mappings().first()
    except SQLAlchemyError as exc:
        return ChainStatus(False, None, f"audit store unreadable: {_short(exc)}")
    except Exception as exc:  # a damaged row (wrong types) is a broken chain, not a crash
        return ChainStatus(False, None, f"audit rows unreadable: {type(exc).__name__}: {exc}")
    if head is None:
        return ChainStatus(False, None, "the chain head is missing")
    if not hmac.compare_digest(head_mac(head["rows"], head["last_hash"], log.key), head["mac"]):
        return ChainStatus(False, None, "the chain head was changed without the audit key")
    if head["rows"] != count or head["last_hash"] != prev:
        bad = count + 1 if head["rows"] > count else (count or None)
        return ChainStatus(False, bad, f"chain head says {head['rows']} rows, the table has "
                                       f"{count} (rows deleted or added outside the log)")
    return ChainStatus(True, None, f"ok: {count} rows")

