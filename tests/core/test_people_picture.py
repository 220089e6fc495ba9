"""people_picture(): the people network as a case the diagram draws, on a small hand-made
case with known answers: actors with the count of what they hold, one link per tie with its
weight, evidence never drawn, opened actors with their identifiers beside them, and no box
(badge included) intersecting another."""

from __future__ import annotations

import numpy as np

from casegraph.analysis.people import people_network
from casegraph.layout import overlapping_pairs
from casegraph.model import Case
from casegraph.people_picture import HELD, HELD_BY, badge_boxes, held_count, people_picture


def dealer() -> Case:
    """Ash holds two accounts, a phone and an email; Bay a phone; Cal is an account nobody
    holds; a post and an address are evidence."""
    case = Case()
    for node, kind, label in [
            ("ash", "person", "Ash Fictional"), ("ig", "account", "ash_ig"),
            ("tg", "account", "ash_tg"), ("ph1", "phone", "07700 900301"),
            ("em", "email", "ash@example.invalid"), ("bay", "person", "Bay Fictional"),
            ("ph2", "phone", "07700 900302"), ("cal", "account", "cal_tg"),
            ("post", "post", "a post"), ("home", "address", "1 Fictional Row")]:
        case.add_entity(node, kind, label)
    for source, target, kind, weight in [
            ("ash", "ig", "uses", 1), ("ash", "tg", "owns", 1), ("ash", "ph1", "uses", 1),
            ("tg", "em", "registered_with", 1), ("bay", "ph2", "uses", 1),
            ("ph1", "ph2", "call", 3), ("ph2", "ph1", "call", 2), ("tg", "cal", "message", 1),
            ("ig", "post", "posted", 1), ("ash", "home", "lives_at", 1),
            ("bay", "home", "lives_at", 1)]:
        case.add_link(source, target, kind, weight=weight)
    return case


def boxes_apart(pic: Case) -> bool:
    boxes = badge_boxes(pic)
    xy = np.array([pic.positions[n] for n in boxes.nodes], dtype=float)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    return len(overlapping_pairs(centres, boxes.half_w, boxes.half_h)[0]) == 0


def test_actors_carry_what_they_hold_and_ties_their_weight():
    case = dealer()
    net = people_network(case)
    pic = people_picture(case, net)
    assert sorted(pic.graph.nodes(data=HELD)) == [("ash", 4), ("bay", 1), ("cal", 0)]
    assert held_count(net, "ash") == 4 and held_count(net, "post") == 0
    ties = sorted((min(u, v), max(u, v), d["weight"]) for u, v, d in
                  pic.graph.edges(data=True))
    # calls 3 + 2 and the shared address (1) tie Ash and Bay; a message ties Ash and Cal
    assert ties == [("ash", "bay", 6.0), ("ash", "cal", 1.0)]
    assert pic.directed is False
    assert pic.graph.nodes["cal"]["label"] == "cal_tg (unattributed)"
    assert set(pic.positions) == {"ash", "bay", "cal"} and boxes_apart(pic)


def test_an_opened_actor_shows_what_they_hold_and_nothing_else_moves():
    case = dealer()
    net = people_network(case)
    base = people_picture(case, net)
    pic = people_picture(case, net, opened=["ash", "cal", "nobody"], base=base)
    opened = {n: d for n, d in pic.graph.nodes(data=HELD_BY) if d is not None}
    assert opened == {"ig": "ash", "tg": "ash", "ph1": "ash", "em": "ash"}
    # the case's own links between Ash and what Ash holds, the email through the account
    inside = sorted((u, v, d["type"]) for u, v, d in pic.graph.edges(data=True)
                    if u in opened or v in opened)
    assert inside == [("ash", "ig", "uses"), ("ash", "ph1", "uses"), ("ash", "tg", "owns"),
                      ("tg", "em", "registered_with")]
    assert {n: pic.positions[n] for n in base.graph} == base.positions
    assert set(pic.positions) == set(pic.graph) and boxes_apart(pic)
    assert "post" not in pic.graph and "home" not in pic.graph


def test_a_one_kind_network_is_drawn_as_it_is():
    case = Case()
    for node in "abc":
        case.add_entity(node, "person", node.upper())
    case.add_link("a", "b", "call", weight=2)
    case.add_link("b", "c", "call")
    pic = people_picture(case, people_network(case))
    assert sorted(pic.graph.nodes(data=HELD)) == [("a", 0), ("b", 0), ("c", 0)]
    assert sorted(pic.graph.edges(data="weight")) == [("a", "b", 2.0), ("b", "c", 1.0)]
