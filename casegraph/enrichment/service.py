"""A small records service: the ``records`` database over the JSON API of ``API.md``.

Run it as a separate process, exactly as a team would run a vendor's lookup API::

    python -m casegraph.enrichment.service --host 127.0.0.1 --port 8765 --db var/records.sqlite

The API key is ``--key`` or ``CASEGRAPH_SERVICE_KEY``; without one, the service makes a random
key and prints it (it never answers lookups without a key). With
``--faults`` the service accepts fault-injection switches for tests — ``slow``, ``500``,
``429``, ``garbage`` — per request (header ``X-Fault`` or query parameter ``fault``) or for the
next N requests (``POST /admin/fault``); see ``API.md``. Without ``--faults`` they are ignored.

In-process (tests)::

    >>> svc = start(db_path, key="k", faults=True)          # doctest: +SKIP
    >>> svc.url                                             # doctest: +SKIP
    'http://127.0.0.1:40123'
    >>> svc.stop()                                          # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from casegraph.enrichment.base import QUERY_TYPES
from casegraph.enrichment.providers.records_db import DEFAULT_SEED, RecordsProvider, seed_hash

FAULTS = ("slow", "500", "429", "garbage")
MAX_BODY = 64 * 1024


class _Faults:
    """Fault armed for the next N lookups (set through /admin/fault)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fault: dict[str, Any] | None = None

    def arm(self, fault: str, times: int, delay: float, retry_after: float) -> None:
        with self.lock:
            self.fault = {"fault": fault, "times": times, "delay": delay,
                          "retry_after": retry_after}

    def clear(self) -> None:
        with self.lock:
            self.fault = None

    def take(self) -> dict[str, Any] | None:
        with self.lock:
            if not self.fault:
                return None
            fault = dict(self.fault)
            self.fault["times"] -= 1
            if self.fault["times"] <= 0:
                self.fault = None
            return fault


class RecordsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, provider: RecordsProvider, key: str, faults: bool):
        super().__init__(address, _Handler)
        self.provider = provider
        self.key = key
        self.faults_enabled = faults
        self.faults = _Faults()
        self.lookups = 0  # answered lookup requests, faults included (tests count them)

    def handle_error(self, request, client_address) -> None:
        # a client that gave up (time-out) closes its end: not the service's failure
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: RecordsServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests start many servers
        pass

    # -- plumbing ------------------------------------------------------------------------------
    def _send(self, code: int, payload: Any = None, raw: bytes | None = None,
              headers: dict[str, str] | None = None) -> None:
        body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        given = self.headers.get("X-API-Key", "")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            given = given or auth[len("Bearer "):]
        if self.server.key and hmac.compare_digest(given.encode(), self.server.key.encode()):
            return True
        self._send(401, {"error": "missing or wrong API key"})
        return False

    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, {"error": "request too large"})
            return None
        try:
            data = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, UnicodeDecodeError):
            self._send(400, {"error": "the body is not JSON"})
            return None
        if not isinstance(data, dict):
            self._send(400, {"error": "the body must be a JSON object"})
            return None
        return data

    # -- routes ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if urlparse(self.path).path == "/v1/health":
            self._send(200, {"status": "ok", "provider": self.server.provider.name,
                             "coverage": "GB",
                             "seed_hash": seed_hash(self.server.provider.seed_dir)})
        else:
            self._send(404, {"error": f"no such endpoint: {self.path}"})

    def do_DELETE(self) -> None:
        if urlparse(self.path).path == "/admin/fault" and self._admin_ok():
            self.server.faults.clear()
            self._send(200, {"fault": None})
        elif urlparse(self.path).path != "/admin/fault":
            self._send(404, {"error": f"no such endpoint: {self.path}"})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path == "/v1/lookup":
            self._lookup(parse_qs(url.query))
        elif url.path == "/admin/fault":
            self._admin()
        else:
            self._send(404, {"error": f"no such endpoint: {self.path}"})

    def _admin_ok(self) -> bool:
        if not self._authorised():
            return False
        if not self.server.faults_enabled:
            self._send(403, {"error": "fault injection is off (start the service with --faults)"})
            return False
        return True

    def _admin(self) -> None:
        if not self._admin_ok():
            return
        data = self._body()
        if data is None:
            return
        fault = str(data.get("fault", ""))
        if fault not in FAULTS:
            self._send(400, {"error": f"fault must be one of {', '.join(FAULTS)}"})
            return
        times = int(data.get("times", 1))
        self.server.faults.arm(fault, times, float(data.get("delay", 5)),
                               float(data.get("retry_after", 1)))
        self._send(200, {"fault": fault, "times": times})

    def _request_fault(self, query: dict[str, list[str]]) -> dict[str, Any] | None:
        if not self.server.faults_enabled:
            return None
        name = self.headers.get("X-Fault") or (query.get("fault") or [""])[0]
        if name:
            def pick(header: str, param: str, default: float) -> float:
                raw = self.headers.get(header) or (query.get(param) or [""])[0]
                return float(raw) if raw else default
            return {"fault": name, "delay": pick("X-Fault-Delay", "delay", 5.0),
                    "retry_after": pick("X-Fault-Retry-After", "retry_after", 1.0)}
        return self.server.faults.take()

    def _lookup(self, query: dict[str, list[str]]) -> None:
        if not self._authorised():
            return
        data = self._body()
        if data is None:
            return
        self.server.lookups += 1
        fault = self._request_fault(query)
        if fault:
            kind = fault["fault"]
            if kind == "slow":
                time.sleep(fault["delay"])
            elif kind == "500":
                self._send(500, {"error": "injected failure"})
                return
            elif kind == "429":
                self._send(429, {"error": "quota exceeded"},
                           headers={"Retry-After": f"{fault['retry_after']:g}"})
                return
            elif kind == "garbage":
                self._send(200, raw=b'{"status": "ok", "entities": [{"ref": <html>oops')
                return
        query_type, value = data.get("query_type"), data.get("value")
        if query_type not in QUERY_TYPES or not isinstance(value, str) or not value.strip():
            self._send(400, {"error": "expected {\"query_type\": one of "
                                      f"{', '.join(QUERY_TYPES)}, \"value\": text}}"})
            return
        result = self.server.provider.search(query_type, value)
        payload = result.to_dict()
        payload.pop("from_cache", None)
        self._send(200, payload)


@dataclass
class RunningService:
    """A service running in a background thread (for tests and the bench)."""

    server: RecordsServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def make_server(db_path: str | Path, *, seed_dir: str | Path = DEFAULT_SEED,
                host: str = "127.0.0.1", port: int = 0, key: str = "",
                faults: bool = False) -> RecordsServer:
    """A server bound to ``host:port`` (port 0: a free one), database built if needed."""
    provider = RecordsProvider(db_path, seed_dir)
    provider.ensure_built()
    return RecordsServer((host, port), provider, key, faults)


def start(db_path: str | Path, **kwargs: Any) -> RunningService:
    """Start :func:`make_server` in a daemon thread; ``stop()`` it when done."""
    server = make_server(db_path, **kwargs)
    thread = threading.Thread(target=server.serve_forever, name="records-service", daemon=True)
    thread.start()
    return RunningService(server, thread)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="casegraph records lookup service (JSON API)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--db", default=str(Path("var") / "records.sqlite"),
                        help="records database (built from --seed on first run)")
    parser.add_argument("--seed", default=str(DEFAULT_SEED), help="folder of seed CSVs")
    parser.add_argument("--key", default=os.environ.get("CASEGRAPH_SERVICE_KEY", ""),
                        help="API key clients must send (default $CASEGRAPH_SERVICE_KEY)")
    parser.add_argument("--faults", action="store_true",
                        help="accept fault-injection switches (tests only)")
    args = parser.parse_args(argv)
    if not args.key:
        args.key = secrets.token_urlsafe(24)
        print(f"no API key given: this run's key is {args.key} (clients send it as "
              "X-API-Key; set CASEGRAPH_SERVICE_KEY to keep one)", flush=True)
    server = make_server(args.db, seed_dir=args.seed, host=args.host, port=args.port,
                         key=args.key, faults=args.faults)
    host, port = server.server_address[:2]
    print(f"records service on http://{host}:{port} (db {args.db}"
          f"{', fault injection ON' if args.faults else ''})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
