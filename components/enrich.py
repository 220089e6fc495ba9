"""Expanding entities through lookups, with provenance, undo and background jobs.

- Inspector section (``inspector_section``): the lookups that apply to the selected entity,
  each with "Expand" and "2 hops", and where the entity came from (its provenance).
- Result card (floating over the page): what the last expansion found, "possible same
  person" suggestions with a button to link them as ``same_as`` (never merged silently),
  expand the new entities, undo, and the progress bar + cancel of a running job.
- Delivery: an expansion sends the canvas only what changed (``delta_payload``, made by
  ``casegraph.elements.elements_delta``: new nodes placed relative to the entity they were
  found from, new links, changed counts), added client-side by ``casegraph.enrichApply``;
  the response carries the delta alone, and once
  the new nodes are drawn the browser writes the action's other outputs (``AFTER_PAINT``):
  the new revision into ``ids.CASE_STORE`` with ``"delta": True`` (the diagram does not
  resend the whole case for it), the result card, the marks and the selection, so the
  panels that follow them do not delay the new nodes. A delta that does not fit the canvas
  (another revision on screen) asks for a full reload instead.
- Teams: every change (expansion, link as same, undo, a job's result) is made on the revision
  the page shows and merged onto the newest one (``Workspace.apply_change``). When others
  saved meanwhile the page gets the merged revision whole, and the card says whose changes
  it was merged with and what was not applied because they changed it differently.
- The last result (what an expansion found, its suggestions with their scores, the revision
  Undo takes back) is kept on the server (``casegraph.enrichment.jobs.KeptRecords``);
  ``ids.ENRICH_LAST`` holds only its id and case (``{"id", "case_id"}``), read back by
  :func:`kept_result` for the analyst who made it.
- Jobs (bulk and 2-hop expansions) are Dash background callbacks: the click checks the
  request and writes a job ticket (``casegraph.enrichment.jobs.JobTickets``); the job, in
  another process, claims the ticket and trusts nothing else from the page. Progress, the
  running state and the result come back through Dash; Cancel marks the ticket and the job
  stops after its current lookup, keeping what it found.

Callbacks stay thin: every action is a plain function returning an :class:`Outcome`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from casegraph.access import Refused
from casegraph.elements import delta_marks, display_scale, elements_delta
from casegraph.enrichment import LookupContext, expand
from casegraph.enrichment.expand import accept_suggestion, live_suggestions
from casegraph.enrichment.jobs import Job, Progress, bulk_expand
from casegraph.limits import CaseTooLarge
from casegraph.model import Case, entity_types, link_types, now_iso
from casegraph.session import session_for
from casegraph.workspace import ChangeResult, Workspace
from components import ids
from components.clicks import gate, pressed
from components.clicks import store as click_store
from components.overlays import overlay
from components.state import case_ref, workspace
from components.widgets import facts, job_progress

log = logging.getLogger(__name__)

HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
JOB_POLL_MS = 500  # how often the page asks a background job for progress
SEP = "||"  # joins two node ids in a same-as button's index
ACTION_OUTPUTS = ("store", "delta", "overlay", "last", "selection", "message", "panel", "job",
                  "undo")


@dataclass
class Outcome:
    """What an action changes on the page; ``no_update`` for everything it leaves alone."""

    store: Any = no_update          # ids.CASE_STORE
    delta: Any = no_update          # ids.ENRICH_DELTA
    overlay: Any = no_update        # ids.OVERLAY_ENRICH
    last: Any = no_update           # ids.ENRICH_LAST: the result record (kept server side)
    selection: Any = no_update      # ids.SELECTION
    message: Any = no_update        # ids.ENRICH_MESSAGE children
    panel: Any = no_update          # ids.ENRICH_PANEL style
    job: Any = no_update            # ids.ENRICH_JOB: the ticket of a background job
    undo: Any = no_update           # ids.ENRICH_UNDO style

    def outputs(self) -> tuple:
        return tuple(getattr(self, name) for name in ACTION_OUTPUTS)


# -- small helpers ----------------------------------------------------------------------------
def missing_details(case: Case) -> list[str]:
    """The case details a lookup needs that are not set ("case number", "purpose")."""
    return [label for key, label in (("case_number", "case number"), ("purpose", "purpose"))
            if not str(case.meta.get(key) or "").strip()]


def node_label(case: Case, node: str) -> str:
    return str(case.graph.nodes[node].get("label", node)) if node in case.graph else str(node)


def _current(ws: Workspace, store: Any) -> tuple[str, int] | None:
    ref = case_ref(store)
    if ref is None:
        return None
    return ref[0], ref[1] or ws.current_rev(ref[0])


# -- the last result, kept server side ----------------------------------------------------
def keep_result(ws: Workspace, out: Outcome) -> Outcome:
    """Keep the outcome's result record on the server; the page gets ``{"id", "case_id"}``
    in ``ids.ENRICH_LAST`` (None and ``no_update`` pass as they are)."""
    if isinstance(out.last, dict):
        rid = ws.enrichment().results.keep(str(out.last.get("case_id")), out.last,
                                           user=getattr(ws, "user", ""))
        out.last = {"id": rid, "case_id": out.last.get("case_id")}
    return out


def kept_result(ws: Workspace, last: Any) -> dict[str, Any] | None:
    """The result record ``ids.ENRICH_LAST`` names, as the server kept it for this analyst
    (None when unknown, another analyst's or expired)."""
    if not isinstance(last, dict):
        return None
    return ws.enrichment().results.get(last.get("id"), user=getattr(ws, "user", ""))


# -- provenance -----------------------------------------------------------------------------
def _when(text: Any) -> str:
    return str(text or "").replace("T", " ")[:16]


def stamp_lines(stamp: Any) -> tuple[str, list[tuple[str, Any]]]:
    """A provenance stamp as a title and ``(field, value)`` rows, in an analyst's words."""
    if not isinstance(stamp, dict):
        return "Source", [("note", stamp)]
    kind = stamp.get("kind")
    if kind == "lookup":
        rows = [("query", f"{stamp.get('query_type', '?')} {stamp.get('query_value', '')}"),
                ("source record", stamp.get("source_record") or "–"),
                ("confidence", f"{float(stamp.get('confidence', 0)):.2f}"),
                ("looked up", _when(stamp.get("at"))),
                ("case number", stamp.get("case_number") or "–")]
        if stamp.get("user"):
            rows.append(("analyst", stamp["user"]))
        return f"Found by the {stamp.get('provider', '?')} lookup", rows
    if kind == "file":
        rows = [("file", stamp.get("source", "?")), ("format", stamp.get("format", "?"))]
        if stamp.get("row") is not None:
            rows.append(("row", stamp["row"]))
        rows.append(("loaded", _when(stamp.get("at"))))
        return "Loaded from a file", rows
    if kind == "analyst":
        rows = [("by", stamp.get("user") or "–"), ("at", _when(stamp.get("at")))]
        if stamp.get("note"):
            rows.append(("note", stamp["note"]))
        return "Added by the analyst", rows
    rows = [(k, v) for k, v in stamp.items() if k != "kind"]
    return str(kind or "Source").capitalize(), rows


def provenance_list(stamps: Any, limit: int = 20) -> html.Div:
    items = []
    stamps = [s for s in (stamps or []) if s]
    for stamp in stamps[:limit]:
        title, rows = stamp_lines(stamp)
        items.append(html.Div(className="cg-enrich-stamp", children=[
            html.Div(title, className="cg-enrich-stamp-title"),
            facts([(k, str(v)) for k, v in rows], "cg-kv cg-enrich-stamp-rows"),
        ]))
    if len(stamps) > limit:
        items.append(html.Div(f"… and {len(stamps) - limit} more", className="cg-insp-note"))
    if not items:
        items.append(html.Div("No provenance recorded.", className="cg-insp-note"))
    return html.Div(items, className="cg-enrich-provenance")


def link_provenance(links: list[tuple[str, str, str, dict[str, Any]]],
                    limit: int = 12) -> list[Any]:
    """The provenance of the links between two entities (for the link inspector)."""
    blocks = []
    for u, v, _key, data in links[:limit]:
        label = link_types().get(data.get("type"), {}).get("label", data.get("type", "link"))
        blocks.append(html.Div(className="cg-enrich-link-prov", children=[
            html.Div(f"{label} · {u} → {v}", className="cg-enrich-link-title"),
            provenance_list(data.get("provenance"), limit=4)]))
    if len(links) > limit:
        blocks.append(html.Div(f"… and {len(links) - limit} more links",
                               className="cg-insp-note"))
    return [html.H3("Provenance", className="cg-enrich-heading"), *blocks]


# -- inspector section ------------------------------------------------------------------------
def inspector_section(ws: Workspace, ref: tuple[str, int], node: str) -> list[Any]:
    """Lookups for ``node`` (one button each, plus "2 hops") and where ``node`` came from."""
    case = ws.case(*ref)
    if node not in case.graph:
        return []
    data = case.graph.nodes[node]
    etype = data.get("type", "other")
    providers = ws.enrichment().registry.for_type(etype)
    parts: list[Any] = [html.H3("Lookups", className="cg-enrich-heading")]
    if not providers:
        plural = entity_types().get(etype, {}).get("plural", etype)
        parts.append(html.Div(f"No lookup applies to {plural.lower()}.",
                              className="cg-insp-note"))
    elif not ws.can("lookup", ref[0]):
        parts.append(html.Div("Lookups are not open to you on this case.",
                              className="cg-insp-note"))
    else:
        missing = missing_details(case)
        if missing:
            parts.append(html.Div(className="cg-enrich-warn", children=[
                f"Set the {' and '.join(missing)} of the case (Case details, top right) first: "
                "lookups without them are refused and the refusal is audited."]))
        for provider in providers:
            parts.append(html.Div(className="cg-enrich-lookup", children=[
                html.Div(className="cg-enrich-lookup-name", children=[
                    html.Strong(provider.name),
                    html.Span(getattr(provider, "description", "") or
                              "people records: names, phones, emails, addresses",
                              className="cg-enrich-lookup-desc")]),
                html.Div(className="cg-enrich-lookup-actions", children=[
                    html.Button("Expand", id={"type": ids.ENRICH_EXPAND, "index": provider.name},
                                n_clicks=0,
                                className="cg-button cg-button-primary cg-enrich-expand "
                                          "cg-needs-lookup",
                                title=f"Look {node_label(case, node)} up with {provider.name} "
                                      "and add what it returns"),
                    html.Button("2 hops", id={"type": ids.ENRICH_HOPS, "index": provider.name},
                                n_clicks=0,
                                className="cg-button cg-enrich-hops cg-needs-lookup",
                                title="Expand this entity, then everything it returns "
                                      "(runs in the background)"),
                ]),
            ]))
    parts += [html.H3("Provenance", className="cg-enrich-heading"),
              provenance_list(data.get("provenance"))]
    return parts


# -- the canvas delta -------------------------------------------------------------------------
def canvas_scale(ws: Workspace, case_id: str, rev: int) -> tuple[float, float]:
    """Model units -> canvas pixels, per axis, as the canvas draws revision ``rev``
    (``casegraph.elements.display_scale``, cached per revision)."""
    return ws.derived(case_id, rev, "enrich-canvas-scale",
                      lambda: display_scale(ws.case(case_id, rev)))


def delta_payload(ws: Workspace, case_id: str, base_rev: int, rev: int, touched: list[str],
                  anchors: dict[str, str] | None = None) -> dict[str, Any]:
    """What the canvas needs to go from revision ``base_rev`` to ``rev`` when only the
    entities in ``touched`` (and their links) changed: ``casegraph.elements.elements_delta``
    (new nodes placed relative to their ``anchors``, ``remove``, ``update``), with the two
    revisions and a stamp."""
    scale = canvas_scale(ws, case_id, base_rev)
    ws.derived(case_id, rev, "enrich-canvas-scale", lambda: scale)  # as the canvas draws
    delta = elements_delta(ws.case(case_id, base_rev), ws.case(case_id, rev), touched,
                           anchors, scale)
    return {"base": [case_id, base_rev], "case": [case_id, rev], **delta, "t": time.time_ns()}


# -- actions ----------------------------------------------------------------------------------
def card(title: str, lines: list[str], *, tone: str = "info",
         suggestions: list[dict[str, Any]] | None = None, bulk: tuple[str, int] | None = None,
         extra: list[Any] | None = None) -> list[Any]:
    """The result card's content."""
    parts: list[Any] = [html.Div(title, className=f"cg-enrich-title cg-enrich-{tone}")]
    parts += [html.Div(line, className="cg-enrich-line") for line in lines if line]
    if suggestions:
        parts.append(html.Div("Possible same person (not merged)",
                              className="cg-enrich-subtitle"))
        for s in suggestions[:8]:
            parts.append(html.Div(className="cg-enrich-suggestion", children=[
                html.Span([html.Strong(str(s["label"])), " (found) ~ ",
                           html.Strong(str(s["existing_label"])), " (in the case)"],
                          className="cg-enrich-suggestion-text"),
                html.Span(f"{s['score']:.0f}%", className="cg-enrich-score"),
                html.Button("Merge: same person", n_clicks=0,
                            id={"type": ids.ENRICH_SAME_AS,
                                "index": f"{s['node']}{SEP}{s['existing']}"},
                            className="cg-button cg-button-sm cg-needs-edit",
                            title="Make them one node (both provenances kept; undoable)")]))
    if bulk:
        provider, count = bulk
        parts.append(html.Button(f"Expand the {count} new entities", n_clicks=0,
                                 id={"type": ids.ENRICH_BULK, "index": provider},
                                 className="cg-button cg-button-sm cg-enrich-bulk "
                                           "cg-needs-lookup",
                                 title="Look each new entity up in turn (in the background)"))
    return parts + (extra or [])


def refused_card(messages: list[str]) -> list[Any]:
    return card("Lookup refused", messages + [
        "Open “Case details” at the top right, set the case number and the purpose, "
        "then try again."], tone="error")


# what a lookup that added nothing says, by status (casegraph.enrichment.base.STATUSES)
NOTHING_NEW = {
    "ok": ("nothing new", "quiet"),
    "not_found": ("not found", "quiet"),
    "not_covered": ("not covered by this source", "quiet"),
    "timeout": ("the source did not answer in time", "error"),
    "quota": ("the source refused: too many lookups, try again later", "error"),
    "error": ("the lookup failed", "error"),
    "malformed": ("the source's answer could not be read", "error"),
}


def nothing_new_card(label: str, provider_name: str, status: str,
                     messages: list[str]) -> list[Any]:
    """The card of a lookup that added nothing, saying why (never an error page)."""
    words, tone = NOTHING_NEW.get(status, (status.replace("_", " "), "error"))
    return card(f"{label}: {words} ({provider_name})", messages, tone=tone)


def change_lines(result: ChangeResult) -> list[str]:
    """What an analyst should know about how a change landed: merged onto whose changes,
    and what was not applied because someone changed it differently meanwhile."""
    lines = []
    if result.rebased and result.others:
        people = sorted({o["user"] or "someone" for o in result.others})
        n = len(result.others)
        lines.append(f"Merged with {n} newer {'change' if n == 1 else 'changes'} by "
                     f"{', '.join(people)} (revision {result.rev}).")
    if result.conflicts:
        lines.append("Not applied, changed by someone else meanwhile (their value kept):")
        lines += result.conflict_lines()
    return lines


def _landed(ws: Workspace, case_id: str, page_rev: int, result: ChangeResult,
            touched: list[str], anchors: dict[str, str] | None = None
            ) -> tuple[dict[str, Any], Any]:
    """``(case store, delta)`` for a change that landed as ``result``: a delta when the page
    shows the revision the change was applied on, else the new revision whole (the delta
    would miss what others changed)."""
    if result.rebased or result.parent_rev != page_rev:
        return {"case_id": case_id, "rev": result.rev}, None
    delta = delta_payload(ws, case_id, page_rev, result.rev, touched, anchors)
    return {"case_id": case_id, "rev": result.rev, "delta": True}, delta


def expand_action(ws: Workspace, store: Any, node: str, provider_name: str,
                  user: str = "") -> Outcome:
    """Expand ``node`` with one provider as the page shows the case; on a change, merge it
    onto the newest revision and send the page what changed."""
    ref = _current(ws, store)
    if ref is None:
        return Outcome()
    case_id, rev = ref
    case = ws.case(case_id, rev)
    if node not in case.graph:
        return Outcome(message=card("Not in the case", [f"{node} is not in this revision."],
                                    tone="error"), panel=SHOWN)
    kit = ws.lookup_kit(case_id)  # refused unless the user may run lookups on this case
    provider = kit.registry.get(provider_name)
    user = ws.user  # the logged-in user, whatever the page sent
    context = LookupContext.for_case(case, user=user)
    res = expand(case, node, provider, context, cache=kit.cache.for_case(case_id),
                 audit=kit.audit)
    label = node_label(case, node)
    if res.status == "refused":
        return Outcome(message=refused_card(res.messages), panel=SHOWN, overlay=None)
    if not res.changed:
        return Outcome(message=nothing_new_card(label, provider_name, res.status, res.messages),
                       panel=SHOWN, overlay=None)
    try:
        result = ws.apply_change(case_id, rev, res.case, kind="expansion", user=user,
                                 note=f"expanded {label} with {provider_name}")
    except CaseTooLarge as exc:
        return Outcome(message=card(f"{label}: not added", [str(exc)], tone="error"),
                       panel=SHOWN, overlay=None)
    touched = [*res.new_nodes, node, *res.matched]
    new_store, delta = _landed(ws, case_id, rev, result, touched,
                               {n: node for n in res.new_nodes})
    last = {"case_id": case_id, "base_rev": rev, "rev": result.rev, "label": label,
            "touched": touched, "new_nodes": res.new_nodes, "provider": provider_name,
            "suggestions": res.suggestions}
    bulk = (provider_name, len(res.new_nodes)) if res.new_nodes else None
    marks = delta_marks(delta, node) if delta else {"ov-new": res.new_nodes, "ov-focus": [node]}
    return Outcome(
        store=new_store, delta=delta if delta else no_update, last=_undoable(result, last),
        overlay=overlay(new_store, marks, fit=True),
        selection={"kind": "node", "id": node, "centre": False, "rev": result.rev},
        message=card(f"Expanded {label} with {provider_name}",
                     res.messages + change_lines(result), suggestions=res.suggestions,
                     bulk=bulk),
        panel=SHOWN, undo=SHOWN if result.changed else HIDDEN)


def _undoable(result: ChangeResult, last: dict[str, Any]) -> dict[str, Any]:
    """What Undo will take back: this change's revision, or nothing when the change added
    nothing to the newest revision (others had made it already; their revision is not
    this analyst's to undo)."""
    return last if result.changed else {**last, "rev": None}


def _merge_suggestion(ws: Workspace, case_id: str, rev: int, case: Case,
                      suggestion: dict[str, Any], last: Any) -> Outcome:
    """A person the lookup held back is the suggested one: merge them (one node), as a
    change merged onto the newest revision."""
    existing = suggestion["existing"]
    res = accept_suggestion(case, suggestion, user=ws.user,
                            reason=f"same person (name match {suggestion['score']:.0f}%)")
    try:
        result = ws.apply_change(case_id, rev, res.case, kind="merge", user=ws.user,
                                 note=f"{suggestion['label']} merged into "
                                      f"{node_label(case, existing)}")
    except CaseTooLarge as exc:
        return Outcome(message=card("Not merged", [str(exc)], tone="error"), panel=SHOWN)
    touched = [*res.new_nodes, existing, *res.matched]
    new_store, delta = _landed(ws, case_id, rev, result, touched,
                               {n: existing for n in res.new_nodes})
    remaining = live_suggestions(res.case, [
        s for s in (last or {}).get("suggestions", []) if s["node"] != suggestion["node"]])
    new_last = {"case_id": case_id, "base_rev": rev, "rev": result.rev,
                "label": node_label(case, existing), "touched": touched,
                "new_nodes": res.new_nodes, "provider": (last or {}).get("provider"),
                "suggestions": remaining}
    marks = delta_marks(delta, existing) if delta else {"ov-new": res.new_nodes,
                                                      "ov-focus": [existing]}
    return Outcome(
        store=new_store, delta=delta if delta else no_update,
        last=_undoable(result, new_last), overlay=overlay(new_store, marks),
        message=card("Merged as the same person",
                     [f"{suggestion['label']} (found) is {node_label(case, existing)}: one "
                      "node, with both provenances.", *res.messages[-1:],
                      *change_lines(result)],
                     suggestions=remaining),
        panel=SHOWN, undo=SHOWN if result.changed else HIDDEN)


def same_as_action(ws: Workspace, store: Any, index: str, last: Any, user: str = "") -> Outcome:
    """Link a suggested pair as ``same_as`` (a change; both entities stay)."""
    ref = _current(ws, store)
    node, _, existing = str(index).partition(SEP)
    if ref is None or not existing:
        return Outcome()
    case_id, rev = ref
    case = ws.case(case_id, rev)
    suggestion = next((s for s in (last or {}).get("suggestions", [])
                       if s["node"] == node and s["existing"] == existing), {})
    if node not in case.graph and suggestion.get("found") and existing in case.graph:
        return _merge_suggestion(ws, case_id, rev, case, suggestion, last)
    if node not in case.graph or existing not in case.graph:
        return Outcome(message=card("Cannot link", ["One of the two is no longer in the case."],
                                    tone="error"), panel=SHOWN)
    score = float(suggestion.get("score", 0.0))
    user = ws.user
    new = case.copy()
    new.add_link(node, existing, "same_as", confidence=round(score / 100, 3),
                 provenance={"kind": "analyst", "user": user, "at": now_iso(),
                             "note": f"linked as possibly the same person (name match "
                                     f"{score:.0f}%)"})
    result = ws.apply_change(case_id, rev, new, kind="same_as", user=user,
                             note=f"{node_label(case, node)} possibly same as "
                                  f"{node_label(case, existing)}")
    new_store, delta = _landed(ws, case_id, rev, result, [node, existing])
    remaining = [s for s in (last or {}).get("suggestions", [])
                 if (s["node"], s["existing"]) != (node, existing)]
    new_last = {"case_id": case_id, "base_rev": rev, "rev": result.rev,
                "label": node_label(case, node), "touched": [node, existing],
                "new_nodes": [], "provider": (last or {}).get("provider"),
                "suggestions": remaining}
    return Outcome(
        store=new_store, delta=delta if delta else no_update,
        last=_undoable(result, new_last),
        overlay=overlay(new_store, {"ov-new": [[node, existing]]}),
        message=card("Linked as possibly the same person",
                     [f"{node_label(case, node)} ~ {node_label(case, existing)}: both stay in "
                      "the case, joined by a “possibly same as” link.", *change_lines(result)],
                     suggestions=remaining),
        panel=SHOWN, undo=SHOWN if result.changed else HIDDEN)


def undo_action(ws: Workspace, store: Any, last: Any, user: str = "") -> Outcome:
    """Take back the last expansion (or link): exactly that change, even when others saved
    after it; what they changed stays."""
    if not isinstance(last, dict) or not last.get("case_id") or not last.get("rev"):
        return Outcome(message=card("Nothing to undo", []), panel=SHOWN, undo=HIDDEN)
    case_id, rev = last["case_id"], int(last["rev"])
    ref = case_ref(store)
    page_rev = ref[1] if ref and ref[0] == case_id and ref[1] else ws.current_rev(case_id)
    result = ws.undo(case_id, rev, user=ws.user)
    if not result.changed:
        return Outcome(message=card("Nothing to undo", [
            "That change has already been taken back."], tone="quiet"), panel=SHOWN,
            undo=HIDDEN, last=None)
    new_store, delta = _landed(ws, case_id, page_rev, result, list(last.get("touched") or []))
    return Outcome(store=new_store, delta=delta if delta else no_update, last=None,
                   overlay=None, selection=no_update,
                   message=card(f"Undone: {last.get('label', 'the last expansion')}",
                                [f"Revision {rev}'s change taken back as revision "
                                 f"{result.rev}. The lookups stay in the audit trail.",
                                 *change_lines(result)], tone="quiet"),
                   panel=SHOWN, undo=HIDDEN)


# -- background jobs ----------------------------------------------------------------------------
def start_job(ws: Workspace, store: Any, nodes: list[str], provider_name: str, hops: int,
              label: str, user: str = "") -> Outcome:
    """Check a bulk / n-hop expansion and write its job ticket; the page then runs it as a
    background callback (``run_job``), which trusts only what the ticket says."""
    ref = _current(ws, store)
    if ref is None or not nodes:
        return Outcome()
    case_id, rev = ref
    case = ws.case(case_id, rev)
    kit = ws.lookup_kit(case_id)  # refused unless the user may run lookups on this case
    provider = kit.registry.get(provider_name)
    user = ws.user
    if missing_details(case):  # refused (and audited) without starting a job
        context = LookupContext.for_case(case, user=user)
        res = expand(case, nodes[0], provider, context, audit=kit.audit)
        return Outcome(message=refused_card(res.messages), panel=SHOWN)
    nodes = [str(n) for n in dict.fromkeys(nodes) if n in case.graph]
    if not nodes:
        return Outcome(message=card("Not in the case", ["None of those entities is in this "
                                                        "revision."], tone="error"),
                       panel=SHOWN)
    ticket = kit.tickets.issue(case_id, rev, {"nodes": nodes, "provider": provider_name,
                                              "hops": int(hops), "label": label}, user=user)
    return Outcome(job={"ticket": ticket, "ws": ws.key, "case_id": case_id, "base_rev": rev,
                        "label": label},
                   message=card(label, ["Running in the background; the diagram stays "
                                        "usable."], tone="quiet"), panel=SHOWN)


def job_running(ws: Workspace, job: Any) -> bool:
    """Whether the page's last job is still running (its ticket says so, for a while)."""
    if not isinstance(job, dict) or not job.get("ticket"):
        return False
    return ws.enrichment().tickets.running(job["ticket"])


def progress_values(done: int, total: int, message: str) -> tuple[dict[str, str], str]:
    """The progress bar's style and text."""
    share = min(100, round(100 * done / max(total, 1)))
    return {"width": f"{share}%"}, f"{done} of {total} lookups · {message}"


def run_job(job: Any, report=None) -> Outcome:
    """Run the job a ticket describes (in a background process) and land its result on the
    newest revision. ``job``: the page's ``{"ticket", "ws"}``; everything else comes from
    the ticket the server wrote. ``report(done, total, message)``: progress."""
    if not isinstance(job, dict) or not job.get("ticket"):
        return Outcome()
    opened = Workspace.opened(str(job.get("ws") or ""))
    if opened is None:
        return Outcome(message=card("The background expansion could not start", [
            "This server does not hold the case's database."], tone="error"), panel=SHOWN)
    tickets = opened.enrichment().tickets
    claimed = tickets.claim(job["ticket"])
    if claimed is None:
        return Outcome()  # unknown, stale or already run: nothing to do
    params, case_id, base_rev = claimed.params, claimed.case_id, claimed.base_rev
    label = str(params.get("label") or "Expansion")
    provider_name = str(params.get("provider"))
    try:
        # the job runs as the user who asked, with their access as it is now
        ws = session_for(opened, claimed.user)
        kit = ws.lookup_kit(case_id)
        case = ws.case(case_id, base_rev)
        provider = kit.registry.get(provider_name)
        context = LookupContext.for_case(case, user=claimed.user)
        progress = Progress(report=report,
                            should_stop=lambda: tickets.cancel_requested(claimed.ticket))
        res = bulk_expand(case, [str(n) for n in params.get("nodes") or []], provider,
                          context, hops=int(params.get("hops") or 1),
                          cache=kit.cache.for_case(case_id), audit=kit.audit,
                          progress=progress)
        out = keep_result(ws, _job_outcome(ws, claimed, res, label, provider_name))
    except Refused as exc:
        out = Outcome(message=card(f"{label}: refused", [str(exc)], tone="error"),
                      panel=SHOWN)
    except Exception as exc:  # a failed job is reported on its card, never lost
        log.exception("background job %s failed", claimed.ticket)
        out = Outcome(message=card(f"{label}: failed", [f"{type(exc).__name__}: {exc}"],
                                   tone="error"), panel=SHOWN)
    tickets.finish(claimed.ticket)
    return out


def _job_outcome(ws: Workspace, job: Job, res: Any, label: str, provider_name: str) -> Outcome:
    done = Outcome(panel=SHOWN)
    if res.statuses.get("refused"):
        done.message = refused_card(res.messages[1:] or res.messages)
        return done
    if not res.changed:
        done.message = card(f"{label}: nothing new", res.messages, tone="quiet")
        return done
    case_id, base_rev = job.case_id, job.base_rev
    try:
        result = ws.apply_change(case_id, base_rev, res.case, note=label, kind="expansion",
                                 user=job.user)
    except CaseTooLarge as exc:
        done.message = card(f"{label}: not added", [str(exc)], tone="error")
        return done
    touched = [*res.new_nodes, *res.expanded, *res.matched]
    new_store, delta = _landed(ws, case_id, base_rev, result, touched, res.anchors)
    done.store, done.delta = new_store, delta if delta else no_update
    done.undo = SHOWN if result.changed else HIDDEN
    done.overlay = overlay(new_store, delta_marks(delta) if delta else {"ov-new": res.new_nodes},
                           fit=True)
    done.last = _undoable(result, {
        "case_id": case_id, "base_rev": base_rev, "rev": result.rev, "label": label,
        "touched": touched, "new_nodes": res.new_nodes, "provider": provider_name,
        "suggestions": res.suggestions})
    done.message = card(label, res.messages + change_lines(result),
                        suggestions=res.suggestions,
                        tone="quiet" if res.cancelled else "info")
    return done


def cancel_job(ws: Workspace, job: Any) -> Outcome:
    """Ask the page's running job to stop after its current lookup (it keeps what it
    found)."""
    if isinstance(job, dict) and ws.enrichment().tickets.request_cancel(job.get("ticket")):
        return Outcome(message=card(str(job.get("label") or "Expansion"),
                                    ["Cancelling after the current lookup…"], tone="quiet"),
                       panel=SHOWN)
    return Outcome()


# outputs of an action with a delta that the browser sets once the new nodes are drawn
AFTER_PAINT = {"store": (ids.CASE_STORE, "data"), "overlay": (ids.OVERLAY_ENRICH, "data"),
               "last": (ids.ENRICH_LAST, "data"), "selection": (ids.SELECTION, "data"),
               "message": (ids.ENRICH_MESSAGE, "children"), "panel": (ids.ENRICH_PANEL, "style"),
               "undo": (ids.ENRICH_UNDO, "style")}


def after_paint(out: Outcome) -> list[list[Any]]:
    """``[component id, prop, value]`` for each output in ``AFTER_PAINT`` the action sets."""
    return [[cid, prop, getattr(out, name)] for name, (cid, prop) in AFTER_PAINT.items()
            if getattr(out, name) is not no_update]


def paint_first(out: Outcome) -> Outcome:
    """With a delta, the new nodes paint first: the response carries the delta alone, and
    casegraph.enrichApply writes the new revision into ids.CASE_STORE and the rest (card,
    marks, selection) once they are drawn; only then do the panels update."""
    if isinstance(out.delta, dict):
        out.delta = {**out.delta, "then": after_paint(out)}
        for name in AFTER_PAINT:
            setattr(out, name, no_update)
    return out


def dispatch(ws: Workspace, trigger: Any, value: Any, *, store: Any, selection: Any,
             last: Any, job: Any, multi: Any = None, user: str = "") -> Outcome:
    """The action for the input that fired (``trigger`` = ``ctx.triggered_id``)."""
    if not value:  # buttons re-rendered with n_clicks 0: not a click
        return Outcome()
    if trigger == ids.ENRICH_CANCEL:
        return cancel_job(ws, job)
    if trigger == ids.ENRICH_DISMISS:
        return Outcome(panel=HIDDEN, overlay=None)
    if trigger != ids.ENRICH_UNDO and job_running(ws, job):
        return Outcome(message=card("A background expansion is running",
                                    ["Wait for it to finish or cancel it first."],
                                    tone="error"), panel=SHOWN)
    if trigger == ids.ENRICH_UNDO:
        return undo_action(ws, store, last, user)
    if not isinstance(trigger, dict):
        return Outcome()
    kind, index = trigger.get("type"), str(trigger.get("index"))
    if kind == ids.ENRICH_SAME_AS:
        return same_as_action(ws, store, index, last, user)
    if kind == ids.ENRICH_BULK:
        nodes = list((last or {}).get("new_nodes") or [])
        return start_job(ws, store, nodes, index, 1,
                         f"Expanding {len(nodes)} new entities with {index}", user)
    if kind == ids.ENRICH_BULK_SELECTED:
        from components.multi_select import selected_nodes

        nodes = selected_nodes(ws, store, multi)
        if not nodes:
            return Outcome(message=card("Nothing selected", [
                "Shift-click entities or shift-drag a box around them first."],
                tone="error"), panel=SHOWN)
        return start_job(ws, store, nodes, index, 1,
                         f"Expanding {len(nodes)} selected entities with {index}", user)
    node = selection.get("id") if isinstance(selection, dict) and \
        selection.get("kind") == "node" else None
    if node is None:
        return Outcome()
    if kind == ids.ENRICH_EXPAND:
        return expand_action(ws, store, str(node), index, user)
    if kind == ids.ENRICH_HOPS:
        ref = _current(ws, store)
        label = node_label(ws.case(*ref), str(node)) if ref else str(node)
        return start_job(ws, store, [str(node)], index, 2,
                         f"Expanding {label} 2 hops with {index}", user)
    return Outcome()


def reload_payload(ws: Workspace, request: Any, layout_name: str | None,
                   measure: str | None, view: Any = None, people_open: Any = None) -> Any:
    """The full elements of the revision a delta could not be applied to (in the view the
    switch ``ids.ANALYSIS_VIEW`` chose)."""
    from components.diagram import elements_payload
    from components.people_diagram import opened_actors

    if not isinstance(request, dict) or not request.get("case"):
        return no_update
    case_id, rev = request["case"]
    store = {"case_id": case_id, "rev": rev}
    return elements_payload(ws, store, layout_name or "preset", measure or "degree",
                            view=view, opened=opened_actors(store, people_open))


def job_callback(set_progress, job):
    """The background callback: :func:`run_job` with its progress shown on the page.

    Defined at module level (not inside ``register``) so a job process can import it
    by name instead of receiving it pickled.
    """
    out = run_job(job, report=lambda done, total, message: set_progress(
        progress_values(done, total, message)))
    out = paint_first(out)
    return tuple(getattr(out, name) for name in JOB_OUTPUTS)


# -- layout -----------------------------------------------------------------------------------
def actions(ws: Workspace) -> list[Any]:
    """Stores and the floating result card (placed with the header actions)."""
    return [
        dcc.Store(id=ids.ENRICH_DELTA), dcc.Store(id=ids.ENRICH_RELOAD),
        dcc.Store(id=ids.ENRICH_SINK), dcc.Store(id=ids.ENRICH_LAST),
        dcc.Store(id=ids.ENRICH_JOB), click_store(ids.ENRICH_CLICK),
        html.Div(id=ids.ENRICH_PANEL, className="cg-enrich-panel", style=HIDDEN,
                 role="status", children=[
            html.Div(id=ids.ENRICH_MESSAGE, className="cg-enrich-message"),
            html.Div(id=ids.ENRICH_JOB_BOX, className="cg-enrich-job", style=HIDDEN,
                     children=job_progress(ids.ENRICH_PROGRESS, ids.ENRICH_PROGRESS_TEXT,
                                           ids.ENRICH_CANCEL, "Stop after the current lookup "
                                                              "and keep what was found")),
            html.Div(className="cg-enrich-panel-foot", children=[
                html.Button("Undo", id=ids.ENRICH_UNDO, n_clicks=0, style=HIDDEN,
                            className="cg-button cg-button-sm cg-needs-edit",
                            title="Take back this change (changes others made since stay)"),
                html.Button("Close", id=ids.ENRICH_DISMISS, n_clicks=0,
                            className="cg-button cg-button-sm cg-button-quiet",
                            title="Close this card and clear the 'new' marks"),
            ]),
        ]),
    ]


# outputs of the background job (a subset of ACTION_OUTPUTS)
JOB_OUTPUTS = ("store", "delta", "overlay", "last", "selection", "message", "panel", "undo")


def _outputs(names: tuple[str, ...]) -> list[Output]:
    where = {"store": (ids.CASE_STORE, "data"), "delta": (ids.ENRICH_DELTA, "data"),
             "overlay": (ids.OVERLAY_ENRICH, "data"), "last": (ids.ENRICH_LAST, "data"),
             "selection": (ids.SELECTION, "data"), "message": (ids.ENRICH_MESSAGE, "children"),
             "panel": (ids.ENRICH_PANEL, "style"), "job": (ids.ENRICH_JOB, "data"),
             "undo": (ids.ENRICH_UNDO, "style")}
    return [Output(*where[name], allow_duplicate=True) for name in names]


def register(app) -> None:
    @app.callback(
        *_outputs(ACTION_OUTPUTS),
        Input(ids.ENRICH_CLICK, "data"),  # a lookup, suggestion or bulk button (the gate)
        Input(ids.ENRICH_UNDO, "n_clicks"),
        Input(ids.ENRICH_CANCEL, "n_clicks"),
        Input(ids.ENRICH_DISMISS, "n_clicks"),
        State(ids.CASE_STORE, "data"),
        State(ids.SELECTION, "data"),
        State(ids.ENRICH_LAST, "data"),
        State(ids.ENRICH_JOB, "data"),
        State(ids.MULTI_SELECTION, "data"),
        prevent_initial_call=True,
    )
    def on_action(*args):
        store, selection, last, job, multi = args[-5:]
        triggered = ctx.triggered[0] if ctx.triggered else {}
        trigger = ctx.triggered_prop_ids.get(triggered.get("prop_id"))
        value = triggered.get("value")
        if trigger == ids.ENRICH_CLICK:
            trigger, value = pressed(value)
        ws = workspace()
        out = dispatch(ws, trigger, value, store=store, selection=selection,
                       last=kept_result(ws, last), job=job, multi=multi)
        return paint_first(keep_result(ws, out)).outputs()

    # the lookup buttons are redrawn with the inspector, the others with the card: only a
    # click reaches on_action (components/clicks.py)
    gate(app, ids.ENRICH_CLICK, ids.ENRICH_EXPAND, ids.ENRICH_HOPS, ids.ENRICH_BULK,
         ids.ENRICH_SAME_AS, ids.ENRICH_BULK_SELECTED)

    # the job itself, in a background process (a clean subprocess or a Celery worker): it
    # gets the ticket the click wrote and nothing else from the page
    app.callback(
        *_outputs(JOB_OUTPUTS),
        Input(ids.ENRICH_JOB, "data"),
        background=True,
        progress=[Output(ids.ENRICH_PROGRESS, "style"), Output(ids.ENRICH_PROGRESS_TEXT,
                                                                "children")],
        progress_default=[{"width": "0%"}, ""],
        running=[(Output(ids.ENRICH_JOB_BOX, "style"), SHOWN, HIDDEN)],
        interval=JOB_POLL_MS,
        prevent_initial_call=True,
    )(job_callback)

    # a different case picked: the card and the undo of another case no longer apply
    @app.callback(
        Output(ids.ENRICH_PANEL, "style", allow_duplicate=True),
        Output(ids.ENRICH_LAST, "data", allow_duplicate=True),
        Output(ids.OVERLAY_ENRICH, "data", allow_duplicate=True),
        Input(ids.CASE_PICKER, "value"),
        State(ids.ENRICH_LAST, "data"),
        State(ids.OVERLAY_ENRICH, "data"),
        prevent_initial_call=True,
    )
    def on_pick(case_id, last, marks):
        shown = (last or {}).get("case_id") or ((marks or {}).get("case") or [None])[0]
        if shown is None or shown == case_id:
            return no_update, no_update, no_update
        return HIDDEN, None, None

    app.clientside_callback(
        ClientsideFunction("casegraph", "enrichApply"),
        Output(ids.ENRICH_RELOAD, "data"),
        Output(ids.CANVAS_SYNC, "data", allow_duplicate=True),
        Input(ids.ENRICH_DELTA, "data"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.ELEMENTS_STORE, "data", allow_duplicate=True),
        Input(ids.ENRICH_RELOAD, "data"),
        State(ids.LAYOUT_PICKER, "value"),
        State(ids.SIZE_MEASURE, "value"),
        State(ids.ANALYSIS_VIEW, "value"),
        State(ids.PEOPLE_OPEN, "data"),
        prevent_initial_call=True,
    )
    def on_reload(request, layout_name, measure, view, people_open):
        return reload_payload(workspace(), request, layout_name, measure, view, people_open)
