"""A team on one case, replayed over real HTTP against the app served as a team serves it
(``python app.py``, ``gunicorn -w 2``, Celery workers), on SQLite and on PostgreSQL:
nothing is lost when twenty analysts expand at once, and a background job started through
one worker is followed to its end through another."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from casegraph.workspace import Workspace
from tests.analysts import Analyst
from tests.services import AppServer, CeleryWorker
from tests.web import make_accounts

CASE = "Grumbleford"  # the fictional online-dealing sample case
PURPOSE = "Supply of Class A drugs (fictional team test)"
pytestmark = pytest.mark.slow


def expandable(data_dir: Path, database_url: str, case_id: str, n: int) -> list[str]:
    """``n`` accounts and phones of the case, in a fixed order."""
    ws = Workspace(data_dir, database_url=database_url, samples=False)
    try:
        graph = ws.case(case_id).graph
        return sorted(node for node, t in graph.nodes(data="type")
                      if t in ("account", "phone"))[:n]
    finally:
        ws.close()


def newest(data_dir: Path, database_url: str, case_id: str):
    ws = Workspace(data_dir, database_url=database_url, samples=False)
    try:
        return ws.store.load(case_id), ws.changes_since(case_id, 0)
    finally:
        ws.close()


@pytest.mark.parametrize("kind", ["dev", "gunicorn"])
def test_twenty_analysts_expanding_at_once_lose_nothing(kind, database_url, tmp_path):
    data_dir = tmp_path / "data"
    server = AppServer(data_dir, kind=kind, workers=2,
                       env={"CASEGRAPH_DATABASE_URL": database_url})
    try:
        make_accounts(data_dir, ["lead"] + [f"analyst{i:02d}" for i in range(20)],
                      database_url=database_url)
        lead = Analyst(server.url, "lead")
        case_id = lead.open_case(CASE)["case_id"]
        lead.set_details("OP-TEAM-20", PURPOSE)
        nodes = expandable(data_dir, database_url, case_id, 40)
        team = [Analyst(server.url, f"analyst{i:02d}") for i in range(20)]
        for analyst in team:
            analyst.open_case(CASE)
        start = threading.Barrier(len(team))
        found: dict[str, list[str]] = {}
        errors: list[str] = []

        def work(i: int, analyst: Analyst) -> None:
            start.wait()
            try:
                for node in nodes[2 * i: 2 * i + 2]:
                    found[node] = analyst.expand(node)
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                errors.append(f"{analyst.name}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(team)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert errors == []
        assert sorted(found) == sorted(nodes)
        case, changes = newest(data_dir, database_url, case_id)
        everything = {n for new in found.values() for n in new}
        missing = everything - set(case.graph)
        assert len(everything) > 100 and missing == set()
        expansions = [c for c in changes if c["kind"] == "expansion"]
        assert len(expansions) == 40  # each found something, each is one revision
        # each change is in the name of the analyst who made it
        assert {c["user"] for c in expansions} == {a.name for a in team}
    finally:
        server.stop()


def _job_across_workers(server: AppServer, data_dir: Path, database_url: str,
                        env: dict[str, str]) -> None:
    """A job started by one server of the team is followed through another: a second
    gunicorn on the same data folder and database, as behind a load balancer. (Two workers
    of one gunicorn share its socket and the kernel may hand every request to the same one,
    so the second process is made certain by asking a second server.)"""
    make_accounts(data_dir, ["lead"], database_url=database_url)
    lead = Analyst(server.url, "lead")
    case_id = lead.open_case(CASE)["case_id"]
    lead.set_details("OP-TEAM-JOB", PURPOSE)
    nodes = expandable(data_dir, database_url, case_id, 12)
    other = AppServer(data_dir, kind="gunicorn", workers=1, env=env, name="other")
    try:
        lead.client.poll_transport = lead.client.transport.elsewhere(other.url)
        progress: list[dict] = []
        found = lead.run_job(nodes, on_progress=progress.append)
        case, changes = newest(data_dir, database_url, case_id)
        assert found and set(found) <= set(case.graph)
        assert changes[-1]["kind"] == "expansion" and changes[-1]["user"] == "lead"
        assert progress  # the page saw the job's progress on the way
        started = [line for _, line in server.access_log()
                   if "_dash-update-component" in line and "cacheKey=" not in line]
        polls = [line for _, line in other.access_log() if "cacheKey=" in line]
        assert started and len(polls) >= 2  # started on one server, followed on the other
        assert not [line for _, line in server.access_log() if "cacheKey=" in line]
    finally:
        other.stop()


def test_a_job_started_on_one_worker_is_followed_on_another(database_url, tmp_path):
    data_dir = tmp_path / "data"
    env = {"CASEGRAPH_DATABASE_URL": database_url}
    server = AppServer(data_dir, kind="gunicorn", workers=2, env=env)
    try:
        _job_across_workers(server, data_dir, database_url, env)
    finally:
        server.stop()


def test_jobs_run_on_celery_workers_through_redis(postgres_url, redis_url, tmp_path):
    data_dir = tmp_path / "data"
    env = {"CASEGRAPH_DATABASE_URL": postgres_url, "CASEGRAPH_REDIS_URL": redis_url}
    server = AppServer(data_dir, kind="gunicorn", workers=2, env=env)
    worker = CeleryWorker(data_dir, env)
    try:
        _job_across_workers(server, data_dir, postgres_url, env)
        assert "succeeded" in worker.log.read_text()  # the job ran on the Celery worker
    finally:
        server.stop()
        worker.stop()
