"""A large case's stylesheet, legend and status are made from figures kept with its
revision (components/diagram_facts.py): the first overview carries its stylesheet, and the
stylesheet callback answers the same sheet without reading the case."""

from __future__ import annotations

import json

import pytest

from casegraph.access import Actor
from components import diagram, diagram_facts, ids, overview, stylesheet
from components.state import WORKSPACE_KEY
from tests.callbacks.conftest import logged_in
from tests.callbacks.test_first_overview import four_rings


def icon(path: str) -> str:
    return f"/assets/{path}"


def plain(value):
    """Dash components and lists of them as plain JSON data (to compare answers)."""
    return json.loads(json.dumps(value, default=lambda c: c.to_plotly_json()))


@pytest.fixture
def large(route_app, monkeypatch):
    """Analyst "ana" logged in with the four rings open: a case of 40 entities, drawn as a
    cluster overview (the threshold lowered to 20) and its analysis kept in the store."""
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 20)
    monkeypatch.setattr(stylesheet, "LARGE_CASE", 20)  # the sheet of a large case
    workspace = route_app.server.config[WORKSPACE_KEY]
    workspace.keep_analysis_from = 10
    return logged_in(route_app, four_rings())


def forget_everything(workspace) -> list:
    """Empty the workspace's caches, as a restarted server has them, and count the case
    reads from now on (the list grows by one per ``CaseStore.load``)."""
    for cache in (workspace._cases, workspace._analyses, workspace._derived):
        cache._items.clear()
    reads: list = []
    load = workspace.store.load

    def counted(*args, **kwargs):
        reads.append(args)
        return load(*args, **kwargs)

    workspace.store.load = counted
    return reads


def open_case(client, **state):
    """The case callback's answer to the picker opening ``client.store``."""
    dep = client.callback(ids.ELEMENTS_STORE, ids.CASE_STORE)
    answer = client.fire(dep, inputs={ids.CASE_STORE: client.store,
                                      ids.ANALYSIS_VIEW: "people"},
                         state={ids.SIZE_MEASURE: "degree", ids.HUBS_TOPK: 5, **state},
                         trigger=ids.CASE_STORE, prop="data")
    return answer[ids.ELEMENTS_STORE]["data"]


def view_answer(client, trigger=ids.CASE_STORE, options=None, **values):
    """The stylesheet callback's answer: ``(stylesheet, legend, status)``."""
    dep = client.callback(ids.CYTOSCAPE, ids.COLOUR_BY)
    inputs = {ids.CASE_STORE: client.store, ids.SIZE_MEASURE: "degree",
              ids.COLOUR_BY: "type", ids.HUBS_TOPK: 5, ids.TYPE_FILTER: ["person"],
              ids.MIN_DEGREE: 0, ids.ANALYSIS_VIEW: "people", **values}
    state = {ids.TYPE_FILTER: options or [{"label": "People (7)", "value": "person"}],
             ids.VIEW_MEMORY: {"case_id": "a-case-shown-before"}}
    state.update({k: v for k, v in values.items() if k in (ids.VIEW_MEMORY,)})
    answer = client.fire(dep, inputs=inputs, state=state, trigger=trigger,
                         prop="data" if trigger == ids.CASE_STORE else "value")
    return (answer[ids.CYTOSCAPE]["stylesheet"], answer[ids.LEGEND_KEY]["children"],
            answer[ids.GRAPH_STATUS]["children"])


def test_the_first_overview_carries_the_sheet_the_stylesheet_callback_answers(large):
    payload = open_case(large)
    assert payload["overview"]["open"] == [] and len(payload["nodes"]) == 4
    reads = forget_everything(large.workspace)

    # the picker's open: the controls still show the last case's (a sample coloured by
    # type, one type): the case opens with its own (four rings of phones: by cluster)
    sheet, legend, status = view_answer(large)

    assert reads == []  # neither the case nor its analysis was read
    assert sheet == payload["stylesheet"]
    assert any(r["selector"] == "node.cg-cluster" for r in sheet)
    assert {"selector": "node[cm = 3]", "style": {"background-color":
                                                   diagram.CLUSTER_COLOURS[3]}} in sheet
    assert "Cluster 4" in json.dumps(plain(legend))
    assert status.startswith("40 entities")
    # the controls reset for the case (components/controls.py): the same sheet again
    again, _, _ = view_answer(large, trigger=ids.COLOUR_BY, options=[
        {"label": "Phones (40)", "value": "phone"}], **{
        ids.COLOUR_BY: "community", ids.TYPE_FILTER: ["phone"],
        ids.VIEW_MEMORY: {"case_id": large.store["case_id"]}})
    assert again == sheet and reads == []


def test_a_restarted_server_sends_the_first_sheet_without_reading_the_case(large):
    first = open_case(large)
    reads = forget_everything(large.workspace)
    again = open_case(large, **{ids.CANVAS_SIZE: None})
    assert reads == []
    assert again["stylesheet"] == first["stylesheet"]
    # a cluster opened reads the case, and carries no sheet (the canvas has it)
    dep = large.callback(ids.ELEMENTS_STORE, ids.OVERVIEW_OPEN)
    opened = large.fire(dep, inputs={ids.OVERVIEW_OPEN: {"case": [large.store["case_id"],
                                                                  large.store["rev"]],
                                                         "open": [0]}},
                        state={ids.CASE_STORE: large.store}, trigger=ids.OVERVIEW_OPEN,
                        prop="data")[ids.ELEMENTS_STORE]["data"]
    assert opened["overview"]["open"] == [0] and "stylesheet" not in opened


def entity_rules(sheet):
    """A stylesheet less its bubbles' rules: those are sized for the overview's own zoom,
    which a case drawn entity by entity has no use for."""
    return [r for r in sheet if "cg-cluster" not in r.get("selector", "")]


def test_the_kept_figures_make_what_the_case_makes(large, monkeypatch):
    """Sheet, legend and status from the facts equal those made from the case itself, with
    types hidden, a minimum of contacts and every colouring."""
    ws = large.workspace.session(Actor("ana", "analyst"))
    store = large.store
    options = [{"label": "Phones (40)", "value": "phone"}, {"label": "People", "value": "person"}]
    made = {}
    for above in (20, 10_000):  # the facts, then the case
        monkeypatch.setattr(overview, "OVERVIEW_ABOVE", above)
        made[above] = [
            (entity_rules(diagram.view_stylesheet(ws, store, icon, measure, colour, 3, options,
                                                  checked, least, panel=(546.0, 503.0))),
             plain(diagram.legend(ws, store, colour, measure, 3, icon)),
             diagram.visible_status(ws, store, options, checked, least))
            for measure in ("degree", "betweenness") for colour in ("type", "community")
            for checked, least in ((["phone", "person"], 0), (["person"], 0),
                                   (["phone"], 5))]
    assert made[20] == made[10_000]
    assert made[20][-1][2] == "8 of 40 entities shown"  # the bridges' ends: five contacts
    known = diagram_facts.facts(ws, (store["case_id"], store["rev"]))
    assert diagram_facts.shown(known, ["phone"], 0) == 0


def controls_answer(client):
    """The controls' answer to the picker opening ``client.store`` (components/controls.py)."""
    dep = client.callback(ids.TYPE_FILTER, ids.CASE_STORE)
    return client.fire(dep, inputs={ids.CASE_STORE: client.store},
                       state={ids.SIZE_MEASURE: "degree", ids.TYPE_FILTER: ["person"],
                              ids.TYPE_FILTER + ".options": [],
                              ids.VIEW_MEMORY: {"case_id": "a-case-shown-before"}},
                       trigger=ids.CASE_STORE, prop="data")


def test_a_large_cases_controls_come_without_reading_it(large, monkeypatch):
    open_case(large)  # the first overview: its figures are kept with it
    reads = forget_everything(large.workspace)
    fast = controls_answer(large)
    assert reads == []  # neither the case nor its analysis was read
    # the same controls as a case drawn entity by entity, read from the case itself
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 10_000)
    slow = controls_answer(large)
    assert reads  # that one reads it
    assert fast == slow
    assert fast[ids.COLOUR_BY]["value"] == "community"  # one kind of entity: by cluster
    assert fast[ids.TYPE_FILTER]["options"][0]["value"] == "phone"
