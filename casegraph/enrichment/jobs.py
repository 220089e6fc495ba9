"""Long expansions: the work itself, and the tickets that let another process run it.

A bulk expansion (several entities) or an "expand 2 hops" can take seconds to minutes
against a slow source. The dashboard runs it as a Dash background callback, in a process
that is not the one that served the click (a ``DiskcacheManager`` subprocess, or a Celery
worker on another machine) and that has no Flask request. What that process may do is
therefore written down by the server first, in a :class:`JobTickets` row: case, revision,
entities, provider, hops and who asked. The background process receives only the ticket id,
claims the ticket once (a replayed id does nothing) and trusts nothing else from the
browser. Cancel is a flag on the ticket: the work stops after its current lookup and keeps
what it found.

:func:`bulk_expand` is the work: ``expand`` one entity after the other (each lookup audited
as usual), merging into one growing case, hop after hop. It knows nothing of tickets or
processes: it reports through a :class:`Progress` and asks it whether to stop.

What an expansion (or a link, a merge) found, and what its Undo would take back (the
lookups' and the people section's), stays on the server too, as one of the
:class:`KeptRecords`: the page holds only the record's id, so the suggestions' scores, the
new entities and the revision to undo are never read back from the browser.

    >>> import tempfile, os
    >>> tickets = JobTickets(os.path.join(tempfile.mkdtemp(), "jobs.sqlite"))
    >>> ticket = tickets.issue("c1", 3, {"nodes": ["a"], "hops": 2}, user="ana")
    >>> job = tickets.claim(ticket)
    >>> (job.case_id, job.base_rev, job.params["hops"], job.user), tickets.claim(ticket)
    (('c1', 3, 2, 'ana'), None)
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    select,
    update,
)

from casegraph.audit import AuditLog
from casegraph.db import create_tables, write
from casegraph.enrichment.base import Entity, LookupContext, Provider, query_for
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.expand import expand, live_suggestions
from casegraph.model import Case

MAX_LOOKUPS = 200  # a 2-hop expansion of a busy hub must not run away
TICKET_TTL = 24 * 3600.0  # an unclaimed ticket older than this is void
JOB_HOURS = 1.0  # a job not finished after this long is taken as lost (a killed process)
RESULT_TTL = 24 * 3600.0  # a kept result older than this is forgotten

metadata = MetaData()

job_tickets = Table(
    "job_tickets", metadata,
    Column("ticket", String(64), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("base_rev", Integer, nullable=False),
    Column("params", Text, nullable=False),
    Column("user", Text, nullable=False, default=""),
    Column("created", Float, nullable=False),
    Column("state", String(16), nullable=False, default="issued"),  # issued|running|done
    Column("cancel", Boolean, nullable=False, default=False),
    Column("summary", Text, nullable=False, default=""),
)

lookup_results = Table(
    "lookup_results", metadata,
    Column("rid", String(64), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("user", Text, nullable=False, default=""),
    Column("created", Float, nullable=False),
    Column("record", Text, nullable=False),
)


@dataclass(frozen=True)
class Job:
    """A claimed ticket: what the background work may do, as the server wrote it."""

    ticket: str
    case_id: str
    base_rev: int
    params: dict[str, Any]
    user: str


class JobTickets:
    """Job tickets in the app's database (``target``: engine, URL or SQLite path)."""

    def __init__(self, target: str | Path | Engine, clock: Callable[[], float] = time.time):
        from casegraph.store import _engine

        self.engine = _engine(target)
        self.clock = clock
        create_tables(metadata, self.engine)

    def issue(self, case_id: str, base_rev: int, params: dict[str, Any], *,
              user: str = "") -> str:
        """Write a ticket (server side, after checking the request); returns its id, an
        unguessable token the page may hold."""
        ticket = secrets.token_urlsafe(24)
        with write(self.engine) as conn:
            conn.execute(job_tickets.insert().values(
                ticket=ticket, case_id=str(case_id), base_rev=int(base_rev),
                params=json.dumps(params), user=str(user or ""), created=self.clock(),
                state="issued", cancel=False, summary=""))
        return ticket

    def claim(self, ticket: Any) -> Job | None:
        """The job of an issued ticket, marked running; None if unknown, taken or stale."""
        if not isinstance(ticket, str) or not ticket:
            return None
        t = job_tickets.c
        with write(self.engine) as conn:
            row = conn.execute(select(job_tickets).where(t.ticket == ticket).with_for_update()
                               ).mappings().one_or_none()
            if (row is None or row["state"] != "issued"
                    or self.clock() - row["created"] > TICKET_TTL):
                return None
            conn.execute(update(job_tickets).where(t.ticket == ticket).values(state="running"))
        return Job(row["ticket"], row["case_id"], int(row["base_rev"]), json.loads(row["params"]),
                   row["user"])

    def request_cancel(self, ticket: Any) -> bool:
        """Ask the job to stop after its current lookup; False when it is not running."""
        if not isinstance(ticket, str):
            return False
        t = job_tickets.c
        with write(self.engine) as conn:
            done = conn.execute(update(job_tickets).where(
                t.ticket == ticket, t.state.in_(("issued", "running"))).values(cancel=True))
        return bool(done.rowcount)

    def cancel_requested(self, ticket: str) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(select(job_tickets.c.cancel).where(
                job_tickets.c.ticket == ticket)).scalar())

    def finish(self, ticket: str, summary: str = "") -> None:
        with write(self.engine) as conn:
            conn.execute(update(job_tickets).where(job_tickets.c.ticket == ticket)
                         .values(state="done", summary=summary[:2000]))

    def state(self, ticket: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(job_tickets.c.state).where(
                job_tickets.c.ticket == ticket)).scalar()

    def running(self, ticket: Any) -> bool:
        """Whether the ticket's job is waiting or running (and not lost: a job whose
        process was killed never finishes its ticket; after ``JOB_HOURS`` it stops
        counting)."""
        if not isinstance(ticket, str):
            return False
        t = job_tickets.c
        with self.engine.connect() as conn:
            row = conn.execute(select(t.state, t.created).where(t.ticket == ticket)).first()
        return (row is not None and row.state in ("issued", "running")
                and self.clock() - row.created < JOB_HOURS * 3600)

    def delete_case(self, case_id: str) -> None:
        with write(self.engine) as conn:
            conn.execute(delete(job_tickets).where(job_tickets.c.case_id == str(case_id)))


class KeptRecords:
    """Plain-data records the server keeps for an analyst under an unguessable id: a
    lookup's result (its suggestions, the entities it added) and the revision an Undo takes
    back (of a lookup, a merge or a split in the people section). ``target``: engine, URL or
    SQLite path, as for :class:`JobTickets`. The table keeps its first name,
    ``lookup_results``, so that existing data folders read as they are.

    >>> import tempfile, os
    >>> results = KeptRecords(os.path.join(tempfile.mkdtemp(), "jobs.sqlite"))
    >>> rid = results.keep("c1", {"rev": 4, "suggestions": [{"score": 91.0}]}, user="ana")
    >>> results.get(rid, user="ana")["rev"], results.get(rid, user="bob"), results.get("x")
    (4, None, None)
    """

    def __init__(self, target: str | Path | Engine, clock: Callable[[], float] = time.time):
        from casegraph.store import _engine

        self.engine = _engine(target)
        self.clock = clock
        create_tables(metadata, self.engine)

    def keep(self, case_id: str, record: dict[str, Any], *, user: str = "") -> str:
        """Store ``record`` (plain JSON data) for ``user``; returns its id. Results older
        than ``RESULT_TTL`` are dropped on the way."""
        rid = secrets.token_urlsafe(24)
        now = self.clock()
        r = lookup_results.c
        with write(self.engine) as conn:
            conn.execute(delete(lookup_results).where(r.created < now - RESULT_TTL))
            conn.execute(lookup_results.insert().values(
                rid=rid, case_id=str(case_id), user=str(user or ""), created=now,
                record=json.dumps(record, default=str)))
        return rid

    def get(self, rid: Any, *, user: str = "") -> dict[str, Any] | None:
        """The record kept as ``rid`` for ``user``; None if unknown, another user's or too
        old."""
        if not isinstance(rid, str) or not rid:
            return None
        r = lookup_results.c
        with self.engine.connect() as conn:
            row = conn.execute(select(r.user, r.created, r.record).where(r.rid == rid)).first()
        if (row is None or row.user != str(user or "")
                or self.clock() - row.created > RESULT_TTL):
            return None
        return json.loads(row.record)

    def delete_case(self, case_id: str) -> None:
        with write(self.engine) as conn:
            conn.execute(delete(lookup_results).where(lookup_results.c.case_id == str(case_id)))


class Progress:
    """Handed to the work: report progress (``report(done, total, message)``), and ask
    whether to stop (``should_stop()``, checked between lookups)."""

    def __init__(self, report: Callable[[int, int, str], None] | None = None,
                 should_stop: Callable[[], bool] | None = None):
        self.done = 0
        self.total = 0
        self.message = ""
        self._report = report
        self._should_stop = should_stop
        self._stopped = False

    def update(self, done: int | None = None, total: int | None = None,
               message: str | None = None) -> None:
        if done is not None:
            self.done = int(done)
        if total is not None:
            self.total = int(total)
        if message is not None:
            self.message = str(message)
        if self._report is not None:
            self._report(self.done, self.total, self.message)

    def stop(self) -> None:
        self._stopped = True

    @property
    def cancelled(self) -> bool:
        if not self._stopped and self._should_stop is not None and self._should_stop():
            self._stopped = True
        return self._stopped


@dataclass
class BulkResult:
    """What a bulk expansion did. ``anchors`` maps each new node to the node it was found
    from; ``statuses`` counts lookups by status."""

    base: Case
    case: Case
    expanded: list[str] = field(default_factory=list)
    new_nodes: list[str] = field(default_factory=list)
    new_links: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    recognised: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def changed(self) -> bool:
        return self.case is not self.base

    def summary(self) -> str:
        done = sum(self.statuses.values())
        n, k = len(self.new_nodes), len(self.new_links)
        text = (f"{done} lookup{'s' if done != 1 else ''}: {n} new "
                f"{'entity' if n == 1 else 'entities'}, {k} new {'link' if k == 1 else 'links'}")
        failed = {s: c for s, c in self.statuses.items() if s != "ok"}
        if failed:
            text += " (" + ", ".join(f"{c} {s.replace('_', ' ')}" for s, c in
                                      sorted(failed.items())) + ")"
        return text + (" — cancelled" if self.cancelled else "")


def expandable(case: Case, node: str, provider: Provider) -> bool:
    """Whether ``provider`` can look ``node`` up at all."""
    if node not in case.graph:
        return False
    entity = Entity.from_case(case, node)
    return entity.type in provider.input_types and query_for(entity) is not None


def bulk_expand(case: Case, nodes: Iterable[str], provider: Provider, context: LookupContext,
                *, hops: int = 1, cache: LookupCache | None = None,
                audit: AuditLog | None = None, progress: Progress | None = None,
                limit: int = MAX_LOOKUPS) -> BulkResult:
    """Expand ``nodes`` with ``provider``, then (``hops`` > 1) the entities found, and so on.

    Entities the provider cannot look up are skipped without a lookup. A refused lookup (no
    case number or purpose) stops the run: every further one would be refused too. Cancel
    stops after the current lookup and keeps what was found so far.

    >>> from casegraph.enrichment.base import LookupResult
    >>> class Nothing:
    ...     name, input_types, output_types = "nothing", frozenset({"phone"}), frozenset()
    ...     def lookup(self, entity, context):
    ...         return LookupResult("nothing", "phone", entity.label, status="not_found")
    >>> case = Case(); node = case.add_entity(None, "phone", "07700 900001")
    >>> res = bulk_expand(case, [node], Nothing(), LookupContext(case_number="1", purpose="p"))
    >>> res.statuses, res.changed
    ({'not_found': 1}, False)
    """
    progress = progress or Progress()
    out = BulkResult(base=case, case=case)
    frontier = [n for n in dict.fromkeys(nodes) if expandable(case, n, provider)]
    seen: set[str] = set()
    total = len(frontier)
    progress.update(0, total, f"expanding {total} entities")
    for hop in range(max(1, int(hops))):
        found: list[str] = []
        for node in frontier:
            if progress.cancelled or len(out.expanded) >= limit:
                break
            if node in seen:
                continue
            seen.add(node)
            label = out.case.graph.nodes[node].get("label", node)
            progress.update(message=f"hop {hop + 1}: {label}")
            res = expand(out.case, node, provider, context, cache=cache, audit=audit)
            out.expanded.append(node)
            out.statuses[res.status] = out.statuses.get(res.status, 0) + 1
            progress.update(done=len(out.expanded))
            if res.status == "refused":
                out.messages.extend(res.messages)
                return out
            if res.changed:
                out.case = res.case
                out.new_nodes.extend(res.new_nodes)
                out.new_links.extend(res.new_links)
                out.positions.update(res.positions)
                out.anchors.update({n: node for n in res.new_nodes})
                out.matched.extend(m for m in res.matched if m not in out.matched)
                out.recognised.extend(res.recognised)
                found.extend(n for n in res.new_nodes if expandable(out.case, n, provider))
            # a lookup that only found people named like someone still has suggestions
            known = {(s["node"], s["existing"]) for s in out.suggestions}
            out.suggestions.extend(s for s in res.suggestions
                                   if (s["node"], s["existing"]) not in known)
        if progress.cancelled:
            out.cancelled = True
            break
        if len(out.expanded) >= limit and found:
            out.messages.append(f"stopped after {limit} lookups")
            break
        frontier = found if hop + 1 < hops else []
        total += len(frontier)
        progress.update(total=min(total, limit))
        if not frontier:
            break
    # a person held back early may have been recognised by a later lookup of the run
    out.suggestions = live_suggestions(out.case, out.suggestions)
    out.messages.insert(0, out.summary())
    return out
