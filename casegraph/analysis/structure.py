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
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from casegraph.analysis import degree_centralisation
from casegraph.analysis.communities import SEED, louvain
from casegraph.analysis.disruption import undirected

HUB_AND_SPOKE = "hub-and-spoke"
NETWORKED = "highly networked"
MIXED = "mixed"


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


def structure_verdict(G: nx.Graph, communities: dict[Any, int] | None = None, *,
                      clusters: bool = True, seed: int = SEED) -> StructureVerdict:
    """Classify a network, and each of its clusters, as hub-and-spoke, networked or mixed.

    Parameters
    ----------
    G : networkx graph
        Treated as undirected; parallel links collapsed.
    communities : dict, optional
        node -> cluster (``analyse(case).communities``); computed with Louvain if omitted.
    clusters : bool
        Also judge each cluster of 4 or more members (``verdict.clusters``).

    Examples
    --------
    >>> structure_verdict(nx.star_graph(10), clusters=False).label
    'hub-and-spoke'
    >>> structure_verdict(nx.complete_graph(8), clusters=False).label
    'highly networked'
    """
    H = undirected(G)
    verdict = _judge(H)
    if clusters and H.number_of_nodes():
        if communities is None:
            communities, _, _ = louvain(H, seed=seed)
        groups: dict[int, list] = {}
        for node in H:
            groups.setdefault(communities[node], []).append(node)
        for k in sorted(groups):
            if len(groups[k]) >= 4:
                verdict.clusters[k] = _judge(H.subgraph(groups[k]).copy())
    return verdict


def _judge(H: nx.Graph) -> StructureVerdict:
    n, m = H.number_of_nodes(), H.number_of_edges()
    if n < 3 or m == 0:
        return StructureVerdict(MIXED, f"Too small to judge ({n} members, {m} links).",
                                {"members": n, "links": m}, {}, [], [], [])
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
    numbers = {
        "members": n,
        "links": m,
        "centralisation": degree_centralisation(H),
        "density": nx.density(H),
        "clustering": nx.average_clustering(H),
        "max_core": max(core.values()),
        "core3_share": sum(1 for c in core.values() if c >= 3) / n,
        "hubs": len(hubs),
        "hub_reach": len(reach) / n,
        "lcc_without_hubs": lcc_without / n,
        "articulation_points": len(cut_points),
        "bridges": len(bridges),
        "bridge_share": len(bridges) / m,
    }
    signals = _signals(numbers, top_hub_is_cut=ranked[0] in set(cut_points))
    hub_votes = sum(1 for s in signals.values() if s == "hub")
    net_votes = sum(1 for s in signals.values() if s == "networked")
    if hub_votes >= 3 and net_votes <= 1:
        label = HUB_AND_SPOKE
    elif net_votes >= 3 and hub_votes <= 1:
        label = NETWORKED
    else:
        label = MIXED
    text = _explain(label, numbers, hubs, cut_points, H)
    return StructureVerdict(label, text, numbers, signals, hubs, cut_points, bridges)


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


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _explain(label: str, x: dict[str, float], hubs: list, cut_points: list,
             H: nx.Graph) -> str:
    def name(v: Any) -> str:
        return str(H.nodes[v].get("label", v))

    hub_names = ", ".join(name(h) for h in hubs[:5]) + (" ..." if len(hubs) > 5 else "")
    facts = (
        f"Degree centralisation is {x['centralisation']:.2f} (a pure star is 1, everyone "
        f"equal is 0). The top {x['hubs']} hub(s) ({hub_names}) are in direct contact with "
        f"{_pct(x['hub_reach'])} of the {x['members']} members; without them the largest "
        f"connected group holds {_pct(x['lcc_without_hubs'])} of the members. Average "
        f"clustering is {x['clustering']:.2f} and density {x['density']:.2f}; "
        f"{_pct(x['core3_share'])} of members sit in a core where everyone has at least "
        f"three contacts inside it. {x['articulation_points']} member(s) are single points "
        f"of failure (articulation points) and {x['bridges']} link(s) have no backup route "
        f"(bridges, {_pct(x['bridge_share'])} of links)."
    )
    if label == HUB_AND_SPOKE:
        action = ("Hub-and-spoke: the ring depends on a few people. Removing the hubs "
                  f"({hub_names}) is likely to break it apart; expect a lieutenant to try "
                  "to take over, so watch the next-ranked members.")
    elif label == NETWORKED:
        action = ("Highly networked: contacts overlap, so the ring can absorb single arrests "
                  "and re-route. Act against many members at once (the core), rather than "
                  "one hub at a time.")
    else:
        points = ", ".join(name(v) for v in cut_points[:5]) or "none"
        action = ("Mixed: some signs of dependence on hubs and some of redundancy, e.g. a "
                  "networked core with hub-and-spoke cells. Combine a simultaneous action "
                  "against the core with the removal of the hubs and single points of "
                  f"failure (articulation points: {points}).")
    return f"{action} {facts}"
