"""What a command briefing says of a case, as plain data: the structure verdict in a
sentence, the top hubs, the recommended targets in arrest order and the largest clusters.

The briefing (components/briefing.py) and the summary cards (components/summary.py) lay
these out; each function takes the case (or the people network drawn as a case) first.

>>> import networkx as nx
>>> from casegraph.analysis import analyse
>>> from casegraph.model import Case
>>> case = Case(graph=nx.MultiDiGraph([("hub", n) for n in "abcd"]))
>>> [(h["id"], h["rank"], h["value"]) for h in top_hubs(case, analyse(case), "degree", 2)]
[('hub', 1, 4.0), ('a', 2, 1.0)]
"""

from __future__ import annotations

from typing import Any

from casegraph.model import Case, entity_types
from casegraph.picture import community_colour

TOP_HUBS = 6
TOP_CLUSTERS = 5
TARGETS = 5
# Above these sizes the verdict and the greedy target search take more than a moment;
# the briefing then leaves them out rather than keep command staff waiting.
VERDICT_LIMIT = 5_000
TARGETS_LIMIT = 2_000


def structure_sentence(case: Case, analysis: Any) -> dict[str, str] | None:
    """``{"label", "sentence", "detail"}`` of the structure verdict (``detail``: the
    figures behind it, from "Degree centralisation is ..."), or None when the analysis has
    no verdict, the case has no links or it is too large to judge quickly."""
    if case.graph.number_of_nodes() > VERDICT_LIMIT or case.graph.number_of_edges() == 0:
        return None
    verdict = getattr(analysis, "verdict", None)
    if verdict is None:
        return None
    text = verdict.explanation
    head, sep, rest = text.partition(" Degree centralisation is ")
    return {"label": verdict.label, "sentence": head.strip(),
            "detail": ("Degree centralisation is " + rest) if sep else ""}


def recommended_targets(case: Case, k: int = TARGETS) -> list[dict[str, Any]]:
    """The greedy key-player set (``casegraph.analysis.disruption.key_players``), in order:
    ``id``, ``label``, ``type``, ``fragmentation`` (share of pairs cut apart) and
    ``lcc_share`` (largest group left) after each arrest. The list stops where one more
    arrest would split nothing, and is empty for fewer than 3 or more than
    :data:`TARGETS_LIMIT` entities."""
    from casegraph.analysis.disruption import key_players

    n = case.graph.number_of_nodes()
    if n < 3 or n > TARGETS_LIMIT:
        return []
    out = []
    for pick in key_players(case.graph, k):
        if pick.gain <= 0:
            break  # nothing left to split: more arrests would not change the picture
        data = case.graph.nodes[pick.node]
        out.append({"id": str(pick.node), "label": str(data.get("label", pick.node)),
                    "type": data.get("type", "other"),
                    "fragmentation": pick.fragmentation, "lcc_share": pick.lcc_share})
    return out


def top_hubs(case: Case, analysis: Any, measure: str, k: int = TOP_HUBS) -> list[dict]:
    """The top ``k`` entities by ``measure`` (rank, then id): ``id``, ``label``, ``type``,
    ``role``, ``rank``, ``value`` and ``cluster``; empty for a measure the analysis lacks."""
    table = analysis.centrality
    if table.empty or measure not in table.columns:
        return []
    rank = f"rank_{measure}"
    ranks = table[rank].to_dict()  # one lookup per row through the frame took a second at 5k
    order = sorted(table.index, key=lambda n: (int(ranks[n]), str(n)))[:k]
    out = []
    for node in order:
        data = case.graph.nodes[node] if node in case.graph else {}
        out.append({"id": str(node), "label": str(data.get("label", node)),
                    "type": data.get("type", "other"), "role": str(data.get("role") or ""),
                    "rank": int(table.at[node, rank]), "value": float(table.at[node, measure]),
                    "cluster": int(analysis.communities.get(node, -1))})
    return out


def cluster_rows(case: Case, analysis: Any, k: int = TOP_CLUSTERS) -> list[dict[str, Any]]:
    """The first ``k`` clusters (largest first): ``number`` (from 1), ``size``, ``colour``
    (as the diagram paints it), ``mostly`` (the commonest entity type, plural) and ``key``
    (the labels of its three best-connected members)."""
    members: dict[int, list] = {}
    for node, c in analysis.communities.items():
        members.setdefault(int(c), []).append(node)
    degree = analysis.centrality["degree"] if "degree" in analysis.centrality else None
    types = entity_types()
    rows = []
    for c in sorted(members)[:k]:
        nodes = sorted(members[c], key=lambda n: (-(float(degree[n]) if degree is not None
                                                     else 0.0), str(n)))
        counts: dict[str, int] = {}
        for n in nodes:
            t = case.graph.nodes[n].get("type", "other")
            counts[t] = counts.get(t, 0) + 1
        main = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        rows.append({"number": c + 1, "size": len(nodes), "colour": community_colour(c),
                     "mostly": types.get(main, {}).get("plural", main).lower(),
                     "key": [str(case.graph.nodes[n].get("label", n)) for n in nodes[:3]]})
    return rows
