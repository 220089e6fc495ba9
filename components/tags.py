"""Tags and notes on entities: suspect, associate, personal contact, cleared.

A tag separates criminal associates from personal connections (family, a landlord, a
doctor). It is set in the inspector, kept on the node as the attribute ``tag`` (a note as
``note``) and saved as a new case revision; the diagram shows it as a coloured ring and
label (classes ``tag-*`` laid through ``ids.OVERLAY_TAGS``; their look is
:func:`components.stylesheet.tag_rules`), and the Tags tab lists tagged entities and hides
or shows them by tag.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, State, dcc, html, no_update

from casegraph.model import Case
from casegraph.theme import tags as theme_tags
from casegraph.workspace import Workspace
from components import ids
from components.enrich import delta_payload
from components.overlays import overlay
from components.paths_panel import PANEL, entity_chip, name
from components.state import acting_user, case_ref, workspace

TAB_ID = "tags"
TAB_LABEL = "Tags"
TAG_ATTR, NOTE_ATTR = "tag", "note"
UNTAGGED = "untagged"
NO_TAG = "none"  # the "Remove tag" button
NOTE_LIMIT = 2000

# tag value -> (label, colour, class on the diagram), from the theme (casegraph/theme.yaml)
TAGS: dict[str, tuple[str, str, str]] = {
    tag: (look["label"], look["colour"], look["class"]) for tag, look in theme_tags().items()}


def tag_of(case: Case, node: Any) -> str | None:
    tag = case.graph.nodes[node].get(TAG_ATTR) if node in case.graph else None
    return tag if tag in TAGS else None


def tagged(case: Case) -> dict[str, list[str]]:
    """Entities by tag, in the order of :data:`TAGS` (each list in graph order)."""
    out: dict[str, list[str]] = {t: [] for t in TAGS}
    for node, tag in case.graph.nodes(data=TAG_ATTR):
        if tag in out:
            out[tag].append(node)
    return out


def save_change(ws: Workspace, store: Any, node: Any, *, tag: Any = no_update,
                note: Any = no_update) -> dict[str, Any] | None:
    """Set (or clear, with ``None`` / "") the tag and/or note of ``node``; saves a new
    revision and returns the new case store, or None when nothing changes."""
    ref = case_ref(store)
    if ref is None:
        return None
    base_rev = ref[1] or ws.current_rev(ref[0])
    current = ws.case(ref[0], base_rev)
    if node not in current.graph:
        return None
    attrs = current.graph.nodes[node]
    changes = {}
    if tag is not no_update:
        if tag and tag not in TAGS:
            raise ValueError(f"unknown tag {tag!r}; use one of {', '.join(TAGS)}")
        if (tag or None) != attrs.get(TAG_ATTR):
            changes[TAG_ATTR] = tag or None
    if note is not no_update:
        text = str(note or "").strip()[:NOTE_LIMIT]
        if (text or None) != attrs.get(NOTE_ATTR):
            changes[NOTE_ATTR] = text or None
    if not changes:
        return None
    case = current.copy()  # the cached case is shared: change a copy
    data = case.graph.nodes[node]
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    what = "; ".join(f"{k} {'cleared' if v is None else repr(v)}" for k, v in changes.items())
    # made on the revision the page shows, merged onto the newest (others' changes stay)
    result = ws.apply_change(ref[0], base_rev, case, note=f"{name(case, node)}: {what}",
                             kind="tag" if TAG_ATTR in changes else "note", user=acting_user())
    if not result.changed:
        return None
    return {"case_id": ref[0], "rev": result.rev}


def inspector_section(ws: Workspace, ref: tuple[str, int], node: str) -> list[Any]:
    """Tag buttons and the analyst's note for the selected entity."""
    case = ws.case(*ref)
    current = tag_of(case, node)
    buttons = [html.Button(
        label, id={"type": ids.TAG_SET, "index": tag}, n_clicks=0, title=f"Tag as {label}",
        className="cg-tg-button cg-needs-edit" + (" cg-tg-on" if tag == current else ""),
        style={"--cg-tg": colour}) for tag, (label, colour, _cls) in TAGS.items()]
    if current:
        buttons.append(html.Button("Remove tag", id={"type": ids.TAG_SET, "index": NO_TAG},
                                   n_clicks=0, className="cg-tg-button cg-tg-clear cg-needs-edit"))
    note = str(case.graph.nodes[node].get(NOTE_ATTR, ""))
    return [
        html.H3("Tag"),
        html.Div(buttons, className="cg-tg-buttons"),
        dcc.Textarea(id={"type": ids.TAG_NOTE, "index": str(node)}, value=note,
                     placeholder="Note (why this tag, what is known)…",
                     className="cg-tg-note cg-needs-edit", maxLength=NOTE_LIMIT),
        html.Button("Save note", id={"type": ids.TAG_NOTE_SAVE, "index": str(node)},
                    n_clicks=0, className="cg-button cg-tg-save cg-needs-edit"),
    ]


def tag_overlay(ws: Workspace, store: Any, shown: Any) -> dict | None:
    """Tag classes for the diagram, and ``ov-hide`` on the tags filtered out."""
    ref = case_ref(store)
    if ref is None:
        return None
    case = ws.case(*ref)
    groups = tagged(case)
    shown = set(shown if shown is not None else list(TAGS) + [UNTAGGED])
    classes: dict[str, list] = {TAGS[t][2]: nodes for t, nodes in groups.items() if nodes}
    hidden = [n for t, nodes in groups.items() if t not in shown for n in nodes]
    if UNTAGGED not in shown:
        marked = {n for nodes in groups.values() for n in nodes}
        hidden += [n for n in case.graph if n not in marked]
    if hidden:
        classes["ov-hide"] = hidden
    return overlay(store, classes)


def tag_list(ws: Workspace, store: Any) -> list[Any]:
    """The tagged entities, tag by tag."""
    ref = case_ref(store)
    if ref is None:
        return []
    case = ws.case(*ref)
    groups = tagged(case)
    if not any(groups.values()):
        return [html.Div("No entity is tagged yet. Select one and tag it in the inspector: "
                         "suspect, associate, personal contact or cleared.",
                         className="cg-ap-hint")]
    out = []
    for tag, nodes in groups.items():
        label, colour, _ = TAGS[tag]
        out.append(html.Div(className="cg-tg-group", children=[
            html.Span(f"{label} ({len(nodes)})", className="cg-tg-pill",
                      style={"backgroundColor": colour}),
            html.Div([entity_chip(case, n, str(case.graph.nodes[n].get(NOTE_ATTR, ""))[:60])
                      for n in nodes] or [html.Span("none", className="cg-muted")],
                     className="cg-ap-chips"),
        ]))
    return out


def layout() -> html.Div:
    from components.clicks import store as click_store

    options = [{"label": html.Span([html.Span(className="cg-tg-dot",
                                              style={"backgroundColor": colour}), label]),
                "value": tag} for tag, (label, colour, _) in TAGS.items()]
    options.append({"label": html.Span([html.Span(className="cg-tg-dot cg-tg-dot-none"),
                                        "Untagged"]), "value": UNTAGGED})
    return html.Div(className="cg-tg-tab", children=[
        html.Div(className="cg-ap-row", children=[
            html.Span("Show on the diagram", className="cg-field-label"),
            dcc.Checklist(id=ids.TAG_FILTER, value=list(TAGS) + [UNTAGGED], inline=True,
                          options=options, className="cg-ap-check cg-tg-filter"),
        ]),
        html.Div("Untick a tag to hide those entities, e.g. untick Personal contact and "
                 "Cleared to see only the criminal network.", className="cg-field-hint"),
        html.Div(id=ids.TAG_LIST, className="cg-tg-list"),
        click_store(ids.TAG_CLICK),  # a tag button or "Save note" in the inspector
    ])


def tag_action(ws: Workspace, store: Any, selection: Any, trigger: Any,
               notes: list | None) -> tuple[Any, Any, Any]:
    """``(case store, delta, selection)`` after a tag button or "Save note" was clicked.

    The change is a new revision drawn as a delta (no new entities: the picture stays, the
    tags overlay follows the case store), so the selection holds; the selection is sent
    again with the revision, which redraws the inspector with the tag set. When others
    saved meanwhile, the page takes the merged revision whole (``delta`` not sent).
    """
    node = selection.get("id") if isinstance(selection, dict) else None
    ref = case_ref(store)
    if not node or selection.get("kind") != "node" or ref is None:
        return no_update, no_update, no_update
    base_rev = ref[1] or ws.current_rev(ref[0])
    if trigger["type"] == ids.TAG_SET:
        new = save_change(ws, store, str(node), tag=None if trigger["index"] == NO_TAG
                          else trigger["index"])
    else:
        new = save_change(ws, store, str(node), note=(notes or [""])[0])
    if new is None:
        return no_update, no_update, no_update
    reselect = {"kind": "node", "id": str(node), "centre": False, "via": PANEL,
                "rev": new["rev"]}
    if new["rev"] != base_rev + 1:  # merged onto changes made meanwhile
        return new, no_update, reselect
    delta = delta_payload(ws, ref[0], base_rev, new["rev"], [])
    return {**new, "delta": True}, delta, reselect


def register(app) -> None:
    from components.clicks import gate, pressed

    @app.callback(
        Output(ids.CASE_STORE, "data", allow_duplicate=True),
        Output(ids.ENRICH_DELTA, "data", allow_duplicate=True),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.TAG_CLICK, "data"),
        State({"type": ids.TAG_NOTE, "index": ALL}, "value"),
        State(ids.SELECTION, "data"),
        State(ids.CASE_STORE, "data"),
        prevent_initial_call=True,
    )
    def on_tag(click, notes, selection, store):
        button, _n = pressed(click)
        if button is None:
            return no_update, no_update, no_update
        return tag_action(workspace(), store, selection, button, notes)

    # the buttons are redrawn with the inspector: only a click reaches on_tag
    gate(app, ids.TAG_CLICK, ids.TAG_SET, ids.TAG_NOTE_SAVE)

    # an expansion adds untagged entities only: the page lays the tags overlay on its
    # revision (assets/open_tab.js ``tags``, hiding the new entities with the untagged when
    # they are hidden); any other revision (a tag set, a case opened, an undo) reaches
    # on_tags through ids.TAGS_CASE
    app.clientside_callback(
        ClientsideFunction("casegraph_tabs", "tags"),
        Output(ids.OVERLAY_TAGS, "data", allow_duplicate=True),
        Output(ids.TAGS_CASE, "data"),
        Input(ids.CASE_STORE, "data"),
        State(ids.ENRICH_DELTA, "data"),
        State(ids.TAG_FILTER, "value"),
        State(ids.OVERLAY_TAGS, "data"),
        State(ids.TAGS_CASE, "data"),
        prevent_initial_call="initial_duplicate",
    )

    @app.callback(
        Output(ids.OVERLAY_TAGS, "data"),
        Output(ids.TAG_LIST, "children"),
        Input(ids.TAGS_CASE, "data"),
        Input(ids.TAG_FILTER, "value"),
    )
    def on_tags(store, shown):
        ws = workspace()
        return tag_overlay(ws, store, shown), tag_list(ws, store)
