"""The test command's own servers: a PostgreSQL that cannot be started fails the tests that
need it, with the reason, unless CASEGRAPH_TEST_NO_POSTGRES=1 says to skip them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ONE_TEST = "tests/core/test_store.py::test_create_load_round_trip"


def run(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{ONE_TEST}",
         "--basetemp", str(tmp_path / "t")],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_postgresql_that_cannot_start_fails_with_the_reason(tmp_path):
    missing = str(tmp_path / "no-postgres-here")
    failed = run(tmp_path, CASEGRAPH_TEST_PG_BIN=missing)
    assert failed.returncode == 1, failed.stdout[-2000:]
    assert "1 passed" in failed.stdout and "1 error" in failed.stdout  # sqlite ran
    assert f"PostgreSQL could not be started: no initdb in CASEGRAPH_TEST_PG_BIN={missing}" \
        in failed.stdout
    skipped = run(tmp_path, CASEGRAPH_TEST_PG_BIN=missing, CASEGRAPH_TEST_NO_POSTGRES="1")
    assert skipped.returncode == 0, skipped.stdout[-2000:]
    assert "1 passed, 1 skipped" in skipped.stdout


def test_the_postgresql_of_the_tests_answers(postgres_url):
    from casegraph.db import engine_for

    engine = engine_for(postgres_url)
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SHOW server_version").scalar()
    engine.dispose()
    assert int(version.split(".")[0]) >= 13


def test_the_redis_of_the_tests_answers(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    assert client.ping() is True
    assert client.config_get("save") == {"save": ""}  # no persistence
    client.close()
