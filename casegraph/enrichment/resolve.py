"""Who is the person a lookup found? Someone already in the case, a suggestion, or new.

A found person is the same node as a person in the case (merged, both provenances kept) when
they share a strong identifier:

- the same record reference (found before, or merged by hand);
- an identifier (phone, email, handle) already in the case and attributed there to that
  person, by a current link of confidence at least :data:`STRONG_CONFIDENCE` (a weaker or
  former link counts only when the names match as well);
- the same name and the same date of birth.

Each person of the case takes at most one found person per lookup, the strongest match
first (date of birth, then names matching, then confidence), so a broker's guess naming a
namesake does not merge a second record into someone. A found person whose name is only close
to someone in the case (:func:`name_similarity` from :data:`SAME_PERSON_CUTOFF`), or to
someone found by the same lookup with more confidence, is held back as a suggestion: not
drawn, listed, to merge or to mark "not the same". Pairs marked not the same
(``casegraph.resolution.mark_not_same``) are neither merged nor suggested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from casegraph.analysis.people import people_rules
from casegraph.enrichment.base import QUERY, FoundEntity, LookupResult
from casegraph.model import Case, identity_key, normalise_text
from casegraph.resolution import not_same_pairs

STRONG_CONFIDENCE = 0.5
SAME_PERSON_CUTOFF = 85.0
TOKEN_CUTOFF = 70.0  # every part of a name needs a counterpart this close (see name_similarity)
NEW = "@new"  # a forced decision: the found person is someone new


@dataclass
class Resolution:
    """Decisions about the people of one lookup result, by their ``ref`` in the result."""

    node_of: dict[str, str] = field(default_factory=dict)   # same as this node of the case
    why: dict[str, str] = field(default_factory=dict)       # ... because (in words)
    how: dict[str, str] = field(default_factory=dict)       # "record", "lookup", "accepted"
    held: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # suggestions
    by_ref: dict[str, str] = field(default_factory=dict)  # record reference -> node of the case


def resolve_people(case: Case, anchor: str | None, result: LookupResult,
                   forced: dict[str, str] | None = None) -> Resolution:
    """Decide, for each person of ``result``, whether they are someone in ``case``.

    ``forced`` maps a found ref to a node (an analyst merged a suggestion) or to
    :data:`NEW` (they said "not the same"); those decisions are taken as given.
    """
    forced = forced or {}
    index = _Index(case)
    out = Resolution(by_ref=index.by_ref)
    found = {e.ref: e for e in result.entities}
    people = [e for e in result.entities if e.type == "person"]
    if not people:
        return out
    refused = not_same_pairs(case)
    candidates: list[tuple[tuple, str, str, str]] = []
    for person in people:
        ref = str(person.props.get("ref") or person.ref)
        if person.ref in forced:
            if forced[person.ref] != NEW:
                out.node_of[person.ref] = forced[person.ref]
                out.why[person.ref] = "merged by the analyst"
                out.how[person.ref] = "accepted"
            continue
        known = index.by_ref.get(ref)
        if known is not None:
            out.node_of[person.ref] = known
            out.why[person.ref] = "same record"
            out.how[person.ref] = "record"
            continue
        name, born = normalise_text(person.label), str(person.props.get("born") or "")
        evidence = _shared_identifiers(case, anchor, person, result, found, index)
        if born:
            for node in index.by_name_born.get((name, born), ()):
                evidence[node].append((1.0, f"name and date of birth {born}", True))
        for node, items in evidence.items():
            if frozenset((ref, node)) in refused or frozenset((person.ref, node)) in refused:
                continue
            other_ref = index.ref_of.get(node)
            if other_ref and other_ref != ref:
                continue  # already identified as another record: only a suggestion
            score = name_similarity(name, index.names.get(node, ""))
            named = score >= SAME_PERSON_CUTOFF
            strength, reason, _ = max(items, key=lambda i: (i[0], i[2]))
            dob = any(i[2] for i in items)
            if not (dob or named or strength >= STRONG_CONFIDENCE):
                continue
            rank = (dob, named, strength, score)
            candidates.append((rank, person.ref, node, reason))
    taken: set[str] = set()
    for _rank, ref, node, reason in sorted(candidates, key=lambda c: (c[0], c[1]),
                                           reverse=True):
        if ref in out.node_of or node in taken:
            continue
        out.node_of[ref] = node
        out.why[ref] = reason
        out.how[ref] = "lookup"
        taken.add(node)
    # the rest, surest first: held back when named like someone in the case, or like someone
    # this lookup adds with more confidence (a broker's guess at a namesake)
    names = {node: (index.names[node], index.labels[node]) for node in index.names}
    for person in sorted(people, key=lambda e: -e.confidence):
        if person.ref in out.node_of:
            continue
        if forced.get(person.ref) != NEW:
            similar = _similar(person, names, refused)
            if similar:
                out.held[person.ref] = similar
                continue
        ref = str(person.props.get("ref") or person.ref)
        names[ref] = (normalise_text(person.label), person.label)
    return out


def _shared_identifiers(case: Case, anchor: str | None, person: FoundEntity,
                        result: LookupResult, found: dict[str, FoundEntity],
                        index: _Index) -> dict[str, list[tuple[float, str, bool]]]:
    """Person of the case -> [(strength, reason, False)] for each identifier they share."""
    kinds = people_rules().attribution - {"same_as"}
    held = set(people_rules().held)
    evidence: dict[str, list[tuple[float, str, bool]]] = defaultdict(list)
    for link in result.links:
        if link.type not in kinds or person.ref not in (link.source, link.target):
            continue
        other = link.target if link.source == person.ref else link.source
        if other == QUERY:
            node = anchor
        elif other in found and found[other].type in held:
            entity = found[other]
            key = identity_key(entity.type, {"label": entity.label, **entity.props})
            node = case.find_by_key(key) if key else None
        else:
            node = None
        if node is None or node not in case.graph:
            continue
        if case.graph.nodes[node].get("type") not in held:
            continue
        strength = link.confidence * _former(link.props)
        label = case.graph.nodes[node].get("label", node)
        for holder in holders(case, node):
            evidence[holder].append((round(strength, 3), f"shares {label}", False))
    return evidence


def holders(case: Case, node: str) -> set[str]:
    """The people of ``case`` who hold identifier ``node``: linked to it, or to an identifier
    registered with it, by a current attribution link of confidence at least
    :data:`STRONG_CONFIDENCE` (links from a file count as sure)."""
    rules = people_rules()
    kinds, actors, held = rules.attribution, rules.actors, set(rules.held)
    g = case.graph
    found: set[str] = set()
    frontier, seen = [node], {node}
    for _step in range(2):
        nxt = []
        for current in frontier:
            for other, data in _attribution_neighbours(g, current, kinds):
                if other in seen or data.get("confidence", 1.0) * _former(data) \
                        < STRONG_CONFIDENCE:
                    continue
                seen.add(other)
                kind = g.nodes[other].get("type")
                if kind in actors and kind not in held:
                    found.add(other)
                elif kind in held:
                    nxt.append(other)
        frontier = nxt
    return found


def _attribution_neighbours(g, node, kinds):
    for _, other, data in g.out_edges(node, data=True):
        if data.get("type") in kinds:
            yield other, data
    for other, _, data in g.in_edges(node, data=True):
        if data.get("type") in kinds:
            yield other, data


def _former(props: dict[str, Any]) -> float:
    former = props.get("status") == "former" or bool(props.get("until"))
    return people_rules().former_factor if former else 1.0


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 0..100: rapidfuzz ``token_sort_ratio`` of the normalised
    names, or 0 when a part of one name has no part of the other at least
    :data:`TOKEN_CUTOFF` alike (relatives share a surname, not a first name).

    >>> name_similarity("Ember Thistlebottom", "Ember Thistlebutton") > SAME_PERSON_CUTOFF
    True
    >>> name_similarity("Bramble Thistlebutton", "Ember Thistlebutton")
    0.0
    """
    a, b = normalise_text(a), normalise_text(b)
    score = fuzz.token_sort_ratio(a, b)
    if score < SAME_PERSON_CUTOFF:
        return float(score)
    short, long = sorted((a.split(), b.split()), key=len)
    if any(max(fuzz.ratio(t, u) for u in long) < TOKEN_CUTOFF for t in short):
        return 0.0
    return float(score)


def _similar(person: FoundEntity, names: dict[str, tuple[str, str]],
             refused: set) -> list[dict[str, Any]]:
    """Suggestions for ``person`` among ``names`` (node or found ref -> (name, label))."""
    ref = str(person.props.get("ref") or person.ref)
    name = normalise_text(person.label)
    # rapidfuzz's batch search first (fast on large cases), the token check on its hits
    hits = process.extract(name, {n: v[0] for n, v in names.items()},
                           scorer=fuzz.token_sort_ratio, score_cutoff=SAME_PERSON_CUTOFF,
                           limit=None)
    out = []
    for _match, _score, node in hits:
        if node == ref or frozenset((ref, node)) in refused:
            continue
        score = name_similarity(name, names[node][0])
        if score >= SAME_PERSON_CUTOFF:
            out.append({"node": ref, "existing": node, "label": person.label,
                        "existing_label": names[node][1], "score": round(score, 1)})
    return sorted(out, key=lambda s: (-s["score"], s["existing"]))


@lru_cache(maxsize=65536)
def _name(label: str) -> str:
    """Normalised name, remembered: every lookup compares with every person of the case."""
    return normalise_text(label)


class _Index:
    """The people of a case by record reference, by name and by name and date of birth."""

    def __init__(self, case: Case):
        self.by_ref: dict[str, str] = {}
        self.ref_of: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.by_name_born: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node, data in case.graph._node.items():  # every lookup: the plain dict is quickest
            ref = data.get("ref")
            refs = [str(ref)] if ref else []
            if "alternatives" in data:
                refs += [str(r) for r in data["alternatives"].get("ref", [])]
            for r in refs:
                self.by_ref.setdefault(r, node)
            if data.get("type") != "person":
                continue
            if refs:
                self.ref_of[node] = refs[0]
            label = str(data.get("label", node))
            self.names[node] = _name(label)
            self.labels[node] = label
            born = data.get("born") or data.get("birth_date") or data.get("dob")
            if born:
                self.by_name_born[(self.names[node], str(born))].append(node)


def reachable(result: LookupResult, held: set[str], start: set[str] = frozenset()) -> set[str]:
    """Refs joined to the looked-up entity (or to ``start``: people known to be in the case)
    by links that avoid ``held`` refs, plus refs that have no link at all (nothing says they
    hang on a held person)."""
    adjacency: dict[str, list[str]] = defaultdict(list)
    linked: set[str] = set()
    for link in result.links:
        linked.update((link.source, link.target))
        if link.source in held or link.target in held:
            continue
        adjacency[link.source].append(link.target)
        adjacency[link.target].append(link.source)
    seen = {QUERY, *start} - held
    todo = list(seen)
    while todo:
        for other in adjacency[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return (seen | {e.ref for e in result.entities if e.ref not in linked}) - held


def held_part(result: LookupResult, keep: set[str]) -> dict[str, Any]:
    """The part of ``result`` not merged (everything outside ``keep``), with the entities its
    links lead to, as a dict that ``LookupResult.from_dict`` reads back."""
    links = [k for k in result.links if k.source not in keep or k.target not in keep]
    refs = {r for k in links for r in (k.source, k.target)}
    refs |= {e.ref for e in result.entities if e.ref not in keep}
    part = LookupResult(result.provider, result.query_type, result.query_value, "ok",
                        [e for e in result.entities if e.ref in refs], links)
    return part.to_dict()
