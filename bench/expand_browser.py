"""One expansion on a 5,000-node case, end to end: server time, bytes sent, click-to-painted.

The case is bench/expand.py's (the fictional SOCMINT case padded to N nodes / 2N links).
Server side, in-process: ``components.enrich.expand_action`` (lookup + merge + saving the
revision + the delta), with its parts timed separately. Browser side: ``python app.py`` on a
free port, headless Chromium, every entity drawn; the Expand button of an account is clicked
and the time runs until cytoscape holds the new nodes and has drawn a frame with them.

    python bench/expand_browser.py [--nodes 5000] [--repeat 3] [--write]
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


def browser_side(nodes: int, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp())
    ws = Workspace(data, samples=False)
    case_id, _ = ws.import_case(bench_case(nodes))
    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(data))
    log = open(data / "app.log", "wb")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    results = {"paint": [], "request": [], "bytes": []}
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
                body = response.body()
                if b"enrich-delta" in body and b'"nodes":[{' in body:
                    deltas.append((len(body), response.request.timing))

            page.on("response", on_response)
            page.goto(url)
            page.wait_for_function(f"(() => {{ try {{ return {CY}.nodes().length > 0 }} "
                                   "catch (e) { return false } })()", timeout=120_000)
            page.click("#case-picker")
            page.get_by_role("option", name=f"Bench {nodes:,} nodes").click()
            page.wait_for_timeout(3000)
            show_all = page.locator("#cg-overview-show-all")
            show_all.wait_for(timeout=300_000)
            if show_all.is_visible():
                show_all.click()
            page.wait_for_function(f"{CY}.nodes().length >= {nodes}", timeout=300_000)
            for node in ACCOUNTS[:repeat]:
                try:
                    page.fill("#search", node, timeout=120_000)
                except Exception:
                    page.screenshot(path=str(data / "failed.png"))
                    print("search box not ready; screenshot in", data / "failed.png")
                    raise
                page.keyboard.press("Enter")
                page.wait_for_function(
                    "document.querySelector('.cg-kv td') && "
                    f"document.querySelector('.cg-kv td').innerText === '{node}'",
                    timeout=60_000)
                elapsed = page.evaluate(
                    """() => new Promise(resolve => {
                        const cy = __CY__;
                        const n0 = cy.nodes().length, t0 = performance.now();
                        document.querySelector('.cg-enrich-expand').click();
                        function check() {
                            if (cy.nodes().length > n0) {
                                cy.one('render', () => resolve(performance.now() - t0));
                                cy.forceRender();
                            } else { requestAnimationFrame(check); }
                        }
                        check();
                    })""".replace("__CY__", CY))
                results["paint"].append(elapsed)
                page.wait_for_timeout(1500)  # let the other panels settle
            browser.close()
        for size, timing in deltas:
            results["bytes"].append(size)
            results["request"].append(timing["responseEnd"] - timing["requestStart"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    return {k: statistics.median(v) if v else float("nan") for k, v in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="print the RESULTS.md rows only")
    args = parser.parse_args()
    server = server_side(args.nodes, args.repeat)
    print(f"server (median of {args.repeat}): expand {server['expand']:.1f} ms, save revision "
          f"{server['save']:.1f} ms, delta {server['delta']:.1f} ms; whole action "
          f"{server['total']:.1f} ms; delta {server['bytes']:,} B vs full elements "
          f"{server['full_bytes']:,} B")
    browser = browser_side(args.nodes, args.repeat)
    print(f"browser (median of {args.repeat}): click to painted {browser['paint']:.0f} ms; "
          f"expand request {browser['request']:.0f} ms; response {browser['bytes']:,.0f} B")


if __name__ == "__main__":
    main()
