"""The ring as people: project a case onto its actors.

An investigation graph mixes people with what they hold (accounts, phones, emails) and with
evidence (posts, addresses, records). Questions about the organisation (is it hub-and-spoke,
who are the brokers, whom to arrest) are about people, so :func:`people_network` folds each
person's identifiers into them and ties two actors when they, or what they hold, called,
messaged, followed, replied to or met each other, or are linked to the same address. Which
types are actors, which are held, which links attribute and which tie is data: the
``people`` section of ``entity_types.yaml``.

Attribution, deterministic by construction:

- an identifier linked to one person (directly, or through identifiers linked to them, e.g.
  the phone an account of theirs was registered with) is theirs;
- an identifier claimed by several people goes to the strongest claim: the shortest chain
  first, then the highest evidence (sum of link confidences, a former link counting
  ``former_factor`` of it). When the best two claims are equal it stays apart, as an actor
  marked ``contested``, and the people claiming it are tied through it (like a shared
  address). Every such decision is listed in ``conflicts``;
- identifiers nobody is attributed to stand as one actor per group of identifiers linked to
  each other, marked ``unattributed``.

A case with one kind of entity only (a phone-call network, a matrix of co-offenders) is a
people network already: the projection is the identity (``identity`` is True) and every
figure computed on it equals the figure on the case.

>>> from casegraph.model import Case
>>> case = Case()
>>> for node, kind in [("ash", "person"), ("bay", "person"), ("p1", "phone"), ("p2", "phone")]:
...     _ = case.add_entity(node, kind, node)
>>> _ = case.add_link("ash", "p1", "uses"); _ = case.add_link("bay", "p2", "uses")
>>> _ = case.add_link("p1", "p2", "call", weight=3)
>>> net = people_network(case)
>>> sorted(net.graph.edges(data="weight")), net.actor_of["p1"]
([('ash', 'bay', 3.0)], 'ash')
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

import networkx as nx

from casegraph.analysis.project import project
from casegraph.model import default_entity_type, link_types, type_catalogue

PERSON, UNATTRIBUTED, CONTESTED = "person", "unattributed", "contested"


@dataclass(frozen=True)
class PeopleRules:
    """The ``people`` section of ``entity_types.yaml``."""

    actors: frozenset[str]
    held: tuple[str, ...]
    attribution: frozenset[str]
    ties: frozenset[str]
    through: dict[str, frozenset[str]]
    former_factor: float = 0.5
    max_shared: int = 25


@lru_cache(maxsize=1)
def people_rules() -> PeopleRules:
    spec = type_catalogue().get("people") or {}
    return PeopleRules(
        actors=frozenset(spec.get("actors", ["person"])),
        held=tuple(spec.get("held", ["account", "phone", "email"])),
        attribution=frozenset(spec.get("attribution", ["owns", "uses", "registered_with"])),
        ties=frozenset(spec.get("ties", ["call", "message"])),
        through={t: frozenset(links) for t, links in (spec.get("through") or {}).items()},
        former_factor=float(spec.get("former_factor", 0.5)),
        max_shared=int(spec.get("max_shared", 25)),
    )


@dataclass
class Actor:
    """One member of the organisation.

    ``id`` is a node of the case (the person, or for an unattributed actor the identifier
    that names it); ``members`` lists the nodes folded into it by type, its own node included.
    """

    id: Any
    label: str
    kind: str  # "person", "unattributed" or "contested"
    type: str
    members: dict[str, list] = field(default_factory=dict)

    def folded(self) -> dict[str, int]:
        """How many nodes of each type were folded into the actor (its own node excluded)."""
        counts = {t: len(nodes) - (t == self.type and self.id in nodes)
                  for t, nodes in self.members.items()}
        return {t: c for t, c in counts.items() if c}


@dataclass
class PeopleNetwork:
    """The result of :func:`people_network`.

    Attributes
    ----------
    graph : networkx.Graph
        Actors and ties. Node attributes: those of the actor's node, with ``label`` naming
        unattributed actors as such, plus ``actor`` (its kind) and ``folded`` (counts by
        type). Edge attributes: ``weight`` (summed evidence), ``count`` (pieces of
        evidence), ``types`` (count by kind of evidence), ``links`` (the case links behind
        the tie, as ``(source, target, key, type)``) and ``evidence`` (one tuple per piece,
        ``(type, weight, via, links)``: a link, or a shared address / post / contested
        identifier ``via`` with the links to it; :func:`tie_explanation` reads it).
        For an identity projection the edges are :func:`~casegraph.analysis.project`'s.
    digraph : networkx.DiGraph or None
        For a directed case, the same ties with direction: a directed link goes from the
        holder of its source to the holder of its target; undirected evidence both ways.
    actors : dict
        actor id -> :class:`Actor`.
    actor_of : dict
        case node -> actor id, for every node that is or belongs to an actor (evidence nodes
        are absent).
    conflicts : list of dict
        Identifiers claimed by several people: ``node``, ``claims`` (actor, strength, best
        first), ``to`` (the actor it went to, or None when contested).
    identity : bool
        True when the case has one kind of entity and the projection changed nothing.
    notes : list of str
        What the analyst should know (evidence left out as too common, conflicts).
    """

    graph: nx.Graph
    digraph: nx.DiGraph | None
    actors: dict[Any, Actor]
    actor_of: dict[Any, Any]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    identity: bool = False
    notes: list[str] = field(default_factory=list)
    source: nx.Graph | None = None

    def tie_links(self, a: Any, b: Any) -> list[tuple]:
        """The case links behind the tie of ``a`` and ``b``, ``(source, target, key, type)``.

        >>> net = people_network(nx.MultiDiGraph([("a", "b"), ("b", "a")]))
        >>> net.tie_links("a", "b")
        [('a', 'b', 0, 'link'), ('b', 'a', 0, 'link')]
        """
        if not self.graph.has_edge(a, b):
            return []
        data = self.graph.edges[a, b]
        if "links" in data:
            return list(data["links"])
        found = []
        for u, v in ((a, b), (b, a)):
            edges = self.source.get_edge_data(u, v) if self.source is not None else None
            if not edges:
                continue
            if not self.source.is_multigraph():
                edges = {None: edges}
            found += [(u, v, k, d.get("type", "link")) for k, d in edges.items()]
        return sorted(found, key=_sort_key)


def people_network(case_or_graph: Any, *, max_shared: int | None = None,
                   isolates: bool = True) -> PeopleNetwork:
    """Project a case onto its actors.

    Parameters
    ----------
    case_or_graph : Case or networkx graph
        A :class:`~casegraph.model.Case` (its ``graph`` and ``directed``) or a bare graph
        (directed when ``graph.is_directed()``). Nodes without ``type`` count as the default
        entity type (person).
    max_shared : int, optional
        Evidence (an address, a post) linked to more actors than this ties none of them;
        default from ``entity_types.yaml``.
    isolates : bool
        Keep actors tied to no one in ``graph`` and ``digraph`` (default). After lookups a
        case holds many people known only from records (relatives, earlier holders of a
        number); ``False`` leaves them out of the graphs, so that figures speak of the people
        seen in contact (``actors`` and ``actor_of`` still list everyone).

    Returns
    -------
    PeopleNetwork

    Examples
    --------
    A person with an account and a phone; the account follows a stranger's account; the
    person and a neighbour live at one address:

    >>> from casegraph.model import Case
    >>> c = Case()
    >>> for n, t in [("ash", "person"), ("ac", "account"), ("ph", "phone"),
    ...              ("x", "account"), ("bo", "person"), ("home", "address")]:
    ...     _ = c.add_entity(n, t, n)
    >>> for u, v, t in [("ash", "ac", "uses"), ("ac", "ph", "registered_with"),
    ...                 ("ac", "x", "follows"), ("ash", "home", "lives_at"),
    ...                 ("bo", "home", "lives_at")]:
    ...     _ = c.add_link(u, v, t)
    >>> net = people_network(c)
    >>> net.actors["ash"].members, net.actors["x"].kind
    ({'person': ['ash'], 'account': ['ac'], 'phone': ['ph']}, 'unattributed')
    >>> sorted(net.graph.edges(data="types"))
    [('ash', 'bo', {'shared address': 1}), ('ash', 'x', {'follows': 1})]
    """
    if isinstance(case_or_graph, nx.Graph):
        graph, directed = case_or_graph, case_or_graph.is_directed()
    else:
        graph, directed = case_or_graph.graph, bool(case_or_graph.directed)
    default = default_entity_type()
    types = {n: (t or default) for n, t in graph.nodes(data="type")}
    if len(set(types.values())) <= 1:
        net = _identity(graph, directed, types)
    else:
        rules = people_rules()
        limit = rules.max_shared if max_shared is None else int(max_shared)
        with _collector_paused():
            net = _Projection(graph, directed, types, rules, limit).run()
    if not isolates:
        alone = [n for n in net.graph if not net.graph.degree(n)]
        net.graph.remove_nodes_from(alone)
        if net.digraph is not None:
            net.digraph.remove_nodes_from(alone)
        if alone:
            net.notes.append(f"{len(alone)} actor(s) tied to no one are left out.")
    return net


@contextmanager
def _collector_paused():
    """Python's cycle collector off while the projection is built.

    The build makes a few container objects per link, none of which form cycles, and keeps
    them; with the collector on, their number makes it rescan the whole case again and again
    and the cost grows faster than the case (bench/people.py, CPU time against ``project``:
    3.0x at 9,000 nodes, 5.9x at 90,000; with the collector paused 2.9x and 2.4x).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _identity(graph: nx.Graph, directed: bool, types: dict) -> PeopleNetwork:
    simple = project(graph)
    actors = {}
    for node, data in simple.nodes(data=True):
        data["actor"], data["folded"] = PERSON, {}
        actors[node] = Actor(node, str(data.get("label", node)), PERSON, types[node],
                             {types[node]: [node]})
    digraph = project(graph, directed=True) if directed else None
    return PeopleNetwork(simple, digraph, actors, {n: n for n in graph}, identity=True,
                         source=graph)


def _strength(data: dict, former_factor: float = 1.0) -> float:
    """How much one link counts: its confidence (1 when it has none), less when former."""
    try:
        value = float(data.get("confidence", 1.0))
    except (TypeError, ValueError):
        value = 1.0
    if data.get("status") == "former" or data.get("until"):
        value *= former_factor
    return value


def _weight(data: dict) -> float:
    try:
        w = float(data.get("weight", 1.0))
    except (TypeError, ValueError):
        w = 1.0
    return (1.0 if w != w else w) * _strength(data)


def _sort_key(link: tuple) -> tuple:
    return tuple(str(x) for x in link)


class _Projection:
    """One run of :func:`people_network` on a case with several kinds of entity."""

    def __init__(self, graph, directed, types, rules: PeopleRules, limit: int):
        self.g, self.directed, self.types, self.rules, self.limit = (
            graph, directed, types, rules, limit)
        self.order = {n: i for i, n in enumerate(graph)}
        self.held = set(rules.held)
        self.owner: dict = {}
        self.contested: dict = {}  # identifier -> [(actor, links to it)]
        self.conflicts: list = []
        self.notes: list = []

    def run(self) -> PeopleNetwork:
        self._attribute()
        actors, actor_of = self._actors()
        self.actor_of = actor_of
        U = nx.Graph()
        D = nx.DiGraph() if self.directed else None
        for actor in actors.values():
            attrs = dict(self.g.nodes[actor.id])
            if actor.kind != PERSON:
                attrs["label"] = f"{actor.label} ({actor.kind})"
            attrs.update(actor=actor.kind, folded=actor.folded())
            U.add_node(actor.id, **attrs)
            if D is not None:
                D.add_node(actor.id, **attrs)
        self.U, self.D = U, D
        self._link_ties()
        self._shared_ties()
        for _, _, data in U.edges(data=True):
            data["links"] = sorted({x for e in data["evidence"] for x in e[3]}, key=_sort_key)
        if self.conflicts:
            n_cont = sum(1 for c in self.conflicts if c["to"] is None)
            self.notes.append(f"{len(self.conflicts)} identifier(s) claimed by several people: "
                              f"{len(self.conflicts) - n_cont} went to the strongest claim, "
                              f"{n_cont} stay apart as contested.")
        return PeopleNetwork(U, D, actors, actor_of, self.conflicts, False, self.notes, self.g)

    # -- who holds what ---------------------------------------------------------------------
    def _attribution_links(self) -> dict:
        """held/actor node -> neighbour -> (strength, [links]) over attribution links."""
        adj: dict = defaultdict(dict)
        kinds = self.rules.attribution
        bearing = self.held | self.rules.actors
        for u, v, k, d in self._edges():
            if u == v or d.get("type") not in kinds:
                continue
            tu, tv = self.types[u], self.types[v]
            if tu not in self.held and tv not in self.held:
                continue  # people are never folded into each other
            if tu not in bearing or tv not in bearing:
                continue
            s = _strength(d, self.rules.former_factor)
            link = (u, v, k, d.get("type"))
            for a, b in ((u, v), (v, u)):
                old = adj[a].get(b)
                adj[a][b] = (max(s, old[0]), [*old[1], link]) if old else (s, [link])
        return adj

    def _attribute(self) -> None:
        adj = self.adj = self._attribution_links()
        key = self.order.__getitem__
        frontier = sorted((n for n in self.g if self.types[n] in self.rules.actors
                           and self.types[n] not in self.held), key=key)
        for person in frontier:
            self.owner[person] = person
        while frontier:
            claims: dict = defaultdict(lambda: defaultdict(lambda: [0.0, []]))
            for node in frontier:
                for other, (s, links) in adj.get(node, {}).items():
                    if (self.types[other] in self.held and other not in self.owner
                            and other not in self.contested):
                        claim = claims[other][self.owner[node]]
                        claim[0] += s
                        claim[1] += links
            frontier = []
            for node in sorted(claims, key=key):
                ranked = sorted(claims[node].items(), key=lambda kv: (-kv[1][0], key(kv[0])))
                if len(ranked) > 1:
                    tied = abs(ranked[0][1][0] - ranked[1][1][0]) < 1e-9
                    self.conflicts.append({
                        "node": node,
                        "claims": [(a, round(c[0], 3)) for a, c in ranked],
                        "to": None if tied else ranked[0][0]})
                    if tied:
                        self.contested[node] = [(a, c[1]) for a, c in ranked]
                        continue
                self.owner[node] = ranked[0][0]
                frontier.append(node)

    def _actors(self) -> tuple[dict, dict]:
        actors: dict = {}
        actor_of: dict = {}
        rank = {t: i for i, t in enumerate(self.rules.held)}
        for node in self.g:
            t = self.types[node]
            if self.owner.get(node) == node:
                actors[node] = Actor(node, str(self.g.nodes[node].get("label", node)), PERSON,
                                     t, {})
                actor_of[node] = node
        loose = [n for n in self.g if self.types[n] in self.held and n not in self.owner]
        seen: set = set()
        for start in loose:
            if start in seen:
                continue
            if start in self.contested:
                group = [start]
            else:
                group, todo = [], [start]
                seen.add(start)
                while todo:  # identifiers attributed to each other, nobody's known
                    node = todo.pop()
                    group.append(node)
                    for other in self.adj.get(node, {}):
                        if (other not in seen and other not in self.owner
                                and other not in self.contested
                                and self.types[other] in self.held):
                            seen.add(other)
                            todo.append(other)
            seen.add(start)
            group.sort(key=lambda n: (rank[self.types[n]], self.order[n]))
            head = group[0]
            kind = CONTESTED if head in self.contested else UNATTRIBUTED
            actors[head] = Actor(head, str(self.g.nodes[head].get("label", head)), kind,
                                 self.types[head], {})
            for node in sorted(group, key=self.order.__getitem__):
                actor_of[node] = head
        for node, owner in self.owner.items():
            actor_of[node] = owner
        for node in sorted(actor_of, key=self.order.__getitem__):
            members = actors[actor_of[node]].members
            members.setdefault(self.types[node], []).append(node)
        ordered = sorted(actors, key=self.order.__getitem__)
        return {a: actors[a] for a in ordered}, actor_of

    # -- ties -------------------------------------------------------------------------------
    def _edges(self):
        if self.g.is_multigraph():
            return self.g.edges(keys=True, data=True)
        return ((u, v, None, d) for u, v, d in self.g.edges(data=True))

    def _add(self, a, b, evidence: tuple, both_ways: bool) -> None:
        """Add one piece of evidence, ``(type, weight, via, links)``, to the tie of a and b."""
        if a == b:
            return
        kind, w = evidence[0], evidence[1]
        data = self.U._adj[a].get(b)  # the plain dict: this runs once per link of the case
        if data is None:
            self.U.add_edge(a, b, weight=0.0, count=0, types={}, evidence=[])
            data = self.U._adj[a][b]
        data["weight"] += w
        data["count"] += 1
        data["types"][kind] = data["types"].get(kind, 0) + 1
        data["evidence"].append(evidence)
        if self.D is not None:
            for u, v in ((a, b), (b, a)) if both_ways else ((a, b),):
                arc = self.D._adj[u].get(v)
                if arc is None:
                    self.D.add_edge(u, v, weight=w, count=1)
                else:
                    arc["weight"] += w
                    arc["count"] += 1

    def _link_ties(self) -> None:
        kinds = self.rules.ties
        catalogue = link_types()
        for u, v, k, d in self._edges():
            t = d.get("type", "link")
            if t not in kinds:
                continue
            a, b = self.actor_of.get(u), self.actor_of.get(v)
            if a is None or b is None:
                continue
            directed = catalogue.get(t, {}).get("directed", True)
            self._add(a, b, (t, _weight(d), None, ((u, v, k, t),)), both_ways=not directed)

    def _shared_ties(self) -> None:
        key = self.order.__getitem__
        for node in self.g:
            allowed = self.rules.through.get(self.types[node])
            if not allowed:
                continue
            touching: dict = defaultdict(list)
            for u, v, k, d in self._incident(node):
                t = d.get("type")
                if t not in allowed:
                    continue
                actor = self.actor_of.get(v if u == node else u)
                if actor is not None:
                    touching[actor].append((_strength(d), (u, v, k, t)))
            self._tie_through(node, self.types[node], touching, key)
        for node, claims in self.contested.items():
            touching = {a: [(1.0, link) for link in links] for a, links in claims}
            self._tie_through(node, self.types[node], touching, key)

    def _tie_through(self, node, via_type: str, touching: dict, key) -> None:
        if len(touching) < 2:
            return
        if len(touching) > self.limit:
            self.notes.append(f"{self.g.nodes[node].get('label', node)} ({via_type}) is linked "
                              f"to {len(touching)} actors: too common to tie them.")
            return
        for a, b in combinations(sorted(touching, key=key), 2):
            weight = min(max(s for s, _ in touching[a]), max(s for s, _ in touching[b]))
            links = [link for _, link in touching[a] + touching[b]]
            self._add(a, b, (f"shared {via_type}", weight, node, tuple(links)), both_ways=True)

    def _incident(self, node):
        g = self.g
        if g.is_multigraph():
            out = g.out_edges(node, keys=True, data=True) if g.is_directed() else \
                g.edges(node, keys=True, data=True)
            yield from out
            if g.is_directed():
                yield from g.in_edges(node, keys=True, data=True)
        else:
            out = g.out_edges(node, data=True) if g.is_directed() else g.edges(node, data=True)
            yield from ((u, v, None, d) for u, v, d in out)
            if g.is_directed():
                yield from ((u, v, None, d) for u, v, d in g.in_edges(node, data=True))


def tie_explanation(net: PeopleNetwork, a: Any, b: Any) -> list[dict[str, Any]]:
    """Why ``a`` and ``b`` are tied: one row per piece of evidence, strongest first.

    Each row has ``type`` ("call", "shared address", ...), ``weight``, ``via`` (the shared
    node, or None) and ``links`` (``(source, target, key, type)`` of the case links).

    >>> net = people_network(nx.MultiDiGraph([("a", "b")]))
    >>> tie_explanation(net, "a", "b")
    [{'type': 'link', 'weight': 1.0, 'via': None, 'links': [('a', 'b', 0, 'link')]}]
    """
    if not net.graph.has_edge(a, b):
        return []
    data = net.graph.edges[a, b]
    if "evidence" not in data:  # identity projection: one row per link
        rows = [{"type": t, "weight": _weight(_link_data(net.source, u, v, k)), "via": None,
                 "links": [(u, v, k, t)]} for u, v, k, t in net.tie_links(a, b)]
    else:
        rows = [{"type": t, "weight": w, "via": via, "links": list(links)}
                for t, w, via, links in data["evidence"]]
    return sorted(rows, key=lambda r: (-r["weight"], r["type"], _sort_key(r["links"][0])))


def _link_data(g: nx.Graph, u, v, k) -> dict:
    return g.edges[u, v, k] if g.is_multigraph() else g.edges[u, v]
