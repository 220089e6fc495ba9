"""A case is turned to JSON once when imported, and a large case's first picture is read back
without reading the case (casegraph.model.case_json, casegraph.store, Workspace.kept)."""

from __future__ import annotations

import hashlib
import json
import zlib

import networkx as nx
import numpy as np

from casegraph.analysis import analyse
from casegraph.model import Case, case_json, from_json, link_count, to_json
from casegraph.session import case_digest
from casegraph.store import CaseStore, revisions_table
from casegraph.workspace import Workspace


def small_case() -> Case:
    case = Case(name="Ring")
    for n, name in (("a", "Ash"), ("b", "Bay"), ("c", "Cob")):
        case.add_entity(n, "person", name)
    case.add_link("a", "b", "call", weight=2.0)
    case.add_link("a", "b", "call")
    case.add_link("b", "c", "meeting")
    case.positions = {"a": (0.0, 1.5), "b": (2.0, 3.0)}
    return case


def test_canonical_json_sorts_keys_writes_numpy_numbers_and_nan_as_null():
    assert to_json({"b": np.int64(2), "a": [np.float64(1.5), float("nan")], 3: "x"}) == \
        b'{"3":"x","a":[1.5,null],"b":2}'
    assert to_json({"big": 2 ** 70}) == b'{"big":1180591620717411303424}'  # json's way
    assert from_json(b'{"a":NaN}')["a"] != from_json(b'{"a":NaN}')["a"]  # an old blob


def test_case_json_is_the_same_whatever_order_attributes_were_set_in():
    a, b = small_case(), small_case()
    a.graph.nodes["a"].update(alias="A", age=30)
    b.graph.nodes["a"].update(age=30, alias="A")
    assert case_json(a) == case_json(b)
    assert json.loads(case_json(a)) == json.loads(json.dumps(a.to_dict()))


def test_links_are_counted_as_networkx_counts_them():
    case = small_case()
    assert link_count(case.graph) == case.graph.number_of_edges() == 3
    multi = nx.MultiGraph([("a", "b"), ("a", "b"), ("b", "b"), ("b", "c")])
    assert link_count(multi) == multi.number_of_edges() == 4
    assert link_count(nx.Graph([("a", "b"), ("b", "c")])) == 2


def test_the_store_keeps_the_bytes_it_is_given_and_reads_them_back(tmp_path):
    store = CaseStore(tmp_path / "cases.sqlite")
    case = small_case()
    raw = case_json(case)
    case_id, rev = store.create(case, raw=raw)
    with store.engine.connect() as conn:
        blob = conn.execute(revisions_table.select()).one().data
    assert zlib.decompress(blob) == raw
    again = store.load(case_id, rev)
    assert again.to_dict() == json.loads(raw) and case_json(again) == raw
    assert store.info(case_id)["links"] == 3


def test_an_older_revision_written_by_the_json_module_with_nan_still_reads(tmp_path):
    store = CaseStore(tmp_path / "cases.sqlite")
    case_id, _ = store.create(small_case())
    old = small_case().to_dict()
    old["nodes"][0]["score"] = float("nan")
    with store.engine.begin() as conn:
        conn.execute(revisions_table.update().values(
            data=zlib.compress(json.dumps(old).encode())))
    score = store.load(case_id).graph.nodes["a"]["score"]
    assert score != score  # NaN, as it was written


def test_the_import_digest_is_the_digest_of_the_stored_bytes(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case = small_case()
    case_id, rev = ws.import_case(case)  # laid out here, then stored
    expected = hashlib.sha256(case_json(case)).hexdigest()
    assert ws.case_digest(case_id, rev) == expected == case_digest(case)
    fresh = Workspace(tmp_path, samples=False)  # made again from the stored case
    assert fresh.case_digest(case_id, rev) == expected


def test_a_kept_value_and_the_entity_count_are_read_without_reading_the_case(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    ws.keep_analysis_from = 3
    case_id, rev = ws.import_case(small_case())
    made = []
    assert ws.kept(case_id, rev, "picture", lambda: made.append(1) or {"n": 3}) == {"n": 3}
    assert ws.one_kind(case_id, rev) is True
    restarted = Workspace(tmp_path, samples=False)
    assert restarted.kept(case_id, rev, "picture", lambda: {"n": 0}) == {"n": 3}
    assert restarted.one_kind(case_id, rev) is True
    assert restarted.entity_count(case_id, rev) == 3
    assert len(restarted._cases._items) == 0 and made == [1]  # the case was never read
    small = Workspace(tmp_path / "small", samples=False)  # below keep_analysis_from
    other, r = small.import_case(small_case())
    assert small.kept(other, r, "picture", lambda: {"n": 1}) == {"n": 1}
    assert small.store.load_analysis(other, r, "picture") is None


def test_the_analysis_names_its_steps_clusters_first():
    steps: list[str] = []
    analyse(nx.karate_club_graph(), progress=steps.append)
    assert steps == ["clusters", "figures"]
    big = nx.gnm_random_graph(6000, 12000, seed=1)  # the igraph engine
    steps.clear()
    result = analyse(big, progress=steps.append, sources=20, pivots=20)
    assert steps == ["clusters", "figures"] and len(result.community_sizes) > 1


def test_a_case_read_from_its_own_parsed_json_equals_one_read_from_a_copy():
    case = small_case()
    data = json.loads(case_json(case))
    kept = json.loads(case_json(case))
    taken = Case.from_dict(data, consume=True)
    copied = Case.from_dict(kept)
    assert taken.to_dict() == copied.to_dict() == case.to_dict()
    assert kept == json.loads(case_json(case))  # without consume the data is left alone
    assert "id" not in data["nodes"][0]  # with it, the dicts became the graph's
    assert taken.graph.nodes["a"] is data["nodes"][0]
