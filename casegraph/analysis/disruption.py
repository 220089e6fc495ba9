"""Arrest simulation: how the network falls apart as people are removed.

A *removal curve* starts from the whole network and records the size of the largest
connected group (largest connected component, LCC) divided by its initial size; it then
repeatedly ranks the people still in the network by a strategy, removes the top ``block``
and records again, until no more than ``block`` people remain. ``block=1`` re-ranks after
every arrest (arrests over time); ``block=k`` removes k at once (a simultaneous operation).

The graph is treated as undirected (a contact is a contact whoever called). Ties in a
strategy's ranking are broken by the node's position in the graph (earlier first), so the
same graph gives the same curve; scores are compared to 12 significant digits so that
float noise does not decide ties.

Small graphs use networkx (the reference); above ``LARGE_GRAPH`` nodes the curves come from
arrays and igraph (:mod:`casegraph.analysis.removal`: degree re-ranked incrementally, the
largest group of every step from one backward union-find pass), betweenness then estimated
from sampled sources as in ``analyse``.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from casegraph.analysis import removal
from casegraph.analysis._igraph import LARGE_GRAPH, to_igraph
from casegraph.analysis.arrays import Projection, project_arrays
from casegraph.analysis.centrality import BETWEENNESS_SAMPLES, resolve_engine, significant
from casegraph.analysis.project import project

Strategy = Literal["betweenness", "degree", "pagerank", "order", "random"]
STRATEGIES: dict[str, str] = {
    "betweenness": "Brokers first (betweenness)",
    "degree": "Most contacts first (degree)",
    "pagerank": "Most important contacts first (PageRank)",
    "order": "Analyst's order",
    "random": "Random arrests",
}


def undirected(G: nx.Graph) -> nx.Graph:
    """Simple undirected graph of ``G`` (a copy); multigraphs and digraphs are projected."""
    if G.is_directed() or G.is_multigraph():
        return project(G)
    H = nx.Graph(G)
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    return H


def removal_curve(G: nx.Graph, strategy: Strategy, block: int = 1, weight: str | None = None,
                  order: Iterable[Any] | None = None, seed: int | None = None,
                  engine: str = "auto") -> list[float]:
    """Share of the initial largest connected group still connected, after each removal.

    Parameters
    ----------
    G : networkx graph
        Treated as undirected; parallel links are collapsed (weights summed).
    strategy : {"betweenness", "degree", "pagerank", "order", "random"}
        How the next people to remove are chosen. "order" removes ``order`` front to back
        and stops when the list is used up; "random" removes in an order shuffled by ``seed``.
    block : int
        How many people are removed between two re-rankings.
    weight : str, optional
        Edge attribute used as a *distance* by weighted betweenness (as networkx does: a
        larger value is a longer path). Degree and PageRank count links and ignore it.
    order : iterable, optional
        The analyst's order, for strategy "order".
    seed : int, optional
        Shuffle seed for "random" and the source sample of betweenness on large graphs.
    engine : {"auto", "networkx", "igraph"}
        "auto" uses igraph above ``LARGE_GRAPH`` nodes.

    Returns
    -------
    list of float
        ``curve[0] == 1.0``; ``curve[i]`` after the i-th removal of ``block`` people.
        Empty for a graph without nodes.

    Examples
    --------
    >>> removal_curve(nx.star_graph(4), "degree")
    [1.0, 0.2, 0.2, 0.2, 0.2]
    >>> removal_curve(nx.path_graph(5), "betweenness", block=2)
    [1.0, 0.4, 0.2]
    """
    if block < 1:
        raise ValueError("block must be at least 1")
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    if strategy == "order" and order is None:
        raise ValueError('strategy "order" needs the analyst\'s order')
    if isinstance(G, Projection) or resolve_engine(G, engine) == "igraph":
        p = G if isinstance(G, Projection) else project_arrays(G, directed=False,
                                                               weight=weight or "weight")
        return _array_curve(p, strategy, block, weight is not None, order, seed)
    H = undirected(G)
    if strategy == "order":
        queue = list(dict.fromkeys(order))
        missing = [n for n in queue if n not in H]
        if missing:
            raise ValueError(f"not in the network: {missing[:5]}")
    elif strategy == "random":
        queue = list(H)
        random.Random(seed).shuffle(queue)
    else:
        queue = None
    work = _Working(H, weight, seed or 0)
    initial = work.lcc()
    if initial == 0:
        return []
    curve = [1.0]
    while work.remaining() > block:
        if queue is not None:
            if not queue:
                break
            targets, queue = queue[:block], queue[block:]
        elif work.edgeless():
            targets = work.first(block)  # every score ties: earlier nodes first
        else:
            targets = work.top(strategy, block)
        work.remove(targets)
        curve.append(work.lcc() / initial)
    return curve


def _array_curve(p: Projection, strategy: str, block: int, weighted: bool,
                 order: Iterable[Any] | None, seed: int | None) -> list[float]:
    if strategy == "order":
        queue = list(dict.fromkeys(order or []))
        missing = [n for n in queue if n not in p.index]
        if missing:
            raise ValueError(f"not in the network: {missing[:5]}")
        blocks = removal.queue_blocks([p.index[n] for n in queue], p.n, block)
    elif strategy == "random":
        queue = list(range(p.n))
        random.Random(seed).shuffle(queue)
        blocks = removal.queue_blocks(queue, p.n, block)
    elif strategy == "degree":
        blocks = removal.degree_blocks(p, block)
    else:
        blocks = removal.ranked_blocks(p, strategy, block, seed or 0, weighted)
    return removal.curve_from_blocks(p, blocks)


@dataclass
class RandomCurves:
    """Removal curves under random arrests, summarised step by step."""

    mean: list[float]
    std: list[float]
    low: list[float]   # smallest value over the runs
    high: list[float]  # largest value over the runs
    runs: int


def random_curves(G: nx.Graph, runs: int = 100, block: int = 1, seed: int = 0) -> RandomCurves:
    """Mean and spread of ``runs`` random removal curves (seeds ``seed .. seed + runs - 1``).

    Examples
    --------
    >>> rc = random_curves(nx.complete_graph(4), runs=10)
    >>> rc.mean, rc.std
    ([1.0, 0.75, 0.5, 0.25], [0.0, 0.0, 0.0, 0.0])
    """
    if len(G) > LARGE_GRAPH:  # project once for all the runs
        G = G if isinstance(G, Projection) else project_arrays(G, directed=False)
    curves = [removal_curve(G, "random", block=block, seed=seed + i) for i in range(runs)]
    if not curves or not curves[0]:
        return RandomCurves([], [], [], [], runs)
    steps = list(zip(*curves, strict=True))
    return RandomCurves(
        mean=[statistics.fmean(s) for s in steps],
        std=[statistics.pstdev(s) for s in steps],
        low=[min(s) for s in steps],
        high=[max(s) for s in steps],
        runs=runs,
    )


@dataclass
class KeyPlayer:
    """One pick of :func:`key_players`."""

    node: Any
    gain: float           # increase in fragmentation from removing this person
    fragmentation: float  # fragmentation once this and the earlier picks are removed
    lcc_share: float      # largest connected group / its initial size, after the picks


def fragmentation(H: nx.Graph, total: int | None = None) -> float:
    """Share of pairs of people that cannot reach each other (Borgatti's F), 0 .. 1.

    ``total`` is the number of people the pairs are counted over (default: ``len(H)``);
    removed people count as unreachable from everyone.

    Examples
    --------
    >>> fragmentation(nx.path_graph(4)), fragmentation(nx.empty_graph(3))
    (0.0, 1.0)
    """
    n = total if total is not None else H.number_of_nodes()
    if n < 2:
        return 0.0
    connected_pairs = sum(len(c) * (len(c) - 1) for c in nx.connected_components(H))
    return 1.0 - connected_pairs / (n * (n - 1))


# Above this many people key_players() only tries the likeliest candidates (see below).
KEY_PLAYER_CANDIDATES = 60


def key_players(G: nx.Graph, k: int, candidates: Iterable[Any] | None = None) -> list[KeyPlayer]:
    """Greedy target set of ``k`` people whose joint removal fragments the network most.

    At each step every candidate still present is tried, and the one whose removal raises
    fragmentation (share of pairs that can no longer reach each other) the most is kept;
    ties go to the higher degree, then to the earlier node. Greedy picks are not always the
    best set, but each pick's gain is exact and the order says what to do first.

    On graphs larger than ``KEY_PLAYER_CANDIDATES`` people, when no ``candidates`` are
    given, only the articulation points and the top ``KEY_PLAYER_CANDIDATES`` by degree and
    by betweenness are tried (only cut points and brokers can split a network).

    Examples
    --------
    >>> [(p.node, round(p.gain, 3)) for p in key_players(nx.barbell_graph(3, 1), 1)]
    [(3, 0.714)]
    """
    H = undirected(G)
    n = H.number_of_nodes()
    order = {node: i for i, node in enumerate(H)}
    initial = max((len(c) for c in nx.connected_components(H)), default=0)
    if candidates is None and n > KEY_PLAYER_CANDIDATES:
        candidates = _likely_key_players(H)
    pool = list(H) if candidates is None else [c for c in dict.fromkeys(candidates) if c in H]
    picks: list[KeyPlayer] = []
    current = fragmentation(H, n)
    for _ in range(min(k, len(pool))):
        best = None
        for node in pool:
            if node not in H:
                continue
            links = list(H.edges(node, data=True))
            attrs = H.nodes[node]
            H.remove_node(node)
            value = fragmentation(H, n)
            H.add_node(node, **attrs)
            H.add_edges_from(links)
            key = (value, len(links), -order[node])
            if best is None or key > best[0]:
                best = (key, node, value)
        if best is None:
            break
        _, node, value = best
        H.remove_node(node)
        lcc = max((len(c) for c in nx.connected_components(H)), default=0)
        picks.append(KeyPlayer(node, value - current, value, lcc / initial if initial else 0.0))
        current = value
    return picks


def _likely_key_players(H: nx.Graph) -> list:
    top = KEY_PLAYER_CANDIDATES
    by_degree = sorted(H, key=lambda n: -H.degree(n))[:top]
    g = to_igraph(H, weight=None)
    nodes = list(H)
    n = len(nodes)
    if n > BETWEENNESS_SAMPLES:
        sources = sorted(random.Random(0).sample(range(n), BETWEENNESS_SAMPLES))
        values = g.betweenness(directed=False, sources=sources)
    else:
        values = g.betweenness(directed=False)
    by_betweenness = [nodes[i] for i in sorted(range(n), key=lambda i: -values[i])[:top]]
    cut_points = set(nx.articulation_points(H))
    return [x for x in nodes if x in cut_points or x in set(by_degree) | set(by_betweenness)]


@dataclass
class WhatIf:
    """The network after removing some people (see :func:`what_if_removed`)."""

    removed: list
    pieces: list[list]   # the groups left, largest first, each in graph order
    lcc_share: float     # largest group left / largest connected group before
    isolated: list       # people who had contacts and now have none


def what_if_removed(G: nx.Graph, nodes: Iterable[Any]) -> WhatIf:
    """What is left of the network if ``nodes`` are arrested together.

    Examples
    --------
    >>> result = what_if_removed(nx.star_graph(3), [0])
    >>> len(result.pieces), result.lcc_share, result.isolated
    (3, 0.25, [1, 2, 3])
    """
    H = undirected(G)
    removed = [n for n in dict.fromkeys(nodes) if n in H]
    order = {node: i for i, node in enumerate(H)}
    initial = max((len(c) for c in nx.connected_components(H)), default=0)
    had_contacts = {n for n in H if H.degree(n) > 0}
    H.remove_nodes_from(removed)
    pieces = [sorted(c, key=order.__getitem__) for c in nx.connected_components(H)]
    pieces.sort(key=lambda c: (-len(c), order[c[0]]))
    isolated = [n for n in H if n in had_contacts and H.degree(n) == 0]
    lcc = len(pieces[0]) if pieces else 0
    return WhatIf(removed, pieces, lcc / initial if initial else 0.0, isolated)


class _Working:
    """The shrinking network in networkx: the reference engine for small graphs."""

    def __init__(self, H: nx.Graph, weight: str | None, seed: int):
        self.order = {node: i for i, node in enumerate(H)}
        self.weight = weight
        self.seed = seed
        self.H = H

    def remaining(self) -> int:
        return self.H.number_of_nodes()

    def edgeless(self) -> bool:
        return self.H.number_of_edges() == 0

    def lcc(self) -> int:
        return max((len(c) for c in nx.connected_components(self.H)), default=0)

    def first(self, k: int) -> list:
        return sorted(self.H, key=self.order.__getitem__)[:k]

    def top(self, strategy: str, k: int) -> list:
        scores = self._scores(strategy)
        nodes = list(scores)
        keys = significant([scores[n] for n in nodes]).tolist()
        ranked = sorted(range(len(nodes)), key=lambda i: (-keys[i], self.order[nodes[i]]))
        return [nodes[i] for i in ranked[:k]]

    def _scores(self, strategy: str) -> dict:
        H = self.H
        if strategy == "degree":
            return dict(H.degree())
        if strategy == "pagerank":
            return nx.pagerank(H, weight=None, tol=1e-12, max_iter=1000)
        return nx.betweenness_centrality(H, weight=self.weight, normalized=False)

    def remove(self, nodes: list) -> None:
        self.H.remove_nodes_from(nodes)


# -- the settings the screen and the report share ----------------------------------------------
@dataclass(frozen=True)
class Simulation:
    """How an arrest simulation is run: the strategies compared, people removed between two
    re-rankings (``block``) and the number of random runs averaged (seeds ``seed`` ..
    ``seed + random_runs - 1``). The Disruption tab and the case-file report both take
    theirs from :func:`simulation_settings`, so they state the same numbers."""

    block: int
    random_runs: int
    strategies: tuple[str, ...] = ("betweenness", "degree", "pagerank")
    seed: int = 0

    def describe(self) -> str:
        """The settings in words, as the report states them.

        >>> simulation_settings(40).describe()
        'one arrest at a time, re-ranking after each; random arrests averaged over 50 runs'
        """
        how = ("one arrest at a time, re-ranking after each" if self.block == 1 else
               f"{self.block} arrests at a time, re-ranking after each round")
        return f"{how}; random arrests averaged over {self.random_runs} runs"


def simulation_settings(n: int) -> Simulation:
    """The simulation settings for a network of ``n`` people: one arrest at a time on small
    networks, about a hundred steps on large ones (a curve of n single removals re-ranks n
    times); 50 random runs up to 500 people, 20 above.

    >>> simulation_settings(110).block, simulation_settings(5000).block
    (1, 50)
    """
    block = 1 if n <= 300 else -(-n // 100)
    return Simulation(block=block, random_runs=50 if n <= 500 else 20)


def simulate(G: nx.Graph, settings: Simulation | None = None,
             order: Iterable[Any] | None = None) -> dict[str, Any]:
    """Removal curves of every strategy with ``settings`` (default: :func:`simulation_settings`).

    Returns ``{"settings": Simulation, "curves": {strategy: [share, ...]}, "random":
    RandomCurves, "order": [...] or None}``.

    >>> out = simulate(nx.star_graph(3))
    >>> out["curves"]["degree"], out["settings"].block
    ([1.0, 0.25, 0.25, 0.25], 1)
    """
    settings = settings or simulation_settings(G.number_of_nodes())
    curves = {s: removal_curve(G, s, block=settings.block) for s in settings.strategies}
    order = list(order or [])
    return {"settings": settings, "curves": curves,
            "random": random_curves(G, runs=settings.random_runs, block=settings.block,
                                    seed=settings.seed),
            "order": removal_curve(G, "order", block=settings.block, order=order)
            if order else None}
