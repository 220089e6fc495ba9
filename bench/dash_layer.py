"""The size of the Dash layer, and the server requests one node click costs.

Counted from the app's own callback map (``create_app`` on a temp data folder, no samples):

- **callbacks**: every registered callback, server and clientside (the clientside ones
  separately);
- **stores**: the ``dcc.Store`` components in the page Dash validates callbacks against;
- **allow_duplicate**: outputs declared with ``allow_duplicate=True`` (Dash marks each with
  ``@<hash>`` after the property);
- **store in and out**: callbacks that read a store and write the same store;
- **case store readers**: server callbacks with the case store as an input (each is asked
  on every revision, an expansion's included).

Then, unless ``--static``, ``python app.py`` on a free port with the samples, an analyst
logged in through the form in headless Chromium (Debian's), the CAVIAR sample drawn and the
page idle; one click on a node; every POST to ``/_dash-update-component`` from the click until
the page has been quiet for 2 s (every request answered) is counted and listed by its
outputs, those answered "no update" (nothing redrawn) marked. Then the same for an
expansion: the SOCMINT case opened, an account found with the search box, its Expand button
clicked once the page is quiet.

    python bench/dash_layer.py [--static] [--repeat 3]
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

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
QUIET_MS = 2000


def walk(component):
    """Every component under ``component`` (itself included)."""
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def _outputs(entry: dict) -> list[str]:
    spec = entry["output"]
    return spec.strip(".").split("...") if spec.startswith("..") else [spec]


def static_counts() -> dict:
    """Callbacks, clientside callbacks, stores, allow_duplicate outputs of ``create_app``."""
    from dash import dcc

    from app import create_app

    data = Path(tempfile.mkdtemp(prefix="cg-dash-layer-"))
    app = create_app({"data_dir": str(data), "samples": False, "idle_gc": False,
                      "announce_setup": False})
    callbacks = app._callback_list
    page = app.validation_layout
    page = page() if callable(page) else page
    stores = sorted(c.id for c in walk(page) if isinstance(c, dcc.Store))
    outputs = [o for entry in callbacks for o in _outputs(entry)]
    store_ids = set(map(str, stores))
    in_and_out = []
    for entry in callbacks:
        written = {o.split(".")[0] for o in _outputs(entry)}
        read = {d["id"] for d in entry.get("inputs", [])} & store_ids
        if written & read:
            in_and_out.append(sorted(written & read))
    from components import ids

    case_readers = [e for e in callbacks if not e.get("clientside_function")
                    and any(d["id"] == ids.CASE_STORE for d in e.get("inputs", []))]
    return {
        "case_store_readers": len(case_readers),
        "callbacks": len(callbacks),
        "clientside": sum(1 for e in callbacks if e.get("clientside_function")),
        "stores": len(stores),
        "allow_duplicate": sum(1 for o in outputs if "@" in o),
        "store_in_and_out": in_and_out,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_per_action(repeat: int) -> tuple[list[list[str]], list[list[str]]]:
    """The callback requests (their outputs) each of ``repeat`` node clicks on CAVIAR sent,
    and each of ``repeat`` expansions in the SOCMINT case."""
    from playwright.sync_api import sync_playwright

    from tests.web import PASSWORD, DashRequests, make_accounts

    data = Path(tempfile.mkdtemp(prefix="cg-dash-layer-"))
    make_accounts(data, ["bench1"])
    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(data), PYTHONUNBUFFERED="1")
    log = open(data / "app.log", "wb")
    proc = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port",
                             str(port)], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    clicks: list[list[str]] = []
    expansions: list[list[str]] = []
    try:
        for _ in range(360):
            try:
                urllib.request.urlopen(url + "login", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                         args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            sent = DashRequests(page)
            watch_no_update(page, sent)
            page.goto(url + "login")
            page.fill("input[name=username]", "bench1")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(url, timeout=120_000)
            cy = "document.getElementById('cytoscape')._cyreg.cy"
            page.wait_for_function(f"() => {{ try {{ return {cy}.nodes().length > 0 }} "
                                   "catch (e) { return false } }", timeout=180_000)
            sent.wait_quiet(page, 4 * QUIET_MS / 1000)  # the first load's waves are over
            targets = page.evaluate(f"""() => {{
                const cy = {cy};
                const box = cy.container().getBoundingClientRect();
                const nodes = cy.nodes(':visible');
                // nodes farthest from their nearest neighbour, so a click hits only them
                const gaps = nodes.map(a => {{
                    const p = a.renderedPosition();
                    let gap = Infinity;
                    nodes.forEach(b => {{
                        if (a === b) {{ return; }}
                        const q = b.renderedPosition();
                        gap = Math.min(gap, Math.hypot(p.x - q.x, p.y - q.y));
                    }});
                    return {{id: a.id(), gap: gap, x: box.left + p.x, y: box.top + p.y}};
                }});
                return gaps.sort((a, b) => b.gap - a.gap).slice(0, 6);
            }}""")
            for target in targets[:repeat]:
                sent.clear()
                sent.unchanged.clear()
                page.mouse.click(target["x"], target["y"])
                page.wait_for_function(
                    f"() => {cy}.$(':selected').map(n => n.id()).includes({target['id']!r})",
                    timeout=30_000)
                sent.wait_quiet(page, QUIET_MS / 1000)
                clicks.append(requests_of(sent))
            expansions.extend(requests_per_expansion(page, sent, repeat))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    return clicks, expansions


POLL = "[poll] "  # the name of a request of the newer-changes timer starts with this


NO_UPDATE = " (answered: no update)"


def watch_no_update(page, sent) -> None:
    """Note in ``sent.unchanged`` the outputs of requests answered "no update" (HTTP 204, or
    an empty ``response``): asked, but nothing on the page redrawn."""
    sent.unchanged = []

    def answered(response) -> None:
        if "_dash-update-component" not in response.url:
            return
        try:
            empty = response.status == 204 or (
                response.status == 200 and json.loads(response.text()).get("response") == {})
        except Exception:  # the page went away before the body was read
            return
        if empty:
            body = response.request.post_data_json or {}
            sent.unchanged.append(str(body.get("output")))

    page.on("response", answered)


def requests_of(sent) -> list[str]:
    """The outputs of an action's requests (those answered "no update" marked), then the
    poll's (named with ``POLL``)."""
    unchanged = list(getattr(sent, "unchanged", []))
    out = []
    for output, _ in sent:
        if output in unchanged:
            unchanged.remove(output)
            out.append(output[:100] + NO_UPDATE)
        else:
            out.append(output[:100])
    return out + [POLL + output[:60] for output, _ in sent.polls]


def split_poll(runs: list[list[str]]) -> tuple[list[int], list[int]]:
    """Requests per run set off by the action, and the poll's requests per run."""
    polls = [sum(1 for r in run if r.startswith(POLL)) for run in runs]
    return [len(run) - p for run, p in zip(runs, polls, strict=True)], polls


def requests_per_expansion(page, sent: list, repeat: int) -> list[list[str]]:
    """Open the fictional SOCMINT case, find an account with the search box, wait until the
    page is quiet, click Expand; the requests until it is quiet again. ``repeat`` accounts."""
    from components import ids

    cy = f"document.getElementById({ids.CYTOSCAPE!r})._cyreg.cy"
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name="Grumbleford ring").click()
    # every entity drawn (the People view folds the accounts into their people)
    page.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="All entities").click()
    page.wait_for_function(f"() => {cy}.nodes().length > 200", timeout=180_000)
    sent.wait_quiet(page, 2 * QUIET_MS / 1000)
    expansions = []
    for handle in ["sunny.yeti", "zephyr58", "sleepy.puffin"][:repeat]:
        page.fill(f"#{ids.SEARCH}", handle)
        page.keyboard.press("Enter")
        button = page.locator(".cg-enrich-expand")
        button.wait_for(timeout=60_000)
        sent.wait_quiet(page, QUIET_MS / 1000)
        sent.clear()
        sent.unchanged.clear()
        button.click()
        page.wait_for_function(f"() => document.getElementById({ids.ENRICH_PANEL!r})"
                               ".innerText.trim().length > 0", timeout=120_000)
        sent.wait_quiet(page, QUIET_MS / 1000)
        expansions.append(requests_of(sent))
    return expansions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static", action="store_true", help="only the callback map counts")
    parser.add_argument("--repeat", type=int, default=3, help="node clicks to count")
    args = parser.parse_args()
    counts = static_counts()
    print(f"callbacks {counts['callbacks']} (clientside {counts['clientside']}), "
          f"stores {counts['stores']}, allow_duplicate {counts['allow_duplicate']}")
    print(f"callbacks that read and write the same store: {counts['store_in_and_out'] or 0}")
    print(f"server callbacks with the case store as an input: {counts['case_store_readers']}")
    if args.static:
        return
    clicks, expansions = requests_per_action(args.repeat)
    for name, runs in (("node click on CAVIAR", clicks), ("expansion in SOCMINT", expansions)):
        actions, polls = split_poll(runs)
        redrawn = [sum(1 for r in run if not r.startswith(POLL) and not r.endswith(NO_UPDATE))
                   for run in runs]
        print(f"requests to /_dash-update-component per {name}: {actions} "
              f"(median {statistics.median(actions)}; answered with a change: {redrawn}), "
              f"and of the newer-changes poll: {polls}")
        for i, run in enumerate(runs, 1):
            print(f"{name} {i}:")
            for output, n in sorted(Counter(run).items()):
                print(f"  {n}x {output}")


if __name__ == "__main__":
    main()
