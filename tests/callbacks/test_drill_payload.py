"""What a drill sends: an opened cluster's entities carry what the screen uses (the size of
the measure on screen, no other), and "Size by" changed asks for them again
(components/diagram.py overview_view, components/overview.py detail_request)."""

from __future__ import annotations

import json

import pytest

from casegraph.access import Actor
from casegraph.analysis import MEASURES
from casegraph.elements import size_field
from casegraph.model import Case
from casegraph.workspace import Workspace
from components import diagram, overview
from components.diagram import OVERVIEW_PARTS, elements_payload

ANA = Actor("ana", "analyst")
RINGS, SIZE = 12, 40


def rings() -> Case:
    """Twelve rings of forty fictional people, each with chords, each ring joined to the
    next by three calls from different members."""
    case = Case(name="Drill rings (fictional)")
    for ring in range(RINGS):
        for k in range(SIZE):
            case.add_entity(f"r{ring}n{k}", "person", f"Member {ring:02d}-{k:02d}")
        for k in range(SIZE):
            case.add_link(f"r{ring}n{k}", f"r{ring}n{(k + 1) % SIZE}", "call")
            case.add_link(f"r{ring}n{k}", f"r{ring}n{(k + 5 + ring % 3) % SIZE}", "call")
    for ring in range(RINGS):
        for k in (0, 10, 20):
            case.add_link(f"r{ring}n{k}", f"r{(ring + 1) % RINGS}n{k + 3}", "call")
    return case


@pytest.fixture
def drilled(tmp_path, monkeypatch):
    monkeypatch.setattr(overview, "OVERVIEW_ABOVE", 100)
    ws = Workspace(tmp_path, samples=False)
    ws.keep_analysis_from = 100
    case_id, rev = ws.session(ANA).import_case(rings())
    store = {"case_id": case_id, "rev": rev}
    sizes = ws.analysis(case_id, rev).community_sizes
    return ws.session(ANA), store, sizes


def opened_entities(payload: dict) -> list[dict]:
    return [e for e in payload["nodes"] if e.get("classes") != "cg-cluster"]


def test_an_opened_clusters_entities_carry_the_size_of_the_measure_on_screen_alone(drilled):
    ws, store, sizes = drilled
    asked = overview.detail_request(overview.OPEN_REQUEST,
                                    {"case": [store["case_id"], store["rev"]], "open": [0]},
                                    store, "preset", "pagerank")
    payload = elements_payload(ws, store, **asked)
    entities = opened_entities(payload)
    assert len(entities) == sizes[0]
    for element in entities:
        # every field the stylesheet maps (a missing one costs a console warning per node)
        assert set(element["data"]) == {"id", "label", "type", "cm", "deg", "fs",
                                        "sz_pagerank"}
        assert 0.0 <= element["data"]["sz_pagerank"] <= 1.0
    # a link between two entities has no class to carry; one to a bubble has its class
    inner = [e for e in payload["edges"] if not e["data"]["source"].startswith("~")
             and not e["data"]["target"].startswith("~")]
    assert inner and all("classes" not in e for e in inner)

    # "Size by" changed: the same entities, where they were, with the new measure's size
    again = elements_payload(ws, store, **{**asked, "measure": "betweenness"})
    resized = {e["data"]["id"]: e for e in opened_entities(again)}
    assert set(resized) == {e["data"]["id"] for e in entities}
    for element in entities:
        other = resized[element["data"]["id"]]
        assert other["position"] == element["position"]
        assert {k for k in other["data"] if k.startswith("sz_")} == {"sz_betweenness"}
    assert {e["data"]["id"] for e in again["edges"]} == {e["data"]["id"]
                                                         for e in payload["edges"]}


def test_a_drill_sends_a_bounded_number_of_bytes_per_entity(drilled):
    ws, store, sizes = drilled
    payload = elements_payload(ws, store, detail="overview", open_clusters=[0])
    entities = opened_entities(payload)
    sent = len(json.dumps(entities, separators=(",", ":")))
    # id, label, type, cluster, degree, one size and a position: every measure's size
    # (six or seven fields of some 20 bytes) would be twice as much
    assert sent / len(entities) < 150, sent / len(entities)
    every_measure = [size_field(m) for m in MEASURES]
    assert not any(f in e["data"] for e in entities for f in every_measure[1:])


def test_what_every_drill_draws_is_kept_with_the_revision(drilled, tmp_path, monkeypatch):
    """The clusters, their links ranked and made into elements: made with the first
    overview and kept, so a restarted server's first drill does not make them again."""
    ws, store, sizes = drilled
    elements_payload(ws, store)  # the first overview (made at upload for a large case)
    opened = elements_payload(ws, store, detail="overview", open_clusters=[0, 2])
    kept = Workspace(tmp_path, samples=False).store.load_analysis(
        store["case_id"], store["rev"], OVERVIEW_PARTS)
    assert kept is not None and len(kept["members"]) == len(sizes)

    def not_again(*_args):
        raise AssertionError("made again")

    monkeypatch.setattr(diagram, "overview_parts", not_again)
    restarted = Workspace(tmp_path, samples=False).session(ANA)
    again = elements_payload(restarted, store, detail="overview", open_clusters=[0, 2])
    assert json.loads(json.dumps(again)) == json.loads(json.dumps(opened))
    assert len(opened_entities(again)) == sizes[0] + sizes[2]



def bubble_links(payload: dict, bubbles: set[str]) -> set[str]:
    """Ids of the payload's links between two bubbles (``bubbles``: every bubble's id)."""
    return {e["data"]["id"] for e in payload["edges"]
            if e["data"]["source"] in bubbles and e["data"]["target"] in bubbles}


def test_a_drill_leaves_out_the_links_between_bubbles_the_canvas_holds(drilled, monkeypatch):
    from casegraph import elements

    # five links between bubbles drawn of the twelve: opening a cluster brings weaker ones in
    monkeypatch.setattr(elements, "MAX_CLUSTER_LINKS", 5)
    ws, store, _sizes = drilled
    ref = [store["case_id"], store["rev"]]
    first = elements_payload(ws, store)
    bubbles = {n["data"]["id"] for n in first["nodes"]}
    canvas = bubble_links(first, bubbles)
    assert len(canvas) == 5
    cm = {n["data"]["id"]: n["data"]["cm"] for n in first["nodes"]}
    held: list[int] = []
    for _ in range(2):
        # a cluster at one end of a link drawn: opening it leaves room for another
        link = next(e["data"] for e in first["edges"] if e["data"]["id"] in canvas
                    and cm[e["data"]["source"]] not in held)
        opened = sorted(set(held) | {cm[link["source"]]})
        asked = overview.detail_request(overview.OPEN_REQUEST,
                                        {"case": ref, "open": opened, "base": held}, store)
        sparse = elements_payload(ws, store, **asked)
        whole = elements_payload(ws, store, detail="overview", open_clusters=opened)
        assert sparse["overview"]["base"] == held
        assert "base" not in whole["overview"]
        sent = bubble_links(sparse, bubbles)
        assert sent  # weaker links drawn now that an opened cluster's are not
        assert not sent & canvas  # none the canvas holds is sent again
        # the canvas' links less those dropped, and those sent: the whole answer's
        canvas = (canvas - set(sparse["overview"]["drop"])) | sent
        assert canvas == bubble_links(whole, bubbles)
        # everything else is the same as in the whole answer
        assert sparse["nodes"] == whole["nodes"]
        assert ([e for e in sparse["edges"] if e["data"]["id"] not in sent]
                == [e for e in whole["edges"] if e["data"]["id"] not in canvas])
        held = opened
    assert len(json.dumps(sparse)) < len(json.dumps(whole))
