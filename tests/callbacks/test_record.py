"""The record, through the app's real routes and callbacks: each kind of event (failed login,
login, upload, case opened, lookup, change, disclosure, sharing, refusal, role change,
erasure, logout) is written once with the user who did it; the chain stays intact; the
audit CSV makes formula cells inert."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections import Counter

import pytest

import casegraph.io as cio
from app import create_app
from casegraph import users as users_cli
from casegraph.audit import verify
from casegraph.io.csvsafe import TRIGGERS
from casegraph.model import Case
from casegraph.session import records_for
from components import ids
from components.state import WORKSPACE_KEY
from tests.callbacks.conftest import PASSWORD
from tests.dash_client import DashClient

NUMBER = '=HYPERLINK("http://x.invalid","open me")'
PURPOSE = "\t=1+1 supply of Class A drugs (fictional test)"


@pytest.fixture
def app(tmp_path):
    app = create_app({"data_dir": str(tmp_path / "data"), "samples": False,
                      "idle_gc": False, "announce_setup": False})
    users = records_for(app.server.config[WORKSPACE_KEY]).users
    for name, role in (("ana", "analyst"), ("ben", "analyst"), ("viv", "viewer")):
        users.add(name, role, PASSWORD)
    yield app
    app.server.config[WORKSPACE_KEY].close()


def upload_file() -> str:
    case = Case(name="Op Record", meta={"case_number": NUMBER, "purpose": PURPOSE})
    case.add_entity(None, "phone", "07700 900001")
    case.add_entity("ash", "person", "Ash Fictional")
    case.add_link("ash", "phone:+447700900001", "uses")
    data = cio.save(case, io.BytesIO(), "json")
    return "data:application/json;base64," + base64.b64encode(data).decode()


def pending_upload() -> dict:
    """What the page's upload store holds after the file is dropped (components/header.py)."""
    return {"contents": [upload_file()], "filenames": ["op.json"]}


def click(client: DashClient, output: str, button: str, state: dict, prop="n_clicks"):
    return client.fire(client.callback(output, button), inputs={button: 1}, state=state,
                       trigger=button, prop=prop)


def test_each_kind_of_event_is_recorded_once_with_its_user(app, tmp_path):
    ws = app.server.config[WORKSPACE_KEY]
    log = records_for(ws).audit
    wrong = app.server.test_client().post(
        "/login", data={"username": "ana", "password": "not it"},
        headers={"Origin": "http://localhost"})
    assert wrong.status_code == 401

    ana = DashClient(app=app)
    ana.login("ana", PASSWORD)
    ana.open()
    uploaded = ana.upload(pending_upload())
    case_id = uploaded[ids.CASE_PICKER]["value"]
    picked = ana.fire(ana.callback(ids.CASE_STORE, ids.CASE_PICKER),
                      inputs={ids.CASE_PICKER: case_id}, trigger=ids.CASE_PICKER,
                      prop="value")
    store = picked[ids.CASE_STORE]["data"]

    ana.press(ids.ENRICH_MESSAGE, {"index": "records", "type": ids.ENRICH_EXPAND},
              state={ids.CASE_STORE: store,
                     ids.SELECTION: {"kind": "node", "id": "phone:+447700900001"}})
    store = {"case_id": case_id, "rev": ws.current_rev(case_id)}

    export = click(ana, ids.AUDIT_DOWNLOAD, ids.AUDIT_EXPORT,
                   {ids.CASE_STORE: store, ids.AUDIT_SCOPE: "case"})
    audit_csv = base64.b64decode(export[ids.AUDIT_DOWNLOAD]["data"]["content"]).decode()
    click(ana, ids.CASES_STATUS, ids.CASES_SHARE,
          {ids.CASES_SHARE_USER: "ben", ids.CASE_STORE: store})

    viv = DashClient(app=app)  # not on the team: a replayed export is refused
    viv.login("viv", PASSWORD)
    viv.open()
    item = {"index": "json", "type": ids.EXPORT_ITEM}
    out = viv.fire(viv.callback(ids.EXPORT_DOWNLOAD, ids.EXPORT_ITEM),
                   inputs={ids.EXPORT_ITEM: [(item, 1)]}, state={ids.CASE_STORE: store},
                   trigger=item)
    assert ids.EXPORT_DOWNLOAD not in out

    assert users_cli.main(["--data-dir", str(ws.data_dir), "set-role", "ben", "viewer"]) == 0

    click(ana, ids.CASES_STATUS, ids.CASES_ERASE,
          {ids.CASES_ERASE_REASON: "retention period over", ids.CASE_STORE: store})
    assert ana.transport.form("/logout", {})[0] == 302

    console = [r["user"] for r in log.rows(action="role_change")][0]
    assert console.startswith("console:")
    seen = Counter((r["action"], r["user"]) for r in log.rows())
    assert seen == Counter({
        ("login_failed", "ana"): 1, ("login", "ana"): 1, ("collect", "ana"): 1,
        ("consult", "ana"): 1, ("lookup", "ana"): 1, ("alter", "ana"): 1,
        ("disclose", "ana"): 1, ("share", "ana"): 1, ("login", "viv"): 1,
        ("refused", "viv"): 1, ("role_change", console): 1, ("erase", "ana"): 1,
        ("logout", "ana"): 1})
    rows = {r["action"]: r for r in log.rows() if r["user"] in ("ana", "viv")}
    assert rows["collect"]["case_id"] == case_id and rows["collect"]["role"] == "analyst"
    assert rows["lookup"]["details"]["query_value"] == "+447700900001"
    assert rows["alter"]["details"]["changes"]["entities_added"] >= 0
    assert rows["disclose"]["details"]["format"] == "audit-csv"
    assert rows["share"]["details"]["with_user"] == "ben"
    assert rows["refused"]["details"]["attempted"] == "export"
    assert rows["erase"]["justification"] == "retention period over"
    assert verify(log).ok

    # the audit CSV: every field, and no cell a spreadsheet would run
    parsed = list(csv.reader(io.StringIO(audit_csv)))
    cells = [cell for row in parsed[1:] for cell in row]
    assert "'" + NUMBER in cells
    assert any(cell.startswith("'=1+1 supply") for cell in cells)
    live = [c for c in cells if c.startswith(TRIGGERS) and not c.lstrip("+-").isdigit()]
    assert live == []
    header = parsed[0]
    details = [json.loads(row[header.index("details")]) for row in parsed[1:]]
    assert {"query_value": "+447700900001"}.items() <= next(
        d for d in details if "query_value" in d).items()


def test_without_a_writable_record_nothing_runs_and_the_audit_tab_says_broken(app):
    ws = app.server.config[WORKSPACE_KEY]
    ana = DashClient(app=app)
    ana.login("ana", PASSWORD)
    from casegraph.access import Actor

    case = Case(name="Op Before")
    case.add_entity("ash", "person", "Ash Fictional")
    ws.session(Actor("ana", "analyst")).import_case(case)
    with records_for(ws).engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE audit_log")
    ana.open()  # the page still loads (no server error), saying why no case is open
    alert = ana.initial(ids.ACCESS_ALERT, "children")
    assert "audit log cannot be written" in json.dumps(alert)

    answer = ana.fire(ana.callback(ids.AUDIT_VERIFY, ids.AUDIT_REFRESH),
                      inputs={ids.AUDIT_REFRESH: 1, ids.ANALYSIS_TABS: "audit",
                              ids.AUDIT_SCOPE: "mine"}, trigger=ids.AUDIT_REFRESH)
    assert answer[ids.AUDIT_VERIFY]["children"].startswith("Audit log BROKEN")
    assert "unreadable" in answer[ids.AUDIT_VERIFY]["children"]

    upload = ana.fire(ana.callback(ids.UPLOAD_ERROR, ids.UPLOAD_PENDING),
                      inputs={ids.UPLOAD_PENDING: pending_upload()},
                      trigger=ids.UPLOAD_PENDING, prop="data")
    assert ids.CASE_PICKER not in upload
    assert "cannot be written" in json.dumps(ana.last["sideUpdate"])
    assert [c["name"] for c in ws.list_cases()] == ["Op Before"]  # nothing new unrecorded
