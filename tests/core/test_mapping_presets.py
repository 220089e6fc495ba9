"""The analysts' column-mapping presets in the installation's database, on SQLite and on a
real PostgreSQL."""

from __future__ import annotations

import pytest

from casegraph.db import engine_for
from casegraph.io import LoadError, Mapping, load, preset, presets
from casegraph.mapping_presets import DbPresetStore

CALLS = (b"von;nach;Dauer;Funkzelle\n07700 900101;07700 900102;62;Z-17\n")


def test_presets_are_kept_replaced_and_deleted(database_url):
    engine = engine_for(database_url)
    store = DbPresetStore(engine)
    store.save(Mapping(source="von", target="nach", duration="Dauer", link_type="call",
                       source_type="phone", target_type="phone", attributes=["Funkzelle"],
                       name="Anrufe"), user="ana")
    store.save(Mapping(source="a", target="b", name="Zweiter"), user="ben")
    store.save(Mapping(source="von", target="nach", link_type="message", name="Zweiter"))

    again = DbPresetStore(engine)  # a second server on the same database
    assert [m.name for m in again.list()] == ["Anrufe", "Zweiter"]
    assert again.get("Zweiter").link_type == "message"
    assert again.get("nope") is None
    case = load(CALLS, filename="anrufe.csv", mapping="Anrufe", presets=again)
    assert [(d["type"], d["funkzelle"]) for *_, d in case.graph.edges(data=True)] == [
        ("call", "Z-17")]
    assert [m.name for m in presets(again)][-2:] == ["Anrufe", "Zweiter"]
    assert preset("Anrufe", again).duration == "Dauer"

    again.delete("Zweiter")
    assert [m.name for m in store.list()] == ["Anrufe"]
    engine.dispose()


def test_a_preset_needs_its_own_name(database_url):
    store = DbPresetStore(engine_for(database_url))
    with pytest.raises(LoadError, match="needs a name"):
        store.save(Mapping(source="a", target="b"))
    with pytest.raises(LoadError, match="shipped preset"):
        store.save(Mapping(source="a", target="b", name="maltego_csv"))
    assert store.list() == []
    store.engine.dispose()
