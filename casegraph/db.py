"""One database URL for everything casegraph keeps: cases and revisions, users, the audit log
and the lookup cache.

The embedded default is one SQLite file under the data folder; a unit that shares a server
sets ``CASEGRAPH_DATABASE_URL`` (or ``--database-url``) to a ``postgresql://`` URL. Modules
that keep data define their tables with SQLAlchemy Core on their own ``MetaData`` and take an
:class:`~sqlalchemy.engine.Engine` from :func:`engine_for`; nothing else in the code knows
which database is behind it.

    >>> import tempfile
    >>> url = database_url(tempfile.mkdtemp())
    >>> url.startswith("sqlite:///") and url.endswith("casegraph.sqlite")
    True
    >>> engine = engine_for(url)
    >>> with write(engine) as conn:
    ...     _ = conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    ...     _ = conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    >>> with engine.connect() as conn:
    ...     conn.exec_driver_sql("SELECT x FROM t").scalar()
    1
"""

from __future__ import annotations

import os
import sqlite3
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_FILE = "casegraph.sqlite"
# Engines of this process. A process forked after it used one (gunicorn --preload, a Dash
# background job) must not reuse its parent's connections: they are dropped in the child.
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_parent_connections() -> None:
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


def database_url(data_dir: str | Path, url: str | None = None) -> str:
    """The database to use: ``url`` if given, else ``CASEGRAPH_DATABASE_URL``, else the
    SQLite file ``casegraph.sqlite`` in ``data_dir``."""
    chosen = url or os.environ.get("CASEGRAPH_DATABASE_URL", "").strip()
    if chosen:
        return chosen
    return f"sqlite:///{(Path(data_dir).resolve() / DEFAULT_FILE).as_posix()}"


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def engine_for(url: str) -> Engine:
    """A new engine for ``url``. ``postgresql://`` URLs use psycopg 3.

    SQLite: the file's folder is created, WAL journal, foreign keys on, 30 s busy timeout, and
    transactions started by :func:`write` take the write lock at once (``BEGIN IMMEDIATE``),
    so two writers queue instead of failing when one upgrades its read lock.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        # as for SQLite below: a request waiting for a row lock (the audit chain's head) holds
        # its pooled connection meanwhile, so leave room for every request thread
        engine = create_engine(parsed, pool_pre_ping=True, future=True, pool_size=8,
                               max_overflow=56, pool_timeout=120)
        _ENGINES.add(engine)
        return engine

    pool: dict = {}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # a writer waiting for SQLite's lock holds its pooled connection meanwhile: room
        # for every request thread of a busy server, so readers never wait for the pool
        pool = {"pool_size": 8, "max_overflow": 56}
    engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False},
                           future=True, **pool)
    _ENGINES.add(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # let SQLAlchemy's "begin" event start transactions (pysqlite's own handling defers
        # BEGIN and cannot take the write lock up front)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        # switching a new file to WAL takes a lock the busy timeout does not wait for:
        # processes opening it together try again
        for attempt in range(100):
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 99:
                    raise
                time.sleep(0.05)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        immediate = conn.get_execution_options().get("casegraph_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: commits when the block ends, rolls back on an error.

    On SQLite it holds the database's write lock from its first statement; on PostgreSQL
    callers that read-then-write one row lock it themselves (``SELECT ... FOR UPDATE``).
    """
    with engine.connect() as conn:
        conn = conn.execution_options(casegraph_write=True)
        with conn.begin():
            yield conn


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """``metadata.create_all`` safe when several processes start at once (the workers of one
    gunicorn, or two servers of a team on one database).

    PostgreSQL's ``CREATE TABLE`` is not atomic with its existence check: two processes
    creating the same table fail one of them. Creation is serialised by a transaction-level
    advisory lock there, and by the write lock on SQLite.
    """
    with write(engine) as conn:
        schema_lock(conn)
        metadata.create_all(conn)


def schema_lock(conn: Connection) -> None:
    """Hold, until ``conn``'s transaction ends, the lock taken to change the schema (tables,
    triggers, first rows); on SQLite the write transaction is that lock already."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")


_SCHEMA_LOCK = 0x63617365  # any fixed number: the lock that creating tables takes
