"""Two-mode cases (people x events) projected onto the people: who met whom, how often.

A two-mode case links entities of one type (people) to entities of another (events,
meetings, places): an incidence matrix loads that way, and so does an edge list whose two
ends have different types. Its people projection ties two people once for all the events
they share, weighted by how many; each tie says which events it came from (``via``) and
which links of the two-mode case lie behind it (``links``), so an analyst can always go back
to the attendance records.

>>> from casegraph.model import Case
>>> case = Case(name="Meetings")
>>> for who in ("Ada", "Bo", "Cy"):
...     _ = case.add_entity(who, "person")
>>> for event in ("m1", "m2"):
...     _ = case.add_entity(event, "event")
>>> for who, event in [("Ada", "m1"), ("Bo", "m1"), ("Ada", "m2"), ("Bo", "m2"), ("Cy", "m2")]:
...     _ = case.add_link(who, event, "attended")
>>> people = project_two_mode(case)
>>> sorted((u, v, d["weight"], d["via"]) for u, v, d in people.graph.edges(data=True))
[('Ada', 'Bo', 2.0, ['m1', 'm2']), ('Ada', 'Cy', 1.0, ['m2']), ('Bo', 'Cy', 1.0, ['m2'])]
"""

from __future__ import annotations

import copy
from itertools import combinations
from typing import Any

from ..model import Case, now_iso

PROJECTED_LINK = "associate"


def two_mode_types(case: Case) -> list[str] | None:
    """The two entity types of a two-mode case, people's first (None when not two-mode)."""
    found = case.meta.get("two_mode") or {}
    types = found.get("types") if isinstance(found, dict) else None
    return list(types) if types and len(types) == 2 else None


def project_two_mode(case: Case, keep: str | None = None) -> Case:
    """The one-mode case of the ``keep`` entities (default: the first type of a two-mode
    case, else people) tied by the other entities they share.

    Parameters
    ----------
    case : Case
        A two-mode case: entities of type ``keep`` linked to entities of other types.
    keep : str, optional
        The entity type kept.

    Returns
    -------
    Case
        Undirected; one ``associate`` link per pair that shares at least one event, weight
        = the number of events shared, ``via`` = their node ids (sorted), ``via_labels``,
        ``links`` = the ``[source, target, key]`` of every two-mode link behind the tie, and a
        provenance stamp of kind ``projection``. The kept entities keep their attributes.
    """
    types = two_mode_types(case)
    keep = keep or (types[0] if types else "person")
    graph = case.graph
    kept = [n for n, t in graph.nodes(data="type") if t == keep]
    kept_set = set(kept)
    # For every other entity: the kept entities linked to it, and the links doing so.
    attendance: dict[str, dict[str, list[list[str]]]] = {}
    for u, v, k in graph.edges(keys=True):
        if (u in kept_set) == (v in kept_set):
            continue
        person, event = (u, v) if u in kept_set else (v, u)
        attendance.setdefault(event, {}).setdefault(person, []).append([u, v, k])
    ties: dict[tuple[str, str], dict[str, Any]] = {}
    for event in sorted(attendance):
        people = attendance[event]
        for a, b in combinations(sorted(people), 2):
            tie = ties.setdefault((a, b), {"via": [], "links": []})
            tie["via"].append(event)
            tie["links"].extend(people[a] + people[b])
    at = now_iso()
    result = Case(name=f"{case.name} — {keep} projection", directed=False,
                  meta={"source": case.meta.get("source"), "format": "projection",
                        "projection": {"of": case.name, "keep": keep,
                                       "via_types": sorted({graph.nodes[e].get("type", "other")
                                                            for e in attendance})},
                        "loaded_at": at, "warnings": []})
    for node in kept:
        result.graph.add_node(node, **copy.deepcopy(dict(graph.nodes[node])))
        if node in case.positions:
            result.positions[node] = case.positions[node]
    for number, ((a, b), tie) in enumerate(sorted(ties.items()), start=1):
        labels = [str(graph.nodes[e].get("label", e)) for e in tie["via"]]
        result.add_link(a, b, PROJECTED_LINK, weight=float(len(tie["via"])), key=f"p{number}",
                        provenance={"kind": "projection", "source": case.name, "via": tie["via"],
                                    "at": at},
                        via=tie["via"], via_labels=labels, links=tie["links"])
    return result
