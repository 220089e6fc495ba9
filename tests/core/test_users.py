"""User accounts: argon2id hashes, no default password, throttled failed logins, sessions
that end when the role changes, the one-time set-up link and the console commands."""

import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from casegraph.audit import AuditLog, verify
from casegraph.db import database_url, engine_for
from casegraph.users import FREE_FAILURES, UserError, UserStore, users_table

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


# argon2id at small cost: the throttle tests check dozens of passwords
QUICK = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def users(tmp_path, clock):
    return UserStore(engine_for(database_url(tmp_path)), clock=clock, hasher=QUICK)


def test_passwords_are_argon2id_hashes(tmp_path):
    users = UserStore(engine_for(database_url(tmp_path)))  # the server's parameters
    users.add("ana", "analyst", PASSWORD)
    with users.engine.connect() as conn:
        stored = conn.execute(select(users_table.c.password_hash)).scalar()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,") and PASSWORD not in stored
    assert users.authenticate("ana", PASSWORD).role == "analyst"
    assert users.authenticate("ana", PASSWORD + "x") is None


def test_no_weak_or_default_passwords(users):
    with pytest.raises(UserError, match="at least"):
        users.add("ana", "analyst", "short")
    users.add("bob", "viewer")  # no password yet: cannot log in at all
    assert users.login("bob", "").reason == "no password set"
    with pytest.raises(UserError, match="unknown role"):
        users.add("cat", "superuser", PASSWORD)
    with pytest.raises(UserError, match="already"):
        users.add("bob", "viewer", PASSWORD)


def test_failed_logins_are_throttled_per_account(users, clock):
    users.add("ana", "analyst", PASSWORD)
    for _ in range(FREE_FAILURES):
        assert users.login("ana", "guess", "10.0.0.1").reason == "wrong password"
    held = users.login("ana", PASSWORD, "10.0.0.1")
    assert held.user is None and held.wait_s == pytest.approx(30.0)
    clock.now += 31
    assert users.login("ana", PASSWORD, "10.0.0.1").user is not None
    assert users.login("ana", "guess").user is None  # the count starts again after a success


def test_failed_logins_are_throttled_per_address(users, clock):
    for i in range(30):
        users.login(f"nobody{i}", "guess", "10.0.0.2")
    users.add("ana", "analyst", PASSWORD)
    assert users.login("ana", PASSWORD, "10.0.0.2").wait_s > 0
    assert users.login("ana", PASSWORD, "10.0.0.3").user is not None
    clock.now += 15 * 60 + 1
    assert users.login("ana", PASSWORD, "10.0.0.2").user is not None


def test_role_change_and_disable_end_sessions(users):
    users.add("ana", "analyst", PASSWORD)
    session = users.get("ana").session_id
    assert users.by_session_id(session).name == "ana"
    users.set_role("ana", "viewer")
    assert users.by_session_id(session) is None
    session = users.get("ana").session_id
    assert users.by_session_id(session).actor.role == "viewer"
    users.disable("ana")
    assert users.by_session_id(session) is None
    assert users.login("ana", PASSWORD).reason == "account disabled"


def test_setup_token_works_once_and_only_without_users(users, clock):
    token = users.new_setup_token()
    assert users.setup_token_valid(token) and not users.setup_token_valid("guess")
    admin = users.complete_setup(token, "chief", PASSWORD)
    assert admin.role == "admin"
    assert not users.setup_token_valid(token)
    with pytest.raises(UserError, match="no longer valid"):
        users.complete_setup(token, "other", PASSWORD)
    assert users.new_setup_token() is None


def test_setup_token_expires(users, clock):
    token = users.new_setup_token()
    clock.now += 25 * 3600
    assert not users.setup_token_valid(token)


def _cli(data_dir, *args, password=None):
    return subprocess.run([sys.executable, "-m", "casegraph.users", "--data-dir", str(data_dir),
                           *args], input=password, capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_console_commands(tmp_path):
    data = tmp_path / "data"
    out = _cli(data, "add", "ana", "--role", "analyst", "--password-stdin",
               password=PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    assert _cli(data, "add", "viv", "--role", "viewer", "--password-stdin",
                password="short\n").returncode == 2
    assert _cli(data, "set-role", "ana", "viewer").returncode == 0
    assert _cli(data, "grant", "ana", "export_unredacted").returncode == 0
    assert _cli(data, "disable", "ana").returncode == 0
    listing = _cli(data, "list").stdout
    assert "ana" in listing and "viewer" in listing and "disabled" in listing
    assert "export_unredacted" in listing
    store = UserStore(engine_for(database_url(data)))
    assert store.get("ana").disabled and store.get("ana").role == "viewer"
    log = AuditLog(engine_for(database_url(data)), key_dir=data)
    actions = [r["action"] for r in log.rows()]
    assert actions == ["user_added", "role_change", "role_change", "user_disabled"]
    assert log.rows()[1]["details"] == {"account": "ana", "old": "analyst", "new": "viewer"}
    assert verify(log).ok
