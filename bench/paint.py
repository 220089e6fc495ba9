"""Time to first paint of large cases in headless Chromium, per delivery/stylesheet choice.

Usage::

    python bench/paint.py                         # 1k, 5k, 20k nodes; all variants
    python bench/paint.py --sizes 5000 --repeat 3 --variants baseline store_add
    python bench/paint.py --append                # also: append 10 nodes to a 5k graph
    python bench/paint.py --profile baseline --sizes 5000   # where the time goes

"First paint" runs from navigation start until the cytoscape instance holds all N nodes and
has emitted a 'render' event (a frame drawn) after that. The instance is caught the moment
cytoscape registers itself on its container (``div._cyreg``), so no frame is missed.
All variants are served by one local server (a subprocess on a free port) and measured in
the same run, each page in a fresh browser context.
"""

from __future__ import annotations

import argparse
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

# Runs before any page script. Catches the cytoscape core as soon as it is registered on its
# container, then timestamps: instance created, all N nodes present, first frame with them.
PROBE_JS = """
(() => {
  const want = __NODES__, wantEdges = __EDGES__;
  const marks = window.__paint = {heapPeak: 0};
  const heap = () => {
    if (performance.memory) {
      marks.heapPeak = Math.max(marks.heapPeak, performance.memory.usedJSHeapSize);
    }
  };
  const hook = (cy) => {
    marks.created = performance.now();
    heap();
    // nodes handed over in the same task as the creation (the elements prop) show up here
    if (cy.nodes().length >= want) { marks.nodes = performance.now(); }
    cy.on('render', () => {
      heap();
      if (!marks.nodes && cy.nodes().length >= want) { marks.nodes = performance.now(); }
      if (!marks.paint && cy.nodes().length >= want) {
        marks.paint = performance.now();
        marks.count = cy.nodes().length;
      }
      if (!marks.full && marks.paint && cy.edges().length >= wantEdges) {
        marks.full = performance.now();
      }
    });
  };
  Object.defineProperty(HTMLElement.prototype, '_cyreg', {
    configurable: true,
    set(reg) {
      Object.defineProperty(this, '_cyreg', {value: reg, writable: true, configurable: true});
      // cytoscape assigns reg.cy right after registering reg on the container
      queueMicrotask(() => { if (reg && reg.cy) { hook(reg.cy); } });
    },
    get() { return undefined; },
  });
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, sizes: list[int], variants: list[str]) -> None:
    server = paint_apps.build_server(sizes, variants)
    server.run(host="127.0.0.1", port=port, threaded=True)


def start_server(sizes: list[int], variants: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--sizes", *map(str, sizes),
         "--variants", *variants],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode())
        try:
            urllib.request.urlopen(f"{base}/{variants[0]}/{sizes[0]}/", timeout=2)
            return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("bench server did not start")


def launch(playwright, user_dir: str):
    return playwright.chromium.launch_persistent_context(
        user_dir, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT,
    )


def probe(n: int, edges: int) -> str:
    return PROBE_JS.replace("__NODES__", str(n)).replace("__EDGES__", str(edges))


def measure_paint(browser_factory, url: str, n: int, edges: int,
                  timeout_s: float = 180) -> dict:
    context = browser_factory()
    try:
        page = context.new_page()
        page.add_init_script(probe(n, edges))
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__paint && window.__paint.full",
                               timeout=timeout_s * 1000, polling=100)
        marks = page.evaluate("""() => {
            const r = performance.getEntriesByType('resource')
                .find(e => e.name.endsWith('_dash-layout'));
            return Object.assign({}, window.__paint, {
                layoutEnd: r ? r.responseEnd : null,
                layoutBytes: r ? r.encodedBodySize : null});
        }""")
        return marks
    finally:
        context.close()


def measure_append(browser_factory, url: str, n: int, timeout_s: float = 120) -> float:
    context = browser_factory()
    try:
        page = context.new_page()
        page.add_init_script(probe(n, 0))
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__paint && window.__paint.paint",
                               timeout=timeout_s * 1000, polling=100)
        page.wait_for_timeout(1500)  # let dash-cytoscape's debounced prop sync settle
        return page.evaluate("""(want) => new Promise(resolve => {
            const cy = document.getElementById('__CY__')._cyreg.cy;
            const t0 = performance.now();
            const done = () => {
                if (cy.nodes().length >= want) {
                    cy.off('render', done);
                    resolve(performance.now() - t0);
                }
            };
            cy.on('render', done);
            document.getElementById('add').click();
        })""".replace("__CY__", paint_apps.CY_ID), n + 10)
    finally:
        context.close()


def profile(browser_factory, url: str, n: int) -> list[tuple[str, float]]:
    """Self time per function (top 25) and per script while loading and painting ``url``."""
    context = browser_factory()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
        page.add_init_script(probe(n, 0))
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__paint && window.__paint.paint", timeout=180_000)
        prof = cdp.send("Profiler.stop")["profile"]
    finally:
        context.close()
    nodes = {nd["id"]: nd for nd in prof["nodes"]}
    deltas = prof["timeDeltas"]
    self_ms: dict[str, float] = defaultdict(float)
    per_script: dict[str, float] = defaultdict(float)
    for sample, dt in zip(prof["samples"], deltas, strict=True):
        frame = nodes[sample]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1].split("?")[0] or "(native)"
        name = f"{frame['functionName'] or '(anonymous)'} [{script}:{frame['lineNumber']}]"
        self_ms[name] += dt / 1000
        per_script[script] += dt / 1000
    # inclusive time: a sample counts for its frame and every caller up to the root
    parent = {c: nd["id"] for nd in prof["nodes"] for c in nd.get("children", [])}
    incl: dict[str, float] = defaultdict(float)
    for sample, dt in zip(prof["samples"], deltas, strict=True):
        seen = set()
        node_id = sample
        while node_id is not None:
            frame = nodes[node_id]["callFrame"]
            script = frame["url"].rsplit("/", 1)[-1].split("?")[0].split("#")[0]
            name = f"{frame['functionName'] or '(anonymous)'} [{script}:{frame['lineNumber']}]"
            if name not in seen:
                incl[name] += dt / 1000
                seen.add(name)
            node_id = parent.get(node_id)
    print("\ntop functions by inclusive time (ms):")
    for name, ms in sorted(incl.items(), key=lambda kv: -kv[1])[:45]:
        print(f"  {ms:8.0f}  {name}")
    top = sorted(self_ms.items(), key=lambda kv: -kv[1])[:25]
    print("\nself time per script (ms):")
    for script, ms in sorted(per_script.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {ms:8.0f}  {script}")
    print("\ntop functions by self time (ms):")
    for name, ms in top:
        print(f"  {ms:8.0f}  {name}")
    return top


def markdown(results: dict) -> str:
    """The results as the table kept in bench/RESULTS.md."""
    sizes = sorted({int(n) for rows in results["paint"].values() for n in rows})
    head = " | ".join(f"{n:,} nodes" for n in sizes)
    lines = [f"| approach | {head} | nodes drawn at 5,000 | ratio at 5,000 | heap at 5,000 |",
             "|---" * (len(sizes) + 4) + "|"]
    for variant, rows in results["paint"].items():
        rows = {int(n): r for n, r in rows.items()}
        cells = " | ".join(f"{rows[n]['paint_ms']:,} ms" if n in rows else "–" for n in sizes)
        five = rows.get(5000, {})
        lines.append(
            f"| `{variant}` | {cells} | {five.get('nodes_paint_ms', '–'):,} ms | "
            f"{five.get('ratio_to_baseline', '–')} | {five.get('heap_peak_mb', '–')} MB |"
            if five else f"| `{variant}` | {cells} | – | – | – |")
    for mode, rows in results.get("append", {}).items():
        lines.append(f"\nappend 10 nodes via {mode}: "
                     + ", ".join(f"{int(n):,} nodes {ms:,} ms" for n, ms in rows.items()))
    return "\n".join(lines)


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1] if out.strip() else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--variants", nargs="+", default=list(paint_apps.VARIANTS))
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs per variant and size (the median is reported)")
    parser.add_argument("--append", action="store_true",
                        help="also time appending 10 nodes (Patch, resend, clientside)")
    parser.add_argument("--profile", metavar="VARIANT")
    parser.add_argument("--json", metavar="PATH", help="write raw results as JSON")
    parser.add_argument("--markdown", metavar="JSON",
                        help="print the table for bench/RESULTS.md from a --json file")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text())))
        return 0
    if args.serve:
        serve(args.serve, args.sizes, args.variants)
        return 0

    from playwright.sync_api import sync_playwright

    proc, base = start_server(args.sizes, args.variants)
    results: dict = {"chromium": chromium_version(), "cores": os.cpu_count(),
                     "machine": platform.machine(), "paint": {}, "append": {}}
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
            counter = iter(range(10**6))

            def factory():
                return launch(pw, f"{tmp}/profile-{next(counter)}")

            if args.profile:
                for n in args.sizes:
                    print(f"== profile {args.profile} n={n}")
                    profile(factory, f"{base}/{args.profile}/{n}/", n)
                return 0
            graphs = {n: paint_apps.make_graph(n) for n in args.sizes}
            for n in args.sizes:
                for variant in args.variants:
                    runs = []
                    for _ in range(args.repeat if n < 20000 else 1):
                        try:
                            runs.append(measure_paint(factory, f"{base}/{variant}/{n}/", n,
                                                      graphs[n].number_of_edges()))
                        except Exception as exc:  # a stalled page: report it, go on
                            print(f"{variant} n={n}: no paint ({exc.__class__.__name__})")
                    if not runs:
                        continue
                    paint = statistics.median(r["full"] for r in runs)
                    best = min(runs, key=lambda r: abs(r["full"] - paint))
                    row = {
                        "paint_ms": round(paint),
                        "nodes_paint_ms": round(best["paint"]),
                        "runs_ms": [round(r["full"]) for r in runs],
                        "layout_received_ms": round(best["layoutEnd"] or 0),
                        "cy_created_ms": round(best["created"]),
                        "nodes_ms": round(best["nodes"]),
                        "heap_peak_mb": round(best["heapPeak"] / 2**20, 1),
                        "layout_bytes": best["layoutBytes"],
                        "elements_bytes": paint_apps.element_bytes(variant, graphs[n]),
                        "edges": graphs[n].number_of_edges(),
                    }
                    results["paint"].setdefault(variant, {})[n] = row
                    print(f"{variant:26s} n={n:6d} paint {row['paint_ms']:6d} ms  "
                          f"runs {row['runs_ms']}  layout@{row['layout_received_ms']} "
                          f"cy@{row['cy_created_ms']} nodes@{row['nodes_ms']} "
                          f"nodes-drawn@{row['nodes_paint_ms']}  "
                          f"heap {row['heap_peak_mb']} MB  "
                          f"elements {row['elements_bytes'] / 1e6:.2f} MB", flush=True)
            if args.append:
                for n in args.sizes:
                    if n > 5000:
                        continue
                    for mode in ("patch", "resend", "clientside"):
                        runs = [measure_append(factory, f"{base}/append-{mode}/{n}/", n)
                                for _ in range(args.repeat)]
                        results["append"].setdefault(mode, {})[n] = round(
                            statistics.median(runs))
                        print(f"append 10 via {mode:10s} n={n:6d} "
                              f"{[round(r) for r in runs]} ms", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    if "baseline" in results["paint"]:
        for rows in results["paint"].values():
            for n, row in rows.items():
                base_ms = results["paint"]["baseline"].get(n, {}).get("paint_ms")
                if base_ms:
                    row["ratio_to_baseline"] = round(row["paint_ms"] / base_ms, 3)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
