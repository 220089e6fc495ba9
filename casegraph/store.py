"""Persistence for cases: every change is a new revision, every save is one transaction.

The tables live in any database SQLAlchemy Core reaches (SQLite by default, PostgreSQL for
a team, see ``casegraph.db``). Every revision is stored as compressed JSON: either the whole
case (graph, positions, metadata) or a patch against an earlier revision
(``casegraph.model.case_patch``). An expansion that adds ten entities to a 5,000-entity case
then writes a few kilobytes instead of re-serialising the whole case (50-100 ms). Reading a
revision follows its patches back to the nearest whole one; chains are kept short
(``MAX_CHAIN``) and a long one can be rewritten whole in the background
(:meth:`CaseStore.compact`).

Each revision also records who made it (``author``), what kind of change it was (``kind``:
expansion, tag, note, rename, merge, undo, import, ...) and the change itself: the patch
that turns the revision before it into it. A change is written by :meth:`CaseStore.append`,
which holds the store's write lock from reading the newest revision to writing the next, so
two changes at once queue instead of one replacing the other (``casegraph.merge`` does the
three-way merge the caller runs inside it).

    >>> import tempfile, os
    >>> from casegraph.model import Case
    >>> store = CaseStore(os.path.join(tempfile.mkdtemp(), "cases.sqlite"))
    >>> case_id, rev = store.create(Case(name="Demo"), kind="upload")
    >>> store.load(case_id).name, rev
    ('Demo', 1)
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from casegraph.db import create_tables, engine_for, write
from casegraph.idle_gc import paused
from casegraph.model import (
    Case,
    apply_patch,
    case_json,
    case_patch,
    from_json,
    link_count,
    now_iso,
    patch_size,
    to_json,
)

metadata = MetaData()

cases_table = Table(
    "cases", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),      # sample | upload | saved
    Column("sample_id", String(64)),                 # set for the shipped sample cases
    Column("number", Text),                          # the case number analysts file it under
    Column("created", String(32), nullable=False),
    Column("updated", String(32), nullable=False),
    Column("rev", Integer, nullable=False),          # current revision
    Column("nodes", Integer, nullable=False),
    Column("links", Integer, nullable=False),
    Column("seq", Integer),                          # order of creation (samples listed so)
)
Index("cases_sample", cases_table.c.sample_id, unique=True,
      sqlite_where=cases_table.c.sample_id.isnot(None),
      postgresql_where=cases_table.c.sample_id.isnot(None))

revisions_table = Table(
    "revisions", metadata,
    Column("case_id", String(64), ForeignKey("cases.case_id"), primary_key=True),
    Column("rev", Integer, primary_key=True),
    Column("created", String(32), nullable=False),
    Column("note", Text, nullable=False, default=""),
    # zlib-compressed JSON: Case.to_dict() (base NULL) or a patch against revision ``base``
    Column("data", LargeBinary, nullable=False),
    Column("base", Integer),
    Column("depth", Integer, nullable=False, default=0),  # patches between this and a whole
    Column("author", Text, nullable=False, default=""),
    Column("kind", String(32), nullable=False, default=""),
    # the patch from revision rev - 1 to this one, when ``data`` is not that patch already
    Column("change", LargeBinary),
)

# The analysis of a revision (``CaseAnalysis.to_dict()``, zlib-compressed JSON) for each way
# of looking at it ("entities", "people"): a revision never changes, so neither does its
# analysis, and a restart need not analyse again.
analyses_table = Table(
    "analyses", metadata,
    Column("case_id", String(64), ForeignKey("cases.case_id"), primary_key=True),
    Column("rev", Integer, primary_key=True),
    Column("view", String(16), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

# Columns added after the first release; older databases get them when opened.
ADDED_COLUMNS = {
    "revisions": {"base": "INTEGER", "depth": "INTEGER NOT NULL DEFAULT 0",
                  "author": "TEXT NOT NULL DEFAULT ''", "kind": "VARCHAR(32) NOT NULL DEFAULT ''",
                  "change": "BLOB"},
    "cases": {"seq": "INTEGER"},
}
MAX_CHAIN = 48  # a revision this many patches deep is stored whole
PATCH_SHARE = 0.25  # a patch touching more than this share of the case: store it whole
FAST_PACK_ABOVE = 512_000  # bytes of JSON; larger cases are packed at zlib level 1


class StoreError(Exception):
    """A case or revision that does not exist, or a store that cannot be opened."""


def _engine(target: str | Path | Engine) -> Engine:
    if isinstance(target, Engine):
        return target
    text = str(target)
    return engine_for(text if "://" in text else f"sqlite:///{Path(text).resolve().as_posix()}")


def _pack(case: Case, raw: bytes | None = None) -> bytes:
    """A whole revision as stored: its canonical JSON (``model.case_json``; ``raw`` when
    the caller has it already), compressed."""
    if raw is None:
        raw = case_json(case)
    # Saving a revision is on the path of every expansion: at 5,000 entities level 6 takes
    # 17 ms against 5 ms for level 1, for a blob 25% larger. Any level unpacks the same way.
    return zlib.compress(raw, 1 if len(raw) > FAST_PACK_ABOVE else 6)


def _unpack(blob: bytes) -> Case:
    with paused():  # see casegraph.idle_gc.paused
        return Case.from_dict(from_json(zlib.decompress(blob)), consume=True)


def _pack_patch(patch: dict[str, Any]) -> bytes:
    return zlib.compress(to_json(patch))


def _unpack_patch(blob: bytes) -> dict[str, Any]:
    return from_json(zlib.decompress(blob))


def _small(patch: dict[str, Any] | None) -> bool:
    """Whether a patch is worth storing as one (else the revision is stored whole)."""
    if patch is None:
        return False
    return patch_size(patch) <= PATCH_SHARE * (patch["nodes"] + patch["links"]) + 64


def _upgrade(engine: Engine) -> None:
    """Add the columns a database made by an older release lacks."""
    found = inspect(engine)
    with write(engine) as conn:
        for table, columns in ADDED_COLUMNS.items():
            have = {c["name"] for c in found.get_columns(table)}
            for column, decl in columns.items():
                if column not in have:
                    if engine.dialect.name == "postgresql":
                        decl = decl.replace("BLOB", "BYTEA")
                    conn.exec_driver_sql(f'ALTER TABLE {table} ADD COLUMN "{column}" {decl}')


class CaseStore:
    """Cases and their revisions in one database.

    ``target``: an :class:`~sqlalchemy.engine.Engine` (shared with the rest of the app), a
    database URL, or the path of a SQLite file.
    """

    def __init__(self, target: str | Path | Engine):
        self.engine = _engine(target)
        create_tables(metadata, self.engine)
        _upgrade(self.engine)

    # -- writing ----------------------------------------------------------------------------
    def create(self, case: Case, kind: str = "upload", sample_id: str | None = None,
               case_id: str | None = None, note: str = "created", user: str = "",
               change_kind: str = "import", raw: bytes | None = None) -> tuple[str, int]:
        """Store a new case as revision 1; returns ``(case_id, 1)``. ``raw``: the case's
        ``model.case_json`` when the caller made it already (it is not made again).

        Raises the database's IntegrityError (``sqlalchemy.exc.IntegrityError``) when
        ``case_id`` or ``sample_id`` is taken.
        """
        case_id = case_id or uuid.uuid4().hex[:12]
        stamp = now_iso()
        blob = _pack(case, raw)
        with write(self.engine) as conn:
            seq = conn.execute(select(func.coalesce(func.max(cases_table.c.seq), 0))).scalar()
            conn.execute(cases_table.insert().values(
                case_id=case_id, name=case.name, kind=kind, sample_id=sample_id,
                number=case.meta.get("case_number"), created=stamp, updated=stamp, rev=1,
                nodes=case.graph.number_of_nodes(), links=link_count(case.graph),
                seq=int(seq) + 1))
            conn.execute(revisions_table.insert().values(
                case_id=case_id, rev=1, created=stamp, note=note, data=blob, base=None,
                depth=0, author=user, kind=change_kind))
        return case_id, 1

    def append(self, case_id: str,
               build: Callable[[Connection, int], tuple[Case | None, dict | None, Any]], *,
               note: str = "", kind: str = "", user: str = "") -> tuple[int, Any]:
        """Write the next revision of ``case_id`` from the newest one, under the write lock.

        ``build(conn, newest_rev)`` runs while the lock is held and returns ``(case, patch,
        extra)``: the new revision, the patch from revision ``newest_rev`` to it (None if
        unknown: stored whole), and anything the caller wants back. ``case`` None: nothing
        is written. Reads ``build`` makes should use ``conn`` (see :meth:`load`). Returns
        ``(rev, extra)``: the new revision, or ``newest_rev`` when nothing was written.
        """
        with write(self.engine) as conn:
            # the row lock (PostgreSQL) or the database lock (SQLite) is held from here to
            # the commit: a second change waits, then builds on this one
            newest = conn.execute(
                select(cases_table.c.rev).where(cases_table.c.case_id == case_id)
                .with_for_update()).scalar()
            if newest is None:
                raise StoreError(f"no case with id {case_id!r}")
            case, patch, extra = build(conn, int(newest))
            if case is None:
                return int(newest), extra
            rev = self._insert(conn, case_id, int(newest), case, patch, note=note, kind=kind,
                               user=user)
        return rev, extra

    def _insert(self, conn: Connection, case_id: str, newest: int, case: Case,
                patch: dict | None, *, note: str, kind: str, user: str,
                base: int | None = None) -> int:
        """Insert revision ``newest + 1``: a patch against ``base`` (default ``newest``)
        when small and the chain is short, else whole."""
        base = newest if base is None else base
        rev = newest + 1
        values: dict[str, Any] = {"base": None, "depth": 0, "change": None}
        if _small(patch):
            depth = conn.execute(select(revisions_table.c.depth).where(
                revisions_table.c.case_id == case_id, revisions_table.c.rev == base)).scalar()
            if depth is not None and depth + 1 < MAX_CHAIN:
                values.update(data=_pack_patch(patch), base=base, depth=depth + 1)
        if values["base"] is None:
            values["data"] = _pack(case)
        if patch is not None and (values["base"] != newest):
            values["change"] = _pack_patch(patch) if base == newest else None
        nodes, links = case.graph.number_of_nodes(), link_count(case.graph)
        stamp = now_iso()
        conn.execute(revisions_table.insert().values(
            case_id=case_id, rev=rev, created=stamp, note=note, author=user, kind=kind,
            **values))
        conn.execute(update(cases_table).where(cases_table.c.case_id == case_id).values(
            rev=rev, updated=stamp, name=case.name, number=case.meta.get("case_number"),
            nodes=nodes, links=links))
        return rev

    def save(self, case_id: str, case: Case, note: str = "",
             base: tuple[int, Case] | None = None, *, kind: str = "", user: str = "") -> int:
        """Store ``case`` as the next revision of ``case_id``, whatever was saved since it
        was read; returns the new revision. (Changes made by people go through
        ``Workspace.apply_change``, which merges them onto the newest revision instead.)

        ``base``: ``(rev, case_at_rev)``, the stored revision ``case`` was made from. When
        given and the difference is small, only the difference is written.
        """
        patch = case_patch(base[1], case) if base is not None else None

        def build(_conn: Connection, _newest: int):
            return case, patch, None

        if base is None:
            return self.append(case_id, build, note=note, kind=kind, user=user)[0]
        with write(self.engine) as conn:
            newest = conn.execute(
                select(cases_table.c.rev).where(cases_table.c.case_id == case_id)
                .with_for_update()).scalar()
            if newest is None:
                raise StoreError(f"no case with id {case_id!r}")
            return self._insert(conn, case_id, int(newest), case, patch, note=note, kind=kind,
                                user=user, base=base[0])

    def depth(self, case_id: str, rev: int) -> int:
        """How many patches must be applied to read revision ``rev`` (0: stored whole)."""
        with self.engine.connect() as conn:
            depth = conn.execute(select(revisions_table.c.depth).where(
                revisions_table.c.case_id == case_id, revisions_table.c.rev == rev)).scalar()
        if depth is None:
            raise StoreError(f"no case {case_id!r} at revision {rev}")
        return int(depth)

    def compact(self, case_id: str, rev: int, case: Case | None = None) -> None:
        """Store revision ``rev`` whole (its content does not change; later patches still
        apply, and its change stays recorded). ``case``: that revision, when the caller
        has it in memory."""
        blob = _pack(case if case is not None else self.load(case_id, rev))
        r = revisions_table.c
        with write(self.engine) as conn:
            row = conn.execute(select(r.data, r.base, r.change).where(
                r.case_id == case_id, r.rev == rev)).one_or_none()
            if row is None:
                return
            change = row.change
            if change is None and row.base == rev - 1:
                change = row.data  # the patch was the change: keep it
            conn.execute(update(revisions_table).where(r.case_id == case_id, r.rev == rev)
                         .values(data=blob, base=None, depth=0, change=change))

    def set_current(self, case_id: str, rev: int) -> None:
        """Make an earlier revision current again by saving it as a new revision (whatever
        came after it is replaced; ``Workspace.undo`` takes back one change instead)."""
        case = self.load(case_id, rev)
        self.save(case_id, case, note=f"restored revision {rev}", kind="restore")

    def delete(self, case_id: str) -> None:
        """Remove the case and all its revisions (erasure)."""
        with write(self.engine) as conn:
            conn.execute(delete(revisions_table).where(revisions_table.c.case_id == case_id))
            conn.execute(delete(analyses_table).where(analyses_table.c.case_id == case_id))
            conn.execute(delete(cases_table).where(cases_table.c.case_id == case_id))

    def save_analysis(self, case_id: str, rev: int, view: str, data: dict[str, Any]) -> bool:
        """Keep the analysis of a revision (plain data); False when it is not JSON-safe or
        is kept already (another worker got there first)."""
        try:
            blob = zlib.compress(json.dumps(data, separators=(",", ":"),
                                            allow_nan=True).encode("utf-8"), 1)
        except (TypeError, ValueError):
            return False
        key = {"case_id": case_id, "rev": int(rev), "view": view}
        try:
            with write(self.engine) as conn:
                found = conn.execute(select(analyses_table.c.rev).where(
                    *(analyses_table.c[k] == v for k, v in key.items()))).first()
                if found is not None:
                    return False
                conn.execute(analyses_table.insert().values(**key, data=blob))
        except IntegrityError:  # a second server kept the same analysis at the same moment
            return False
        return True

    def load_analysis(self, case_id: str, rev: int, view: str) -> dict[str, Any] | None:
        """The analysis kept by :meth:`save_analysis`, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(analyses_table.c.data).where(
                analyses_table.c.case_id == case_id, analyses_table.c.rev == int(rev),
                analyses_table.c.view == view)).first()
        return json.loads(zlib.decompress(row[0])) if row is not None else None

    # -- reading ----------------------------------------------------------------------------
    def load(self, case_id: str, rev: int | None = None, conn: Connection | None = None
             ) -> Case:
        """The case at revision ``rev`` (the current one when None). ``conn``: read through
        this connection (inside :meth:`append`'s ``build``)."""
        if conn is None:
            with self.engine.connect() as own:
                return self.load(case_id, rev, own)
        r = revisions_table.c
        if rev is None:
            rev = conn.execute(select(cases_table.c.rev).where(
                cases_table.c.case_id == case_id)).scalar()
            if rev is None:
                raise StoreError(f"no case {case_id!r}")
        patches: list[bytes] = []
        row = conn.execute(select(r.data, r.base).where(r.case_id == case_id, r.rev == rev)
                           ).one_or_none()
        if row is None:
            raise StoreError(f"no case {case_id!r} at revision {rev}")
        while row.base is not None:  # a patch: read back to the whole revision
            patches.append(row.data)
            row = conn.execute(select(r.data, r.base).where(
                r.case_id == case_id, r.rev == row.base)).one_or_none()
            if row is None:
                raise StoreError(f"case {case_id!r}: a revision's base is missing")
        case = _unpack(row.data)
        for blob in reversed(patches):
            apply_patch(case, _unpack_patch(blob))
        return case

    def current_rev(self, case_id: str) -> int:
        """The newest revision of ``case_id`` (one indexed read)."""
        with self.engine.connect() as conn:
            rev = conn.execute(select(cases_table.c.rev).where(
                cases_table.c.case_id == case_id)).scalar()
        if rev is None:
            raise StoreError(f"no case with id {case_id!r}")
        return int(rev)

    def info(self, case_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(cases_table).where(
                cases_table.c.case_id == case_id)).mappings().one_or_none()
        if row is None:
            raise StoreError(f"no case with id {case_id!r}")
        return dict(row)

    def list_cases(self) -> list[dict[str, Any]]:
        """All cases, samples first in the order they were stored, then the most recently
        changed."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(cases_table)).mappings().all()
        samples = sorted((dict(r) for r in rows if r["kind"] == "sample"),
                         key=lambda r: (r["seq"] is None, r["seq"] or 0, r["created"]))
        others = sorted((dict(r) for r in rows if r["kind"] != "sample"),
                        key=lambda r: r["updated"], reverse=True)
        return samples + others

    def revisions(self, case_id: str, after: int = 0) -> list[dict[str, Any]]:
        """``{rev, created, note, user, kind}`` of each revision after ``after``, oldest
        first."""
        r = revisions_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(r.rev, r.created, r.note, r.author, r.kind).where(
                r.case_id == case_id, r.rev > after).order_by(r.rev)).all()
        return [{"rev": row.rev, "created": row.created, "note": row.note,
                 "user": row.author, "kind": row.kind} for row in rows]

    def changes(self, case_id: str, after: int, upto: int | None = None,
                conn: Connection | None = None) -> list[dict[str, Any]]:
        """The changes that made revisions ``after + 1`` .. ``upto``, oldest first:
        ``{rev, user, kind, note, created, patch}``. ``patch`` turns revision ``rev - 1``
        into ``rev``; None where an older release did not record it."""
        if conn is None:
            with self.engine.connect() as own:
                return self.changes(case_id, after, upto, own)
        r = revisions_table.c
        query = select(r.rev, r.created, r.note, r.author, r.kind, r.base, r.data, r.change
                       ).where(r.case_id == case_id, r.rev > after).order_by(r.rev)
        if upto is not None:
            query = query.where(r.rev <= upto)
        out = []
        for row in conn.execute(query):
            if row.change is not None:
                patch = _unpack_patch(row.change)
            elif row.base is not None and row.base == row.rev - 1:
                patch = _unpack_patch(row.data)
            else:
                patch = None
            out.append({"rev": row.rev, "user": row.author, "kind": row.kind,
                        "note": row.note, "created": row.created, "patch": patch})
        return out

    def sample_case_id(self, sample_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(cases_table.c.case_id).where(
                cases_table.c.sample_id == sample_id)).scalar()
