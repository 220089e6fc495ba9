"""Access to the server-side state of the app that is serving the current request.

The browser holds only ``{"case_id", "rev"}`` (see ``ids.CASE_STORE``); the case, its
analysis and positions come from the :class:`~casegraph.workspace.Workspace` attached to the
Flask server of the app, so two apps in one process never share state.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import flask
import pandas as pd

from casegraph.workspace import Workspace

WORKSPACE_KEY = "CASEGRAPH_WORKSPACE"


def workspace() -> Workspace:
    """The workspace of the app handling the current request."""
    return flask.current_app.config[WORKSPACE_KEY]


def acting_user() -> str:
    """Who is making the current request ("" while the app has no logins).

    The access layer binds the logged-in user here; changes record it with their revision
    and lookups with their audit row.
    """
    user = flask.g.get("casegraph_user") if flask.has_request_context() else None
    return str(user or "")


def case_ref(store: Any) -> tuple[str, int] | None:
    """``(case_id, rev)`` from the case store's data, or None when no case is open."""
    if not isinstance(store, dict) or not store.get("case_id"):
        return None
    rev = store.get("rev")
    return str(store["case_id"]), int(rev) if rev else None


def store_for(ws: Workspace, case_id: str | None) -> dict[str, Any] | None:
    """The case store data for the current revision of ``case_id``."""
    if not case_id:
        return None
    return {"case_id": case_id, "rev": ws.current_rev(case_id)}


def ranked_analysis(ws: Workspace, ref: tuple[str, int]):
    """The analysis of a revision, with the slang signal score as one more ranked measure
    when the case holds posts, so hub rings, the hubs table and the concentric layout treat
    every size measure alike. Cached per revision."""
    from casegraph.elements import signal_values

    def make():
        analysis = ws.analysis(*ref)
        values = signal_values(ws.case(*ref))
        if values is None:
            return analysis
        table = analysis.centrality.copy()
        table["signal"] = pd.Series(values, dtype=float).reindex(table.index).fillna(0.0)
        table["rank_signal"] = table["signal"].rank(ascending=False, method="min").astype(int)
        return dataclasses.replace(analysis, centrality=table)

    return ws.derived(ref[0], ref[1], "ranked-analysis", make)
