"""The workspace as one user sees it: every read and change checks access and is recorded.

``Workspace.session(actor)`` returns a :class:`CaseSession` bound to an authenticated
:class:`~casegraph.access.Actor`. It offers what the panels use (``case``, ``analysis`` and
what the two views count on: ``ranked_analysis``, ``network``, ``member_label``,
``view_figures``; ``derived``, ``positions``, ``current_rev``, ``list_cases``,
``import_case``, ``save_revision``, lookups, exports, sharing, erasure) and, before it
answers, checks the actor's access (``casegraph.access``) and writes the audit entry
(``casegraph.audit``). A refusal raises :class:`~casegraph.access.Refused` and is itself
recorded; when the audit cannot be written the action is refused
(:class:`~casegraph.audit.AuditUnavailable`).

    >>> import tempfile
    >>> from casegraph.access import Actor, Refused
    >>> from casegraph.model import Case
    >>> from casegraph.workspace import Workspace
    >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
    >>> ana, bob = ws.session(Actor("ana", "analyst")), ws.session(Actor("bob", "analyst"))
    >>> case_id, rev = ana.import_case(Case(name="Op Demo"))
    >>> [c["name"] for c in ana.list_cases()], bob.list_cases()
    (['Op Demo'], [])
    >>> try:
    ...     bob.case(case_id)
    ... except Refused as exc:
    ...     print(exc)
    Refused: you may not open this case (the case is not shared with you).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from casegraph import audit as A
from casegraph.access import ACTION_WORDS, AccessDenied, Actor, CaseAccess, Refused, valid_date
from casegraph.audit import AuditLog, AuditUnavailable, verify
from casegraph.db import database_url, engine_for
from casegraph.mapping_presets import AuditedPresets, DbPresetStore
from casegraph.model import Case, case_json, case_patch, link_count
from casegraph.redaction import FULL, KEEP_DIGITS_SETTING, REDACTED, RedactionProfile
from casegraph.users import UserStore
from casegraph.workspace import ENTITIES, PEOPLE

log = logging.getLogger(__name__)

CONSULT_EVERY_S = 30 * 60  # reads of a case within this time after it was opened: one record
SYSTEM = Actor("casegraph", "admin")  # the server itself (first-run samples, maintenance)


class Records:
    """What a workspace needs to be accountable: the database engine, the audit log, case
    access and user accounts. One per workspace (see :func:`records_for`)."""

    def __init__(self, ws: Any):
        self.engine = getattr(ws, "engine", None) or engine_for(database_url(ws.data_dir))
        # without its key or its tables the log reads BROKEN and refuses to record
        self.audit = AuditLog(self.engine, key_dir=ws.data_dir)
        if self.audit.problem:
            log.error("audit log: %s", self.audit.problem)
        self.access = CaseAccess(self.engine)
        self.users = UserStore(self.engine)
        self.presets = DbPresetStore(self.engine)
        self._consulted: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def recently_consulted(self, user: str, case_id: str) -> bool:
        with self._lock:
            at = self._consulted.get((user, case_id))
            return at is not None and time.monotonic() - at < CONSULT_EVERY_S

    def consulted(self, user: str, case_id: str) -> None:
        with self._lock:
            self._consulted[(user, case_id)] = time.monotonic()

    def forget_case(self, case_id: str) -> None:
        with self._lock:
            for key in [k for k in self._consulted if k[1] == case_id]:
                del self._consulted[key]


_records_lock = threading.Lock()


def session_for(ws: Any, user: str) -> CaseSession:
    """``ws`` on behalf of the account ``user`` with its role as it is now (a background
    job acts for whoever asked, with their current access). Refused for an unknown or
    disabled account."""
    account = records_for(ws).users.get(str(user or ""))
    if account is None or account.disabled:
        raise AccessDenied(f"Refused: there is no active account {user!r}.", action="login")
    return CaseSession(ws, account.actor)


def records_for(ws: Any) -> Records:
    """The :class:`Records` of a workspace, made on first use."""
    with _records_lock:
        found = ws.__dict__.get("_records")
        if found is None:
            found = ws.__dict__["_records"] = Records(ws)
        return found


@dataclass
class Export:
    """A file to hand out: name, bytes, MIME type."""

    filename: str
    data: bytes
    mime: str


def change_summary(old: Case | None, new: Case) -> dict[str, Any]:
    """What a revision changed, in counts and a few names (for the audit)."""
    if old is None:
        return {"whole": True, "entities": new.graph.number_of_nodes(),
                "links": new.graph.number_of_edges()}
    patch = case_patch(old, new)
    added = [n["id"] for n in patch["nodes_set"] if n["id"] not in old.graph]
    changed = [n["id"] for n in patch["nodes_set"] if n["id"] in old.graph]
    old_links = {(u, v, k) for u, v, k in old.graph.edges(keys=True)}
    links_added = sum(1 for e in patch["links_set"]
                      if (e["source"], e["target"], e["key"]) not in old_links)
    meta = sorted(k for k in set(old.meta) | set(new.meta)
                  if old.meta.get(k) != new.meta.get(k))
    out: dict[str, Any] = {
        "entities_added": len(added), "entities_changed": len(changed),
        "entities_removed": len(patch["nodes_del"]), "links_added": links_added,
        "links_changed": len(patch["links_set"]) - links_added,
        "links_removed": len(patch["links_del"]), "positions_moved": len(patch["positions_set"]),
        "details_changed": meta}
    if added:
        out["added"] = [str(n) for n in added[:20]]
    if old.name != new.name:
        out["renamed"] = [old.name, new.name]
    return out


def case_digest(case: Case) -> str:
    """SHA-256 of the case's canonical JSON (``casegraph.model.case_json``; the same as
    ``Workspace.case_digest`` of a stored revision)."""
    return hashlib.sha256(case_json(case)).hexdigest()


class LookupKit:
    """Lookups for one case on behalf of one actor: providers, the case's lookup cache
    (whose new entries are kept only once the lookup is recorded), an audit writer that
    records the actor, and the job tickets."""

    def __init__(self, session: CaseSession, case_id: str, number: str):
        kit = session._ws.enrichment()
        self.registry = kit.registry
        self.tickets = kit.tickets
        self.cache = _RecordedCache(kit.cache.for_case(case_id))
        self.audit = _LookupAudit(session, case_id, number, self.cache)


class _RecordedCache:
    """The lookup cache, but an answer is stored only after its audit row is written."""

    def __init__(self, cache: Any):
        self._cache = cache
        self._pending: list[Any] = []
        self._lock = threading.Lock()

    def get(self, *args):
        return self._cache.get(*args)

    def for_case(self, _case_id: str) -> _RecordedCache:
        return self  # made for its case already (LookupKit)

    def put(self, result) -> bool:
        with self._lock:
            self._pending.append(result)
        return True

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        for result in pending:
            self._cache.put(result)

    def drop(self) -> None:
        with self._lock:
            self._pending.clear()


class _LookupAudit:
    """``record(...)`` as ``casegraph.enrichment.expand`` calls it, written under the
    session's actor (never the name a lookup context carries)."""

    def __init__(self, session: CaseSession, case_id: str, number: str,
                 cache: _RecordedCache):
        self._session, self._case_id, self._number, self._cache = session, case_id, number, cache

    def record(self, *, user: str = "", case_number: str = "", purpose: str = "", **fields):
        actor = self._session.actor
        try:
            row = self._session._records.audit.record(
                user=actor.user, role=actor.role, case_id=self._case_id,
                case_number=case_number or self._number, purpose=purpose, **fields)
        except AuditUnavailable:
            self._cache.drop()
            raise
        self._cache.flush()
        return row


class CaseSession:
    """The workspace on behalf of one actor. Cheap to make: one per request is fine."""

    def __init__(self, ws: Any, actor: Actor):
        self._ws = ws
        self.actor = actor
        self._records = records_for(ws)
        self._decided: dict[tuple[str, str], str | None] = {}

    # -- who -----------------------------------------------------------------------------------
    @property
    def user(self) -> str:
        return self.actor.user

    @property
    def role(self) -> str:
        return self.actor.role

    @property
    def data_dir(self):
        return self._ws.data_dir

    @property
    def key(self) -> str:
        """The workspace's key (background jobs find their workspace by it)."""
        return self._ws.key

    def can(self, action: str, case_id: str | None = None) -> bool:
        """Whether the actor may do ``action`` (on ``case_id``); never records anything."""
        if case_id is None:
            return self.actor.may(action)
        return self._decision(action, case_id) is None

    # -- access and the record -----------------------------------------------------------------
    def _access_info(self, case_id: str) -> dict[str, Any] | None:
        access = self._records.access
        info = access.info(case_id)
        if info is None:  # a sample stored before access was recorded: readable by all
            try:
                stored = self._ws.store.info(case_id)
            except Exception:
                return None
            if stored.get("kind") == "sample":
                access.register(case_id, owner="", sample=True)
                info = access.info(case_id)
        return info

    def _decision(self, action: str, case_id: str) -> str | None:
        key = (action, case_id)
        if key not in self._decided:
            info = self._access_info(case_id)
            if info is None and not self._stored(case_id):  # erased, or never was
                self._decided[key] = "there is no such case (it may have been erased)"
            else:
                self._decided[key] = CaseAccess.decide(self.actor, action, info)
        return self._decided[key]

    def _stored(self, case_id: str) -> bool:
        try:
            self._ws.store.info(case_id)
        except Exception:
            return False
        return True

    def _record(self, action: str, case_id: str = "", *, case_number: str = "",
                justification: str = "", status: str = "ok", **details: Any) -> int:
        return self._records.audit.write(
            action, user=self.actor.user, role=self.actor.role, case_id=case_id,
            case_number=case_number, justification=justification, status=status,
            details=details)

    def refuse(self, what: str, reason: str, case_id: str = "",
               cls: type[Refused] = AccessDenied) -> Refused:
        """Record a refusal and return the exception to raise."""
        try:
            self._record(A.REFUSED, case_id, status="refused", attempted=what, reason=reason)
        except AuditUnavailable:
            log.error("refusal of %s to %s not recorded (audit unavailable)", what,
                      self.actor.user)
        words = ACTION_WORDS.get(what, what)
        target = " this case" if case_id else ""
        return cls(f"Refused: you may not {words}{target} ({reason}).", action=what,
                   case_id=case_id)

    def require(self, action: str, case_id: str | None = None) -> None:
        """Raise (and record) a refusal unless the actor may do ``action`` (on ``case_id``)."""
        if case_id is None:
            if not self.actor.may(action):
                raise self.refuse(action, f"your role is {self.actor.role}")
            return
        reason = self._decision(action, case_id)
        if reason is not None:
            raise self.refuse(action, reason, case_id)

    def _read(self, case_id: str) -> None:
        self.require("read", case_id)
        if not self._records.recently_consulted(self.actor.user, case_id):
            self._consult(case_id, via="read")

    def _consult(self, case_id: str, via: str) -> None:
        self._record(A.CONSULT, case_id, case_number=self._number_of(case_id), via=via)
        self._records.consulted(self.actor.user, case_id)

    def _number_of(self, case_id: str) -> str:
        try:
            return str(self._ws.store.info(case_id).get("number") or "")
        except Exception:
            return ""

    # -- reading cases -------------------------------------------------------------------------
    def list_cases(self) -> list[dict[str, Any]]:
        """The cases the actor may open, with owner, team and review date."""
        cases = self._ws.list_cases()
        access = self._records.access
        info = access.all_info()
        for item in cases:
            if item["case_id"] not in info and item.get("kind") == "sample":
                access.register(item["case_id"], owner="", sample=True)
                info[item["case_id"]] = access.info(item["case_id"])
        out = []
        for item in cases:
            found = info.get(item["case_id"])
            if CaseAccess.decide(self.actor, "read", found) is None:
                out.append({**item, "owner": (found or {}).get("owner", ""),
                            "team": (found or {}).get("team", []),
                            "review_date": (found or {}).get("review_date", "")})
        return out

    def default_case_id(self) -> str | None:
        cases = self.list_cases()
        return cases[0]["case_id"] if cases else None

    def open_case(self, case_id: str) -> int:
        """Open a case (the case picker, a reopen): recorded as a consultation every time;
        returns its current revision."""
        self.require("read", case_id)
        self._consult(case_id, via="open")
        return self._ws.current_rev(case_id)

    def current_rev(self, case_id: str) -> int:
        self._read(case_id)
        return self._ws.current_rev(case_id)

    def case(self, case_id: str, rev: int | None = None) -> Case:
        self._read(case_id)
        return self._ws.case(case_id, rev)

    def analysis(self, case_id: str, rev: int | None = None, view: str = ENTITIES,
                 stage: Callable[[str], None] | None = None):
        self._read(case_id)
        return self._ws.analysis(case_id, rev, view, stage)

    def people(self, case_id: str, rev: int | None = None):
        self._read(case_id)
        return self._ws.people(case_id, rev)

    def one_kind(self, case_id: str, rev: int | None = None) -> bool:
        self._read(case_id)
        return self._ws.one_kind(case_id, rev)

    def analysed_view(self, case_id: str, rev: int | None = None, view: str = PEOPLE) -> str:
        self._read(case_id)
        return self._ws.analysed_view(case_id, rev, view)

    def projection(self, case_id: str, rev: int | None = None):
        self._read(case_id)
        return self._ws.projection(case_id, rev)

    def network(self, case_id: str, rev: int | None = None, view: str = PEOPLE):
        self._read(case_id)
        return self._ws.network(case_id, rev, view)

    def cluster_verdict(self, case_id: str, rev: int | None, cluster: int,
                        view: str = PEOPLE):
        self._read(case_id)
        return self._ws.cluster_verdict(case_id, rev, cluster, view)

    def ranked_analysis(self, case_id: str, rev: int | None = None, view: str = ENTITIES):
        self._read(case_id)
        return self._ws.ranked_analysis(case_id, rev, view)

    def member_label(self, case_id: str, rev: int | None, node: Any,
                     view: str = PEOPLE) -> str:
        self._read(case_id)
        return self._ws.member_label(case_id, rev, node, view)

    def view_figures(self, case_id: str, rev: int | None = None,
                     view: str = PEOPLE) -> dict[str, Any]:
        self._read(case_id)
        return self._ws.view_figures(case_id, rev, view)

    def derived(self, case_id: str, rev: int | None, name: Hashable,
                make: Callable[[], Any]) -> Any:
        self._read(case_id)
        return self._ws.derived(case_id, rev, name, make)

    def kept(self, case_id: str, rev: int | None, name: str, make: Callable[[], Any],
             pack: Callable[[Any], Any] | None = None,
             unpack: Callable[[Any], Any] | None = None) -> Any:
        self._read(case_id)
        return self._ws.kept(case_id, rev, name, make, pack, unpack)

    def entity_count(self, case_id: str, rev: int | None = None) -> int:
        self._read(case_id)
        return self._ws.entity_count(case_id, rev)

    def positions(self, case_id: str, rev: int | None = None):
        self._read(case_id)
        return self._ws.positions(case_id, rev)

    def overview_positions(self, case_id: str, rev: int | None = None, opened=()):
        self._read(case_id)
        return self._ws.overview_positions(case_id, rev, opened)

    def case_info(self, case_id: str) -> dict[str, Any]:
        """The stored facts of a case (name, number, kind, revision, sizes, dates) with its
        owner, team and review date."""
        self._read(case_id)
        info = dict(self._ws.store.info(case_id))
        found = self._access_info(case_id) or {}
        info.update(owner=found.get("owner", ""), team=found.get("team", []),
                    review_date=found.get("review_date", ""),
                    sample=bool(found.get("sample")))
        return info

    def revisions(self, case_id: str) -> list[dict[str, Any]]:
        self._read(case_id)
        return self._ws.store.revisions(case_id)

    # -- changing cases ------------------------------------------------------------------------
    def require_collect(self) -> None:
        """Refused unless the actor may create cases and the record can be written (checked
        before an upload is taken at all)."""
        self.require("create")
        self._records.audit.check_writable()

    def import_case(self, case: Case, kind: str = "upload", *, source: str = "",
                    user: str = "", stage: Callable[[str], None] | None = None
                    ) -> tuple[str, int]:
        """Store a new case owned by the actor (collection); returns ``(case_id, rev)``.
        The record is written before the answer; when it cannot be, the case is removed
        again and the import refused. ``stage``: see ``Workspace.import_case``."""
        self.require("create")
        self._records.audit.check_writable()
        case_id, rev = self._ws.import_case(case, kind=kind, user=self.actor.user, stage=stage)
        try:
            self._record(A.COLLECT, case_id,
                         case_number=str(case.meta.get("case_number") or ""), kind=kind,
                         name=case.name, source=source or str(case.meta.get("source") or ""),
                         entities=case.graph.number_of_nodes(),
                         links=link_count(case.graph),
                         sha256=self._ws.case_digest(case_id, rev))
        except AuditUnavailable:
            self._ws.delete_case(case_id)
            raise
        self._records.access.register(case_id, owner=self.actor.user)
        self._records.consulted(self.actor.user, case_id)
        return case_id, rev

    def _record_change(self, case_id: str, base_rev: int, case: Case, note: str,
                       kind: str) -> None:
        try:
            old = self._ws.case(case_id, base_rev)
        except Exception:
            old = None
        self._record(A.ALTER, case_id, case_number=str(case.meta.get("case_number") or ""),
                     note=note, kind=kind, base_rev=base_rev, changes=change_summary(old, case))

    def apply_change(self, case_id: str, base_rev: int, changed_case: Case, *,
                     note: str = "", kind: str = "edit", user: str = "", keep: bool = True):
        """A change made on revision ``base_rev``, merged onto the newest revision
        (``Workspace.apply_change``); recorded as an alteration with what it changed, under
        the actor (``user`` is ignored: the revision names the logged-in user)."""
        self.require("edit", case_id)
        self._record_change(case_id, base_rev, changed_case, note, kind)
        return self._ws.apply_change(case_id, base_rev, changed_case, note=note, kind=kind,
                                     user=self.actor.user, keep=keep)

    def undo(self, case_id: str, rev: int, *, user: str = ""):
        """Take back the change that made revision ``rev`` (recorded as an alteration)."""
        self.require("edit", case_id)
        self._record(A.ALTER, case_id, case_number=self._number_of(case_id),
                     note=f"undo of revision {rev}", kind="undo", base_rev=int(rev))
        return self._ws.undo(case_id, rev, user=self.actor.user)

    def save_revision(self, case_id: str, case: Case, note: str = "", keep: bool = False,
                      base: int | None = None, *, kind: str = "edit", user: str = "") -> int:
        """Store ``case`` as a change made on revision ``base`` (default: the current one);
        returns the revision holding it."""
        self.require("edit", case_id)
        base = base or self._ws.current_rev(case_id)
        self._record_change(case_id, base, case, note, kind)
        return self._ws.save_revision(case_id, case, note=note, keep=keep, base=base,
                                      kind=kind, user=self.actor.user)

    def changes_since(self, case_id: str, rev: int) -> list[dict[str, Any]]:
        self._read(case_id)
        return self._ws.changes_since(case_id, rev)

    # -- lookups -------------------------------------------------------------------------------
    def enrichment(self) -> Any:
        """The providers and the job runner (no cache or audit: lookups go through
        :meth:`lookup_kit`, which records them under this actor)."""
        kit = self._ws.enrichment()
        return _ReadOnlyKit(kit.registry, kit.tickets, kit.results)

    def upload_spool(self) -> Any:
        """Where an upload's files wait for its job (``Workspace.upload_spool``); refused
        unless the actor may create cases."""
        self.require("create")
        return self._ws.upload_spool()

    def lookup_kit(self, case_id: str) -> LookupKit:
        """What ``expand`` needs to look entities of ``case_id`` up as this actor. Refused
        unless the actor may run lookups on the case and the audit can be written."""
        self.require("lookup", case_id)
        self._records.audit.check_writable()
        return LookupKit(self, case_id, self._number_of(case_id))

    # -- disclosure ----------------------------------------------------------------------------
    def redaction(self, requested: str | None = None) -> RedactionProfile:
        """The redaction profile the actor gets: what was asked for, except that a user who
        may not export unredacted data always gets the redacted profile."""
        digits = self._records.access.setting(KEEP_DIGITS_SETTING, "0")
        keep = int(digits) if digits.isdigit() else 0
        may_full = self.actor.may("export_unredacted")
        wants_full = requested == FULL or requested is None
        return RedactionProfile(FULL if wants_full and may_full else REDACTED, keep)

    def disclose(self, case_id: str | None, kind: str, make: Callable[[], Export | None], *,
                 profile: RedactionProfile, recipient: str = "",
                 own: bool = False) -> Export | None:
        """Make an export (``make()``) and record its disclosure (format, file, size,
        SHA-256, redaction, stated recipient or purpose) before handing it out.

        ``case_id`` None: an export of the audit log itself, of everything (admins) or, with
        ``own``, of the actor's own actions."""
        if case_id:
            self.require("export", case_id)
        elif not own:
            self.require("audit_all")
        if not profile.active and not self.actor.may("export_unredacted"):
            raise self.refuse("export_unredacted", f"your role is {self.actor.role}",
                              case_id or "")
        self._records.audit.check_writable()
        out = make()
        if out is None:
            return None
        self._record(A.DISCLOSE, case_id or "", justification=str(recipient or "")[:500],
                     case_number=self._number_of(case_id) if case_id else "",
                     format=kind, filename=out.filename, bytes=len(out.data),
                     sha256=hashlib.sha256(out.data).hexdigest(), redaction=profile.name,
                     keep_digits=profile.keep_digits)
        return out

    # -- column-mapping presets ---------------------------------------------------------------
    def mapping_presets(self) -> AuditedPresets:
        """The installation's own column-mapping presets (``casegraph.io.presets`` adds the
        shipped ones); saving one needs the right to create cases and is recorded."""
        return AuditedPresets(self._records.presets, self)

    # -- sharing and retention -----------------------------------------------------------------
    def share(self, case_id: str, user: str) -> None:
        """Add ``user`` to the case's team (owner or admin)."""
        self.require("share", case_id)
        target = self._records.users.get(str(user).strip())
        if target is None or target.disabled:
            raise Refused(f"There is no active user {user!r}.", action="share",
                          case_id=case_id)
        self._record(A.SHARE, case_id, case_number=self._number_of(case_id),
                     with_user=target.name, role=target.role, change="added")
        self._records.access.share(case_id, target.name, by=self.actor.user)

    def unshare(self, case_id: str, user: str) -> None:
        self.require("share", case_id)
        self._record(A.SHARE, case_id, case_number=self._number_of(case_id),
                     with_user=str(user), change="removed")
        self._records.access.unshare(case_id, str(user))

    def set_review_date(self, case_id: str, date: str) -> str:
        """Set the date by which the case must be reviewed (owner or admin)."""
        self.require("share", case_id)
        day = valid_date(date)
        if day is None:
            raise Refused("A review date is written YYYY-MM-DD.", action="retention",
                          case_id=case_id)
        self._record(A.SETTING, case_id, case_number=self._number_of(case_id),
                     setting="review_date", value=day)
        self._records.access.set_review_date(case_id, day)
        return day

    def cases_past_review(self) -> list[dict[str, Any]]:
        """Cases whose review date has come (admins)."""
        self.require("retention")
        names = {c["case_id"]: c for c in self._ws.list_cases()}
        return [{**row, "name": names.get(row["case_id"], {}).get("name", "?"),
                 "number": names.get(row["case_id"], {}).get("number")}
                for row in self._records.access.past_review() if row["case_id"] in names]

    def erase(self, case_id: str, reason: str) -> dict[str, Any]:
        """Erase a case (owner or admin, with a reason): its revisions, its lookup-cache rows
        and derived caches go; the audit keeps one record with a hash of what was erased."""
        reason = " ".join(str(reason or "").split())
        if not reason:
            raise Refused("Say why the case is erased (the reason is recorded).",
                          action="erase", case_id=case_id)
        self.require("erase", case_id)
        ws = self._ws
        info = dict(ws.store.info(case_id))
        revisions = ws.store.revisions(case_id)
        current = ws.store.load(case_id)
        digest = hashlib.sha256()
        digest.update(json.dumps(revisions, sort_keys=True, default=str).encode())
        digest.update(case_digest(current).encode())
        self._record(A.ERASE, case_id, case_number=str(info.get("number") or ""),
                     justification=reason, name=info.get("name", ""),
                     revisions=len(revisions), entities=info.get("nodes"),
                     links=info.get("links"), sha256=digest.hexdigest())
        ws.delete_case(case_id)  # revisions, its lookup-cache rows, job tickets, caches
        self._records.access.forget(case_id)
        self._records.forget_case(case_id)
        self._decided = {k: v for k, v in self._decided.items() if k[1] != case_id}
        return {"case_id": case_id, "revisions": len(revisions), "sha256": digest.hexdigest()}

    # -- the record ----------------------------------------------------------------------------
    def audit_rows(self, scope: str, case_id: str | None = None,
                   limit: int | None = None) -> list[dict[str, Any]]:
        """Rows of one case ("case"), of the actor ("mine") or all ("all", admins)."""
        audit = self._records.audit
        if scope == "all":
            self.require("audit_all")
            return audit.rows(limit=limit)
        if scope == "mine":
            return audit.rows(user=self.actor.user, limit=limit)
        if not case_id:
            return []
        self.require("read", case_id)
        return audit.rows(case_id=case_id, limit=limit)

    def audit_status(self) -> dict[str, Any]:
        """``{ok, reason, bad_row, rows, head}`` of the whole chain; never raises."""
        status = verify(self._records.audit)
        try:
            rows, head = self._records.audit.head()
        except Exception as exc:
            rows, head = 0, ""
            if status.ok:
                status = A.ChainStatus(False, None, f"chain head unreadable: {exc}")
        return {"ok": status.ok, "reason": status.reason, "bad_row": status.bad_row,
                "rows": rows, "head": head}

    def record_event(self, action: str, case_id: str = "", **details: Any) -> int:
        """Record something the session does not do itself (login, logout: the web layer)."""
        return self._record(action, case_id, **details)


class _ReadOnlyKit:
    def __init__(self, registry, tickets, results):
        self.registry = registry
        self.tickets = tickets
        self.results = results  # each analyst reads back only their own
