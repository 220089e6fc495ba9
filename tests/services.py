"""Real PostgreSQL and Redis servers for tests and benchmarks, each in a temporary folder on
a free port of 127.0.0.1, stopped when the test session (or the script) ends.

PostgreSQL is Debian's (``/usr/lib/postgresql/<version>/bin``): ``initdb`` into a temporary
folder, then ``postgres`` on that folder, run as the ``postgres`` user when we are root
(PostgreSQL refuses to run as root). Redis runs with no persistence.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


class ServiceError(RuntimeError):
    """A server that could not be started; the message says why."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path:
    chosen = os.environ.get("CASEGRAPH_TEST_PG_BIN")  # a PostgreSQL of your own
    if chosen:
        if not (Path(chosen) / "initdb").exists():
            raise ServiceError(f"no initdb in CASEGRAPH_TEST_PG_BIN={chosen}")
        return Path(chosen)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise ServiceError("PostgreSQL is not installed (no initdb): run scripts/test.sh, which "
                       "installs Debian's postgresql, or `apt-get install postgresql`")


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    if not shutil.which("runuser"):
        raise ServiceError("running as root and runuser is missing: cannot start PostgreSQL")
    return ["runuser", "-u", "postgres", "--", *cmd]


class Postgres:
    """A PostgreSQL server of our own; :meth:`new_database` gives a fresh database URL."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="casegraph-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "postgres.log"
        self.proc: subprocess.Popen | None = None
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        init = subprocess.run(
            _as_postgres([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]),
            capture_output=True, text=True)
        if init.returncode:
            raise ServiceError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                _as_postgres([str(self.bin / "postgres"), "-D", str(self.data),
                              "-p", str(self.port), "-h", "127.0.0.1", "-k", str(self.folder),
                              "-c", "fsync=off", "-c", "synchronous_commit=off",
                              "-c", "full_page_writes=off", "-c", "max_connections=300"]),
                stdout=out, stderr=subprocess.STDOUT)
        self._wait()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _wait(self, timeout: float = 60.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres "
                                     "dbname=postgres", connect_timeout=2):
                    return
            except psycopg.OperationalError as exc:
                if self.proc is not None and self.proc.poll() is not None:
                    self.stop()
                    raise ServiceError(f"postgres exited: {self.log.read_text()[-1500:]}"
                                       ) from exc
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServiceError(f"postgres did not answer within {timeout:.0f} s: "
                                       f"{exc}") from exc
                time.sleep(0.2)

    def new_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its ``postgresql://`` URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            subprocess.run(_as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data),
                                         "stop", "-m", "immediate", "-w"]),
                           capture_output=True)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A redis-server of our own, without persistence; ``url`` is ``redis://...``."""

    def __init__(self) -> None:
        exe = shutil.which("redis-server")
        if not exe:
            raise ServiceError("redis-server is not installed: run scripts/test.sh, which "
                               "installs Debian's redis-server")
        self.folder = Path(tempfile.mkdtemp(prefix="casegraph-redis-"))
        self.port = free_port()
        self.log = self.folder / "redis.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.folder), "--daemonize", "no"],
                stdout=out, stderr=subprocess.STDOUT)
        self._wait()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise ServiceError(f"redis-server exited: {self.log.read_text()[-1500:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServiceError(f"redis-server did not answer within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


class AppServer:
    """The app served as a team would serve it, in its own process on a free port:
    ``kind="dev"`` runs ``python app.py``, ``kind="gunicorn"`` runs
    ``gunicorn -w WORKERS app:server``. ``env`` adds settings (CASEGRAPH_DATABASE_URL,
    CASEGRAPH_REDIS_URL, ...). The gunicorn access log names the worker (pid) of each
    request (:meth:`access_log`)."""

    def __init__(self, data_dir: str | Path, *, kind: str = "dev", workers: int = 2,
                 env: dict[str, str] | None = None, start_timeout: float = 240.0,
                 name: str = ""):
        import sys

        self.root = Path(__file__).resolve().parents[1]
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        stem = f"{self.data_dir.name}{'-' + name if name else ''}"
        self.log = self.data_dir.parent / f"{stem}-{kind}.log"
        self.access = self.data_dir.parent / f"{stem}-access.log"
        environment = {**os.environ, "CASEGRAPH_DATA_DIR": str(self.data_dir),
                       "PYTHONUNBUFFERED": "1", **(env or {})}
        if kind == "dev":
            cmd = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(self.port)]
        elif kind == "gunicorn":
            cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b",
                   f"127.0.0.1:{self.port}", "--timeout", "120",
                   "--access-logfile", str(self.access),
                   "--access-logformat", '%(p)s "%(r)s" %(s)s %(L)s', "app:server"]
        else:
            raise ValueError(f"unknown server kind {kind!r}")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=environment, stdout=out,
                                         stderr=subprocess.STDOUT)
        self._wait(start_timeout)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait(self, timeout: float) -> None:
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise ServiceError(f"the app exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=10) as page:
                    if page.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ServiceError(f"the app did not answer in {timeout:.0f} s: "
                                   f"{self.log.read_text()[-3000:]}")
            time.sleep(0.5)

    def access_log(self) -> list[tuple[int, str]]:
        """``(worker pid, request line)`` of each request served so far (gunicorn)."""
        out = []
        if self.access.exists():
            for line in self.access.read_text().splitlines():
                pid, _, rest = line.partition(" ")
                pid = pid.strip("<>")
                if pid.isdigit():
                    out.append((int(pid), rest))
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


class CeleryWorker:
    """``celery -A worker worker`` with the app's settings (see worker.py)."""

    def __init__(self, data_dir: str | Path, env: dict[str, str], concurrency: int = 2):
        import sys

        root = Path(__file__).resolve().parents[1]
        self.log = Path(data_dir).parent / f"{Path(data_dir).name}-celery.log"
        environment = {**os.environ, "CASEGRAPH_DATA_DIR": str(data_dir), **env}
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "worker", "worker", "--loglevel=info",
                 "--concurrency", str(concurrency), "--without-gossip", "--without-mingle"],
                cwd=root, env=environment, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240
        while "ready." not in self.log.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ServiceError(f"the Celery worker did not start: "
                                   f"{self.log.read_text()[-3000:]}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
