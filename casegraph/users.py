"""Local user accounts: argon2id password hashes, roles, failed-login throttling and the
one-time set-up link of a fresh installation.

There is no default password. When the database holds no user, the server prints a set-up
link (``/setup/<token>``, valid once, for a day) and the first admin chooses a name and a
password there. Admins and scripts manage accounts from the console::

    python -m casegraph.users add NAME --role analyst [--password-stdin]
    python -m casegraph.users list
    python -m casegraph.users disable NAME
    python -m casegraph.users set-role NAME viewer
    python -m casegraph.users set-password NAME [--password-stdin]
    python -m casegraph.users grant NAME export_unredacted   (revoke NAME PERMISSION)
    python -m casegraph.users setting redaction_keep_digits 3
    python -m casegraph.users setup-link

Every command takes ``--data-dir`` (default ``$CASEGRAPH_DATA_DIR`` or ``./var``) and
``--database-url`` (default ``$CASEGRAPH_DATABASE_URL`` or the SQLite file in the data
folder); every change is written to the audit log.

    >>> import tempfile
    >>> from casegraph.db import database_url, engine_for
    >>> users = UserStore(engine_for(database_url(tempfile.mkdtemp())))
    >>> users.add("ana", "analyst", "correct horse battery")
    >>> users.authenticate("ana", "correct horse battery").name
    'ana'
    >>> users.authenticate("ana", "wrong password") is None
    True
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from casegraph.access import GRANTABLE, ROLES, Actor
from casegraph.db import create_tables, write
from casegraph.model import now_iso

MIN_PASSWORD = 10
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# throttling: after FREE_FAILURES wrong passwords in a row an account waits, doubling each
# time (capped); one address gets ADDRESS_FAILURES tries per window whatever the names
FREE_FAILURES = 5
FIRST_WAIT_S = 30.0
MAX_WAIT_S = 15 * 60.0
ADDRESS_FAILURES = 30
ADDRESS_WINDOW_S = 15 * 60.0
SETUP_TTL_S = 24 * 3600.0

# argon2id with the library's recommended parameters (RFC 9106's second choice: 64 MiB,
# 3 passes): about half a second per check on a busy 2-core machine
DEFAULT_HASHER = PasswordHasher()

metadata = MetaData()
users_table = Table(
    "users", metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("grants", String(200), nullable=False, default=""),
    # bumped when the role, password or status changes: older sessions stop working
    Column("epoch", Integer, nullable=False, default=1),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", Float, nullable=False, default=0.0),
    Column("created", String(40), nullable=False),
    Column("last_login", String(40), nullable=True),
)
throttle_table = Table(
    "login_throttle", metadata,
    Column("address", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", Float, nullable=False),
)
setup_table = Table(
    "setup_tokens", metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("expires", Float, nullable=False),
)


class UserError(ValueError):
    """A user command that cannot be done (unknown user, weak password, bad role...)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool
    grants: frozenset[str]
    epoch: int
    last_login: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role, self.grants)

    @property
    def session_id(self) -> str:
        """What the login session stores: name and epoch (a role change ends old sessions)."""
        return f"{self.name}:{self.epoch}"


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    reason: str = ""          # for the audit: wrong password, unknown user, locked, disabled
    wait_s: float = 0.0       # >0: throttled; say when to try again


def check_name(name: str) -> str:
    name = str(name or "").strip()
    if not NAME_PATTERN.match(name):
        raise UserError("a user name is 1-64 letters, digits or . _ @ - (starting with a "
                        "letter or digit)")
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UserStore:
    """Accounts on the installation's database (tables ``users``, ``login_throttle``,
    ``setup_tokens``). ``clock`` is swappable for tests of the throttle."""

    def __init__(self, engine: Engine, clock=time.time, hasher: PasswordHasher | None = None):
        self.engine = engine
        self.clock = clock
        self.hasher = hasher or DEFAULT_HASHER
        self._dummy: str | None = None
        create_tables(metadata, engine)

    def _hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, str(password or ""))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _waste_time(self, password: str) -> None:
        """A check against a made-up hash, so an unknown name takes as long as a known one."""
        if self._dummy is None:
            self._dummy = self._hash(secrets.token_hex(16))
        self._verify(self._dummy, password)

    # -- accounts ------------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str | None = None) -> None:
        name = check_name(name)
        if role not in ROLES:
            raise UserError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        hashed = self._hash(check_password(password)) if password is not None else None
        try:
            with write(self.engine) as conn:
                conn.execute(insert(users_table).values(
                    name=name, role=role, password_hash=hashed, disabled=False, grants="",
                    epoch=1, failures=0, locked_until=0.0, created=now_iso()))
        except IntegrityError as exc:
            raise UserError(f"there is already a user {name!r}") from exc

    def get(self, name: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users_table).where(users_table.c.name == name)
                               ).mappings().first()
        return _user(row) if row else None

    def list(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(users_table).order_by(users_table.c.name)).mappings()
            return [_user(r) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(users_table)).scalar())

    def _change(self, name: str, **values) -> None:
        with write(self.engine) as conn:
            done = conn.execute(update(users_table).where(users_table.c.name == name).values(
                epoch=users_table.c.epoch + 1, **values))
        if not done.rowcount:
            raise UserError(f"no user {name!r}")

    def set_role(self, name: str, role: str) -> None:
        if role not in ROLES:
            raise UserError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
        self._change(name, role=role)

    def set_password(self, name: str, password: str) -> None:
        self._change(name, password_hash=self._hash(check_password(password)),
                     failures=0, locked_until=0.0)

    def disable(self, name: str) -> None:
        self._change(name, disabled=True)

    def enable(self, name: str) -> None:
        self._change(name, disabled=False, failures=0, locked_until=0.0)

    def set_grants(self, name: str, grants: set[str]) -> None:
        unknown = set(grants) - GRANTABLE
        if unknown:
            raise UserError(f"cannot grant {', '.join(sorted(unknown))} (grantable: "
                            f"{', '.join(sorted(GRANTABLE))})")
        self._change(name, grants=",".join(sorted(grants)))

    def by_session_id(self, session_id: str) -> User | None:
        """The user a login session belongs to, if it is still valid (same epoch, enabled)."""
        name, _, epoch = str(session_id).rpartition(":")
        user = self.get(name) if name else None
        if user is None or user.disabled or str(user.epoch) != epoch:
            return None
        return user

    # -- logging in ----------------------------------------------------------------------------
    def authenticate(self, name: str, password: str, address: str = "") -> User | None:
        return self.login(name, password, address).user

    def login(self, name: str, password: str, address: str = "") -> LoginOutcome:
        """Check a password, with throttling per account and per client address."""
        now = self.clock()
        wait = self._address_wait(address, now)
        if wait:
            return LoginOutcome(None, "too many failed logins from this address", wait)
        with self.engine.connect() as conn:
            row = conn.execute(select(users_table).where(users_table.c.name == str(name))
                               ).mappings().first()
        if row is None or row["password_hash"] is None:
            self._waste_time(password)
            self._fail(None, address, now)
            return LoginOutcome(None, "unknown user" if row is None else "no password set")
        if row["locked_until"] > now:
            return LoginOutcome(None, "account waiting after failed logins",
                                row["locked_until"] - now)
        if not self._verify(row["password_hash"], password):
            self._fail(row["name"], address, now)
            return LoginOutcome(None, "wrong password")
        if row["disabled"]:
            return LoginOutcome(None, "account disabled")
        values = {"failures": 0, "locked_until": 0.0, "last_login": now_iso()}
        if self.hasher.check_needs_rehash(row["password_hash"]):
            values["password_hash"] = self._hash(password)
        with write(self.engine) as conn:
            conn.execute(update(users_table).where(users_table.c.name == row["name"])
                         .values(**values))
        return LoginOutcome(_user({**dict(row), **values}))

    def _fail(self, name: str | None, address: str, now: float) -> None:
        with write(self.engine) as conn:
            if name is not None:
                failures = conn.execute(select(users_table.c.failures).where(
                    users_table.c.name == name)).scalar() + 1
                locked = 0.0
                if failures >= FREE_FAILURES:
                    locked = now + min(MAX_WAIT_S,
                                       FIRST_WAIT_S * 2 ** (failures - FREE_FAILURES))
                conn.execute(update(users_table).where(users_table.c.name == name)
                             .values(failures=failures, locked_until=locked))
            if address:
                row = conn.execute(select(throttle_table).where(
                    throttle_table.c.address == address)).mappings().first()
                if row is None or now - row["window_start"] > ADDRESS_WINDOW_S:
                    conn.execute(delete(throttle_table).where(
                        throttle_table.c.address == address))
                    conn.execute(insert(throttle_table).values(address=address, failures=1,
                                                               window_start=now))
                else:
                    conn.execute(update(throttle_table).where(
                        throttle_table.c.address == address).values(
                        failures=row["failures"] + 1))

    def _address_wait(self, address: str, now: float) -> float:
        if not address:
            return 0.0
        with self.engine.connect() as conn:
            row = conn.execute(select(throttle_table).where(
                throttle_table.c.address == address)).mappings().first()
        if row is None or row["failures"] < ADDRESS_FAILURES:
            return 0.0
        return max(0.0, row["window_start"] + ADDRESS_WINDOW_S - now)

    # -- first run -----------------------------------------------------------------------------
    def new_setup_token(self) -> str | None:
        """A one-time set-up token while there is no user (older tokens stop working);
        None once users exist."""
        if self.count():
            return None
        token = secrets.token_urlsafe(32)
        with write(self.engine) as conn:
            conn.execute(delete(setup_table))
            conn.execute(insert(setup_table).values(token_sha256=_sha(token),
                                                    expires=self.clock() + SETUP_TTL_S))
        return token

    def setup_token_valid(self, token: str) -> bool:
        if self.count():
            return False
        with self.engine.connect() as conn:
            expires = conn.execute(select(setup_table.c.expires).where(
                setup_table.c.token_sha256 == _sha(str(token)))).scalar()
        return expires is not None and expires > self.clock()

    def complete_setup(self, token: str, name: str, password: str) -> User:
        """Create the first admin with the set-up token (used once)."""
        with write(self.engine) as conn:
            found = conn.execute(delete(setup_table).where(
                setup_table.c.token_sha256 == _sha(str(token)),
                setup_table.c.expires > self.clock()))
            users = conn.execute(select(func.count()).select_from(users_table)).scalar()
            if not found.rowcount or users:
                raise UserError("this set-up link is no longer valid")
            conn.execute(insert(users_table).values(
                name=check_name(name), role="admin",
                password_hash=self._hash(check_password(password)), disabled=False,
                grants="", epoch=1, failures=0, locked_until=0.0, created=now_iso()))
        user = self.get(check_name(name))
        assert user is not None
        return user


def _user(row) -> User:
    grants = frozenset(g for g in str(row["grants"] or "").split(",") if g)
    return User(name=row["name"], role=row["role"], disabled=bool(row["disabled"]),
                grants=grants, epoch=int(row["epoch"]), last_login=row.get("last_login"))


# -- the console ------------------------------------------------------------------------------
def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise UserError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casegraph.users",
                                     description="Manage casegraph's user accounts.")
    parser.add_argument("--data-dir", default=os.environ.get("CASEGRAPH_DATA_DIR", "var"))
    parser.add_argument("--database-url", default=None)
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    sub.add_parser("list", help="list users")
    for command in ("disable", "enable"):
        sub.add_parser(command, help=f"{command} a user").add_argument("name")
    role = sub.add_parser("set-role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    password = sub.add_parser("set-password", help="set a user's password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    for command in ("grant", "revoke"):
        grant = sub.add_parser(command, help=f"{command} a permission beyond the role")
        grant.add_argument("name")
        grant.add_argument("permission", choices=sorted(GRANTABLE))
    setting = sub.add_parser("setting", help="show or change an installation setting")
    setting.add_argument("name", choices=["redaction_keep_digits"])
    setting.add_argument("value", nargs="?")
    link = sub.add_parser("setup-link", help="print a new one-time set-up link (no users yet)")
    link.add_argument("--url", default="http://127.0.0.1:8050",
                      help="where the server is reached (default http://127.0.0.1:8050)")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    from casegraph import audit
    from casegraph.access import CaseAccess
    from casegraph.db import database_url, engine_for

    data_dir = Path(args.data_dir)
    engine = engine_for(database_url(data_dir, args.database_url))
    users = UserStore(engine)
    log = audit.AuditLog(engine, key=audit.audit_key(data_dir))
    console = f"console:{getpass.getuser()}"

    def record(action: str, name: str, **details) -> None:
        log.write(action, user=console, role="admin", details={"account": name, **details})

    if args.command == "list":
        for user in users.list():
            state = "disabled" if user.disabled else "active"
            extra = f"  grants: {','.join(sorted(user.grants))}" if user.grants else ""
            print(f"{user.name:24} {user.role:8} {state}{extra}")
        return 0
    if args.command == "setup-link":
        token = users.new_setup_token()
        if token is None:
            raise UserError("users exist already; add accounts with `add`")
        print(f"One-time set-up link: {args.url.rstrip('/')}/setup/{token}")
        return 0
    if args.command == "setting":
        access = CaseAccess(engine)
        if args.value is None:
            print(access.setting(args.name, "0"))
            return 0
        if not args.value.isdigit() or int(args.value) > 8:
            raise UserError("redaction_keep_digits is a number of digits from 0 to 8")
        record(audit.SETTING, "", setting=args.name, value=args.value)
        access.set_setting(args.name, args.value)
        print(f"{args.name} = {args.value}")
        return 0
    if args.command == "add":
        name = check_name(args.name)
        if users.get(name) is not None:
            raise UserError(f"there is already a user {name!r}")
        secret = check_password(_read_password(args.password_stdin))
        record(audit.USER_ADDED, name, role=args.role)
        users.add(name, args.role, secret)
        print(f"added {name} ({args.role})")
        return 0
    user = users.get(args.name)
    if user is None:
        raise UserError(f"no user {args.name!r}")
    if args.command == "set-role":
        record(audit.ROLE_CHANGE, user.name, old=user.role, new=args.role)
        users.set_role(user.name, args.role)
    elif args.command == "set-password":
        secret = check_password(_read_password(args.password_stdin))
        record(audit.PASSWORD_SET, user.name)
        users.set_password(user.name, secret)
    elif args.command == "disable":
        record(audit.USER_DISABLED, user.name)
        users.disable(user.name)
    elif args.command == "enable":
        record(audit.ROLE_CHANGE, user.name, enabled=True, role=user.role)
        users.enable(user.name)
    elif args.command in ("grant", "revoke"):
        grants = set(user.grants)
        grants = grants | {args.permission} if args.command == "grant" else grants - {
            args.permission}
        record(audit.ROLE_CHANGE, user.name, role=user.role, grants=sorted(grants))
        users.set_grants(user.name, grants)
    print(f"{args.command}: {user.name} done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
