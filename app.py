"""casegraph: map a network, find its hubs and clusters, inspect any entity.

Run ``python app.py [--host 127.0.0.1] [--port 8050] [--data-dir DIR] [--database-url URL]
[--debug]``; ``server`` is the WSGI app for gunicorn (``gunicorn app:server``). Settings also
come from the environment: ``CASEGRAPH_HOST``, ``CASEGRAPH_PORT``, ``CASEGRAPH_DATA_DIR``,
``CASEGRAPH_DATABASE_URL``, ``CASEGRAPH_REDIS_URL`` (background jobs through Celery workers:
``celery -A worker worker``; default: subprocesses and a job folder under the data folder),
``CASEGRAPH_ALLOWED_HOSTS``, ``CASEGRAPH_SESSION_MINUTES``, ``CASEGRAPH_SECURE_COOKIES``.

Nobody uses the app without logging in (components/login.py). On the first run, with no
accounts yet, the console prints a one-time link where the first admin sets a password.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import threading
from functools import partial
from pathlib import Path

import dash

from casegraph import idle_gc
from casegraph.session import SYSTEM
from casegraph.workspace import Workspace
from components import hardening, layout, login
from components.background import background_manager
from components.header import MAX_UPLOAD_BYTES
from components.state import WORKSPACE_KEY, on_callback_error

ROOT = Path(__file__).resolve().parent
DEFAULTS = {"data_dir": "var", "title": "casegraph", "samples": True, "idle_gc": True,
            "host": "127.0.0.1", "allowed_hosts": "", "session_minutes": 30,
            "session_max_hours": 12, "secure_cookies": False, "public_url": "",
            "announce_setup": True, "database_url": None, "redis_url": None,
            "max_request_bytes": None}
CELERY_KEY = "CASEGRAPH_CELERY"  # server.config: the Celery app when jobs go through Redis
ENVIRONMENT = {"data_dir": "CASEGRAPH_DATA_DIR", "host": "CASEGRAPH_HOST",
               "database_url": "CASEGRAPH_DATABASE_URL", "redis_url": "CASEGRAPH_REDIS_URL",
               "allowed_hosts": "CASEGRAPH_ALLOWED_HOSTS",
               "session_minutes": "CASEGRAPH_SESSION_MINUTES",
               "secure_cookies": "CASEGRAPH_SECURE_COOKIES"}
# an upload is base64 in JSON (4/3 of its size); two files (nodes + edges) at most
MAX_REQUEST_BYTES = 2 * MAX_UPLOAD_BYTES * 4 // 3 + 1_000_000
SECRET_FILE = "session.key"


def settings(config: dict | None = None) -> dict:
    """Defaults, overridden by the environment, overridden by ``config``."""
    merged = dict(DEFAULTS)
    for name, variable in ENVIRONMENT.items():
        if os.environ.get(variable):
            merged[name] = os.environ[variable]
    merged.update({k: v for k, v in (config or {}).items() if v is not None})
    merged["secure_cookies"] = str(merged["secure_cookies"]).lower() in ("1", "true", "yes")
    return merged


def session_secret(data_dir: str | Path) -> bytes:
    """The key that signs login cookies: ``CASEGRAPH_SECRET_KEY`` or ``session.key`` in the
    data folder (made on first run, readable only by the server's user), so every worker
    of one installation accepts the same sessions."""
    if os.environ.get("CASEGRAPH_SECRET_KEY"):
        return os.environ["CASEGRAPH_SECRET_KEY"].encode("utf-8")
    path = Path(data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex() + "\n")
    return key


def create_app(config: dict | None = None) -> dash.Dash:
    """A new app with its own workspace (cases on disk under ``data_dir`` + caches).

    Config keys: ``data_dir`` (default ``./var``), ``database_url`` (cases, revisions,
    lookup cache, job tickets, users, the audit log; default SQLite in ``data_dir``),
    ``redis_url`` (background jobs through Celery; default: ``components.background``'s job
    folder), ``title``, ``samples`` (store the sample cases on first run; default True),
    ``idle_gc`` (run full garbage collections between requests rather than inside them;
    default True), ``host`` (the address it listens on;
    its name is allowed in the Host header), ``allowed_hosts`` (more names, comma-separated),
    ``session_minutes`` (idle time before a login ends), ``session_max_hours``,
    ``secure_cookies`` (behind TLS), ``public_url`` (for the set-up link),
    ``announce_setup`` (print the set-up link when there are no accounts),
    ``max_request_bytes`` (largest request body; default: two uploads of the largest file).
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
        on_error=on_callback_error,
        background_callback_manager=manager,
    )
    app.server.config[CELERY_KEY] = celery
    server = app.server
    server.config[WORKSPACE_KEY] = ws
    server.secret_key = session_secret(cfg["data_dir"])
    hardening.install(app, hosts=hardening.allowed_hosts(str(cfg["host"]),
                                                         str(cfg["allowed_hosts"])),
                      max_request_bytes=int(cfg["max_request_bytes"] or MAX_REQUEST_BYTES),
                      secure_cookies=bool(cfg["secure_cookies"]))
    login.install(server, ws, idle_minutes=int(cfg["session_minutes"]),
                  max_hours=int(cfg["session_max_hours"]))
    # the page is built per user and request; Dash checks callbacks against this one
    app.validation_layout = layout.validation_page(ws.session(SYSTEM), cfg["title"],
                                                   app.get_asset_url)
    app.layout = partial(layout.page_for_user, cfg["title"], app.get_asset_url)
    layout.register(app)
    if cfg["announce_setup"]:
        login.announce_setup(ws, str(cfg["public_url"]) or "")
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
                        help="database for cases, revisions, caches, users and the audit "
                             "log (default: SQLite in the data folder; postgresql://... for a "
                             "team)")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    if not hardening.is_loopback(args.host):
        print(f"WARNING: casegraph listens on {args.host}, beyond this machine. Anyone who "
              "can reach the port gets the login page, and this server speaks plain HTTP: "
              "put it behind a TLS-terminating proxy (see README, 'Serving a team'), set "
              "CASEGRAPH_ALLOWED_HOSTS to the names it is reached by and "
              "CASEGRAPH_SECURE_COOKIES=1.", file=sys.stderr, flush=True)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    app = create_app({"data_dir": args.data_dir, "database_url": args.database_url,
                      "host": args.host,
                      "public_url": f"http://{shown}:{args.port}"})
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
