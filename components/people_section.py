"""The inspector's "As a person" block: who an entity is in the people network, why two
people are tied, and entity resolution by hand (merge, split, not the same person).

- For a person: what was folded into them (accounts, phones, emails), and their ties in the
  people network, strongest first, each with the evidence behind it (the calls between
  their phones, the address they share, ...: ``casegraph.analysis.people.tie_explanation``).
- For an account, phone or email: the person it is attributed to (or that nobody is).
- For analysts who may edit: "Same person as…" with Merge and "Not the same person", and a
  Split button for each merge into this person. Each is a change made on the revision the
  page shows and merged onto the newest one (``ws.apply_change``), recorded and undoable;
  the status line under the inspector offers the Undo.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, Input, Output, State, dcc, html, no_update

from casegraph.analysis.people import tie_explanation
from casegraph.model import Case, entity_types, link_types
from casegraph.people_picture import held_count
from casegraph.resolution import (
    ResolutionError,
    is_not_same,
    mark_not_same,
    merge_entities,
    split_entity,
)
from casegraph.workspace import Workspace
from components import ids
from components.clicks import gate, pressed
from components.clicks import store as click_store
from components.people_diagram import holdings_buttons
from components.state import case_ref, keep_record, kept_record, workspace

TIE_LIMIT = 8        # ties listed for a person
EVIDENCE_LIMIT = 3   # pieces of evidence shown for each tie
OPTION_LIMIT = 200   # people offered in the "same person as" list
PANEL = "panel"


def _label(case: Case, node: Any) -> str:
    return str(case.graph.nodes[node].get("label", node)) if node in case.graph else str(node)


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def evidence_line(case: Case, row: dict[str, Any]) -> str:
    """One piece of evidence in words.

    >>> c = Case(); _ = c.add_entity("p1", "phone", "07700 900101")
    >>> _ = c.add_entity("p2", "phone", "07700 900102")
    >>> evidence_line(c, {"type": "call", "weight": 2.0, "via": None,
    ...                   "links": [("p1", "p2", "k", "call")]})
    'Call (weight 2): 07700 900101 → 07700 900102'
    """
    kind = link_types().get(row["type"], {}).get("label", str(row["type"]))
    kind = kind[:1].upper() + kind[1:]
    head = f"{kind} (weight {row['weight']:g})"
    if row.get("via") is not None:
        head += f" via {_label(case, row['via'])}"
    links = [f"{_label(case, s)} → {_label(case, t)}" for s, t, *_ in row["links"][:2]]
    more = len(row["links"]) - 2
    return head + ": " + "; ".join(links) + (f" and {more} more" if more > 0 else "")


def folded_summary(actor) -> str:
    """``"2 accounts, 1 phone"`` for what an actor holds."""
    catalogue = entity_types()
    parts = []
    for etype, count in sorted(actor.folded().items()):
        spec = catalogue.get(etype, {})
        word = spec.get("label", etype) if count == 1 else spec.get("plural", etype + "s")
        parts.append(f"{count} {word.lower()}")
    return ", ".join(parts)


def ties_block(ws: Workspace, ref: tuple[str, int], actor_id: Any) -> list[Any]:
    """The actor's ties, strongest first, with why each exists."""
    net, case = ws.people(*ref), ws.case(*ref)
    if actor_id not in net.graph:
        return [html.Div("Tied to no one in the people network (no calls, messages, "
                         "follows or shared addresses).", className="cg-insp-note")]
    others = sorted(net.graph.adj[actor_id].items(),
                    key=lambda kv: (-float(kv[1].get("weight", 1.0)), str(kv[0])))
    items = []
    for other, data in others[:TIE_LIMIT]:
        rows = tie_explanation(net, actor_id, other)
        label = str(net.graph.nodes[other].get("label", other))
        items.append(html.Li(className="cg-pp-tie", children=[
            html.Div([html.Strong(label),
                      html.Span(f" · tie weight {float(data.get('weight', 1.0)):g}, "
                                f"{len(rows)} piece{'s' if len(rows) != 1 else ''} of evidence",
                                className="cg-muted")]),
            html.Ul([html.Li(evidence_line(case, r)) for r in rows[:EVIDENCE_LIMIT]]
                    + ([html.Li(f"… and {len(rows) - EVIDENCE_LIMIT} more",
                                className="cg-muted")] if len(rows) > EVIDENCE_LIMIT else []),
                    className="cg-pp-evidence"),
        ]))
    more = len(others) - TIE_LIMIT
    return [html.Ul(items, className="cg-pp-ties"),
            html.Div(f"… and {more} more ties", className="cg-insp-note") if more > 0 else None]


def merge_candidates(case: Case, node: Any) -> list[dict[str, str]]:
    """Other people of the case to merge with: the same name first (a likely duplicate),
    then everyone else by name; pairs marked "not the same" are left out."""
    me = _norm(_label(case, node))
    people = [n for n, t in case.graph.nodes(data="type") if t == "person" and n != node
              and not is_not_same(case, str(node), str(n))]
    people.sort(key=lambda n: (_norm(_label(case, n)) != me, _norm(_label(case, n)), str(n)))
    options = []
    for n in people[:OPTION_LIMIT]:
        same = _norm(_label(case, n)) == me
        options.append({"label": f"{_label(case, n)}" + (" (same name)" if same else "")
                        + f" · {n}", "value": str(n)})
    return options


def resolution_block(ws: Workspace, ref: tuple[str, int], node: Any) -> list[Any]:
    case = ws.case(*ref)
    options = merge_candidates(case, node)
    same_name = [o["value"] for o in options if "(same name)" in o["label"]]
    splits = [m for m in case.meta.get("merges", []) if str(m.get("keep")) == str(node)
              and not m.get("split") and m.get("how", "manual") == "manual"]
    return [
        html.H3("Same person?"),
        dcc.Dropdown(id={"type": ids.RESOLVE_WITH, "index": str(node)}, options=options,
                     value=same_name[0] if same_name else None, clearable=True,
                     placeholder="Another person of the case…", className="cg-ap-dropdown"),
        html.Div(className="cg-ap-row cg-may-edit", children=[
            html.Button("Merge into this person", n_clicks=0, className="cg-button cg-may-edit",
                        id={"type": ids.RESOLVE_MERGE, "index": str(node)},
                        title="Make one node of the two: both provenances and every link "
                              "kept; recorded and undoable"),
            html.Button("Not the same person", n_clicks=0, className="cg-button cg-may-edit",
                        id={"type": ids.RESOLVE_NOT_SAME, "index": str(node)},
                        title="Remember that they differ, so the pair is not suggested again"),
        ]),
        *[html.Button(f"Split {m.get('absorb_label', m.get('absorb', '?'))} off again",
                      id={"type": ids.RESOLVE_SPLIT, "index": str(m.get("id"))}, n_clicks=0,
                      className="cg-button cg-may-edit") for m in splits],
    ]


def inspector_section(ws: Workspace, ref: tuple[str, int], node: str) -> list[Any]:
    """The people-network view of the selected entity (nothing for posts and addresses)."""
    case = ws.case(*ref)
    if node not in case.graph:
        return []
    if ws.one_kind(*ref):  # a one-kind network: the neighbours list says it all
        return []
    net = ws.people(*ref)
    actor_id = net.actor_of.get(node)
    if actor_id is None:
        return []
    actor = net.actors[actor_id]
    parts: list[Any] = [html.H3("As a person")]
    if actor_id != node:
        parts.append(html.Div(["Attributed to ", html.Strong(actor.label), "."],
                              className="cg-insp-note"))
    elif actor.kind != "person":
        parts.append(html.Div("Nobody in the case is attributed to this "
                              f"{entity_types().get(actor.type, {}).get('label', actor.type)}"
                              ": it stands as an actor of its own (unattributed)."
                              if actor.kind == "unattributed" else
                              "Claimed equally by several people: it stands apart "
                              "(contested) and ties them.", className="cg-insp-note"))
    folded = folded_summary(actor)
    if folded and actor_id == node:
        parts.append(html.Div(f"Folded in: {folded}.", className="cg-insp-note cg-pp-folded"))
        if held_count(net, actor_id) and actor_id in net.graph:
            parts.append(holdings_buttons(actor_id))
    parts += ties_block(ws, ref, actor_id)
    if case.graph.nodes[node].get("type") == "person" and ws.can("edit", ref[0]):
        parts += resolution_block(ws, ref, node)
    return parts


# -- changes ------------------------------------------------------------------------------
def resolve(ws: Workspace, store: Any, node: str, action: str, other: Any = None,
            merge_id: str | None = None) -> tuple[dict | None, str]:
    """Merge ``other`` into ``node``, mark them not the same, or split merge ``merge_id``:
    ``(new case store or None, message)``."""
    ref = case_ref(store)
    if ref is None:
        return None, "No case open."
    case = ws.case(*ref)
    who, what = _label(case, node), _label(case, other) if other else ""
    try:
        if action == "merge":
            if not other:
                return None, "Choose the other person first."
            new = merge_entities(case, str(node), str(other), user=ws.user,
                                 reason="merged in the inspector")
            note, kind = f"merge: {what} ({other}) into {who} ({node})", "merge"
        elif action == "not-same":
            if not other:
                return None, "Choose the other person first."
            new = mark_not_same(case, str(node), str(other), user=ws.user,
                                reason="marked in the inspector")
            note, kind = f"not the same person: {who} ({node}) and {what} ({other})", "resolution"
        else:
            new = split_entity(case, str(merge_id), user=ws.user, reason="split in the inspector")
            note, kind = f"split merge {merge_id} off {who} ({node})", "split"
    except ResolutionError as exc:
        return None, f"Not done: {exc}."
    result = ws.apply_change(ref[0], ref[1], new, note=note, kind=kind)
    if not result.changed:
        return None, "Nothing changed (someone may have made the same change)."
    lines = result.conflict_lines()
    message = note[0].upper() + note[1:] + f" (revision {result.rev})."
    if lines:
        message += " Kept others' values: " + "; ".join(lines)
    return {"case_id": ref[0], "rev": result.rev}, message


def status_line(message: str, undoable: bool) -> list[Any]:
    return [html.Span(message),
            html.Button("Undo", id=ids.RESOLVE_UNDO, n_clicks=0,
                        className="cg-button cg-may-edit",
                        style={} if undoable else {"display": "none"})]


def status_layout() -> html.Div:
    """The line under the inspector saying what the last merge or split did."""
    return html.Div(className="cg-pp-status", children=[
        dcc.Store(id=ids.RESOLVE_LAST),
        click_store(ids.RESOLVE_CLICK),
        click_store(ids.HOLDINGS_CLICK),  # components/people_diagram.py: show / fold
        html.Div(id=ids.RESOLVE_STATUS, children=status_line("", False)),
    ])


def register(app) -> None:
    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.RESOLVE_LAST, "data"),
        Output(ids.RESOLVE_STATUS, "children"),
        Input(ids.RESOLVE_CLICK, "data"),
        State({"type": ids.RESOLVE_WITH, "index": ALL}, "value"),
        State(ids.SELECTION, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_resolve(click, other, selection, store):
        button, _n = pressed(click)
        node = selection.get("id") if isinstance(selection, dict) else None
        if button is None or not node or selection.get("kind") != "node":
            return no_update, no_update, no_update
        action = {ids.RESOLVE_MERGE: "merge", ids.RESOLVE_NOT_SAME: "not-same",
                  ids.RESOLVE_SPLIT: "split"}.get(button["type"])
        if action is None:
            return no_update, no_update, no_update
        ws = workspace()
        new, message = resolve(ws, store, str(node), action, (other or [None])[0],
                               button.get("index"))
        if new is None:
            return no_update, no_update, status_line(message, False)
        # components/selection.py keeps the person selected on this revision
        # the revision Undo takes back stays on the server; the page holds its id
        last = keep_record(ws, new["case_id"], {**new, "node": str(node)})
        return new, last, status_line(message, True)

    gate(app, ids.RESOLVE_CLICK, ids.RESOLVE_MERGE, ids.RESOLVE_NOT_SAME, ids.RESOLVE_SPLIT)

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.RESOLVE_STATUS, "children", allow_duplicate=True),
        Input(ids.RESOLVE_UNDO, "n_clicks"),
        State(ids.RESOLVE_LAST, "data"),
        prevent_initial_call=True,
    )
    def on_undo(clicks, last):
        ws = workspace()
        change = kept_record(ws, last) if clicks else None
        if change is None:
            return no_update, no_update
        result = ws.undo(change["case_id"], int(change["rev"]))
        if not result.changed:
            return no_update, status_line("Nothing to undo.", False)
        return ({"case_id": change["case_id"], "rev": result.rev},
                status_line(f"Undone (revision {result.rev}).", False))
