"""What the briefing says of a case (casegraph.briefing), on a line of five whose answers
can be worked out by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from casegraph.analysis import analyse
from casegraph.briefing import (
    TARGETS_LIMIT,
    cluster_rows,
    recommended_targets,
    structure_sentence,
    top_hubs,
)
from casegraph.model import Case
from casegraph.picture import community_colour


def line() -> Case:
    """Ash - b - Cy - d - Eve: people with an account between each two."""
    case = Case(name="line", directed=False)
    for node, kind, label in [("a", "person", "Ash"), ("b", "account", "b_online"),
                              ("c", "person", "Cy"), ("d", "account", "d_online"),
                              ("e", "person", "Eve")]:
        case.add_entity(node, kind, label)
    for u, v in ["ab", "bc", "cd", "de"]:
        case.add_link(u, v, "call")
    return case


def test_targets_in_arrest_order_until_nothing_is_left_to_split():
    # of the 20 ordered pairs of five members, Cy's arrest leaves 4 connected (a-b, d-e);
    # then any end of a pair leaves 2, and the last pair's other end leaves none
    targets = recommended_targets(line())
    assert [(t["id"], t["label"], t["type"]) for t in targets] == [
        ("c", "Cy", "person"), ("a", "Ash", "person"), ("d", "d_online", "account")]
    assert [t["fragmentation"] for t in targets] == [0.8, 0.9, 1.0]
    assert [t["lcc_share"] for t in targets] == [0.4, 0.4, 0.2]


def test_no_targets_for_too_few_or_too_many():
    small = Case()
    for node in "ab":
        small.add_entity(node, "person", node)
    small.add_link("a", "b", "call")
    assert recommended_targets(small) == []
    big = Case()
    for i in range(TARGETS_LIMIT + 1):
        big.add_entity(f"n{i}", "person", f"N{i}")
    assert recommended_targets(big) == []


def test_top_hubs_by_rank_then_id():
    case = line()
    analysis = analyse(case)
    assert [(h["id"], h["rank"], h["value"]) for h in top_hubs(case, analysis, "degree", 3)] \
        == [("b", 1, 2.0), ("c", 1, 2.0), ("d", 1, 2.0)]
    middle = top_hubs(case, analysis, "betweenness", 1)[0]
    # Cy sits on the paths of 4 of the 6 pairs of the other four (normalised: 4 / 6)
    assert (middle["id"], middle["label"], middle["type"], middle["role"], middle["rank"]) == (
        "c", "Cy", "person", "", 1)
    assert round(middle["value"], 6) == round(4 / 6, 6)
    assert middle["cluster"] == analysis.communities["c"]
    assert top_hubs(case, analysis, "no such measure") == []


def test_cluster_rows_name_each_cluster_by_its_best_connected_members():
    case = line()
    analysis = SimpleNamespace(
        communities={"a": 0, "b": 0, "c": 0, "d": 1, "e": 1},
        centrality=pd.DataFrame({"degree": [1, 2, 2, 2, 1]}, index=list("abcde")))
    assert cluster_rows(case, analysis) == [
        {"number": 1, "size": 3, "colour": community_colour(0), "mostly": "people",
         "key": ["b_online", "Cy", "Ash"]},
        {"number": 2, "size": 2, "colour": community_colour(1), "mostly": "people",
         "key": ["d_online", "Eve"]}]
    assert len(cluster_rows(case, analysis, k=1)) == 1


def test_the_verdict_in_a_sentence_and_its_figures():
    case = line()
    verdict = structure_sentence(case, analyse(case))
    assert verdict["label"] == "too small to call"
    assert verdict["sentence"].startswith("Too small to call: with 5 members and 4 linked pairs")
    assert verdict["sentence"].endswith("(the verdict needs at least 10 members).")
    assert verdict["detail"].startswith("Degree centralisation is 0.17 ")
    assert structure_sentence(case, SimpleNamespace(verdict=None)) is None
    lone = Case()
    lone.add_entity("a", "person", "A")
    assert structure_sentence(lone, analyse(lone)) is None  # no links: nothing to judge
