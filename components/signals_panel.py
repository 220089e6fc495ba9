"""Tab "Signals": accounts whose posts use drug slang, the posts themselves, the lexicon.

- a table of signal scores per account (and per person, pooled over the accounts they use),
  sortable; a click selects the entity on the diagram;
- the flagged posts (those of the selected entity when it posted any) with the matched
  terms marked and their category on hover;
- the lexicon: the seed (DEA code words + the project's emoji codes) plus the terms added
  to this case, typed in or uploaded as a list;
- an overlay ringing the flagged accounts on the diagram; the score is also a size measure
  ("Slang signal score" in the view controls, see ``casegraph.elements.signal_values``).

Analysts' terms are kept **per case**, in ``case.meta["lexicon_terms"]``, and adding or
removing one makes a new revision. A revision then says which words its scores were
computed with (the report and an export carry them), caches keyed by revision stay right
without invalidation, and one investigation's local slang (a street's name for a product)
does not raise scores in an unrelated case. Reusing terms in another case takes one upload
of the same list.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis.signals import FLAG_THRESHOLD, account_scores, highlight, post_flags
from casegraph.elements import LEXICON_META, case_lexicon, has_posts
from casegraph.lexicon import read_terms
from casegraph.model import entity_types
from casegraph.workspace import Workspace
from components import ids
from components.overlays import overlay
from components.state import case_ref, workspace
from components.widgets import grid

TAB_ID = "signals"
OPEN_ONLY = True                       # components/open_tab.py
FOLLOWS_SELECTION = True
OVERLAY = ids.OVERLAY_SIGNALS
TAB_LABEL = "Signals"

POST_LIMIT = 40
TERMS_LIMIT = 500            # terms one upload may add (a lexicon, not a dictionary)
UPLOAD_LIMIT = 1_000_000     # bytes
DEFAULT_CATEGORY = "Analyst"


# -- computed once per revision -----------------------------------------------------------
def signals(ws: Workspace, ref: tuple[str, int]) -> dict[str, Any]:
    """``{"lexicon", "scores", "flags"}`` for a case revision (cached)."""
    def make() -> dict[str, Any]:
        case = ws.case(*ref)
        lexicon = case_lexicon(case)
        return {"lexicon": lexicon, "scores": account_scores(case, lexicon),
                "flags": post_flags(case, lexicon)}

    return ws.derived(ref[0], ref[1], "signals", make)


def flagged_nodes(scores: pd.DataFrame) -> list[str]:
    """Accounts and people with at least one flagged post, highest score first."""
    return [str(n) for n in scores.index[scores["flagged_posts"] > 0]]


# -- the table ------------------------------------------------------------------------------
def score_rows(ws: Workspace, store: Any) -> list[dict[str, Any]]:
    """Rows of the scores table, highest score first (``id`` = node id)."""
    ref = case_ref(store)
    if ref is None or not has_posts(ws.case(*ref)):
        return []
    scores = signals(ws, ref)["scores"]
    catalogue = entity_types()
    return [{
        "id": str(node),
        "label": str(row["label"]),
        "type": catalogue.get(row["type"], {}).get("label", row["type"]),
        "score": round(float(row["score"]), 2),
        "posts": int(row["posts"]),
        "flagged": int(row["flagged_posts"]),
        "terms": int(row["distinct_terms"]),
        "top": ", ".join(row["top_terms"]),
        "via": "own posts" if row["via"] == "posts" else "accounts used",
    } for node, row in scores.iterrows()]


def table_columns() -> list[dict[str, Any]]:
    number = {"type": "rightAligned", "maxWidth": 90}
    return [
        {"field": "label", "headerName": "Account or person", "flex": 2, "minWidth": 150,
         "tooltipField": "label"},
        {"field": "type", "headerName": "Type", "flex": 1, "minWidth": 90},
        {"field": "score", "headerName": "Score", **number, "sort": "desc",
         "cellClass": "cg-signals-score"},
        {"field": "posts", "headerName": "Posts", **number},
        {"field": "flagged", "headerName": "Flagged", **number},
        {"field": "terms", "headerName": "Terms", **number},
        {"field": "top", "headerName": "Most used terms", "flex": 2, "minWidth": 140,
         "tooltipField": "top"},
    ]


def summary_text(ws: Workspace, store: Any) -> str:
    ref = case_ref(store)
    if ref is None:
        return ""
    case = ws.case(*ref)
    if not has_posts(case):
        return ("This case holds no posts: signals are read from post text (load posts "
                "linked to accounts by “posted”). Terms added below are kept for it.")
    data = signals(ws, ref)
    flags, scores = data["flags"], data["scores"]
    accounts = int((scores["via"] == "posts").sum())
    flagged = scores[scores["flagged_posts"] > 0]
    return (f"{int(flags['flagged'].sum())} of {len(flags)} posts flagged (score ≥ "
            f"{FLAG_THRESHOLD:g}); {int((flagged['via'] == 'posts').sum())} of {accounts} "
            f"posting accounts and {int((flagged['via'] == 'accounts').sum())} people behind "
            f"them. Several different terms weigh far more than one word repeated.")


# -- the posts ------------------------------------------------------------------------------
def marked_text(text: str, matches: list) -> list[Any]:
    """The post text as spans and ``html.Mark`` for the matched terms (category on hover)."""
    out: list[Any] = []
    for seg in highlight(text, matches):
        if seg["term"] is None:
            out.append(seg["text"])
        else:
            out.append(html.Mark(seg["text"], title=f"{seg['term']} · {seg['category']}",
                                 className=f"cg-signals-mark cg-signals-{seg['kind']}"))
    return out


def posts_of(ws: Workspace, ref: tuple[str, int], node: str) -> set[str]:
    """Post ids written by ``node``, or by the accounts it uses (a person)."""
    flags = signals(ws, ref)["flags"]
    authors = {node}
    graph = ws.case(*ref).graph
    if node in graph:
        authors |= {str(v) for _, v, t in graph.out_edges(node, data="type")
                    if t in ("uses", "owns")}
    return {str(p) for p, a in zip(flags["post"], flags["account"], strict=True)
            if str(a) in authors}


def post_list(ws: Workspace, store: Any, selection: Any = None,
              limit: int = POST_LIMIT) -> tuple[str, list[Any]]:
    """``(title, cards)``: the selected entity's posts with a hit (when it posted any),
    otherwise every flagged post; highest score first."""
    ref = case_ref(store)
    if ref is None or not has_posts(ws.case(*ref)):
        return "Flagged posts", []
    data = signals(ws, ref)
    flags, found = data["flags"], data["flags"].attrs["matches"]
    graph = ws.case(*ref).graph
    node = str(selection.get("id")) if isinstance(selection, dict) and \
        selection.get("kind") == "node" else None
    own = posts_of(ws, ref, node) if node else set()
    if own:
        rows = flags[flags["post"].astype(str).isin(own) & (flags["hits"] > 0)]
        name = graph.nodes[node].get("label", node) if node in graph else node
        title = f"Posts of {name} with slang ({len(rows)} of {len(own)})"
    else:
        rows = flags[flags["flagged"]]
        title = f"Flagged posts ({len(rows)})"
    cards = []
    for _, row in rows.head(limit).iterrows():
        author = row["account"]
        who = graph.nodes[author].get("label", author) if author in graph else "unknown"
        cards.append(html.Div(className="cg-signals-post" + (
            " cg-signals-post-flagged" if row["flagged"] else ""), children=[
            html.Div(className="cg-signals-post-head", children=[
                html.Span(str(who), className="cg-signals-author"),
                html.Span(_short_time(row["time"]), className="cg-signals-time"),
                html.Span(f"{row['score']:.2f}", className="cg-signals-score",
                          title="signal score of this post"),
            ]),
            html.Div(marked_text(row["text"], found[row["post"]]),
                     className="cg-signals-text"),
            html.Div(" · ".join(row["categories"]), className="cg-signals-cats"),
        ]))
    if len(rows) > limit:
        cards.append(html.Div(f"… and {len(rows) - limit} more.", className="cg-field-hint"))
    return title, cards


def _short_time(value: Any) -> str:
    if not value:
        return ""
    try:
        return pd.Timestamp(value).strftime("%d %b %Y %H:%M")
    except (TypeError, ValueError):
        return str(value)


# -- the lexicon ------------------------------------------------------------------------------
def case_terms(case) -> list[dict[str, str]]:
    return [dict(r) for r in case.meta.get(LEXICON_META) or [] if isinstance(r, dict)]


def split_terms(text: str) -> list[str]:
    """Terms typed in one box: separated by commas, semicolons or new lines.

    >>> split_terms("grumbleberries, moon rocks;  ;\\n🦄")
    ['grumbleberries', 'moon rocks', '🦄']
    """
    return [t.strip() for t in re.split(r"[,;\n]", str(text or "")) if t.strip()]


def with_terms(case, rows: list[dict[str, str]]) -> tuple[Any, int]:
    """A copy of ``case`` whose lexicon terms include ``rows``; and how many were new."""
    current = case_terms(case)
    known = {r["term"].casefold() for r in current}
    added = []
    for row in rows:
        term = str(row.get("term") or "").strip()
        if term and term.casefold() not in known:
            known.add(term.casefold())
            added.append({"term": term,
                          "category": str(row.get("category") or DEFAULT_CATEGORY).strip()})
    changed = case.copy()
    changed.meta[LEXICON_META] = current + added
    return changed, len(added)


def add_terms(ws: Workspace, store: Any, text: str, category: str | None
              ) -> tuple[Any, str]:
    """Add typed terms to the case (a new revision): ``(new store or no_update, message)``."""
    ref = case_ref(store)
    terms = split_terms(text)
    if ref is None or not terms:
        return no_update, "Type one or more terms, separated by commas."
    category = (category or "").strip() or DEFAULT_CATEGORY
    return _save(ws, ref, [{"term": t, "category": category} for t in terms], "typed")


def upload_terms(ws: Workspace, store: Any, contents: str | None, filename: str | None,
                 category: str | None = None) -> tuple[Any, str]:
    """Add the terms of an uploaded list (DEA text, CSV with a term column, one per line)."""
    ref = case_ref(store)
    if ref is None or not contents:
        return no_update, ""
    name = Path(str(filename or "terms.txt")).name
    try:
        data = base64.b64decode(str(contents).partition(",")[2], validate=False)
    except (binascii.Error, ValueError):
        return no_update, f"{name}: the upload arrived damaged; try again."
    if len(data) > UPLOAD_LIMIT:
        return no_update, f"{name}: {len(data):,} bytes; a term list may hold 1 MB at most."
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return no_update, f"{name}: not UTF-8 text; save the list as UTF-8 and try again."
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "terms.txt"
        path.write_text(text, encoding="utf-8")
        rows = read_terms(path, (category or "").strip() or None)
    if not rows:
        return no_update, f"{name}: no usable term found (terms need 3 letters or digits)."
    if len(rows) > TERMS_LIMIT:
        return no_update, f"{name}: {len(rows):,} terms; one list may add {TERMS_LIMIT} at most."
    return _save(ws, ref, rows, name)


def remove_term(ws: Workspace, store: Any, term: str) -> tuple[Any, str]:
    ref = case_ref(store)
    if ref is None:
        return no_update, ""
    case = ws.case(*ref)
    rows = case_terms(case)
    kept = [r for r in rows if r["term"] != term]
    if len(kept) == len(rows):
        return no_update, ""
    changed = case.copy()
    changed.meta[LEXICON_META] = kept
    rev = _apply(ws, ref, changed, f"lexicon: removed “{term}”")
    return {"case_id": ref[0], "rev": rev}, f"Removed “{term}”; scores recomputed."


def _apply(ws: Workspace, ref: tuple[str, int | None], changed: Any, note: str) -> int:
    """The lexicon change as a change made on the revision the page showed, merged onto the
    newest revision (a colleague's change saved meanwhile stays); the new revision."""
    base = ref[1] or ws.current_rev(ref[0])
    return ws.apply_change(ref[0], base, changed, note=note, kind="lexicon").rev


def _save(ws: Workspace, ref: tuple[str, int], rows: list[dict], source: str
          ) -> tuple[Any, str]:
    changed, added = with_terms(ws.case(*ref), rows)
    if not added:
        return no_update, "Those terms are already in this case's list."
    rev = _apply(ws, ref, changed, f"lexicon: {added} terms added ({source})")
    plural = "term" if added == 1 else "terms"
    return {"case_id": ref[0], "rev": rev}, f"Added {added} {plural}; scores recomputed."


def lexicon_view(ws: Workspace, store: Any) -> tuple[list[Any], list[Any], str]:
    """``(chips of the case's terms, category suggestions, lexicon line)``."""
    ref = case_ref(store)
    if ref is None:
        return [], [], ""
    case = ws.case(*ref)
    lexicon = signals(ws, ref)["lexicon"] if has_posts(case) else case_lexicon(case)
    rows = case_terms(case)
    chips = [html.Span(className="cg-signals-chip", title=r["category"], children=[
        html.Span(r["term"]), html.Span(r["category"], className="cg-signals-chip-cat"),
        html.Button("×", id={"type": ids.SIGNALS_TERM_REMOVE, "index": r["term"]},
                    className="cg-signals-chip-x cg-needs-edit", n_clicks=0,
                    title=f"Remove “{r['term']}” from this case's terms"),
    ]) for r in rows]
    # combined categories ("Cocaine / Heroin") are the seed's; suggest the single ones
    names = sorted({part for c in lexicon.categories() for part in c.split(" / ")})
    categories = [html.Option(value=c) for c in names]
    line = (f"{len(lexicon):,} terms: DEA code words and emoji codes"
            + (f", plus {len(rows)} added to this case." if rows else "."))
    return chips, categories, line


def row_selection(cell: Any) -> Any:
    """The selection a click on a row of the scores grid makes (its row id is the node).

    >>> row_selection({"colId": "score", "rowId": "acc:1", "value": 2.5})
    {'kind': 'node', 'id': 'acc:1', 'centre': True}
    >>> row_selection(None) is no_update
    True
    """
    if not isinstance(cell, dict) or cell.get("rowId") is None:
        return no_update
    return {"kind": "node", "id": str(cell["rowId"]), "centre": True}


# -- layout ---------------------------------------------------------------------------------
def layout() -> html.Div:
    return html.Div(className="cg-signals", children=[
        html.Div(className="cg-signals-top", children=[
            html.Div(id=ids.SIGNALS_SUMMARY, className="cg-signals-summary"),
            dcc.Checklist(id=ids.SIGNALS_MARK, value=[], className="cg-checklist",
                          options=[{"label": "Ring flagged accounts on the diagram",
                                    "value": "mark"}]),
        ]),
        html.Div(id=ids.SIGNALS_BODY, className="cg-signals-grid", children=[
            html.Div(className="cg-signals-scores", children=[
                html.H3("Signal score per account", className="cg-ap-h3"),
                grid(ids.SIGNALS_TABLE, table_columns(), page_size=10,
                     class_name="cg-signals-table"),
            ]),
            html.Div(className="cg-signals-posts", children=[
                html.H3(id=ids.SIGNALS_POSTS_TITLE, children="Flagged posts",
                        className="cg-ap-h3"),
                html.Div(id=ids.SIGNALS_POSTS, className="cg-signals-post-list"),
            ]),
        ]),
        html.Div(className="cg-signals-lexicon", children=[
            html.H3("Lexicon", className="cg-ap-h3"),
            html.Div(id=ids.SIGNALS_LEXICON_LINE, className="cg-field-hint"),
            html.Div(className="cg-signals-add", children=[
                dcc.Input(id=ids.SIGNALS_TERM, type="text", debounce=False,
                          placeholder="New terms, separated by commas",
                          className="cg-signals-input cg-needs-edit"),
                dcc.Input(id=ids.SIGNALS_CATEGORY, type="text", list=ids.SIGNALS_CATEGORIES,
                          placeholder=f"Category ({DEFAULT_CATEGORY})",
                          className="cg-signals-input cg-signals-cat-input cg-needs-edit"),
                html.Datalist(id=ids.SIGNALS_CATEGORIES),
                html.Button("Add to this case", id=ids.SIGNALS_ADD, n_clicks=0,
                            className="cg-button cg-needs-edit"),
                dcc.Upload(id=ids.SIGNALS_UPLOAD, className="cg-signals-upload cg-needs-edit",
                           children=html.Span(["Upload a term list"]),
                           max_size=UPLOAD_LIMIT),
            ]),
            html.Div("A list is DEA text (Category~Brand~term; term), a CSV with a "
                     "term (or slang, word, emoji) column and optional category and weight "
                     "columns, or one term per line. The category typed above applies to "
                     "lists without one.", className="cg-field-hint"),
            html.Div(id=ids.SIGNALS_LEXICON_STATUS, className="cg-signals-status"),
            html.Div(id=ids.SIGNALS_CASE_TERMS, className="cg-signals-chips"),
        ]),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.SIGNALS_TABLE, "rowData"),
        Output(ids.SIGNALS_SUMMARY, "children"),
        Output(ids.SIGNALS_CASE_TERMS, "children"),
        Output(ids.SIGNALS_CATEGORIES, "children"),
        Output(ids.SIGNALS_LEXICON_LINE, "children"),
        Output(ids.SIGNALS_BODY, "style"),
        Output(ids.SIGNALS_MARK, "style"),
        Input(ids.tab_case(TAB_ID), "data"),   # only while the tab is open
        prevent_initial_call=True,
    )
    def on_case(store):
        ws = workspace()
        chips, categories, line = lexicon_view(ws, store)
        rows = score_rows(ws, store)
        shown = {} if rows else {"display": "none"}
        return rows, summary_text(ws, store), chips, categories, line, shown, shown

    @app.callback(
        Output(ids.SIGNALS_POSTS_TITLE, "children"),
        Output(ids.SIGNALS_POSTS, "children"),
        Input(ids.tab_selection(TAB_ID), "data"),
        Input(ids.tab_case(TAB_ID), "data"),
        prevent_initial_call=True,
    )
    def on_selection(selection, store):
        return post_list(workspace(), store, selection)

    @app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.SIGNALS_TABLE, "cellClicked"),
        prevent_initial_call=True,
    )
    def on_row(cell):
        return row_selection(cell)

    @app.callback(
        Output(ids.OVERLAY_SIGNALS, "data"),
        Input(ids.SIGNALS_MARK, "value"),
        Input(ids.tab_case(TAB_ID), "data"),   # while open, or while accounts are ringed
        prevent_initial_call=True,
    )
    def on_mark(mark, store):
        ref = case_ref(store)
        if ref is None or "mark" not in (mark or []) or not has_posts(workspace().case(*ref)):
            return overlay(store, {})
        return overlay(store, {"ov-flag": flagged_nodes(signals(workspace(), ref)["scores"])})

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.SIGNALS_LEXICON_STATUS, "children"),
        Output(ids.SIGNALS_TERM, "value"),
        Input(ids.SIGNALS_ADD, "n_clicks"),
        Input(ids.SIGNALS_TERM, "n_submit"),
        Input(ids.SIGNALS_UPLOAD, "contents"),
        Input({"type": ids.SIGNALS_TERM_REMOVE, "index": ALL}, "n_clicks"),
        State(ids.SIGNALS_TERM, "value"),
        State(ids.SIGNALS_CATEGORY, "value"),
        State(ids.SIGNALS_UPLOAD, "filename"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_lexicon(_add, _submit, contents, _removes, text, category, filename, store):
        ws, trigger = workspace(), ctx.triggered_id
        if isinstance(trigger, dict) and trigger.get("type") == ids.SIGNALS_TERM_REMOVE:
            if not ctx.triggered[0].get("value"):
                return no_update, no_update, no_update  # the chips were re-rendered
            new_store, message = remove_term(ws, store, str(trigger["index"]))
            return new_store, message, no_update
        if trigger == ids.SIGNALS_UPLOAD:
            new_store, message = upload_terms(ws, store, contents, filename, category)
            return new_store, message, no_update
        new_store, message = add_terms(ws, store, text, category)
        return new_store, message, "" if new_store is not no_update else no_update
