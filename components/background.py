"""Where the app's background callbacks (bulk and 2-hop expansions) run.

- One machine (default): ``DiskcacheManager``. Each job runs in a subprocess; its progress
  and result go to a diskcache folder under the data folder (``jobs/``), which every server
  worker on the machine shares, so a job started through one gunicorn worker is followed
  through another.
- Several machines: ``CeleryManager`` when ``CASEGRAPH_REDIS_URL`` is set. Jobs go through
  Redis to Celery workers (``celery -A worker worker``, see ``worker.py``), which may run on
  other machines with the same database URL.

Nothing about a job lives in one process's memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dash import CeleryManager, DiskcacheManager

JOBS_FOLDER = "jobs"


def celery_app(redis_url: str) -> Any:
    """A Celery app with Redis as broker and result store (JSON only)."""
    from celery import Celery

    app = Celery("casegraph", broker=redis_url, backend=redis_url)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                    broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
                    result_expires=24 * 3600)
    return app


def background_manager(data_dir: str | Path, redis_url: str | None = None
                       ) -> tuple[Any, Any]:
    """``(manager, celery app or None)`` for an app whose data folder is ``data_dir``."""
    if redis_url:
        celery = celery_app(redis_url)
        return CeleryManager(celery), celery
    import diskcache

    folder = Path(data_dir) / JOBS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return DiskcacheManager(diskcache.Cache(str(folder))), None
