"""Screenshots of the diagram at the fitted zoom (Grumbleford in its People and All entities
views, CAVIAR) in headless Chromium at 1280x800 and 1600x1000, to look at the labels.

    python bench/label_shots.py OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from casegraph.samples import sample_cases
    from components import ids
    from tests.web import PASSWORD, make_accounts

    out.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp()) / "data"
    make_accounts(data, ["analyst1"])
    port = 8791
    log = open(out / "server.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port), "--data-dir",
                             str(data)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    cy = f"document.getElementById({ids.CYTOSCAPE!r})._cyreg.cy"
    measure = ("() => { const cy = " + cy + "; const z = cy.zoom(); const n = cy.nodes(':visible');"
               " const shown = n.filter(x => x.pstyle('font-size').pfValue * z >= "
               "x.pstyle('min-zoomed-font-size').pfValue);"
               " const small = shown.filter(x => x.pstyle('font-size').pfValue * z < 10.95)"
               "   .map(x => [x.data('label'), +(x.pstyle('font-size').pfValue * z).toFixed(1),"
               "              x.pstyle('min-zoomed-font-size').pfValue, x.classes().join(' ')]);"
               " return {nodes: n.length, labelled: shown.length, zoom: +z.toFixed(3),"
               "         below_11px: small}; }")
    names = {s.id: s.name for s in sample_cases()}
    for _ in range(360):
        try:
            urllib.request.urlopen(url + "login", timeout=3)
            break
        except OSError:
            time.sleep(0.5)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            for w, h in [(1280, 800), (1600, 1000)]:
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(url + "login")
                page.fill("input[name=username]", "analyst1")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_selector(f"#{ids.CYTOSCAPE}", timeout=120000)
                page.wait_for_timeout(8000)
                for sample in ("socmint-grumbleford", "caviar"):
                    if names[sample] not in page.inner_text(f"#{ids.CASE_PICKER}"):
                        page.click(f"#{ids.CASE_PICKER}")
                        page.get_by_role("option", name=names[sample]).first.click()
                        page.wait_for_timeout(9000)
                    views = ["People", "All entities"] if sample != "caviar" else ["People"]
                    for view in views:
                        page.locator(f"#{ids.ANALYSIS_VIEW} label", has_text=view).click()
                        page.wait_for_timeout(6000)
                        page.evaluate("() => " + cy + ".fit(undefined, 40)")
                        page.wait_for_timeout(800)
                        tag = view.split()[0].lower()
                        page.screenshot(path=str(out / f"{sample}-{tag}-{w}x{h}.png"))
                        print(w, h, sample, view, page.evaluate(measure), flush=True)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
