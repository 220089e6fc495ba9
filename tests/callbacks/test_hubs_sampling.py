"""The hubs panel says how its measure was estimated when it was sampled (issue 14: the
sampling error of every sampled measure on screen), through the app's real route."""

from __future__ import annotations

import random

from casegraph.model import Case
from components import ids


def sampled_case(n: int = 900, seed: int = 5) -> Case:
    """A call graph large enough that betweenness is estimated from sampled sources."""
    rng = random.Random(seed)
    case = Case(name="Sampled ring (fictional)", directed=False)
    for k in range(n):
        case.add_entity(f"p{k}", "person", f"Person {k} (fictional)")
    for k in range(1, n):
        case.add_link(f"p{k}", f"p{rng.randrange(k)}", "call")
    for _ in range(n):
        case.add_link(f"p{rng.randrange(n)}", f"p{rng.randrange(n)}", "call")
    return case


def sampling_line(ana, store, measure: str) -> str:
    dep = ana.callback(ids.HUBS_SAMPLING, ids.SIZE_MEASURE)
    answer = ana.fire(dep, inputs={ids.CASE_STORE: store, ids.SIZE_MEASURE: measure,
                                   ids.HUBS_TOPK: 5, ids.ANALYSIS_VIEW: "entities"},
                      trigger=ids.SIZE_MEASURE, prop="value")
    return answer[ids.HUBS_SAMPLING]["children"]


def test_a_sampled_measure_states_its_sources_and_error(ana):
    case_id, rev = ana.ws.import_case(sampled_case())
    store = {"case_id": case_id, "rev": rev}
    notes = ana.ws.analysis(case_id, rev).sampling_notes
    assert "betweenness" in notes  # the case is large enough to be sampled
    line = sampling_line(ana, store, "betweenness")
    assert line == notes["betweenness"]
    assert line.startswith("Betweenness estimated from ") and "of 900 sources" in line
    assert "±" in line
    assert sampling_line(ana, store, "degree") == ""  # counted exactly: nothing to say


def test_a_small_case_says_nothing(ana):
    assert sampling_line(ana, ana.store, "betweenness") == ""
