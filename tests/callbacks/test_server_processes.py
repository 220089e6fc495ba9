"""The app served the way a team deploys it: gunicorn with two workers forked after loading
the app (--preload). Worker processes must not inherit a lock held by a thread of the parent
(the warm-up of the lookup providers, the idle-time collector)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web import Client, add_user

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_preload_workers_answer_pages_and_callbacks(tmp_path):
    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(tmp_path / "data"))
    add_user(tmp_path / "data", "analyst1", "analyst")
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "--preload", "--timeout", "60",
             "-b", f"127.0.0.1:{port}", "app:server"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "login", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"gunicorn did not serve:\n{log.read_text()[-2000:]}")
                time.sleep(0.5)
        # several pages, so that both workers serve (each warms up on its first request);
        # both accept the session the login made (one key signs cookies for every worker)
        client = Client(url).login("analyst1")
        for _ in range(6):
            status, _, page = client.get("/", headers={"Accept": "text/html"})
            assert status == 200 and b"casegraph" in page
            status, _, _ = client.get("/_dash-layout")
            assert status == 200
        time.sleep(1.0)
        assert client.get("/")[0] == 200
        assert Client(url).get("/_dash-layout")[0] == 401
        assert "WORKER TIMEOUT" not in log.read_text()
        assert (tmp_path / "data" / "records.sqlite").exists()   # warmed up in a worker
    finally:
        proc.terminate()
        proc.wait(timeout=20)
