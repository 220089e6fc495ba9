"""casegraph: map a network, find its hubs and clusters, inspect any entity.

Run ``python app.py [--host 127.0.0.1] [--port 8050] [--data-dir DIR] [--database-url URL]
[--debug]``; ``server`` is the WSGI app for gunicorn (``gunicorn app:server``). Settings also
come from the environment: ``CASEGRAPH_HOST``, ``CASEGRAPH_PORT``, ``CASEGRAPH_DATA_DIR``,
``CASEGRAPH_DATABASE_URL``, ``CASEGRAPH_REDIS_URL`` (background jobs through Celery workers:
``celery -A worker worker``; default: subprocesses and a job folder under the data folder).
"""

from __future__ import annotations

import argparse
import os
import threading
from functools import partial
from pathlib import Path

import dash

from casegraph import idle_gc
from casegraph.workspace import Workspace
from components import layout
from components.background import background_manager
from components.state import WORKSPACE_KEY

ROOT = Path(__file__).resolve().parent
DEFAULTS = {"data_dir": "var", "title": "casegraph", "samples": True, "idle_gc": True,
            "database_url": None, "redis_url": None}
CELERY_KEY = "CASEGRAPH_CELERY"  # server.config: the Celery app when jobs go through Redis


def settings(config: dict | None = None) -> dict:
    """Defaults, overridden by the environment, overridden by ``config``."""
    merged = dict(DEFAULTS)
    if os.environ.get("CASEGRAPH_DATA_DIR"):
        merged["data_dir"] = os.environ["CASEGRAPH_DATA_DIR"]
    if os.environ.get("CASEGRAPH_DATABASE_URL"):
        merged["database_url"] = os.environ["CASEGRAPH_DATABASE_URL"]
    if os.environ.get("CASEGRAPH_REDIS_URL"):
        merged["redis_url"] = os.environ["CASEGRAPH_REDIS_URL"]
    merged.update({k: v for k, v in (config or {}).items() if v is not None})
    return merged


def create_app(config: dict | None = None) -> dash.Dash:
    """A new app with its own workspace (cases on disk under ``data_dir`` + caches).

    Config keys: ``data_dir`` (default ``./var``), ``database_url`` (cases, revisions,
    lookup cache, job tickets; default SQLite in ``data_dir``), ``redis_url`` (background
    jobs through Celery; default: ``components.background``'s job folder), ``title``, ``samples``
    (store the sample cases on first run; default True), ``idle_gc`` (run full garbage
    collections between requests rather than inside them; default True).
    """
    cfg = settings(config)
    ws = Workspace(cfg["data_dir"], database_url=cfg["database_url"],
                   samples=bool(cfg["samples"]))
    manager, celery = background_manager(ws.data_dir, ws.database_url, cfg["redis_url"])
    app = dash.Dash(
        __name__,
        title=cfg["title"],
        update_title=None,
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        suppress_callback_exceptions=False,
        background_callback_manager=manager,
    )
    app.server.config[CELERY_KEY] = celery
    app.server.config[WORKSPACE_KEY] = ws
    app.layout = partial(layout.page, ws, cfg["title"], app.get_asset_url)
    layout.register(app)
    if cfg["idle_gc"]:
        _collect_when_idle(app.server)
    _warm_up_on_first_request(app.server, ws)
    return app


def _warm_up_on_first_request(server, ws: Workspace) -> None:
    """Prepare the lookup providers in the background once this process serves a request.

    Not at start-up: a server that forks its workers after loading the app (gunicorn
    --preload) would fork while the warm-up thread holds a lock, and the workers would wait
    on it for ever.
    """
    started = threading.Event()

    @server.before_request
    def _warm_up():
        if not started.is_set():
            started.set()
            threading.Thread(target=ws.warm_up, name="warm-up", daemon=True).start()


def _collect_when_idle(server) -> None:
    """Full garbage collections between requests, not inside them (casegraph.idle_gc)."""
    from flask import g

    collector = idle_gc.shared()

    @server.before_request
    def _enter():
        g.casegraph_busy = True
        collector.enter()

    @server.teardown_request
    def _leave(_exc=None):
        if g.pop("casegraph_busy", False):
            collector.leave()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("CASEGRAPH_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CASEGRAPH_PORT", 8050)))
    parser.add_argument("--data-dir", default=None, help="where cases are stored (./var)")
    parser.add_argument("--database-url", default=None,
                        help="database for cases, revisions and caches (default: SQLite in "
                             "the data folder; postgresql://... for a team)")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    app = create_app({"data_dir": args.data_dir, "database_url": args.database_url})
    app.run(host=args.host, port=args.port, debug=args.debug,
            dev_tools_disable_version_check=True)


def __getattr__(name: str):
    # ``app`` and ``server`` are made on first use (gunicorn's ``app:server`` asks for them),
    # so importing this module for create_app does not open the default data folder.
    if name in ("app", "server"):
        instance = create_app()
        globals().update(app=instance, server=instance.server)
        return globals()[name]
    raise AttributeError(name)


if __name__ == "__main__":
    main()
