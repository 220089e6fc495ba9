"""casegraph.idle_gc: full collections wait for a quiet moment, but not for ever."""

import gc

import pytest

from casegraph.idle_gc import NEVER, IdleCollector


@pytest.fixture
def collector():
    saved = gc.get_threshold()
    c = IdleCollector(start=False, quiet=0.5, due=3, max_wait=10.0)
    c._saved = saved                     # what stop() gives back
    gc.set_threshold(saved[0], saved[1], NEVER)
    yield c
    c.stop()
    assert gc.get_threshold() == saved


def make_due(c):
    gc.collect()                         # count[2] back to 0
    for _ in range(c.due):
        gc.collect(1)                    # each generation-1 collection counts towards a full one
    assert gc.get_count()[2] >= c.due


def test_nothing_happens_until_a_full_collection_is_due(collector):
    gc.collect()
    assert collector.step(now=1e9) is False and collector.collections == 0


def test_due_collection_waits_while_a_request_is_in_flight(collector):
    make_due(collector)
    collector.enter()
    t0 = collector._last_activity
    assert collector.step(now=t0 + 1) is False          # busy
    collector.leave()
    t1 = collector._last_activity
    assert collector.step(now=t1 + 0.1) is False        # not quiet long enough yet
    assert collector.step(now=t1 + 0.6) is True         # quiet: collected
    assert collector.collections == 1 and gc.get_count()[2] == 0


def test_under_continuous_load_it_collects_after_max_wait(collector):
    make_due(collector)
    collector.enter()
    t0 = collector._last_activity
    assert collector.step(now=t0 + 1) is False
    assert collector.step(now=t0 + 12) is True
    collector.leave()


def test_start_turns_off_automatic_full_collections_and_stop_restores():
    saved = gc.get_threshold()
    c = IdleCollector(poll=0.05)
    try:
        assert gc.get_threshold()[2] == NEVER and gc.get_threshold()[:2] == saved[:2]
    finally:
        c.stop()
    assert gc.get_threshold() == saved


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="no fork here")
def test_a_forked_worker_gets_its_own_collector_thread():
    import os

    c = IdleCollector(poll=0.05)
    try:
        pid = os.fork()
        if pid == 0:  # the worker: the parent's thread did not come along, a new one runs
            ok = c._thread is not None and c._thread.is_alive() and \
                gc.get_threshold()[2] == NEVER
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.WEXITSTATUS(status) == 0
    finally:
        c.stop()
