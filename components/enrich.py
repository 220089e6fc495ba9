"""Expanding entities through lookups, with provenance, undo and background jobs.

- Inspector section (``inspector_section``): the lookups that apply to the selected entity,
  each with "Expand" and "2 hops", and where the entity came from (its provenance).
- Result card (floating over the page): what the last expansion found, "possible same
  person" suggestions with a button to link them as ``same_as`` (never merged silently),
  expand the new entities, undo, and the progress bar + cancel of a running job.
- Delivery: an expansion sends the canvas only what changed (``delta_payload``: new nodes
  placed relative to the entity they were found from, new links, changed counts), added
  client-side by ``casegraph.enrichApply``; the response carries the delta alone, and once
  the new nodes are drawn the browser writes the action's other outputs (``AFTER_PAINT``):
  the new revision into ``ids.CASE_STORE`` with ``"delta": True`` (the diagram does not
  resend the whole case for it), the result card, the marks and the selection, so the
  panels that follow them do not delay the new nodes. A delta that does not fit the canvas
  (another revision on screen) asks for a full reload instead.

Callbacks stay thin: every action is a plain function returning an :class:`Outcome`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from casegraph.analysis import MEASURES
from casegraph.elements import (
    display_positions,
    edge_id_prefix,
    pair_id,
    short_label,
    size_field,
)
from casegraph.enrichment import LookupContext, expand
from casegraph.enrichment.expand import accept_suggestion, live_suggestions
from casegraph.enrichment.jobs import bulk_expand
from casegraph.model import Case, entity_types, link_types, now_iso
from casegraph.workspace import Workspace
from components import ids
from components.overlays import overlay
from components.state import case_ref, workspace

HIDDEN = {"display": "none"}
SHOWN: dict[str, str] = {}
POLL_MS = 400
NEW_SIZE = 0.3  # size (0..1) of a found entity until the next analysis ranks it
SEP = "||"  # joins two node ids in a same-as button's index
# every size field a node element may carry (elements.py), so a new node styles like the rest
SIZE_FIELDS = [size_field(m) for m in MEASURES] + [size_field("signal")]
ACTION_OUTPUTS = ("store", "delta", "overlay", "last", "selection", "message", "panel", "job",
                  "poll_disabled", "progress", "progress_text", "job_box", "undo")


@dataclass
class Outcome:
    """What an action changes on the page; ``no_update`` for everything it leaves alone."""

    store: Any = no_update          # ids.CASE_STORE
    delta: Any = no_update          # ids.ENRICH_DELTA
    overlay: Any = no_update        # ids.OVERLAY_ENRICH
    last: Any = no_update           # ids.ENRICH_LAST
    selection: Any = no_update      # ids.SELECTION
    message: Any = no_update        # ids.ENRICH_MESSAGE children
    panel: Any = no_update          # ids.ENRICH_PANEL style
    job: Any = no_update            # ids.ENRICH_JOB
    poll_disabled: Any = no_update  # ids.ENRICH_POLL disabled
    progress: Any = no_update       # ids.ENRICH_PROGRESS style (width of the fill)
    progress_text: Any = no_update
    job_box: Any = no_update        # ids.ENRICH_JOB_BOX style
    undo: Any = no_update           # ids.ENRICH_UNDO style

    def outputs(self) -> tuple:
        return tuple(getattr(self, name) for name in ACTION_OUTPUTS)


# -- small helpers ----------------------------------------------------------------------------
def analyst(case: Case) -> str:
    return str(case.meta.get("analyst") or "").strip()


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
            html.Table(className="cg-kv cg-enrich-stamp-rows", children=[html.Tbody([
                html.Tr([html.Th(k), html.Td(str(v))]) for k, v in rows])]),
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
                                className="cg-button cg-button-primary cg-enrich-expand",
                                title=f"Look {node_label(case, node)} up with {provider.name} "
                                      "and add what it returns"),
                    html.Button("2 hops", id={"type": ids.ENRICH_HOPS, "index": provider.name},
                                n_clicks=0, className="cg-button cg-enrich-hops",
                                title="Expand this entity, then everything it returns "
                                      "(runs in the background)"),
                ]),
            ]))
    parts += [html.H3("Provenance", className="cg-enrich-heading"),
              provenance_list(data.get("provenance"))]
    return parts


# -- the canvas delta -------------------------------------------------------------------------
def canvas_scale(ws: Workspace, case_id: str, rev: int) -> tuple[float, float]:
    """Model units -> canvas pixels, per axis, as ``casegraph.elements.display_positions``
    draws revision ``rev`` (cached per revision)."""
    def make() -> tuple[float, float]:
        raw = ws.case(case_id, rev).positions
        if len(raw) < 2:
            return 1.0, 1.0
        scaled = display_positions(ws.case(case_id, rev))
        out = []
        for axis in (0, 1):
            lo = min(raw, key=lambda n: raw[n][axis])
            hi = max(raw, key=lambda n: raw[n][axis])
            span = raw[hi][axis] - raw[lo][axis]
            out.append((scaled[hi][axis] - scaled[lo][axis]) / span if span else 1.0)
        return out[0], out[1]

    return ws.derived(case_id, rev, "enrich-canvas-scale", make)


def _pair(case: Case, u: str, v: str) -> tuple[str, str]:
    return (u, v) if case.directed or str(u) <= str(v) else (v, u)


def _pair_counts(case: Case, nodes: set[str]) -> dict[tuple[str, str], int]:
    """Links per drawn pair, for the pairs touching ``nodes``."""
    graph = case.graph
    counts: dict[tuple[str, str], int] = {}
    seen: set[tuple[str, str, Any]] = set()
    for node in nodes:
        if node not in graph:
            continue
        for u, v, k in list(graph.out_edges(node, keys=True)) + list(
                graph.in_edges(node, keys=True)):
            if (u, v, k) in seen:
                continue
            seen.add((u, v, k))
            pair = _pair(case, u, v)
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def _degree(case: Case, node: str) -> int:
    graph = case.graph
    return len((set(graph.successors(node)) | set(graph.predecessors(node))) - {node})


def delta_payload(ws: Workspace, case_id: str, base_rev: int, rev: int, touched: list[str],
                  anchors: dict[str, str] | None = None) -> dict[str, Any]:
    """What the canvas needs to go from revision ``base_rev`` to ``rev`` when only the
    entities in ``touched`` (and their links) changed.

    New nodes carry ``anchor`` (the entity they were found from) and ``rel``, their offset
    from it in canvas pixels, so they appear next to it wherever it is drawn; removed nodes
    and links are listed in ``remove``; ``update`` changes counts of nodes and links kept.
    """
    old, new = ws.case(case_id, base_rev), ws.case(case_id, rev)
    anchors = anchors or {}
    kx, ky = canvas_scale(ws, case_id, base_rev)
    ws.derived(case_id, rev, "enrich-canvas-scale", lambda: (kx, ky))  # as the canvas draws
    touched = list(dict.fromkeys(touched))
    nodes, remove, update = [], [], []
    for node in touched:
        if node in new.graph and node not in old.graph:
            data = new.graph.nodes[node]
            anchor = anchors.get(node)
            item: dict[str, Any] = {"data": {
                "id": str(node), "label": short_label(data.get("label", node)),
                "type": data.get("type", "other"), "cm": -1, "deg": _degree(new, node),
                **{name: NEW_SIZE for name in SIZE_FIELDS}}}
            p, a = new.positions.get(node), new.positions.get(anchor) if anchor else None
            if p is not None and a is not None:
                item["anchor"] = str(anchor)
                item["rel"] = {"x": round((p[0] - a[0]) * kx, 1),
                               "y": round((p[1] - a[1]) * ky, 1)}
            nodes.append(item)
        elif node in old.graph and node not in new.graph:
            remove.append(str(node))
        elif node in new.graph:
            deg = _degree(new, node)
            if deg != _degree(old, node):
                update.append({"id": str(node), "data": {"deg": deg}})
    before, after = _pair_counts(old, set(touched)), _pair_counts(new, set(touched))
    prefix = edge_id_prefix(new)
    edges = []
    gone = set(remove)
    for pair in dict.fromkeys([*after, *before]):
        eid = prefix + pair_id(*pair)
        n_old, n_new = before.get(pair, 0), after.get(pair, 0)
        if n_new and not n_old:
            edges.append({"data": {"id": eid, "source": str(pair[0]), "target": str(pair[1]),
                                   "n": n_new, "w": 0.0}})
        elif n_old and not n_new:
            if not gone & set(pair):  # links of a removed node go with it
                remove.append(eid)
        elif n_new != n_old:
            update.append({"id": eid, "data": {"n": n_new}})
    return {"base": [case_id, base_rev], "case": [case_id, rev], "nodes": nodes,
            "edges": edges, "remove": remove, "update": update, "t": time.time_ns()}


def new_marks(delta: dict[str, Any], anchor: str | None = None) -> dict[str, list]:
    """Overlay classes marking what a delta added (and the entity it grew from)."""
    marked: list[Any] = [n["data"]["id"] for n in delta["nodes"]]
    marked += [[e["data"]["source"], e["data"]["target"]] for e in delta["edges"]]
    marks: dict[str, list] = {"ov-new": marked}
    if anchor:
        marks["ov-focus"] = [anchor]
    return marks


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
                            className="cg-button cg-button-sm",
                            title="Make them one node (both provenances kept; undoable)")]))
    if bulk:
        provider, count = bulk
        parts.append(html.Button(f"Expand the {count} new entities", n_clicks=0,
                                 id={"type": ids.ENRICH_BULK, "index": provider},
                                 className="cg-button cg-button-sm cg-enrich-bulk",
                                 title="Look each new entity up in turn (in the background)"))
    return parts + (extra or [])


def refused_card(messages: list[str]) -> list[Any]:
    return card("Lookup refused", messages + [
        "Open “Case details” at the top right, set the case number and the purpose, "
        "then try again."], tone="error")


def expand_action(ws: Workspace, store: Any, node: str, provider_name: str) -> Outcome:
    """Expand ``node`` with one provider; on a change, save a revision and send a delta."""
    ref = _current(ws, store)
    if ref is None:
        return Outcome()
    case_id, rev = ref
    if ws.current_rev(case_id) != rev:  # someone saved meanwhile: expand what is current
        rev = ws.current_rev(case_id)
    case = ws.case(case_id, rev)
    if node not in case.graph:
        return Outcome(message=card("Not in the case", [f"{node} is not in this revision."],
                                    tone="error"), panel=SHOWN)
    kit = ws.enrichment()
    provider = kit.registry.get(provider_name)
    context = LookupContext.for_case(case, user=analyst(case))
    res = expand(case, node, provider, context, cache=kit.cache, audit=kit.audit)
    label = node_label(case, node)
    if res.status == "refused":
        return Outcome(message=refused_card(res.messages), panel=SHOWN, overlay=None)
    if not res.changed:
        return Outcome(message=card(f"{label}: nothing new from {provider_name}",
                                    res.messages, tone="quiet" if res.ok else "error"),
                       panel=SHOWN, overlay=None)
    new_rev = ws.save_revision(case_id, res.case, keep=True,
                               note=f"expanded {label} with {provider_name}")
    touched = [*res.new_nodes, node, *res.matched]
    delta = delta_payload(ws, case_id, rev, new_rev, touched,
                          {n: node for n in res.new_nodes})
    new_store = {"case_id": case_id, "rev": new_rev, "delta": True}
    last = {"case_id": case_id, "base_rev": rev, "rev": new_rev, "label": label,
            "touched": touched, "new_nodes": res.new_nodes, "provider": provider_name,
            "suggestions": res.suggestions}
    bulk = (provider_name, len(res.new_nodes)) if res.new_nodes else None
    return Outcome(
        store=new_store, delta=delta, last=last,
        overlay=overlay(new_store, new_marks(delta, node), fit=True),
        selection={"kind": "node", "id": node, "centre": False, "rev": new_rev},
        message=card(f"Expanded {label} with {provider_name}", res.messages,
                     suggestions=res.suggestions, bulk=bulk),
        panel=SHOWN, undo=SHOWN)


def _merge_suggestion(ws: Workspace, case_id: str, rev: int, case: Case,
                      suggestion: dict[str, Any], last: Any) -> Outcome:
    """A person the lookup held back is the suggested one: merge them (one node)."""
    existing = suggestion["existing"]
    res = accept_suggestion(case, suggestion, user=analyst(case),
                            reason=f"same person (name match {suggestion['score']:.0f}%)")
    new_rev = ws.save_revision(case_id, res.case, keep=True,
                               note=f"{suggestion['label']} merged into "
                                    f"{node_label(case, existing)}")
    touched = [*res.new_nodes, existing, *res.matched]
    delta = delta_payload(ws, case_id, rev, new_rev, touched,
                          {n: existing for n in res.new_nodes})
    new_store = {"case_id": case_id, "rev": new_rev, "delta": True}
    remaining = live_suggestions(res.case, [
        s for s in (last or {}).get("suggestions", []) if s["node"] != suggestion["node"]])
    new_last = {"case_id": case_id, "base_rev": rev, "rev": new_rev,
                "label": node_label(case, existing), "touched": touched,
                "new_nodes": res.new_nodes, "provider": (last or {}).get("provider"),
                "suggestions": remaining}
    return Outcome(
        store=new_store, delta=delta, last=new_last,
        overlay=overlay(new_store, new_marks(delta, existing)),
        message=card("Merged as the same person",
                     [f"{suggestion['label']} (found) is {node_label(case, existing)}: one "
                      "node, with both provenances."] + res.messages[-1:],
                     suggestions=remaining),
        panel=SHOWN, undo=SHOWN)


def same_as_action(ws: Workspace, store: Any, index: str, last: Any) -> Outcome:
    """Link a suggested pair as ``same_as`` (a new revision; both entities stay)."""
    ref = _current(ws, store)
    node, _, existing = str(index).partition(SEP)
    if ref is None or not existing:
        return Outcome()
    case_id, rev = ref[0], ws.current_rev(ref[0])
    case = ws.case(case_id, rev)
    suggestion = next((s for s in (last or {}).get("suggestions", [])
                       if s["node"] == node and s["existing"] == existing), {})
    if node not in case.graph and suggestion.get("found") and existing in case.graph:
        return _merge_suggestion(ws, case_id, rev, case, suggestion, last)
    if node not in case.graph or existing not in case.graph:
        return Outcome(message=card("Cannot link", ["One of the two is no longer in the case."],
                                    tone="error"), panel=SHOWN)
    score = float(suggestion.get("score", 0.0))
    new = case.copy()
    new.add_link(node, existing, "same_as", confidence=round(score / 100, 3),
                 provenance={"kind": "analyst", "user": analyst(case), "at": now_iso(),
                             "note": f"linked as possibly the same person (name match "
                                     f"{score:.0f}%)"})
    new_rev = ws.save_revision(case_id, new, keep=True,
                               note=f"{node_label(case, node)} possibly same as "
                                    f"{node_label(case, existing)}")
    delta = delta_payload(ws, case_id, rev, new_rev, [node, existing])
    new_store = {"case_id": case_id, "rev": new_rev, "delta": True}
    remaining = [s for s in (last or {}).get("suggestions", [])
                 if (s["node"], s["existing"]) != (node, existing)]
    new_last = {"case_id": case_id, "base_rev": rev, "rev": new_rev,
                "label": node_label(case, node), "touched": [node, existing],
                "new_nodes": [], "provider": (last or {}).get("provider"),
                "suggestions": remaining}
    return Outcome(
        store=new_store, delta=delta, last=new_last,
        overlay=overlay(new_store, {"ov-new": [[node, existing]]}),
        message=card("Linked as possibly the same person",
                     [f"{node_label(case, node)} ~ {node_label(case, existing)}: both stay in "
                      "the case, joined by a “possibly same as” link."],
                     suggestions=remaining),
        panel=SHOWN, undo=SHOWN)


def undo_action(ws: Workspace, store: Any, last: Any) -> Outcome:
    """Restore the revision before the last expansion (as a new revision)."""
    if not isinstance(last, dict) or not last.get("case_id"):
        return Outcome(message=card("Nothing to undo", []), panel=SHOWN, undo=HIDDEN)
    case_id, base_rev, rev = last["case_id"], int(last["base_rev"]), int(last["rev"])
    ref = case_ref(store)
    current = ws.current_rev(case_id)
    if ref is None or ref[0] != case_id or current != rev:
        return Outcome(message=card("Cannot undo", [
            f"The case changed after that expansion (now revision {current}); undoing it "
            "would discard the later changes."], tone="error"), panel=SHOWN, undo=HIDDEN)
    restored = ws.save_revision(case_id, ws.case(case_id, base_rev), keep=True,
                                note=f"undo: restored revision {base_rev}")
    delta = delta_payload(ws, case_id, rev, restored, list(last.get("touched") or []))
    new_store = {"case_id": case_id, "rev": restored, "delta": True}
    return Outcome(store=new_store, delta=delta, last=None, overlay=None,
                   selection=no_update,
                   message=card(f"Undone: {last.get('label', 'the last expansion')}",
                                [f"Revision {base_rev} restored as revision {restored}. "
                                 "The lookups stay in the audit trail."], tone="quiet"),
                   panel=SHOWN, undo=HIDDEN)


# -- background jobs ----------------------------------------------------------------------------
def start_job(ws: Workspace, store: Any, nodes: list[str], provider_name: str, hops: int,
              label: str) -> Outcome:
    """Run a bulk / n-hop expansion in the background; the poll picks up its result."""
    ref = _current(ws, store)
    if ref is None or not nodes:
        return Outcome()
    case_id = ref[0]
    rev = ws.current_rev(case_id)
    case = ws.case(case_id, rev)
    if missing_details(case):  # refused (and audited) without starting a thread
        context = LookupContext.for_case(case, user=analyst(case))
        kit = ws.enrichment()
        res = expand(case, nodes[0], kit.registry.get(provider_name), context,
                     audit=kit.audit)
        return Outcome(message=refused_card(res.messages), panel=SHOWN)
    kit = ws.enrichment()
    provider = kit.registry.get(provider_name)
    context = LookupContext.for_case(case, user=analyst(case))

    def work(progress):
        res = bulk_expand(case, nodes, provider, context, hops=hops, cache=kit.cache,
                          audit=kit.audit, progress=progress)
        new_rev = None
        if res.changed:
            new_rev = ws.save_revision(case_id, res.case, keep=True, note=label)
        return {"result": res, "rev": new_rev}

    job = kit.jobs.submit(work, label=label)
    return Outcome(job={"job": job, "case_id": case_id, "base_rev": rev, "label": label,
                        "provider": provider_name},
                   poll_disabled=False, job_box=SHOWN, progress={"width": "0%"},
                   progress_text=f"{label}: starting…",
                   message=card(label, ["Running in the background; the diagram stays "
                                        "usable."], tone="quiet"), panel=SHOWN)


def poll_job(ws: Workspace, store: Any, job: Any) -> Outcome:
    """Progress of the running job, or its result once it has ended."""
    if not isinstance(job, dict) or not job.get("job"):
        return Outcome(poll_disabled=True, job_box=HIDDEN)
    kit = ws.enrichment()
    status = kit.jobs.status(job["job"])
    if status is None:
        return Outcome(job=None, poll_disabled=True, job_box=HIDDEN,
                       message=card("The background expansion was lost",
                                    ["The server restarted; the lookups done so far are in "
                                     "the audit trail."], tone="error"), panel=SHOWN)
    total = max(status["total"], 1)
    if status["state"] == "running":
        share = min(100, round(100 * status["done"] / total))
        return Outcome(progress={"width": f"{share}%"},
                       progress_text=f"{status['done']} of {status['total']} lookups · "
                                     f"{status['message']}")
    done = Outcome(job=None, poll_disabled=True, job_box=HIDDEN, panel=SHOWN,
                   progress={"width": "100%"})
    if status["state"] == "failed":
        done.message = card(f"{job.get('label')}: failed", [status["error"]], tone="error")
        return done
    payload = kit.jobs.result(job["job"]) or {}
    res, new_rev = payload.get("result"), payload.get("rev")
    if res is None:
        return done
    if res.statuses.get("refused"):
        done.message = refused_card(res.messages[1:] or res.messages)
        return done
    if new_rev is None:
        done.message = card(f"{job.get('label')}: nothing new", res.messages, tone="quiet")
        return done
    case_id, base_rev = job["case_id"], int(job["base_rev"])
    touched = [*res.new_nodes, *res.expanded, *res.matched]
    delta = delta_payload(ws, case_id, base_rev, new_rev, touched, res.anchors)
    new_store = {"case_id": case_id, "rev": new_rev, "delta": True}
    done.store, done.delta, done.undo = new_store, delta, SHOWN
    done.overlay = overlay(new_store, new_marks(delta), fit=True)
    done.last = {"case_id": case_id, "base_rev": base_rev, "rev": new_rev,
                 "label": job.get("label"), "touched": touched, "new_nodes": res.new_nodes,
                 "provider": job.get("provider"), "suggestions": res.suggestions}
    done.message = card(job.get("label", "Expansion"), res.messages,
                        suggestions=res.suggestions, tone="quiet" if res.cancelled else "info")
    return done


def cancel_job(ws: Workspace, job: Any) -> Outcome:
    if isinstance(job, dict) and job.get("job"):
        ws.enrichment().jobs.cancel(job["job"])
        return Outcome(progress_text="Cancelling after the current lookup…")
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


def dispatch(ws: Workspace, trigger: Any, value: Any, *, store: Any, selection: Any,
             last: Any, job: Any, multi: Any = None) -> Outcome:
    """The action for the input that fired (``trigger`` = ``ctx.triggered_id``)."""
    if trigger == ids.ENRICH_POLL:
        return poll_job(ws, store, job)
    if not value:  # buttons re-rendered with n_clicks 0: not a click
        return Outcome()
    if trigger == ids.ENRICH_CANCEL:
        return cancel_job(ws, job)
    if trigger == ids.ENRICH_DISMISS:
        return Outcome(panel=HIDDEN, overlay=None)
    if isinstance(job, dict) and job.get("job") and trigger != ids.ENRICH_UNDO:
        return Outcome(message=card("A background expansion is running",
                                    ["Wait for it to finish or cancel it first."],
                                    tone="error"), panel=SHOWN)
    if trigger == ids.ENRICH_UNDO:
        return undo_action(ws, store, last)
    if not isinstance(trigger, dict):
        return Outcome()
    kind, index = trigger.get("type"), str(trigger.get("index"))
    if kind == ids.ENRICH_SAME_AS:
        return same_as_action(ws, store, index, last)
    if kind == ids.ENRICH_BULK:
        nodes = list((last or {}).get("new_nodes") or [])
        return start_job(ws, store, nodes, index, 1,
                         f"Expanding {len(nodes)} new entities with {index}")
    if kind == ids.ENRICH_BULK_SELECTED:
        from components.multi_select import selected_nodes

        nodes = selected_nodes(ws, store, multi)
        if not nodes:
            return Outcome(message=card("Nothing selected", [
                "Shift-click entities or shift-drag a box around them first."],
                tone="error"), panel=SHOWN)
        return start_job(ws, store, nodes, index, 1,
                         f"Expanding {len(nodes)} selected entities with {index}")
    node = selection.get("id") if isinstance(selection, dict) and \
        selection.get("kind") == "node" else None
    if node is None:
        return Outcome()
    if kind == ids.ENRICH_EXPAND:
        return expand_action(ws, store, str(node), index)
    if kind == ids.ENRICH_HOPS:
        ref = _current(ws, store)
        label = node_label(ws.case(*ref), str(node)) if ref else str(node)
        return start_job(ws, store, [str(node)], index, 2,
                         f"Expanding {label} 2 hops with {index}")
    return Outcome()


def reload_payload(ws: Workspace, request: Any, layout_name: str | None,
                   measure: str | None) -> Any:
    """The full elements of the revision a delta could not be applied to."""
    from components.diagram import elements_payload

    if not isinstance(request, dict) or not request.get("case"):
        return no_update
    case_id, rev = request["case"]
    return elements_payload(ws, {"case_id": case_id, "rev": rev}, layout_name or "preset",
                            measure or "degree")


# -- layout -----------------------------------------------------------------------------------
def actions(ws: Workspace) -> list[Any]:
    """Stores, the job poll and the floating result card (placed with the header actions)."""
    return [
        dcc.Store(id=ids.ENRICH_DELTA), dcc.Store(id=ids.ENRICH_RELOAD),
        dcc.Store(id=ids.ENRICH_SINK), dcc.Store(id=ids.ENRICH_LAST),
        dcc.Store(id=ids.ENRICH_JOB),
        dcc.Interval(id=ids.ENRICH_POLL, interval=POLL_MS, disabled=True),
        html.Div(id=ids.ENRICH_PANEL, className="cg-enrich-panel", style=HIDDEN,
                 role="status", children=[
            html.Div(id=ids.ENRICH_MESSAGE, className="cg-enrich-message"),
            html.Div(id=ids.ENRICH_JOB_BOX, className="cg-enrich-job", style=HIDDEN, children=[
                html.Div(className="cg-enrich-bar", children=[
                    html.Div(id=ids.ENRICH_PROGRESS, className="cg-enrich-bar-fill",
                             style={"width": "0%"})]),
                html.Div(className="cg-enrich-job-foot", children=[
                    html.Span(id=ids.ENRICH_PROGRESS_TEXT, className="cg-enrich-job-text"),
                    html.Button("Cancel", id=ids.ENRICH_CANCEL, n_clicks=0,
                                className="cg-button cg-button-sm")]),
            ]),
            html.Div(className="cg-enrich-panel-foot", children=[
                html.Button("Undo", id=ids.ENRICH_UNDO, n_clicks=0, style=HIDDEN,
                            className="cg-button cg-button-sm",
                            title="Restore the case as it was before this expansion"),
                html.Button("Close", id=ids.ENRICH_DISMISS, n_clicks=0,
                            className="cg-button cg-button-sm cg-button-quiet",
                            title="Close this card and clear the 'new' marks"),
            ]),
        ]),
    ]


def register(app) -> None:
    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.ENRICH_DELTA, "data", allow_duplicate=True),
        Output(ids.OVERLAY_ENRICH, "data", allow_duplicate=True),
        Output(ids.ENRICH_LAST, "data", allow_duplicate=True),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.ENRICH_MESSAGE, "children"),
        Output(ids.ENRICH_PANEL, "style", allow_duplicate=True),
        Output(ids.ENRICH_JOB, "data"),
        Output(ids.ENRICH_POLL, "disabled"),
        Output(ids.ENRICH_PROGRESS, "style"),
        Output(ids.ENRICH_PROGRESS_TEXT, "children"),
        Output(ids.ENRICH_JOB_BOX, "style"),
        Output(ids.ENRICH_UNDO, "style"),
        Input({"type": ids.ENRICH_EXPAND, "index": ALL}, "n_clicks"),
        Input({"type": ids.ENRICH_HOPS, "index": ALL}, "n_clicks"),
        Input({"type": ids.ENRICH_BULK, "index": ALL}, "n_clicks"),
        Input({"type": ids.ENRICH_SAME_AS, "index": ALL}, "n_clicks"),
        Input({"type": ids.ENRICH_BULK_SELECTED, "index": ALL}, "n_clicks"),
        Input(ids.ENRICH_UNDO, "n_clicks"),
        Input(ids.ENRICH_CANCEL, "n_clicks"),
        Input(ids.ENRICH_DISMISS, "n_clicks"),
        Input(ids.ENRICH_POLL, "n_intervals"),
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
        out = dispatch(workspace(), trigger, triggered.get("value"), store=store,
                       selection=selection, last=last, job=job, multi=multi)
        if isinstance(out.delta, dict):
            # the new nodes paint first: this response carries the delta alone, and
            # casegraph.enrichApply writes the new revision into ids.CASE_STORE and the rest
            # (card, marks, selection) once they are drawn; only then do the panels update
            out.delta = {**out.delta, "then": after_paint(out)}
            for name in AFTER_PAINT:
                setattr(out, name, no_update)
        return out.outputs()

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
        prevent_initial_call=True,
    )
    def on_reload(request, layout_name, measure):
        return reload_payload(workspace(), request, layout_name, measure)
