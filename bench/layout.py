"""Time of the default server layout (casegraph.layout.layout_case: force layout, room for
every label, no boxes intersecting, label sizes at the fixed point) against igraph's plain
Fruchterman-Reingold layout of the same graph, run side by side on 1k, 5k and 20k nodes.

The graph is a uniform random graph with 3 links per node, entities labelled like
"Person 000123". Reference and layout alternate (``--repeat`` times each) so that a busy
machine slows both; the ratio of the medians is what counts.

    python bench/layout.py                      # 1k, 5k, 20k; updates bench/RESULTS.md
    python bench/layout.py --sizes 1000 --repeat 1
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Server layout"


def random_case(n: int, per_node: int = 3, seed: int = 1):
    from casegraph.model import Case

    rng = random.Random(seed)
    case = Case(directed=False)
    for i in range(n):
        case.add_entity(f"p{i:06d}", "person", f"Person {i:06d}")
    edges: set[tuple[int, int]] = set()
    while len(edges) < per_node * n:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            edges.add((min(u, v), max(u, v)))
    for u, v in sorted(edges):
        case.add_link(f"p{u:06d}", f"p{v:06d}", "call", weight=rng.randint(1, 5))
    return case


def plain_fr(case) -> float:
    """igraph's Fruchterman-Reingold on the projection, as the layout starts it."""
    from casegraph.analysis._igraph import seeded, to_igraph
    from casegraph.analysis.project import project

    started = time.perf_counter()
    g = to_igraph(project(case.graph))
    with seeded(0):
        g.layout_fruchterman_reingold(weights="weight", niter=500)
    return time.perf_counter() - started


def ours(case) -> tuple[float, dict]:
    from casegraph.layout import layout_case

    started = time.perf_counter()
    layout_case(case)
    return time.perf_counter() - started, dict(case.meta["layout"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        case = random_case(n)
        ref, new, info = [], [], {}
        for _ in range(args.repeat):
            ref.append(plain_fr(case))
            seconds, info = ours(case)
            new.append(seconds)
        a, b = statistics.median(ref), statistics.median(new)
        rows.append(f"| {n:,} | {3 * n:,} | {a:.2f} | {b:.2f} | {b / a:.1f} | "
                    f"{info['at_fit']} | {info['label_zoom']:.3f} |")
        print(rows[-1], flush=True)
    if args.sizes == [1000, 5000, 20000]:
        table = "\n".join([
            SECTION, "",
            f"`python bench/layout.py` on {platform.machine()} (2 shared cores), median of "
            f"{args.repeat} alternating runs.", "",
            "| nodes | links | igraph FR (s) | layout_case (s) | ratio | labels at fit "
            "| label zoom |",
            "|---|---|---|---|---|---|---|", *rows, "",
            "layout_case = FR per component + overlap removal and compaction of node and "
            "label boxes + packing, repeated until the label sizes fit the zoom they make "
            "(see casegraph/layout.py). Above 2,000 nodes only the hubs' labels have room.",
            ""])
        text = RESULTS.read_text(encoding="utf-8")
        if SECTION in text:
            start = text.index(SECTION)
            end = text.find("\n## ", start + 1)
            text = text[:start] + table + (text[end + 1:] if end >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + table
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
