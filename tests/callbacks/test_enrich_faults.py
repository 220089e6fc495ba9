"""A lookup that adds nothing shows its result card with the reason, never an HTTP 500: every
fault of the real records service (run as its own process on 127.0.0.1 with fault
injection), and the local records' "not found" and "not covered", through the app's real
callback endpoint."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from casegraph.model import Case
from components import ids
from components.state import WORKSPACE_KEY
from tests.callbacks.conftest import PASSWORD, logged_in_client, session_of
from tests.dash_client import DashClient
from tests.services import free_port

ROOT = Path(__file__).resolve().parents[2]
KEY = "fault-test-key"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("records-service")
    proc = subprocess.Popen(
        [sys.executable, "-m", "casegraph.enrichment.service", "--host", "127.0.0.1",
         "--port", str(port), "--db", str(folder / "records.sqlite"), "--key", KEY,
         "--faults"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code < 500:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"records service did not start: {proc.stdout.read().decode()}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def app(service, tmp_path_factory):
    """The app with the records service as its ``http_api`` provider."""
    from app import create_app

    with pytest.MonkeyPatch.context() as env:
        env.setenv("CASEGRAPH_LOOKUP_URL", service)
        env.setenv("CASEGRAPH_LOOKUP_KEY", KEY)
        app = create_app({"data_dir": str(tmp_path_factory.mktemp("app") / "data"),
                          "samples": False, "idle_gc": False})
        app.server.config[WORKSPACE_KEY].enrichment()  # providers made with the settings
        logged_in_client(app)  # analyst1, with its password
    yield app
    app.server.config[WORKSPACE_KEY].close()


@pytest.fixture
def page(service, app):
    """A new small case open on the page, no fault armed."""
    ws = app.server.config[WORKSPACE_KEY]
    http = ws.enrichment().registry.get("http_api")
    http.timeout, http.backoff = 0.4, 0.01  # a slow answer times out quickly
    case = Case(name="Faults", meta={"case_number": "OP-F", "purpose": "fault test"})
    case.add_entity("PH1", "phone", "07700 900001", phone="07700 900001")
    case.add_entity("PHUS", "phone", "+1 202 555 0100", phone="+1 202 555 0100")
    case.add_entity("EM0", "email", "nobody@example.com", email="nobody@example.com")
    case_id, rev = session_of(ws).import_case(case)  # owned by analyst1
    client = DashClient(app=app)
    client.login("analyst1", PASSWORD)
    client.open()
    httpx.delete(f"{service}/admin/fault", headers={"X-API-Key": KEY})
    yield client, {"case_id": case_id, "rev": rev}, ws
    httpx.delete(f"{service}/admin/fault", headers={"X-API-Key": KEY})


def words(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [w for item in node for w in words(item)]
    if isinstance(node, dict):
        return words(node.get("props", {}).get("children"))
    return []


def expand(client: DashClient, store: dict, node: str, provider: str) -> dict:
    return client.press(ids.ENRICH_MESSAGE, {"index": provider, "type": ids.ENRICH_EXPAND},
                        state={ids.CASE_STORE: store,
                               ids.SELECTION: {"kind": "node", "id": node}})


@pytest.mark.parametrize("fault, node, provider, title, tone, status", [
    (None, "EM0", "records", "nobody@example.com: not found (records)", "quiet", "not_found"),
    (None, "PHUS", "records", "+1 202 555 0100: not covered by this source (records)",
     "quiet", "not_covered"),
    (None, "EM0", "http_api", "nobody@example.com: not found (http_api)", "quiet",
     "not_found"),
    (None, "PHUS", "http_api", "+1 202 555 0100: not covered by this source (http_api)",
     "quiet", "not_covered"),
    ("slow", "PH1", "http_api",
     "07700 900001: the source did not answer in time (http_api)", "error", "timeout"),
    ("429", "PH1", "http_api",
     "07700 900001: the source refused: too many lookups, try again later (http_api)",
     "error", "quota"),
    ("500", "PH1", "http_api", "07700 900001: the lookup failed (http_api)", "error",
     "error"),
    ("garbage", "PH1", "http_api",
     "07700 900001: the source's answer could not be read (http_api)", "error",
     "malformed"),
])
def test_every_lookup_that_adds_nothing_shows_its_card(service, page, fault, node, provider,
                                                       title, tone, status):
    client, store, ws = page
    if fault:
        armed = httpx.post(f"{service}/admin/fault", headers={"X-API-Key": KEY},
                           json={"fault": fault, "times": 20, "delay": 1.0,
                                 "retry_after": 0.05})
        assert armed.status_code == 200
    answer = expand(client, store, node, provider)  # raises on any HTTP error
    card = answer[ids.ENRICH_MESSAGE]["children"]
    assert words(card)[0] == title
    assert card[0]["props"]["className"] == f"cg-enrich-title cg-enrich-{tone}"
    assert answer[ids.ENRICH_PANEL]["style"] == {}
    assert ids.CASE_STORE not in answer and ids.ENRICH_DELTA not in answer
    assert ws.current_rev(store["case_id"]) == 1  # the case stays as it was
    row = ws.enrichment().audit.rows()[-1]
    assert (row["provider"], row["status"], row["case_number"], row["result_count"]) == (
        provider, status, "OP-F", 0)
