"""``records``: the embedded people-records database (SQLite, built from seed CSVs).

Like a people-search service, it answers "who is behind this identifier?": the person (or
several candidates, each with a confidence), their current and former addresses, their other
phones, emails and handles, possible relatives, employers and criminal records. Coverage is one
country (the United Kingdom): a foreign phone number is "not covered", not "not found".

The database is built on first use from the CSV files of a seed folder (``data/records``) and
rebuilt whenever those files change (SHA-256 of their names and bytes is kept in the db).

    >>> from casegraph.enrichment.base import Entity, LookupContext
    >>> provider = RecordsProvider(db_path, seed_dir)                          # doctest: +SKIP
    >>> provider.lookup(Entity("n1", "phone", "07700 900001"), LookupContext())  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import tempfile
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import phonenumbers
from rapidfuzz import fuzz, process

from casegraph.enrichment.base import (
    QUERY,
    Entity,
    FoundEntity,
    FoundLink,
    LookupContext,
    LookupResult,
    failure,
    query_for,
)
from casegraph.model import (
    identity_key,
    normalise_email,
    normalise_phone,
    normalise_text,
    normalise_username,
)

NAME = "records"
COVERAGE = "GB"
COVERAGE_LABEL = "the United Kingdom"
DEFAULT_SEED = Path(__file__).resolve().parents[3] / "data" / "records"
NAME_CUTOFF = 85.0  # rapidfuzz token_sort_ratio below this is not offered as a candidate
MAX_CANDIDATES = 10

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE person (id TEXT PRIMARY KEY, name TEXT NOT NULL, name_norm TEXT NOT NULL,
                     born TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE identifier (person_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
                         display TEXT NOT NULL, since TEXT NOT NULL, until TEXT NOT NULL,
                         source TEXT NOT NULL, confidence REAL NOT NULL, record_id TEXT NOT NULL);
CREATE TABLE registration (handle TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
                           record_id TEXT NOT NULL);
CREATE TABLE address (person_id TEXT NOT NULL, address TEXT NOT NULL, address_norm TEXT NOT NULL,
                      since TEXT NOT NULL, until TEXT NOT NULL, source TEXT NOT NULL,
                      confidence REAL NOT NULL, record_id TEXT NOT NULL);
CREATE TABLE relative (person_id TEXT NOT NULL, relative_id TEXT NOT NULL,
                       relation TEXT NOT NULL, source TEXT NOT NULL, confidence REAL NOT NULL,
                       record_id TEXT NOT NULL);
CREATE TABLE employment (person_id TEXT NOT NULL, employer TEXT NOT NULL, role TEXT NOT NULL,
                         since TEXT NOT NULL, until TEXT NOT NULL, source TEXT NOT NULL,
                         confidence REAL NOT NULL, record_id TEXT NOT NULL);
CREATE TABLE offence (record_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, offence TEXT NOT NULL,
                      court TEXT NOT NULL, date TEXT NOT NULL, outcome TEXT NOT NULL,
                      reference TEXT NOT NULL, source TEXT NOT NULL);
CREATE INDEX identifier_value ON identifier (kind, value);
CREATE INDEX identifier_person ON identifier (person_id);
CREATE INDEX registration_handle ON registration (handle);
CREATE INDEX address_norm ON address (address_norm);
CREATE INDEX address_person ON address (person_id);
CREATE INDEX relative_person ON relative (person_id);
CREATE INDEX employment_person ON employment (person_id);
CREATE INDEX offence_person ON offence (person_id);
"""
# the seed's tables (data/make_records.py writes them; SOURCE.txt there describes them)
SEED_TABLES = ("people", "addresses", "phones", "emails", "handles", "relatives", "employers",
               "offences")


# -- building the database from the seed ---------------------------------------------------
def seed_hash(seed_dir: str | Path) -> str:
    """SHA-256 over the names and bytes of the seed's table files."""
    digest = hashlib.sha256()
    for name in SEED_TABLES:
        path = Path(seed_dir) / f"{name}.csv"
        if path.exists():
            digest.update(path.name.encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _seed_stats(seed_dir: Path) -> tuple:
    stats = []
    for name in SEED_TABLES:
        try:
            st = (seed_dir / f"{name}.csv").stat()
            stats.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append((name, None, None))
    return tuple(stats)


def _rows(seed_dir: Path, name: str) -> list[dict[str, str]]:
    path = seed_dir / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in
                csv.DictReader(fh)]


def _conf(row: dict[str, str]) -> float:
    try:
        return float(row.get("confidence") or 1.0)
    except ValueError:
        return 1.0


def _handle(platform: str, username: str) -> str:
    key = identity_key("account", {"platform": platform, "username": username})
    return key[len("handle:"):] if key else normalise_username(username)


def _import_seed(con: sqlite3.Connection, seed: Path) -> None:
    ins = con.execute
    for r in _rows(seed, "people"):
        ins("INSERT INTO person VALUES (?, ?, ?, ?, ?)",
            (r["person_id"], r["full_name"], normalise_text(r["full_name"]),
             r.get("birth_date", ""), r.get("source", "")))
    for r in _rows(seed, "phones"):
        ins("INSERT INTO identifier VALUES (?, 'phone', ?, ?, ?, ?, ?, ?, ?)",
            (r["person_id"], normalise_phone(r["phone"]), r.get("phone_display") or r["phone"],
             r.get("from_date", ""), r.get("to_date", ""), r.get("source", ""), _conf(r),
             r["record_id"]))
    for r in _rows(seed, "emails"):
        ins("INSERT INTO identifier VALUES (?, 'email', ?, ?, ?, '', ?, ?, ?)",
            (r["person_id"], normalise_email(r["email"]), r["email"], r.get("first_seen", ""),
             r.get("source", ""), _conf(r), r["record_id"]))
    for r in _rows(seed, "handles"):
        handle = _handle(r["platform"], r["username"])
        ins("INSERT INTO identifier VALUES (?, 'handle', ?, ?, ?, '', ?, ?, ?)",
            (r["person_id"], handle, r["username"], r.get("first_seen", ""),
             r.get("source", ""), _conf(r), r["record_id"]))
        for kind, column, norm in (("phone", "registered_phone", normalise_phone),
                                   ("email", "registered_email", normalise_email)):
            for value in filter(None, (v.strip() for v in r.get(column, "").split(";"))):
                ins("INSERT INTO registration VALUES (?, ?, ?, ?)",
                    (handle, kind, norm(value), r["record_id"]))
    for r in _rows(seed, "addresses"):
        ins("INSERT INTO address VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (r["person_id"], r["address"], normalise_text(r["address"]), r.get("from_date", ""),
             r.get("to_date", ""), r.get("source", ""), _conf(r), r["record_id"]))
    for r in _rows(seed, "relatives"):
        ins("INSERT INTO relative VALUES (?, ?, ?, ?, ?, ?)",
            (r["person_id"], r["relative_id"], r.get("relation", ""), r.get("source", ""),
             _conf(r), r["record_id"]))
    for r in _rows(seed, "employers"):
        ins("INSERT INTO employment VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (r["person_id"], r["employer"], r.get("job_title", ""), r.get("from_date", ""),
             r.get("to_date", ""), r.get("source", ""), _conf(r), r["record_id"]))
    for r in _rows(seed, "offences"):
        ins("INSERT INTO offence VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (r["record_id"], r["person_id"], r["offence"], r.get("court", ""), r.get("date", ""),
             r.get("outcome", ""), r.get("reference", ""), r.get("source", "")))


_build_lock = threading.Lock()


def _new_build_lock() -> None:
    # a process forked while another thread was building (a background job forked during
    # the warm-up) must not inherit the held lock; building twice is harmless (each build
    # writes aside and moves its file into place)
    global _build_lock
    _build_lock = threading.Lock()


os.register_at_fork(after_in_child=_new_build_lock)


def build_db(db_path: str | Path, seed_dir: str | Path = DEFAULT_SEED, *,
             force: bool = False) -> bool:
    """Build ``db_path`` from ``seed_dir`` unless it is already built from the same seed.

    Returns True when it (re)built. The new file is written aside and moved into place, so a
    reader never sees a half-built database.
    """
    db_path, seed_dir = Path(db_path), Path(seed_dir)
    if not seed_dir.is_dir():
        raise FileNotFoundError(f"records seed folder not found: {seed_dir}")
    wanted = seed_hash(seed_dir)
    with _build_lock:
        if not force and db_path.exists() and _stored_hash(db_path) == wanted:
            return False
        db_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=db_path.name, suffix=".tmp", dir=db_path.parent)
        os.close(fd)
        try:
            con = sqlite3.connect(tmp)
            with con:
                con.executescript(_SCHEMA)
                _import_seed(con, seed_dir)
                con.execute("INSERT INTO meta VALUES ('seed_hash', ?)", (wanted,))
                con.execute("INSERT INTO meta VALUES ('seed_dir', ?)", (str(seed_dir),))
            con.close()
            os.replace(tmp, db_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return True


def _stored_hash(db_path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'seed_hash'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


# -- the provider --------------------------------------------------------------------------
class RecordsProvider:
    """People records of one country from a local SQLite database.

    Parameters
    ----------
    db_path : where the database lives (built there on first use).
    seed_dir : folder of seed CSVs (default ``data/records`` of the project).
    """

    name = NAME
    input_types = frozenset({"account", "phone", "email", "person", "address"})
    output_types = frozenset({"person", "phone", "email", "account", "address", "organisation",
                              "record"})

    def __init__(self, db_path: str | Path, seed_dir: str | Path = DEFAULT_SEED):
        self.db_path = Path(db_path)
        self.seed_dir = Path(seed_dir)
        self._names: tuple[str | None, list[tuple[str, str]]] = (None, [])
        self._lock = threading.Lock()
        self._built_from: tuple | None = None

    # public ----------------------------------------------------------------------------------
    def lookup(self, entity: Entity, context: LookupContext) -> LookupResult:
        query = query_for(entity)
        if query is None:
            return failure(self.name, entity.type, entity.label, "not_found",
                           f"{self.name} cannot look up a {entity.type} like {entity.label!r}")
        return self.search(*query)

    def search(self, query_type: str, value: str) -> LookupResult:
        """Answer one query (types of :data:`casegraph.enrichment.base.QUERY_TYPES`)."""
        handler = getattr(self, f"_by_{query_type}", None)
        if handler is None:
            return failure(self.name, query_type, value, "error",
                           f"unknown query type {query_type!r}")
        try:
            con = self._connect()
        except (OSError, sqlite3.DatabaseError) as exc:
            return failure(self.name, query_type, value, "error",
                           f"records database unavailable: {exc}")
        try:
            result = LookupResult(self.name, query_type, value)
            handler(con, value, result)
        finally:
            con.close()
        if not result.entities and result.status == "ok":
            result.status = "not_found"
            what = {"handle": "account", "name": "person named"}.get(query_type, query_type)
            result.messages.append(f"no record of {what} {value!r} in the {self.name} database "
                                   f"({COVERAGE_LABEL})")
        return result

    def prepare(self) -> None:
        """Build the database if needed and load the name index (before the first lookup)."""
        with closing(self._connect()) as con:
            self._name_index(con)

    def ensure_built(self) -> bool:
        """Build or rebuild the db if the seed changed; hashing only when file stats moved."""
        stats = _seed_stats(self.seed_dir)
        if stats == self._built_from and self.db_path.exists():
            return False
        rebuilt = build_db(self.db_path, self.seed_dir)
        self._built_from = stats
        return rebuilt

    # plumbing --------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.ensure_built()
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def _name_index(self, con: sqlite3.Connection) -> list[tuple[str, str]]:
        stamp = con.execute("SELECT value FROM meta WHERE key = 'seed_hash'").fetchone()[0]
        with self._lock:
            if self._names[0] != stamp:
                rows = con.execute("SELECT id, name_norm FROM person ORDER BY id").fetchall()
                self._names = (stamp, [(r["id"], r["name_norm"]) for r in rows])
            return self._names[1]

    # queries ---------------------------------------------------------------------------------
    def _by_phone(self, con, value: str, result: LookupResult) -> None:
        try:
            # by country code, not by number validity: fictional drama ranges are "invalid"
            code = phonenumbers.parse(value, None).country_code
            region = phonenumbers.region_code_for_country_code(code)
        except phonenumbers.NumberParseException:
            region = None
        if region in (None, "ZZ"):
            result.status = "not_found"
            result.messages.append(f"{value!r} is not a valid phone number")
            return
        if region != COVERAGE:
            result.status = "not_covered"
            result.messages.append(f"{value} is a number from {region}: the {self.name} "
                                   f"database covers {COVERAGE_LABEL} only")
            return
        self._behind(con, "phone", value, result)

    def _by_email(self, con, value: str, result: LookupResult) -> None:
        self._behind(con, "email", value, result)

    def _by_handle(self, con, value: str, result: LookupResult) -> None:
        # what the account was registered with, whoever the platform says holds it
        for row in con.execute("SELECT DISTINCT kind, value, record_id FROM registration "
                               "WHERE handle = ? ORDER BY kind, value, record_id", (value,)):
            ref = self._identifier(result, row["kind"], row["value"], row["value"],
                                   row["record_id"], 1.0)
            result.links.append(FoundLink(QUERY, ref, "registered_with",
                                          source_record=row["record_id"]))
        self._behind(con, "handle", value, result)

    def _by_person(self, con, value: str, result: LookupResult) -> None:
        pid = value.split(":", 1)[1] if value.startswith("rec:") else value
        if con.execute("SELECT 1 FROM person WHERE id = ?", (pid,)).fetchone():
            self._profile(con, pid, QUERY, result)

    def _by_name(self, con, value: str, result: LookupResult) -> None:
        names = self._name_index(con)
        matches = process.extract(value, {pid: name for pid, name in names},
                                  scorer=fuzz.token_sort_ratio, score_cutoff=NAME_CUTOFF,
                                  limit=MAX_CANDIDATES)
        for _name, score, pid in sorted(matches, key=lambda m: (-m[1], m[2])):
            confidence = round(score / 100.0, 3)
            ref = self._person(con, pid, result, confidence)
            result.links.append(FoundLink(QUERY, ref, "same_as", {"match": "name"},
                                          source_record=pid, confidence=confidence))
            if score >= 100:
                self._profile(con, pid, ref, result)
        if len(matches) > 1:
            result.messages.append(f"{len(matches)} people match the name {value!r}: "
                                   "candidates are linked as 'possibly same as'")

    def _by_address(self, con, value: str, result: LookupResult) -> None:
        for row in con.execute("SELECT * FROM address WHERE address_norm = ? "
                               "ORDER BY until = '' DESC, since DESC, record_id", (value,)):
            ref = self._person(con, row["person_id"], result)
            result.links.append(FoundLink(ref, QUERY, "lives_at", _period(row),
                                          row["record_id"], row["confidence"]))

    # building the answer -------------------------------------------------------------------
    def _behind(self, con, kind: str, value: str, result: LookupResult) -> None:
        """The people behind an identifier, most likely first, each with their profile."""
        rows = con.execute("SELECT * FROM identifier WHERE kind = ? AND value = ? "
                           "ORDER BY until = '' DESC, confidence DESC, person_id",
                           (kind, value)).fetchall()
        for row in rows:
            ref = self._person(con, row["person_id"], result, row["confidence"],
                               row["record_id"])
            result.links.append(FoundLink(ref, QUERY, "uses", _period(row),
                                          row["record_id"], row["confidence"]))
            self._profile(con, row["person_id"], ref, result, skip=(kind, value))
        if len(rows) > 1:
            result.messages.append(f"{len(rows)} people are on record for this {kind} "
                                   "(current and former holders, each with a confidence)")

    def _profile(self, con, pid: str, ref: str, result: LookupResult,
                 skip: tuple[str, str] | None = None) -> None:
        for row in con.execute("SELECT * FROM identifier WHERE person_id = ? "
                               "ORDER BY kind, value, record_id", (pid,)):
            if (row["kind"], row["value"]) == skip:
                continue
            other = self._identifier(result, row["kind"], row["value"], row["display"],
                                     row["record_id"], row["confidence"])
            result.links.append(FoundLink(ref, other, "uses", _period(row),
                                          row["record_id"], row["confidence"]))
        for row in con.execute("SELECT * FROM address WHERE person_id = ? "
                               "ORDER BY since, record_id", (pid,)):
            other = self._add(result, FoundEntity(
                f"address:{row['address_norm']}", "address", row["address"],
                {"address": row["address"]}, row["record_id"], row["confidence"]))
            result.links.append(FoundLink(ref, other, "lives_at", _period(row),
                                          row["record_id"], row["confidence"]))
        for row in con.execute("SELECT * FROM relative WHERE person_id = ? ORDER BY record_id",
                               (pid,)):
            other = self._person(con, row["relative_id"], result, row["confidence"],
                                 row["record_id"])
            result.links.append(FoundLink(ref, other, "relative_of",
                                          {"relation": row["relation"],
                                           "data_source": row["source"]},
                                          row["record_id"], row["confidence"]))
        for row in con.execute("SELECT * FROM employment WHERE person_id = ? "
                               "ORDER BY since, record_id", (pid,)):
            org = f"rec:org:{normalise_text(row['employer'])}"
            other = self._add(result, FoundEntity(org, "organisation", row["employer"],
                                                  {"ref": org}, row["record_id"],
                                                  row["confidence"]))
            props = {"role": row["role"], **_period(row)}
            result.links.append(FoundLink(ref, other, "works_for", props, row["record_id"],
                                          row["confidence"]))
        for row in con.execute("SELECT * FROM offence WHERE person_id = ? ORDER BY date, "
                               "record_id", (pid,)):
            rid = row["record_id"]
            props = {k: row[k] for k in ("offence", "court", "date", "outcome", "reference")
                     if row[k]}
            props["data_source"] = row["source"]
            other = self._add(result, FoundEntity(
                f"rec:{rid}", "record", f"{row['offence']} ({row['date'][:4]})",
                {"ref": f"rec:{rid}", **props}, rid))
            result.links.append(FoundLink(other, ref, "record_of", source_record=rid))

    def _person(self, con, pid: str, result: LookupResult, confidence: float = 1.0,
                record_id: str = "") -> str:
        row = con.execute("SELECT * FROM person WHERE id = ?", (pid,)).fetchone()
        name, born = (row["name"], row["born"]) if row else (pid, "")
        props = {"ref": f"rec:{pid}"}
        if born:
            props["born"] = born
        return self._add(result, FoundEntity(f"rec:{pid}", "person", name, props,
                                             record_id or pid, confidence))

    def _identifier(self, result: LookupResult, kind: str, value: str, display: str,
                    record_id: str, confidence: float) -> str:
        if kind == "handle":
            platform, username = value.split(":", 1)
            return self._add(result, FoundEntity(
                f"handle:{value}", "account", f"{platform}: {username}",
                {"platform": platform, "username": username}, record_id, confidence))
        if kind == "phone":
            display = _national(value)
        return self._add(result, FoundEntity(f"{kind}:{value}", kind, display, {kind: value},
                                             record_id, confidence))

    @staticmethod
    def _add(result: LookupResult, entity: FoundEntity) -> str:
        """Add an entity once per result (first mention wins); returns its ref."""
        if not any(e.ref == entity.ref for e in result.entities):
            result.entities.append(entity)
        return entity.ref


def _period(row: Any) -> dict[str, str]:
    """status (current/former), since, until and data source of a dated row."""
    props = {"status": "former" if row["until"] else "current"}
    props.update({k: row[k] for k in ("since", "until") if row[k]})
    props["data_source"] = row["source"]
    return props


def _national(e164: str) -> str:
    """A UK number as people write it (``07700 900001``); other numbers as given."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)
