"""Every open screen learns that the case moved on: "2 newer changes by ana — Take them in".

Every few seconds, and only while the tab is visible (a hidden tab does not ask), the page
asks for the newest revision of its case (one indexed read). When someone else saved
after the revision on screen, a bar says how many changes, by whom, of what kind and when;
"Take them in" moves the page to the newest revision. The page is never moved on its own:
an analyst in the middle of reading a picture decides when it changes.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, ctx, dcc, html, no_update

from casegraph.workspace import StoreError, Workspace
from components import ids
from components.state import case_ref, workspace

POLL_MS = 3000
HIDDEN = {"display": "none"}
BAR_STYLE = {"position": "fixed", "top": "8px", "left": "50%", "transform": "translateX(-50%)",
             "zIndex": 950, "display": "flex", "gap": "10px", "alignItems": "center",
             "padding": "6px 8px 6px 14px", "borderRadius": "6px", "background": "#1e3a8a",
             "color": "#ffffff", "boxShadow": "0 2px 8px rgba(0,0,0,.3)", "fontSize": "14px"}

# a tick reaches the server only while the tab is visible
ONLY_WHEN_VISIBLE = """
function(n) {
    if (document.visibilityState !== 'visible') { return window.dash_clientside.no_update; }
    return n;
}
"""


def _people(users: list[str]) -> str:
    names = list(dict.fromkeys(u or "someone" for u in users))
    if len(names) > 3:
        names = names[:3] + [f"{len(names) - 3} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def newer_changes(ws: Workspace, store: Any) -> tuple[dict, str, Any]:
    """``(bar style, text, newest revision or None)`` for the case on screen.

    >>> import tempfile
    >>> from casegraph.model import Case
    >>> ws = Workspace(tempfile.mkdtemp(), samples=False)
    >>> case_id, rev = ws.import_case(Case(name="Demo"))
    >>> changed = ws.case(case_id).copy(); changed.meta["purpose"] = "supply"
    >>> _ = ws.apply_change(case_id, rev, changed, kind="details", user="ana")
    >>> newer_changes(ws, {"case_id": case_id, "rev": rev})[1:]
    ('1 newer change by ana (details) —', 2)
    """
    ref = case_ref(store)
    if ref is None or not ref[1]:
        return HIDDEN, "", None
    if hasattr(ws, "can") and not ws.can("read", ref[0]):  # erased or unshared meanwhile:
        return HIDDEN, "", None  # a poll is not an attempt to open it (nothing recorded)
    try:
        newest = ws.current_rev(ref[0])
    except StoreError:  # the case was deleted
        return HIDDEN, "", None
    if newest <= ref[1]:
        return HIDDEN, "", None
    changes = ws.changes_since(ref[0], ref[1])
    n = len(changes)
    kinds = ", ".join(dict.fromkeys(c["kind"] or "change" for c in changes))
    when = str(changes[-1]["created"] if changes else "").replace("T", " ")[11:16]
    text = (f"{n} newer {'change' if n == 1 else 'changes'} by "
            f"{_people([c['user'] for c in changes])} ({kinds})"
            + (f", last at {when} UTC" if n > 1 and when else "") + " —")
    return BAR_STYLE, text, newest


def layout() -> html.Div:
    return html.Div([
        dcc.Interval(id=ids.NEWER_TICK, interval=POLL_MS),
        dcc.Store(id=ids.NEWER_POLL),
        dcc.Store(id=ids.NEWER_TARGET),
        html.Div(id=ids.NEWER_BAR, role="status", style=HIDDEN, children=[
            html.Span(id=ids.NEWER_TEXT),
            html.Button("Take them in", id=ids.NEWER_TAKE, n_clicks=0,
                        className="cg-button cg-button-sm",
                        title="Show the newest revision of the case"),
        ]),
    ])


def register(app) -> None:
    app.clientside_callback(ONLY_WHEN_VISIBLE, Output(ids.NEWER_POLL, "data"),
                            Input(ids.NEWER_TICK, "n_intervals"), prevent_initial_call=True)

    @app.callback(
        Output(ids.NEWER_BAR, "style"),
        Output(ids.NEWER_TEXT, "children"),
        Output(ids.NEWER_TARGET, "data"),
        Input(ids.NEWER_POLL, "data"),
        # another case or a revision taken whole; a delta made on this page (an expansion,
        # a tag) is the newest revision, and the bar, hidden, stays hidden
        Input(ids.CASE_OPENED, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_tick(_tick, _opened, store):
        return newer_changes(workspace(), store)

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Input(ids.NEWER_TAKE, "n_clicks"),
        State(ids.NEWER_TARGET, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_take(clicks, target, store):
        ref = case_ref(store)
        if not clicks or ref is None or not target or ctx.triggered_id != ids.NEWER_TAKE:
            return no_update
        return {"case_id": ref[0], "rev": int(target)}
