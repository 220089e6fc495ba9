"""A workspace on a temporary SQLite file holding one small, fully known case.

The case (fictional names, drama-range phone number):

    Ash ──2 calls── Bay          Ash is the hub: 4 distinct contacts
    Ash ── call ─── Cob          Eve is isolated
    Ash ── call ─── Fox
    Ash ── uses ─── phone 07700 900001
    Bay ── call ─── Cob
    account instagram:dee_fictional ── uses ── Cob
"""

from __future__ import annotations

import base64

import pytest

from casegraph.model import Case
from casegraph.workspace import Workspace


def small_case() -> Case:
    case = Case(name="Small fictional case", meta={"warnings": ["1 row skipped (test)"]})
    case.add_entity("ash", "person", "Ash Fictional")
    case.add_entity("bay", "person", "Bay Fictional")
    case.add_entity("cob", "person", "Cob Fictional")
    phone = case.add_entity(None, "phone", "07700 900001")
    account = case.add_entity(None, "account", "dee_fictional", platform="instagram")
    case.add_entity("eve", "person", "Eve Fictional")
    case.add_entity("fox", "person", "Fox Fictional")
    case.add_link("ash", "bay", "call", weight=1, time="2024-01-02T10:00:00")
    case.add_link("ash", "bay", "call", weight=3, time="2024-01-03T11:00:00")
    case.add_link("ash", "cob", "call")
    case.add_link("ash", "fox", "call")
    case.add_link("ash", phone, "uses")
    case.add_link("bay", "cob", "call")
    case.add_link(account, "cob", "uses")
    return case


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "data", samples=False)


@pytest.fixture
def store(ws) -> dict:
    case_id, rev = ws.import_case(small_case())
    return {"case_id": case_id, "rev": rev}


def data_url(data: bytes, mime: str = "text/csv") -> str:
    """What dcc.Upload puts in ``contents`` for a file."""
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def texts(component) -> list[str]:
    """Every string in a Dash component tree, in order (for asserting on rendered text)."""
    out: list[str] = []

    def walk(node):
        if node is None:
            return
        if isinstance(node, (str, int, float)):
            out.append(str(node))
            return
        if isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
            return
        walk(getattr(node, "children", None))

    walk(component)
    return out


def component_ids(component) -> list:
    """Every component id in a Dash component tree, in order."""
    out: list = []

    def walk(node):
        if isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
            return
        if node is None or isinstance(node, (str, int, float)):
            return
        if getattr(node, "id", None) is not None:
            out.append(node.id)
        walk(getattr(node, "children", None))

    walk(component)
    return out
