"""A stored large case picked in the case picker: overview painted, long tasks, drills.

Usage::

    python bench/largecase.py --sizes 100000 --workdir /tmp/lc     # makes /tmp/lc/ws100000
    python bench/open_browser.py --data-dir /tmp/lc/ws100000 --repeat 2 --drills 0 5

``python app.py`` (the real server, its job processes and login) serves the data folder;
a fresh headless Chromium logs in as ``ana`` (the account bench/largecase.py stored the
case for; made here), lets the page open its default case (a sample) and then picks the
folder's newest uploaded case in the case picker. Times run from the click on the option:

- **drawn_ms**: to the first frame with every bubble and summed link of its overview;
- **stylesheets**: how many stylesheets the canvas applied and skipped (equal to the one it
  had) from the page's first case until 2 s after the overview is drawn;
- **longest_task_ms**: the longest main-thread task (PerformanceObserver ``longtask``) from
  the pick until 2 s after the overview is drawn, and every task over 200 ms;
- **drills**: a tap on a cluster's bubble to the frame that draws its entities (cluster
  numbers are the analysis' own: 0 is the largest; ``ms``) and to the frame that draws
  their links too (``links_ms``: the same frame, or the next when the canvas adds them a
  frame later), then a click on "Back to
  clusters" to the frame that draws the bubble again (``back_ms``). The last line gives
  min, median and max of both over every run.

The first page after the server starts reads the case from the database (a cold open);
later pages find it in the server's memory. ``--json`` ends with one line
``{"bench": "open_browser", ...}`` holding every run's samples (``samples``; bench/all.py
reads it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from paint import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, free_port  # noqa: E402

USER = "ana"
LONGTASKS_JS = """
(() => {
  window.__longest = 0; window.__tasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      window.__longest = Math.max(window.__longest, e.duration);
    }
  }).observe({type: 'longtask', buffered: true});
  // each callback answer's body read, [ms, outputs]: which answers a long task handled
  window.__answers = [];
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    let outputs = '';
    if (url.indexOf('_dash-update-component') >= 0 && init && typeof init.body === 'string') {
      try { outputs = JSON.parse(init.body).output.slice(0, 60); } catch (e) { outputs = '?'; }
    }
    return fetch0.apply(this, arguments).then((res) => {
      if (outputs) {
        const json0 = res.json.bind(res);
        res.json = () => json0().then((v) => {
          window.__answers.push([Math.round(performance.now()), outputs]);
          return v;
        });
      }
      return res;
    });
  };
})();
"""
CY = "document.getElementById('cytoscape')._cyreg.cy"
DRILL_JS = """
(cm) => new Promise((resolve) => {
  const cy = __CY__;
  const start = performance.now();
  const bubble = cy.nodes('.cg-cluster').filter((n) => n.data('cm') === cm);
  if (!bubble.length) { resolve(null); return; }
  let drawn = null;
  const check = () => {
    const ov = cy.scratch('cgOverview');
    if (drawn === null && ov && ov.open.indexOf(cm) >= 0 && cy.nodes().length === ov.nodes) {
      drawn = performance.now() - start;
    }
    // the links: drawn with the entities, or in a later frame (ov.edges null until then)
    if (drawn !== null && ov.edges !== null && cy.edges().length === ov.edges) {
      resolve({ms: drawn, links_ms: performance.now() - start, nodes: ov.nodes,
               edges: ov.edges});
    } else { cy.one('render', check); }
  };
  cy.one('render', check);
  bubble.emit('tap');
})
""".replace("__CY__", CY)


BACK_JS = """
() => new Promise((resolve) => {
  const cy = __CY__;
  const start = performance.now();
  const check = () => {
    const ov = cy.scratch('cgOverview');
    if (ov && ov.open.length === 0 && cy.nodes().length === ov.nodes) {
      resolve(performance.now() - start);
    } else { cy.one('render', check); }
  };
  cy.one('render', check);
  document.getElementById('cg-overview-show-clusters').click();
})
""".replace("__CY__", CY)


def serve(data_dir: Path) -> tuple[subprocess.Popen, str]:
    import urllib.request

    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    log = open(data_dir.parent / f"{data_dir.name}-app.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(1200):
        try:
            urllib.request.urlopen(url + "login", timeout=5)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the app did not start") from None
            time.sleep(0.5)
    raise RuntimeError("the app did not start in time")


WATCH_JS = """
(caseId) => {
  const cy = __CY__;
  window.__opened = null;
  window.__frames = [];  // when the canvas drew a frame (a long task holding one drew it)
  cy.on('render', () => { window.__frames.push(Math.round(performance.now())); });
  const check = () => {
    const ov = cy.scratch('cgOverview');
    if (ov && ov.case && ov.case[0] === caseId && cy.nodes().length === ov.nodes
        && cy.edges().length === ov.edges) {
      window.__opened = {at: performance.now(), nodes: ov.nodes, edges: ov.edges};
      cy.off('render', check);
    }
  };
  cy.on('render', check);
}
""".replace("__CY__", CY)


def cpu_profile_summary(profile: dict, top: int = 15) -> dict:
    """Self time (ms) of a CDP ``Profiler`` profile by function and by script, largest
    first: what the main thread spent the open on."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    stamps = profile.get("timeDeltas") or []
    self_ms: dict[int, float] = {}
    for node_id, delta in zip(profile.get("samples") or [], stamps[1:] + [0], strict=True):
        self_ms[node_id] = self_ms.get(node_id, 0.0) + delta / 1000
    by_function: dict[str, float] = {}
    by_script: dict[str, float] = {}
    for node_id, ms in self_ms.items():
        frame = nodes[node_id]["callFrame"]
        script = frame.get("url", "").rsplit("/", 1)[-1].split("?")[0] or "(native)"
        name = f"{frame.get('functionName') or '(anonymous)'} {script}:{frame.get('lineNumber')}"
        if frame.get("functionName") in ("(idle)", "(program)", "(garbage collector)", "(root)"):
            name = script = frame["functionName"]
        by_function[name] = by_function.get(name, 0.0) + ms
        by_script[script] = by_script.get(script, 0.0) + ms

    # inclusive time of each frame (script:line:column, so minified code is told apart):
    # which calls the long tasks were spent under
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    inclusive: dict[str, float] = {}
    for node_id, ms in self_ms.items():
        seen = set()
        while node_id is not None:
            frame = nodes[node_id]["callFrame"]
            if frame.get("url"):
                key = (f"{frame.get('functionName') or '(anonymous)'} "
                       f"{frame['url'].rsplit('/', 1)[-1].split('?')[0]}:"
                       f"{frame.get('lineNumber')}:{frame.get('columnNumber')}")
                if key not in seen:
                    seen.add(key)
                    inclusive[key] = inclusive.get(key, 0.0) + ms
            node_id = parent.get(node_id)

    def ranked(d: dict[str, float], n: int = top) -> list:
        return [[k, round(v)] for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]]

    # the busy stretches (no idle sample for 20 ms) over 200 ms, each with the frames it
    # spent most under: what each long task was
    runs: list[tuple[float, float, dict[str, float]]] = []
    at, busy_from, last_busy, within = 0.0, None, 0.0, {}
    for node_id, delta in zip(profile.get("samples") or [], stamps[1:] + [0], strict=True):
        at += delta / 1000
        name = nodes[node_id]["callFrame"].get("functionName")
        if name == "(idle)":
            if busy_from is not None and at - last_busy > 20:
                runs.append((busy_from, last_busy, within))
                busy_from, within = None, {}
            continue
        if busy_from is None:
            busy_from = at
        last_busy = at
        seen, walk = set(), node_id
        while walk is not None:
            frame = nodes[walk]["callFrame"]
            key = (f"{frame.get('functionName') or '(anonymous)'} "
                   f"{frame.get('url', '').rsplit('/', 1)[-1].split('?')[0]}:"
                   f"{frame.get('lineNumber')}")
            if key not in seen:
                seen.add(key)
                within[key] = within.get(key, 0.0) + delta / 1000
            walk = parent.get(walk)
    if busy_from is not None:
        runs.append((busy_from, last_busy, within))
    long_runs = [{"at_ms": round(a), "ms": round(b - a), "under": ranked(w, 2 * top)}
                 for a, b, w in runs if b - a > 200]
    return {"by_function": ranked(by_function), "by_script": ranked(by_script),
            "inclusive": ranked(inclusive, 3 * top), "long_runs": long_runs}


def log_in(page, url: str) -> None:
    """Log in as ``USER``; returns once the page has drawn its first case and its
    callbacks have settled."""
    from tests.web import PASSWORD

    page.goto(url + "login")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url, timeout=600_000)
    page.wait_for_function("() => { const el = document.getElementById('cytoscape'); "
                           "return el && el._cyreg && el._cyreg.cy "
                           "&& el._cyreg.cy.nodes().length > 0; }", timeout=600_000)
    page.wait_for_timeout(3000)  # the first case's callbacks settle


def one_load(context, url: str, case: dict, drills: list[int],
             profile: bool = False) -> dict:
    """Log in (the page opens its default case), then pick ``case`` in the case picker.
    ``profile``: the main thread's JavaScript profiled (CDP) from the pick until 2 s after
    the overview is drawn, summarised as ``profile``."""
    import re

    page = context.new_page()
    page.add_init_script(LONGTASKS_JS)
    log_in(page, url)
    page.evaluate(WATCH_JS, case["case_id"])
    page.click("#case-picker")
    option = page.get_by_role("option", name=re.compile(re.escape(case["name"])))
    answers: list = []  # [outputs, response bytes, s after the pick] of each callback

    def answered(request) -> None:
        if "_dash-update-component" not in request.url or picked[0] is None:
            return
        try:
            outputs = (request.post_data_json or {}).get("output", "")
            size = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request without a body
            return
        answers.append([outputs[:80], size, round(time.perf_counter() - picked[0], 2)])

    picked: list = [None]
    page.on("requestfinished", answered)
    cdp = None
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
    start = page.evaluate("() => performance.now()")
    picked[0] = time.perf_counter()
    option.click()
    page.wait_for_function("() => window.__opened", timeout=600_000, polling=50)
    opened = page.evaluate("() => window.__opened")
    page.wait_for_timeout(2000)
    profiled = None
    if cdp is not None:
        profiled = cpu_profile_summary(cdp.send("Profiler.stop")["profile"])
        cdp.detach()
    tasks = page.evaluate(f"() => window.__tasks.filter(t => t[0] + t[1] >= {start})")
    page_answers = page.evaluate("() => window.__answers")
    frames = page.evaluate("() => window.__frames")
    # stylesheets the canvas applied and skipped as equal to its last (casegraph.styleOnce),
    # from the page's first case until 2 s after the overview was drawn
    sheets = page.evaluate(f"() => {CY}.scratch('cgStylesheets') || null")
    out = {"drawn_ms": round(opened["at"] - start), "bubbles": opened["nodes"],
           "links": opened["edges"], "longest_task_ms": max([t[1] for t in tasks], default=0),
           "tasks_over_200ms": [t for t in tasks if t[1] > 200],
           # the same tasks as [ms after the pick, ms long], and the drawing's time
           "tasks_after_pick": [[round(t[0] - start), t[1]] for t in tasks if t[1] > 200],
           # the callback answers read in each of those tasks (their body read ends it),
           # and whether the canvas drew a frame in it
           "task_answers": [[round(t[0] - start), t[1],
                             [a[1] for a in page_answers if t[0] <= a[0] <= t[0] + t[1]]
                             + (["(canvas frame)"] if any(t[0] <= f <= t[0] + t[1]
                                                          for f in frames) else [])]
                            for t in tasks if t[1] > 200],
           "answers": sorted(answers, key=lambda a: a[2]), "stylesheets": sheets}
    page.remove_listener("requestfinished", answered)
    if profiled is not None:
        out["profile"] = profiled
    out["drills"] = []
    for cm in drills:
        got = page.evaluate(DRILL_JS, cm)
        if got:
            got["cluster"] = cm
            got["ms"] = round(got["ms"])
            got["links_ms"] = round(got["links_ms"])
            page.wait_for_timeout(1000)  # the panels' answers to the drill settle
            got["back_ms"] = round(page.evaluate(BACK_JS))
            out["drills"].append(got)
        else:
            page.click("#cg-overview-show-clusters")
        page.wait_for_timeout(1500)
    page.close()
    return out


def samples(runs: list[dict]) -> dict:
    """Every run's figures as lists, in run order (the first run is the cold open)."""
    drills = [d for r in runs for d in r["drills"]]
    return {"drawn_ms": [r["drawn_ms"] for r in runs], "cold": [r["cold"] for r in runs],
            "longest_task_ms": [r["longest_task_ms"] for r in runs],
            "drill_ms": [d["ms"] for d in drills],
            "drill_nodes": [d["nodes"] for d in drills],
            "back_ms": [d["back_ms"] for d in drills if "back_ms" in d],
            "load": [r["load"][0] for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--drills", type=int, nargs="*", default=[0])
    parser.add_argument("--profile", action="store_true",
                        help="profile the page's JavaScript during each open (CDP)")
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line of every run's samples")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from casegraph.workspace import Workspace
    from tests.web import make_accounts

    data_dir = Path(args.data_dir).resolve()
    ws = Workspace(data_dir, samples=False)
    newest = max((c for c in ws.list_cases() if c["kind"] != "sample"),
                 key=lambda c: c["updated"])
    try:
        make_accounts(data_dir, [USER])
    except Exception:  # noqa: BLE001 - made by an earlier run
        pass
    ws.close()
    proc, url = serve(data_dir)
    runs = []
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
            for i in range(args.repeat):
                context = pw.chromium.launch_persistent_context(
                    f"{tmp}/p{i}", executable_path=CHROMIUM, headless=True,
                    args=CHROMIUM_ARGS, viewport=VIEWPORT)
                try:
                    run = one_load(context, url, newest, args.drills, args.profile)
                finally:
                    context.close()
                run["load"] = [round(v, 2) for v in os.getloadavg()]
                run["cold"] = i == 0
                print(json.dumps(run), flush=True)
                runs.append(run)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    def spread(values: list) -> list:
        return [min(values), statistics.median(values), max(values)] if values else []

    drills = [d for r in runs for d in r["drills"]]
    print(json.dumps({"entities": newest["nodes"], "links": newest["links"],
                      "drawn_ms": spread([r["drawn_ms"] for r in runs]),
                      "longest_task_ms": [r["longest_task_ms"] for r in runs],
                      "drill_ms": spread([d["ms"] for d in drills]),
                      "drill_links_ms": spread([d["links_ms"] for d in drills]),
                      "back_ms": spread([d["back_ms"] for d in drills if "back_ms" in d])}))
    if args.json:
        print(json.dumps({"bench": "open_browser", "entities": newest["nodes"],
                          "links": newest["links"], "samples": samples(runs)}), flush=True)


if __name__ == "__main__":
    main()
