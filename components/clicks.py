"""Real clicks only: a list of buttons that the inspector (or a card) redraws wakes no server
callback.

Dash calls a callback with an ALL pattern input whenever components matching it are added or
removed, ``prevent_initial_call`` or not; the inspector redraws its buttons (lookups, tags,
same person, arrest list, neighbours) on every selection, so each action's callback would be
asked, and answer "no update", on every click on the diagram. Instead, an action's pattern
buttons feed a client-side gate (``casegraph_clicks.real`` in assets/clicks.js), which passes
on only a click with ``n_clicks`` into the action's store as
``{"type", "index", "n", "t"}``; the action's server callback listens to that store.

    gate(app, ids.TAG_CLICK, ids.TAG_SET, ids.TAG_NOTE_SAVE)   # in the owner's register()
    store(ids.TAG_CLICK)                                       # in the owner's layout
    button, n = pressed(value)       # in the callback: {"type", "index"} and its n_clicks
"""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Input, Output, dcc


def store(store_id: str) -> dcc.Store:
    """The store a gate writes (place it in the owner's layout)."""
    return dcc.Store(id=store_id)


def gate(app, store_id: str, *button_types: str) -> None:
    """Register the client-side gate from the buttons ``{"type": t, "index": ...}`` of each
    ``button_types`` to ``store_id``."""
    app.clientside_callback(
        ClientsideFunction("casegraph_clicks", "real"),
        Output(store_id, "data"),
        *[Input({"type": kind, "index": ALL}, "n_clicks") for kind in button_types],
        prevent_initial_call=True,
    )


def pressed(value: Any) -> tuple[dict[str, Any] | None, int]:
    """``(button id, n_clicks)`` of the click a gate passed on; ``(None, 0)`` for anything
    else.

    >>> pressed({"type": "tag-set", "index": "suspect", "n": 2, "t": 1})
    ({'type': 'tag-set', 'index': 'suspect'}, 2)
    >>> pressed(None)
    (None, 0)
    """
    if not isinstance(value, dict) or not value.get("type") or not value.get("n"):
        return None, 0
    try:
        n = int(value["n"])
    except (TypeError, ValueError):
        return None, 0
    return {"type": str(value["type"]), "index": value.get("index")}, n


def click(button: dict[str, Any], n: int = 1) -> dict[str, Any]:
    """What the gate writes for ``n`` clicks on ``button`` (for tests and replayed
    analysts)."""
    return {"type": button["type"], "index": button["index"], "n": n, "t": 0}
