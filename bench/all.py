"""Every speed ratio of the large-case work in one command, casegraph against a reference.

Each ratio comes from runs alternating casegraph and its reference in one process on the same
input (casegraph first, then the reference, then casegraph again ...), so a busy machine slows
both alike; the ratio of each pair is casegraph's time over the reference's, and the table
gives the min, median and max of those ratios with the median times.

- analysis: ``casegraph.analysis.analyse(case)`` (centralities, clusters, summary, structure
  verdict, cluster table, sampling errors) against python-igraph computing the same measures
  with the same sampling (bench/core_reference.py), on generated call-record cases read from
  an edge-list CSV: ``uniform`` (random pairs, 3 links per entity) and ``hubs`` (preferential
  attachment, 3 links per newcomer), call counts 1-5 as weights;
- the structure verdict alone: ``structure.judge`` on the projection ``analyse`` made against
  the same figures computed in igraph on the same igraph graph (figures compared);
- removal curves: ``removal_curve`` per strategy against the same loop written plainly in
  igraph, on the undirected projection, in blocks of 1 % as the Disruption tab uses; the
  curves must be equal (printed);
- the browser ratios are measured by their own scripts (named in the table).

Rows take 5 pairs (3 with --full); with --quick a row stops at 3 pairs once it has taken 40 s
(``--budget``), which only the betweenness curves reach. Both sides run igraph's OpenMP loops
on one thread, as casegraph sets it (see ``casegraph.analysis._igraph.one_openmp_thread``).

    python bench/all.py --quick            # 10k / 30k (the betweenness curves take most)
    python bench/all.py --full             # also 100k / 300k (peak memory in a child process)
    python bench/all.py --quick --write    # and replace the "Ratios" section of RESULTS.md
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import core_reference  # noqa: E402
from core import update_results  # noqa: E402

SECTION = "## Ratios (bench/all.py)"
SPREAD_RUNS = 20  # random arrest curves averaged by the Disruption tab at 10k
BROWSER = [
    ("100k/300k upload to first overview payload, server side (goal: 60 s to painted)",
     "bench/largecase.py"),
    ("stored 100k case from the picker, overview painted (goal: 3 s)", "bench/open_browser.py"),
    ("longest main-thread task while a 100k case opens (goal: 200 ms)",
     "bench/open_browser.py"),
    ("drill into a cluster, 5k / 20k / 100k overview (goal: 1 s)",
     "bench/open_browser.py --drills"),
    ("expansion, click to paint", "bench/expand_browser.py"),
]


# -- inputs -------------------------------------------------------------------------------

def write_case_csv(path: Path, n: int, kind: str, seed: int = 1) -> int:
    """Edge-list CSV of ``3 n`` distinct pairs: uniform random, or preferential attachment."""
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    if kind == "uniform":
        while len(pairs) < 3 * n:
            u, v = rng.randrange(n), rng.randrange(n)
            if u != v:
                pairs.add((u, v) if rng.random() < 0.5 else (v, u))
    else:  # Barabasi-Albert: each newcomer calls 3 existing entities, picked by degree
        ends = [0, 1, 1, 2, 2, 0]
        pairs.update({(0, 1), (1, 2), (2, 0)})
        for new in range(3, n):
            chosen: set[int] = set()
            while len(chosen) < 3:
                chosen.add(ends[rng.randrange(len(ends))])
            for old in chosen:
                pairs.add((new, old) if rng.random() < 0.5 else (old, new))
                ends += [new, old]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("source,target,weight\n")
        for u, v in sorted(pairs):
            fh.write(f"p{u:06d},p{v:06d},{rng.randint(1, 5)}\n")
    return len(pairs)


def load_case(n: int, kind: str, workdir: Path):
    from casegraph.io import load
    path = workdir / f"{kind}_{n}.csv"
    if not path.exists():
        write_case_csv(path, n, kind)
    return load(path, max_bytes=500_000_000)


# -- side-by-side runs ----------------------------------------------------------------------

def alternate(ours: Callable[[], object], reference: Callable[[], object], runs: int,
              budget: float = math.inf, least: int = 3) -> dict:
    """Times of ``runs`` alternating pairs; ratio per pair = ours / reference. Stops after
    ``least`` pairs once the row has taken ``budget`` seconds (slow rows in --quick). The
    outputs of the first pair are kept (``first``) for checking that both agree."""
    mine, theirs, first = [], [], []
    started = time.perf_counter()
    for _ in range(runs):
        for fn, out in ((ours, mine), (reference, theirs)):
            gc.collect()
            t = time.perf_counter()
            value = fn()
            out.append(time.perf_counter() - t)
            if len(first) < 2:
                first.append(value)
        if len(mine) >= least and time.perf_counter() - started > budget:
            break
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    return {"ours": mine, "reference": theirs, "ratios": ratios, "first": first}


def row(what: str, timing: dict, goal: str, extra: str = "") -> str:
    r = timing["ratios"]
    return (f"| {what} | {min(r):.2f} | {statistics.median(r):.2f} | {max(r):.2f} | "
            f"{statistics.median(timing['ours']):.2f} | "
            f"{statistics.median(timing['reference']):.2f} | {len(r)} | {goal} | {extra} |")


HEADER = ["| what | ratio min | ratio median | ratio max | casegraph median (s) | "
          "reference median (s) | pairs | goal | notes |",
          "|---|---:|---:|---:|---:|---:|---:|---|---|"]


def analysis_rows(n: int, kinds: list[str], runs: int, workdir: Path,
                  budget: float = math.inf) -> list[str]:
    from casegraph.analysis import analyse
    from casegraph.analysis.structure import judge
    rows = []
    for kind in kinds:
        case = load_case(n, kind, workdir)
        links = case.graph.number_of_edges()

        def ours(case=case):
            return full_analysis(analyse, case)

        def reference(case=case):
            return core_reference.reference_analysis(case.graph, case.directed)

        timing = alternate(ours, reference, runs, budget)
        result, expected = timing["first"]
        rows.append(row(f"analysis, {kind} {n:,} / {links:,}", timing,
                        "<= 1.2" if n <= 30_000 else "<= 60 s, < 2 GB",
                        describe(result)))
        print(rows[-1], flush=True)
        p = result.projection
        if p is not None:  # the verdict alone, both from the projection already in igraph
            timing = alternate(lambda p=p: judge(p),
                               lambda p=p: core_reference.verdict_figures(p.graph, p.n),
                               runs, budget)
            mine, theirs = timing["first"]
            same = all(math.isclose(mine.numbers[k], v, abs_tol=1e-12)
                       and math.isclose(expected["verdict"][k], v, abs_tol=1e-12)
                       for k, v in theirs.items())
            rows.append(row(f"structure verdict alone, {kind} {n:,}", timing, "",
                            "same figures" if same else "FIGURES DIFFER"))
            print(rows[-1], flush=True)
        del case, result, p
        gc.collect()
    return rows


def full_analysis(analyse, case):
    """analyse(case), plus the verdict the Structure tab used to compute on its own when the
    analysis does not carry one (so the same script measures older code)."""
    result = analyse(case)
    if getattr(result, "verdict", None) is None:
        from casegraph.analysis.project import project
        from casegraph.analysis.structure import structure_verdict
        result.verdict = structure_verdict(project(case.graph), result.communities)
    return result


def describe(result) -> str:
    parts = [f"{result.summary['clusters']} clusters", f"verdict {result.verdict.label}"]
    sampling = getattr(result, "sampling", None) or {}
    for name, s in sampling.items():
        if s.get("sampled"):
            parts.append(f"{name} ±{100 * s['error']:.1f}%")
    return ", ".join(parts)


def removal_rows(n: int, runs: int, workdir: Path, blocks: list[int],
                 budget: float = math.inf) -> list[str]:
    from casegraph.analysis.disruption import random_curves, removal_curve
    from casegraph.analysis.project import project
    case = load_case(n, "uniform", workdir)
    H = project(case.graph)
    rows = []
    for block in blocks:
        for strategy in ("degree", "pagerank", "betweenness", "random"):
            if block == 1 and strategy in ("pagerank", "betweenness"):
                continue  # n re-rankings of a global measure: not what the tab does

            def ours(s=strategy, b=block):
                return removal_curve(H, s, block=b, seed=0)

            def reference(s=strategy, b=block):
                return core_reference.reference_removal(H, s, b, seed=0)

            timing = alternate(ours, reference, runs, budget)
            same = timing["first"][0] == timing["first"][1]
            rows.append(row(f"removal curve, {strategy}, block {block}, {n:,} nodes", timing,
                            "<= 1.5", "same curve" if same else "CURVES DIFFER"))
            print(rows[-1], flush=True)
        def ours_spread(b=block):
            return random_curves(H, runs=SPREAD_RUNS, block=b, seed=0)

        def reference_spread(b=block):
            return [core_reference.reference_removal(H, "random", b, seed=i)
                    for i in range(SPREAD_RUNS)]

        timing = alternate(ours_spread, reference_spread, max(1, runs // 2), budget)
        rows.append(row(f"random_curves x{SPREAD_RUNS}, block {block}, {n:,} nodes", timing,
                        "<= 1.5"))
        print(rows[-1], flush=True)
    return rows


# -- peak memory of one large analysis, in a child process ----------------------------------

def child_peak(csv_path: str) -> None:
    from casegraph.analysis import analyse
    from casegraph.io import load
    case = load(Path(csv_path), max_bytes=500_000_000)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    result = full_analysis(analyse, case)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                      "peak_mb": round(peak), "after_load_mb": round(loaded),
                      "clusters": result.summary["clusters"]}))


def peak_row(n: int, kind: str, workdir: Path) -> str:
    path = workdir / f"{kind}_{n}.csv"
    if not path.exists():
        write_case_csv(path, n, kind)
    out = subprocess.run([sys.executable, __file__, "--child-peak", str(path)],
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    line = (f"| analysis alone in a fresh process, {kind} {n:,} | | | | {r['seconds']:.1f} | | 1 "
            f"| <= 60 s, < 2 GB | {r['cpu_seconds']:.1f} s of CPU (the wall time includes "
            f"waiting for a shared core); peak {r['peak_mb']:,} MB ({r['after_load_mb']:,} MB "
            f"after loading the case) |")
    print(line, flush=True)
    return line


def conditions() -> str:
    load1, load5, _ = os.getloadavg()
    return (f"{platform.machine()}, {os.cpu_count()} cores shared with other work (load "
            f"average {load1:.1f} / {load5:.1f} at the end), Python "
            f"{platform.python_version()}, python-igraph {_version('igraph')}, "
            f"networkx {_version('networkx')}, numpy {_version('numpy')}")


def _version(module: str) -> str:
    return getattr(__import__(module), "__version__", "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="10k / 30k only (default)")
    size.add_argument("--full", action="store_true", help="also 100k / 300k")
    parser.add_argument("--runs", type=int, default=0, help="pairs per ratio")
    parser.add_argument("--budget", type=float, default=0,
                        help="seconds per row after which it stops at 3 pairs "
                             "(default: 40 with --quick, none with --full)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--only", choices=["analysis", "removal"], help="one part only")
    parser.add_argument("--reference-clusters", choices=["leiden", "multilevel"],
                        default="leiden", help="clustering of the reference (older code: "
                                               "multilevel)")
    parser.add_argument("--child-peak", help=argparse.SUPPRESS)
    args = parser.parse_args()
    core_reference.CLUSTERS = args.reference_clusters
    if args.child_peak:
        child_peak(args.child_peak)
        return
    runs = args.runs or (5 if not args.full else 3)
    budget = args.budget or (math.inf if args.full else 40.0)
    # igraph's OpenMP loops on one thread for this thread, as casegraph sets it for its own
    # calls: both sides of every pair then run with the same setting, whichever goes first
    from casegraph.analysis._igraph import one_openmp_thread
    one_openmp_thread()
    started = time.time()
    rows = list(HEADER)
    print("\n".join(rows), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.only in (None, "analysis"):
            rows += analysis_rows(10_000, ["uniform", "hubs"], runs, workdir, budget)
            if args.full:
                rows += analysis_rows(100_000, ["uniform", "hubs"], max(2, runs - 1), workdir)
                rows += [peak_row(100_000, kind, workdir) for kind in ("uniform", "hubs")]
        if args.only in (None, "removal"):
            rows += removal_rows(10_000, runs, workdir, [100] + ([1] if args.full else []),
                                 budget)
    for what, script in BROWSER:
        line = f"| {what} | | | | | | | | measured by {script} |"
        rows.append(line)
        print(line)
    took = math.ceil((time.time() - started) / 60)
    note = (f"`python bench/all.py {'--full' if args.full else '--quick'}` ({took} min): "
            f"{conditions()}.")
    print(note)
    if args.write:
        update_results("\n".join([SECTION, "", note, "", *rows]), SECTION)


if __name__ == "__main__":
    main()
