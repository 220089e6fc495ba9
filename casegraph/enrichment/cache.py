"""A lookup cache with a time-to-live, keyed by (provider, query type, value, case).

Only answers that describe the source (``ok``, ``not_found``, ``not_covered``) are kept; a
timeout or a quota refusal is worth trying again. A cached answer says so (``from_cache`` and
a message). Each row names the case it was fetched for: an answer serves lookups of that
case only, and erasing the case erases its rows (:meth:`LookupCache.delete_case`). Expired
rows are deleted, not just skipped.

The table lives in the app's one database (``casegraph.db``); a path or URL also works.

    >>> import tempfile, os
    >>> from casegraph.enrichment.base import LookupResult
    >>> cache = LookupCache(os.path.join(tempfile.mkdtemp(), "cache.sqlite"), ttl=3600)
    >>> cache.put(LookupResult("records", "phone", "+447700900001", status="not_found"))
    True
    >>> cache.get("records", "phone", "+447700900001").from_cache
    True
    >>> for_case = cache.for_case("c1")
    >>> for_case.get("records", "phone", "+447700900001") is None   # another case's answer
    True
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Index,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    select,
)

from casegraph.db import create_tables, write
from casegraph.enrichment.base import CACHEABLE, LookupResult

metadata = MetaData()

lookup_cache = Table(
    "lookup_cache", metadata,
    Column("provider", String(64), primary_key=True),
    Column("query_type", String(32), primary_key=True),
    Column("query_value", Text, primary_key=True),
    Column("case_id", String(64), primary_key=True),  # "" when asked outside a case
    Column("stored_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("result", Text, nullable=False),
)
Index("lookup_cache_expires", lookup_cache.c.expires_at)
PURGE_EVERY = 60.0  # seconds between deletions of expired rows by one cache object


def _engine(target: str | Path | Engine) -> Engine:
    from casegraph.store import _engine as engine_of

    return engine_of(target)


def _has_case_column(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return "case_id" in {c["name"] for c in inspect(engine).get_columns("lookup_cache")}


class LookupCache:
    """Cache of lookup results; ``ttl`` in seconds. ``clock`` is swappable for tests.

    ``target``: the app's engine, a database URL or the path of a SQLite file.
    """

    def __init__(self, target: str | Path | Engine, ttl: float = 24 * 3600, clock=time.time,
                 case_id: str = ""):
        self.engine = _engine(target)
        self.ttl = float(ttl)
        self.clock = clock
        self.case_id = str(case_id or "")
        self._purged = float("-inf")
        create_tables(metadata, self.engine)
        if not _has_case_column(self.engine):  # a cache made by an older release: refill
            with write(self.engine) as conn:
                conn.exec_driver_sql("DROP TABLE lookup_cache")
            create_tables(metadata, self.engine)

    def for_case(self, case_id: str) -> LookupCache:
        """The same cache, reading and writing the rows of ``case_id``."""
        view = object.__new__(LookupCache)
        view.__dict__.update(self.__dict__, case_id=str(case_id or ""))
        return view

    def _key(self, provider: str, query_type: str, query_value: str):
        c = lookup_cache.c
        return and_(c.provider == provider, c.query_type == query_type,
                    c.query_value == query_value, c.case_id == self.case_id)

    def get(self, provider: str, query_type: str, query_value: str) -> LookupResult | None:
        """The cached answer, marked as such, or None when absent or expired."""
        key = self._key(provider, query_type, query_value)
        c = lookup_cache.c
        with self.engine.connect() as conn:
            row = conn.execute(select(c.stored_at, c.expires_at, c.result).where(key)
                               ).one_or_none()
        if row is None:
            return None
        if row.expires_at <= self.clock():
            with write(self.engine) as conn:
                conn.execute(delete(lookup_cache).where(key, c.expires_at <= self.clock()))
            return None
        try:
            result = LookupResult.from_dict(json.loads(row.result))
        except ValueError:
            return None
        result.from_cache = True
        stored = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(row.stored_at))
        result.messages.append(f"answered from cache (looked up {stored})")
        return result

    def put(self, result: LookupResult) -> bool:
        """Store ``result`` if its status is worth caching; returns whether it was stored."""
        if result.status not in CACHEABLE or result.from_cache:
            return False
        now = self.clock()
        data = result.to_dict()
        data["from_cache"] = False
        key = self._key(result.provider, result.query_type, result.query_value)
        with write(self.engine) as conn:
            conn.execute(delete(lookup_cache).where(key))
            conn.execute(lookup_cache.insert().values(
                provider=result.provider, query_type=result.query_type,
                query_value=result.query_value, case_id=self.case_id, stored_at=now,
                expires_at=now + self.ttl, result=json.dumps(data, ensure_ascii=False)))
        if now - self._purged > PURGE_EVERY:
            self.purge_expired()
        return True

    def purge_expired(self) -> int:
        """Delete every expired row; returns how many."""
        self._purged = now = self.clock()
        with write(self.engine) as conn:
            return conn.execute(delete(lookup_cache).where(
                lookup_cache.c.expires_at <= now)).rowcount

    def delete_case(self, case_id: str) -> int:
        """Delete the rows fetched for ``case_id`` (erasure); returns how many."""
        with write(self.engine) as conn:
            return conn.execute(delete(lookup_cache).where(
                lookup_cache.c.case_id == str(case_id))).rowcount

    def clear(self) -> None:
        with write(self.engine) as conn:
            conn.execute(delete(lookup_cache))
