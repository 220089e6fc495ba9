"""A large case on the server: upload to the first overview, opening it again, drilling.

Usage::

    python bench/largecase.py --sizes 20000 100000 --drills 3
    python bench/largecase.py --sizes 5000 --workdir /tmp/lc --json   # + one JSON line at the end

For each size a uniform call-record CSV (``bench/all.py`` ``write_case_csv``: ``3 n`` distinct
pairs, call counts 1-5) goes through the upload's own code in one process:

- **upload**: ``header.handle_files`` (reading, layout, storing, figures: the analysis and,
  on a case laid out cluster by cluster, its cluster regions), then the first overview
  payload (``diagram.elements_payload``): seconds per stage and in all;
- **open**: a second workspace on the same database (a restarted server, empty caches)
  making the overview payload: what opening the stored case from the picker asks of the
  server before the page can paint;
- **drill**: the overview payload with one cluster opened (the largest, the median-sized
  and a small one), first time (its entities laid out and kept) and again (read back).

The analysis' sampling (betweenness sources and closeness pivots, with their errors) is
printed as the panels state it.

CPU seconds are given beside wall seconds: the machine's cores are shared. Each size prints
one JSON line as it ends; ``--json`` adds a last line ``{"bench": "largecase", "runs": [...]}``
holding them all (what bench/all.py reads). ``--workdir`` keeps the workspaces
(``DIR/ws<n>``), which bench/open_browser.py can then serve.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from all import write_case_csv  # noqa: E402


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        out = (round(wall - self.wall, 2), round(cpu - self.cpu, 2))
        self.wall, self.cpu = wall, cpu
        return out


def run(n: int, workdir: Path, drills: int) -> dict:
    from casegraph.access import Actor
    from casegraph.workspace import Workspace
    from components import header
    from components.diagram import elements_payload

    path = workdir / f"uniform_{n}.csv"
    if not path.exists():
        write_case_csv(path, n, "uniform")
    data = path.read_bytes()
    ana = Actor("ana", "analyst")
    ws = Workspace(workdir / f"ws{n}", samples=False)
    session = ws.session(ana)
    stages: dict[str, list[float]] = {}
    clock = Clock()
    current = ["start"]

    def stage(name: str) -> None:
        stages[current[0]] = list(clock.lap())
        current[0] = name

    total = Clock()
    result = header.handle_files(session, [(path.name, data)], header.AUTO, stage)
    stages[current[0]] = list(clock.lap())
    if result.error:
        raise SystemExit(result.error)
    store = {"case_id": result.case_id, "rev": result.rev}
    payload = elements_payload(session, store)
    stages["overview payload"] = list(clock.lap())
    upload = total.lap()
    overview = payload.get("overview") or {}  # none below the overview's size
    out = {"n": n, "links": len(data.splitlines()) - 1, "stages": stages, "upload": upload,
           "clusters": overview.get("clusters"), "bubbles": len(payload["nodes"]),
           "summed links": len(payload["edges"])}
    # opening the stored case on a restarted server
    again = Workspace(workdir / f"ws{n}", samples=False).session(ana)
    clock = Clock()
    elements_payload(again, store)
    out["open"] = clock.lap()
    analysis = again.analysis(result.case_id, result.rev)
    sizes = analysis.community_sizes
    out["sampling"] = list(getattr(analysis, "sampling_notes", {}).values())
    picks = sorted({0, len(sizes) // 2, max(0, len(sizes) - 1)})[:drills]
    out["drills"] = []
    for cluster in picks:
        clock = Clock()
        first = elements_payload(again, store, open_clusters=[cluster])
        made = clock.lap()
        elements_payload(again, store, open_clusters=[cluster])
        out["drills"].append({"cluster": cluster, "members": sizes[cluster],
                              "elements": len(first["nodes"]) + len(first["edges"]),
                              "first": made, "again": clock.lap()})
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load"] = [round(v, 2) for v in os.getloadavg()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    parser.add_argument("--drills", type=int, default=3)
    parser.add_argument("--workdir", help="keep the CSVs and workspaces here")
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line holding every size's run")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cg-largecase-"))
    workdir.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in args.sizes:
        runs.append(run(n, workdir, args.drills))
        print(json.dumps(runs[-1]), flush=True)
    if args.json:
        print(json.dumps({"bench": "largecase", "runs": runs}), flush=True)


if __name__ == "__main__":
    main()
