"""Time to first paint: casegraph vs a bare dash-cytoscape app, same case, one run.

Usage::

    python bench/paint.py                          # 1k, 5k, 20k entities, 2 loads each
    python bench/paint.py --sizes 5000 --repeat 3 --json /tmp/paint.json
    python bench/paint.py --sizes 5000 --repeat 3 --json     # + one JSON line at the end
    python bench/paint.py --markdown /tmp/paint.json   # the table for bench/RESULTS.md
    python bench/paint.py --profile app --sizes 5000   # where the time goes

A generated case (bench/paint_apps.py: ``make_case``) is served by two apps, each page
loaded in a fresh headless Chromium:

- ``baseline``: dash-cytoscape handed the case's elements with preset positions, nothing else;
- ``app``: casegraph (``create_app``) opening the same case, stored in a temp workspace;
  the browser is logged in (a form post, the page not loaded) before the page is.

Times run from navigation start. "drawn" is the first frame (cytoscape 'render' event) in
which the case's first picture is complete: for the baseline every node and link; for
casegraph every node and link too, except on cases it opens as a cluster overview, where
it is every cluster and every link between clusters. "full" is the first frame with every
node and every link; for an overview that needs the analyst's "Show every entity", which
the bench clicks as soon as the overview is drawn (full = drawn + the time from the click).
The cytoscape core is caught the moment it registers itself on its container
(``div._cyreg``), so no frame is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import paint_apps  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--enable-precise-memory-info",
]
VIEWPORT = {"width": 1600, "height": 1000}
SHOW_ALL = "#cg-overview-show-all"  # the overview's "Show every entity" button
USER = "bench"  # an admin made for the casegraph app's data folder (the case has no owner)

# Runs before any page script: hooks the cytoscape core as soon as it is registered on its
# container and stamps the frames that complete the first picture and the full picture.
PROBE_JS = """
(() => {
  const N = __NODES__, E = __EDGES__;
  const marks = window.__paint = {heapPeak: 0};
  const heap = () => {
    if (performance.memory) {
      marks.heapPeak = Math.max(marks.heapPeak, performance.memory.usedJSHeapSize);
    }
  };
  const hook = (cy) => {
    if (cy.container() && cy.container().id === 'cg-minimap') { return; }
    marks.created = performance.now();
    heap();
    const check = () => {
      heap();
      const n = cy.nodes().length, e = cy.edges().length;
      const ov = cy.scratch('cgOverview');   // {nodes, edges} while an overview is shown
      if (!marks.drawn && ov && n === ov.nodes && e === ov.edges) {
        marks.drawn = performance.now(); marks.overview = ov;
      }
      if (!marks.nodes && n >= N) { marks.nodes = performance.now(); }
      if (!marks.full && n >= N && e >= E) {
        marks.full = performance.now();
        if (!marks.drawn) { marks.drawn = marks.full; }
      }
    };
    cy.on('render', check);
    check();  // hooked late (see below): the picture may already be there
  };
  Object.defineProperty(HTMLElement.prototype, '_cyreg', {
    configurable: true,
    set(reg) {
      Object.defineProperty(this, '_cyreg', {value: reg, writable: true, configurable: true});
      // cytoscape assigns reg.cy right after registering reg on the container; when it has
      // not yet by the next microtask, keep looking (a missed hook would never mark a paint)
      const attempt = () => {
        if (reg && reg.cy) { hook(reg.cy); } else { setTimeout(attempt, 0); }
      };
      queueMicrotask(attempt);
    },
    get() { return undefined; },
  });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(args: list[str], probe_url: str) -> subprocess.Popen:
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=log, stderr=log)
    deadline = time.time() + 600
    while time.time() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode()[-3000:])
        try:
            urllib.request.urlopen(probe_url, timeout=5)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"bench server {args} did not start")


def launch(playwright, user_dir: str):
    return playwright.chromium.launch_persistent_context(
        user_dir, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT,
    )


def log_in(context, url: str) -> None:
    """Log the browser context in to casegraph with a form post from its own origin (the
    page itself is not loaded, so its scripts stay out of the browser's cache, as the
    baseline's do)."""
    from tests.web import PASSWORD

    answer = context.request.post(url + "login", form={"username": USER, "password": PASSWORD},
                                  headers={"Origin": url.rstrip("/")}, max_redirects=0)
    if answer.status != 302:
        raise RuntimeError(f"log in as {USER}: {answer.status}")


def measure(context, url: str, n: int, edges: int, timeout_s: float = 120) -> dict:
    page = context.new_page()
    page.add_init_script(PROBE_JS.replace("__NODES__", str(n)).replace("__EDGES__", str(edges)))
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__paint && window.__paint.drawn",
                           timeout=timeout_s * 1000, polling=50)
    marks = page.evaluate("() => Object.assign({}, window.__paint)")
    if not marks.get("full"):
        # an overview: ask for every entity, as an analyst would
        # the bar appears when the page's first callbacks have answered (seconds on a busy machine)
        page.wait_for_selector(SHOW_ALL, state="visible", timeout=timeout_s * 1000)
        page.wait_for_timeout(300)  # the other first callbacks of the page settle
        clicked = page.evaluate("() => performance.now()")
        page.click(SHOW_ALL)
        page.wait_for_function("() => window.__paint.full", timeout=timeout_s * 1000, polling=50)
        marks = page.evaluate("() => Object.assign({}, window.__paint)")
        marks["clicked"] = clicked
    marks.update(page.evaluate("""() => {
        const rs = performance.getEntriesByType('resource');
        const layout = rs.find(e => e.name.endsWith('_dash-layout'));
        return {layoutEnd: layout ? layout.responseEnd : null,
                layoutBytes: layout ? layout.encodedBodySize : null,
                updateBytes: rs.filter(e => e.name.endsWith('_dash-update-component'))
                               .reduce((s, e) => s + e.decodedBodySize, 0)};
    }"""))
    return marks


def row_of(runs: list[dict]) -> dict:
    drawn = statistics.median(r["drawn"] for r in runs)
    best = min(runs, key=lambda r: abs(r["drawn"] - drawn))
    full = [r["full"] - r.get("clicked", 0) + (r["drawn"] if "clicked" in r else 0)
            for r in runs]
    return {
        "drawn_ms": round(drawn),
        "full_ms": round(statistics.median(full)),
        "after_click_ms": (round(statistics.median(r["full"] - r["clicked"] for r in runs))
                           if "clicked" in best else None),
        "runs_ms": [round(r["drawn"]) for r in runs],
        "full_runs_ms": [round(f) for f in full],
        "layout_received_ms": round(best.get("layoutEnd") or 0),
        "cy_created_ms": round(best.get("created") or 0),
        "overview": best.get("overview"),
        "heap_peak_mb": round(best["heapPeak"] / 2**20, 1),
        "layout_bytes": best.get("layoutBytes"),
        "update_bytes": best.get("updateBytes"),
    }


def profile(browser_factory, url: str, n: int, edges: int) -> None:
    """Inclusive and self time per function while loading ``url`` until it is drawn."""
    context = browser_factory()
    try:
        if "/baseline/" not in url:
            log_in(context, url)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
        page.add_init_script(PROBE_JS.replace("__NODES__", str(n))
                             .replace("__EDGES__", str(edges)))
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__paint && window.__paint.drawn", timeout=240_000)
        prof = cdp.send("Profiler.stop")["profile"]
    finally:
        context.close()
    nodes = {nd["id"]: nd for nd in prof["nodes"]}
    parent = {c: nd["id"] for nd in prof["nodes"] for c in nd.get("children", [])}

    def name(node_id: int) -> str:
        frame = nodes[node_id]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1].split("?")[0].split("#")[0] or "(native)"
        return f"{frame['functionName'] or '(anonymous)'} [{script}:{frame['lineNumber']}]"

    self_ms: dict[str, float] = defaultdict(float)
    incl: dict[str, float] = defaultdict(float)
    for sample, dt in zip(prof["samples"], prof["timeDeltas"], strict=True):
        self_ms[name(sample)] += dt / 1000
        seen, node_id = set(), sample
        while node_id is not None:
            if name(node_id) not in seen:
                incl[name(node_id)] += dt / 1000
                seen.add(name(node_id))
            node_id = parent.get(node_id)
    print("\ntop functions by inclusive time (ms):")
    for key, ms in sorted(incl.items(), key=lambda kv: -kv[1])[:40]:
        print(f"  {ms:8.0f}  {key}")
    print("\ntop functions by self time (ms):")
    for key, ms in sorted(self_ms.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {ms:8.0f}  {key}")


def markdown(results: dict) -> str:
    """The one-run table kept in bench/RESULTS.md."""
    sizes = sorted({int(n) for n in results["sizes"]})
    lines = ["| entities / links | baseline drawn | casegraph drawn | ratio | "
             "casegraph every entity drawn | ratio | first picture |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for n in sizes:
        base = results["paint"]["baseline"].get(str(n)) or results["paint"]["baseline"].get(n)
        app = results["paint"]["app"].get(str(n)) or results["paint"]["app"].get(n)
        if not base or not app:
            continue
        ov = app.get("overview")
        first = (f"overview: {ov['nodes']} clusters, {ov['edges']} links" if ov
                 else "every entity and link")
        lines.append(
            f"| {n:,} / {app['edges']:,} | {base['drawn_ms']:,} ms | {app['drawn_ms']:,} ms | "
            f"{app['drawn_ms'] / base['drawn_ms']:.2f} | {app['full_ms']:,} ms | "
            f"{app['full_ms'] / base['drawn_ms']:.2f} | {first} |")
    return "\n".join(lines)


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1] if out.strip() else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=2,
                        help="page loads per app and size (the median is reported); "
                             "20,000 entities: one")
    parser.add_argument("--only", choices=("baseline", "app"), help="measure one app only")
    parser.add_argument("--profile", choices=("baseline", "app"))
    parser.add_argument("--json", metavar="PATH", nargs="?", const="-",
                        help="write raw results as JSON to PATH, or without PATH end with "
                             "them on one line (runs_ms: each load's drawn time, in the "
                             "order loaded, the two apps alternating)")
    parser.add_argument("--markdown", metavar="JSON",
                        help="print the table for bench/RESULTS.md from a --json file")
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--serve-app", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text())))
        return 0
    if args.serve_baseline:
        paint_apps.baseline_server(args.sizes).run(host="127.0.0.1", port=args.serve_baseline,
                                                   threaded=True)
        return 0
    if args.serve_app:
        from tests.web import make_accounts

        app = paint_apps.casegraph_app(args.sizes[0], args.data_dir)
        make_accounts(args.data_dir, [USER], role="admin")
        app.run(
            host="127.0.0.1", port=args.serve_app, threaded=True)
        return 0

    from playwright.sync_api import sync_playwright

    procs = []
    results: dict = {"date": datetime.date.today().isoformat(), "chromium": chromium_version(),
                     "cores": os.cpu_count(), "machine": platform.machine(),
                     "python": platform.python_version(), "sizes": args.sizes,
                     "paint": {"baseline": {}, "app": {}}}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            urls: dict[tuple[str, int], str] = {}
            port = free_port()
            procs.append(spawn(["--serve-baseline", str(port), "--sizes",
                                *map(str, args.sizes)],
                               f"http://127.0.0.1:{port}/baseline/{args.sizes[0]}/"))
            for n in args.sizes:
                urls["baseline", n] = f"http://127.0.0.1:{port}/baseline/{n}/"
            for n in args.sizes:
                app_port = free_port()
                procs.append(spawn(["--serve-app", str(app_port), "--sizes", str(n),
                                    "--data-dir", f"{tmp}/data-{n}"],
                                   f"http://127.0.0.1:{app_port}/login"))
                urls["app", n] = f"http://127.0.0.1:{app_port}/"
            edges = {n: paint_apps.link_pairs(paint_apps.make_case(n)) for n in args.sizes}
            with sync_playwright() as pw:
                counter = iter(range(10**6))

                def factory():
                    return launch(pw, f"{tmp}/profile-{next(counter)}")

                if args.profile:
                    for n in args.sizes:
                        print(f"== profile {args.profile} n={n}")
                        profile(factory, urls[args.profile, n], n, edges[n])
                    return 0
                kinds = [args.only] if args.only else ["baseline", "app"]
                for n in args.sizes:
                    runs: dict[str, list] = {k: [] for k in kinds}
                    # alternate the two apps so that load from other jobs hits both alike
                    for _ in range(args.repeat if n < 20000 else 1):
                        for kind in kinds:
                            context = factory()
                            try:
                                if kind == "app":
                                    log_in(context, urls[kind, n])
                                runs[kind].append(measure(context, urls[kind, n], n, edges[n]))
                            except Exception as exc:  # a stalled page: report it, go on
                                print(f"{kind} n={n}: not drawn ({exc.__class__.__name__}: "
                                      f"{str(exc)[:200]})")
                            finally:
                                context.close()
                    for kind in kinds:
                        if not runs[kind]:
                            continue
                        row = row_of(runs[kind])
                        row["edges"] = edges[n]
                        results["paint"][kind][n] = row
                        print(f"{kind:9s} n={n:6d} drawn {row['drawn_ms']:6d} ms  "
                              f"full {row['full_ms']:6d} ms  runs {row['runs_ms']}  "
                              f"layout@{row['layout_received_ms']} "
                              f"cy@{row['cy_created_ms']} overview={row['overview']} "
                              f"after-click {row['after_click_ms']}  "
                              f"heap {row['heap_peak_mb']} MB  layout {row['layout_bytes']} B "
                              f"updates {row['update_bytes']} B", flush=True)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=10)
    if not args.only:
        print(markdown(json.loads(json.dumps(results))))
    if args.json == "-":
        print(json.dumps({"bench": "paint", **results}), flush=True)
    elif args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
