"""One expansion on a 5,000-node case, end to end: server time, bytes sent, click-to-painted.

The case is bench/expand.py's (the fictional SOCMINT case padded to N nodes / 2N links).
Server side, in-process: ``components.enrich.expand_action`` (lookup + merge + saving the
revision + the delta), with its parts timed separately. Browser side: ``python app.py`` on a
free port, headless Chromium, every entity drawn; the account is found with the search box,
and 1.5 s after its inspector shows (its own callbacks settled) the Expand button is clicked;
the time runs until the first frame cytoscape draws (its ``render`` event) after the new
nodes were added ("painted"), and until the page is idle: every callback request the click set
off answered, none sent for 2 s, and the last main-thread task over 50 ms over ("idle"; the
newer-changes poll, a timer, is left out).

    python bench/expand_browser.py [--nodes 5000] [--repeat 3] [--trace trace.json] [--json]

``--json`` ends with one line ``{"bench": "expand_browser", ...}`` holding every expansion's
times (``browser_side(...)["samples"]``; bench/all.py reads it).

``--trace`` also writes Chromium's performance trace of the first expansion and prints the
longest main-thread tasks after the click, the JavaScript self time by function until the
paint, every callback request the page made meanwhile (which outputs it was for, when it
started and ended) and the canvas functions of assets/casegraph.js that ran, timed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from expand import big_case  # noqa: E402

from casegraph.enrichment import LookupContext, expand  # noqa: E402
from casegraph.workspace import Workspace  # noqa: E402
from components import enrich  # noqa: E402
from components.diagram import elements_payload  # noqa: E402

ACCOUNTS = ["AC001", "AC002", "AC003", "AC010", "AC013", "AC020"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
CY = "document.getElementById('cytoscape')._cyreg.cy"


def bench_case(nodes: int):
    case = big_case(nodes)
    case.name = f"Bench {nodes:,} nodes"
    case.meta.update(case_number="BENCH-1", purpose="benchmark of one expansion",
                     analyst="bench")
    return case


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def server_side(nodes: int, repeat: int) -> dict:
    ws = Workspace(tempfile.mkdtemp(), samples=False)
    case_id, rev = ws.import_case(bench_case(nodes))
    kit = ws.enrichment()
    records = kit.registry.get("records")
    records.ensure_built()
    store = {"case_id": case_id, "rev": rev}
    ws.case(case_id, rev)
    enrich.canvas_scale(ws, case_id, rev)  # computed when the case is first drawn
    try:  # every entity, not the cluster overview large cases open with
        payload = elements_payload(ws, store, detail="all")
    except TypeError:
        payload = elements_payload(ws, store)
    full = len(json.dumps(payload, separators=(",", ":")))
    rows = {"expand": [], "save": [], "delta": [], "total": [], "bytes": []}
    for node in ACCOUNTS[:repeat]:
        case = ws.case(case_id, store["rev"])
        ctx = LookupContext.for_case(case, user="bench")
        t0 = time.perf_counter()
        res = expand(case, node, records, ctx, cache=kit.cache, audit=kit.audit)
        rows["expand"].append(ms(t0))
        t1 = time.perf_counter()
        new_rev = ws.save_revision(case_id, res.case, keep=True, note="bench")
        rows["save"].append(ms(t1))
        t2 = time.perf_counter()
        delta = enrich.delta_payload(ws, case_id, store["rev"], new_rev,
                                     [*res.new_nodes, node, *res.matched],
                                     {n: node for n in res.new_nodes})
        rows["delta"].append(ms(t2))
        rows["bytes"].append(len(json.dumps(delta, separators=(",", ":"))))
        # the whole action, as the callback runs it (from the revision just made)
        store = {"case_id": case_id, "rev": new_rev}
        t3 = time.perf_counter()
        out = enrich.expand_action(ws, store, ACCOUNTS[(ACCOUNTS.index(node) + 3)
                                                       % len(ACCOUNTS)], "records")
        rows["total"].append(ms(t3))
        store = {"case_id": case_id, "rev": out.store["rev"]} if out.store else store
    return {k: statistics.median(v) for k, v in rows.items()} | {"full_bytes": full}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# every callback request the page makes: its outputs, start and end (ms on the page clock)
REQUEST_LOG = """
(() => {
    const log = window.__cgRequests = [];
    const fetch0 = window.fetch;
    window.fetch = function (url, opts) {
        if (!String(url).includes('_dash-update-component')) {
            return fetch0.apply(this, arguments);
        }
        let output = '?', changed = [];
        try {
            const body = JSON.parse(opts.body);
            output = body.output;
            changed = body.changedPropIds || [];
        } catch (e) { /* not JSON */ }
        const row = {output: output.slice(0, 90), changed: changed.join(' '),
                     t0: performance.now(), t1: null};
        // the expand action's outputs begin with the case store (components/enrich.py)
        log.push(row);
        return fetch0.apply(this, arguments).then(r => { row.t1 = performance.now(); return r; });
    };
})();
"""


# after a click at ``click`` (page clock): resolves once every callback request sent since is
# answered and none was sent for QUIET ms, with the time from the click to the end of the
# last of them or of the last long task, whichever is later, and the requests' count
IDLE = """
(click) => new Promise(resolve => {
    const QUIET = 2000, LIMIT = 60000;
    const poll = r => r.changed === 'newer-poll.data';
    const check = () => {
        const now = performance.now();
        const mine = (window.__cgRequests || []).filter(r => r.t0 >= click - 5 && !poll(r));
        const open = mine.some(r => r.t1 === null);
        const last = Math.max(click, ...mine.map(r => Math.max(r.t0, r.t1 || now)));
        if ((!open && now - last >= QUIET) || now - click > LIMIT) {
            const tasks = (window.__cgLongTasks || []).filter(t => t.start >= click)
                .map(t => t.start + t.duration);
            resolve({idle: Math.max(last, ...tasks) - click, requests: mine.length,
                     outputs: mine.map(r => r.output.slice(0, 70) + ' <- ' +
                                            r.changed.slice(0, 60))});
            return;
        }
        window.setTimeout(check, 100);
    };
    check();
})
"""


# main-thread tasks over 50 ms (start, duration; ms on the page clock)
LONG_TASKS = """
(() => {
    const tasks = window.__cgLongTasks = [];
    try {
        new PerformanceObserver(list => list.getEntries().forEach(
            e => tasks.push({start: e.startTime, duration: e.duration}))
        ).observe({type: 'longtask', buffered: true});
    } catch (e) { /* no long-task timing in this browser */ }
})();
"""


def profile_self_time(events: list[dict], start: float, end: float) -> list[tuple[str, float]]:
    """Sampled self time (µs) per function between two trace timestamps, largest first."""
    frames: dict[tuple, dict] = {}
    totals: dict[str, float] = {}
    for e in events:
        if e.get("name") == "Profile":
            clock = {"ts": float((e.get("args", {}).get("data") or {}).get("startTime", 0))}
            frames[(e["pid"], e.get("id"))] = {"nodes": {}, "clock": clock}
    for e in events:
        if e.get("name") != "ProfileChunk":
            continue
        prof = frames.get((e["pid"], e.get("id")))
        if prof is None:
            continue
        data = (e.get("args", {}).get("data") or {})
        cpu = data.get("cpuProfile") or {}
        for node in cpu.get("nodes", []):
            call = node.get("callFrame", {})
            where = str(call.get("url", "")).rsplit("/", 1)[-1].split("?")[0]
            prof["nodes"][node["id"]] = (f"{call.get('functionName') or '(anonymous)'} "
                                         f"{where}:{call.get('lineNumber', '')}")
        clock = prof["clock"]
        samples = zip(cpu.get("samples", []), data.get("timeDeltas", []), strict=False)
        for sample, delta in samples:
            clock["ts"] += delta
            if start <= clock["ts"] <= end:
                name = prof["nodes"].get(sample, "?")
                totals[name] = totals.get(name, 0.0) + delta
    return sorted(totals.items(), key=lambda kv: -kv[1])


# the canvas functions of assets/casegraph.js, timed (and how many elements each restyled)
CALL_LOG = """
(() => {
    const cg = window.dash_clientside.casegraph, log = window.__cgCalls = [];
    const cy = cg.cy('cytoscape');
    let restyled = 0;
    cy.on('style', () => { restyled += 1; });
    ['enrichApply', 'select', 'overlay', 'applyOverlays', 'load', 'restoreView',
     'presentLabels', 'resync'].forEach(name => {
        const f = cg[name];
        if (!f) { return; }
        cg[name] = function () {
            const t0 = performance.now(), before = restyled;
            const out = f.apply(this, arguments);
            log.push({name: name, t0: t0, ms: performance.now() - t0,
                      note: 'restyled ' + (restyled - before)});
            return out;
        };
    });
})();
"""


def trace_summary(path: Path, requests: list[dict], click: float) -> None:
    """The longest main-thread tasks after the click, and the requests made meanwhile."""
    events = json.loads(path.read_text())
    events = events.get("traceEvents", events) if isinstance(events, dict) else events
    marks = [e for e in events if e.get("name") == "cg-click"]
    if not marks:
        print("trace: no click mark found")
        return
    t_click = marks[0]["ts"]
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("name") == "cg-click"}
    tasks = sorted((e for e in events if e.get("name") == "RunTask" and e.get("ph") == "X"
                    and (e["pid"], e["tid"]) in main and e["ts"] >= t_click),
                   key=lambda e: e["ts"])
    print("trace: main-thread tasks over 40 ms after the click (start, duration, top calls)")
    for task in tasks:
        if task.get("dur", 0) < 40_000:
            continue
        end = task["ts"] + task["dur"]
        inner = [e for e in events if (e["pid"], e["tid"]) == (task["pid"], task["tid"])
                 and e.get("ph") == "X" and task["ts"] <= e["ts"] < end
                 and e.get("name") in ("FunctionCall", "EventDispatch", "TimerFire",
                                       "FireAnimationFrame", "Layout", "Paint",
                                       "UpdateLayoutTree", "ParseHTML")]
        calls = sorted(inner, key=lambda e: -e.get("dur", 0))[:4]
        what = "; ".join(
            f"{e['name']} {(e.get('args', {}).get('data') or {}).get('functionName', '')}"
            f"@{str((e.get('args', {}).get('data') or {}).get('url', '')).rsplit('/', 1)[-1]}"
            f":{(e.get('args', {}).get('data') or {}).get('lineNumber', '')} "
            f"{e.get('dur', 0) / 1000:.0f}ms" for e in calls)
        print(f"  +{(task['ts'] - t_click) / 1000:7.0f} ms  {task['dur'] / 1000:6.0f} ms  {what}")
    painted = [e["ts"] for e in events if e.get("name") == "cg-painted"]
    if painted:
        print(f"trace: painted at +{(painted[0] - t_click) / 1000:.0f} ms; JavaScript "
              "self time until then, by function:")
        for name, total in profile_self_time(events, t_click, painted[0])[:15]:
            print(f"  {total / 1000:7.0f} ms  {name}")
    print("trace: callback requests after the click (start, end, outputs)")
    for row in requests:
        if row["t0"] >= click - 5:
            end = f"{row['t1'] - click:7.0f}" if row["t1"] is not None else "  (open)"
            print(f"  +{row['t0'] - click:7.0f} {end}  {row['output']}")


def browser_side(nodes: int, repeat: int, trace: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.web import PASSWORD, make_accounts

    data = Path(tempfile.mkdtemp())
    ws = Workspace(data, samples=False)
    case_id, _ = ws.import_case(bench_case(nodes))
    ws.close()
    # an admin may open a case with no owner on record, and run lookups on it
    make_accounts(data, ["bench1"], role="admin")
    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(data))
    log = open(data / "app.log", "wb")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    results = {"paint": [], "idle": [], "request": [], "bytes": [], "parts": []}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            deltas = []

            def on_response(response):
                if "_dash-update-component" not in response.url:
                    return
                try:
                    body = response.body()
                except Exception:  # the page closed before the body was read
                    return
                if b"enrich-delta" in body and b'"nodes":[{' in body:
                    deltas.append((len(body), response.request.timing))

            page.on("response", on_response)
            page.add_init_script(REQUEST_LOG)
            page.add_init_script(LONG_TASKS)
            page.goto(url + "login")
            page.fill("input[name=username]", "bench1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(url, timeout=120_000)
            # predicates as functions: the page's content security policy forbids eval
            page.wait_for_function(f"() => {{ try {{ return {CY}.nodes().length > 0 }} "
                                   "catch (e) { return false } }", timeout=120_000)
            page.click("#case-picker")
            page.get_by_role("option", name=f"Bench {nodes:,} nodes").click()
            # every entity drawn: the All entities view (the People view folds accounts into
            # their holders), and every cluster of the overview opened if the case shows one
            page.locator("#analysis-view label", has_text="All entities").click()
            # the overview's bar shows once the case's picture is there (or every node is)
            page.wait_for_function(
                "() => { const b = document.getElementById('cg-overview-show-all');"
                f" return (!!b && b.offsetParent !== null) || {CY}.nodes().length >= {nodes}; }}",
                timeout=300_000)
            show_all = page.locator("#cg-overview-show-all")
            if show_all.is_visible():
                show_all.click(timeout=300_000)
            page.wait_for_function(f"() => {CY}.nodes().length >= {nodes}", timeout=300_000)
            for i, node in enumerate(ACCOUNTS[:repeat]):
                tracing = trace is not None and i == 0
                try:
                    page.fill("#search", node, timeout=120_000)
                except Exception:
                    page.screenshot(path=str(data / "failed.png"))
                    print("search box not ready; screenshot in", data / "failed.png")
                    raise
                page.keyboard.press("Enter")
                page.wait_for_function(
                    "() => !!document.querySelector('.cg-kv dd') && "
                    f"document.querySelector('.cg-kv dd').innerText === '{node}'",
                    timeout=60_000)
                page.wait_for_timeout(1500)  # the selection's own callbacks settle first
                if tracing:
                    page.evaluate(CALL_LOG)
                    browser.start_tracing(page=page, path=str(trace), categories=[
                        "devtools.timeline", "disabled-by-default-devtools.timeline",
                        "blink.user_timing", "v8.execute",
                        "disabled-by-default-v8.cpu_profiler"])
                click = page.evaluate("performance.now()")
                elapsed = page.evaluate(
                    """() => new Promise(resolve => {
                        const cy = __CY__;
                        const n0 = cy.nodes().length, t0 = performance.now();
                        performance.mark('cg-click');
                        // the first frame drawn after the new nodes were added
                        const added = () => {
                            if (cy.nodes().length <= n0) { return; }
                            cy.off('add', added);
                            cy.one('render', () => {
                                performance.mark('cg-painted');
                                resolve(performance.now() - t0);
                            });
                        };
                        cy.on('add', added);
                        document.querySelector('.cg-enrich-expand').click();
                    })""".replace("__CY__", CY))
                results["paint"].append(elapsed)
                parts = page.evaluate("""(click) => {
                    const req = (window.__cgRequests || []).find(
                        r => r.t0 >= click - 5 && r.output.startsWith('..case-store.data@'));
                    const busy = (window.__cgLongTasks || []).filter(t => t.start >= click);
                    return {answered: req && req.t1 ? req.t1 - click : null,
                            sent: req ? req.t0 - click : null,
                            longtasks: busy.map(t => Math.round(t.start - click) + '+' +
                                                     Math.round(t.duration))};
                }""", click)
                results["parts"].append(parts)
                idle = page.evaluate(IDLE, click)  # the other panels settle
                results["idle"].append(idle["idle"])
                parts["requests"] = idle["requests"]
                parts["outputs"] = idle["outputs"]
                if tracing:
                    browser.stop_tracing()
                    trace_summary(trace, page.evaluate("window.__cgRequests"), click)
                    print("trace: client-side functions after the click (start, duration)")
                    for row in page.evaluate("window.__cgCalls"):
                        print(f"  +{row['t0'] - click:7.0f} {row['ms']:6.0f} ms  {row['name']}"
                              f" {row.get('note', '')}")
            browser.close()
        for size, timing in deltas:
            results["bytes"].append(size)
            results["request"].append(timing["responseEnd"] - timing["requestStart"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    for i, (paint, parts) in enumerate(zip(results["paint"], results.pop("parts"),
                                           strict=False)):
        print(f"  expansion {i + 1}: painted at {paint:.0f} ms, idle at "
              f"{results['idle'][i]:.0f} ms after {parts['requests']} requests; request sent at "
              f"{parts['sent']} ms, answered at {parts['answered']} ms; main-thread tasks "
              f"over 50 ms after the click (start+duration): {parts['longtasks'][:8]}")
        for output, n in sorted(Counter(parts["outputs"]).items()):
            print(f"    {n}x {output}")
    print("browser, each expansion: click to painted "
          + ", ".join(f"{v:.0f}" for v in results["paint"]) + " ms; click to idle "
          + ", ".join(f"{v:.0f}" for v in results["idle"]) + " ms; expand request "
          + ", ".join(f"{v:.0f}" for v in results["request"]) + " ms")
    return ({k: statistics.median(v) if v else float("nan") for k, v in results.items()}
            | {"samples": results})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--trace", type=Path, help="write the first expansion's trace here")
    parser.add_argument("--browser-only", action="store_true")
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line of every expansion's times")
    args = parser.parse_args()
    if not args.browser_only:
        server = server_side(args.nodes, args.repeat)
        print(f"server (median of {args.repeat}): expand {server['expand']:.1f} ms, save "
              f"revision {server['save']:.1f} ms, delta {server['delta']:.1f} ms; whole action "
              f"{server['total']:.1f} ms; delta {server['bytes']:,} B vs full elements "
              f"{server['full_bytes']:,} B")
    browser = browser_side(args.nodes, args.repeat, args.trace)
    print(f"browser (median of {args.repeat}): click to painted {browser['paint']:.0f} ms, "
          f"to idle {browser['idle']:.0f} ms; "
          f"expand request {browser['request']:.0f} ms; response {browser['bytes']:,.0f} B")
    if args.json:
        print(json.dumps({"bench": "expand_browser", "nodes": args.nodes,
                          "samples": browser["samples"]}), flush=True)


if __name__ == "__main__":
    main()
