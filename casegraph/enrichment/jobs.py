"""Background expansions: several lookups in a thread, with progress, cancel and a result.

A bulk expansion (several entities) or an "expand 2 hops" can take seconds to minutes against
a slow source; the dashboard must stay usable meanwhile. :class:`JobRunner` runs such work in
a thread and keeps its state under a job id; the page polls :meth:`JobRunner.status`. One
runner belongs to one workspace (see ``Workspace.enrichment``), never to the module, so two
apps in one process do not see each other's jobs.

:func:`bulk_expand` is the work itself: ``expand`` one entity after the other (each lookup
audited as usual), merging into one growing case, hop after hop.

    >>> runner = JobRunner()
    >>> job = runner.submit(lambda progress: progress.update(1, 1) or 42, label="demo")
    >>> runner.wait(job)["state"], runner.result(job)
    ('done', 42)
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from casegraph.enrichment.audit import AuditLog
from casegraph.enrichment.base import Entity, LookupContext, Provider, query_for
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.expand import expand, live_suggestions
from casegraph.model import Case

MAX_LOOKUPS = 200  # a 2-hop expansion of a busy hub must not run away


class Progress:
    """Handed to a job's work function: report progress, ask whether to stop."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.message = ""
        self._cancel = threading.Event()
        self._lock = threading.Lock()

    def update(self, done: int | None = None, total: int | None = None,
               message: str | None = None) -> None:
        with self._lock:
            if done is not None:
                self.done = int(done)
            if total is not None:
                self.total = int(total)
            if message is not None:
                self.message = str(message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass
class _Job:
    id: str
    label: str
    progress: Progress
    state: str = "running"  # running | done | cancelled | failed
    result: Any = None
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    thread: threading.Thread | None = None


class JobRunner:
    """Jobs by id, each in its own daemon thread; the last ``keep`` finished jobs are kept."""

    def __init__(self, keep: int = 32):
        self.keep = keep
        self._jobs: OrderedDict[str, _Job] = OrderedDict()
        self._lock = threading.Lock()

    def submit(self, work: Callable[[Progress], Any], label: str = "") -> str:
        """Start ``work(progress)`` in a thread; returns the job id."""
        job = _Job(uuid.uuid4().hex[:12], label, Progress())

        def run() -> None:
            try:
                job.result = work(job.progress)
                job.state = "cancelled" if job.progress.cancelled else "done"
            except Exception as exc:  # a failed job is reported, never takes the app down
                job.error = f"{type(exc).__name__}: {exc}"
                job.state = "failed"
            job.finished = time.monotonic()

        with self._lock:
            self._jobs[job.id] = job
            finished = [k for k, j in self._jobs.items() if j.state != "running"]
            for key in finished[:max(0, len(finished) - self.keep)]:
                del self._jobs[key]
        job.thread = threading.Thread(target=run, name=f"casegraph-job-{job.id}", daemon=True)
        job.thread.start()
        return job.id

    def status(self, job_id: str) -> dict[str, Any] | None:
        """``{id, label, state, done, total, message, error, seconds}`` or None if unknown."""
        job = self._jobs.get(job_id)
        if job is None:
            return None
        end = job.finished or time.monotonic()
        p = job.progress
        return {"id": job.id, "label": job.label, "state": job.state, "done": p.done,
                "total": p.total, "message": p.message, "error": job.error,
                "seconds": round(end - job.started, 2)}

    def result(self, job_id: str) -> Any:
        job = self._jobs.get(job_id)
        return None if job is None else job.result

    def cancel(self, job_id: str) -> bool:
        """Ask a running job to stop after its current lookup; False if not running."""
        job = self._jobs.get(job_id)
        if job is None or job.state != "running":
            return False
        job.progress._cancel.set()
        return True

    def wait(self, job_id: str, timeout: float | None = None) -> dict[str, Any] | None:
        """Block until the job ends (for scripts and tests); returns its status."""
        job = self._jobs.get(job_id)
        if job is not None and job.thread is not None:
            job.thread.join(timeout)
        return self.status(job_id)


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
