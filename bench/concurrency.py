"""A team on one case: N analysts at once, each expanding an entity and tagging another, over
real HTTP against the app served as a team serves it.

For each server (``python app.py``, ``gunicorn -w 4``) and database (SQLite, PostgreSQL
started for the run): the fictional online-dealing case gets its details, then N sessions
open it and, all released at once, each expands one account or phone (records provider) and
tags one person. At the end the newest revision is read straight from the database:

- lost changes: found entities missing from it, tags not as set (must be 0);
- errors: HTTP errors and error cards (must be 0);
- p50 / p95 time of each action, and their ratio to one session alone on the same server
  (the reference, measured side by side just before: after one warm-up round, the median
  of three rounds of one expansion and one tag).

    python bench/concurrency.py [--sessions 5 20 50] [--servers dev gunicorn]
                                [--databases sqlite postgresql] [--workers 4]

Every session logs in first (accounts made with ``tests.web.make_accounts``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casegraph.workspace import Workspace  # noqa: E402
from tests.analysts import Analyst  # noqa: E402
from tests.services import AppServer, Postgres  # noqa: E402
from tests.web import make_accounts  # noqa: E402

CASE = "Grumbleford"
TAGS = ("suspect", "associate", "personal contact", "cleared")


def targets(data_dir: Path, url: str, case_id: str) -> tuple[list[str], list[str]]:
    """Entities to expand (accounts and phones) and to tag (people, then accounts from the
    other end), in a fixed order: up to 100 sessions touch different entities."""
    ws = Workspace(data_dir, database_url=url, samples=False)
    try:
        graph = ws.case(case_id).graph
        kinds = dict(graph.nodes(data="type"))
        expand = sorted(n for n, t in kinds.items() if t in ("account", "phone"))
        tag = sorted(n for n, t in kinds.items() if t == "person") + sorted(
            (n for n, t in kinds.items() if t == "account"), reverse=True)
        return expand, tag
    finally:
        ws.close()


def reference(server: AppServer, data_dir: Path, url: str, first: int) -> dict[str, float]:
    """One session alone: a warm-up round, then the median of three rounds."""
    make_accounts(data_dir, ["warm-up"], database_url=url)
    for _ in range(8):  # every worker serves a page (and starts preparing its lookups)
        warm = Analyst(server.url, "warm-up")
        warm.client.login(warm.name, warm.password)
        warm.client.open()
    time.sleep(2.0)
    rounds = [run_sessions(server, data_dir, url, 1, f"ref{k}", first=first + k)
              for k in range(4)][1:]
    return {action: statistics.median(t for r in rounds for t in r["times"][action])
            for action in ("expand", "tag")}


def run_sessions(server: AppServer, data_dir: Path, url: str, n: int, label: str,
                 first: int = 0) -> dict:
    """``n`` sessions at once, session ``i`` working on the targets ``first + i``."""
    make_accounts(data_dir, ["lead"] + [f"analyst{i:02d}" for i in range(n)],
                  database_url=url)
    lead = Analyst(server.url, "lead")
    case_id = lead.open_case(CASE)["case_id"]
    lead.set_details(f"OP-BENCH-{label}", "Supply of Class A drugs (fictional benchmark)")
    expand, people = targets(data_dir, url, case_id)
    team = [Analyst(server.url, f"analyst{i:02d}") for i in range(n)]
    for analyst in team:
        analyst.open_case(CASE)
    gate = threading.Barrier(n)
    found: list[str] = []
    tagged: dict[str, str] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def work(i: int, analyst: Analyst) -> None:
        gate.wait()
        k = first + i
        node, person, tag = expand[k % len(expand)], people[k % len(people)], TAGS[k % 4]
        try:
            new = analyst.expand(node)
            analyst.tag(person, tag)
            with lock:
                found.extend(new)
                tagged[person] = tag
        except Exception as exc:  # noqa: BLE001 - counted and shown
            with lock:
                errors.append(f"{analyst.name}: {type(exc).__name__}: {str(exc)[:200]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i, a)) for i, a in enumerate(team)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ws = Workspace(data_dir, database_url=url, samples=False)
    try:
        case = ws.store.load(case_id)
    finally:
        ws.close()
    lost = len(set(found) - set(case.graph)) + sum(
        1 for node, tag in tagged.items() if case.graph.nodes[node].get("tag") != tag)
    times = {action: [t for a in team for t in a.timings[action]] for action in ("expand", "tag")}
    return {"n": n, "lost": lost, "errors": errors, "wall": wall, "times": times,
            "found": len(set(found)), "tags": len(tagged)}


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5, 20, 50])
    parser.add_argument("--servers", nargs="+", default=["dev", "gunicorn"])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    postgres = Postgres() if "postgresql" in args.databases else None
    rows, failed = [], False
    try:
        for database in args.databases:
            for kind in args.servers:
                for n in args.sessions:
                    folder = Path(tempfile.mkdtemp(prefix="cg-bench-conc-"))
                    url = (postgres.new_database("bench") if database == "postgresql"
                           else f"sqlite:///{folder / 'casegraph.sqlite'}")
                    server = AppServer(folder / "data", kind=kind, workers=args.workers,
                                       env={"CASEGRAPH_DATABASE_URL": url})
                    try:
                        alone = reference(server, folder / "data", url, first=n)
                        res = run_sessions(server, folder / "data", url, n, f"{kind}-{n}")
                    finally:
                        server.stop()
                    name = f"{kind}{' -w ' + str(args.workers) if kind == 'gunicorn' else ''}"
                    for action in ("expand", "tag"):
                        ref = alone[action]
                        p50 = quantile(res["times"][action], 0.5)
                        p95 = quantile(res["times"][action], 0.95)
                        rows.append((name, database, n, action, p50, p95, p50 / ref, ref,
                                     res["lost"], len(res["errors"])))
                    print(f"{name:14} {database:10} N={n:<3} lost={res['lost']} "
                          f"errors={len(res['errors'])} found={res['found']} "
                          f"tags={res['tags']} wall={res['wall']:.1f}s", flush=True)
                    for line in res["errors"][:5]:
                        print("   ", line, flush=True)
                    failed |= bool(res["lost"] or res["errors"])
    finally:
        if postgres is not None:
            postgres.stop()
    print()
    print("| server | database | sessions | action | p50 s | p95 s | p50 / alone | alone s "
          "| lost | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, database, n, action, p50, p95, ratio, ref, lost, errors in rows:
        print(f"| {name} | {database} | {n} | {action} | {p50:.3f} | {p95:.3f} | {ratio:.1f} "
              f"| {ref:.3f} | {lost} | {errors} |")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
