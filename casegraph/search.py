"""Finding the entity a search text names (the search box of the page).

Exact id, label or identity key (a phone, email or handle typed any usual way) first, then
labels that start with or contain the text, then the closest label by fuzzy match; among
several, the most connected entity.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from casegraph.model import Case, identity_key, normalise_text


def find_node(case: Case, query: str) -> str | None:
    """The entity a search text names: exact id, label or identity key first, then the
    best label that contains the text, then the closest label by fuzzy match.

    >>> c = Case(); _ = c.add_entity("p1", "person", "Vito Example")
    >>> _ = c.add_entity(None, "phone", "07700 900123")
    >>> find_node(c, "vito"), find_node(c, "+44 7700 900123")
    ('p1', 'phone:+447700900123')
    """
    text = str(query or "").strip()
    if not text:
        return None
    graph = case.graph
    if text in graph:
        return text
    wanted = normalise_text(text)
    labels = {n: normalise_text(d.get("label", n)) for n, d in graph.nodes(data=True)}
    exact = [n for n, label in labels.items() if label == wanted]
    if exact:
        return _most_connected(case, exact)
    for kind in ("phone", "email", "account"):
        key = identity_key(kind, {"label": text})
        if key and case.find_by_key(key):
            return case.find_by_key(key)
    keys = {n: str(d.get("key", "")).lower() for n, d in graph.nodes(data=True)}
    starts = [n for n, label in labels.items() if label.startswith(wanted)]
    if starts:
        return _most_connected(case, starts)
    contains = [n for n in graph if wanted and (wanted in labels[n] or text.lower() in keys[n])]
    if contains:
        return _most_connected(case, contains)
    best = process.extractOne(wanted, labels, scorer=fuzz.WRatio, score_cutoff=80)
    return best[2] if best else None


def _most_connected(case: Case, nodes: list[str]) -> str:
    return max(nodes, key=lambda n: (case.graph.degree(n), -len(str(n)), str(n)))
