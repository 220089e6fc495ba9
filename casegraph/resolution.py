"""Entity resolution by hand: merge two nodes into one, split them again, "not the same".

Every function here is pure: it returns a changed copy of the case and leaves the one it was
given as it was, so the change is saved like any other (a patch on the newest revision, see
``Workspace.apply_change``). What was decided is kept in the case's metadata, so the report can
list it and a split can undo a merge without rolling the whole case back:

- ``meta["merges"]``: one entry per merge, by hand (``how="manual"``) or by a lookup that
  recognised someone already in the case (``how="lookup"``, see
  ``casegraph.enrichment.expand``). A manual entry holds what a split needs; once split it
  carries ``split`` (who, when, why).
- ``meta["not_same"]``: pairs an analyst said are different people (node ids, or the record
  reference of a person a lookup offered), so the suggestion does not come back.

    >>> from casegraph.model import Case
    >>> case = Case()
    >>> for node in ("a", "b", "c"):
    ...     _ = case.add_entity(node, "person", "Ash Example")
    >>> _ = case.add_link("b", "c", "call", key="k1")
    >>> merged = merge_entities(case, "a", "b", user="an1", reason="same date of birth")
    >>> sorted(merged.graph), list(merged.graph.edges(keys=True))
    (['a', 'c'], [('a', 'c', 'k1')])
    >>> again = split_entity(merged, merged.meta["merges"][0]["id"], user="an1")
    >>> sorted(again.graph.nodes(data=True)) == sorted(case.graph.nodes(data=True))
    True
    >>> list(again.graph.edges(keys=True)), again.meta["merges"][0]["split"]["user"]
    ([('b', 'c', 'k1')], 'an1')
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from casegraph.model import Case, now_iso

# attributes that say what a node is or where it came from, never copied across by a merge
_OWN = frozenset({"type", "key", "provenance", "alternatives", "merged_from"})


class ResolutionError(ValueError):
    """A merge or split that cannot be done (unknown node, different kinds, already split)."""


def absorb_attributes(data: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """``data`` completed by ``other``: values it lacks are taken, differing values are kept
    under ``alternatives`` (name -> list), provenance lists are joined. Returns a new dict.

    >>> absorb_attributes({"label": "Ash", "born": "1990"}, {"label": "A. Ash", "ref": "r1"})
    {'label': 'Ash', 'born': '1990', 'ref': 'r1', 'alternatives': {'label': ['A. Ash']}}
    """
    out = dict(data)
    alternatives = {k: list(v) for k, v in (data.get("alternatives") or {}).items()}
    for name, value in other.items():
        if name in _OWN:
            continue
        if name not in out:
            out[name] = value
        elif out[name] != value and value not in alternatives.get(name, []):
            alternatives.setdefault(name, []).append(value)
    for name, values in (other.get("alternatives") or {}).items():
        for value in values:
            if value != out.get(name) and value not in alternatives.get(name, []):
                alternatives.setdefault(name, []).append(value)
    if alternatives:
        out["alternatives"] = alternatives
    if other.get("provenance"):
        out["provenance"] = [*data.get("provenance", []), *other["provenance"]]
    return out


def merge_entities(case: Case, keep: str, absorb: str, *, user: str, reason: str,
                   at: str | None = None) -> Case:
    """One node of two: ``absorb`` is folded into ``keep``.

    ``keep`` keeps its id, label and values; what only ``absorb`` had is added, differing
    values are kept under ``alternatives``, both provenances are kept, and every link of
    ``absorb`` is moved to ``keep`` under its own key (a link between the two is set aside in
    the merge record, as a node cannot be linked to itself). The merge is recorded in
    ``meta["merges"]`` with what :func:`split_entity` needs to undo it.

    Raises
    ------
    ResolutionError
        When a node is unknown, the two are one node, their types differ, or both have
        different identity keys (two phone numbers are never one phone).
    """
    graph = case.graph
    for node in (keep, absorb):
        if node not in graph:
            raise ResolutionError(f"unknown node {node!r}")
    if keep == absorb:
        raise ResolutionError("a node cannot be merged with itself")
    kd, ad = graph.nodes[keep], graph.nodes[absorb]
    if kd.get("type") != ad.get("type"):
        raise ResolutionError(f"cannot merge a {ad.get('type')} into a {kd.get('type')}")
    if kd.get("key") and ad.get("key") and kd["key"] != ad["key"]:
        raise ResolutionError(f"{kd['key']} and {ad['key']} are different identifiers")
    new = case.copy()
    g = new.graph
    record: dict[str, Any] = {
        "id": _next_id(new.meta.get("merges", [])), "how": "manual", "keep": keep,
        "absorb": absorb, "keep_label": kd.get("label", keep),
        "absorb_label": ad.get("label", absorb), "type": kd.get("type"), "user": user,
        "reason": reason, "at": at or now_iso(),
        "keep_before": copy.deepcopy(dict(kd)), "absorbed": copy.deepcopy(dict(ad)),
        "moved": [], "set_aside": [], "position": None}
    merged = absorb_attributes(kd, ad)
    merged["merged_from"] = [*kd.get("merged_from", []), absorb]
    if ad.get("key") and not kd.get("key"):
        merged["key"] = ad["key"]
    g.nodes[keep].clear()
    g.nodes[keep].update(merged)
    for u, v, k, d in list(_incident(g, absorb)):
        nu, nv = (keep if u == absorb else u), (keep if v == absorb else v)
        if nu == nv:
            record["set_aside"].append({"source": u, "target": v, "key": k, **copy.deepcopy(d)})
            continue
        nk = k if not g.has_edge(nu, nv, k) else _fresh_key(new, k)
        g.add_edge(nu, nv, key=nk, **d)
        record["moved"].append([u, v, k, nk])
    g.remove_node(absorb)
    if absorb in new.positions:
        record["position"] = list(new.positions.pop(absorb))
    new.meta["merges"] = [*new.meta.get("merges", []), record]
    _forget_indexes(new)
    return new


def split_entity(case: Case, merge_id: str, *, user: str, reason: str = "",
                 at: str | None = None) -> Case:
    """Undo the merge ``merge_id``: the absorbed node comes back with its values, provenance
    and links; what was added to the kept node since the merge stays on it.

    Raises
    ------
    ResolutionError
        When the merge is unknown, already split, was made by a lookup (undo that expansion
        instead), or the kept node is gone (merged again since: split that first).
    """
    merges = case.meta.get("merges", [])
    record = next((m for m in merges if m.get("id") == merge_id), None)
    if record is None:
        raise ResolutionError(f"no merge {merge_id!r} in this case")
    if record.get("how") != "manual" or "absorbed" not in record:
        raise ResolutionError("a lookup's match is undone by undoing that expansion")
    if record.get("split"):
        raise ResolutionError(f"merge {merge_id} was already split")
    keep, absorb = record["keep"], record["absorb"]
    if keep not in case.graph:
        raise ResolutionError(f"{record['keep_label']} is no longer in the case")
    if absorb in case.graph:
        raise ResolutionError(f"{absorb!r} is in the case again")
    new = case.copy()
    g = new.graph
    g.nodes[keep].clear()
    g.nodes[keep].update(_restored(case.graph.nodes[keep], record))
    g.add_node(absorb, **copy.deepcopy(record["absorbed"]))
    for u, v, k, nk in record["moved"]:
        nu, nv = (keep if u == absorb else u), (keep if v == absorb else v)
        if not g.has_edge(nu, nv, nk) or u not in g or v not in g:
            continue  # removed since the merge
        data = g.edges[nu, nv, nk]
        g.remove_edge(nu, nv, nk)
        g.add_edge(u, v, key=k if not g.has_edge(u, v, k) else _fresh_key(new, k), **data)
    for link in record["set_aside"]:
        attrs = copy.deepcopy(link)
        u, v, k = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
        if u in g and v in g and not g.has_edge(u, v, k):
            g.add_edge(u, v, key=k, **attrs)
    if record.get("position"):
        new.positions[absorb] = tuple(record["position"])
    new.meta["merges"] = [
        {**m, "split": {"user": user, "reason": reason, "at": at or now_iso()}}
        if m.get("id") == merge_id else m for m in merges]
    _forget_indexes(new)
    return new


def _restored(current: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """The kept node's values without what the merge brought (later changes stay)."""
    before, absorbed = record["keep_before"], record["absorbed"]
    out: dict[str, Any] = {}
    for name, value in current.items():
        if name in ("alternatives", "merged_from", "provenance"):
            continue
        if name in before or name not in absorbed or value != absorbed[name]:
            out[name] = value
    if "key" in current and "key" not in before and current["key"] == absorbed.get("key"):
        out.pop("key", None)
    brought = list(absorbed.get("provenance", []))
    provenance = []
    for stamp in current.get("provenance", []):
        if stamp in brought:
            brought.remove(stamp)
        else:
            provenance.append(stamp)
    if provenance:
        out["provenance"] = provenance
    for name in ("alternatives", "merged_from"):
        if name in before:
            out[name] = copy.deepcopy(before[name])
    return out


def mark_not_same(case: Case, a: str, b: str, *, user: str = "", reason: str = "",
                  at: str | None = None) -> Case:
    """Remember that ``a`` and ``b`` are different people (node ids or record references).

    Suggestions of that pair are not offered again; marking a pair twice changes nothing.

    >>> from casegraph.model import Case
    >>> marked = mark_not_same(Case(), "P1", "rec:RP9", user="an1", reason="different DOB")
    >>> is_not_same(marked, "rec:RP9", "P1"), marked.meta["not_same"][0]["pair"]
    (True, ['P1', 'rec:RP9'])
    """
    if a == b:
        raise ResolutionError("a node is always the same as itself")
    new = case.copy()
    if not is_not_same(case, a, b):
        entry = {"pair": sorted((str(a), str(b))), "user": user, "reason": reason,
                 "at": at or now_iso()}
        new.meta["not_same"] = [*new.meta.get("not_same", []), entry]
    return new


def not_same_pairs(case: Case) -> set[frozenset[str]]:
    """Pairs marked "not the same", each as a frozenset of two ids or references."""
    return {frozenset(e["pair"]) for e in case.meta.get("not_same", []) if len(e["pair"]) == 2}


def is_not_same(case: Case, a: str, b: str) -> bool:
    return frozenset((str(a), str(b))) in not_same_pairs(case)


def merge_log(case: Case) -> list[dict[str, Any]]:
    """The merges of a case for a report: who, when, why, and whether it was split again.

    Rows have ``id``, ``how``, ``kept`` and ``absorbed`` (labels), ``user``, ``at``,
    ``reason`` and ``split`` (None, or who split it, when and why).
    """
    rows = []
    for m in case.meta.get("merges", []):
        rows.append({"id": m.get("id"), "how": m.get("how", "manual"),
                     "kept": m.get("keep_label", m.get("keep")),
                     "absorbed": m.get("absorb_label", m.get("label", m.get("ref"))),
                     "user": m.get("user", ""), "at": m.get("at", ""),
                     "reason": m.get("reason", ""), "split": m.get("split")})
    return rows


def _next_id(merges: Iterable[dict[str, Any]]) -> str:
    taken = {m.get("id") for m in merges}
    n = len(taken) + 1
    while f"m{n}" in taken:
        n += 1
    return f"m{n}"


def _fresh_key(case: Case, base: Any) -> str:
    keys = {k for _, _, k in case.graph.edges(keys=True)}
    n = 1
    while f"{base}~{n}" in keys:
        n += 1
    return f"{base}~{n}"


def _incident(g, node):
    yield from g.out_edges(node, keys=True, data=True)
    yield from ((u, v, k, d) for u, v, k, d in g.in_edges(node, keys=True, data=True)
                if u != node)


def _forget_indexes(case: Case) -> None:
    for cached in ("_keys", "_edge_key_set"):
        case.__dict__.pop(cached, None)
