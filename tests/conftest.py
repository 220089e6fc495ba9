"""Shared test fixtures: paths to the published datasets (copied into data/ with their
attribution) and to the test fixtures; real database servers.

Database fixtures: ``database_url`` runs a test once on SQLite and once on PostgreSQL (a
fresh database each time, on a server this session starts: ``tests/services.py``);
``postgres_url`` and ``redis_url`` give one of each. A server that cannot be started fails
the tests that need it, with the reason, unless ``CASEGRAPH_TEST_NO_POSTGRES=1`` /
``CASEGRAPH_TEST_NO_REDIS=1`` says to skip them instead. Tests read only files inside the
repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.services import Postgres, Redis, ServiceError

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def datasets() -> Path:
    """The published networks shipped in data/ (caviar, siren, natarajan_*), each folder with
    its SOURCE.txt."""
    return DATASETS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


# -- database servers -------------------------------------------------------------------------
def _unavailable(what: str, variable: str, reason: str):
    if os.environ.get(variable) == "1":
        pytest.skip(f"{what} not started ({variable}=1): {reason}")
    pytest.fail(f"{what} could not be started: {reason} "
                f"(set {variable}=1 to skip these tests instead)", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole test session."""
    if os.environ.get("CASEGRAPH_TEST_NO_POSTGRES") == "1":
        pytest.skip("PostgreSQL tests skipped (CASEGRAPH_TEST_NO_POSTGRES=1)")
    try:
        server = Postgres()
    except (ServiceError, OSError) as exc:
        _unavailable("PostgreSQL", "CASEGRAPH_TEST_NO_POSTGRES", str(exc))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """The same test on SQLite (a file in the test's folder) and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'casegraph.sqlite').as_posix()}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server (no persistence) for the whole test session."""
    if os.environ.get("CASEGRAPH_TEST_NO_REDIS") == "1":
        pytest.skip("Redis tests skipped (CASEGRAPH_TEST_NO_REDIS=1)")
    try:
        server = Redis()
    except (ServiceError, OSError) as exc:
        _unavailable("Redis", "CASEGRAPH_TEST_NO_REDIS", str(exc))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    return redis_server.url
