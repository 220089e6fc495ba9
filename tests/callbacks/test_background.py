"""components.background.JobProcesses: asking about a job's process never fails, and never
touches another process that got the same number."""

from __future__ import annotations

import subprocess
import sys

import diskcache
import psutil

from components.background import JobProcesses, _result_key, _started_key


def manager(tmp_path) -> JobProcesses:
    return JobProcesses(diskcache.Cache(str(tmp_path / "jobs")),
                        (str(tmp_path), f"sqlite:///{tmp_path / 'db.sqlite'}"))


def test_a_process_that_is_not_the_job_is_left_alone(tmp_path):
    jobs = manager(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        started = psutil.Process(other.pid).create_time()
        jobs.handle.set(_started_key(other.pid), started - 100.0)  # the job had this pid
        assert jobs.job_running(other.pid) is False
        jobs.terminate_job(other.pid)
        assert other.poll() is None  # still alive
        jobs.handle.set(_started_key(other.pid), started)  # now it is the job
        assert jobs.job_running(other.pid) is True
        jobs.terminate_job(other.pid)  # kills (and reaps) it
        other.wait(timeout=10)
        assert jobs.job_running(other.pid) is False
    finally:
        if other.poll() is None:
            other.kill()


def test_a_job_that_ended_is_not_an_error(tmp_path):
    jobs = manager(tmp_path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=30)
    assert jobs.job_running(gone.pid) is False
    jobs.terminate_job(gone.pid)
    assert jobs.terminate_unhealthy_job(gone.pid) is False
    jobs.terminate_job(None)
    # ended after writing its result: still "running" until a poll has read the result
    jobs.handle.set(_result_key(gone.pid), "result-key")
    jobs.handle.set("result-key", {"done": True})
    assert jobs.job_running(gone.pid) is True
    assert jobs.get_result("result-key", gone.pid) == {"done": True}
    assert jobs.job_running(gone.pid) is False
