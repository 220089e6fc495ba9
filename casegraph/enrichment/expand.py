"""Expand one node of a case through a provider: look up, merge, stamp provenance, audit.

:func:`expand` never mutates the case it is given. It returns an :class:`ExpandResult` whose
``case`` is a new revision (a copy with the found entities merged in) or, when nothing was
added, the original object. Entities already in the case (same identity key, or same record
``ref`` for people, organisations and records) are linked, never duplicated. A found person
who shares a strong identifier with someone in the case (a phone, email or handle attributed
to them there, or name and date of birth) *is* that node: the values and provenance of both
are kept on it and the match is listed in ``recognised`` and ``meta["merges"]`` (see
:mod:`casegraph.enrichment.resolve`). A found person whose name is only close to someone's is
held back: not drawn, offered in ``suggestions`` with what the lookup found about them, to
:func:`accept_suggestion` (merge) or :func:`reject_suggestion` ("not the same", remembered).
Every call that reaches this far writes exactly one audit row, including the lookups refused
for want of a case number or a purpose.

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

from casegraph.audit import AuditLog
from casegraph.enrichment.base import (
    QUERY,
    Entity,
    FoundEntity,
    LookupContext,
    LookupResult,
    Provider,
    failure,
    query_for,
)
from casegraph.enrichment.cache import LookupCache
from casegraph.enrichment.resolve import (
    NEW,
    Resolution,
    held_part,
    reachable,
    resolve_people,
)
from casegraph.model import Case, identity_key, link_types, now_iso
from casegraph.resolution import (
    ResolutionError,
    absorb_attributes,
    mark_not_same,
    not_same_pairs,
)

# property names that would clash with Case.add_entity / add_link arguments or core attributes
_RECORD_LISTS = ("merges", "not_same")
_NODE_RESERVED = frozenset({"node_id", "entity_type", "label", "provenance", "type", "key"})
_LINK_RESERVED = frozenset({"source", "target", "link_type", "weight", "key", "provenance",
                            "type", "confidence"})


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
    recognised: list[dict[str, Any]] = field(default_factory=list)
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
        _merge(out, node_id, getattr(provider, "name", "?"), result, context)
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


def _stamp(provider: str, result: LookupResult, context: LookupContext,
           source_record: str, confidence: float) -> dict[str, Any]:
    return {"kind": "lookup", "provider": provider,
            "query_type": result.query_type, "query_value": result.query_value,
            "at": context.now, "source_record": source_record,
            "confidence": round(float(confidence), 3), "case_number": context.case_number,
            "user": context.user}


def _merge(out: ExpandResult, anchor: str | None, provider: str, result: LookupResult,
           context: LookupContext, forced: dict[str, str] | None = None,
           decided_by: tuple[str, str] | None = None) -> None:
    """Merge ``result`` into a copy of ``out.case``: people recognised (see
    :mod:`casegraph.enrichment.resolve`) become the node they are, people only named like
    someone are held back as suggestions with what hangs on them, the rest is added."""
    old = out.case
    plan = resolve_people(old, anchor, result, forced)
    keep = reachable(result, set(plan.held), set(plan.node_of))
    new = _copy(old)
    graph = new.graph
    by_ref = dict(plan.by_ref)
    node_of: dict[str, str | None] = {QUERY: anchor}
    for found in result.entities:
        if found.ref not in keep:
            continue
        stamp = _stamp(provider, result, context, found.source_record, found.confidence)
        key = identity_key(found.type, {"label": found.label, **found.props})
        existing = plan.node_of.get(found.ref)
        if existing is not None and existing not in graph:
            raise KeyError(f"unknown node {existing!r}")
        if existing is None:
            existing = new.find_by_key(key) if key else None
        if existing is None and found.props.get("ref"):
            existing = by_ref.get(found.props["ref"])
        if existing is not None:
            # a copied case shares attribute dicts and values with the original: own, replace
            data = _own_node(new, existing)
            if found.ref in plan.node_of and plan.how[found.ref] != "record":
                _recognised(new, existing, found, stamp, plan, decided_by, out)
                by_ref[str(found.props.get("ref") or found.ref)] = existing
            else:
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
    out.suggestions = _suggestions(plan, result, keep, anchor, context)
    if out.new_nodes and old.positions:
        from casegraph.layout import case_boxes, place_new

        # what was found is labelled at once (components.enrich.delta_payload): room for it
        out.positions = place_new(old.positions, case_boxes(new, readable=out.new_nodes),
                                  anchor, out.new_nodes)
        new.positions.update(out.positions)
    out.changed = bool(out.new_nodes or out.new_links or out.matched or out.recognised)
    if out.changed:
        out.case = new
    n, k = len(out.new_nodes), len(out.new_links)
    text = (f"{n} new {'entity' if n == 1 else 'entities'}, {k} new "
            f"{'link' if k == 1 else 'links'}, {len(out.matched)} already in the case")
    if out.recognised:
        text += "; " + "; ".join(f"{r['label']} is {r['existing_label']} ({r['why']})"
                                 for r in out.recognised)
    if out.suggestions:
        held = len({s["node"] for s in out.suggestions})
        text += (f"; {held} possible same {'person' if held == 1 else 'people'} held back "
                 "as suggestions")
    out.messages.append(text)


def _recognised(case: Case, node: str, found: FoundEntity, stamp: dict[str, Any],
                plan: Resolution, decided_by: tuple[str, str] | None,
                out: ExpandResult) -> None:
    """``found`` is ``node`` of the case: its values join the node's, the merge is recorded."""
    why = plan.why[found.ref]
    props = {(f"entity_{k}" if k in _NODE_RESERVED else k): v for k, v in found.props.items()}
    data = case.graph.nodes[node]
    merged = absorb_attributes(data, {**props, "label": found.label,
                                      "provenance": [{**stamp, "resolved": why}]})
    if "ref" not in data and found.props.get("ref"):
        merged["ref"] = found.props["ref"]
    data.clear()
    data.update(merged)
    user, reason = decided_by or (stamp["user"], why)
    entry = {"id": _merge_id(case), "how": plan.how[found.ref], "keep": node,
             "keep_label": data.get("label", node), "ref": found.props.get("ref", found.ref),
             "absorb_label": found.label, "provider": stamp["provider"],
             "query": f"{stamp['query_type']} {stamp['query_value']}", "user": user,
             "reason": reason, "at": now_iso() if decided_by else stamp["at"]}
    case.meta["merges"] = [*case.meta.get("merges", []), entry]
    out.recognised.append({"node": found.props.get("ref", found.ref), "existing": node,
                           "label": found.label, "existing_label": data.get("label", node),
                           "why": why})


def _merge_id(case: Case) -> str:
    taken = {m.get("id") for m in case.meta.get("merges", [])}
    n = len(taken) + 1
    while f"m{n}" in taken:
        n += 1
    return f"m{n}"


def _suggestions(plan: Resolution, result: LookupResult, keep: set[str], anchor: str | None,
                 context: LookupContext) -> list[dict[str, Any]]:
    """The held-back people, each with the part of the answer that hangs on them, so that a
    suggestion can be merged or kept apart later without asking the source again."""
    if not plan.held:
        return []
    part = held_part(result, keep)
    origin = {"user": context.user, "case_number": context.case_number, "now": context.now}
    out = []
    for ref, similar in plan.held.items():
        for s in similar:
            out.append({**s, "ref": ref, "anchor": anchor, "found": part, "context": origin})
    return sorted(out, key=lambda s: (-s["score"], s["node"], s["existing"]))


def live_suggestions(case: Case, suggestions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The suggestions still open in ``case``: the existing person is still there, the found
    one has not joined the case since (recognised by a later lookup, merged or added), and
    the pair is not marked "not the same"."""
    refs = {str(r) for _, d in case.graph.nodes(data=True)
            for r in [d.get("ref"), *(d.get("alternatives") or {}).get("ref", [])] if r}
    refused = not_same_pairs(case)
    return [s for s in suggestions
            if s["existing"] in case.graph and s["node"] not in case.graph
            and s["node"] not in refs and frozenset((s["node"], s["existing"])) not in refused]


def accept_suggestion(case: Case, suggestion: dict[str, Any], *, user: str,
                      reason: str = "") -> ExpandResult:
    """Merge a held-back person into the person of the case they were suggested as.

    The found person's values and provenance join the existing node, and what the lookup
    found about them (phones, addresses, records...) is added around it, stamped with the
    original lookup. Returns an :class:`ExpandResult` whose ``case`` is the new revision.

    Raises
    ------
    casegraph.resolution.ResolutionError
        When the existing person is no longer in the case.
    """
    if suggestion["existing"] not in case.graph:
        raise ResolutionError(f"{suggestion['existing_label']} is no longer in the case")
    forced = {suggestion["ref"]: suggestion["existing"]}
    return _replay(case, suggestion, forced, (user, reason or "merged by the analyst"))


def reject_suggestion(case: Case, suggestion: dict[str, Any], *, user: str,
                      reason: str = "") -> ExpandResult:
    """"Not the same": remember the pair, and add the found person as someone new, with
    what the lookup found about them. Returns an :class:`ExpandResult`."""
    marked = mark_not_same(case, suggestion["node"], suggestion["existing"], user=user,
                           reason=reason)
    out = _replay(marked, suggestion, {suggestion["ref"]: NEW}, None)
    out.changed = True  # the pair is remembered, whatever else was added
    return out


def _replay(case: Case, suggestion: dict[str, Any], forced: dict[str, str],
            decided_by: tuple[str, str] | None) -> ExpandResult:
    result = LookupResult.from_dict(suggestion["found"])
    origin = suggestion.get("context") or {}
    context = LookupContext(user=origin.get("user", ""),
                            case_number=origin.get("case_number", ""),
                            now=origin.get("now") or now_iso())
    anchor = suggestion.get("anchor")
    out = ExpandResult(case=case, status="ok", result=result)
    _merge(out, anchor if anchor in case.graph else None, result.provider, result, context,
           forced, decided_by)
    return out


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
    # the records of merges and "not the same" are never changed in place, only added to
    # (casegraph.resolution): their lists are copied, their entries shared
    records = {k: list(case.meta[k]) for k in _RECORD_LISTS if k in case.meta}
    meta = copy.deepcopy({k: v for k, v in case.meta.items() if k not in records})
    new = Case(graph=h, name=case.name, directed=case.directed,
               meta={**meta, **records}, positions=dict(case.positions))
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
