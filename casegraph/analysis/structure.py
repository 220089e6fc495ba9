"""Which kind of ring is this? A hub-and-spoke / highly networked / mixed verdict with reasons.

A hub-and-spoke ring depends on a few people: take them and it falls apart. A highly
networked ring has many overlapping contacts: it absorbs single arrests, so action has to
hit many members at once. The verdict counts signals for each kind:

==============================  =========================  ==========================
number                          hub-and-spoke signal       highly networked signal
==============================  =========================  ==========================
degree centralisation (Freeman) >= 0.5 (a star is 1)       <= 0.25
reach of the top hubs           >= 70 % of members         (not a signal)
largest group without the hubs  <= 50 % of members         >= 80 % of members
average clustering              <= 0.1                     >= 0.3, or density >= 0.3
members in the 3-core           (not a signal)             >= 30 % of members
top hub is an articulation pt.  yes                        (not a signal)
bridges (links with no backup)  (not a signal)             <= 5 % of links
==============================  =========================  ==========================

Three or more signals of one kind and at most one of the other give that label; anything
else is "mixed". Why these cut-offs: a star scores centralisation 1 and an Erdos-Renyi
random graph near 0, and criminal networks studied in the literature (CAVIAR, Siren,
Natarajan) fall between 0.2 and 0.8, so 0.5 and 0.25 separate the clearly centralised from
the clearly flat. Clustering 0.3 is where "contacts of a contact know each other" becomes the
rule rather than the exception (random sparse graphs have ~0; dense cells 0.5+). The 3-core
(everyone with at least three contacts inside it) is the redundant core that survives an
arrest. "Top hubs" are the members with at least twice the mean degree (and at least 3
contacts), at most 10 % of the members and at least the single best connected one.

Below ``MIN_MEMBERS`` members these figures say little (one arrest changes all of them): the
verdict is then "too small to call", with the figures and no advice.

Small networks are judged with networkx (the reference); above ``LARGE_GRAPH`` members the
same figures come from igraph on the case's :class:`~casegraph.analysis.arrays.Projection`.
A cluster's verdict is worked out when it is asked for (:func:`cluster_verdict`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from casegraph.analysis.arrays import Projection, project_arrays, subgraph
from casegraph.analysis.centrality import Engine, resolve_engine
from casegraph.analysis.communities import SEED, find_clusters

HUB_AND_SPOKE = "hub-and-spoke"
NETWORKED = "highly networked"
MIXED = "mixed"
TOO_SMALL = "too small to call"
# Fewer members than this and the verdict is TOO_SMALL (figures shown, no advice).
MIN_MEMBERS = 10
# Clusters of at least this many members are judged by structure_verdict(clusters=True).
CLUSTER_MIN = 4


@dataclass
class StructureVerdict:
    """Verdict for a network or one of its clusters.

    ``numbers`` holds every figure the verdict rests on; ``signals`` says which of them point
    to hub-and-spoke (``"hub"``) or networked (``"networked"``) structure.
    """

    label: str
    explanation: str
    numbers: dict[str, float]
    signals: dict[str, str]
    hubs: list
    articulation_points: list
    bridges: list[tuple]
    clusters: dict[int, StructureVerdict] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-safe when node ids are)."""
        data = asdict(self)
        data["bridges"] = [list(b) for b in self.bridges]
        data["clusters"] = {str(k): v.to_dict() for k, v in self.clusters.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StructureVerdict:
        return cls(data["label"], data["explanation"], dict(data["numbers"]),
                   dict(data["signals"]), list(data["hubs"]),
                   list(data["articulation_points"]), [tuple(b) for b in data["bridges"]],
                   {int(k): cls.from_dict(v) for k, v in data.get("clusters", {}).items()})


def degree_centralisation(G: nx.Graph) -> float:
    """Freeman degree centralisation of an undirected graph, 0 (all equal) .. 1 (a star).

    Sum over nodes of (max degree - degree), divided by its largest possible value for n
    nodes, (n - 1)(n - 2), which a star attains. Graphs of fewer than 3 nodes give 0.

    Examples
    --------
    >>> degree_centralisation(nx.star_graph(5)), degree_centralisation(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    return centralisation_of([d for _, d in G.degree()])


def centralisation_of(degrees: Any) -> float:
    """:func:`degree_centralisation` from a sequence of degrees."""
    n = len(degrees)
    if n < 3:
        return 0.0
    degrees = np.asarray(degrees, dtype=np.int64)
    return float((int(degrees.max()) * n - int(degrees.sum())) / ((n - 1) * (n - 2)))


def structure_verdict(G: Any, communities: dict[Any, int] | None = None, *,
                      clusters: bool = True, seed: int = SEED, engine: Engine = "auto"
                      ) -> StructureVerdict:
    """Classify a network, and each of its clusters, as hub-and-spoke, networked or mixed.

    Parameters
    ----------
    G : networkx graph or Projection
        Treated as undirected; parallel links collapsed.
    communities : dict, optional
        node -> cluster (``analyse(case).communities``); computed if omitted.
    clusters : bool
        Also judge each cluster of ``CLUSTER_MIN`` or more members (``verdict.clusters``).
    engine : {"auto", "networkx", "igraph"}
        networkx (reference) or igraph; "auto" uses igraph above ``LARGE_GRAPH`` members.

    Examples
    --------
    >>> structure_verdict(nx.star_graph(10), clusters=False).label
    'hub-and-spoke'
    >>> structure_verdict(nx.complete_graph(12), clusters=False).label
    'highly networked'
    >>> structure_verdict(nx.path_graph(3), clusters=False).label
    'too small to call'
    """
    p = G if isinstance(G, Projection) else project_arrays(G, directed=False)
    use_networkx = resolve_engine(p.nodes, engine) == "networkx"
    verdict = judge(p, use_networkx)
    if clusters and p.n:
        if communities is None:
            communities, _, _ = find_clusters(as_networkx(p), seed=seed, engine=engine)
        labels = np.array([communities[node] for node in p.nodes], dtype=np.int64)
        sizes = np.bincount(labels)
        for k in np.flatnonzero(sizes >= CLUSTER_MIN).tolist():
            verdict.clusters[k] = judge(subgraph(p, np.flatnonzero(labels == k)),
                                        use_networkx)
    return verdict


def cluster_verdict(source: Any, cluster_id: int, *, communities: dict | None = None,
                    graph: Any = None, engine: Engine = "auto", seed: int = SEED
                    ) -> StructureVerdict:
    """The verdict of one cluster, worked out when it is asked for.

    Parameters
    ----------
    source : CaseAnalysis, Projection, Case or networkx graph
        An analysis (its clusters and, while in memory, its projection) or a graph.
    graph : Case or networkx graph, optional
        The analysed graph, for an analysis restored by ``CaseAnalysis.from_dict`` (which
        does not keep its projection).
    cluster_id : int
        Cluster number (0 = largest), as in ``analysis.communities``.
    communities : dict, optional
        node -> cluster for a graph source; computed with the analysis' seed if omitted.
    engine : {"auto", "networkx", "igraph"}
        As :func:`structure_verdict` ("auto" follows the size of the whole network).

    Examples
    --------
    >>> G = nx.disjoint_union(nx.star_graph(11), nx.complete_graph(12))
    >>> cluster_verdict(G, 1, communities={n: int(n >= 12) for n in G}).label
    'highly networked'
    """
    p, communities = _projection_and_clusters(source, communities, graph, seed, engine)
    members = np.array([i for i, node in enumerate(p.nodes)
                        if communities.get(node) == cluster_id], dtype=np.int64)
    if len(members) == 0:
        raise KeyError(f"no cluster {cluster_id}")
    return judge(subgraph(p, members), resolve_engine(p.nodes, engine) == "networkx")


def _projection_and_clusters(source: Any, communities: dict | None, graph: Any, seed: int,
                             engine: Engine) -> tuple[Projection, dict]:
    if hasattr(source, "communities") and hasattr(source, "centrality"):  # a CaseAnalysis
        communities = communities if communities is not None else source.communities
        if source.projection is not None:
            return source.projection, communities
        if graph is None:
            raise ValueError("this analysis was restored without its graph: pass graph=")
        source = graph
    graph = source if isinstance(source, (nx.Graph, Projection)) else source.graph
    p = graph if isinstance(graph, Projection) else project_arrays(graph, directed=False)
    if communities is None:
        communities, _, _ = find_clusters(as_networkx(p), seed=seed, engine=engine)
    return p, communities


def as_networkx(p: Projection) -> nx.Graph:
    """The projection as a networkx Graph (same node order, ``weight`` on edges)."""
    H = nx.Graph()
    if p.origin is not None:
        H.add_nodes_from((node, p.origin.nodes[node]) if node in p.origin else (node, {})
                         for node in p.nodes)
    else:
        H.add_nodes_from(p.nodes)
    nodes = p.nodes
    H.add_weighted_edges_from((nodes[a], nodes[b], w) for a, b, w in zip(
        p.source.tolist(), p.target.tolist(), p.weight.tolist(), strict=True))
    return H


# -- the figures, from networkx (reference) or igraph ---------------------------------------

def judge(p: Projection, use_networkx: bool = False) -> StructureVerdict:
    """The verdict on one network (no clusters)."""
    if p.n == 0:
        return StructureVerdict(TOO_SMALL, "Too small to call: the network has no members.",
                                {"members": 0, "links": 0}, {}, [], [], [])
    figures = _figures_networkx(as_networkx(p)) if use_networkx else _figures_igraph(p)
    numbers, hubs, cut_points, bridges, top_is_cut = figures
    if numbers["members"] < MIN_MEMBERS:
        label, signals = TOO_SMALL, {}
    else:
        signals = _signals(numbers, top_is_cut)
        label = _label(signals)
    text = _explain(label, numbers, [p.label(h) for h in hubs],
                    [p.label(v) for v in cut_points])
    return StructureVerdict(label, text, numbers, signals, hubs, cut_points, bridges)


def _figures_networkx(H: nx.Graph) -> tuple[dict, list, list, list, bool]:
    n, m = H.number_of_nodes(), H.number_of_edges()
    order = {node: i for i, node in enumerate(H)}
    degrees = dict(H.degree())
    mean_degree = 2 * m / n
    ranked = sorted(H, key=lambda v: (-degrees[v], order[v]))
    cap = max(1, math.ceil(0.1 * n))
    hubs = [v for v in ranked[:cap] if degrees[v] >= max(3, 2 * mean_degree)] or ranked[:1]
    reach = set(hubs).union(*(H.adj[h] for h in hubs))
    rest = H.copy()
    rest.remove_nodes_from(hubs)
    lcc_without = max((len(c) for c in nx.connected_components(rest)), default=0)
    core = nx.core_number(H)
    cut_points = sorted(nx.articulation_points(H), key=order.__getitem__)
    bridges = sorted((tuple(sorted(e, key=order.__getitem__)) for e in nx.bridges(H)),
                     key=lambda e: (order[e[0]], order[e[1]]))
    numbers = _numbers(n, m, degree_centralisation(H), nx.density(H),
                       nx.average_clustering(H), list(core.values()), len(hubs),
                       len(reach), lcc_without, len(cut_points), len(bridges))
    return numbers, hubs, cut_points, bridges, ranked[0] in set(cut_points)


def _figures_igraph(p: Projection) -> tuple[dict, list, list, list, bool]:
    n, m, g = p.n, p.m, p.graph
    degree = p.degree
    ranked = np.lexsort((np.arange(n), -degree))
    cap = max(1, math.ceil(0.1 * n))
    hubs = [int(v) for v in ranked[:cap] if degree[v] >= max(3, 4 * m / n)] or [int(ranked[0])]
    near = np.zeros(n, dtype=bool)
    near[hubs] = True
    near[p.adjacency[hubs].indices] = True
    keep = np.ones(n, dtype=bool)
    keep[hubs] = False
    rest = g.induced_subgraph(np.flatnonzero(keep).tolist())
    lcc_without = max(rest.connected_components().sizes(), default=0)
    cut = sorted(g.articulation_points())
    bridge_ids = sorted(g.bridges())
    local = g.transitivity_local_undirected(mode="zero")
    density = 2 * m / (n * (n - 1)) if n > 1 else 0.0
    numbers = _numbers(n, m, centralisation_of(degree), density, sum(local) / n,
                       g.coreness(), len(hubs), int(near.sum()), lcc_without, len(cut),
                       len(bridge_ids))
    nodes = p.nodes
    bridges = [(nodes[a], nodes[b]) for a, b in zip(p.source[bridge_ids].tolist(),
                                                     p.target[bridge_ids].tolist(), strict=True)]
    return (numbers, [nodes[h] for h in hubs], [nodes[v] for v in cut], bridges,
            int(ranked[0]) in set(cut))


def _numbers(n: int, m: int, centralisation: float, density: float, clustering: float,
             core: list, hubs: int, reach: int, lcc_without: int, cut_points: int,
             bridges: int) -> dict[str, float]:
    return {
        "members": n,
        "links": m,
        "centralisation": float(centralisation),
        "density": float(density),
        "clustering": float(clustering),
        "max_core": int(max(core)),
        "core3_share": sum(1 for c in core if c >= 3) / n,
        "hubs": hubs,
        "hub_reach": reach / n,
        "lcc_without_hubs": lcc_without / n,
        "articulation_points": cut_points,
        "bridges": bridges,
        "bridge_share": bridges / m if m else 0.0,
    }


def _signals(x: dict[str, float], top_hub_is_cut: bool) -> dict[str, str]:
    signals: dict[str, str] = {}

    def vote(name: str, hub: bool, networked: bool) -> None:
        if hub:
            signals[name] = "hub"
        elif networked:
            signals[name] = "networked"

    vote("centralisation", x["centralisation"] >= 0.5, x["centralisation"] <= 0.25)
    vote("hub_reach", x["hub_reach"] >= 0.7, False)
    vote("lcc_without_hubs", x["lcc_without_hubs"] <= 0.5, x["lcc_without_hubs"] >= 0.8)
    vote("clustering", x["clustering"] <= 0.1, x["clustering"] >= 0.3 or x["density"] >= 0.3)
    vote("core3_share", False, x["core3_share"] >= 0.3)
    vote("articulation_points", top_hub_is_cut, False)
    vote("bridges", False, x["bridge_share"] <= 0.05)
    return signals


def _label(signals: dict[str, str]) -> str:
    hub_votes = sum(1 for s in signals.values() if s == "hub")
    net_votes = sum(1 for s in signals.values() if s == "networked")
    if hub_votes >= 3 and net_votes <= 1:
        return HUB_AND_SPOKE
    if net_votes >= 3 and hub_votes <= 1:
        return NETWORKED
    return MIXED


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _explain(label: str, x: dict[str, float], hub_names: list[str],
             cut_names: list[str]) -> str:
    hubs = ", ".join(hub_names[:5]) + (" ..." if len(hub_names) > 5 else "")
    facts = (
        f"Degree centralisation is {x['centralisation']:.2f} (a pure star is 1, everyone "
        f"equal is 0). The top {x['hubs']} hub(s) ({hubs}) are in direct contact with "
        f"{_pct(x['hub_reach'])} of the {x['members']} members; without them the largest "
        f"connected group holds {_pct(x['lcc_without_hubs'])} of the members. Average "
        f"clustering is {x['clustering']:.2f} and density {x['density']:.2f}; "
        f"{_pct(x['core3_share'])} of members sit in a core where everyone has at least "
        f"three contacts inside it. {x['articulation_points']} member(s) are single points "
        f"of failure (articulation points) and {x['bridges']} link(s) have no backup route "
        f"(bridges, {_pct(x['bridge_share'])} of links)."
    )
    if label == TOO_SMALL:
        action = (f"Too small to call: with {x['members']} members and {x['links']} linked "
                  f"pairs these figures change with every single contact, so they say "
                  f"little about how the ring is organised (the verdict needs at least "
                  f"{MIN_MEMBERS} members).")
    elif label == HUB_AND_SPOKE:
        action = ("Hub-and-spoke: the ring depends on a few people. Removing the hubs "
                  f"({hubs}) is likely to break it apart; expect a lieutenant to try "
                  "to take over, so watch the next-ranked members.")
    elif label == NETWORKED:
        action = ("Highly networked: contacts overlap, so the ring can absorb single arrests "
                  "and re-route. Act against many members at once (the core), rather than "
                  "one hub at a time.")
    else:
        points = ", ".join(cut_names[:5]) or "none"
        action = ("Mixed: some signs of dependence on hubs and some of redundancy, e.g. a "
                  "networked core with hub-and-spoke cells. Combine a simultaneous action "
                  "against the core with the removal of the hubs and single points of "
                  f"failure (articulation points: {points}).")
    return f"{action} {facts}"
