"""Who is asking and what they may do: actors, roles as data, and the access of each case.

An :class:`Actor` is an authenticated user with a role. What a role may do is data
(:data:`PERMISSIONS`), so a reviewer reads the rules in one place. Every case has an owner
and a team (users it is shared with); admins may open every case; the shipped sample cases
are readable by everyone who is logged in. The rules live in :meth:`CaseAccess.check`, the
one place the session facade (``casegraph.session``) asks before it answers.

    >>> ana, viv = Actor("ana", "analyst"), Actor("viv", "viewer")
    >>> ana.may("lookup"), viv.may("lookup"), viv.may("read")
    (True, False, True)
    >>> import tempfile
    >>> from casegraph.db import database_url, engine_for
    >>> access = CaseAccess(engine_for(database_url(tempfile.mkdtemp())))
    >>> access.register("c1", owner="ana")
    >>> access.allowed(ana, "edit", "c1"), access.allowed(viv, "read", "c1")
    (True, False)
    >>> access.share("c1", "viv"); access.allowed(viv, "read", "c1")
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from casegraph.db import create_tables, write
from casegraph.model import now_iso

ROLES = ("admin", "analyst", "viewer")

# What each role may do. Case actions (read .. erase) also need access to the case itself.
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({
        "read", "create", "edit", "lookup", "export", "export_unredacted", "share", "erase",
        "every_case", "users", "retention", "audit_all", "settings"}),
    "analyst": frozenset({
        "read", "create", "edit", "lookup", "export", "export_unredacted", "share", "erase"}),
    "viewer": frozenset({"read", "export"}),
}
# What an admin may grant a user beyond their role (``python -m casegraph.users grant``).
GRANTABLE = frozenset({"export_unredacted"})
# Case actions, and who on a case may do them besides admins.
CASE_ACTIONS = ("read", "export", "edit", "lookup", "share", "erase")
OWNER_ONLY = frozenset({"share", "erase"})
ACTION_WORDS = {
    "read": "open", "export": "export", "edit": "change", "lookup": "run lookups on",
    "share": "share", "erase": "erase", "create": "create cases",
    "export_unredacted": "export without redaction", "users": "manage users",
    "retention": "manage retention", "audit_all": "read the whole audit log",
    "settings": "change settings",
}
DEFAULT_REVIEW_DAYS = 365


class Refused(Exception):
    """An action refused: not allowed, or not recordable. ``str()`` is the message for the
    user; the refusal itself is audited by whoever raises it."""

    def __init__(self, message: str, *, action: str = "", case_id: str = ""):
        super().__init__(message)
        self.message = message
        self.action = action
        self.case_id = case_id


class AccessDenied(Refused):
    """The actor may not do this (role, or no access to the case)."""


@dataclass(frozen=True)
class Actor:
    """Who is asking: an authenticated user name and role (plus any admin grants)."""

    user: str
    role: str
    grants: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (one of {', '.join(ROLES)})")

    @property
    def permissions(self) -> frozenset[str]:
        return PERMISSIONS[self.role] | (self.grants & GRANTABLE)

    def may(self, action: str) -> bool:
        """Whether the role (or a grant) allows ``action`` at all (cases aside)."""
        return action in self.permissions

    def require(self, action: str) -> None:
        if not self.may(action):
            raise AccessDenied(f"Refused: as {self.role} you may not "
                               f"{ACTION_WORDS.get(action, action)}.", action=action)


metadata = MetaData()
case_access = Table(
    "case_access", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("owner", String(120), nullable=False),
    Column("created", String(40), nullable=False),
    Column("review_date", String(10), nullable=False),  # YYYY-MM-DD
    Column("sample", Boolean, nullable=False, default=False),
)
case_share = Table(
    "case_share", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("user", String(120), primary_key=True),
    Column("added", String(40), nullable=False),
    Column("added_by", String(120), nullable=False),
)
settings_table = Table(
    "settings", metadata,
    Column("name", String(80), primary_key=True),
    Column("value", String(400), nullable=False),
)


def review_date_from(today: dt.date | None = None, days: int = DEFAULT_REVIEW_DAYS) -> str:
    return ((today or dt.date.today()) + dt.timedelta(days=days)).isoformat()


def valid_date(text: Any) -> str | None:
    """``YYYY-MM-DD`` if ``text`` is such a date, else None."""
    try:
        return dt.date.fromisoformat(str(text).strip()[:10]).isoformat()
    except ValueError:
        return None


class CaseAccess:
    """Owner, team, review date and sample flag of each case, on the installation's
    database (tables ``case_access``, ``case_share``, ``settings``)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        create_tables(metadata, engine)

    # -- writing -------------------------------------------------------------------------------
    def register(self, case_id: str, owner: str, *, sample: bool = False,
                 review_date: str | None = None) -> None:
        """Record a new case's owner (idempotent: a case keeps its first owner)."""
        try:
            with write(self.engine) as conn:
                conn.execute(insert(case_access).values(
                    case_id=case_id, owner=owner, created=now_iso(), sample=bool(sample),
                    review_date=review_date or review_date_from()))
        except IntegrityError:
            pass

    def share(self, case_id: str, user: str, by: str = "") -> None:
        try:
            with write(self.engine) as conn:
                conn.execute(insert(case_share).values(case_id=case_id, user=user,
                                                       added=now_iso(), added_by=by))
        except IntegrityError:
            pass

    def unshare(self, case_id: str, user: str) -> None:
        with write(self.engine) as conn:
            conn.execute(delete(case_share).where(case_share.c.case_id == case_id,
                                                  case_share.c.user == user))

    def set_owner(self, case_id: str, owner: str) -> None:
        with write(self.engine) as conn:
            conn.execute(update(case_access).where(case_access.c.case_id == case_id)
                         .values(owner=owner))

    def set_review_date(self, case_id: str, date: str) -> None:
        with write(self.engine) as conn:
            conn.execute(update(case_access).where(case_access.c.case_id == case_id)
                         .values(review_date=date))

    def forget(self, case_id: str) -> None:
        """Remove a case's access rows (its erasure)."""
        with write(self.engine) as conn:
            conn.execute(delete(case_share).where(case_share.c.case_id == case_id))
            conn.execute(delete(case_access).where(case_access.c.case_id == case_id))

    # -- reading -------------------------------------------------------------------------------
    def info(self, case_id: str) -> dict[str, Any] | None:
        """``{case_id, owner, created, review_date, sample, team}`` or None if unknown."""
        with self.engine.connect() as conn:
            row = conn.execute(select(case_access).where(case_access.c.case_id == case_id)
                               ).mappings().first()
            if row is None:
                return None
            team = conn.execute(select(case_share.c.user).where(
                case_share.c.case_id == case_id).order_by(case_share.c.user)).scalars().all()
        return {**dict(row), "team": list(team)}

    def all_info(self) -> dict[str, dict[str, Any]]:
        """Every case's access row with its team, by case id."""
        with self.engine.connect() as conn:
            rows = {r["case_id"]: {**dict(r), "team": []}
                    for r in conn.execute(select(case_access)).mappings()}
            for case_id, user in conn.execute(select(case_share.c.case_id, case_share.c.user)
                                              .order_by(case_share.c.user)):
                if case_id in rows:
                    rows[case_id]["team"].append(user)
        return rows

    def past_review(self, today: dt.date | None = None) -> list[dict[str, Any]]:
        """Cases (not samples) whose review date has come, oldest first."""
        day = (today or dt.date.today()).isoformat()
        with self.engine.connect() as conn:
            rows = conn.execute(select(case_access).where(
                case_access.c.review_date <= day, case_access.c.sample.is_(False))
                .order_by(case_access.c.review_date)).mappings().all()
        return [dict(r) for r in rows]

    # -- the rules -----------------------------------------------------------------------------
    @staticmethod
    def decide(actor: Actor, action: str, info: dict[str, Any] | None) -> str | None:
        """None when ``actor`` may do ``action`` on a case with access ``info``; else the
        reason, in words for the user."""
        if not actor.may(action):
            return (f"as {actor.role} you may not {ACTION_WORDS.get(action, action)} "
                    "this case")
        if actor.may("every_case"):
            return None
        if info is None:
            return "this case has no owner on record; an admin can assign it"
        if info["owner"] == actor.user:
            return None
        if info.get("sample"):
            if action in OWNER_ONLY:
                return f"only an admin may {ACTION_WORDS[action]} a sample case"
            return None
        if actor.user in info.get("team", ()):
            if action in OWNER_ONLY:
                return f"only the case's owner or an admin may {ACTION_WORDS[action]} it"
            return None
        return "the case is not shared with you"

    def allowed(self, actor: Actor, action: str, case_id: str) -> bool:
        return self.decide(actor, action, self.info(case_id)) is None

    def readable(self, actor: Actor, case_ids: Iterable[str]) -> list[str]:
        """The ids among ``case_ids`` that ``actor`` may open, in the same order."""
        everything = self.all_info()
        return [c for c in case_ids if self.decide(actor, "read", everything.get(c)) is None]

    # -- settings (admin) ----------------------------------------------------------------------
    def setting(self, name: str, default: str = "") -> str:
        with self.engine.connect() as conn:
            value = conn.execute(select(settings_table.c.value)
                                 .where(settings_table.c.name == name)).scalar()
        return default if value is None else str(value)

    def set_setting(self, name: str, value: str) -> None:
        with write(self.engine) as conn:
            done = conn.execute(update(settings_table).where(settings_table.c.name == name)
                                .values(value=str(value)))
            if not done.rowcount:
                conn.execute(insert(settings_table).values(name=name, value=str(value)))
