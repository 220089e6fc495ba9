"""Two analysts on one case: when the other one tags an entity (through the same server), the
open page says so within seconds and takes the change in on request."""

from __future__ import annotations

from components import ids
from tests.dash_client import DashClient
from tests.web import PASSWORD

from .conftest import COLLEAGUE, CY, cy_eval, wait_for_graph


def test_an_open_page_learns_of_a_colleagues_change(page, app_url):
    colleague = DashClient(app_url)
    colleague.login(COLLEAGUE, PASSWORD)
    colleague.open()
    store = colleague.initial(ids.CASE_STORE, "data")
    node = cy_eval(page, "cy.nodes().map(n => n.id()).sort()[0]")
    assert not cy_eval(page, "cy.getElementById(arg).hasClass('tag-suspect')", node)

    tag = {"index": "suspect", "type": ids.TAG_SET}
    answer = colleague.press(ids.CASE_STORE, tag,
                             state={ids.SELECTION: {"kind": "node", "id": node},
                                    ids.CASE_STORE: store})
    assert answer[ids.CASE_STORE]["data"]["rev"] == store["rev"] + 1

    bar = page.locator(f"#{ids.NEWER_BAR}")
    bar.wait_for(state="visible", timeout=20_000)
    assert page.locator(f"#{ids.NEWER_TEXT}").inner_text() == \
        f"1 newer change by {COLLEAGUE} (tag) —"
    page.get_by_role("button", name="Take them in").click()
    page.wait_for_function(f"{CY}.getElementById({node!r}).hasClass('tag-suspect')",
                           timeout=30_000)
    bar.wait_for(state="hidden")
    wait_for_graph(page)
    assert page.console_errors == []
