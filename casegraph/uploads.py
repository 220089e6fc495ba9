"""Uploaded files waiting for the background job that reads them.

The page sends an upload once; the server keeps its bytes here, in the app's database (so a
job worker on another machine of the team reads them too), under the ticket of the job that
will read them. The job takes them, and they are gone.

>>> spool = UploadSpool("sqlite://")
>>> spool.put("t1", [("calls.csv", b"source,target\\nA,B\\n")])
>>> spool.take("t1")
[('calls.csv', b'source,target\\nA,B\\n')]
>>> spool.take("t1")
[]
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    select,
)
from sqlalchemy.engine import Engine

from casegraph.db import create_tables, write

metadata = MetaData()

upload_spool = Table(
    "upload_spool", metadata,
    Column("ticket", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created", Float, nullable=False),
)

# files of a job that never ran (its page closed before it started) go after a day
KEEP_SECONDS = 24 * 3600


class UploadSpool:
    """Files of uploads not yet read (``target``: engine, URL or SQLite path)."""

    def __init__(self, target: str | Path | Engine):
        from casegraph.store import _engine

        self.engine = _engine(target)
        create_tables(metadata, self.engine)

    def put(self, ticket: str, files: list[tuple[str, bytes]]) -> None:
        now = time.time()
        with write(self.engine) as conn:
            conn.execute(delete(upload_spool).where(
                upload_spool.c.created < now - KEEP_SECONDS))
            conn.execute(upload_spool.insert(), [
                {"ticket": ticket, "position": i, "name": name, "data": data, "created": now}
                for i, (name, data) in enumerate(files)])

    def take(self, ticket: str) -> list[tuple[str, bytes]]:
        """The files kept under ``ticket``, removed from the spool ([] when none)."""
        t = upload_spool.c
        with write(self.engine) as conn:
            rows = conn.execute(select(t.name, t.data).where(t.ticket == ticket)
                                .order_by(t.position)).all()
            conn.execute(delete(upload_spool).where(t.ticket == ticket))
        return [(row.name, bytes(row.data)) for row in rows]
