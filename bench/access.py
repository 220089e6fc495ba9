"""What accountability costs: the same reads and changes through the workspace itself and
through a user's session (access check + record), side by side in one process.

- a panel's read: ``case()`` + ``analysis()`` of a cached revision, once per request (a new
  session per request, as the web layer makes one), raw vs session;
- a change: ``save_revision`` of a small change (one entity added), raw vs session (the
  session also records what changed);
- the record: appending one entry, and verifying the whole chain per 1,000 entries;
- a login: one argon2id check with the server's parameters.

Results are ratios session / raw (and absolute times for the record), medians of
``--repeat`` runs.

    python bench/access.py [--reads 300] [--changes 40] [--entries 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casegraph.access import Actor  # noqa: E402
from casegraph.audit import verify  # noqa: E402
from casegraph.samples import sample_cases  # noqa: E402
from casegraph.session import records_for  # noqa: E402
from casegraph.users import UserStore  # noqa: E402
from casegraph.workspace import Workspace  # noqa: E402

ANA = Actor("ana", "analyst")


def timed(work, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        work(i)
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ws = Workspace(tempfile.mkdtemp(), samples=False)
    records_for(ws).users.add("ana", "analyst")
    case = next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()
    case_id, _ = ws.session(ANA).import_case(case)
    ws.analysis(case_id)

    def raw_read(_i):
        ws.case(case_id)
        ws.analysis(case_id)

    def session_read(_i):
        session = ws.session(ANA)  # one per request
        session.case(case_id)
        session.analysis(case_id)

    def change(target):
        def step(i):
            new = ws.case(case_id).copy()
            new.add_entity(f"bench-{target.__class__.__name__}-{i}-{time.time_ns()}",
                           "person", "Bench Fictional")
            target.save_revision(case_id, new, note="bench")
        return step

    results: dict[str, list[float]] = {k: [] for k in (
        "read raw", "read session", "change raw", "change session")}
    for _ in range(args.repeat):
        results["read raw"].append(timed(raw_read, args.reads))
        results["read session"].append(timed(session_read, args.reads))
        results["change raw"].append(timed(change(ws), args.changes))
        results["change session"].append(timed(change(ws.session(ANA)), args.changes))
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"read (case + analysis, cached revision): raw {med['read raw'] * 1e3:.3f} ms, "
          f"session {med['read session'] * 1e3:.3f} ms, "
          f"ratio {med['read session'] / med['read raw']:.2f}")
    print(f"small change (one entity): raw {med['change raw'] * 1e3:.1f} ms, "
          f"session {med['change session'] * 1e3:.1f} ms, "
          f"ratio {med['change session'] / med['change raw']:.2f}")

    log = records_for(ws).audit
    append = timed(lambda i: log.write("consult", user="ana", role="analyst",
                                       case_id=case_id, details={"i": i}), args.entries)
    rows = log.count()
    start = time.perf_counter()
    status = verify(log)
    checked = time.perf_counter() - start
    print(f"record: append {append * 1e3:.2f} ms per entry; verify {rows} entries "
          f"{checked:.2f} s ({checked / rows * 1e6:.0f} µs per entry, {status.reason})")

    users = UserStore(records_for(ws).engine)
    users.add("bench", "analyst", "a fictional passphrase")
    login = timed(lambda _i: users.login("bench", "a fictional passphrase"), 5)
    print(f"login (argon2id, m=64 MiB, t=3): {login * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
