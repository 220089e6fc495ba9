"""Full garbage collections at idle moments, not in the middle of a request.

A server holding a few large cases keeps hundreds of thousands of container objects alive
(node and link attribute dicts, provenance stamps, cached analyses). CPython's automatic
collector walks all of them in a full (generation 2) collection: about 200 ms at 400,000
objects, landing on whichever request happened to allocate at the wrong moment. An
expansion that itself takes 70 ms then takes 250-300 ms every other time.

:class:`IdleCollector` keeps the cheap young-generation collections automatic and moves the
full ones to a background thread that runs them when no request is in flight (or, under
continuous load, at the latest every ``max_wait`` seconds, so memory stays bounded). The web
layer tells it when requests start and end (:meth:`IdleCollector.busy`).

    >>> collector = IdleCollector(start=False)
    >>> with collector.busy():
    ...     collector.in_flight
    1
    >>> collector.in_flight
    0
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

NEVER = 1 << 30  # a generation-2 threshold that is never reached


class IdleCollector:
    """Run full collections when the process is idle.

    ``quiet``: how long no request must have been in flight (seconds); ``due``: how many
    generation-1 collections since the last full one make a full one due (CPython's own
    default is 10); ``max_wait``: after that many seconds of a due collection not finding a
    quiet moment, collect anyway.
    """

    def __init__(self, *, quiet: float = 0.4, due: int = 10, max_wait: float = 30.0,
                 poll: float = 0.2, start: bool = True):
        self.quiet, self.due, self.max_wait, self.poll = quiet, due, max_wait, poll
        self.in_flight = 0
        self.collections = 0
        self._last_activity = time.monotonic()
        self._due_since: float | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._saved: tuple[int, int, int] | None = None
        self._fork_hooked = False
        if start:
            self.start()

    # -- requests ---------------------------------------------------------------------------
    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self._last_activity = time.monotonic()

    def leave(self) -> None:
        with self._lock:
            self.in_flight = max(0, self.in_flight - 1)
            self._last_activity = time.monotonic()

    @contextmanager
    def busy(self) -> Iterator[None]:
        self.enter()
        try:
            yield
        finally:
            self.leave()

    # -- the collector thread ---------------------------------------------------------------
    def start(self) -> None:
        """Stop automatic full collections and start the idle-time collector thread."""
        if self._thread is not None:
            return
        if self._saved is None:
            t0, t1, _ = self._saved = gc.get_threshold()
            gc.set_threshold(t0, t1, NEVER)
        self._thread = threading.Thread(target=self._run, name="idle-gc", daemon=True)
        self._thread.start()
        if not self._fork_hooked and hasattr(os, "register_at_fork"):
            # a server that forks its workers after loading the app (gunicorn --preload)
            # would leave them with automatic full collections off and no thread to do them
            os.register_at_fork(after_in_child=self._after_fork)
            self._fork_hooked = True

    def _after_fork(self) -> None:
        if self._thread is None:  # stopped before the fork
            return
        self._thread = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.in_flight = 0
        self.start()

    def stop(self) -> None:
        """Stop the thread and give the automatic collector back its thresholds."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def step(self, now: float | None = None) -> bool:
        """Collect if a full collection is due and the moment allows it; True if it ran."""
        now = time.monotonic() if now is None else now
        if gc.get_count()[2] < self.due:
            self._due_since = None
            return False
        if self._due_since is None:
            self._due_since = now
        with self._lock:
            idle = self.in_flight == 0 and now - self._last_activity >= self.quiet
        if not idle and now - self._due_since < self.max_wait:
            return False
        gc.collect()
        self.collections += 1
        self._due_since = None
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.poll):
            self.step()


_shared: IdleCollector | None = None
_shared_lock = threading.Lock()


def shared() -> IdleCollector:
    """The process's collector (garbage collection is per process, so is its policy)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IdleCollector()
        return _shared


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection while a large structure is built or read (a case unpacked
    from the store, a file loaded): the young collections walk every new container again
    and again, and at 100,000 entities that doubles the time (json.loads and
    ``Case.from_dict`` of a stored 100k case: 8.3 s with the collector, 3 s without).
    Nothing built there is garbage, so nothing is lost by waiting.

    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
