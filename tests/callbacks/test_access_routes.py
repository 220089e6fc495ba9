"""User B cannot open, list or download user A's case through any route or callback.

The test walks every Flask rule and every server callback of the real app (from
``/_dash-dependencies``, as a browser replays them), firing each callback once per input
with A's case id wherever a case id goes: the case store, the case picker, the reopen
buttons, the export buttons (downloads), the selection. Nothing B gets back may contain
A's case, A's case must be unchanged, and every attempt on it is recorded as a refusal.
The same walk as A shows A's case in many answers, so the walk does reach the data.
"""

from __future__ import annotations

import json
import re

import pytest

from app import create_app
from casegraph.access import Actor
from casegraph.model import Case
from casegraph.session import records_for
from components import ids
from components.state import WORKSPACE_KEY
from tests.callbacks.conftest import PASSWORD, session_of
from tests.dash_client import DashClient, DashError

# short enough to pass whole through every label cut (the diagram's is 20 characters): a
# marker shortened on its way out would hide a leak
MARKERS = ("Zeph Marker-A7", "OP-ALICE-7", "Alice private op")
CLICKS = ("n_clicks", "n_submit", "n_intervals", "n_clicks_timestamp")
FORMATS = ("png", "svg", "pdf", "html", "graphml", "gexf", "csv", "json")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = create_app({"data_dir": str(tmp_path_factory.mktemp("routes") / "data"),
                      "samples": False, "idle_gc": False, "announce_setup": False})
    yield app
    app.server.config[WORKSPACE_KEY].close()


@pytest.fixture(scope="module")
def alice_case(app) -> dict:
    ws = app.server.config[WORKSPACE_KEY]
    users = records_for(ws).users
    for name in ("alice", "bob"):
        users.add(name, "analyst", PASSWORD)
    case = Case(name=MARKERS[2], meta={"case_number": MARKERS[1], "purpose": "s.4"})
    case.add_entity("zeph", "person", MARKERS[0])
    phone = case.add_entity(None, "phone", "07700 900777")
    case.add_link("zeph", phone, "uses")
    case_id, rev = session_of(ws, Actor("alice", "analyst")).import_case(case)
    return {"case_id": case_id, "rev": rev}


def client_for(app, user: str) -> DashClient:
    client = DashClient(app=app)
    client.login(user, PASSWORD)
    client.open()
    return client


def pattern_indices(kind: str, case_id: str) -> list:
    if kind == ids.EXPORT_ITEM:
        return list(FORMATS)
    if kind in (ids.ENRICH_EXPAND, ids.ENRICH_HOPS, ids.ENRICH_BULK, ids.ENRICH_BULK_SELECTED):
        return ["records"]
    if kind == ids.ENRICH_SAME_AS:
        return ["zeph|zeph"]
    if kind == ids.CASES_UNSHARE:
        return ["alice"]
    return [case_id, "zeph", 0]


def value_for(cid: str, prop: str, store: dict) -> object:
    case_id = store["case_id"]
    known = {
        (ids.CASE_STORE, "data"): store,
        (ids.CASE_PICKER, "value"): case_id,
        (ids.SELECTION, "data"): {"kind": "node", "id": "zeph"},
        (ids.ENRICH_LAST, "data"): {"case_id": case_id, "rev": 1, "base_rev": 1,
                                    "touched": ["zeph"], "new_nodes": [], "suggestions": []},
        (ids.ENRICH_RELOAD, "data"): {"case": [case_id, 1]},
        (ids.MULTI_SELECTION, "data"): ["zeph"],
        (ids.TAP, "data"): {"kind": "node", "id": "zeph", "t": 1},
        (ids.AUDIT_SCOPE, "value"): "case",
        (ids.ANALYSIS_TABS, "value"): "audit",
    }
    if (cid, prop) in known:
        return known[(cid, prop)]
    return 1 if prop in CLICKS else None


def gates(client: DashClient) -> dict[str, list[str]]:
    """The click gates' stores (components/clicks.py) and the button types each passes on."""
    return {dep["output"].rpartition(".")[0]: [json.loads(i["id"])["type"]
                                               for i in dep["inputs"]]
            for dep in client.callbacks
            if (dep.get("clientside_function") or {}).get("namespace") == "casegraph_clicks"}


def replay_everything(client: DashClient, store: dict) -> dict[str, str]:
    """Fire every server callback once per input (a gated store once per button behind it);
    returns ``{callback and input: answer}``."""
    answers: dict[str, str] = {}
    gated = gates(client)
    for dep in client.callbacks:
        if dep.get("clientside_function") or dep.get("background"):
            continue  # browser-only; background jobs take only a server-written ticket
        given: dict[str, object] = {}
        for spec in dep["inputs"] + dep.get("state", []):
            raw, prop = spec["id"], spec["property"]
            if raw.startswith("{"):
                kind = json.loads(raw)["type"]
                given[kind] = [({"index": i, "type": kind}, value_for("", prop, store))
                               for i in pattern_indices(kind, store["case_id"])]
            else:
                given[f"{raw}.{prop}"] = value_for(raw, prop, store)
        for spec in dep["inputs"]:
            raw, prop = spec["id"], spec["property"]
            for kind in gated.get(raw, []):
                for i in pattern_indices(kind, store["case_id"]):
                    click = {"type": kind, "index": i, "n": 1, "t": 1}
                    try:
                        client.fire(dep, inputs={**given, raw: click}, state=given,
                                    trigger=raw, prop=prop)
                        text = json.dumps(client.last)
                    except DashError as error:
                        text = f"HTTP {error.status}: {error}"
                    answers[f"{dep['output']} <- {json.dumps(click)}.{prop}"] = text
            if raw in gated:
                continue
            triggers = ([{"index": i, "type": json.loads(raw)["type"]}
                         for i in pattern_indices(json.loads(raw)["type"], store["case_id"])]
                        if raw.startswith("{") else [raw])
            for trigger in triggers:
                inputs = dict(given)
                if isinstance(trigger, dict):
                    inputs[trigger["type"]] = [(trigger, value_for("", prop, store))]
                try:
                    client.fire(dep, inputs=inputs, state=given, trigger=trigger, prop=prop)
                    text = json.dumps(client.last)
                except DashError as error:
                    text = f"HTTP {error.status}: {error}"
                answers[f"{dep['output']} <- {json.dumps(trigger)}.{prop}"] = text
    return answers


def leaks(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


def test_user_b_gets_nothing_of_user_a_s_case(app, alice_case):
    ws = app.server.config[WORKSPACE_KEY]
    bob = client_for(app, "bob")
    # the page, its case list and its first picture: nothing of A's case
    assert not leaks(json.dumps(bob.layout))
    options = bob.initial(ids.CASE_PICKER, "options") or []
    assert alice_case["case_id"] not in json.dumps(options)

    answers = replay_everything(bob, alice_case)
    walked = {name.split(" <- ")[0] for name in answers}
    server_side = {key for key, spec in app.callback_map.items()
                   if spec.get("callback") and not spec.get("background")}
    assert server_side and server_side <= walked  # every server callback was replayed
    leaked = {name: leaks(text) for name, text in answers.items() if leaks(text)}
    assert leaked == {}
    refusals = [name for name, text in answers.items() if "Refused" in text]
    assert any(ids.ELEMENTS_STORE in r for r in refusals)
    assert any(ids.EXPORT_DOWNLOAD in r for r in refusals)

    # every Flask rule, with and without a session
    anonymous = ws and app.server.test_client()
    signed_in = app.server.test_client()
    signed_in.post("/login", data={"username": "bob", "password": PASSWORD},
                   headers={"Origin": "http://localhost"})
    for rule in app.server.url_map.iter_rules():
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", rule.rule)
        if path.startswith(("/assets/", "/static/")) or path in ("/login", "/_favicon.ico"):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            kwargs = {"headers": {"Origin": "http://localhost"}}
            if method == "POST":
                kwargs["json"] = {"output": f"{ids.ELEMENTS_STORE}.data", "inputs": [],
                                  "state": [], "changedPropIds": []}
            if path.startswith("/setup/"):  # a made-up set-up token is no way in
                assert anonymous.open(path, method=method, **kwargs).status_code == 404
                continue
            answer = anonymous.open(path, method=method, **kwargs)
            assert answer.status_code in (401, 302), (method, path, answer.status_code)
            if answer.status_code == 302:
                assert answer.headers["Location"].startswith("/login")
            if path == "/logout":
                continue  # signing bob out would end the walk
            answer = signed_in.open(path, method=method, **kwargs)
            assert not leaks(answer.get_data(as_text=True)), (method, path)

    # A's case is as A left it, and B's attempts are on the record as refusals
    assert ws.current_rev(alice_case["case_id"]) == alice_case["rev"]
    by_bob = records_for(ws).audit.rows(case_id=alice_case["case_id"], user="bob")
    assert by_bob and {r["action"] for r in by_bob} == {"refused"}


def test_the_same_walk_reaches_the_case_for_its_owner(app, alice_case):
    answers = replay_everything(client_for(app, "alice"), alice_case)
    shown = [name for name, text in answers.items() if leaks(text)]
    assert len(shown) >= 5, shown
    assert any(ids.ELEMENTS_STORE in name for name in shown)
    assert any(ids.EXPORT_DOWNLOAD in name for name in shown)
