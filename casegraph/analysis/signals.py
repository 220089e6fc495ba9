"""Weak signals in posts: drug slang and emoji codes found in what accounts publish.

A single slang word proves nothing: most DEA code words are ordinary words ("snow",
"candy"), and every emoji code has innocent uses. So each hit is weighed by how ordinary the
term is (see :mod:`casegraph.lexicon`) and the score rewards several *different* terms far
more than one word said many times.

Score of a text, or of everything an account posted (the same formula on pooled hits):

1. each matched term ``t`` with ``n`` hits contributes ``w_t * (1 + 0.5 * log2(n))``:
   twice counts 1.5 times, four times 2 times (diminishing returns for repetition);
2. an emoji beside a word it pictures (❄️ next to "snow", 🍬 next to "sweets") is one
   signal, not two: the pair counts as its larger contribution;
3. the score is the sum over the distinct terms (or pairs).

Weights: unambiguous slang 1.0 ("yayo", "kush"), emoji codes as written in their file
(0.25-0.75), everyday words 0.25 ("snow", "white"). A post is flagged when its score
reaches ``FLAG_THRESHOLD`` (1.0): one unambiguous slang term, two emoji codes, an emoji
code with two everyday terms, or four everyday terms.

Worked example: "❄️ fresh snow just landed ❄️ DM for the menu 🔌" has ❄️ twice
(0.5 * 1.5 = 0.75), "snow" once (0.25, pictured by ❄️, so the pair counts 0.75) and 🔌
once (0.5): score 1.25, flagged. "Sledging in the snow ❄️ best day ever" has the pair
snow/❄️ (0.5) and "day" (0.25): 0.75, not flagged. An account posting "snow" in 16 posts
scores 0.25 * (1 + 0.5 * 4) = 0.75; one posting "yayo", "kush" and 🔌 once each, 2.5.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import networkx as nx
import pandas as pd

from casegraph.lexicon import Lexicon, Match, load_lexicon, term_key

__all__ = ["FLAG_THRESHOLD", "Match", "account_scores", "highlight", "post_flags",
           "posts", "scan_text", "score_matches"]

FLAG_THRESHOLD = 1.0
REPEAT_FACTOR = 0.5
POST_TYPES = frozenset({"post"})
POST_LINKS = frozenset({"posted"})
OWNER_LINKS = frozenset({"uses", "owns"})


def scan_text(text: str, lexicon: Lexicon | None = None) -> list[Match]:
    """Lexicon terms found in ``text``, left to right.

    >>> [(m.term, m.category) for m in scan_text("Yayo, not a price on ice")]
    [('yayo', 'Cocaine'), ('ice', 'Crack Cocaine / Methamphetamine')]
    """
    return (lexicon if lexicon is not None else _seed()).scan(text or "")


def highlight(text: str, matches: Iterable[Match]) -> list[dict[str, Any]]:
    """Split ``text`` into segments for display: plain ones have ``term`` None.

    Each segment is ``{"text", "term", "category", "kind"}``; joining the texts gives back
    the original.

    >>> [s["text"] for s in highlight("fresh snow in", scan_text("fresh snow in"))]
    ['fresh ', 'snow', ' in']
    """
    segments: list[dict[str, Any]] = []
    pos = 0
    for m in sorted(matches, key=lambda m: m.start):
        if m.start < pos:
            continue
        if m.start > pos:
            segments.append(_segment(text[pos:m.start]))
        segments.append(_segment(text[m.start:m.end], m))
        pos = m.end
    if pos < len(text):
        segments.append(_segment(text[pos:]))
    return segments


def _segment(text: str, match: Match | None = None) -> dict[str, Any]:
    if match is None:
        return {"text": text, "term": None, "category": None, "kind": None}
    return {"text": text, "term": match.term, "category": match.category, "kind": match.kind}


def score_matches(matches: Iterable[Match], lexicon: Lexicon | None = None) -> float:
    """Score of a set of hits (one post, or all of an account's posts); see the module doc.

    >>> round(score_matches(scan_text("❄️ fresh snow just landed ❄️ DM for the menu 🔌")), 2)
    1.25
    >>> round(score_matches(scan_text("snow " * 16)), 2)
    0.75
    """
    lexicon = lexicon if lexicon is not None else _seed()
    counts: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for m in matches:
        key = term_key(m.term)
        counts[key] += 1
        weight[key] = m.weight
    value = {k: weight[k] * (1 + REPEAT_FACTOR * math.log2(n)) for k, n in counts.items()}
    # an emoji takes over the contribution of the everyday words it pictures
    for key in list(value):
        term = lexicon.terms.get(key)
        if term is None or not term.depicts:
            continue
        for word in term.depicts:
            if word in value and word != key and lexicon.terms[word].kind == "everyday":
                value[key] = max(value[key], value.pop(word))
    return float(sum(value.values()))


# -- the case -------------------------------------------------------------------------------
def posts(case: Any) -> pd.DataFrame:
    """Post nodes of a case with the node that posted them.

    Columns ``post``, ``author`` (the account or person linked by ``posted``; None when
    no one), ``time`` (the post's, else the posting link's) and ``text`` (``text``, else
    ``label``).
    """
    graph = case if isinstance(case, nx.Graph) else case.graph
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("type") not in POST_TYPES:
            continue
        author, time = None, data.get("time")
        for src, _, link in graph.in_edges(node, data=True):
            if link.get("type") in POST_LINKS:
                author, time = src, time or link.get("time")
                break
        text = data.get("text")
        if not isinstance(text, str) or not text:
            text = str(data.get("label") or "")
        rows.append({"post": node, "author": author, "time": _clean(time), "text": text})
    return pd.DataFrame(rows, columns=["post", "author", "time", "text"])


def _clean(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def post_flags(case: Any, lexicon: Lexicon | None = None,
               threshold: float = FLAG_THRESHOLD) -> pd.DataFrame:
    """Every post with its matched terms, score and whether it is flagged.

    Returns
    -------
    pandas.DataFrame
        Columns ``post``, ``account`` (who posted it), ``time``, ``text``, ``terms`` (list of
        distinct matched terms, in order of appearance), ``categories`` (list), ``hits``,
        ``score`` and ``flagged`` (score >= threshold). Highest score first, then by time.
        ``attrs["matches"]`` maps post id to its :class:`Match` list (for :func:`highlight`).

    Examples
    --------
    >>> from casegraph.model import Case
    >>> case = Case()
    >>> _ = case.add_entity("a1", "account", "seller")
    >>> _ = case.add_entity("p1", "post", "p1", text="kush and dank 🌿")
    >>> _ = case.add_link("a1", "p1", "posted")
    >>> row = post_flags(case).iloc[0]
    >>> row["terms"], float(row["score"]), bool(row["flagged"])
    (['kush', 'dank', '🌿'], 2.5, True)
    """
    lexicon = lexicon if lexicon is not None else _seed()
    table = posts(case)
    found = {p: lexicon.scan(t) for p, t in zip(table["post"], table["text"], strict=True)}
    table = table.rename(columns={"author": "account"})
    table["terms"] = [list(dict.fromkeys(m.term for m in found[p])) for p in table["post"]]
    table["categories"] = [sorted({m.category for m in found[p]}) for p in table["post"]]
    table["hits"] = [len(found[p]) for p in table["post"]]
    table["score"] = [round(score_matches(found[p], lexicon), 4) for p in table["post"]]
    table["flagged"] = table["score"] >= threshold
    table = table.sort_values(["score", "time", "post"], ascending=[False, True, True],
                              na_position="last", kind="stable").reset_index(drop=True)
    table.attrs["matches"] = found
    table.attrs["threshold"] = threshold
    return table


def account_scores(case: Any, lexicon: Lexicon | None = None,
                   threshold: float = FLAG_THRESHOLD, owners: bool = True) -> pd.DataFrame:
    """Per-author signal scores: every node that posted, and (``owners``) the people using
    those accounts.

    The score pools all of an author's hits and applies :func:`score_matches`: several
    different terms add up, one term repeated grows only with the log of its count.

    Returns
    -------
    pandas.DataFrame
        Index = node id; columns ``type``, ``label``, ``posts``, ``flagged_posts``,
        ``distinct_terms``, ``hits``, ``score``, ``top_terms`` (up to 5, most hits first)
        and ``via`` ("posts": the node posted them; "accounts": a person, pooled over the
        accounts linked to them by ``uses``). Highest score first. Nodes without posts are
        absent (score them 0 when sizing the diagram).

    Examples
    --------
    >>> from casegraph.model import Case
    >>> case = Case()
    >>> _ = case.add_entity("a1", "account", "seller")
    >>> for i, text in enumerate(["kush 🌿", "dank kush", "snow day"]):
    ...     _ = case.add_entity(f"p{i}", "post", f"p{i}", text=text)
    ...     _ = case.add_link("a1", f"p{i}", "posted")
    >>> row = account_scores(case).loc["a1"]
    >>> [float(row[c]) for c in ("posts", "flagged_posts", "distinct_terms", "score")]
    [3.0, 2.0, 5.0, 3.5]
    """
    lexicon = lexicon if lexicon is not None else _seed()
    graph = case if isinstance(case, nx.Graph) else case.graph
    flags = post_flags(case, lexicon, threshold)
    found = flags.attrs["matches"]
    by_author: dict[Any, list[str]] = defaultdict(list)
    for post, author in zip(flags["post"], flags["account"], strict=True):
        if author is not None:
            by_author[author].append(post)
    groups: dict[Any, tuple[list[str], str]] = {a: (p, "posts") for a, p in by_author.items()}
    if owners:
        pooled: dict[Any, list[str]] = defaultdict(list)
        for author, post_ids in by_author.items():
            for src, _, link in graph.in_edges(author, data=True):
                if link.get("type") in OWNER_LINKS and src not in by_author:
                    pooled[src].extend(p for p in post_ids if p not in pooled[src])
        groups.update({o: (p, "accounts") for o, p in pooled.items()})
    flagged = dict(zip(flags["post"], flags["flagged"], strict=True))
    rows = []
    for node, (post_ids, via) in groups.items():
        hits = [m for p in post_ids for m in found[p]]
        counts = Counter(m.term for m in hits)
        data = graph.nodes[node]
        rows.append({
            "node": node, "type": data.get("type"), "label": data.get("label", node),
            "posts": len(post_ids), "flagged_posts": sum(bool(flagged[p]) for p in post_ids),
            "distinct_terms": len(counts), "hits": len(hits),
            "score": round(score_matches(hits, lexicon), 4),
            "top_terms": [t for t, _ in counts.most_common(5)], "via": via,
        })
    columns = ["node", "type", "label", "posts", "flagged_posts", "distinct_terms", "hits",
               "score", "top_terms", "via"]
    table = pd.DataFrame(rows, columns=columns).set_index("node")
    table.index.name = None
    return table.sort_values(["score", "flagged_posts"], ascending=False, kind="stable")


@lru_cache(maxsize=1)
def _seed() -> Lexicon:
    # the shipped lexicon, read once and never extended here; callers wanting their own
    # terms build a Lexicon (load_lexicon + extend) and pass it in
    return load_lexicon()
