"""Tab "Signals" on the fictional Grumbleford case: scores, posts, the case's own terms, and
the signal score as a size measure."""

from __future__ import annotations

import pytest
from dash import html, no_update

from casegraph.elements import LEXICON_META, case_elements, size_field
from casegraph.samples import sample_cases
from components import controls, signals_panel
from tests.callbacks.conftest import data_url, texts


@pytest.fixture(scope="module")
def grumbleford():
    return next(s for s in sample_cases() if s.id == "socmint-grumbleford").build()


@pytest.fixture
def soc(ws, grumbleford) -> dict:
    case_id, rev = ws.import_case(grumbleford.copy())
    return {"case_id": case_id, "rev": rev}


def marks(component) -> list[str]:
    """Texts of the html.Mark elements in a component tree."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, html.Mark):
            out.append(node.children)
        elif node is not None and not isinstance(node, (str, int, float)):
            walk(getattr(node, "children", None))

    walk(component)
    return out


# -- scores ---------------------------------------------------------------------------------
def test_the_table_ranks_people_and_accounts_by_signal_score(ws, soc):
    rows = signals_panel.score_rows(ws, soc)

    assert len(rows) == 46                  # every posting account + the people behind them
    top = rows[0]
    assert (top["id"], top["label"], top["type"]) == ("P030", "Clover Jellyfoot", "Person")
    assert (top["score"], top["posts"], top["flagged"], top["terms"]) == (19.87, 18, 14, 33)
    assert top["via"] == "accounts used"
    assert [r["id"] for r in rows[:3]] == ["P030", "P045", "AC029"]
    assert rows[2]["via"] == "own posts"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_summary_counts_flagged_posts_and_accounts(ws, soc):
    assert signals_panel.summary_text(ws, soc).startswith(
        "38 of 105 posts flagged (score ≥ 1); 13 of 41 posting accounts and 5 people behind "
        "them.")


def test_flagged_accounts_are_ringed_on_the_diagram(ws, soc):
    scores = signals_panel.signals(ws, (soc["case_id"], soc["rev"]))["scores"]
    flagged = signals_panel.flagged_nodes(scores)
    assert len(flagged) == 18 and flagged[:2] == ["P030", "P045"]
    assert all(scores.loc[n, "flagged_posts"] > 0 for n in flagged)


def test_the_signals_are_computed_once_per_revision(ws, soc):
    ref = (soc["case_id"], soc["rev"])
    assert signals_panel.signals(ws, ref) is signals_panel.signals(ws, ref)


# -- posts ----------------------------------------------------------------------------------
def test_flagged_posts_show_the_matched_terms_marked(ws, soc):
    title, cards = signals_panel.post_list(ws, soc)

    assert title == "Flagged posts (38)"
    assert len(cards) == 38
    first = cards[0]
    assert marks(first) == ["🔌", "snow", "❄️", "bud", "🍁", "candy", "🍬", "blues", "💊"]
    assert "3.25" in texts(first) and "26 Apr 2024 18:34" in texts(first)


def test_marked_text_gives_back_the_post(ws, soc):
    flags = signals_panel.signals(ws, (soc["case_id"], soc["rev"]))["flags"]
    for _, row in flags.head(10).iterrows():
        parts = signals_panel.marked_text(row["text"], flags.attrs["matches"][row["post"]])
        assert "".join(p if isinstance(p, str) else p.children for p in parts) == row["text"]


def test_selecting_a_person_lists_the_posts_of_the_accounts_they_use(ws, soc):
    title, cards = signals_panel.post_list(ws, soc, {"kind": "node", "id": "P045"})
    assert title == "Posts of Umber Crumblewhistle with slang (14 of 14)"
    assert len(cards) == 14
    # someone without posts: back to every flagged post
    title, _ = signals_panel.post_list(ws, soc, {"kind": "node", "id": "PH001"})
    assert title == "Flagged posts (38)"


# -- the case's own terms ------------------------------------------------------------------
def post_score(ws, store, post: str) -> float:
    flags = signals_panel.signals(ws, (store["case_id"], store["rev"]))["flags"]
    return float(flags.loc[flags["post"] == post, "score"].iloc[0])


def test_typed_terms_make_a_new_revision_and_raise_the_scores(ws, soc):
    assert post_score(ws, soc, "POST003") == 2.5   # "Dank chronic 🌿 delivered Grumbleford…"

    store, message = signals_panel.add_terms(ws, soc, "delivered, till 2am", "Dealing")

    assert store == {"case_id": soc["case_id"], "rev": soc["rev"] + 1}
    assert message == "Added 2 terms; scores recomputed."
    case = ws.case(store["case_id"], store["rev"])
    assert case.meta[LEXICON_META] == [{"term": "delivered", "category": "Dealing"},
                                       {"term": "till 2am", "category": "Dealing"}]
    assert post_score(ws, store, "POST003") == 4.5
    assert post_score(ws, soc, "POST003") == 2.5    # the old revision keeps its scores
    chips, categories, line = signals_panel.lexicon_view(ws, store)
    assert [c.title for c in chips] == ["Dealing", "Dealing"]
    assert line.endswith("plus 2 added to this case.")
    assert "Dealing" in [o.value for o in categories]

    again, message = signals_panel.add_terms(ws, store, "Delivered", "Dealing")
    assert again is no_update and message == "Those terms are already in this case's list."


def test_an_uploaded_list_adds_its_terms_with_their_categories(ws, soc):
    listing = b"term,category\nMuddlecombe Magna,Place\ngrumbleberries,\n"

    store, message = signals_panel.upload_terms(ws, soc, data_url(listing), "local.csv")

    assert message == "Added 2 terms; scores recomputed."
    assert ws.case(store["case_id"], store["rev"]).meta[LEXICON_META] == [
        {"term": "muddlecombe magna", "category": "Place"},
        {"term": "grumbleberries", "category": "Analyst"}]


def test_bad_uploads_change_nothing_and_say_why(ws, soc):
    store, message = signals_panel.upload_terms(ws, soc, data_url(b"\xff\xfe\x00bad"), "x.txt")
    assert store is no_update and message.startswith("x.txt: not UTF-8 text")
    store, message = signals_panel.upload_terms(ws, soc, data_url(b"# only a comment\nab\n"),
                                                "short.txt")
    assert store is no_update and message.startswith("short.txt: no usable term found")
    assert ws.current_rev(soc["case_id"]) == soc["rev"]


def test_removing_a_term_makes_another_revision(ws, soc):
    store, _ = signals_panel.add_terms(ws, soc, "delivered", "")
    assert ws.case(store["case_id"], store["rev"]).meta[LEXICON_META] == [
        {"term": "delivered", "category": "Analyst"}]

    after, message = signals_panel.remove_term(ws, store, "delivered")

    assert after["rev"] == store["rev"] + 1 and message == "Removed “delivered”; scores recomputed."
    assert ws.case(after["case_id"], after["rev"]).meta[LEXICON_META] == []
    assert post_score(ws, after, "POST003") == 2.5


# -- the score as a node size ----------------------------------------------------------------
def test_cases_with_posts_offer_the_signal_score_as_size(ws, soc, store):
    assert controls.size_options(ws, soc)[-1] == {"label": "Slang signal score",
                                                 "value": "signal"}
    assert "signal" not in [o["value"] for o in controls.size_options(ws, store)]

    case = ws.case(soc["case_id"], soc["rev"])
    nodes = {e["data"]["id"]: e["data"] for e in
             case_elements(case, ws.analysis(soc["case_id"], soc["rev"]))
             if "source" not in e["data"]}
    field = size_field("signal")
    assert nodes["P030"][field] == 1.0                     # the top score
    assert nodes["P045"][field] == round((18.7925 / 19.8693) ** 0.5, 2)
    assert nodes["PH001"][field] == 0.0      # no posts
    plain = case_elements(ws.case(store["case_id"]), ws.analysis(store["case_id"]))
    assert all(field not in e["data"] for e in plain)


def test_terms_added_on_an_older_revision_keep_a_colleagues_change(ws, soc):
    from components import cases

    renamed = cases.rename_case(ws, soc, "Grumbleford, renamed meanwhile")
    # the page still shows the revision before the rename
    new, _ = signals_panel.add_terms(ws, soc, "moonbeam", "Dealing")
    assert new["rev"] == renamed["rev"] + 1
    case = ws.case(new["case_id"], new["rev"])
    assert case.name == "Grumbleford, renamed meanwhile"
    assert case.meta[LEXICON_META] == [{"term": "moonbeam", "category": "Dealing"}]
