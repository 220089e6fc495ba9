"""Browser fixtures: the real app served on 127.0.0.1 and a headless Chromium page.

The app runs as ``python app.py`` in a subprocess with its own data folder, exactly as an
analyst starts it; one server per test module, so a module's uploads do not leak into
another module's pages. Its accounts are made first with the console command an admin uses
(``python -m casegraph.users add``): ``analyst1`` (analyst) and ``viewer1`` (viewer), and
``analyst2`` for tests of two analysts on one case; the
``page`` fixture logs in as ``analyst1`` through the login form. Chromium is Debian's
(/usr/bin/chromium), driven by Playwright.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from components import ids
from tests.web import PASSWORD, add_user, make_accounts

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CASEGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
VIEWPORT = {"width": 1600, "height": 1000}
START_TIMEOUT_S = 180  # first start builds and analyses the sample cases
GRAPH_TIMEOUT_MS = 60_000

ANALYST, VIEWER, COLLEAGUE = "analyst1", "viewer1", "analyst2"
# The cytoscape core behind the diagram: cytoscape registers itself on its container div.
CY = f"document.getElementById({ids.CYTOSCAPE!r})._cyreg.cy"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "login", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"app.py did not answer on {url} in {START_TIMEOUT_S} s:\n"
                f"{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def app_url(app_server) -> str:
    """Base URL of ``python app.py`` serving a fresh data folder (samples only)."""
    return app_server[0]


@pytest.fixture(scope="module")
def app_data(app_server) -> Path:
    """The data folder the module's server uses (its database, audit key)."""
    return app_server[1]


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``(base URL, data folder)`` of ``python app.py`` serving a fresh data folder."""
    data_dir = tmp_path_factory.mktemp("casegraph-data")
    add_user(data_dir, ANALYST, "analyst")
    add_user(data_dir, VIEWER, "viewer")
    make_accounts(data_dir, [COLLEAGUE])  # a second analyst, for tests of two on one case
    log = data_dir.parent / f"{data_dir.name}-app.log"
    port = free_port()
    env = dict(os.environ, CASEGRAPH_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, proc, log)
        yield url, data_dir
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is expected at {CHROMIUM} (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


_FUNCTION = re.compile(r"^\s*(async\s+)?(function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)")


def csp_safe(page):
    """Let ``page.wait_for_function`` take a bare expression under the app's CSP.

    Playwright evaluates a bare expression with ``eval`` inside the page, which the app's
    Content-Security-Policy forbids (no 'unsafe-eval'); a function is handed over without
    ``eval``. So a bare expression is wrapped into ``() => (expression)``.
    """
    original = page.wait_for_function

    def wait_for_function(expression, *args, **kwargs):
        if not _FUNCTION.match(expression):
            expression = f"() => ({expression})"
        return original(expression, *args, **kwargs)

    page.wait_for_function = wait_for_function
    return page


@pytest.fixture
def page(browser, app_url: str):
    """A fresh tab on the app with the first graph drawn; console errors are collected in
    ``page.console_errors``."""
    tab = csp_safe(browser.new_page())
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    login(tab, app_url, ANALYST)
    wait_for_graph(tab)
    yield tab
    tab.close()


def login(page, app_url: str, user: str, password: str = PASSWORD) -> None:
    """Open the app as ``user``: drop whoever's session the browser holds, fill the login
    form in, and land on the page.

    The session cookie is cleared rather than logged out through the page: the login page
    of a logged-in browser redirects to the dashboard, whose requests, still under way,
    could set the session cookie again after a logout and send the next login page to the
    dashboard too."""
    page.context.clear_cookies()
    page.goto(app_url + "login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(app_url, timeout=GRAPH_TIMEOUT_MS)


def wait_for_graph(page, nodes: int | None = None, timeout_ms: int = GRAPH_TIMEOUT_MS) -> None:
    """Wait until the diagram holds ``nodes`` nodes (any, when None) and drew a frame."""
    want = -1 if nodes is None else nodes
    page.wait_for_function(
        """([id, want]) => {
            const div = document.getElementById(id);
            const cy = div && div._cyreg && div._cyreg.cy;
            if (!cy) { return false; }
            if (!cy.__cgWatch) {
                // a frame counts when it was drawn with the node count we wait for
                cy.__cgWatch = true;
                cy.on('render', () => { cy.__cgDrawn = cy.nodes().length; });
                cy.forceRender();
            }
            const n = cy.nodes().length;
            return n > 0 && (want < 0 || n === want) && cy.__cgDrawn === n;
        }""",
        arg=[ids.CYTOSCAPE, want], timeout=timeout_ms, polling=100,
    )


class Diagram:
    """The diagram of one page, read through its cytoscape core."""

    def __init__(self, page):
        self.page = page

    def eval(self, expression: str, arg=None):
        return cy_eval(self.page, expression, arg)

    def snapshot(self) -> dict:
        return graph_snapshot(self.page)

    def wait(self, nodes: int | None = None, timeout_ms: int = GRAPH_TIMEOUT_MS) -> None:
        wait_for_graph(self.page, nodes, timeout_ms)


@pytest.fixture
def diagram(page) -> Diagram:
    return Diagram(page)


def show_all_entities(page, nodes: int | None = None) -> None:
    """Switch the People / All entities switch to All entities (the diagram then draws every
    entity of a case with several kinds) and wait for the diagram."""
    page.locator(f"#{ids.ANALYSIS_VIEW} label", has_text="All entities").click()
    page.wait_for_function(f"{CY}.scratch('cgPeople') === false")
    wait_for_graph(page, nodes)


def cy_eval(page, expression: str, arg=None):
    """Evaluate ``expression`` with ``cy`` bound to the diagram's cytoscape core."""
    return page.evaluate(f"(arg) => {{ const cy = {CY}; return ({expression}); }}", arg)


def wait_still(page, node: str) -> None:
    """Wait until the view is still: no animation, ``node`` drawn at the same place over a
    quarter of a second (a fit or a centring may be under way: a click at a position read
    during it lands elsewhere)."""
    page.wait_for_function("""([cyId, node]) => {
        const cy = document.getElementById(cyId)._cyreg.cy;
        const p = cy.getElementById(node).renderedPosition();
        const key = `${Math.round(p.x)},${Math.round(p.y)},${cy.animated()}`;
        const still = window.__cgStill === key;
        window.__cgStill = key;
        return still && !cy.animated();
    }""", arg=[ids.CYTOSCAPE, node], polling=250, timeout=GRAPH_TIMEOUT_MS)


def node_on_page(page, node: str) -> dict[str, float]:
    """Where the diagram draws ``node``, in page coordinates, once the view is still; a node
    the view has left outside (zoomed onto a path, say) is brought back as an analyst would,
    with the Fit button."""
    wait_still(page, node)
    inside = cy_eval(page, """(() => {
        const p = cy.getElementById(arg).renderedPosition();
        return p.x > 12 && p.y > 12 && p.x < cy.width() - 12 && p.y < cy.height() - 12;
    })()""", node)
    if not inside:
        page.click(f"#{ids.FIT_BUTTON}")
        wait_still(page, node)
    return cy_eval(page, """(() => {
        const box = cy.container().getBoundingClientRect();
        const p = cy.getElementById(arg).renderedPosition();
        return {x: box.left + p.x, y: box.top + p.y};
    })()""", node)


def click_node(page, node: str) -> None:
    """Click ``node`` on the diagram, and wait until the canvas has selected it."""
    page.evaluate("() => window.scrollTo(0, 0)")  # the tabs below may have scrolled it away
    at = node_on_page(page, node)
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function(f"(node) => {CY}.getElementById(node).selected()", arg=node,
                           timeout=GRAPH_TIMEOUT_MS)


def graph_snapshot(page) -> dict:
    """Node ids, labels and link count currently in the diagram."""
    return cy_eval(page, """{
        ids: cy.nodes().map(n => n.id()).sort(),
        labels: cy.nodes().map(n => n.data('label')).sort(),
        edges: cy.edges().length,
    }""")
