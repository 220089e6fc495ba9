"""The People view beyond the analysis panels: the diagram draws the people network with
badges (one-kind networks exactly as before), and the summary cards, briefing, paths and
clusters list follow the switch."""

from __future__ import annotations

from casegraph.workspace import ENTITIES, PEOPLE
from components import briefing, clusters, diagram, paths_panel, summary
from components.people_diagram import badge_image, opened_actors, toggle_open
from tests.callbacks.cases_analysis import phone_star_case, star_case, store_of
from tests.callbacks.conftest import texts

ICON = "/assets/{}".format


def test_the_people_view_draws_actors_with_what_they_hold(ws):
    store = store_of(ws, phone_star_case(spokes=3))
    payload = diagram.elements_payload(ws, store, "preset", "degree", view=PEOPLE)
    nodes = {n["data"]["id"]: n["data"] for n in payload["nodes"]}
    assert sorted(nodes) == ["boss", "s0", "s1", "s2"]  # no phones, no posts
    assert {n: d.get("held") for n, d in nodes.items()} == {"boss": 1, "s0": 1, "s1": 1,
                                                           "s2": 1}
    assert all("position" in n for n in payload["nodes"])
    assert sorted((e["data"]["source"], e["data"]["target"]) for e in payload["edges"]) == [
        ("boss", "s0"), ("boss", "s1"), ("boss", "s2")]
    assert payload["people"] is True and ":people:" in payload["view"]
    assert diagram.visible_status(ws, store, None, None, 0, PEOPLE) == (
        "People view: 4 actors, 3 ties · 4 accounts, phones and emails folded in")

    sheet = diagram.view_stylesheet(ws, store, ICON, "degree", "type", 1, None, None, 0,
                                    PEOPLE)
    badge = next(r for r in sheet if r["selector"] == 'node[type = "person"][held = 1]')
    assert badge["style"]["background-image"] == ["/assets/icons/person.svg", badge_image(1)]
    hub = next(r for r in sheet if r["selector"].startswith("node[id = "))
    assert hub["selector"] == 'node[id = "boss"]'  # the ring goes to a person

    # the entities view of the same revision draws every entity, as before
    every = diagram.elements_payload(ws, store, "preset", "degree", view=ENTITIES)
    assert len(every["nodes"]) == 11 and "people" not in every  # phones and posts too


def test_an_opened_person_brings_their_phone_beside_them(ws):
    store = store_of(ws, phone_star_case(spokes=3))
    people_open = toggle_open(None, store, "open:boss")
    assert opened_actors(store, people_open) == ("boss",)
    payload = diagram.elements_payload(ws, store, "preset", "degree", view=PEOPLE,
                                       opened=opened_actors(store, people_open))
    phone = next(n for n in payload["nodes"] if n["data"]["id"] == "pb")
    assert phone["data"]["held_by"] == "boss" and "held" not in phone["data"]
    assert ("boss", "pb") in {(e["data"]["source"], e["data"]["target"])
                              for e in payload["edges"]}
    folded = toggle_open(people_open, store, "fold:boss")
    assert folded == {"case": store["case_id"], "open": []}


def test_a_one_kind_network_is_drawn_exactly_as_before(ws):
    store = store_of(ws, star_case(spokes=5))
    people = diagram.elements_payload(ws, store, "preset", "degree", view=PEOPLE)
    entities = diagram.elements_payload(ws, store, "preset", "degree", view=ENTITIES)
    assert people == entities
    assert diagram.view_stylesheet(ws, store, ICON, "degree", "type", 5, None, None, 0,
                                   PEOPLE) == diagram.view_stylesheet(
        ws, store, ICON, "degree", "type", 5, None, None, 0, ENTITIES)
    assert [texts(c) for c in summary.summary_cards(ws, store, view=PEOPLE)] == [
        texts(c) for c in summary.summary_cards(ws, store)]


def test_cards_briefing_and_clusters_name_people_in_the_people_view(ws):
    store = store_of(ws, phone_star_case(spokes=10))
    cards = {texts(c)[0]: texts(c)[1] for c in summary.summary_cards(ws, store, view=PEOPLE)}
    assert cards["Top hubs (most contacts)"].startswith("Boss Fictional, Runner 0 Fictional")
    raw = {texts(c)[0]: texts(c)[1] for c in summary.summary_cards(ws, store)}
    assert raw["Top hubs (most contacts)"].startswith("07700 900100")  # the boss's phone
    assert cards["Structure"] == "hub-and-spoke"  # 11 actors: a star of runners

    words = texts(briefing.briefing_body(ws, store, "degree", view=PEOPLE))
    targets = words[words.index("Recommended targets"):]
    assert "Boss Fictional" in targets[:8]
    assert not [w for w in words if w.startswith("07700") or w.startswith("Post ")]

    listed = clusters.cluster_summaries(ws, store, "degree", PEOPLE)
    assert sum(c["size"] for c in listed) == 11
    assert all(not t.startswith("07700") for c in listed for t in c["top"])


def test_paths_run_between_people_in_the_people_view(ws):
    store = store_of(ws, phone_star_case(spokes=3))
    # through the phones the runners are two links from the boss ...
    raw = texts(paths_panel.paths_view(ws, store, "s0", "boss", view=ENTITIES)[0])
    assert raw[0] == "Runner 0 Fictional reaches Boss Fictional in 3 steps"
    # ... as people they are in direct contact; a selected phone stands for its holder
    children, marks = paths_panel.paths_view(ws, store, "p0", "boss", view=PEOPLE)
    assert texts(children)[0] == "Runner 0 Fictional reaches Boss Fictional in 1 step"
    assert marks["classes"]["ov-path"] == ["s0", "boss", ["s0", "boss"]]
