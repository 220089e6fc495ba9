"""Every speed ratio and goal of the large-case work in one command (issue 14).

Each ratio comes from runs alternating casegraph and its reference on the same input
(casegraph first, then the reference, then casegraph again ...), so a busy machine slows
both alike; the ratio of each pair is casegraph's time over the reference's, and the table
gives the min, median and max of those ratios and of casegraph's times. Where the goal is an
absolute time there is no reference: the row gives casegraph's min, median and max against
the goal, and the "met" column says whether the median (for long tasks: every run) is within.

In this process:

- analysis: ``casegraph.analysis.analyse(case)`` (centralities, clusters, summary, structure
  verdict, cluster table, sampling errors) against python-igraph computing the same measures
  with the same sampling (bench/core_reference.py), on generated call-record cases read from
  an edge-list CSV: ``uniform`` (random pairs, 3 links per entity) and ``hubs`` (preferential
  attachment, 3 links per newcomer), call counts 1-5 as weights;
- the structure verdict alone: ``structure.judge`` on the projection ``analyse`` made against
  the same figures computed in igraph on the same igraph graph (figures compared);
- removal curves: ``removal_curve`` per strategy against the same loop written plainly in
  igraph, on the undirected projection, in blocks of 1 % as the Disruption tab uses; the
  curves must be equal (printed).

In the browser, each script run as a child process with ``--json`` (its last line: every
run's samples; its whole output kept in a log named on stderr):

- bench/paint.py: the page's first picture against a bare dash-cytoscape app drawing the same
  case (ratio per pair of page loads), and casegraph's every-entity picture against the same;
- bench/largecase.py: a uniform case uploaded through the upload's own code up to the first
  overview payload, server side, with its stages (the painting is not included: see the
  next row for the page's part of it);
- bench/open_browser.py on the workspace largecase.py made: the stored case picked in the
  case picker to the overview drawn (the first run is a cold open), the longest main-thread
  task meanwhile, and taps on clusters 0 (the largest) and 5 to the frame that draws them;
- bench/expand_browser.py (browser side only): a click on Expand to the frame that draws the
  new entities, on a 5,000-entity case with every entity drawn.

``--quick`` (the default) takes 3 pairs per row (``--runs``; given more, a row stops at 3
once it has taken 40 s, ``--budget``); its browser cases are 5k and 20k entities (paint: 3
loads of each app at 5k, one at 20k as bench/paint.py does; open: 2 loads, the first cold;
expansion: 3). ``--full`` adds the 100k / 300k analysis,
its peak memory in a child process, removal in blocks of 1 node, paint at 1k, and the 100k
case uploaded, opened and drilled (3 loads). Both sides of the analysis and removal rows run
igraph's OpenMP loops on one thread, as casegraph sets it
(see ``casegraph.analysis._igraph.one_openmp_thread``).

    python bench/all.py --quick            # about 15-30 min on 2 shared cores
    python bench/all.py --full             # also 100k / 300k
    python bench/all.py --quick --write    # and replace the "Ratios" section of RESULTS.md
    python bench/all.py --only browser --keep /tmp/b   # the browser rows, cases kept
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
import signal
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


def spread(values: list[float], digits: int = 2) -> str:
    """min / median / max of ``values``, or the one value."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return " / ".join(f"{v:.{digits}f}" for v in
                      (min(values), statistics.median(values), max(values)))


def verdict(values: list[float], limit: float | None, on: str = "median") -> str:
    """"yes" when the median (or, with ``on="max"``, every value) is within ``limit``."""
    if limit is None or not values:
        return ""
    value = max(values) if on == "max" else statistics.median(values)
    return "yes" if value <= limit else "**no**"


def row(what: str, timing: dict, goal: str, extra: str = "",
        limit: float | None = None, on: str = "ratio") -> str:
    """A row from side-by-side ``timing`` (``alternate``); ``limit`` applies to the median
    ratio (``on="ratio"``) or to casegraph's median seconds (``on="time"``)."""
    r = timing["ratios"]
    met = verdict(r if on == "ratio" else timing["ours"], limit)
    return (f"| {what} | {min(r):.2f} | {statistics.median(r):.2f} | {max(r):.2f} | "
            f"{spread(timing['ours'])} | {statistics.median(timing['reference']):.2f} | "
            f"{len(r)} | {goal} | {met} | {extra} |")


def time_row(what: str, seconds: list[float], goal: str = "", extra: str = "",
             limit: float | None = None, on: str = "median") -> str:
    """A row of casegraph's own times (no reference), against an absolute goal."""
    if not seconds:
        return f"| {what} | | | | | | 0 | {goal} | | {extra or 'no run finished'} |"
    return (f"| {what} | | | | {spread(seconds)} | | {len(seconds)} | {goal} | "
            f"{verdict(seconds, limit, on)} | {extra} |")


LEGEND = """\
Ratios: casegraph's time over the reference's for each pair of runs on the same input,
casegraph first; min / median / max over the pairs. Times in seconds, min / median / max
(one figure for one run). "met": the median ratio, or the median time, is within the goal;
for the longest main-thread task, every run's. A page load that did not draw in time is
left out (its script's log says so), and the paint pairs are the loads in the order made.
The browser rows at 5k and 20k stand in for the 100k goals with --quick (`--full` adds the
100k case).

The "upload through the page" rows (bench/upload_browser.py) give the file to the page's
upload input and time it to the new case's overview painted (the background job, its
progress and the page's open included); --quick uploads 20k, --full 100k. Paint and
expansion have no goal of their own: paint is a ratio against bare dash-cytoscape,
expansion an absolute time.""".splitlines()


HEADER = ["| what | ratio min | ratio median | ratio max | casegraph min / median / max (s) | "
          "reference median (s) | runs | goal | met | notes |",
          "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]


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
        small = n <= 30_000
        rows.append(row(f"analysis, {kind} {n:,} / {links:,}", timing,
                        "<= 1.2" if small else "<= 60 s, < 2 GB", describe(result),
                        1.2 if small else 60.0, "ratio" if small else "time"))
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
                            "<= 1.5", "same curve" if same else "CURVES DIFFER", 1.5))
            print(rows[-1], flush=True)
        def ours_spread(b=block):
            return random_curves(H, runs=SPREAD_RUNS, block=b, seed=0)

        def reference_spread(b=block):
            return [core_reference.reference_removal(H, "random", b, seed=i)
                    for i in range(SPREAD_RUNS)]

        timing = alternate(ours_spread, reference_spread, max(1, runs // 2), budget)
        rows.append(row(f"random_curves x{SPREAD_RUNS}, block {block}, {n:,} nodes", timing,
                        "<= 1.5", "", 1.5))
        print(rows[-1], flush=True)
    return rows


# -- the browser rows: the scripts that measure them, run as child processes -----------------

def child_json(script: str, args: list[str], log: Path, timeout: float) -> dict | None:
    """Run ``bench/<script> ARGS --json``; its whole output goes to ``log`` and the last line
    that is a JSON object (what ``--json`` adds) is returned, or None when it failed."""
    command = [sys.executable, str(ROOT / "bench" / script), *args, "--json"]
    print(f"  running {' '.join(command[1:])} (output in {log})", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with log.open("w") as out:
        # its own process group: a script stopped for taking too long takes its servers and
        # browsers with it
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                 env=dict(os.environ, PYTHONUNBUFFERED="1"),
                                 start_new_session=True)
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait()
            print(f"  {script}: stopped after {timeout:.0f} s", file=sys.stderr)
            return None
    lines = log.read_text(errors="replace").splitlines()
    print(f"  {script}: {time.perf_counter() - started:.0f} s, exit {code}",
          file=sys.stderr, flush=True)
    for line in reversed(lines):
        if line.startswith('{"bench"'):
            return json.loads(line)
    print("\n".join(lines[-15:]), file=sys.stderr)
    return None


def paint_rows(sizes: list[int], repeat: int, workdir: Path, timeout: float) -> list[str]:
    """bench/paint.py: casegraph's first picture and its every-entity picture, each over the
    bare dash-cytoscape app's picture of every entity, per pair of page loads."""
    got = child_json("paint.py", ["--sizes", *map(str, sizes), "--repeat", str(repeat)],
                     workdir / "paint.log", timeout)
    rows = []
    for n in sizes:
        base = ((got or {}).get("paint", {}).get("baseline") or {}).get(str(n))
        app = ((got or {}).get("paint", {}).get("app") or {}).get(str(n))
        what = f"paint, {n:,} entities, first picture vs bare dash-cytoscape"
        if not base or not app:
            rows.append(time_row(what, [], extra="not drawn: see bench/paint.py's output"))
            continue
        ov = app.get("overview")
        first = (f"an overview of {ov['nodes']} clusters, {ov['edges']} links" if ov
                 else "every entity and link")
        for label, mine, extra in (
                ("first picture", app["runs_ms"], f"casegraph's first picture is {first}; "
                                                  "the bare app draws every entity"),
                ("every entity drawn", app["full_runs_ms"],
                 "casegraph: " + ("first picture, then a click on \"Show every entity\""
                                  if ov else "the first picture"))):
            pairs = list(zip(mine, base["runs_ms"], strict=False))
            timing = {"ours": [a / 1000 for a, _ in pairs],
                      "reference": [b / 1000 for _, b in pairs],
                      "ratios": [a / b for a, b in pairs]}
            rows.append(row(f"paint, {n:,} / {app['edges']:,}, {label} vs bare "
                            "dash-cytoscape", timing, "", extra + "; page loads paired in "
                            "order"))
    return rows


def upload_rows(sizes: list[int], workdir: Path, timeout: float) -> list[str]:
    """bench/upload_browser.py: a CSV given to the page's upload input, to the new case's
    overview painted (one upload per size, on a server started for it)."""
    rows = []
    for n in sizes:
        got = child_json("upload_browser.py", ["--sizes", str(n), "--workdir", str(workdir)],
                         workdir / f"upload-{n}.log", timeout)
        what = f"upload through the page to the overview painted, {n:,} / {3 * n:,}"
        big = n >= 100_000
        if not got:
            rows.append(time_row(what, [], extra="failed: see bench/upload_browser.py's output"))
            continue
        sm = got["samples"]
        stages = sm["stages"][0] or {}
        named = ", ".join(f"{name} {ms / 1000:.1f}" for name, ms in stages.items())
        rows.append(time_row(
            what, [ms / 1000 for ms in sm["painted_ms"] if ms is not None],
            "<= 60 s" if big else "(60 s at 100k)",
            f"stages named at (s): {named}; job's answer "
            f"{(sm['job_end_ms'][0] or 0) / 1000:.1f} s; longest main-thread task "
            f"{sm['longest_task_ms'][0]} ms; peak {sm['peak_mb'][0]:,} MB (app and its jobs)",
            60.0 if big else None))
    return rows


def large_rows(sizes: list[int], open_repeat: int, drills: list[int], workdir: Path,
               timeout: float) -> list[str]:
    """bench/largecase.py (upload to the first overview payload, server side), then
    bench/open_browser.py on the workspace it made (picked in the case picker: overview
    drawn, longest main-thread task, drills into clusters)."""
    rows = []
    for n in sizes:
        got = child_json("largecase.py", ["--sizes", str(n), "--workdir", str(workdir)],
                         workdir / f"largecase-{n}.log", timeout)
        big = n >= 100_000
        if got:
            r = got["runs"][0]
            stages = ", ".join(f"{name} {wall:.1f}" for name, (wall, _) in r["stages"].items()
                               if name != "start")
            drilled = "; ".join(f"{d['members']:,} members {d['first'][0]:.2f} s"
                                for d in r["drills"])
            shown = (f"{r['clusters']} clusters" if r["clusters"] else
                     "every entity (no overview)")
            rows.append(time_row(
                f"upload to first overview payload, server side, {n:,} / {r['links']:,}",
                [r["upload"][0]], "<= 60 s to painted" if big else "(60 s at 100k)",
                f"{r['upload'][1]:.1f} s of CPU; stages (s): {stages}; then on a restarted "
                f"server: overview payload {r['open'][0]:.2f} s, drills (first time) "
                f"{drilled}; {shown}; peak {r['peak_mb']:,} MB",
                60.0 if big else None))
        else:
            rows.append(time_row(f"upload to first overview payload, server side, {n:,}", [],
                                 extra="failed: see bench/largecase.py's output"))
            continue
        got = child_json("open_browser.py", ["--data-dir", str(workdir / f"ws{n}"),
                                             "--repeat", str(open_repeat),
                                             "--drills", *map(str, drills)],
                         workdir / f"open-{n}.log", timeout)
        size = f"{n:,} / {r['links']:,}"
        if not got:
            rows.append(time_row(f"stored case from the picker, {size}", [],
                                 extra="failed: see bench/open_browser.py's output"))
            continue
        sm = got["samples"]
        drawn = [ms / 1000 for ms in sm["drawn_ms"]]
        cold = [d for d, c in zip(drawn, sm["cold"], strict=True) if c]
        scale = "" if big else " (goal stated for 100k)"
        rows.append(time_row(
            f"stored case from the picker to overview drawn, {size}", drawn,
            "<= 3 s" + scale, f"first run after the server started (cold) "
            f"{', '.join(f'{c:.2f}' for c in cold)} s, the others warm", 3.0))
        rows.append(time_row(
            f"longest main-thread task while it opens, {size}",
            [ms / 1000 for ms in sm["longest_task_ms"]], "<= 0.2 s, every run" + scale,
            "from the pick until 2 s after the overview is drawn", 0.2, "max"))
        back = sm.get("back_ms") or []
        rows.append(time_row(
            f"drill into a cluster, tap to frame, {size}",
            [ms / 1000 for ms in sm["drill_ms"]], "<= 1 s",
            f"clusters {', '.join(map(str, drills))} (0 the largest; "
            f"{', '.join(map(str, sm['drill_nodes']))} nodes drawn); back to clusters "
            + (spread([b / 1000 for b in back]) + " s" if back else "not measured"), 1.0))
    return rows


def expand_rows(nodes: int, repeat: int, workdir: Path, timeout: float) -> list[str]:
    """bench/expand_browser.py, browser side: click on Expand to the frame that draws the
    new entities, every entity on the canvas."""
    got = child_json("expand_browser.py", ["--nodes", str(nodes), "--repeat", str(repeat),
                                           "--browser-only"],
                     workdir / "expand.log", timeout)
    what = f"expansion, click to paint, {nodes:,} entities drawn"
    if not got:
        return [time_row(what, [], extra="failed: see bench/expand_browser.py's output")]
    sm = got["samples"]
    idle = sm.get("idle") or []
    return [time_row(what, [ms / 1000 for ms in sm["paint"]], "(none stated)",
                     "click to idle " + (spread([i / 1000 for i in idle]) + " s"
                                         if idle else "not measured"))]


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
    met = "yes" if r["seconds"] <= 60 and r["peak_mb"] < 2048 else "**no**"
    line = (f"| analysis alone in a fresh process, {kind} {n:,} | | | | {r['seconds']:.1f} | | 1 "
            f"| <= 60 s, < 2 GB | {met} | {r['cpu_seconds']:.1f} s of CPU (the wall time "
            f"includes waiting for a shared core); peak {r['peak_mb']:,} MB "
            f"({r['after_load_mb']:,} MB after loading the case) |")
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
    size.add_argument("--quick", action="store_true",
                      help="10k / 30k analysis, 5k and 20k cases in the browser (default)")
    size.add_argument("--full", action="store_true", help="also 100k / 300k")
    parser.add_argument("--runs", type=int, default=0, help="pairs per ratio (default 3)")
    parser.add_argument("--budget", type=float, default=0,
                        help="seconds per row after which it stops at 3 pairs "
                             "(default: 40 with --quick, none with --full)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--only", choices=["analysis", "removal", "browser"],
                        help="one part only")
    parser.add_argument("--reference-clusters", choices=["leiden", "multilevel"],
                        default="leiden", help="clustering of the reference (older code: "
                                               "multilevel)")
    parser.add_argument("--keep", help="keep the browser rows' cases and logs in this folder")
    parser.add_argument("--child-peak", help=argparse.SUPPRESS)
    args = parser.parse_args()
    core_reference.CLUSTERS = args.reference_clusters
    if args.child_peak:
        child_peak(args.child_peak)
        return
    runs = args.runs or 3
    budget = args.budget or (math.inf if args.full else 40.0)
    # igraph's OpenMP loops on one thread for this thread, as casegraph sets it for its own
    # calls: both sides of every pair then run with the same setting, whichever goes first
    from casegraph.analysis._igraph import one_openmp_thread
    one_openmp_thread()
    started = time.time()
    loads = [os.getloadavg()[0]]
    rows = list(HEADER)
    print("\n".join(rows), flush=True)

    def add(new_rows: list[str]) -> None:
        for line in new_rows:
            print(line, flush=True)
        rows.extend(new_rows)
        loads.append(os.getloadavg()[0])

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.only in (None, "analysis"):
            rows += analysis_rows(10_000, ["uniform", "hubs"], runs, workdir, budget)
            if args.full:
                rows += analysis_rows(100_000, ["uniform", "hubs"], max(2, runs - 1), workdir)
                rows += [peak_row(100_000, kind, workdir) for kind in ("uniform", "hubs")]
            loads.append(os.getloadavg()[0])
        if args.only in (None, "removal"):
            rows += removal_rows(10_000, runs, workdir, [100] + ([1] if args.full else []),
                                 budget)
            loads.append(os.getloadavg()[0])
        if args.only in (None, "browser"):
            cases = Path(args.keep) if args.keep else workdir / "browser"
            cases.mkdir(parents=True, exist_ok=True)
            limit = 3600.0 if args.full else 1200.0  # seconds per script
            add(paint_rows([1_000, 5_000, 20_000] if args.full else [5_000, 20_000],
                           runs, cases, limit))
            add(large_rows([5_000, 20_000] + ([100_000] if args.full else []),
                           runs if args.full else 2, [0, 5], cases, limit))
            add(expand_rows(5_000, runs, cases, limit))
            add(upload_rows([100_000] if args.full else [20_000], cases, limit))
    took = math.ceil((time.time() - started) / 60)
    note = (f"`python bench/all.py {'--full' if args.full else '--quick'}"
            f"{' --only ' + args.only if args.only else ''}` ({took} min): {conditions()}; "
            f"load average (1 min) between parts "
            f"{', '.join(f'{v:.1f}' for v in loads)}.")
    print(note)
    if args.write:
        update_results("\n".join([SECTION, "", note, "", *rows, "", *LEGEND]), SECTION)


if __name__ == "__main__":
    main()
