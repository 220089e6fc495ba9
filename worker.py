"""The Celery worker that runs background jobs when jobs go through Redis.

Start it with the same settings as the web server (data folder, database URL, Redis)::

    CASEGRAPH_REDIS_URL=redis://127.0.0.1:6379/0 \\
    CASEGRAPH_DATABASE_URL=postgresql://casegraph@db.example.invalid/casegraph \\
    .venv/bin/celery -A worker worker --loglevel=info

It builds the app once, which registers the app's background callbacks as Celery tasks.
"""

from __future__ import annotations

from app import CELERY_KEY, create_app

dash_app = create_app({"idle_gc": False})
celery = dash_app.server.config[CELERY_KEY]
if celery is None:
    raise SystemExit("CASEGRAPH_REDIS_URL is not set: background jobs run in subprocesses of "
                     "the web server, no Celery worker is needed")
