"""The server side of a session: the case store plus caches keyed by (case id, revision).

A :class:`Workspace` is what the UI talks to. Cases and analyses are immutable per revision,
so caching them by ``(case_id, rev)`` is safe to share between users and threads: a change
always produces a new revision, never an edit in place. One workspace per app instance (not
per module), so two apps in one process never share state.

    >>> import tempfile
    >>> from casegraph.model import Case
    >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
    >>> case = Case(name="Demo")
    >>> _ = case.add_entity("a", "person", "Ash"); _ = case.add_entity("b", "person", "Bay")
    >>> _ = case.add_link("a", "b", "call")
    >>> case_id, rev = ws.import_case(case)
    >>> ws.analysis(case_id, rev).summary["entities"]
    2
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casegraph.model import Case
from casegraph.store import CaseStore, StoreError

log = logging.getLogger(__name__)

COMPACT_AT = 24  # patches deep: a revision is rewritten whole in the background

__all__ = ["Workspace", "StoreError"]


class _LRU:
    """A small thread-safe least-recently-used map.

    A value is made once even when several threads ask for it at the same time (a new
    revision makes every panel ask for its analysis at once): the first caller makes it,
    the others wait for it instead of computing it again beside it.
    """

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def _get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, None

    def peek(self, key: Hashable) -> Any:
        """The value under ``key`` if it is cached (None otherwise); never makes it."""
        return self._get(key)[1]

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        found, value = self._get(key)
        if found:
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        # one lock per key: a slow analysis must not block other cases
        with making:
            found, value = self._get(key)
            if found:
                return value
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                self._items[key] = value
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._making.pop(key, None)
        return value


@dataclass
class Enrichment:
    """What expanding a node needs, one per workspace (see ``Workspace.enrichment``)."""

    registry: Any
    cache: Any
    audit: Any
    jobs: Any


class Workspace:
    """Cases on disk (SQLite) with in-process caches of cases, analyses and positions."""

    def __init__(self, data_dir: str | Path, *, samples: bool = True, cache_size: int = 16):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = CaseStore(self.data_dir / "casegraph.sqlite")
        self._cases = _LRU(cache_size)
        self._analyses = _LRU(cache_size)
        self._derived = _LRU(cache_size * 8)
        self._enrichment: Enrichment | None = None
        self._enrichment_lock = threading.Lock()
        if samples:
            self.ensure_samples()

    # -- cases ------------------------------------------------------------------------------
    def ensure_samples(self) -> None:
        """Store the shipped sample cases that are not in the store yet (first run)."""
        from casegraph.samples import sample_cases

        for spec in sample_cases():
            if self.store.sample_case_id(spec.id) is not None:
                continue
            try:
                case = spec.build()
            except Exception:  # a broken sample must not stop the app from starting
                log.exception("sample case %s could not be built", spec.id)
                continue
            case.meta.setdefault("description", spec.description)
            case.meta.setdefault("attribution", spec.attribution)
            self._complete_positions(case)
            try:
                self.store.create(case, kind="sample", sample_id=spec.id, note="sample case")
            except sqlite3.IntegrityError:
                pass  # another worker stored it first

    def list_cases(self) -> list[dict[str, Any]]:
        return [
            {"case_id": r["case_id"], "name": r["name"], "kind": r["kind"], "rev": r["rev"],
             "nodes": r["nodes"], "links": r["links"], "updated": r["updated"],
             "number": r["number"], "sample_id": r["sample_id"]}
            for r in self.store.list_cases()
        ]

    def default_case_id(self) -> str | None:
        cases = self.store.list_cases()
        return cases[0]["case_id"] if cases else None

    def current_rev(self, case_id: str) -> int:
        return self.store.current_rev(case_id)

    def case(self, case_id: str, rev: int | None = None) -> Case:
        """The case at a revision (the current one when ``rev`` is None). Do not mutate it."""
        rev = rev or self.current_rev(case_id)
        return self._cases.get_or_make((case_id, rev), lambda: self.store.load(case_id, rev))

    def import_case(self, case: Case, kind: str = "upload") -> tuple[str, int]:
        """Store a newly loaded case (positions computed here); returns ``(case_id, rev)``."""
        self._complete_positions(case)
        return self.store.create(case, kind=kind)

    def save_revision(self, case_id: str, case: Case, note: str = "", keep: bool = False,
                      base: int | None = None) -> int:
        """Store ``case`` (a changed copy) as the next revision of ``case_id``.

        ``base``: the revision ``case`` was made from (default: the current one); when that
        revision is cached here, only the difference is written (see ``casegraph.store``).
        ``keep``: also cache ``case`` as that revision, so the panels that read it next do
        not load it back from the store (the caller must not change ``case`` afterwards).
        """
        self._complete_positions(case)
        base = base or self.current_rev(case_id)
        base_case = self._cases.peek((case_id, base))
        rev = self.store.save(case_id, case, note=note,
                              base=(base, base_case) if base_case is not None else None)
        if keep:
            self._cases.get_or_make((case_id, rev), lambda: case)
        if self.store.depth(case_id, rev) >= COMPACT_AT:
            # rewrite it whole in the background, so reading it later stays quick
            threading.Thread(target=self._compact, args=(case_id, rev, case if keep else None),
                             name="compact", daemon=True).start()
        return rev

    def _compact(self, case_id: str, rev: int, case: Case | None) -> None:
        try:
            self.store.compact(case_id, rev, case)
        except Exception:  # the patch chain stays readable; only slower to read
            log.exception("compacting %s revision %s failed", case_id, rev)

    def enrichment(self) -> Enrichment:
        """Lookup providers, lookup cache, audit log and background jobs of this data folder:
        records db ``records.sqlite``, cache ``lookups.sqlite``, audit ``audit.sqlite``."""
        with self._enrichment_lock:
            if self._enrichment is None:
                from casegraph.enrichment import AuditLog, LookupCache, default_registry
                from casegraph.enrichment.jobs import JobRunner

                self._enrichment = Enrichment(
                    registry=default_registry({"data_dir": self.data_dir}),
                    cache=LookupCache(self.data_dir / "lookups.sqlite"),
                    audit=AuditLog(self.data_dir / "audit.sqlite"),
                    jobs=JobRunner())
            return self._enrichment

    def warm_up(self) -> None:
        """Get lookups ready before the first one is asked for: open the enrichment kit and
        let each provider ``prepare()`` (build its database, load its index). Errors are
        logged; a provider that cannot prepare says so again at its first lookup."""
        for provider in self.enrichment().registry:
            prepare = getattr(provider, "prepare", None)
            if prepare is None:
                continue
            try:
                prepare()
            except Exception:
                log.exception("provider %s could not prepare", getattr(provider, "name", "?"))

    # -- derived data ---------------------------------------------------------------------
    def analysis(self, case_id: str, rev: int | None = None):
        """The analysis of a case revision, computed once and cached."""
        from casegraph.analysis import analyse

        rev = rev or self.current_rev(case_id)
        return self._analyses.get_or_make((case_id, rev),
                                          lambda: analyse(self.case(case_id, rev)))

    def derived(self, case_id: str, rev: int | None, name: Hashable,
                make: Callable[[], Any]) -> Any:
        """Anything computed from one case revision (signal scores, time slices, ...), made
        once by ``make()`` and cached under ``(case_id, rev, name)``.

        A revision never changes, so the value stays valid; ``name`` should include every
        parameter the value depends on (``("centrality-by-slice", "degree")``). Do not
        mutate what is returned: it is shared.

        >>> import tempfile
        >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
        >>> ws.derived("c1", 1, "answer", lambda: 42), ws.derived("c1", 1, "answer", lambda: 0)
        (42, 42)
        """
        rev = rev or self.current_rev(case_id)
        return self._derived.get_or_make((case_id, rev, name), make)

    def positions(self, case_id: str, rev: int | None = None) -> dict[str, tuple[float, float]]:
        """Stored node positions of a revision (computed at import, kept with the case)."""
        return self.case(case_id, rev).positions

    @staticmethod
    def _complete_positions(case: Case) -> None:
        """Give every node a stored position; keep the ones it already has."""
        from casegraph.layout import complete_layout

        complete_layout(case)
