"""casegraph.store: revisions in a real SQLite file and in a real PostgreSQL database."""

import json

import pytest
from sqlalchemy.exc import IntegrityError

from casegraph.model import Case
from casegraph.store import CaseStore, StoreError


def small_case(name="Ring") -> Case:
    case = Case(name=name)
    a = case.add_entity("a", "person", "Ash")
    p = case.add_entity(None, "phone", "07700 900001")
    case.add_link(a, p, "uses", time="2024-01-02T10:00:00")
    case.positions = {a: (0.0, 0.0), p: (10.0, 5.0)}
    case.meta["case_number"] = "OP-17"
    return case


def test_create_load_round_trip(database_url):
    store = CaseStore(database_url)
    case = small_case()
    case_id, rev = store.create(case)
    assert rev == 1
    back = store.load(case_id)
    assert back.to_dict() == case.to_dict()
    info = store.info(case_id)
    assert (info["nodes"], info["links"], info["number"]) == (2, 1, "OP-17")


def test_save_makes_new_revision_and_keeps_old(database_url):
    store = CaseStore(database_url)
    case_id, _ = store.create(small_case())
    changed = store.load(case_id)
    changed.add_entity("b", "person", "Bay")
    assert store.save(case_id, changed, note="added Bay") == 2
    assert store.load(case_id).graph.number_of_nodes() == 3
    assert store.load(case_id, 1).graph.number_of_nodes() == 2
    assert [r["note"] for r in store.revisions(case_id)] == ["created", "added Bay"]
    store.set_current(case_id, 1)
    assert store.current_rev(case_id) == 3
    assert store.load(case_id).graph.number_of_nodes() == 2


def test_a_plain_path_is_a_sqlite_file(tmp_path):
    store = CaseStore(tmp_path / "s.sqlite")
    case_id, _ = store.create(small_case())
    assert (tmp_path / "s.sqlite").exists()
    assert store.load(case_id).name == "Ring"


def test_unknown_case_raises_store_error(database_url):
    store = CaseStore(database_url)
    with pytest.raises(StoreError, match="nope"):
        store.load("nope")
    with pytest.raises(StoreError):
        store.save("nope", small_case())


def test_samples_listed_first_in_insertion_order(database_url):
    store = CaseStore(database_url)
    store.create(small_case("upload 1"), kind="upload")
    store.create(small_case("B sample"), kind="sample", sample_id="b")
    store.create(small_case("A sample"), kind="sample", sample_id="a")
    assert [c["name"] for c in store.list_cases()] == ["B sample", "A sample", "upload 1"]
    assert store.sample_case_id("a") is not None
    with pytest.raises(IntegrityError):
        store.create(small_case("again"), kind="sample", sample_id="a")


def test_a_large_case_packed_fast_loads_back_equal(database_url):
    from casegraph import store as store_module

    case = Case(name="Large")
    for i in range(4000):
        case.add_entity(f"n{i}", "person", f"Person {i} of a large fictional case")
    for i in range(3999):
        case.add_link(f"n{i}", f"n{i + 1}", "call")
    assert len(store_module._pack(case)) > 0
    raw = len(json.dumps(case.to_dict(), separators=(",", ":")))
    assert raw > store_module.FAST_PACK_ABOVE  # this case takes the fast path
    cs = CaseStore(database_url)
    case_id, _ = cs.create(case)
    rev = cs.save(case_id, case, note="again")
    for r in (1, rev):
        back = cs.load(case_id, r)
        assert back.to_dict() == case.to_dict()


def test_saves_at_the_same_time_each_get_their_own_revision(database_url):
    import threading

    store = CaseStore(database_url)
    base = small_case()
    case_id, _ = store.create(base)
    errors = []

    def save_many(worker):
        for i in range(10):
            changed = base.copy()
            changed.add_entity(f"w{worker}-{i}", "person", f"Worker {worker}")
            try:
                store.save(case_id, changed, base=(1, base))
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [r["rev"] for r in store.revisions(case_id)] == list(range(1, 42))
    added = {n for rev in range(2, 42) for n in store.load(case_id, rev).graph
             if n.startswith("w")}
    assert len(added) == 40
