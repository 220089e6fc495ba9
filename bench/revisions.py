"""Saving and reading case revisions: whole cases against patches, over case sizes.

For each size: the case of bench/expand.py (the fictional SOCMINT case padded to N nodes /
2N links), then ``--steps`` successive small changes (each adds 8 entities and 12 links and
appends a provenance stamp to one existing entity, as an expansion does). Timed: saving one
change whole and as a patch, the bytes each writes, reading the newest revision after
``--steps`` patches against reading a whole one, and the process's peak RSS so far (sizes
run from small to large).

Then the garbage collector: ``--expansions`` expansions of one 5,000-node case back to back
in one process, with CPython's automatic collector and with ``casegraph.idle_gc`` (full
collections between the expansions, as between requests): time per expansion and peak RSS.

    python bench/revisions.py [--sizes 1000 5000 20000] [--steps 24] [--expansions 30]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from expand import big_case  # noqa: E402

from casegraph.model import Case  # noqa: E402
from casegraph.store import CaseStore  # noqa: E402


def changed(case: Case, step: int) -> Case:
    """A copy with what one expansion typically adds."""
    new = case.copy()
    anchor = next(iter(new.graph))
    added = [new.add_entity(None, "phone", f"+4477009{step:02d}{i:03d}") for i in range(8)]
    for i, node in enumerate(added):
        new.add_link(anchor, node, "uses")
        if i % 2:
            new.add_link(added[i - 1], node, "call")
        new.positions[node] = (float(step), float(i))
    data = new.graph.nodes[anchor]
    data["provenance"] = [*data.get("provenance", []), {"kind": "lookup", "step": step}]
    return new


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def store_side(nodes: int, steps: int) -> dict:
    base = big_case(nodes)
    store = CaseStore(Path(tempfile.mkdtemp()) / "bench.sqlite")
    case_id, rev = store.create(base)
    whole_save, patch_save, whole_bytes, patch_bytes = [], [], [], []
    case = base
    for step in range(steps):
        new = changed(case, step)
        t0 = time.perf_counter()
        rev = store.save(case_id, new, base=(rev, case))
        patch_save.append(ms(t0))
        case = new
    with store._connect() as db:
        rows = db.execute("SELECT length(data) AS n, base FROM revisions WHERE case_id=?",
                          (case_id,)).fetchall()
    patch_bytes = [r["n"] for r in rows if r["base"] is not None]
    whole_id, _ = store.create(base)
    for step in range(3):
        t0 = time.perf_counter()
        store.save(whole_id, changed(base, step))
        whole_save.append(ms(t0))
    with store._connect() as db:
        whole_bytes = [r["n"] for r in db.execute(
            "SELECT length(data) AS n FROM revisions WHERE case_id=?", (whole_id,))]
    depth = store.depth(case_id, rev)
    t0 = time.perf_counter()
    store.load(case_id, rev)
    read_chain = ms(t0)
    t0 = time.perf_counter()
    store.load(whole_id)
    read_whole = ms(t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"nodes": nodes, "links": base.graph.number_of_edges(),
            "save_whole": statistics.median(whole_save),
            "save_patch": statistics.median(patch_save),
            "bytes_whole": statistics.median(whole_bytes),
            "bytes_patch": statistics.median(patch_bytes), "depth": depth,
            "read_chain": read_chain, "read_whole": read_whole, "peak_mb": peak / 2**20}


GC_RUN = """
import resource, statistics, sys, tempfile, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from expand_browser import bench_case, ACCOUNTS
from casegraph.workspace import Workspace
from casegraph.idle_gc import IdleCollector
from components import enrich
idle = {idle!r}
collector = IdleCollector(start=False) if idle else None
if idle:
    collector.start()
ws = Workspace(tempfile.mkdtemp(), samples=False)
case_id, rev = ws.import_case(bench_case(5000))
ws.enrichment().registry.get("records").prepare()
store = {{"case_id": case_id, "rev": rev}}
ws.analysis(case_id, rev)
times = []
for i in range({n}):
    if idle:
        collector.enter()
    t0 = time.perf_counter()
    out = enrich.expand_action(ws, store, ACCOUNTS[i % len(ACCOUNTS)], "records")
    times.append((time.perf_counter() - t0) * 1000)
    if idle:
        collector.leave()
        collector.step(now=time.monotonic() + 1)   # the quiet moment between two clicks
    if out.store:
        store = {{"case_id": case_id, "rev": out.store["rev"]}}
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(statistics.median(times), max(times), peak)
"""


def gc_side(expansions: int, idle: bool) -> tuple[float, float, float]:
    code = GC_RUN.format(root=str(ROOT), bench=str(ROOT / "bench"), idle=idle, n=expansions)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    med, worst, peak = (float(x) for x in out.stdout.split())
    return med, worst, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--steps", type=int, default=24)
    parser.add_argument("--expansions", type=int, default=30)
    args = parser.parse_args()
    print("| nodes | links | save whole | save patch | bytes whole | bytes patch | read after "
          "N patches | read whole | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        r = store_side(size, args.steps)
        print(f"| {r['nodes']:,} | {r['links']:,} | {r['save_whole']:.1f} ms | "
              f"{r['save_patch']:.1f} ms | {r['bytes_whole']:,.0f} | {r['bytes_patch']:,.0f} | "
              f"{r['read_chain']:.0f} ms ({r['depth']}) | {r['read_whole']:.0f} ms | "
              f"{r['peak_mb']:.0f} |")
    if args.expansions:
        for idle in (False, True):
            med, worst, peak = gc_side(args.expansions, idle)
            name = "idle-time full collections" if idle else "automatic collector"
            print(f"{args.expansions} expansions at 5,000 nodes, {name}: median {med:.0f} ms, "
                  f"max {worst:.0f} ms, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
