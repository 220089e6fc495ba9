"""The server side of a session: the case store plus caches keyed by (case id, revision).

A :class:`Workspace` is what the UI talks to. Cases and analyses are immutable per revision,
so caching them by ``(case_id, rev)`` is safe to share between users and threads: a change
always produces a new revision, never an edit in place. One workspace per app instance (not
per module), so two apps in one process never share state.

A change is made on the revision the user saw and lands on the newest one
(:meth:`Workspace.apply_change`, a three-way merge under the store's write lock): what others
saved meanwhile stays, and a true conflict is reported in the :class:`ChangeResult`, never
dropped silently. :meth:`Workspace.undo` takes back one change the same way.

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

import hashlib
import logging
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from casegraph import db
from casegraph.limits import CaseTooLarge, check_size
from casegraph.merge import MISSING, Conflict, inverse_patch, is_empty, rebase
from casegraph.model import Case, apply_patch, case_json, case_patch, link_count
from casegraph.store import CaseStore, StoreError

log = logging.getLogger(__name__)

ENTITIES, PEOPLE = "entities", "people"  # the two ways of analysing a case (Workspace.analysis)
VIEWS = (PEOPLE, ENTITIES)
# Analyses of revisions this large (entities) are kept in the store: below, analysing again
# takes about a second, less than the write lock a kept copy costs a busy team.
KEEP_ANALYSIS_FROM = 2000
COMPACT_AT = 24  # patches deep: a revision is rewritten whole in the background

__all__ = ["CaseTooLarge", "ChangeResult", "Conflict", "StoreError", "Workspace"]

# workspaces of this process by database (Workspace.key), for background jobs
_OPEN: weakref.WeakValueDictionary[str, Workspace] = weakref.WeakValueDictionary()


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

    def discard(self, matches: Callable[[Hashable], bool]) -> None:
        """Forget every value whose key ``matches``."""
        with self._lock:
            for key in [k for k in self._items if matches(k)]:
                del self._items[key]

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
    tickets: Any
    results: Any = None  # casegraph.enrichment.jobs.KeptRecords


@dataclass
class ChangeResult:
    """What :meth:`Workspace.apply_change` (or :meth:`Workspace.undo`) did.

    ``rev``: the revision now holding the change (the newest revision, unchanged, when the
    change turned out empty). ``rebased``: other changes had been saved after ``base_rev``
    and this one was merged onto them (``others`` lists them). ``conflicts``: what was not
    applied because someone changed it differently meanwhile (their value was kept).
    ``case``: the case at ``rev``.
    """

    rev: int
    conflicts: list[Conflict]
    rebased: bool
    base_rev: int
    parent_rev: int
    changed: bool
    case: Case
    kind: str = ""
    user: str = ""
    others: list[dict[str, Any]] = field(default_factory=list)

    def conflict_lines(self, limit: int = 8) -> list[str]:
        """The conflicts in an analyst's words (for a result card)."""
        lines = [c.describe() for c in self.conflicts[:limit]]
        if len(self.conflicts) > limit:
            lines.append(f"… and {len(self.conflicts) - limit} more")
        return lines


class Workspace:
    """Cases in the app's database with in-process caches of cases, analyses and positions.

    ``database_url``: where cases, revisions, the lookup cache and job tickets live (default
    ``CASEGRAPH_DATABASE_URL``, else SQLite ``casegraph.sqlite`` in ``data_dir``); one
    engine, :attr:`engine`, shared by everything that keeps data.
    """

    def __init__(self, data_dir: str | Path, *, database_url: str | None = None,
                 samples: bool = True, cache_size: int = 16):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = db.database_url(self.data_dir, database_url)
        self.engine = db.engine_for(self.database_url)
        self.store = CaseStore(self.engine)
        # the same key in every process that opens the same database (web workers, job
        # processes, Celery workers): background jobs find their workspace by it
        self.key = hashlib.sha256(self.database_url.encode("utf-8")).hexdigest()[:20]
        self._pid = os.getpid()
        _OPEN[self.key] = self
        self._cases = _LRU(cache_size)
        self._analyses = _LRU(cache_size)
        self._derived = _LRU(cache_size * 8)
        self.keep_analysis_from = KEEP_ANALYSIS_FROM
        self._enrichment: Enrichment | None = None
        self._enrichment_lock = threading.Lock()
        if samples:
            self.ensure_samples()

    @staticmethod
    def opened(key: str) -> Workspace | None:
        """The workspace whose :attr:`key` is ``key`` (None if this process has none).

        In a process forked from the one that opened it (a Dash background job), a new
        workspace on the same database: the parent's caches and locks may have been held
        by one of its threads at the fork.
        """
        ws = _OPEN.get(str(key))
        if ws is not None and ws._pid != os.getpid():
            ws = Workspace(ws.data_dir, database_url=ws.database_url, samples=False)
        return ws

    def close(self) -> None:
        """Close the database connections (the workspace can still be used: they reopen)."""
        self.engine.dispose()

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
            except IntegrityError:
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
        """The newest revision of a case (one indexed read: cheap enough to poll)."""
        return self.store.current_rev(case_id)

    def changes_since(self, case_id: str, rev: int) -> list[dict[str, Any]]:
        """The revisions saved after ``rev``, oldest first: ``{rev, user, kind, note,
        created}``."""
        return self.store.revisions(case_id, after=int(rev))

    def case(self, case_id: str, rev: int | None = None) -> Case:
        """The case at a revision (the current one when ``rev`` is None). Do not mutate it."""
        rev = rev or self.current_rev(case_id)
        return self._cases.get_or_make((case_id, rev), lambda: self.store.load(case_id, rev))

    def _case_in(self, conn, case_id: str, rev: int) -> Case:
        """:meth:`case`, read through ``conn`` (inside the store's write transaction)."""
        return self._cases.get_or_make((case_id, rev),
                                       lambda: self.store.load(case_id, rev, conn))

    def import_case(self, case: Case, kind: str = "upload", *, user: str = "",
                    stage: Callable[[str], None] | None = None) -> tuple[str, int]:
        """Store a newly loaded case (positions computed here); returns ``(case_id, rev)``.
        The case is handed over: it becomes the cached revision (do not change it after).

        ``stage(name)`` is called as the step starts (``"building"``: placing the entities,
        unless the case is laid out cluster by cluster, and storing them), for a progress
        bar; it may raise to stop before anything is stored.

        The case is turned to JSON once, for the store and for its digest
        (:meth:`case_digest`).

        Raises :class:`~casegraph.limits.CaseTooLarge` (nothing stored) when the case
        passes the configured size limits.
        """
        check_size(case.graph.number_of_nodes(), link_count(case.graph), what="This file")
        if stage is not None:
            stage("building")
        self._complete_positions(case)
        raw = case_json(case)
        case_id, rev = self.store.create(case, kind=kind, user=user, raw=raw)
        digest = hashlib.sha256(raw).hexdigest()
        del raw
        # handed over, as a change's case is (apply_change): the figures worked out next
        # need not read back and unpack what was just stored (seconds at 100k entities)
        self._cases.get_or_make((case_id, rev), lambda: case)
        self.derived(case_id, rev, "digest", lambda: digest)
        return case_id, rev

    def case_digest(self, case_id: str, rev: int | None = None) -> str:
        """SHA-256 of a revision's canonical JSON (``casegraph.model.case_json``): the
        digest the record gives of an imported or erased case (kept from the import)."""
        rev = rev or self.current_rev(case_id)
        return self.derived(case_id, rev, "digest", lambda: hashlib.sha256(
            case_json(self.case(case_id, rev))).hexdigest())

    def session(self, actor):
        """This workspace on behalf of ``actor`` (a ``casegraph.access.Actor``): every read
        and change checks access and is audited (``casegraph.session.CaseSession``)."""
        from casegraph.session import CaseSession

        return CaseSession(self, actor)

    def delete_case(self, case_id: str) -> None:
        """Remove a case and everything kept for it: revisions, the lookups cached for it,
        its job tickets and the in-process caches (the caller audits the erasure)."""
        self.store.delete(case_id)
        kit = self.enrichment()
        kit.cache.delete_case(case_id)
        kit.tickets.delete_case(case_id)
        kit.results.delete_case(case_id)
        for cache in (self._cases, self._analyses, self._derived):
            cache.discard(lambda key: key[0] == case_id)

    # -- changes ----------------------------------------------------------------------------
    def apply_change(self, case_id: str, base_rev: int, changed_case: Case, *,
                     note: str = "", kind: str = "edit", user: str = "",
                     keep: bool = True) -> ChangeResult:
        """Apply what changed from revision ``base_rev`` to ``changed_case`` onto the
        NEWEST revision, under the store's write lock (a three-way merge, see
        ``casegraph.merge``), and store the result as the next revision.

        Someone else's change saved after ``base_rev`` stays; a true conflict keeps their
        value and is listed in the result. ``kind`` (expansion, tag, note, rename, merge,
        undo, import, ...) and ``user`` are recorded with the revision. ``keep``: the
        caller hands ``changed_case`` over (it may become the cached revision; do not change
        it afterwards).

        Raises :class:`~casegraph.limits.CaseTooLarge` (nothing stored) when the result
        would pass the size limits, ``StoreError`` for an unknown case or revision.
        """
        self._complete_positions(changed_case)
        base = self.case(case_id, base_rev)
        patch = case_patch(base, changed_case)
        return self._apply(case_id, base_rev, base, patch, changed_case if keep else None,
                           note=note, kind=kind, user=user)

    def undo(self, case_id: str, rev: int, *, user: str = "") -> ChangeResult:
        """Take back exactly the change that made revision ``rev`` (its inverse, merged
        onto the newest revision like any change), even after other people saved on top.
        What they changed since stays; where they changed what the undo would take back,
        their value is kept and reported as a conflict."""
        rev = int(rev)
        if rev <= 1:
            raise StoreError("revision 1 is where the case starts: there is no change to undo")
        before, after = self.case(case_id, rev - 1), self.case(case_id, rev)
        made = next((r for r in self.store.revisions(case_id, after=rev - 1)
                     if r["rev"] == rev), {})
        what = made.get("note") or made.get("kind") or "a change"
        return self._apply(case_id, rev, after, inverse_patch(before, after), before,
                           note=f"undo of revision {rev} ({what})", kind="undo", user=user)

    def save_revision(self, case_id: str, case: Case, note: str = "", keep: bool = False,
                      base: int | None = None, *, kind: str = "edit", user: str = "") -> int:
        """Store ``case`` (a changed copy) as a change made on revision ``base``; returns
        the revision holding it. A thin wrapper over :meth:`apply_change`: pass the
        revision the copy was made from, or changes saved since are taken as undone.

        ``base``: default, the current revision (the copy replaces it).
        """
        base = base or self.current_rev(case_id)
        return self.apply_change(case_id, base, case, note=note, kind=kind, user=user,
                                 keep=keep).rev

    def _apply(self, case_id: str, base_rev: int, base: Case, patch: dict[str, Any],
               mine: Case | None, *, note: str, kind: str, user: str) -> ChangeResult:
        def build(conn, newest: int):
            if newest == base_rev:  # nobody saved meanwhile: the change applies as it is
                theirs, conflicts, forward = base, [], patch
                result = mine if mine is not None else apply_patch(base.copy(), patch)
            else:
                theirs = self._case_in(conn, case_id, newest)
                result, conflicts = rebase(theirs, base, patch)
                self._complete_positions(result)
                forward = case_patch(theirs, result)
            if conflicts:
                _attribute(conflicts, base, self.store.changes(case_id, base_rev, newest, conn))
            if is_empty(forward, theirs):
                return None, None, (theirs, conflicts, newest, False)
            check_size(result.graph.number_of_nodes(), result.graph.number_of_edges())
            return result, forward, (result, conflicts, newest, True)

        rev, (case, conflicts, parent, wrote) = self.store.append(
            case_id, build, note=note, kind=kind, user=user)
        if wrote:
            case = self._cases.get_or_make((case_id, rev), lambda: case)
        others = ([r for r in self.store.revisions(case_id, after=base_rev) if r["rev"] <= parent]
                  if parent > base_rev else [])
        if wrote and self.store.depth(case_id, rev) >= COMPACT_AT:
            # rewrite it whole in the background, so reading it later stays quick
            threading.Thread(target=self._compact, args=(case_id, rev, case),
                             name="compact", daemon=True).start()
        return ChangeResult(rev=rev, conflicts=conflicts, rebased=parent != base_rev,
                            base_rev=base_rev, parent_rev=parent, changed=wrote, case=case,
                            kind=kind, user=user, others=others)

    def _compact(self, case_id: str, rev: int, case: Case | None) -> None:
        try:
            self.store.compact(case_id, rev, case)
        except Exception:  # the patch chain stays readable; only slower to read
            log.exception("compacting %s revision %s failed", case_id, rev)

    def enrichment(self) -> Enrichment:
        """Lookup providers, lookup cache, audit log, job tickets and kept results of this
        workspace: records db ``records.sqlite`` in the data folder, the cache, the tickets
        and the results in the workspace's database; the audit log is the installation's
        one (``casegraph.audit``, see ``casegraph.session.records_for``)."""
        with self._enrichment_lock:
            if self._enrichment is None:
                from casegraph.enrichment import LookupCache, default_registry
                from casegraph.enrichment.jobs import JobTickets, KeptRecords
                from casegraph.session import records_for

                self._enrichment = Enrichment(
                    registry=default_registry({"data_dir": self.data_dir}),
                    cache=LookupCache(self.engine),
                    audit=records_for(self).audit,
                    tickets=JobTickets(self.engine), results=KeptRecords(self.engine))
            return self._enrichment

    def upload_spool(self):
        """Uploaded files waiting for the background job that reads them
        (``casegraph.uploads.UploadSpool``), in this workspace's database, so a job process
        or worker on another machine opening the same database finds them."""
        from casegraph.uploads import UploadSpool

        with self._enrichment_lock:
            spool = self.__dict__.get("_upload_spool")
            if spool is None:
                spool = self.__dict__["_upload_spool"] = UploadSpool(self.engine)
            return spool

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
    def analysis(self, case_id: str, rev: int | None = None, view: str = ENTITIES,
                 stage: Callable[[str], None] | None = None):
        """The analysis of a case revision, computed once, cached and kept in the store
        (a restart reads it back instead of analysing again).

        ``view``: ``"entities"`` analyses the case graph as it is; ``"people"`` its people
        network (:meth:`people`). A case with one kind of entity is a people network
        already: both views are then the same analysis.

        ``stage(name)``: called with ``"clusters"`` then ``"figures"`` when the analysis is
        worked out here (not when cached or kept), for a progress bar; it may raise.
        """
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
        rev = rev or self.current_rev(case_id)
        if view == PEOPLE and self.one_kind(case_id, rev):
            view = ENTITIES
        key = (case_id, rev) if view == ENTITIES else (case_id, rev, view)
        return self._analyses.get_or_make(key, lambda: self._analyse(case_id, rev, view,
                                                                     stage))

    def _analyse(self, case_id: str, rev: int, view: str,
                 stage: Callable[[str], None] | None = None):
        from casegraph.analysis import CaseAnalysis, analyse

        def make():
            if view == PEOPLE:
                net = self.people(case_id, rev)
                return analyse(net.digraph if net.digraph is not None else net.graph,
                               progress=stage)
            return analyse(self.case(case_id, rev), progress=stage)

        # kept under the view's name; a kept analysis is read without reading the case
        return self._read_or_make(case_id, rev, view, make, CaseAnalysis.to_dict,
                                  CaseAnalysis.from_dict)

    def one_kind(self, case_id: str, rev: int | None = None) -> bool:
        """Whether the case has one kind of entity only (then it is its own people network,
        and the people view is the entities view), found without projecting anything."""
        from casegraph.model import default_entity_type

        def make() -> bool:
            default = default_entity_type()
            kinds = {t or default for _, t in self.case(case_id, rev).graph.nodes(data="type")}
            return len(kinds) <= 1

        rev = rev or self.current_rev(case_id)
        # kept: a large case's views are chosen without reading the case (opening it)
        return self.kept(case_id, rev, "one-kind", make, lambda v: {"one_kind": v},
                         lambda d: bool(d["one_kind"]))

    def people(self, case_id: str, rev: int | None = None):
        """The people network of a revision (``casegraph.analysis.people.people_network``),
        cached. Actors tied to no one are left out of its graphs (people known only from
        records say nothing of how the ring is organised)."""
        from casegraph.analysis.people import people_network

        rev = rev or self.current_rev(case_id)
        return self.derived(case_id, rev, "people-network",
                            lambda: people_network(self.case(case_id, rev), isolates=False))

    # -- the two views: what a figure is counted on ------------------------------------------
    def analysed_view(self, case_id: str, rev: int | None = None, view: str = PEOPLE) -> str:
        """The view an analysis asked for in ``view`` runs on: ``"people"`` only for a case
        with several kinds of entity (a one-kind case is its own people network, and its
        people view is the entities view)."""
        if view not in VIEWS:
            raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
        return PEOPLE if view == PEOPLE and not self.one_kind(case_id, rev) else ENTITIES

    def projection(self, case_id: str, rev: int | None = None):
        """The case's links as an undirected simple weighted graph
        (``casegraph.analysis.project``), cached per revision. Do not mutate it."""
        from casegraph.analysis import project

        rev = rev or self.current_rev(case_id)
        return self.derived(case_id, rev, "projection",
                            lambda: project(self.case(case_id, rev).graph))

    def network(self, case_id: str, rev: int | None = None, view: str = PEOPLE):
        """The undirected simple weighted graph the analysis in ``view`` runs on: the people
        network's ties, or the case's links projected (:meth:`projection`). Cached; do not
        mutate it."""
        if self.analysed_view(case_id, rev, view) == PEOPLE:
            return self.people(case_id, rev).graph
        return self.projection(case_id, rev)

    def cluster_verdict(self, case_id: str, rev: int | None, cluster: int,
                        view: str = PEOPLE):
        """The structure verdict of one cluster (``cluster``: its number, 0 = largest) of the
        analysis in ``view``, judged on the graph that view analyses (the people network,
        or the case). Worked out when first asked and cached per revision and view.

        Examples
        --------
        >>> import tempfile
        >>> from casegraph.model import Case
        >>> case = Case(name="two rings")
        >>> for n in range(8):
        ...     _ = case.add_entity(f"p{n}", "person", f"P{n}")
        >>> for a, b in [(0, 1), (0, 2), (0, 3), (4, 5), (5, 6), (6, 7), (7, 4), (3, 4)]:
        ...     _ = case.add_link(f"p{a}", f"p{b}", "call")
        >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
        >>> case_id, rev = ws.import_case(case)
        >>> ws.cluster_verdict(case_id, rev, 0).label == ws.cluster_verdict(case_id, rev, 0,
        ...                                                                 ENTITIES).label
        True
        """
        from casegraph.analysis import cluster_verdict

        rev = rev or self.current_rev(case_id)
        analysed = self.analysed_view(case_id, rev, view)
        analysis = self.analysis(case_id, rev, analysed)
        graph = (self.people(case_id, rev).graph if analysed == PEOPLE
                 else self.case(case_id, rev).graph)
        return self.derived(case_id, rev, ("cluster-verdict", int(cluster), analysed),
                            lambda: cluster_verdict(analysis, int(cluster), graph=graph))

    def ranked_analysis(self, case_id: str, rev: int | None = None, view: str = ENTITIES):
        """:meth:`analysis` with the slang signal score as one more ranked measure
        (``casegraph.analysis.with_measure``) when the case holds posts, so that hub rings,
        the hubs table and the concentric layout treat every size measure alike; the
        analysis itself otherwise. Cached per revision and view."""
        from casegraph.analysis import with_measure
        from casegraph.elements import SIGNAL_MEASURE, signal_values

        rev = rev or self.current_rev(case_id)
        view = self.analysed_view(case_id, rev, view)

        def make():
            analysis = self.analysis(case_id, rev, view)
            values = signal_values(self.case(case_id, rev))
            return analysis if values is None else with_measure(analysis, SIGNAL_MEASURE, values)

        return self.derived(case_id, rev, ("ranked-analysis", view), make)

    def member_label(self, case_id: str, rev: int | None, node: Any,
                     view: str = PEOPLE) -> str:
        """The name of a member of the network analysed in ``view``: the people network's
        label (an unattributed account or phone says so), else the case's, else the id."""
        if self.analysed_view(case_id, rev, view) == PEOPLE:
            graph = self.people(case_id, rev).graph
            if node in graph:
                return str(graph.nodes[node].get("label", node))
        graph = self.case(case_id, rev).graph
        return str(graph.nodes[node].get("label", node)) if node in graph else str(node)

    def view_figures(self, case_id: str, rev: int | None = None,
                     view: str = PEOPLE) -> dict[str, Any]:
        """What the figures of ``view`` are counted on: ``view`` (the analysed view),
        ``members`` (the case's entities, or the actors in contact), ``ties`` (the links
        recorded, or the ties between actors), ``unattributed`` (actors that are accounts
        or phones nobody is attributed to; 0 in the entities view) and ``one_kind``."""
        analysed = self.analysed_view(case_id, rev, view)
        if analysed == ENTITIES:
            graph = self.case(case_id, rev).graph
            return {"view": ENTITIES, "members": graph.number_of_nodes(),
                    "ties": graph.number_of_edges(), "unattributed": 0,
                    "one_kind": self.one_kind(case_id, rev)}
        net = self.people(case_id, rev)
        unattributed = sum(1 for node in net.graph if net.actors[node].kind != "person")
        return {"view": PEOPLE, "members": net.graph.number_of_nodes(),
                "ties": net.graph.number_of_edges(), "unattributed": unattributed,
                "one_kind": False}

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

    def kept(self, case_id: str, rev: int | None, name: str, make: Callable[[], Any],
             pack: Callable[[Any], Any] | None = None,
             unpack: Callable[[Any], Any] | None = None) -> Any:
        """:meth:`derived`, also kept in the store with the revision (the ``analyses``
        table, under ``name``, at most 16 characters) when the case has
        ``keep_analysis_from`` entities or more: a restarted server reads it back instead
        of reading the case to make it again.

        ``make()`` gives plain data (or ``pack`` turns it into plain data, and ``unpack``
        back). What cannot be read back is made again; what cannot be kept is still
        returned.

        >>> import tempfile
        >>> from casegraph.model import Case
        >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
        >>> ws.keep_analysis_from = 0  # keep whatever the size
        >>> case_id, rev = ws.import_case(Case(name="Demo"))
        >>> ws.kept(case_id, rev, "answer", lambda: {"n": 42})
        {'n': 42}
        >>> Workspace(ws.data_dir, samples=False).kept(case_id, rev, "answer", lambda: 0)
        {'n': 42}
        """
        rev = rev or self.current_rev(case_id)
        return self.derived(case_id, rev, ("kept", name),
                            lambda: self._read_or_make(case_id, rev, name, make, pack, unpack))

    def _read_or_make(self, case_id: str, rev: int, name: str, make: Callable[[], Any],
                      pack: Callable[[Any], Any] | None = None,
                      unpack: Callable[[Any], Any] | None = None) -> Any:
        """What is kept under ``name`` with the revision, or ``make()``, then kept there
        when the case has ``keep_analysis_from`` entities or more (a kept value is read
        without reading the case)."""
        try:
            data = self.store.load_analysis(case_id, rev, name)
            if data is not None:
                return unpack(data) if unpack is not None else data
        except Exception:  # unreadable, or from an older release: made again
            log.exception("kept %s of %s rev %s not read", name, case_id, rev)
        value = make()
        try:
            if self.entity_count(case_id, rev) >= self.keep_analysis_from:
                self.store.save_analysis(case_id, rev, name,
                                         pack(value) if pack is not None else value)
        except Exception:  # keeping it saves time later; failing loses nothing
            log.exception("kept %s of %s rev %s not stored", name, case_id, rev)
        return value

    def entity_count(self, case_id: str, rev: int | None = None) -> int:
        """How many entities a revision holds; the current revision's is read from the
        case's row, without reading the case."""
        info = self.store.info(case_id)
        if rev is None or int(rev) == int(info["rev"]):
            return int(info["nodes"])
        return self.case(case_id, rev).graph.number_of_nodes()

    def positions(self, case_id: str, rev: int | None = None) -> dict[str, tuple[float, float]]:
        """Stored node positions of a revision (computed at import, kept with the case; a
        large case's made cluster by cluster and kept, :mod:`casegraph.largelayout`)."""
        from casegraph import largelayout

        case = self.case(case_id, rev)
        if largelayout.is_deferred(case):
            return largelayout.all_positions(self, case_id, rev or self.current_rev(case_id))
        return case.positions

    def overview_positions(self, case_id: str, rev: int | None = None, opened: Any = ()
                           ) -> tuple[dict[str, tuple[float, float]],
                                      dict[int, tuple[float, float]] | None]:
        """``(positions, bubble centres)`` for the cluster overview with the clusters
        ``opened``: the clusters placed in regions that do not overlap and the opened
        clusters' entities laid out inside theirs (each made once and kept,
        :mod:`casegraph.largelayout`), for a large case laid out cluster by cluster and for
        one laid out here entity by entity (whose clusters' members may be mingled all over
        the picture: drawn where they are stored, an opened cluster would cover the
        others). A case whose positions came with its file (``layout.adopt_positions``) or
        were stored by an older version keeps them: its stored positions and None (the
        bubbles start amid their members, ``elements.spread_bubbles``)."""
        from casegraph import largelayout
        from casegraph.layout import META_KEY, is_pixel_layout

        rev = rev or self.current_rev(case_id)
        case = self.case(case_id, rev)
        from_file = (case.meta.get(META_KEY) or {}).get("name") == "file"
        if largelayout.is_deferred(case) or (is_pixel_layout(case) and not from_file):
            return largelayout.overview_positions(self, case_id, rev, opened)
        return self.positions(case_id, rev), None

    @staticmethod
    def _complete_positions(case: Case) -> None:
        """Give every node a stored position; keep the ones it already has."""
        from casegraph.layout import complete_layout

        complete_layout(case)


def _attribute(conflicts: list[Conflict], base: Case, changes: list[dict[str, Any]]) -> None:
    """Fill in who made the value each conflict kept, from the changes saved after
    ``base``: the last change that set it to a new value."""
    for conflict in conflicts:
        value = _value_in_case(conflict, base)
        for change in changes:
            patch = change.get("patch")
            if patch is None:
                continue
            found, new = _value_in_patch(conflict, patch)
            if found and (new is _ANY or new != value):
                conflict.by, conflict.rev = change["user"] or "someone", change["rev"]
                value = new


_ANY = object()  # "changed, whatever to" (a whole link, the layout)


def _value_in_case(conflict: Conflict, case: Case) -> Any:
    attr = conflict.attribute.split(".")
    if conflict.where == "case":
        if attr[0] == "meta":
            return case.meta.get(attr[1], MISSING) if len(attr) > 1 else case.meta
        return getattr(case, attr[0], MISSING)
    if conflict.where == "node" and conflict.entity in case.graph:
        data = case.graph.nodes[conflict.entity]
        return data.get(attr[0], MISSING) if attr[0] else data
    return MISSING


def _value_in_patch(conflict: Conflict, patch: dict[str, Any]) -> tuple[bool, Any]:
    """``(whether patch sets what the conflict is about, the value it sets)``."""
    attr = conflict.attribute.split(".")
    if conflict.where == "case":
        if attr[0] == "positions":
            return bool(patch.get("positions_set")), _ANY
        if attr[0] == "meta":
            meta = patch.get("meta") or {}
            return "meta" in patch, meta.get(attr[1], MISSING) if len(attr) > 1 else meta
        return attr[0] in patch, patch.get(attr[0])
    if conflict.where == "node":
        node = conflict.entity
        if any(str(n) == node for n in patch.get("nodes_del", [])):
            return True, MISSING
        entry = next((e for e in patch.get("nodes_set", []) if str(e["id"]) == node), None)
        if entry is None:
            return False, None
        data = {k: v for k, v in entry.items() if k != "id"}
        return True, data.get(attr[0], MISSING) if attr[0] else data
    touched = any(f"{u} -> {v} [{k}]" == conflict.entity for u, v, k in patch.get("links_del", []))
    touched = touched or any(f"{e['source']} -> {e['target']} [{e['key']}]" == conflict.entity
                             for e in patch.get("links_set", []))
    return touched, _ANY

