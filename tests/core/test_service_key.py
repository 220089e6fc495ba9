"""The records service never answers a lookup without its API key, and makes a key when it
is started without one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from casegraph.enrichment.service import start
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "records"
QUERY = {"query_type": "phone", "value": "+447700900001"}


def test_no_key_no_lookup(tmp_path):
    svc = start(tmp_path / "records.sqlite", seed_dir=SEED, key="")
    try:
        answer = httpx.post(f"{svc.url}/v1/lookup", json=QUERY, timeout=10)
        assert answer.status_code == 401
        assert httpx.get(f"{svc.url}/v1/health", timeout=10).status_code == 200
    finally:
        svc.stop()


def test_started_without_a_key_it_makes_one(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "casegraph.enrichment.service", "--port", str(port),
         "--db", str(tmp_path / "records.sqlite"), "--seed", str(SEED)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={"PATH": "/usr/bin:/bin"})
    try:
        first = proc.stdout.readline()
        assert first.startswith("no API key given: this run's key is ")
        key = first.split("key is ", 1)[1].split()[0]
        assert proc.stdout.readline().startswith("records service on")
        url = f"http://127.0.0.1:{port}/v1/lookup"
        assert httpx.post(url, json=QUERY, timeout=10).status_code == 401
        answer = httpx.post(url, json=QUERY, headers={"X-API-Key": key}, timeout=10)
        assert answer.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
