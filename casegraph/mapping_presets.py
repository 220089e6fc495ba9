"""The analysts' own column-mapping presets, kept in the installation's database.

:class:`DbPresetStore` is the :class:`~casegraph.io.mapping.PresetStore` the app uses: one
row per preset in the table ``mapping_presets`` of the database every other record lives in
(SQLite or PostgreSQL), so every analyst of an installation sees the presets saved by the
others, whichever worker or server they reach. Saving a preset is recorded in the audit log
by the session (``CaseSession.mapping_presets``), not here.

    >>> import tempfile
    >>> from casegraph.db import database_url, engine_for
    >>> from casegraph.io import Mapping
    >>> store = DbPresetStore(engine_for(database_url(tempfile.mkdtemp())))
    >>> store.save(Mapping(source="von", target="nach", name="Telefonate"), user="ana")
    >>> [(m.name, m.source) for m in store.list()], store.get("Telefonate").target
    ([('Telefonate', 'von')], 'nach')
"""

from __future__ import annotations

import json

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, delete, insert, select

from casegraph.db import create_tables, write
from casegraph.io.mapping import Mapping, _named
from casegraph.model import now_iso

metadata = MetaData()
mapping_presets = Table(
    "mapping_presets", metadata,
    Column("name", String(120), primary_key=True),
    Column("mapping", Text, nullable=False),      # Mapping.to_dict() as JSON
    Column("saved", String(40), nullable=False),
    Column("saved_by", String(120), nullable=False),
)


class DbPresetStore:
    """Presets in the database: saving under a taken name replaces that preset."""

    def __init__(self, engine: Engine):
        self.engine = engine
        create_tables(metadata, engine)

    def list(self) -> list[Mapping]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(mapping_presets.c.mapping)
                                .order_by(mapping_presets.c.name)).scalars().all()
        return [Mapping.from_dict(json.loads(r)) for r in rows]

    def get(self, name: str) -> Mapping | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(mapping_presets.c.mapping).where(
                mapping_presets.c.name == str(name))).scalar()
        return Mapping.from_dict(json.loads(found)) if found else None

    def save(self, mapping: Mapping, user: str = "") -> None:
        name = _named(mapping)  # refuses a blank name or a shipped preset's name
        data = dict(mapping.to_dict(), name=name)
        with write(self.engine) as conn:
            conn.execute(delete(mapping_presets).where(mapping_presets.c.name == name))
            conn.execute(insert(mapping_presets).values(
                name=name, mapping=json.dumps(data, ensure_ascii=False), saved=now_iso(),
                saved_by=str(user or "")))

    def delete(self, name: str) -> None:
        with write(self.engine) as conn:
            conn.execute(delete(mapping_presets).where(mapping_presets.c.name == str(name)))


class AuditedPresets:
    """A preset store as one user of a session sees it: anyone logged in reads the presets;
    saving or deleting one needs the right to create cases and is recorded as a setting
    change (who, which preset, which columns)."""

    def __init__(self, store: DbPresetStore, session):
        self._store = store
        self._session = session

    def list(self) -> list[Mapping]:
        return self._store.list()

    def get(self, name: str) -> Mapping | None:
        return self._store.get(name)

    def save(self, mapping: Mapping) -> None:
        from casegraph.audit import SETTING

        self._session.require("create")
        self._store.save(mapping, user=self._session.user)
        self._session.record_event(SETTING, setting="mapping_preset", name=mapping.name,
                                   mapping=mapping.to_dict())

    def delete(self, name: str) -> None:
        from casegraph.audit import SETTING

        self._session.require("create")
        self._store.delete(name)
        self._session.record_event(SETTING, setting="mapping_preset", name=name,
                                   deleted=True)
