"""What an enrichment provider receives and returns.

A provider is handed an :class:`Entity` (a read-only view of one node) and a
:class:`LookupContext` (who asks, for which case, why, and how long they may wait). It answers
with a :class:`LookupResult`: found entities and links, plus a status and messages. Expected
failures (not found, not covered, timeout, quota, malformed answer) are results, never
exceptions, so the dashboard can always say what happened.

Found entities are referred to by a ``ref`` local to the result; links join refs, and the
special ref :data:`QUERY` stands for the entity that was looked up::

    >>> res = LookupResult("records", "phone", "+447700900001", status="ok")
    >>> res.entities.append(FoundEntity("rec:P1", "person", "Ada Example", confidence=0.9))
    >>> res.links.append(FoundLink("rec:P1", QUERY, "uses", confidence=0.9))
    >>> res.count
    1
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from casegraph.model import (
    Case,
    identity_key,
    normalise_email,
    normalise_phone,
    normalise_text,
    now_iso,
)

QUERY = "@query"  # ref of the looked-up entity inside a LookupResult

STATUSES = ("ok", "not_found", "not_covered", "timeout", "quota", "error", "malformed",
            "refused")
# Answers worth caching: a fact about the world, not a passing failure of the source.
CACHEABLE = frozenset({"ok", "not_found", "not_covered"})


@dataclass(frozen=True)
class Entity:
    """Read-only view of one case node, as handed to a provider."""

    node_id: str
    type: str
    label: str
    key: str | None = None
    props: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_case(cls, case: Case, node_id: str) -> Entity:
        """View of ``node_id`` in ``case`` (props exclude type, label, key and provenance)."""
        data = case.graph.nodes[node_id]
        props = {k: v for k, v in data.items()
                 if k not in ("type", "label", "key", "provenance")}
        return cls(str(node_id), str(data.get("type", "other")), str(data.get("label", node_id)),
                   data.get("key"), props)


@dataclass
class LookupContext:
    """Who asks, for which case and purpose, and the time budget of the lookup (seconds)."""

    user: str = ""
    case_number: str = ""
    purpose: str = ""
    timeout: float = 10.0
    now: str = field(default_factory=now_iso)

    @classmethod
    def for_case(cls, case: Case, user: str = "", timeout: float = 10.0) -> LookupContext:
        """Context carrying the case number and purpose stored in ``case.meta``."""
        return cls(user=user, case_number=str(case.meta.get("case_number") or ""),
                   purpose=str(case.meta.get("purpose") or ""), timeout=timeout)

    def missing(self) -> list[str]:
        """Names of the fields a lookup needs but that are blank."""
        return [name for name in ("case_number", "purpose")
                if not str(getattr(self, name) or "").strip()]

    def deadline(self) -> float:
        return time.monotonic() + max(0.0, float(self.timeout))


@dataclass
class FoundEntity:
    """An entity returned by a provider; ``ref`` is unique within its result."""

    ref: str
    type: str
    label: str
    props: dict[str, Any] = field(default_factory=dict)
    source_record: str = ""
    confidence: float = 1.0


@dataclass
class FoundLink:
    """A link between two refs of a result (or :data:`QUERY`)."""

    source: str
    target: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)
    source_record: str = ""
    confidence: float = 1.0


@dataclass
class LookupResult:
    """A provider's answer to one query. ``status`` is one of :data:`STATUSES`."""

    provider: str
    query_type: str
    query_value: str
    status: str = "ok"
    entities: list[FoundEntity] = field(default_factory=list)
    links: list[FoundLink] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    from_cache: bool = False

    @property
    def count(self) -> int:
        return len(self.entities)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LookupResult:
        """Rebuild a result from :meth:`to_dict` output; raises ValueError when malformed."""
        try:
            status = str(data["status"])
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
            return cls(
                provider=str(data.get("provider", "")),
                query_type=str(data["query_type"]), query_value=str(data["query_value"]),
                status=status,
                entities=[FoundEntity(str(e["ref"]), str(e["type"]), str(e["label"]),
                                      dict(e.get("props") or {}), str(e.get("source_record", "")),
                                      float(e.get("confidence", 1.0)))
                          for e in data.get("entities") or []],
                links=[FoundLink(str(k["source"]), str(k["target"]), str(k["type"]),
                                 dict(k.get("props") or {}), str(k.get("source_record", "")),
                                 float(k.get("confidence", 1.0)))
                       for k in data.get("links") or []],
                messages=[str(m) for m in data.get("messages") or []],
                from_cache=bool(data.get("from_cache", False)),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed lookup result: {exc!r}") from exc

    def digest(self) -> str:
        """SHA-256 of the facts (status, entities, links), stable across processes."""
        facts = {"status": self.status, "entities": [asdict(e) for e in self.entities],
                 "links": [asdict(k) for k in self.links]}
        blob = json.dumps(facts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def failure(provider: str, query_type: str, query_value: str, status: str,
            message: str) -> LookupResult:
    """A result without facts, saying why."""
    return LookupResult(provider, query_type, query_value, status=status, messages=[message])


@runtime_checkable
class Provider(Protocol):
    """An enrichment source. ``lookup`` never raises for expected failures.

    A provider may also have ``prepare()``: one-off work (building a local database, loading
    an index) that the app runs in the background when it starts, so the first lookup an
    analyst makes does not pay for it.
    """

    name: str
    input_types: frozenset[str]
    output_types: frozenset[str]

    def lookup(self, entity: Entity, context: LookupContext) -> LookupResult: ...


# -- queries: what an entity is looked up by ---------------------------------------------------
QUERY_TYPES = ("handle", "phone", "email", "person", "name", "address")


def query_for(entity: Entity) -> tuple[str, str] | None:
    """The (query type, normalised value) an entity is looked up by, or None.

    A person that came from a previous lookup carries a ``ref`` and is fetched by it
    (query type ``person``); any other person is searched by name.

    >>> query_for(Entity("n1", "phone", "07700 900001"))
    ('phone', '+447700900001')
    >>> query_for(Entity("n2", "account", "@Snow_Man", props={"platform": "Instagram"}))
    ('handle', 'instagram:snow_man')
    """
    query = _query(entity)
    return query if query and query[1] else None


def _query(entity: Entity) -> tuple[str, str] | None:
    props, label = entity.props, entity.label
    if entity.type == "phone":
        raw = props.get("phone") or props.get("number") or label
        return ("phone", normalise_phone(str(raw))) if str(raw).strip() else None
    if entity.type == "email":
        raw = props.get("email") or label
        return ("email", normalise_email(str(raw))) if str(raw).strip() else None
    if entity.type == "account":
        key = entity.key or identity_key("account", {"label": label, **props})
        return ("handle", key[len("handle:"):]) if key and key.startswith("handle:") else None
    if entity.type == "address":
        raw = props.get("address") or label
        return ("address", normalise_text(str(raw))) if str(raw).strip() else None
    if entity.type == "person":
        if props.get("ref"):
            return "person", str(props["ref"])
        return ("name", normalise_text(label)) if label.strip() else None
    return None
