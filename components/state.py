"""Access to the server-side state of the app that is serving the current request.

The browser holds only ``{"case_id", "rev"}`` (see ``ids.CASE_STORE``); the case, its
analysis and positions come from the :class:`~casegraph.workspace.Workspace` attached to the
Flask server of the app, so two apps in one process never share state. Panels reach it
through :func:`workspace`, which hands out the workspace *as the logged-in user* (a
:class:`~casegraph.session.CaseSession`): every read and change is checked and recorded
there, and a refusal raised in a callback becomes a message on the page
(:func:`on_callback_error`).

The view helpers (:func:`people_view`, :func:`analysis_for`, :func:`ranked_analysis`,
:func:`network_for`, :func:`actor_label`, :func:`view_note`) read the People / All entities
switch (:func:`view_of`) and ask the workspace's view methods (``analysed_view``,
``ranked_analysis``, ``network``, ``member_label``, ``view_figures``): the logic is in the
core, tested there.
"""

from __future__ import annotations

import logging
from typing import Any

import flask
from dash import html, set_props

from casegraph.access import Refused
from casegraph.session import CaseSession
from casegraph.workspace import ENTITIES, PEOPLE, VIEWS
from components import ids

WORKSPACE_KEY = "CASEGRAPH_WORKSPACE"
log = logging.getLogger(__name__)


def workspace() -> CaseSession:
    """The workspace of the app handling the current request, on behalf of the logged-in
    user (one per request)."""
    found = flask.g.get("casegraph_session")
    if found is not None:
        return found
    from flask_login import current_user

    if not getattr(current_user, "is_authenticated", False):
        raise Refused("Refused: log in first.", action="login")
    found = flask.current_app.config[WORKSPACE_KEY].session(current_user.actor)
    flask.g.casegraph_session = found
    return found


def on_callback_error(error: Exception):
    """Dash's error handler: a refusal becomes the page's alert (and no output changes);
    anything else stays an error."""
    if isinstance(error, Refused):
        set_props(ids.ACCESS_ALERT, {"children": [html.Strong(str(error))], "style": {}})
        return None
    raise error


def acting_user() -> str:
    """The logged-in user making the current request ("" outside a request). The session
    records this user with every revision and audit row whatever a panel passes."""
    if not flask.has_request_context():
        return ""
    from flask_login import current_user

    return current_user.actor.user if getattr(current_user, "is_authenticated", False) else ""


def keep_record(ws: CaseSession, case_id: str, record: dict[str, Any]) -> dict[str, str]:
    """Keep ``record`` (plain data the server will read back, e.g. the revision an Undo takes
    back) on the server for this analyst; the page holds only the ``{"id"}`` returned
    (``casegraph.enrichment.jobs.KeptRecords``)."""
    rid = ws.enrichment().results.keep(str(case_id), record, user=getattr(ws, "user", ""))
    return {"id": rid}


def kept_record(ws: CaseSession, kept: Any) -> dict[str, Any] | None:
    """The record ``kept`` (``{"id"}``) names, as the server kept it for this analyst; None
    when unknown, another analyst's or expired."""
    if not isinstance(kept, dict) or not kept.get("id"):
        return None
    return ws.enrichment().results.get(kept["id"], user=getattr(ws, "user", ""))


def case_ref(store: Any) -> tuple[str, int] | None:
    """``(case_id, rev)`` from the case store's data, or None when no case is open."""
    if not isinstance(store, dict) or not store.get("case_id"):
        return None
    rev = store.get("rev")
    return str(store["case_id"]), int(rev) if rev else None


def store_for(ws: CaseSession, case_id: str | None, opening: bool = False
              ) -> dict[str, Any] | None:
    """The case store data for the current revision of ``case_id``. ``opening``: the user
    opens the case (picker, page load, reopen), which is recorded as a consultation."""
    if not case_id:
        return None
    rev = ws.open_case(case_id) if opening else ws.current_rev(case_id)
    return {"case_id": case_id, "rev": rev}


def view_of(value: Any) -> str:
    """The analysis view the switch (``ids.ANALYSIS_VIEW``) asks for; people by default.

    >>> view_of("entities"), view_of(None)
    ('entities', 'people')
    """
    return value if value in VIEWS else PEOPLE


def people_view(ws: CaseSession, ref: tuple[str, int], view: Any) -> bool:
    """Whether the analysis runs on a people network that differs from the case graph
    (a one-type case is a people network already)."""
    return ws.analysed_view(ref[0], ref[1], view_of(view)) == PEOPLE


def analysis_for(ws: CaseSession, ref: tuple[str, int], view: Any = PEOPLE):
    """The analysis of a revision in the chosen view (cached and kept by the workspace)."""
    return ws.analysis(ref[0], ref[1], view_of(view))


def ranked_analysis(ws: CaseSession, ref: tuple[str, int], view: Any = ENTITIES):
    """The analysis in the chosen view with the slang signal score ranked like every
    measure when the case holds posts (``Workspace.ranked_analysis``)."""
    return ws.ranked_analysis(ref[0], ref[1], view_of(view))


def network_for(ws: CaseSession, ref: tuple[str, int], view: Any = PEOPLE):
    """The undirected simple graph the chosen view analyses (``Workspace.network``; cached
    per revision, do not mutate it)."""
    return ws.network(ref[0], ref[1], view_of(view))


def actor_label(ws: CaseSession, ref: tuple[str, int], node: Any, view: Any = PEOPLE) -> str:
    """The name of a member of the analysed network (``Workspace.member_label``)."""
    return ws.member_label(ref[0], ref[1], node, view_of(view))


def view_note(ws: CaseSession, ref: tuple[str, int], view: Any) -> str:
    """One line saying what the figures are counted on (``Workspace.view_figures``)."""
    figures = ws.view_figures(ref[0], ref[1], view_of(view))
    if figures["view"] != PEOPLE:
        return (f"Counted on all {figures['members']:,} entities"
                + (" (one kind of entity: they are the people network)."
                   if figures["one_kind"] else "."))
    return (f"Counted on the people network: {figures['members']:,} actors in contact "
            f"({figures['unattributed']:,} of them accounts or phones nobody is attributed "
            f"to), {figures['ties']:,} ties. Posts, addresses and records are evidence, not "
            "members.")
