"""Helpers for tests that talk to a running server: accounts made with the console command,
and an HTTP client that logs in the way a browser does (form post with the page's Origin)
and keeps the session cookie."""

from __future__ import annotations

import http.cookiejar
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a fictional passphrase"


def make_accounts(data_dir: str | Path, names: list[str], role: str = "analyst",
                  database_url: str | None = None, password: str = PASSWORD) -> None:
    """Accounts for many test analysts at once, straight into the installation's database.
    Their hashes are argon2id at a small cost (the server checks a hash with the cost it was
    made with), so twenty logins do not take twenty seconds."""
    from argon2 import PasswordHasher

    from casegraph.db import database_url as url_for
    from casegraph.db import engine_for
    from casegraph.users import UserStore

    engine = engine_for(url_for(data_dir, database_url))
    users = UserStore(engine, hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                    parallelism=1))
    for name in names:
        if users.get(name) is None:
            users.add(name, role, password)
    engine.dispose()


def add_user(data_dir: str | Path, name: str, role: str, password: str = PASSWORD) -> None:
    """``python -m casegraph.users add NAME --role ROLE --password-stdin``, as an admin
    would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "casegraph.users", "--data-dir", str(data_dir), "add", name,
         "--role", role, "--password-stdin"], input=password + "\n", capture_output=True,
        text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr


class Client:
    """Requests to ``base`` with a cookie jar; ``origin`` is sent on every POST."""

    def __init__(self, base: str):
        self.base = base.rstrip("/") + "/"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def request(self, method: str, path: str, *, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        sent = {"Origin": self.base.rstrip("/")} if method != "GET" else {}
        sent.update(headers or {})
        req = urllib.request.Request(self.base + path.lstrip("/"), data=data, method=method,
                                     headers=sent)
        try:
            with self.opener.open(req, timeout=120) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post_json(self, path: str, payload: dict, **kw):
        headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
        return self.request("POST", path, data=json.dumps(payload).encode(), headers=headers)

    def login(self, name: str, password: str = PASSWORD) -> Client:
        body = urllib.parse.urlencode({"username": name, "password": password}).encode()
        status, headers, _ = self.request(
            "POST", "/login", data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login of {name} answered {status}"
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class DashRequests(list):
    """The callback requests (POSTs to ``/_dash-update-component``) a Playwright page sends
    from now on, as ``(outputs, the inputs that changed)``; those set off by the
    newer-changes timer alone (``ids.NEWER_POLL``) go to ``polls`` instead. For tests and
    benchmarks counting what one action asks of the server."""

    def __init__(self, page):
        super().__init__()
        from components import ids

        self.poll = [f"{ids.NEWER_POLL}.data"]
        self.polls: list[tuple[str, list]] = []
        self.waiting: set = set()  # action requests not answered yet
        self.last = time.monotonic()  # when one was last sent or answered
        page.on("request", self._sent)
        page.on("requestfinished", self._answered)
        page.on("requestfailed", self._answered)

    def _sent(self, request) -> None:
        if "_dash-update-component" not in request.url:
            return
        body = request.post_data_json or {}
        item = (str(body.get("output")), list(body.get("changedPropIds") or []))
        if item[1] == self.poll:
            self.polls.append(item)
            return
        self.append(item)
        self.waiting.add(request)
        self.last = time.monotonic()

    def _answered(self, request) -> None:
        if request in self.waiting:
            self.waiting.discard(request)
            self.last = time.monotonic()

    def clear(self) -> None:
        super().clear()
        self.polls.clear()

    def wait_quiet(self, page, seconds: float = 2.0, limit: float = 300.0) -> None:
        """Until every action request is answered and none was sent for ``seconds`` (the
        page's events are delivered only while Playwright waits, hence its timer)."""
        start = time.monotonic()
        while ((self.waiting or time.monotonic() - self.last < seconds)
               and time.monotonic() - start < limit):
            page.wait_for_timeout(200)
