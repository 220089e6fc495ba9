"""Expand one node of a case through a provider: look up, merge, stamp provenance, audit.

:func:`expand` never mutates the case it is given. It returns an :class:`ExpandResult` whose
``case`` is a new revision (a copy with the found entities merged in) or, when nothing was
added, the original object. Entities already in the case (same identity key, or same record
``ref`` for people, organisations and records) are linked, never duplicated; people whose
names are close to someone already in the case are offered as ``suggestions`` ("possibly the
same person"), never merged. Every call that reaches this far writes exactly one audit row,
including the lookups refused for want of a case number or a purpose.

    >>> from casegraph.model import Case
    >>> from casegraph.enrichment.base import LookupContext
    >>> case = Case()
    >>> node = case.add_entity(None, "phone", "07700 900001")
    >>> res = expand(case, node, provider, LookupContext(case_number="OP-1",
    ...              purpose="s.22 DPA 2018, supply of Class A"), audit=log)  # doctest: +SKIP
    >>> res.new_nodes                                                          # doctest: +SKIP
    ['rec:P0001', ...]
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from casegraph.audit import AuditLog
from casegraph.enrichment.base import (
    QUERY,
    Entity,
    LookupContext,
    LookupResult,
    Provider,
    failure,
    query_for,
)
from casegraph.enrichment.cache import LookupCache
from casegraph.model import Case, identity_key, link_types, normalise_text

# property names that would clash with Case.add_entity / add_link arguments or core attributes
_NODE_RESERVED = frozenset({"node_id", "entity_type", "label", "provenance", "type", "key"})
_LINK_RESERVED = frozenset({"source", "target", "link_type", "weight", "key", "provenance",
                            "type", "confidence"})
SAME_PERSON_CUTOFF = 85.0  # rapidfuzz token_sort_ratio from which two names are "possibly same"


@dataclass
class ExpandResult:
    """What an expansion did. ``case`` is the new revision (or the original if unchanged)."""

    case: Case
    status: str
    changed: bool = False
    new_nodes: list[str] = field(default_factory=list)
    new_links: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    result: LookupResult | None = None
    audit_id: int | None = None


def expand(case: Case, node_id: str, provider: Provider, context: LookupContext, *,
           cache: LookupCache | None = None, audit: AuditLog | None = None) -> ExpandResult:
    """Look ``node_id`` up with ``provider`` and merge the answer into a copy of ``case``.

    Case number and purpose come from ``context`` or, when blank there, from ``case.meta``;
    without both the lookup is refused (and the refusal audited).

    Raises
    ------
    KeyError
        When ``node_id`` is not in the case (a programming error, not an expected failure).
    """
    if node_id not in case.graph:
        raise KeyError(f"unknown node {node_id!r}")
    context = _complete(context, case)
    entity = Entity.from_case(case, node_id)
    query = query_for(entity) or (entity.type, entity.label)
    result = _answer(entity, query, provider, context, cache)
    out = ExpandResult(case=case, status=result.status, result=result,
                       messages=list(result.messages))
    if audit is not None:
        out.audit_id = audit.record(
            user=context.user, case_number=context.case_number, purpose=context.purpose,
            provider=getattr(provider, "name", "?"), query_type=result.query_type,
            query_value=result.query_value, status=result.status,
            result_count=result.count, result_sha256=result.digest())
    if result.entities:
        _merge(out, node_id, provider, result, context)
    return out


def _complete(context: LookupContext, case: Case) -> LookupContext:
    """The context with case number and purpose taken from the case where it has none."""
    meta = case.meta
    return LookupContext(user=context.user, timeout=context.timeout, now=context.now,
                         case_number=(context.case_number or str(meta.get("case_number") or "")
                                      ).strip(),
                         purpose=(context.purpose or str(meta.get("purpose") or "")).strip())


def _answer(entity: Entity, query: tuple[str, str], provider: Provider,
            context: LookupContext, cache: LookupCache | None) -> LookupResult:
    name = getattr(provider, "name", "?")
    missing = context.missing()
    if missing:
        needed = " and ".join(m.replace("_", " ") for m in missing)
        return failure(name, *query, "refused",
                       f"lookup refused: set the case's {needed} first (every lookup is tied "
                       "to a case number and a stated purpose, and audited)")
    if entity.type not in provider.input_types:
        return failure(name, *query, "error",
                       f"{name} does not look up {entity.type} entities")
    if query_for(entity) is None:
        return failure(name, *query, "error",
                       f"{entity.label!r} has nothing {name} can look up")
    if cache is not None:
        hit = cache.get(name, *query)
        if hit is not None:
            return hit
    try:
        result = provider.lookup(entity, context)
    except Exception as exc:  # a provider bug must not take the dashboard down
        return failure(name, *query, "error", f"{name} failed: {type(exc).__name__}: {exc}")
    if cache is not None:
        cache.put(result)
    return _checked(result, provider)


def _checked(result: LookupResult, provider: Provider) -> LookupResult:
    """Drop entities of undeclared types and links to unknown refs, saying so."""
    allowed = provider.output_types
    kept = [e for e in result.entities if e.type in allowed]
    if len(kept) < len(result.entities):
        result.messages.append(f"{len(result.entities) - len(kept)} returned entities of "
                               "undeclared types were ignored")
    refs = {e.ref for e in kept} | {QUERY}
    links = [k for k in result.links if k.source in refs and k.target in refs
             and k.type in link_types()]
    if len(links) < len(result.links):
        result.messages.append(f"{len(result.links) - len(links)} returned links were ignored "
                               "(unknown end or type)")
    result.entities, result.links = kept, links
    return result


def _stamp(provider: Provider, result: LookupResult, context: LookupContext,
           source_record: str, confidence: float) -> dict[str, Any]:
    return {"kind": "lookup", "provider": getattr(provider, "name", "?"),
            "query_type": result.query_type, "query_value": result.query_value,
            "at": context.now, "source_record": source_record,
            "confidence": round(float(confidence), 3), "case_number": context.case_number,
            "user": context.user}


def _merge(out: ExpandResult, anchor: str, provider: Provider, result: LookupResult,
           context: LookupContext) -> None:
    old = out.case
    new = _copy(old)
    graph = new.graph
    by_ref = {d["ref"]: n for n, d in graph.nodes(data=True) if d.get("ref")}
    node_of = {QUERY: anchor}
    for found in result.entities:
        stamp = _stamp(provider, result, context, found.source_record, found.confidence)
        key = identity_key(found.type, {"label": found.label, **found.props})
        existing = new.find_by_key(key) if key else None
        if existing is None and found.props.get("ref"):
            existing = by_ref.get(found.props["ref"])
        if existing is not None:
            # a copied case shares attribute dicts and values with the original: own, replace
            data = _own_node(new, existing)
            data["provenance"] = [*data.get("provenance", []), stamp]
            node_of[found.ref] = existing
            if existing != anchor and existing not in out.matched and existing in old.graph:
                out.matched.append(existing)
            continue
        wanted = key or found.props.get("ref") or None
        props = {(f"entity_{k}" if k in _NODE_RESERVED else k): v
                 for k, v in found.props.items()}
        node = new.add_entity(wanted if wanted and wanted not in graph else new._fresh_id("n"),
                              found.type, found.label, provenance=stamp, **props)
        if found.props.get("ref"):
            by_ref[found.props["ref"]] = node
        node_of[found.ref] = node
        out.new_nodes.append(node)
    undirected = {name for name, t in link_types().items() if not t.get("directed", True)}
    # own edge keys, computed once: Case's key generator rescans all edges when loaded cases
    # repeat keys across node pairs (as networkx's default 0, 1, ... keys do)
    taken = new._edge_keys()
    serial = 0
    for link in result.links:
        u, v = node_of.get(link.source), node_of.get(link.target)
        if u is None or v is None or u == v:
            continue
        stamp = _stamp(provider, result, context, link.source_record, link.confidence)
        same = _same_link(graph, u, v, link.type, link.type in undirected)
        if same is not None:
            _own_pair(new, *same)
            data = graph.edges[same]
            data["provenance"] = [*data.get("provenance", []), stamp]
            continue
        attrs = {(f"link_{k}" if k in _LINK_RESERVED else k): v for k, v in link.props.items()}
        serial += 1
        while f"lk{serial}" in taken:
            serial += 1
        taken.add(f"lk{serial}")
        _own_pair(new, u, v)  # networkx adds a parallel link to the pair's dict in place
        out.new_links.append(new.add_link(u, v, link.type, key=f"lk{serial}", provenance=stamp,
                                          confidence=round(float(link.confidence), 3),
                                          **attrs))
    out.suggestions = possible_same_people(old, new, out.new_nodes, anchor)
    if out.new_nodes and old.positions:
        from casegraph.layout import case_boxes, place_new

        out.positions = place_new(old.positions, case_boxes(new), anchor, out.new_nodes)
        new.positions.update(out.positions)
    out.changed = bool(out.new_nodes or out.new_links or out.matched)
    if out.changed:
        out.case = new
    n, k = len(out.new_nodes), len(out.new_links)
    out.messages.append(f"{n} new {'entity' if n == 1 else 'entities'}, {k} new "
                        f"{'link' if k == 1 else 'links'}, {len(out.matched)} already in the case")


def _copy(case: Case) -> Case:
    """A copy of ``case`` that shares its node and link attribute dicts with the original.

    Only the adjacency is copied (one shallow dict per node and direction); a merge that
    changes a shared dict first takes its own copy (``_own_node``, ``_own_pair``), so the
    original, which other threads may be reading, never changes. Unchanged dicts stay the
    same objects, which lets the store find the difference by identity
    (``casegraph.model.case_patch``). About 5x quicker than ``Case.copy()`` on large cases.
    The identity-key index and the set of link keys are carried over, not rebuilt by a scan.
    """
    g = case.graph
    h = g.__class__()
    h.graph.update(g.graph)
    h._node.update(g._node)
    h._succ.update((n, nbrs.copy()) for n, nbrs in g._succ.items())
    h._pred.update((n, nbrs.copy()) for n, nbrs in g._pred.items())
    new = Case(graph=h, name=case.name, directed=case.directed,
               meta=copy.deepcopy(case.meta), positions=dict(case.positions))
    new.__dict__["_keys"] = dict(case._key_index())
    new.__dict__["_edge_key_set"] = set(case._edge_keys())
    return new


def _own_node(case: Case, node: str) -> dict[str, Any]:
    """The attribute dict of ``node`` in a :func:`_copy`, no longer shared with the original."""
    nodes = case.graph._node
    data = nodes[node] = dict(nodes[node])
    return data


def _own_pair(case: Case, u: str, v: str, key: Any = None) -> None:
    """Give the pair ``u -> v`` of a :func:`_copy` its own dict of links (and link ``key``
    its own attribute dict), so adding or changing a link leaves the original as it was."""
    succ, pred = case.graph._succ, case.graph._pred
    keys = succ[u].get(v)
    if keys is None:
        return
    own = {k: (dict(d) if k == key else d) for k, d in keys.items()}
    succ[u][v] = own
    pred[v][u] = own  # one dict per pair, shared by both directions as in networkx


def _same_link(graph, u: str, v: str, link_type: str, undirected: bool):
    for a, b in ((u, v), (v, u)) if undirected else ((u, v),):
        for key, data in (graph.get_edge_data(a, b) or {}).items():
            if data.get("type") == link_type:
                return (a, b, key)
    return None


def possible_same_people(old: Case, new: Case, new_nodes: list[str],
                         anchor: str | None = None) -> list[dict[str, Any]]:
    """New people whose names are close to a person already in the case (rapidfuzz).

    Pairs already joined by a ``same_as`` link are not offered again. Returns dicts with
    ``node``, ``existing``, ``label``, ``existing_label`` and ``score`` (0-100), best first.
    """
    people = {n: normalise_text(d.get("label", "")) for n, d in old.graph.nodes(data=True)
              if d.get("type") == "person"}
    if not people:
        return []
    out = []
    for node in new_nodes:
        data = new.graph.nodes[node]
        if data.get("type") != "person":
            continue
        matches = process.extract(normalise_text(data.get("label", "")), people,
                                  scorer=fuzz.token_sort_ratio, score_cutoff=SAME_PERSON_CUTOFF,
                                  limit=5)
        for _name, score, existing in matches:
            if _same_link(new.graph, node, existing, "same_as", True) is not None:
                continue
            out.append({"node": node, "existing": existing, "label": data.get("label"),
                        "existing_label": old.graph.nodes[existing].get("label"),
                        "score": round(float(score), 1)})
    return sorted(out, key=lambda s: (-s["score"], s["node"], s["existing"]))


def positions_near(case_positions: dict[str, tuple[float, float]], anchor: str,
                   new_nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions for ``new_nodes`` on arcs around ``anchor``; other nodes do not move.

    The arc faces away from the centre of the drawing, so new nodes grow outwards; its radius
    follows the drawing's mean spacing, and a spot too close to an existing node is pushed
    further out.

    >>> positions_near({"a": (0.0, 0.0), "b": (100.0, 0.0)}, "b", ["x"])
    {'x': (250.0, 0.0)}
    """
    if not new_nodes:
        return {}
    points = list(case_positions.values())
    cx = sum(p[0] for p in points) / len(points) if points else 0.0
    cy = sum(p[1] for p in points) / len(points) if points else 0.0
    ax, ay = case_positions.get(anchor, (cx, cy))
    spacing = _spacing(points)
    grid = _Grid(spacing / 2, points)
    outward = math.atan2(ay - cy, ax - cx) if (ax, ay) != (cx, cy) else 0.0
    placed: dict[str, tuple[float, float]] = {}
    radius, todo = 1.5 * spacing, list(new_nodes)
    while todo:
        per_ring = max(1, int(2 * math.pi * radius / spacing))
        ring, todo = todo[:per_ring], todo[per_ring:]
        step = 2 * math.pi / per_ring
        for i, node in enumerate(ring):
            # alternate either side of the outward direction: 0, +1, -1, +2, -2 ...
            offset = ((i + 1) // 2) * (1 if i % 2 else -1) * step
            angle = outward + offset
            r = radius
            for _ in range(4):
                x, y = ax + r * math.cos(angle), ay + r * math.sin(angle)
                if not grid.near(x, y):
                    break
                r += spacing / 2
            placed[node] = (round(x, 2), round(y, 2))
            grid.add(x, y)
        radius += spacing
    return placed


def _spacing(points: list[tuple[float, float]]) -> float:
    """Mean distance between nodes if they filled their bounding box evenly (100 if unknown)."""
    if len(points) < 2:
        return 100.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if not (w or h):
        return 100.0
    if not (w and h):  # all on one line
        return max(w, h) / (len(points) - 1)
    return max(math.sqrt(w * h / len(points)), 1.0)


class _Grid:
    """Buckets of points, to ask "is anything within ``cell`` of here?" cheaply."""

    def __init__(self, cell: float, points: list[tuple[float, float]]):
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for x, y in points:
            self.add(x, y)

    def add(self, x: float, y: float) -> None:
        self.buckets.setdefault((int(x // self.cell), int(y // self.cell)), []).append((x, y))

    def near(self, x: float, y: float) -> bool:
        i, j = int(x // self.cell), int(y // self.cell)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for px, py in self.buckets.get((i + di, j + dj), ()):
                    if (px - x) ** 2 + (py - y) ** 2 < self.cell ** 2:
                        return True
        return False
