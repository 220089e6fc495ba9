"""The people network as a picture the diagram can draw.

The diagram draws cases (:mod:`casegraph.elements`). To draw the people network
(:func:`casegraph.analysis.people.people_network`), :func:`people_picture` makes a small
:class:`~casegraph.model.Case` of it: one node per actor in contact (the person's own node id,
so a tap, the inspector and the analyses name the same entity), one link per tie weighted by
its evidence, and on each actor ``held``, the number of accounts, phones and emails folded into
it (the diagram draws it as a badge). Actors listed in ``opened`` show what they hold: their
folded identifiers are drawn beside them, with the case links between them (``uses``,
``registered_with``, ...); such a node carries ``held_by`` (its actor).

The picture is laid out like any case (:func:`casegraph.layout.layout_case`: no two node boxes
intersect); opened identifiers are placed round their actor in free space
(:func:`casegraph.layout.place_new`) without moving anyone else, so opening a person changes
nothing else on the screen.

>>> from casegraph.analysis.people import people_network
>>> c = Case()
>>> for n, t, label in [("ash", "person", "Ash"), ("ac", "account", "ash.99"),
...                  ("ph", "phone", "07700 900001"), ("bo", "person", "Bo"),
...                  ("bp", "phone", "07700 900002")]:
...     _ = c.add_entity(n, t, label)
>>> for u, v, t in [("ash", "ac", "uses"), ("ac", "ph", "registered_with"), ("bo", "bp", "uses"),
...                 ("ph", "bp", "call")]:
...     _ = c.add_link(u, v, t)
>>> pic = people_picture(c, people_network(c))
>>> sorted(pic.graph.nodes(data="held")), pic.graph.number_of_edges()
([('ash', 2), ('bo', 1)], 1)
>>> opened = people_picture(c, people_network(c), opened=["ash"], base=pic)
>>> sorted(opened.graph.nodes(data="held_by"))
[('ac', 'ash'), ('ash', None), ('bo', None), ('ph', 'ash')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from casegraph.analysis.people import PeopleNetwork, people_rules
from casegraph.layout import (
    META_KEY,
    Boxes,
    case_boxes,
    layout_case,
    overlapping_pairs,
    place_new,
    remove_overlaps,
)
from casegraph.model import Case

HELD = "held"          # node attribute: identifiers folded into the actor
HELD_BY = "held_by"    # node attribute of an opened identifier: its actor
TIE, HOLDS = "tie", "holds"
BADGE_MARGIN = 8.0     # model px an actor's badge may stand out of its node, top and right


def held_count(net: PeopleNetwork, actor: Any) -> int:
    """How many accounts, phones and emails (the held types of ``entity_types.yaml``) are
    folded into ``actor``; 0 for a node that is no actor."""
    found = net.actors.get(actor)
    if found is None:
        return 0
    held = set(people_rules().held)
    return sum(n for t, n in found.folded().items() if t in held)


def people_picture(case: Case, net: PeopleNetwork, opened: Iterable = (),
                   base: Case | None = None) -> Case:
    """A case drawing ``net``: actors in contact and their ties, ``opened`` actors with what
    they hold.

    Parameters
    ----------
    case : Case
        The case ``net`` was projected from (labels and links of opened identifiers).
    net : PeopleNetwork
        Its people network; ``net.graph`` decides which actors are drawn.
    opened : iterable
        Actors whose folded identifiers are drawn beside them (others are ignored).
    base : Case, optional
        The picture without opened actors, already laid out: its positions are kept and
        only the opened identifiers are placed. Without it the picture is laid out afresh.

    Returns
    -------
    Case
        Undirected (ties have no direction), with ``positions`` and layout ``meta``.
    """
    pic = Case(name=case.name, directed=False)
    graph = pic.graph
    for node, data in net.graph.nodes(data=True):
        graph.add_node(node, type=data.get("type", "person"), label=data.get("label", node),
                       **{HELD: held_count(net, node)})
    for u, v, data in net.graph.edges(data=True):
        graph.add_edge(u, v, type=TIE, weight=float(data.get("weight", 1.0)))
    shown = [a for a in dict.fromkeys(opened) if a in graph and held_count(net, a)]
    if base is None and not shown:
        layout_case(pic)
        _room_for_badges(pic)
        return pic
    if base is None:
        base = people_picture(case, net)
    pic.meta[META_KEY] = dict(base.meta.get(META_KEY) or {})
    positions = dict(base.positions)
    for actor in shown:
        members = [n for nodes in net.actors[actor].members.values() for n in nodes
                   if n != actor and n not in graph]
        for node in members:
            data = case.graph.nodes[node]
            graph.add_node(node, type=data.get("type", "other"), label=data.get("label", node),
                           **{HELD_BY: actor})
        group = {actor, *members}
        for u, v, data in case.graph.edges(data=True):
            if u in group and v in group and u != v:
                graph.add_edge(u, v, type=data.get("type", HOLDS), weight=1.0)
        for node in members:
            if not any(n in group for n in (*graph.successors(node), *graph.predecessors(node))):
                graph.add_edge(actor, node, type=HOLDS, weight=1.0)
        positions.update(place_new(positions, badge_boxes(pic), actor, members))
    pic.positions = {n: positions[n] for n in graph if n in positions}
    return pic


def badge_boxes(pic: Case) -> Boxes:
    """The boxes of :func:`casegraph.layout.case_boxes`, those of actors with a badge grown
    by :data:`BADGE_MARGIN` upwards and to both sides (a box has no horizontal offset)."""
    boxes = case_boxes(pic)
    held = np.array([1.0 if pic.graph.nodes[n].get(HELD) else 0.0 for n in boxes.nodes])
    return Boxes(boxes.nodes, boxes.half_w + BADGE_MARGIN * held,
                 boxes.half_h + BADGE_MARGIN / 2 * held, boxes.dy - BADGE_MARGIN / 2 * held,
                 boxes.diameter, boxes.font)


def _room_for_badges(pic: Case) -> None:
    """Move the laid-out actors apart as little as it takes for no badge to touch another
    node's box (the layout made room for nodes and labels only)."""
    boxes = badge_boxes(pic)
    if not boxes.nodes:
        return
    xy = np.array([pic.positions[n] for n in boxes.nodes], dtype=float).reshape(-1, 2)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    if not len(overlapping_pairs(centres, boxes.half_w, boxes.half_h)[0]):
        return
    moved = remove_overlaps(centres, boxes.half_w, boxes.half_h) - np.c_[np.zeros(len(xy)),
                                                                          boxes.dy]
    pic.positions = {n: (round(float(x), 1), round(float(y), 1))
                     for n, (x, y) in zip(boxes.nodes, moved, strict=True)}
