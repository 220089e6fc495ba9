"""Tab "Time": windows over CAVIAR's phases and the fictional case's weeks, called directly."""

from __future__ import annotations

import pytest

from casegraph.analysis.timeline import activity_histogram, slice_graph
from casegraph.elements import edge_elements
from casegraph.samples import sample_cases
from components import time_panel
from tests.callbacks.conftest import small_case


def imported(ws, case) -> dict:
    case_id, rev = ws.import_case(case)
    return {"case_id": case_id, "rev": rev}


def build(sample_id: str):
    return next(s for s in sample_cases() if s.id == sample_id).build()


@pytest.fixture(scope="module")
def caviar():
    return build("caviar")


@pytest.fixture
def caviar_store(ws, caviar):
    return imported(ws, caviar.copy())


def hidden(view: dict, case) -> tuple[set[str], set[tuple[str, str]]]:
    """Hidden node ids, and the (source, target) of the hidden diagram edges."""
    refs = set(view["overlay"]["classes"].get("ov-hide", []))
    edges = {e["data"]["id"]: (e["data"]["source"], e["data"]["target"])
             for e in edge_elements(case)}
    assert refs <= set(case.graph) | set(edges)
    return refs & set(case.graph), {edges[r] for r in refs if r in edges}


# -- CAVIAR: phases -------------------------------------------------------------------------
def test_caviar_is_sliced_by_its_eleven_phases(ws, caviar_store):
    options, step = time_panel.case_controls(ws, caviar_store)
    assert (options, step) == ([{"label": "Phase", "value": "phase"}], "phase")
    setup = time_panel.slider_setup(ws, caviar_store, step)
    assert setup["max"] == 10 and setup["value"] == [0, 10] and not setup["disabled"]
    assert setup["marks"] == {i: str(i + 1) for i in range(11)}


def test_phase_one_hides_exactly_the_entities_not_in_phase_one(ws, caviar_store, caviar):
    view = time_panel.window_view(ws, caviar_store, "phase", [0, 0])

    nodes, pairs = hidden(view, caviar)
    in_phase = set(slice_graph(caviar, phases=[1]).nodes)
    assert len(in_phase) == 15
    assert nodes == set(caviar.graph) - in_phase and len(nodes) == 92
    # calls (one edge per direction) between two phase-1 people, all intercepted in
    # other phases
    assert caviar.directed
    phase_pairs = set(slice_graph(caviar, phases=[1]).edges())
    between = {(u, v) for u, v in caviar.graph.edges() if u in in_phase and v in in_phase}
    assert pairs == between - phase_pairs and len(pairs) == 29
    assert view["overlay"]["case"] == [caviar_store["case_id"], caviar_store["rev"]]
    assert view["status"] == "Phase 1: 15 of 107 entities shown, 26 dated links."


def test_a_window_of_phases_and_the_whole_range(ws, caviar_store, caviar):
    view = time_panel.window_view(ws, caviar_store, "phase", [2, 4])
    nodes, _ = hidden(view, caviar)
    shown = set(slice_graph(caviar, phases=[3, 4, 5]).nodes)
    assert nodes == set(caviar.graph) - shown
    assert view["status"].startswith(f"Phases 3–5: {len(shown)} of 107 entities shown")

    whole = time_panel.window_view(ws, caviar_store, "phase", [0, 10])
    assert whole["overlay"]["classes"] == {}
    assert whole["status"] == "All 11 phases: 107 entities, 650 dated links."


def test_histogram_marks_the_window(ws, caviar_store):
    fig = time_panel.window_view(ws, caviar_store, "phase", [1, 2])["histogram"]
    bar = fig.data[0]
    assert list(bar.x) == list(range(11))
    assert sum(bar.y) == 650 and bar.y[0] == 26
    assert [c == time_panel.ACCENT for c in bar.marker.color] == \
        [False, True, True] + [False] * 8
    (band,) = fig.layout.shapes
    assert (band.x0, band.x1) == (0.5, 2.5)


def test_small_multiples_show_the_top_hubs_per_phase(ws, caviar_store):
    fig = time_panel.window_view(ws, caviar_store, "phase", [0, 10], "degree")["multiples"]
    assert len(fig.data) == time_panel.MULTIPLES
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == "n1"
    n1 = fig.data[0]
    assert list(n1.x) == list(range(11))
    assert (n1.y[0], n1.y[2]) == (12.0, 27.0)       # n1's contacts in phases 1 and 3
    assert fig.layout.shapes == ()                  # no band for the whole range


def test_play_steps_one_phase_at_a_time_and_stops_at_the_end(caviar_store):
    window, done = time_panel.next_window([0, 10], 10, start=True)
    seen = [window]
    while not done:
        window, done = time_panel.next_window(window, 10)
        seen.append(window)
    assert seen == [[i, i] for i in range(11)]
    # a narrower window keeps its width; Play on a window at the end starts again
    assert time_panel.next_window([3, 5], 10) == ([4, 6], False)
    assert time_panel.next_window([8, 10], 10, start=True) == ([0, 0], False)
    assert time_panel.next_window([3, 5], 10, start=True) == ([3, 5], False)


def test_the_index_is_computed_once_per_revision(ws, caviar_store, caviar):
    ref = (caviar_store["case_id"], caviar_store["rev"])
    first = time_panel.cached_index(ws, ref, "phase")
    assert time_panel.cached_index(ws, ref, "phase") is first
    assert first.links == tuple(activity_histogram(caviar)["links"])
    assert first.links[:3] == (26, 35, 68) and sum(first.links) == 650


# -- dated links, untimed links -----------------------------------------------------------
def test_undated_links_stay_with_the_entities_active_in_the_window(ws):
    store = imported(ws, small_case())
    options, step = time_panel.case_controls(ws, store)
    assert [o["value"] for o in options] == ["D", "W", "M"]
    assert step == "D"                                  # two days of calls: sliced by day
    assert time_panel.slider_setup(ws, store, "D")["marks"] == {0: "02 Jan", 1: "03 Jan"}

    view = time_panel.window_view(ws, store, "D", [1, 1])

    nodes, pairs = hidden(view, ws.case(store["case_id"]))
    # Ash and Bay called on 3 Jan; the phone Ash uses, Cob and Fox (undated calls with
    # Ash or Bay) stay; the account (linked to Cob only) and the isolated Eve are hidden
    assert nodes == {"handle:instagram:dee_fictional", "eve"}
    assert pairs == set()
    assert view["status"] == "Wed 03 Jan 2024: 5 of 7 entities shown, 1 dated links."


def test_grumbleford_is_sliced_by_week(ws):
    store = imported(ws, build("socmint-grumbleford"))
    _, step = time_panel.case_controls(ws, store)
    assert step == "W"
    setup = time_panel.slider_setup(ws, store, step)
    assert setup["max"] == 16
    view = time_panel.window_view(ws, store, "W", [0, 0])
    assert view["status"] == "Week of 01 Jan 2024: 66 of 298 entities shown, 56 dated links."


def test_a_case_without_dates_or_phases_has_nothing_to_replay(ws):
    case = small_case()
    for *_, data in case.graph.edges(data=True):
        data.pop("time", None)
    store = imported(ws, case)
    assert time_panel.case_controls(ws, store) == ([], None)
    assert time_panel.slider_setup(ws, store, None)["disabled"] is True
    view = time_panel.window_view(ws, store, None, [0, 1])
    assert view["status"].startswith("No link in this case carries a date or a phase")
    assert view["overlay"]["classes"] == {}


def test_the_entities_card_follows_the_time_window(ws, caviar_store):
    from components import summary

    assert summary.window_line(ws, caviar_store, "phase", [0, 0]) == \
        "15 of 107 active in the window"
    assert summary.window_line(ws, caviar_store, "phase", [0, 10]) == ""  # the whole range
    assert summary.window_line(ws, caviar_store, None, None) == ""
