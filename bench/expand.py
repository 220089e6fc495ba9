"""Time of one expansion on a 5,000-node case, server side: lookup + merge + positions.

The fictional SOCMINT case padded with unrelated phones and calls to 5,000 nodes / 10,000
links, positions on a grid; one account of the case is expanded through the ``records``
provider (real seed in data/records) and, separately, through the lookup cache.

    python bench/expand.py [--nodes 5000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casegraph.enrichment.base import Entity, LookupContext  # noqa: E402
from casegraph.enrichment.cache import LookupCache  # noqa: E402
from casegraph.enrichment.expand import expand  # noqa: E402
from casegraph.enrichment.providers.records_db import RecordsProvider  # noqa: E402
from casegraph.samples import sample_cases  # noqa: E402


def big_case(nodes: int, seed: int = 0):
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    rng = random.Random(seed)
    filler = [case.add_entity(f"F{i}", "phone", f"+4420794{i:05d}")
              for i in range(nodes - case.graph.number_of_nodes())]
    ids = list(case.graph.nodes)
    for _ in range(2 * nodes - case.graph.number_of_edges()):
        case.add_link(rng.choice(filler), rng.choice(ids), "call")
    side = int(nodes ** 0.5) + 1
    case.positions = {n: (float(i % side) * 60, float(i // side) * 60) for i, n in enumerate(ids)}
    return case


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--node", default="AC001", help="node to expand (telegram: sunny.yeti)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    records = RecordsProvider(tmp / "records.sqlite")
    t0 = time.perf_counter()
    records.ensure_built()
    build = time.perf_counter() - t0
    case = big_case(args.nodes)
    ctx = LookupContext(user="bench", case_number="BENCH-1", purpose="benchmark")
    entity = Entity.from_case(case, args.node)
    print(f"case: {case.graph.number_of_nodes()} nodes, {case.graph.number_of_edges()} links; "
          f"records db built in {build:.2f} s")

    def timed(fn):
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            out = fn()
            runs.append((time.perf_counter() - t) * 1000)
        return out, statistics.median(runs), max(runs)

    res, med, worst = timed(lambda: records.lookup(entity, ctx))
    print(f"lookup only:                 median {med:6.1f} ms  max {worst:6.1f} ms "
          f"({res.count} entities, {len(res.links)} links)")
    out, med, worst = timed(lambda: expand(case, args.node, records, ctx))
    print(f"expand (lookup+merge+pos):   median {med:6.1f} ms  max {worst:6.1f} ms "
          f"({len(out.new_nodes)} new nodes, {len(out.new_links)} new links, "
          f"{len(out.matched)} matched)")
    _, med, worst = timed(lambda: case.copy())
    print(f"  of which copying the case: median {med:6.1f} ms  max {worst:6.1f} ms")
    cache = LookupCache(tmp / "cache.sqlite")
    expand(case, args.node, records, ctx, cache=cache)
    _, med, worst = timed(lambda: expand(case, args.node, records, ctx, cache=cache))
    print(f"expand from cache:           median {med:6.1f} ms  max {worst:6.1f} ms")


if __name__ == "__main__":
    main()
