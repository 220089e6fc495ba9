"""A large case's first overview is kept with its revision: a restarted server sends it
without reading the case or its analysis (components/diagram.py FIRST_OVERVIEW)."""

from __future__ import annotations

import json

from casegraph.access import Actor
from casegraph.model import Case
from casegraph.workspace import Workspace
from components import overview
from components.diagram import FIRST_OVERVIEW, elements_payload

ANA = Actor("ana", "analyst")


def four_rings() -> Case:
    """Four rings of ten phones, each ring joined to the next by one call."""
    case = Case(name="Rings")
    for ring in range(4):
        for k in range(10):
            case.add_entity(f"r{ring}n{k}", "phone", f"07700 900{ring}{k:02d}")
        for k in range(10):
            case.add_link(f"r{ring}n{k}", f"r{ring}n{(k + 1) % 10}", "call")
            case.add_link(f"r{ring}n{k}", f"r{ring}n{(k + 3) % 10}", "call")
    for ring in range(4):
        case.add_link(f"r{ring}n0", f"r{(ring + 1) % 4}n5", "call")
    return case


def workspace(path) -> Workspace:
    ws = Workspace(path, samples=False)
    ws.keep_analysis_from = 10
    return ws


def test_a_restarted_server_sends_the_kept_overview_without_reading_the_case(
        tmp_path, monkeypatch):
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 20)
    ws = workspace(tmp_path)
    case_id, rev = ws.session(ANA).import_case(four_rings())
    store = {"case_id": case_id, "rev": rev}
    first = elements_payload(ws.session(ANA), store)
    assert first["overview"]["clusters"] == 4 and len(first["nodes"]) == 4
    assert ws.store.load_analysis(case_id, rev, FIRST_OVERVIEW) is not None

    restarted = workspace(tmp_path)
    again = elements_payload(restarted.session(ANA), store)
    assert len(restarted._cases._items) == 0 and len(restarted._analyses._items) == 0
    assert json.loads(json.dumps(again)) == json.loads(json.dumps(first))
    opened = elements_payload(restarted.session(ANA), store, open_clusters=[0])
    assert opened["overview"]["open"] == [0] and len(opened["nodes"]) == 3 + 10
    assert len(restarted._cases._items) == 1  # an opened cluster reads the case


def test_a_case_below_the_overview_is_drawn_whole_and_nothing_is_kept(tmp_path):
    ws = workspace(tmp_path)
    case_id, rev = ws.session(ANA).import_case(four_rings())
    payload = elements_payload(ws.session(ANA), {"case_id": case_id, "rev": rev})
    assert payload["overview"] is None and len(payload["nodes"]) == 40
    assert ws.store.load_analysis(case_id, rev, FIRST_OVERVIEW) is None
