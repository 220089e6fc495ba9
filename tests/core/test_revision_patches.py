"""Revisions stored as patches: case_patch/apply_patch, the store's chains, copy-on-write
expansion copies, and databases made before patches existed."""

import random
import sqlite3
import zlib

import pytest

from casegraph.enrichment.base import LookupContext
from casegraph.enrichment.expand import expand
from casegraph.enrichment.providers.records_db import RecordsProvider
from casegraph.model import Case, apply_patch, case_patch, patch_size
from casegraph.store import MAX_CHAIN, CaseStore
from casegraph.workspace import Workspace

CTX = LookupContext(user="analyst1", case_number="OP-1", purpose="test of stored revisions",
                    now="2024-05-01T10:00:00+00:00")


def ring(n=40, seed=3) -> Case:
    rnd = random.Random(seed)
    case = Case(name="Ring")
    for i in range(n):
        case.add_entity(f"p{i}", "person", f"Person {i}", note=f"n{i}")
    for _ in range(n * 2):
        a, b = rnd.sample(range(n), 2)
        case.add_link(f"p{a}", f"p{b}", "call", weight=rnd.randint(1, 5), phase=rnd.randint(1, 4))
    case.positions = {f"p{i}": (float(i), float(i % 7)) for i in range(n)}
    case.meta["case_number"] = "OP-1"
    return case


def edit(case: Case, rnd: random.Random) -> Case:
    """A copy with a random mix of additions, changes and removals."""
    new = case.copy()
    g = new.graph
    nodes = list(g)
    for _ in range(rnd.randint(0, 3)):
        node = new.add_entity(None, "phone", f"07700 9{rnd.randint(10000, 99999)}")
        new.add_link(rnd.choice(nodes), node, "uses")
        new.positions[node] = (rnd.random(), rnd.random())
    for node in rnd.sample(nodes, k=min(3, len(nodes))):
        g.nodes[node]["tags"] = ["watch"]
    edges = list(g.edges(keys=True))
    for u, v, k in rnd.sample(edges, k=min(2, len(edges))):
        g.edges[u, v, k]["weight"] = 99.0
    if rnd.random() < 0.5 and len(edges) > 3:
        g.remove_edge(*edges[0])
    if rnd.random() < 0.3 and len(nodes) > 3:
        gone = rnd.choice(nodes)
        g.remove_node(gone)
        new.positions.pop(gone, None)
    if nodes:
        new.positions[nodes[-1]] = (123.0, 456.0)
    new.meta["purpose"] = f"purpose {rnd.random()}"
    new.name = rnd.choice(["Ring", "Ring (renamed)"])
    return new


def test_patch_turns_old_into_new_for_random_edits():
    rnd = random.Random(7)
    old = ring()
    for _ in range(30):
        new = edit(old, rnd)
        patch = case_patch(old, new)
        back = apply_patch(Case.from_dict(old.to_dict()), patch)
        assert back.to_dict() == new.to_dict()
        old = new


def test_patch_of_an_unchanged_case_is_empty():
    case = ring()
    patch = case_patch(case, case.copy())
    assert patch_size(patch) == 0
    assert (patch["nodes"], patch["links"]) == (40, 80)


def test_patched_case_indexes_follow_its_content():
    old = ring()
    new = old.copy()
    phone = new.add_entity(None, "phone", "07700 900123")
    back = apply_patch(Case.from_dict(old.to_dict()), case_patch(old, new))
    assert back.find_by_key("phone:+447700900123") == phone
    assert back.add_link("p1", phone, "uses") not in {k for *_, k in old.graph.edges(keys=True)}


def _kinds(store, case_id):
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(
            "SELECT rev, base, depth, length(data) FROM revisions "
            "WHERE case_id=? ORDER BY rev", (case_id,)).fetchall()]


def test_store_writes_small_changes_as_patches_and_reads_them_back(tmp_path):
    store = CaseStore(tmp_path / "s.sqlite")
    rnd = random.Random(11)
    old = ring(300)
    case_id, rev = store.create(old)
    expected = {rev: old.to_dict()}
    for _ in range(5):
        new = edit(old, rnd)
        rev = store.save(case_id, new, note="edit", base=(rev, old))
        expected[rev] = new.to_dict()
        old = new
    rows = _kinds(store, case_id)
    assert [(r[1], r[2]) for r in rows] == [(None, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    assert max(r[3] for r in rows[1:]) < rows[0][3] / 5   # patches are small
    for r, data in expected.items():
        assert store.load(case_id, r).to_dict() == data
    info = store.info(case_id)
    assert (info["nodes"], info["links"]) == (old.graph.number_of_nodes(),
                                               old.graph.number_of_edges())


def test_large_changes_and_long_chains_are_stored_whole(tmp_path):
    store = CaseStore(tmp_path / "s.sqlite")
    old = ring(50)
    case_id, rev = store.create(old)
    rebuilt = ring(50, seed=4)                  # every link differs
    rev = store.save(case_id, rebuilt, base=(rev, old))
    assert _kinds(store, case_id)[-1][1:3] == (None, 0)
    case = rebuilt
    for i in range(MAX_CHAIN + 2):
        new = case.copy()
        new.graph.nodes["p1"]["note"] = f"edit {i}"
        rev = store.save(case_id, new, base=(rev, case))
        case = new
    depths = [r[2] for r in _kinds(store, case_id)]
    assert max(depths) == MAX_CHAIN - 1 and depths[-1] < MAX_CHAIN - 1
    assert store.load(case_id).graph.nodes["p1"]["note"] == f"edit {MAX_CHAIN + 1}"


def test_compact_rewrites_a_revision_whole_without_changing_it(tmp_path):
    store = CaseStore(tmp_path / "s.sqlite")
    old = ring()
    case_id, rev1 = store.create(old)
    new = edit(old, random.Random(1))
    rev2 = store.save(case_id, new, base=(rev1, old))
    newer = edit(new, random.Random(2))
    rev3 = store.save(case_id, newer, base=(rev2, new))
    store.compact(case_id, rev2)
    assert store.depth(case_id, rev2) == 0 and store.depth(case_id, rev3) == 2
    assert store.load(case_id, rev2).to_dict() == new.to_dict()
    assert store.load(case_id, rev3).to_dict() == newer.to_dict()


def test_a_patch_whose_base_is_missing_is_a_store_error(tmp_path):
    from casegraph.store import StoreError

    store = CaseStore(tmp_path / "s.sqlite")
    old = ring()
    case_id, rev = store.create(old)
    new = edit(old, random.Random(5))
    store.save(case_id, new, base=(rev, old))
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        db.execute("UPDATE revisions SET base=99 WHERE rev=2")
    with pytest.raises(StoreError, match="base is missing"):
        store.load(case_id, 2)


def test_database_from_before_patches_is_upgraded(tmp_path):
    path = tmp_path / "old.sqlite"
    case = ring()
    import json

    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE cases (case_id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
              sample_id TEXT, number TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,
              rev INTEGER NOT NULL, nodes INTEGER NOT NULL, links INTEGER NOT NULL);
            CREATE TABLE revisions (case_id TEXT NOT NULL, rev INTEGER NOT NULL,
              created TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', data BLOB NOT NULL,
              PRIMARY KEY (case_id, rev));""")
        db.execute("INSERT INTO cases VALUES ('c1','Ring','upload',NULL,NULL,'t','t',1,40,80)")
        db.execute("INSERT INTO revisions VALUES ('c1',1,'t','created',?)",
                   (zlib.compress(json.dumps(case.to_dict()).encode()),))
    store = CaseStore(path)
    assert store.load("c1").to_dict() == case.to_dict()
    new = edit(case, random.Random(3))
    rev = store.save("c1", new, base=(1, case))
    assert store.depth("c1", rev) == 1 and store.load("c1").to_dict() == new.to_dict()


@pytest.fixture
def records(tmp_path, fixtures):
    return RecordsProvider(tmp_path / "records.sqlite", fixtures / "records")


def _socmint_case():
    case = Case(name="test")
    case.add_entity("AC1", "account", "instagram: frosty_fern", platform="instagram",
                    username="frosty_fern")
    case.add_entity("PH9", "phone", "07700 900002", phone="07700 900002")
    case.positions = {"AC1": (100.0, 0.0), "PH9": (0.0, 0.0)}
    return case


def test_expansion_copy_never_changes_the_revision_it_came_from(records):
    first = expand(_socmint_case(), "AC1", records, CTX)
    before = first.case.to_dict()
    # the same lookup again: every entity and link is already there, so the merge appends
    # provenance to existing nodes and links (which the copy shares with `first.case`)
    again = expand(first.case, "AC1", records, CTX)
    assert first.case.to_dict() == before
    assert again.changed and not again.new_nodes
    person = again.case.graph.nodes["rec:RP000001"]
    assert len(person["provenance"]) == 2
    assert len(first.case.graph.nodes["rec:RP000001"]["provenance"]) == 1
    u, v, k = next((u, v, k) for u, v, k in again.case.graph.edges(keys=True)
                   if u == "AC1" or v == "AC1")
    assert len(again.case.graph.edges[u, v, k]["provenance"]) == 2
    assert len(first.case.graph.edges[u, v, k]["provenance"]) == 1
    # only what changed is in the patch: shared dicts are skipped by identity
    patch = case_patch(first.case, again.case)
    assert not patch["nodes_del"] and not patch["links_del"]
    touched = {n["id"] for n in patch["nodes_set"]}
    changed = {n for n, d in again.case.graph.nodes(data=True)
               if d != first.case.graph.nodes[n]}
    assert "rec:RP000001" in touched and touched == changed
    back = apply_patch(Case.from_dict(before), patch)
    assert back.to_dict() == again.case.to_dict()


def test_workspace_saves_an_expansion_as_a_patch_and_reads_it_after_restart(tmp_path,
                                                                            records):
    ws = Workspace(tmp_path / "ws", samples=False)
    case_id, rev = ws.import_case(_socmint_case())
    res = expand(ws.case(case_id, rev), "AC1", records, CTX)
    new_rev = ws.save_revision(case_id, res.case, keep=True)
    assert ws.store.depth(case_id, new_rev) == 1
    fresh = Workspace(tmp_path / "ws", samples=False)   # a restarted server: nothing cached
    assert fresh.case(case_id, new_rev).to_dict() == res.case.to_dict()


def test_workspace_rewrites_deep_revisions_whole_in_the_background(tmp_path):
    import time

    from casegraph import workspace as wsmod

    ws = Workspace(tmp_path / "ws", samples=False)
    case = ring(30)
    case_id, rev = ws.import_case(case)
    for i in range(wsmod.COMPACT_AT):
        new = ws.case(case_id, rev).copy()
        new.graph.nodes["p1"]["note"] = f"edit {i}"
        rev = ws.save_revision(case_id, new, keep=True)
    deadline = time.monotonic() + 10
    while ws.store.depth(case_id, rev) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ws.store.depth(case_id, rev) == 0
    assert ws.store.depth(case_id, rev - 1) == wsmod.COMPACT_AT - 1
    fresh = Workspace(tmp_path / "ws", samples=False)
    assert fresh.case(case_id, rev).graph.nodes["p1"]["note"] == f"edit {wsmod.COMPACT_AT - 1}"
