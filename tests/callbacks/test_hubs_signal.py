"""The slang signal score ranks like any other size measure (hubs table, hub rings)."""

from casegraph.model import Case
from casegraph.workspace import Workspace
from components import diagram, hubs
from components.state import ranked_analysis
from tests.callbacks.conftest import session_of


def posting_case() -> Case:
    case = Case(name="Posts (fictional)")
    for node, label in [("a", "dealer_one"), ("b", "hobbyist"), ("c", "quiet")]:
        case.add_entity(node, "account", label, platform="instagram", username=label)
    case.add_link("a", "b", "follows")
    case.add_link("b", "c", "follows")
    texts = {"p1": "yayo and kush tonight, DM me", "p2": "fresh kush, molly too",
             "p3": "lovely snow on the hills today"}
    for post, text in texts.items():
        case.add_entity(post, "post", post, text=text)
    case.add_link("a", "p1", "posted")
    case.add_link("a", "p2", "posted")
    case.add_link("b", "p3", "posted")
    return case


def test_signal_score_is_a_ranked_measure(tmp_path):
    ws = session_of(Workspace(tmp_path, samples=False))
    case_id, rev = ws.import_case(posting_case())
    store = {"case_id": case_id, "rev": rev}
    table = ranked_analysis(ws, (case_id, rev)).centrality
    assert table.loc["a", "rank_signal"] == 1
    assert table.loc["a", "signal"] > table.loc["b", "signal"] >= table.loc["c", "signal"] == 0
    rows = hubs.hub_rows(ws, store, "signal", topk=1)
    assert [r["id"] for r in rows[:2]] == ["a", "b"]
    assert rows[0]["hub"] and not rows[1]["hub"]
    sheet = diagram.view_stylesheet(ws, store, lambda p: p, "signal", "type", 1, [], [], 0)
    assert any('node[id = "a"]' in r["selector"] for r in sheet)


def test_cases_without_posts_keep_the_plain_analysis(tmp_path):
    ws = session_of(Workspace(tmp_path, samples=False))
    case = Case(name="No posts")
    case.add_entity("x", "person", "X")
    case.add_entity("y", "person", "Y")
    case.add_link("x", "y", "call")
    case_id, rev = ws.import_case(case)
    assert ranked_analysis(ws, (case_id, rev)) is ws.analysis(case_id, rev)
    assert hubs.hub_rows(ws, {"case_id": case_id, "rev": rev}, "signal") == []
