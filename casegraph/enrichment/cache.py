"""A lookup cache in SQLite with a time-to-live, keyed by (provider, query type, value).

Only answers that describe the source (``ok``, ``not_found``, ``not_covered``) are kept; a
timeout or a quota refusal is worth trying again. A cached answer says so (``from_cache`` and
a message).

    >>> import tempfile, os
    >>> from casegraph.enrichment.base import LookupResult
    >>> cache = LookupCache(os.path.join(tempfile.mkdtemp(), "cache.sqlite"), ttl=3600)
    >>> cache.put(LookupResult("records", "phone", "+447700900001", status="not_found"))
    True
    >>> cache.get("records", "phone", "+447700900001").from_cache
    True
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from casegraph.enrichment.base import CACHEABLE, LookupResult

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lookup_cache (
    provider TEXT NOT NULL,
    query_type TEXT NOT NULL,
    query_value TEXT NOT NULL,
    stored_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (provider, query_type, query_value)
);
"""


class LookupCache:
    """Cache of lookup results; ``ttl`` in seconds. ``clock`` is swappable for tests."""

    def __init__(self, path: str | Path, ttl: float = 24 * 3600, clock=time.time):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.ttl = float(ttl)
        self.clock = clock
        with self._connect() as con:
            con.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, provider: str, query_type: str, query_value: str) -> LookupResult | None:
        """The cached answer, marked as such, or None when absent or expired."""
        con = self._connect()
        try:
            row = con.execute(
                "SELECT stored_at, expires_at, result FROM lookup_cache "
                "WHERE provider = ? AND query_type = ? AND query_value = ?",
                (provider, query_type, query_value)).fetchone()
        finally:
            con.close()
        if row is None or row[1] <= self.clock():
            return None
        try:
            result = LookupResult.from_dict(json.loads(row[2]))
        except ValueError:
            return None
        result.from_cache = True
        stored = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(row[0]))
        result.messages.append(f"answered from cache (looked up {stored})")
        return result

    def put(self, result: LookupResult) -> bool:
        """Store ``result`` if its status is worth caching; returns whether it was stored."""
        if result.status not in CACHEABLE or result.from_cache:
            return False
        now = self.clock()
        data = result.to_dict()
        data["from_cache"] = False
        with self._connect() as con:
            con.execute("INSERT OR REPLACE INTO lookup_cache VALUES (?, ?, ?, ?, ?, ?)",
                        (result.provider, result.query_type, result.query_value, now,
                         now + self.ttl, json.dumps(data, ensure_ascii=False)))
        con.close()
        return True

    def delete(self, provider: str, query_type: str, query_value: str) -> None:
        """Forget one answer (a case's erasure takes its lookups with it)."""
        with self._connect() as con:
            con.execute("DELETE FROM lookup_cache WHERE provider = ? AND query_type = ? "
                        "AND query_value = ?", (provider, query_type, query_value))
        con.close()

    def clear(self) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM lookup_cache")
        con.close()
