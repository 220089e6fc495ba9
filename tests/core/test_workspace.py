"""casegraph.workspace: caches keyed by revision, positions kept with the case."""

from casegraph.model import Case
from casegraph.workspace import Workspace


def triangle() -> Case:
    case = Case(name="Triangle")
    for node in "abc":
        case.add_entity(node, "person", node.upper())
    case.add_link("a", "b", "call")
    case.add_link("b", "c", "call")
    case.add_link("c", "a", "call")
    return case


def test_import_computes_and_stores_positions(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(triangle())
    positions = ws.positions(case_id, rev)
    assert set(positions) == {"a", "b", "c"}
    # a second workspace on the same folder reads the same picture
    again = Workspace(tmp_path, samples=False)
    assert again.positions(case_id, rev) == positions


def test_analysis_is_cached_per_revision(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, rev = ws.import_case(triangle())
    first = ws.analysis(case_id, rev)
    assert ws.analysis(case_id, rev) is first
    changed = ws.case(case_id).copy()
    changed.add_entity("d", "person", "D")
    changed.add_link("a", "d", "call")
    rev2 = ws.save_revision(case_id, changed, note="added D")
    assert rev2 == rev + 1
    assert ws.analysis(case_id).summary["entities"] == 4
    assert ws.analysis(case_id, rev).summary["entities"] == 3


def test_new_node_placed_next_to_its_neighbour_without_moving_others(tmp_path):
    ws = Workspace(tmp_path, samples=False)
    case_id, _ = ws.import_case(triangle())
    before = dict(ws.positions(case_id))
    changed = ws.case(case_id).copy()
    changed.add_entity("d", "person", "D")
    changed.add_link("a", "d", "call")
    ws.save_revision(case_id, changed)
    after = ws.positions(case_id)
    assert {n: after[n] for n in before} == before
    ax, ay = after["a"]
    dx, dy = after["d"]
    assert ((ax - dx) ** 2 + (ay - dy) ** 2) ** 0.5 < 100


def test_two_workspaces_do_not_share_caches(tmp_path):
    one = Workspace(tmp_path / "one", samples=False)
    two = Workspace(tmp_path / "two", samples=False)
    one.import_case(triangle())
    assert two.list_cases() == []
    assert len(one.list_cases()) == 1


def test_a_value_asked_for_at_once_by_two_threads_is_made_once(tmp_path):
    import threading

    ws = Workspace(tmp_path, samples=False)
    made, started, release = [], threading.Event(), threading.Event()

    def make():
        made.append(1)
        started.set()
        release.wait(5)  # the second caller asks while this one is still making it
        return "value"

    results = []
    first = threading.Thread(target=lambda: results.append(ws.derived("c", 1, "x", make)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(ws.derived("c", 1, "x", make)))
    second.start()
    second.join(0.2)
    release.set()
    first.join()
    second.join()
    assert results == ["value", "value"]
    assert len(made) == 1


def test_a_failed_make_is_not_cached(tmp_path):
    ws = Workspace(tmp_path, samples=False)

    def fail():
        raise ValueError("broken")

    try:
        ws.derived("c", 1, "y", fail)
    except ValueError:
        pass
    assert ws.derived("c", 1, "y", lambda: 7) == 7
