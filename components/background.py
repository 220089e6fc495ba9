"""Where the app's background callbacks (bulk and 2-hop expansions) run.

- One machine (default): :class:`JobProcesses`, Dash's ``DiskcacheManager`` with each job
  in a clean process. Its progress and result go to a diskcache folder under the data
  folder (``jobs/``), which every server worker on the machine shares, so a job started
  through one gunicorn worker is followed through another.
- Several machines: ``CeleryManager`` when ``CASEGRAPH_REDIS_URL`` is set. Jobs go through
  Redis to Celery workers (``celery -A worker worker``, see ``worker.py``), which may run on
  other machines with the same database URL.

Nothing about a job lives in one server process's memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psutil
from dash import CeleryManager, DiskcacheManager

JOBS_FOLDER = "jobs"
# modules a job process needs, imported once by the fork server instead of by every job
PRELOAD = ["components.enrich", "components.upload_job", "casegraph.workspace",
           "casegraph.enrichment.jobs"]


class JobProcesses(DiskcacheManager):
    """``DiskcacheManager`` whose jobs start in a clean process.

    Dash forks the serving process for each job. A server process has threads (the
    lookup warm-up, revision compaction, other requests); one of them may hold a lock at
    the moment of the fork — SQLite's own allocator lock among them — and the forked job
    then waits on it for ever. Here jobs are forked from a fork server (a fresh process
    with no threads and the job's modules already imported), and the job opens its own
    workspace on the app's database (``workspace``: data folder and database URL, known
    to the server, never taken from the page).
    """

    def __init__(self, cache: Any, workspace: tuple[str, str]):
        super().__init__(cache)
        self.workspace = workspace

    def call_job_fn(self, key, job_fn, args, context):
        from multiprocess import get_context

        processes = get_context("forkserver")
        processes.set_forkserver_preload(PRELOAD)
        process = processes.Process(
            target=_job_in_clean_process,
            args=(self.workspace, job_fn, key, self._make_progress_key(key), args, context))
        process.start()
        week = 7 * 24 * 3600
        self.handle.set(_result_key(process.pid), key, expire=week)
        try:  # remembered, so a later pid of the same number is never taken for the job
            self.handle.set(_started_key(process.pid),
                            psutil.Process(process.pid).create_time(), expire=week)
        except psutil.NoSuchProcess:
            pass  # already over
        return process.pid

    def _process(self, job) -> psutil.Process | None:
        """The job's process while it runs (None once it has ended)."""
        if job is None:
            return None
        try:
            process = psutil.Process(int(job))
            started = self.handle.get(_started_key(int(job)))
            if started is not None and abs(process.create_time() - started) > 0.01:
                return None  # another process that got the number since
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
            return process
        except psutil.NoSuchProcess:
            return None

    # Dash's versions look the pid up several times; a job that ends between two looks
    # (often: the fork server reaps its processes at once) raised NoSuchProcess, an HTTP 500
    def job_running(self, job) -> bool:
        if self._process(job) is not None:
            return True
        # ended just after the poll looked for its result: not cancelled, the result is
        # there for the next poll
        key = self.handle.get(_result_key(int(job))) if job is not None else None
        return key is not None and self.result_ready(key)

    def terminate_job(self, job) -> None:
        process = self._process(job)
        if process is None:
            return
        with self.handle.transact():
            try:
                for child in process.children(recursive=True):
                    child.kill()
                process.kill()
                process.wait(1)
            except (psutil.NoSuchProcess, psutil.TimeoutExpired):
                pass

    def terminate_unhealthy_job(self, job) -> bool:
        return False  # a job that ended has nothing left to stop


def _started_key(pid: int) -> str:
    return f"casegraph-job-started-{pid}"


def _result_key(pid: int) -> str:
    return f"casegraph-job-result-{pid}"


def _job_in_clean_process(workspace: tuple[str, str], job_fn, *job_args) -> None:
    from casegraph.workspace import Workspace

    data_dir, database_url = workspace
    ws = Workspace(data_dir, database_url=database_url, samples=False)
    try:
        job_fn(*job_args)
    finally:
        ws.close()


def celery_app(redis_url: str) -> Any:
    """A Celery app with Redis as broker and result store (JSON only)."""
    from celery import Celery

    app = Celery("casegraph", broker=redis_url, backend=redis_url)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                    broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
                    result_expires=24 * 3600)
    return app


def background_manager(data_dir: str | Path, database_url: str, redis_url: str | None = None
                       ) -> tuple[Any, Any]:
    """``(manager, celery app or None)`` for an app whose data folder is ``data_dir``."""
    if redis_url:
        celery = celery_app(redis_url)
        return CeleryManager(celery), celery
    import diskcache

    folder = Path(data_dir) / JOBS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return JobProcesses(diskcache.Cache(str(folder)), (str(data_dir), database_url)), None
