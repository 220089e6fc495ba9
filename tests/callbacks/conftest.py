"""A workspace on a temporary SQLite file holding one small, fully known case, seen as one
logged-in analyst (``ws`` is the workspace's session for ``analyst1``; ``workspace`` is the
workspace itself).

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

from casegraph.access import Actor
from casegraph.model import Case
from casegraph.session import records_for
from casegraph.workspace import Workspace

ANALYST = Actor("analyst1", "analyst")


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
def workspace(tmp_path) -> Workspace:
    return Workspace(tmp_path / "data", samples=False)


def session_of(workspace: Workspace, actor: Actor = ANALYST):
    """``workspace`` as ``actor`` sees it (the account is made if it is new)."""
    users = records_for(workspace).users
    if users.get(actor.user) is None:
        users.add(actor.user, actor.role)
    return workspace.session(actor)


@pytest.fixture
def ws(workspace):
    return session_of(workspace)


PASSWORD = "a fictional passphrase"


def logged_in_client(app, user: str = "analyst1", role: str = "analyst"):
    """A Flask test client of ``app`` logged in as ``user`` (made with ``role`` if new)."""
    users = records_for(app.server.config["CASEGRAPH_WORKSPACE"]).users
    if users.get(user) is None:
        users.add(user, role, PASSWORD)
    else:
        users.set_password(user, PASSWORD)
    client = app.server.test_client()
    answer = client.post("/login", data={"username": user, "password": PASSWORD},
                         headers={"Origin": "http://localhost"})
    assert answer.status_code == 302, answer.data
    return client


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


@pytest.fixture
def route_app(tmp_path):
    """The whole app on a temporary data directory (no samples), for tests through its
    routes."""
    from app import create_app
    from components.state import WORKSPACE_KEY

    app = create_app({"data_dir": str(tmp_path / "data"), "samples": False,
                      "idle_gc": False, "announce_setup": False})
    yield app
    app.server.config[WORKSPACE_KEY].close()


def logged_in(route_app, case):
    """Analyst "ana" logged in to ``route_app`` through a :class:`DashClient`, with ``case``
    imported and open (``client.store``; ``client.ws`` is her session, ``client.workspace``
    the app's workspace)."""
    from components.state import WORKSPACE_KEY
    from tests.dash_client import DashClient

    workspace = route_app.server.config[WORKSPACE_KEY]
    ws = session_of(workspace, Actor("ana", "analyst"))
    records_for(workspace).users.set_password("ana", PASSWORD)
    case_id, rev = ws.import_case(case)
    client = DashClient(app=route_app)
    client.login("ana", PASSWORD)
    client.open()
    client.store = {"case_id": case_id, "rev": rev}
    client.ws = ws
    client.workspace = workspace
    return client


@pytest.fixture
def ana(route_app):
    """Analyst "ana" logged in to ``route_app``, the small case imported and open."""
    return logged_in(route_app, small_case())
