"""Logging in, in a real browser: nobody gets the page without a session; an analyst sees
upload, lookups and edits; a viewer (command staff) sees the case but none of them, and the
server refuses the viewer's callbacks when they are replayed by hand. The page renders and
its callbacks run under the Content-Security-Policy the server sends."""

from __future__ import annotations

import base64

import pytest

from casegraph.audit import AuditLog, verify
from casegraph.db import database_url, engine_for
from components import ids
from tests.dash_client import DashClient
from tests.web import PASSWORD

from .conftest import ANALYST, VIEWER, csp_safe, login, show_all_entities, wait_for_graph

pytestmark = pytest.mark.browser

SOCMINT = "Grumbleford ring"
SOCMINT_NODES = 298
SOCMINT_PEOPLE = 77  # actors in contact


def audit(app_data) -> AuditLog:
    return AuditLog(engine_for(database_url(app_data)), key_dir=app_data)


def open_socmint(page) -> None:
    page.locator(f"#{ids.CASE_PICKER}").wait_for()
    page.click(f"#{ids.CASE_PICKER}")
    page.get_by_role("option", name=SOCMINT).click()
    wait_for_graph(page, SOCMINT_PEOPLE)  # the People view draws its actors
    show_all_entities(page, SOCMINT_NODES)


def select_alias(page) -> None:
    page.fill(f"#{ids.SEARCH}", "sunny.yeti")
    page.keyboard.press("Enter")
    page.wait_for_function("() => { const t = document.querySelector('.cg-insp-title');"
                           " return t && t.innerText === 'telegram: sunny.yeti'; }")


def new_tab(browser):
    tab = csp_safe(browser.new_page())
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    return tab


def test_without_a_session_there_is_only_the_login_form(browser, app_url):
    tab = new_tab(browser)
    tab.context.clear_cookies()
    answer = tab.goto(app_url)
    assert tab.url.startswith(app_url + "login")
    headers = answer.all_headers()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    for path in ("_dash-layout", "_dash-dependencies", "_reload-hash"):
        assert tab.request.get(app_url + path).status == 401
    tab.fill("input[name=username]", ANALYST)
    tab.fill("input[name=password]", "not the password")
    tab.click("button[type=submit]")
    assert "Wrong user name or password" in tab.inner_text(".cg-login-error")
    tab.close()


def test_an_analyst_sees_upload_lookups_and_edits(browser, app_url, app_data):
    tab = new_tab(browser)
    login(tab, app_url, ANALYST)
    wait_for_graph(tab)
    assert tab.inner_text(f"#{ids.USER_BADGE}").split()[:2] == [ANALYST, "ANALYST"]
    tab.locator(".cg-upload").wait_for(state="visible")  # dcc's upload loads after the graph
    open_socmint(tab)
    select_alias(tab)
    assert tab.locator(".cg-enrich-expand").is_visible()
    assert tab.locator(".cg-tg-button").first.is_visible()
    # a callback that reads the record runs under the CSP: the Audit tab lists this session
    tab.locator(f"#{ids.ANALYSIS_TABS} .cg-tab", has_text="Audit").click()
    tab.wait_for_function(
        f"document.getElementById({ids.AUDIT_TABLE!r}).innerText.includes('case opened')")
    assert ANALYST in tab.inner_text(f"#{ids.AUDIT_TABLE}")
    assert "Hash chain intact" in tab.inner_text(f"#{ids.AUDIT_VERIFY}")
    assert not [e for e in tab.console_errors if "Content Security Policy" in e
                or "Refused to" in e], tab.console_errors
    actions = [r["action"] for r in audit(app_data).rows(user=ANALYST)]
    assert actions[:2] == ["login_failed", "login"] and "consult" in actions
    tab.close()


def test_a_viewer_sees_the_case_but_no_upload_lookup_or_edit(browser, app_url, app_data):
    tab = new_tab(browser)
    login(tab, app_url, VIEWER)
    wait_for_graph(tab)
    assert "VIEWER" in tab.inner_text(f"#{ids.USER_BADGE}")
    tab.wait_for_function("() => document.querySelector('.cg-upload')")  # rendered...
    assert not tab.locator(".cg-upload").is_visible()  # ...and hidden
    open_socmint(tab)
    select_alias(tab)
    assert tab.locator(".cg-enrich-expand").count() == 0
    assert "Lookups are not open to you" in tab.inner_text(f"#{ids.INSPECTOR}")
    assert not tab.locator(".cg-tg-button").first.is_visible()
    tab.click(f"#{ids.CASE_SETTINGS_OPEN}")
    tab.wait_for_selector(f".modal.show #{ids.CASE_SETTINGS_DIALOG}")
    assert not tab.locator(f"#{ids.CASE_SETTINGS_SAVE}").is_visible()
    assert tab.locator(f"#{ids.CASE_NUMBER}").get_attribute("readonly") is not None
    assert not [e for e in tab.console_errors if "Refused to" in e], tab.console_errors
    tab.close()


def test_the_server_refuses_a_viewers_replayed_callbacks(app_url, app_data):
    client = DashClient(app_url)
    client.login(VIEWER, PASSWORD)
    client.open()
    options = client.initial(ids.CASE_PICKER, "options")
    case_id = next(o["value"] for o in options if SOCMINT in o["label"])
    store = {"case_id": case_id, "rev": 1}

    answer = client.press(ids.ENRICH_MESSAGE, {"index": "records", "type": ids.ENRICH_EXPAND},
                          state={ids.CASE_STORE: store,
                                 ids.SELECTION: {"kind": "node", "id": "AC001"}})
    assert ids.CASE_STORE not in answer and ids.ENRICH_DELTA not in answer
    alert = client.last["sideUpdate"][ids.ACCESS_ALERT]["children"]
    assert "Refused" in str(alert)

    # the page hands the server the files in its upload store (components/header.py)
    upload = client.callback(ids.UPLOAD_ERROR, ids.UPLOAD_PENDING)
    data = "data:text/csv;base64," + base64.b64encode(b"source,target\na,b\n").decode()
    answer = client.fire(upload, inputs={ids.UPLOAD_PENDING: {"contents": [data],
                                                              "filenames": ["x.csv"]}},
                         trigger=ids.UPLOAD_PENDING, prop="data")
    assert ids.CASE_PICKER not in answer
    assert "Refused" in str(client.last["sideUpdate"][ids.ACCESS_ALERT])

    log = audit(app_data)
    refused = [r["details"]["attempted"] for r in log.rows(action="refused", user=VIEWER)]
    assert "lookup" in refused and "create" in refused
    assert [r for r in log.rows(case_id=case_id) if r["action"] in ("lookup", "alter")] == []
    assert verify(log).ok
