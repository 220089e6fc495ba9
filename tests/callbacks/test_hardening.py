"""What the server does for every request: the size limit before the body is read, the Host
allow-list, the Origin check, security headers with a CSP that covers Dash's own inline
scripts, session limits, the first-run set-up link, and a warning when it listens beyond
this machine. Against a real HTTP server on 127.0.0.1 where the network matters."""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from casegraph.audit import AuditLog
from casegraph.db import database_url, engine_for
from casegraph.users import UserStore
from tests.callbacks.conftest import PASSWORD, logged_in_client
from tests.services import free_port
from tests.web import Client

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 4096


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app({"data_dir": str(tmp_path_factory.mktemp("hard") / "data"),
                       "samples": False, "idle_gc": False, "announce_setup": False,
                       "allowed_hosts": "cases.example.org", "max_request_bytes": LIMIT})


@pytest.fixture(scope="module")
def served(app):
    """The app behind a real threaded HTTP server on 127.0.0.1."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()


def raw_request(address: str, head: str, body: bytes = b"") -> str:
    """Send ``head`` (and ``body``) on a socket and read the answer's status line and
    headers, without sending anything more."""
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head.encode("latin-1") + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.decode("latin-1")


def test_an_oversized_request_is_refused_before_its_body_is_read(served):
    # a body of a gigabyte is announced and never sent: an answer can only come from the
    # announced length (a server that read the body would wait for it until the timeout)
    head = (f"POST /_dash-update-component HTTP/1.1\r\nHost: {served}\r\n"
            f"Origin: http://{served}\r\nContent-Type: application/json\r\n"
            "Content-Length: 1000000000\r\n\r\n")
    answer = raw_request(served, head, b'{"output"')
    assert answer.startswith("HTTP/1.1 413")


def test_a_body_that_does_not_state_its_length_is_refused(served):
    body = b"x" * (LIMIT * 2)
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    head = (f"POST /login HTTP/1.1\r\nHost: {served}\r\nOrigin: http://{served}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Transfer-Encoding: chunked\r\n\r\n")
    assert raw_request(served, head, chunked).startswith("HTTP/1.1 411")


def test_only_allowed_host_names_are_answered(served):
    port = served.split(":")[1]
    for host, status in ((f"127.0.0.1:{port}", "200"), (f"localhost:{port}", "200"),
                         ("cases.example.org", "200"), ("evil.example", "400"),
                         (f"rebind.evil.example:{port}", "400")):
        answer = raw_request(served, f"GET /login HTTP/1.1\r\nHost: {host}\r\n"
                                     "Connection: close\r\n\r\n")
        assert answer.split()[1] == status, host


def test_state_changing_requests_must_come_from_this_site(app):
    client = app.server.test_client()
    form = {"username": "nobody", "password": "x" * 12}
    assert client.post("/login", data=form).status_code == 403  # no Origin, no Referer
    assert client.post("/login", data=form,
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/login", data=form,
                       headers={"Referer": "http://evil.example/page"}).status_code == 403
    assert client.post("/login", data=form,
                       headers={"Origin": "http://localhost"}).status_code == 401


def test_security_headers_and_a_csp_that_covers_dashs_inline_scripts(app):
    client = logged_in_client(app)
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'sha256-" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    html = re.sub(r"<!--.*?-->", "", page.get_data(as_text=True), flags=re.S)  # IE-only
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>",
                        html, re.S)
    assert inline  # Dash's renderer start-up at least
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "no-store" not in client.get("/assets/casegraph.css").headers.get(
        "Cache-Control", "")


def test_a_login_ends_after_its_time(app):
    client = logged_in_client(app)
    assert client.get("/_dash-layout").status_code == 200
    with client.session_transaction() as session:
        session["casegraph_login_at"] = time.time() - 13 * 3600
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/", headers={"Accept": "text/html"}).headers["Location"].startswith(
        "/login")


def test_logout_ends_the_session(app):
    client = logged_in_client(app)
    assert client.post("/logout", headers={"Origin": "http://localhost"}).status_code == 302
    assert client.get("/_dash-layout").status_code == 401


def test_first_run_prints_a_set_up_link_and_warns_beyond_loopback(tmp_path):
    """``python app.py`` as the README starts it, on an empty data folder."""
    data = tmp_path / "data"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--host", "0.0.0.0", "--port", str(port),
         "--data-dir", str(data)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        warning = proc.stderr.readline()
        assert warning.startswith("WARNING: casegraph listens on 0.0.0.0") and \
            "TLS" in warning
        link = None
        deadline = time.monotonic() + 240
        while link is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            found = re.search(rf"http://127\.0\.0\.1:{port}(/setup/\S+)", line)
            link = found.group(1) if found else None
        assert link, "no set-up link printed"
        client = Client(f"http://127.0.0.1:{port}")
        for _ in range(240):
            try:
                status = client.get(link)[0]
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert client.get("/setup/not-the-token")[0] == 404
        import urllib.parse

        body = urllib.parse.urlencode({"username": "chief", "password": PASSWORD,
                                       "confirm": PASSWORD}).encode()
        status, headers, _ = client.request(
            "POST", link, data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302 and headers["Location"] == "/"
        assert client.get("/_dash-layout")[0] == 200  # logged in as the new admin
        assert client.get(link)[0] == 404  # used once
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    engine = engine_for(database_url(data))
    assert UserStore(engine).get("chief").role == "admin"
    rows = AuditLog(engine, key_dir=data).rows()
    assert [(r["action"], r["user"]) for r in rows][:1] == [("user_added", "chief")]
