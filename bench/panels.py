"""What the Structure tab sends and costs for one revision, and what a restart costs, before
and after the cluster table and the stored analysis.

- Structure tab: the landed code (``components/structure_panel.py`` at ``--before``, read
  from git) built one ``html.Details`` per cluster with a verdict each (largest 20); the
  current code sends the cluster figures as data to one table and judges a cluster when it
  is opened. Both are timed on the same workspace with the analysis already made, their
  caches of derived values emptied before each run, alternating; the payload is the JSON the
  browser receives.
- restart: ``Workspace.analysis`` of a revision in a fresh workspace on the same database,
  reading back what the first one kept, against analysing it again; with python-igraph's
  time for the same measures (bench/core_reference.py) for scale.

    python bench/panels.py                   # 5k and 20k call-record cases
    python bench/panels.py --sizes 5000
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import core_reference  # noqa: E402
from all import alternate, load_case  # noqa: E402


def old_panel(commit: str):
    """``components/structure_panel.py`` as it was at ``commit``, as a module."""
    source = subprocess.run(["git", "show", f"{commit}:components/structure_panel.py"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "structure_panel_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("structure_panel_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def payload(children) -> int:
    from plotly.utils import PlotlyJSONEncoder
    return len(json.dumps(children, cls=PlotlyJSONEncoder))


def med(values) -> str:
    return f"{statistics.median(values):.3f}"


def one_size(n: int, args, before, workdir: Path) -> None:
    from casegraph.workspace import Workspace
    from components import structure_panel as now

    case = load_case(n, args.kind, workdir)
    data = workdir / f"ws{n}"
    ws = Workspace(data, samples=False)
    case_id, rev = ws.import_case(case)
    store = {"case_id": case_id, "rev": rev}
    started = time.perf_counter()
    ws.analysis(case_id, rev)
    first = time.perf_counter() - started
    label = f"{args.kind} {n:,} / {case.graph.number_of_edges():,}"

    def old_tab():
        ws._derived.discard(lambda key: True)
        return before.verdict_block(ws, store), before.cluster_rows(ws, store)

    def new_tab():
        ws._derived.discard(lambda key: True)
        return (now.verdict_block(ws, store, "entities"),
                now.cluster_table_rows(ws, store, "entities"))

    timing = alternate(new_tab, old_tab, args.runs)
    size_old = payload(list(old_tab()))
    size_new = payload(list(new_tab()))
    print(f"| {label} | Structure tab for a new revision | {med(timing['reference'])} | "
          f"{med(timing['ours'])} | {statistics.median(timing['ratios']):.3f} | "
          f"{size_old:,} B | {size_new:,} B |", flush=True)
    opened = alternate(lambda: now.cluster_detail(ws, store, 0, "entities"),
                       lambda: None, 1)
    print(f"| {label} | one cluster opened (verdict of the largest) | – | "
          f"{med(opened['ours'])} | – | – | – |", flush=True)

    restarts, fresh = [], []
    for _ in range(args.runs):
        again = Workspace(data, samples=False)
        t = time.perf_counter()
        again.analysis(case_id, rev)
        restarts.append(time.perf_counter() - t)
        again.store.engine.dispose()
        t = time.perf_counter()
        core_reference.reference_analysis(case.graph, case.directed)
        fresh.append(time.perf_counter() - t)
    print(f"| {label} | analysis after a restart: analysed ({first:.2f} s) vs read "
          f"back | {first:.3f} | {med(restarts)} | {statistics.median(restarts) / first:.3f}"
          f" | – | – |", flush=True)
    print(f"| {label} | for scale: python-igraph, same measures | – | {med(fresh)} | – "
          f"| – | – |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--kind", default="hubs", choices=["hubs", "uniform"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="c00d741")
    args = parser.parse_args()

    before = old_panel(args.before)
    workdir = Path(tempfile.mkdtemp())
    print("| case | what | before median (s) | now median (s) | ratio now/before (median) "
          "| payload before | payload now |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        one_size(n, args, before, workdir)
        gc.collect()


if __name__ == "__main__":
    main()
