"""Exports load back as the same graph; a save killed half-way leaves the last revision intact.

The format round-trips of a small hand-made case are in test_io_roundtrip.py; here: a real
sample with every kind of attribute (times, emoji, provenance) through every format, a
saved case (meta, views, positions) through JSON, and the store under ``SIGKILL``.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from casegraph.io import load, save
from casegraph.layout import compute_positions
from casegraph.model import Case
from casegraph.samples import sample_cases
from casegraph.store import CaseStore

ROOT = Path(__file__).resolve().parents[2]
FORMATS = {"graphml": "case.graphml", "gexf": "case.gexf", "csv": "case.zip",
           "json": "case.json"}


@pytest.fixture(scope="module")
def grumbleford() -> Case:
    case = {s.id: s for s in sample_cases()}["socmint-grumbleford"].build()
    case.positions = compute_positions(case.graph)
    return case


def attributes(case: Case):
    """Every node's and link's attributes but provenance (a load adds its own stamp)."""
    nodes = {n: {k: v for k, v in d.items() if k != "provenance"}
             for n, d in case.graph.nodes(data=True)}
    links = {(u, v, k): {a: b for a, b in d.items() if a != "provenance"}
             for u, v, k, d in case.graph.edges(keys=True, data=True)}
    return nodes, links


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_real_case_round_trips_with_every_attribute(grumbleford, fmt):
    again = load(save(grumbleford, io.BytesIO(), fmt), filename=FORMATS[fmt])

    nodes, links = attributes(again)
    want_nodes, want_links = attributes(grumbleford)
    assert len(nodes) == 298 and nodes == want_nodes
    assert links == want_links
    # earlier provenance is kept in front of the stamp of this load
    for node, data in grumbleford.graph.nodes(data=True):
        before = data.get("provenance") or []
        assert again.graph.nodes[node]["provenance"][:len(before)] == before
    if fmt in ("gexf", "json"):
        assert again.positions == grumbleford.positions


def test_a_saved_case_round_trips_through_json_with_its_views():
    case = Case(name="Operation Fictional Tide", meta={"case_number": "CG-2026-0042",
                                                       "analyst": "DC A. Example"})
    case.add_entity("a", "person", "Ada Fictional", tags=["suspect"], note="seen ❄️")
    case.add_entity("b", "person", "Bo Madeup")
    case.add_link("a", "b", "call", time="2024-03-01T14:05:00")
    case.positions = {"a": (0.0, 1.5), "b": (-3.25, 8.0)}
    view = {"measure": "betweenness", "pan": {"x": 1.0, "y": 2.0}, "zoom": 1.5,
            "viewport_width": 900.0, "viewport_height": 600.0, "title": "Core"}
    case.meta["views"] = [view]
    case.meta["view"] = view

    again = load(save(case, io.BytesIO(), "json"), filename="tide.json")

    assert again.meta["views"] == [view] and again.meta["view"] == view
    assert (again.meta["case_number"], again.meta["analyst"]) == ("CG-2026-0042",
                                                                  "DC A. Example")
    assert again.positions == case.positions
    assert again.graph.nodes["a"]["tags"] == ["suspect"]
    assert again.graph.nodes["a"]["note"] == "seen ❄️"


# -- atomic save -----------------------------------------------------------------------------
def big_case(nodes: int, seed: int) -> Case:
    """A chain-and-shortcut case whose revision is megabytes even compressed (the notes are
    hashes, which zlib cannot shrink much): larger than SQLite's page cache, so part of it
    reaches the disk before the commit."""
    case = Case(name=f"Large fictional case {seed}")
    for i in range(nodes):
        note = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
        case.add_entity(f"p{i}", "person", f"Person {i} Fictional", note=note)
    for i in range(1, nodes):
        case.add_link(f"p{i - 1}", f"p{i}", "call", time="2024-01-01T00:00:00")
        case.add_link(f"p{(i * 7919) % nodes}", f"p{i}", "associate", weight=2.0)
    case.positions = {f"p{i}": (float(i % 100), float(i // 100)) for i in range(nodes)}
    return case


# The child saves revision 2 of a large case and stops inside the transaction, after the
# revision row is written and before the case row points at it: SQLAlchemy's
# before_cursor_execute event runs as each statement starts, so blocking there holds the
# transaction open.
CHILD_HOLDS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from sqlalchemy import event
    from casegraph.store import CaseStore
    from tests.core.test_roundtrip_and_atomic_save import big_case

    marker = Path({marker!r})

    def held(conn, cursor, statement, *args):
        if statement.startswith("UPDATE cases"):
            marker.write_text("in transaction")
            time.sleep(600)

    store = CaseStore({db!r})
    case = big_case({nodes}, seed=2)
    event.listen(store.engine, "before_cursor_execute", held)
    store.save({case_id!r}, case, note="the large save")
""")


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the saving process ended early: {proc.stderr.read().decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the saving process never reached its transaction")
        time.sleep(0.05)


def assert_intact(db: Path, case_id: str, rev: int, nodes: int) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = CaseStore(db)
    assert store.current_rev(case_id) == rev
    assert [r["rev"] for r in store.revisions(case_id)] == list(range(1, rev + 1))
    assert store.load(case_id).graph.number_of_nodes() == nodes
    for r in range(1, rev + 1):
        store.load(case_id, r)


def test_a_save_killed_inside_its_transaction_leaves_the_previous_revision(tmp_path):
    db = tmp_path / "cases.sqlite"
    store = CaseStore(db)
    case_id, _ = store.create(big_case(200, seed=1), kind="upload")
    marker = tmp_path / "marker"
    script = CHILD_HOLDS.format(root=str(ROOT), marker=str(marker), db=str(db), nodes=40_000,
                                case_id=case_id)

    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(marker, proc)
    wal = db.with_name(db.name + "-wal")
    written = wal.stat().st_size if wal.exists() else 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    assert proc.returncode == -signal.SIGKILL
    print(f"uncommitted WAL bytes at the kill: {written:,}")
    assert written > 500_000  # much of the new revision was on disk, uncommitted
    assert_intact(db, case_id, rev=1, nodes=200)
    # the store is not wedged: the next save commits
    assert CaseStore(db).save(case_id, big_case(300, seed=3)) == 2
    assert_intact(db, case_id, rev=2, nodes=300)


CHILD_LOOPS = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from casegraph.store import CaseStore
    from tests.core.test_roundtrip_and_atomic_save import big_case

    store = CaseStore({db!r})
    case = big_case({nodes}, seed=4)
    while True:
        print("saving", flush=True)
        store.save({case_id!r}, case, note="again")
""")


@pytest.mark.parametrize("delay", [0.05, 0.4, 0.9])
def test_a_save_killed_at_any_moment_leaves_a_loadable_store(tmp_path, delay):
    db = tmp_path / "cases.sqlite"
    store = CaseStore(db)
    case_id, _ = store.create(big_case(200, seed=1), kind="upload")
    script = CHILD_LOOPS.format(root=str(ROOT), db=str(db), nodes=5_000, case_id=case_id)

    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"saving\n"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    rev = CaseStore(db).current_rev(case_id)
    assert_intact(db, case_id, rev=rev, nodes=200 if rev == 1 else 5_000)
