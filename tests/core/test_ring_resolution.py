"""A bulk expansion of the fictional ring with the records provider: one node per person (the
records' ground truth, data/records/case_truth.csv, says who is who), namesakes and near-names
held back as suggestions, and the people network that results."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from casegraph.analysis.people import people_network
from casegraph.enrichment.base import LookupContext
from casegraph.enrichment.expand import accept_suggestion, expand
from casegraph.enrichment.jobs import bulk_expand
from casegraph.enrichment.providers.records_db import RecordsProvider
from casegraph.samples import DATA_DIR, sample_cases

CTX = LookupContext(user="analyst1", case_number="OP-GRUMBLE-01",
                    purpose="Supply of Class A drugs (fictional test)",
                    now="2024-05-01T10:00:00+00:00")
EXPANDABLE = ("person", "account", "phone", "email")


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    return RecordsProvider(tmp_path_factory.mktemp("records") / "records.sqlite")


@pytest.fixture(scope="module")
def truth() -> dict[str, str]:
    """case node -> the record id of the person really behind it."""
    with (DATA_DIR / "records" / "case_truth.csv").open(encoding="utf-8") as fh:
        return {row["case_node_id"]: row["person_id"] for row in csv.DictReader(fh)}


def _ring():
    return next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()


@pytest.fixture(scope="module")
def expanded(records):
    case = _ring()
    nodes = [n for n, t in case.graph.nodes(data="type") if t in EXPANDABLE]
    return bulk_expand(case, nodes, records, CTX)


def _who(case, truth) -> dict[str, list[str]]:
    """record id -> the person nodes that stand for that person."""
    nodes = defaultdict(list)
    for node, data in case.graph.nodes(data=True):
        if data.get("type") != "person":
            continue
        refs = {data.get("ref"), *(data.get("alternatives") or {}).get("ref", [])} - {None}
        ids = {r.split(":", 1)[1] for r in refs} | ({truth[node]} if node in truth else set())
        assert len(ids) <= 1, (node, ids)      # never two people in one node
        for rid in ids:
            nodes[rid].append(node)
    return nodes


def test_expanding_an_account_whose_person_is_in_the_case_adds_no_duplicate(records, truth):
    case = _ring()
    res = expand(case, "AC001", records, CTX)
    assert "rec:RP000001" not in res.case.graph
    assert res.recognised[0]["existing"] == "P001"
    names = Counter(d["label"] for _, d in res.case.graph.nodes(data=True)
                    if d["type"] == "person")
    assert names["Acorn Brightspoon"] == 1
    # a person looked up by name: the record sharing their phone is them
    res = expand(case, "P001", records, CTX)
    assert res.recognised[0]["existing"] == "P001" and res.new_nodes[:1] != ["rec:RP000001"]
    assert [s for s in res.suggestions if s["existing"] == "P001"] == []


def test_bulk_expansion_leaves_one_node_per_person(expanded, truth):
    case = expanded.case
    assert sum(expanded.statuses.values()) == 188
    assert {rid: nodes for rid, nodes in _who(case, truth).items() if len(nodes) > 1} == {}
    names = Counter(d["label"] for _, d in case.graph.nodes(data=True) if d["type"] == "person")
    assert (names["Clover Jellyfoot"], names["Acorn Brightspoon"]) == (1, 1)
    assert [n for n, c in names.items() if c > 1] == []
    # the people of the case are recognised, each as the record really behind them
    for node in ("P001", "P030", "P016"):
        assert case.graph.nodes[node]["ref"] == f"rec:{truth[node]}"
    recognised = {r["existing"] for r in expanded.recognised}
    ring = _ring().graph
    shown = {n for n in truth if n in ring and ring.nodes[n]["type"] == "person"}
    # P028 has nothing in the case but a name that two records share: offered, not merged
    assert shown - recognised == {"P028"}
    assert {s["node"] for s in expanded.suggestions if s["existing"] == "P028"} == {
        "rec:RP000028", "rec:RP000182"}
    assert {m["how"] for m in case.meta["merges"]} == {"lookup"}


def test_bulk_suggestions_are_held_back_not_drawn(expanded, truth):
    case = expanded.case
    assert expanded.suggestions
    for s in expanded.suggestions:
        assert s["node"] not in case.graph and s["existing"] in case.graph
        assert s["score"] >= 85
    # for the people recognised: namesakes and near-names, never their own record again
    recognised = {r["existing"] for r in expanded.recognised}
    for s in expanded.suggestions:
        if s["existing"] in recognised and s["existing"] in truth:
            assert s["node"] != f"rec:{truth[s['existing']]}"
    # merging one leaves still one node per person
    s = next(s for s in expanded.suggestions if s["existing"] == "P003")
    merged = accept_suggestion(case, s, user="analyst1", reason="test")
    assert s["node"] not in merged.case.graph
    assert merged.case.graph.nodes["P003"]["alternatives"]["ref"] == [s["node"]]


def test_a_second_bulk_expansion_adds_no_one_twice(expanded, records, truth):
    case = expanded.case
    nodes = [n for n, t in case.graph.nodes(data="type") if t in EXPANDABLE]
    again = bulk_expand(case, nodes, records, CTX)
    assert {rid: n for rid, n in _who(again.case, truth).items() if len(n) > 1} == {}


def test_the_expanded_ring_as_people(expanded, truth):
    before = people_network(_ring())
    net = people_network(expanded.case)
    kinds = Counter(a.kind for a in net.actors.values())
    # every account, phone and email now has its holder; no actor mixes two people
    assert kinds == {"person": len(net.actors)}
    for actor in net.actors.values():
        held = [n for t, nodes in actor.members.items() if t != "person" for n in nodes]
        owners = {truth[n] for n in held if n in truth}
        assert len(owners) <= 1, actor
    # cell D's leader, seen only through a work phone before, is now a person
    work_phone = "PH042"
    assert before.actors[before.actor_of[work_phone]].kind == "unattributed"
    holder = net.actor_of[work_phone]
    assert net.actors[holder].kind == "person" and holder.startswith("rec:")
    # numbers a broker also pinned on a relative go to the person really behind them
    assert net.conflicts and all(c["to"] is not None for c in net.conflicts)
    graph = expanded.case.graph
    for c in net.conflicts:
        if c["node"] in truth:
            to = c["to"]
            assert truth.get(to, graph.nodes[to]["ref"][4:]) == truth[c["node"]], c
    # people known only from records, tied to no one, can be left out of the figures
    lean = people_network(expanded.case, isolates=False)
    assert 0 < lean.graph.number_of_nodes() < net.graph.number_of_nodes()
    assert lean.graph.number_of_edges() == net.graph.number_of_edges()
