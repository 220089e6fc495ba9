"""Load, analysis and layout time and peak memory on generated graphs of 1k, 10k and 100k nodes.

Each size runs in its own Python process so peak memory (ru_maxrss) belongs to that size
alone. The graph is a uniform random graph with 3 edges per node and call counts 1-5 as
weights, written as an edge-list CSV and read back with ``casegraph.io.load``.

    python bench/core.py                 # 1k, 10k, 100k; updates bench/RESULTS.md
    python bench/core.py --sizes 1000    # one size, no file update
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Load and analysis"
STEP_LIMIT_S = 180  # a step slower than this is reported, not waited for


def write_edge_list(path: Path, n: int, per_node: int = 3, seed: int = 1) -> int:
    """Uniform random graph with ``per_node * n`` distinct edges; returns the edge count."""
    rng = random.Random(seed)
    edges: set[tuple[int, int]] = set()
    while len(edges) < per_node * n:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            edges.add((min(u, v), max(u, v)))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("source,target,weight\n")
        for u, v in sorted(edges):
            fh.write(f"p{u:06d},p{v:06d},{rng.randint(1, 5)}\n")
    return len(edges)


def run_one(csv_path: Path) -> None:
    """Child process: time each step, print one JSON line per step as it finishes."""
    sys.path.insert(0, str(ROOT))
    from casegraph.analysis import analyse
    from casegraph.io import load
    from casegraph.layout import compute_positions

    def report(step: str, seconds: float, **extra) -> None:
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"step": step, "seconds": round(seconds, 2),
                          "peak_mb": round(peak_mb), **extra}), flush=True)

    t = time.perf_counter()
    case = load(csv_path, max_bytes=500_000_000)
    report("load", time.perf_counter() - t, nodes=case.graph.number_of_nodes(),
           links=case.graph.number_of_edges())
    t = time.perf_counter()
    result = analyse(case)
    report("analyse", time.perf_counter() - t, clusters=result.summary["clusters"],
           notes=result.notes)
    t = time.perf_counter()
    compute_positions(case.graph)
    report("layout", time.perf_counter() - t)


def measure(n: int, workdir: Path) -> dict:
    csv_path = workdir / f"graph_{n}.csv"
    edges = write_edge_list(csv_path, n)
    row: dict = {"n": n, "edges": edges, "csv_mb": round(csv_path.stat().st_size / 1e6, 1)}
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(csv_path)],
                            stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 3 * STEP_LIMIT_S
    try:
        out, _ = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        row["unfinished"] = True
    for line in out.splitlines():
        if line.startswith("{"):
            step = json.loads(line)
            row[step.pop("step")] = step
    return row


def table(rows: list[dict]) -> str:
    lines = ["| nodes | links | load (s) | analyse (s) | layout (s) | peak memory (MB) |",
             "|---:|---:|---:|---:|---:|---:|"]
    def cell(r: dict, step: str) -> str:
        return f"{r[step]['seconds']:.2f}" if step in r else "not finished (stopped)"

    for r in rows:
        peak = max((r[s]["peak_mb"] for s in ("load", "analyse", "layout") if s in r), default=0)
        lines.append(f"| {r['n']:,} | {r['edges']:,} | {cell(r, 'load')} | {cell(r, 'analyse')} | "
                     f"{cell(r, 'layout')} | {peak:,} |")
    return "\n".join(lines)


def update_results(body: str, section: str = SECTION) -> None:
    """Replace one section of bench/RESULTS.md (``body`` starts with its heading)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    start = text.find(section)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    else:
        end = text.find("\n## ", start + len(section))
        text = text[:start] + body + ("\n" + text[end:] if end >= 0 else "\n")
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(args.child)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows.append(measure(n, Path(tmp)))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    text = table(rows)
    print(text)
    if args.sizes == [1_000, 10_000, 100_000]:
        body = "\n".join([
            SECTION, "",
            f"`python bench/core.py` — uniform random graphs, 3 links per node, call counts "
            f"1-5 as weights, read from an edge-list CSV; one process per size, peak memory "
            f"= ru_maxrss of that process. {platform.machine()}, {_cpus()} cores, "
            f"Python {platform.python_version()}.", "",
            text, "",
            "analyse() = projection + degree, weighted degree, betweenness, PageRank, "
            "eigenvector, closeness, clusters, summary, structure verdict and cluster table. "
            "Above 500 nodes: arrays and igraph; betweenness from 500 sampled sources, "
            "closeness from 500 pivots above 5,000 nodes, Leiden clusters (Louvain below); "
            "layout = igraph Fruchterman-Reingold per component.",
        ])
        update_results(body)


def _cpus() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
