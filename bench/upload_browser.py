"""A call-record CSV uploaded through the page: each stage, the job's end, the overview painted.

Usage::

    python bench/upload_browser.py --sizes 100000 --json
    python bench/upload_browser.py --sizes 20000 --repeat 2 --workdir /tmp/ub
    python bench/upload_browser.py --csv my_calls.csv
    python bench/upload_browser.py --sizes 100000 --cancel-at clusters   # Cancel, then check

Each size's CSV is bench/all.py's ``write_case_csv`` (``n`` entities, ``3 n`` links, columns
source,target,weight: bench/largecase.py's uniform case). ``python app.py`` (the real
server, its job processes and login) serves a fresh data folder per size; a fresh headless
Chromium logs in as ``ana``, lets the page open its sample case, then gives the file to the
upload area's ``<input type=file>`` as "choose files" does. The mapping dialog is answered
with *Load* if it opens. ``--repeat`` uploads again on the same server, each time in a
fresh browser (``first_on_server``: only the first starts the job processes' fork server).
The window is 1280x800 (bench/paint.py's is larger). Times run from the moment the file is
given to the input:

- **stages**: when each stage's words first show under the progress bar (the page reads
  them every 100 ms; the bar itself is refreshed every ``POLL_MS`` of
  components/upload_job.py, so a stage shorter than that may never show; "(no words)":
  the box shown before the job's first report);
- **job_end_ms**: the progress box hidden again (the background callback answered);
- **painted_ms**: the first frame holding every bubble and summed link of the new case's
  overview (``cy.scratch('cgOverview')`` of a case other than the one the page opened on);
- **longest_task_ms** / **tasks_over_200ms**: main-thread tasks (PerformanceObserver
  ``longtask``) from the file given until 2 s after the paint, as ``[ms after, ms long]``;
- **peak_mb**: the peak, sampled every 200 ms, of the summed RSS of the app process and
  every process under it (fork server and upload job); ``peak_app_mb`` / ``peak_job_mb``:
  the serving process alone, the largest single child.

``--cancel-at STAGE`` clicks Cancel once that stage shows, waits for the job's answer and
reports what the page says and whether the case picker's list changed (``cancel``), then,
the server shut, the uploaded cases its database holds (``stored_uploads``). Every run
lists the callback requests of 1 MB or more (``big_requests``: the file sent again).
``--json`` ends with one line ``{"bench": "upload_browser", "samples": {...}}``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from all import write_case_csv  # noqa: E402
from open_browser import CY, LONGTASKS_JS, USER, log_in, serve  # noqa: E402
from paint import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_S = 900
# watches the progress words, the progress box, the alerts and the canvas; every time is
# performance.now() of the page
WATCH_JS = """
(startCase) => {
  const cy = __CY__;
  const w = window.__upload = {texts: [], shown: null, hidden: null, notice: null,
                               error: null, painted: null};
  const visible = (id) => {
    const el = document.getElementById(id);
    return !!el && getComputedStyle(el).display !== 'none';
  };
  let last = null;
  const poll = () => {
    const now = performance.now();
    const el = document.getElementById('upload-progress-text');
    const text = el ? el.textContent : '';
    if (visible('upload-job-box')) {
      if (w.shown === null) { w.shown = now; }
      if (text !== last) { w.texts.push([Math.round(now), text]); last = text; }
    } else if (w.shown !== null && w.hidden === null) { w.hidden = now; }
    if (w.notice === null && visible('upload-notice')) {
      w.notice = now; w.noticeText = document.getElementById('upload-notice').textContent;
    }
    if (w.error === null && visible('upload-error')) {
      w.error = now; w.errorText = document.getElementById('upload-error').textContent;
    }
  };
  window.__uploadPoll = setInterval(poll, 100);
  const check = () => {
    const ov = cy.scratch('cgOverview');
    if (w.painted === null && ov && ov.case && ov.case[0] !== startCase
        && ov.edges !== null && cy.nodes().length === ov.nodes
        && cy.edges().length === ov.edges) {
      w.painted = performance.now();
      w.case = ov.case; w.nodes = ov.nodes; w.edges = ov.edges;
      cy.off('render', check);
    }
  };
  cy.on('render', check);
}
""".replace("__CY__", CY)


class MemorySampler(threading.Thread):
    """The RSS of a process and every process under it, every ``every`` seconds: the peaks
    of their sum, of the process alone and of its largest child (MB)."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        import psutil

        self.root, self.every = psutil.Process(pid), every
        self.peak = self.peak_app = self.peak_child = 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.halt.is_set():
            try:
                app = self.root.memory_info().rss
                children = []
                for child in self.root.children(recursive=True):
                    try:
                        children.append(child.memory_info().rss)
                    except psutil.Error:  # ended meanwhile
                        pass
            except psutil.Error:
                return
            mb = 1024 * 1024
            self.peak = max(self.peak, (app + sum(children)) / mb)
            self.peak_app = max(self.peak_app, app / mb)
            self.peak_child = max(self.peak_child, max(children, default=0) / mb)
            self.halt.wait(self.every)

    def stop(self) -> dict:
        self.halt.set()
        self.join(timeout=5)
        return {"peak_mb": round(self.peak), "peak_app_mb": round(self.peak_app),
                "peak_job_mb": round(self.peak_child)}


def stage_names() -> dict[str, str]:
    """The words under the bar (components/upload_job.py) -> the stage's key."""
    from components.upload_job import STAGES, progress_values

    return {progress_values(key)[1]: key for key in STAGES}


def picker_options(page) -> list[str]:
    """The case picker's options as the analyst reads them."""
    page.click("#case-picker")
    options = page.get_by_role("listbox").get_by_role("option")  # the open menu (a portal)
    options.first.wait_for(timeout=30_000)
    names = options.all_inner_texts()
    page.keyboard.press("Escape")
    return sorted(names)


def one_upload(context, url: str, csv: Path, app_pid: int,
               cancel_at: str | None = None, with_answers: bool = False) -> dict:
    """Log in, upload ``csv`` through the page and wait for its overview (or, with
    ``cancel_at``, for the cancelled job's answer). ``with_answers``: every callback
    answer during the upload as ``answers`` ([s after the file given, outputs, status,
    request MB]); those of 1 MB or more are always given (``big_requests``)."""
    page = context.new_page()
    page.add_init_script(LONGTASKS_JS)
    log_in(page, url)
    start_case = page.evaluate(f"() => ({CY}.scratch('cgCase') || '').split('@')[0]")
    before = picker_options(page) if cancel_at else None
    words = stage_names()
    cancel_words = next((w for w, k in words.items() if k == cancel_at), None)
    if cancel_at and cancel_words is None:
        raise SystemExit(f"--cancel-at: no stage {cancel_at!r} (one of {sorted(words.values())})")
    page.evaluate(WATCH_JS, start_case)
    sampler = MemorySampler(app_pid)
    sampler.start()
    answers: list = []  # [s after the file given, outputs, status, request MB]
    begun: list = [None]

    def answered(response) -> None:
        if "_dash-update-component" not in response.url or begun[0] is None:
            return
        try:
            body = response.request.post_data_buffer or b""
            outputs = json.loads(body).get("output", "")
        except Exception:  # noqa: BLE001 - a request without a body
            body, outputs = b"", "?"
        answers.append([round(time.perf_counter() - begun[0], 2), outputs[:70],
                        response.status, round(len(body) / 1e6, 2)])

    page.on("response", answered)
    start = page.evaluate("() => performance.now()")
    begun[0] = time.perf_counter()
    page.locator("#upload input[type=file]").set_input_files(str(csv))
    given_ms = round(page.evaluate("() => performance.now()") - start)
    mapped = cancelled = None
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        state = page.evaluate("() => window.__upload")
        if state["painted"] is not None and not cancel_at:
            break
        if state["error"] is not None or (cancel_at and state["hidden"] is not None):
            break
        if mapped is None and page.locator("#map-dialog").is_visible():
            mapped = round(page.evaluate("() => performance.now()") - start)
            page.click("#map-load")
        if cancel_at and cancelled is None and any(t[1] == cancel_words
                                                   for t in state["texts"]):
            page.click("#upload-cancel")
            cancelled = round(page.evaluate("() => performance.now()") - start)
        page.wait_for_timeout(250)
    else:
        raise SystemExit(f"no overview painted nor error within {TIMEOUT_S} s")
    page.wait_for_timeout(2000)  # tasks right after the paint, memory after the job
    memory = sampler.stop()
    page.evaluate("() => clearInterval(window.__uploadPoll)")
    state = page.evaluate("() => window.__upload")
    tasks = page.evaluate(f"() => window.__tasks.filter(t => t[0] + t[1] >= {start})")

    def after(at: float | None) -> int | None:
        return None if at is None else round(at - start)

    stages: dict[str, int] = {}
    for at, text in state["texts"]:
        # the box shows before the job's first report: "(no words)" until then
        stages.setdefault(words.get(text, text or "(no words)"), round(at - start))
    out = {"csv": csv.name, "given_ms": given_ms, "box_shown_ms": after(state["shown"]),
           "stages": stages, "job_end_ms": after(state["hidden"]),
           "notice_ms": after(state["notice"]), "painted_ms": after(state["painted"]),
           "case": state.get("case"), "bubbles": state.get("nodes"),
           "summed_links": state.get("edges"), "mapping_dialog_ms": mapped,
           "longest_task_ms": max([t[1] for t in tasks], default=0),
           "tasks_over_200ms": [[round(t[0] - start), t[1]] for t in tasks if t[1] > 200],
           **memory}
    page.remove_listener("response", answered)
    # the callbacks that carried the file (or any 1 MB) to the server, and when
    out["big_requests"] = [a for a in answers if a[3] >= 1]
    if with_answers:
        out["answers"] = answers
    if state["error"] is not None:
        out["error"] = state.get("errorText")
    if state.get("noticeText"):
        out["notice"] = state["noticeText"][:200]
    if cancel_at:
        page.wait_for_timeout(3000)  # a picker answer after the job's
        after_cancel = picker_options(page)
        out["cancel"] = {"stage": cancel_at, "clicked_ms": cancelled,
                         "texts": [[round(a - start), t] for a, t in state["texts"]],
                         "page_says": (state.get("errorText") or state.get("noticeText")
                                       or "")[:300],
                         "says_cancelled": "cancelled" in (state.get("errorText") or ""),
                         "cases_before": len(before), "cases_after": len(after_cancel),
                         "case_list_unchanged": before == after_cancel,
                         "new_cases": sorted(set(after_cancel) - set(before))}
    page.close()
    return out


def samples(runs: list[dict]) -> dict:
    """Every run's figures as lists, in run order."""
    return {key: [r.get(key) for r in runs]
            for key in ("painted_ms", "job_end_ms", "longest_task_ms", "peak_mb",
                        "peak_job_mb", "stages", "entities", "load")}


def case_csvs(args, workdir: Path) -> list[tuple[int, Path]]:
    if args.csv:
        path = Path(args.csv).resolve()
        with path.open("rb") as fh:
            return [(sum(1 for _ in fh) - 1, path)]  # n: the file's rows (its links)
    out = []
    for n in args.sizes:
        path = workdir / f"uniform_{n}.csv"  # bench/largecase.py's name: made once, kept
        if not path.exists():
            write_case_csv(path, n, "uniform")
        out.append((n, path))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000],
                        help="entities of each generated case (links: 3 n)")
    parser.add_argument("--csv", help="upload this CSV instead (columns source,target,...)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", help="keep the CSVs, data folders and app logs here")
    parser.add_argument("--cancel-at", choices=["queued", "reading", "building", "clusters",
                                                "figures", "layout"],
                        help="click Cancel when this stage shows, then check the case list")
    parser.add_argument("--answers", action="store_true",
                        help="list every callback answer during the upload in each run")
    parser.add_argument("--json", action="store_true",
                        help="end with one JSON line of every run's samples")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.web import make_accounts

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="cg-upload-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    runs = []
    for n, csv in case_csvs(args, workdir):
        data_dir = Path(tempfile.mkdtemp(prefix=f"ws{n}-", dir=workdir))
        make_accounts(data_dir, [USER])
        proc, url = serve(data_dir)
        try:
            with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
                for i in range(args.repeat):
                    context = pw.chromium.launch_persistent_context(
                        f"{tmp}/p{i}", executable_path=CHROMIUM, headless=True,
                        args=CHROMIUM_ARGS, viewport=VIEWPORT)
                    try:
                        run = one_upload(context, url, csv, proc.pid, args.cancel_at,
                                         args.answers)
                    finally:
                        context.close()
                    run["entities"] = n if not args.csv else None
                    run["first_on_server"] = i == 0
                    run["load"] = [round(v, 2) for v in os.getloadavg()]
                    print(json.dumps(run), flush=True)
                    runs.append(run)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if args.cancel_at:  # what the database holds, besides the samples, once it is shut
            from casegraph.workspace import Workspace

            ws = Workspace(data_dir, samples=False)
            stored = [c["name"] for c in ws.list_cases() if c["kind"] != "sample"]
            ws.close()
            print(json.dumps({"cancel_at": args.cancel_at, "stored_uploads": stored}),
                  flush=True)
    if args.json:
        print(json.dumps({"bench": "upload_browser", "samples": samples(runs)}), flush=True)


if __name__ == "__main__":
    main()
