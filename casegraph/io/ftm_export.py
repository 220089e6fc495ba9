"""A case as FollowTheMoney entities, one JSON object a line, for Aleph to take in.

Entities get the schema ``type_mappings.yaml`` names for their type; phones and emails go
onto their holders' ``phone`` / ``email`` properties (a phone nobody holds, or one that is
the end of a link FtM cannot say as a property, is written as a LegalEntity named by its
number). Links become relationship schemata where both ends fit (Ownership, Employment,
Family, Associate), calls become Call, messages Message, an address the holder's
``addressEntity``, an account's owner its ``owner``, attendance an Event's ``involved``; any
other link is an UnknownLink whose ``role`` is the link type. What FtM has no property for
(weights, casegraph attributes, provenance) is kept as ``casegraph.<name>: <JSON>`` lines in
``notes`` (things) or ``description`` (links), which casegraph reads back.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from followthemoney import model

from ..model import Case
from .ftm import CAPTION
from .typemap import type_mappings

_ID = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")
_HELD = {"phone", "email"}
_HOLDER_LINKS = {"uses", "owns"}
_SKIP = {"type", "label", "key"}


def ftm_id(node: Any, prefix: str = "cg") -> str:
    """An FtM id for a casegraph id: itself when FtM accepts it, else a stable hash."""
    text = str(node)
    if _ID.match(text) and len(text) <= 64:
        return text
    return f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:24]}"


def block(attrs: dict[str, Any]) -> str:
    """casegraph attributes as ``casegraph.<name>: <JSON>`` lines."""
    return "\n".join(f"casegraph.{k}: {json.dumps(v, ensure_ascii=False, default=str)}"
                     for k, v in attrs.items() if v is not None)


class _Writer:
    def __init__(self, case: Case):
        self.case = case
        self.schemas = type_mappings()["ftm"]["export"]
        self.proxies: dict[str, Any] = {}
        self.out: list[Any] = []

    def entity(self, node: str) -> Any:
        """The proxy of a node, made on first use (phones and emails only when needed)."""
        if node in self.proxies:
            return self.proxies[node]
        data = dict(self.case.graph.nodes[node])
        etype = data.get("type", "other")
        schema = "LegalEntity" if etype in _HELD else self.schemas.get(
            etype, self.schemas["other"])
        proxy = model.make_entity(schema)
        proxy.id = ftm_id(node)
        label = str(data.get("label", node))
        proxy.add(CAPTION.get(schema, "name"), label, cleaned=True)
        if etype in _HELD:
            proxy.add(etype, label, cleaned=True)
        extra = {k: v for k, v in data.items() if k not in _SKIP}
        if schema == "UserAccount" and extra.get("platform"):
            proxy.add("service", str(extra["platform"]), cleaned=True)
        if schema == "Message" and extra.get("text"):
            proxy.add("bodyText", str(extra.pop("text")), cleaned=True)
        keep = {"type": etype} if etype != _reads_as(schema) else {}
        if str(node) != proxy.id:
            keep["id"] = str(node)
        keep.update(extra)
        notes = block(keep)
        if notes:
            proxy.add("notes", notes, cleaned=True)
        self.proxies[node] = proxy
        return proxy

    def link_entity(self, schema: str, key: str, attrs: dict[str, Any]) -> Any:
        proxy = model.make_entity(schema)
        proxy.id = ftm_id(f"link:{key}", "cglink")
        extra = {k: v for k, v in attrs.items() if k not in ("time",)}
        if extra.get("weight") == 1.0:
            extra.pop("weight")
        if attrs.get("time"):
            proxy.add("date", str(attrs["time"]), cleaned=True)
        extra["key"] = key
        proxy.add("description", block(extra), cleaned=True)
        self.out.append(proxy)
        return proxy

    def is_a(self, node: str, schema: str) -> bool:
        etype = self.case.graph.nodes[node].get("type", "other")
        if etype in _HELD:
            return schema in ("LegalEntity", "Thing")
        return model.get(self.schemas.get(etype, self.schemas["other"])).is_a(schema)

    def link(self, u: str, v: str, key: str, data: dict[str, Any]) -> None:
        graph = self.case.graph
        tu, tv = graph.nodes[u].get("type"), graph.nodes[v].get("type")
        link_type = data.get("type", "link")
        attrs = {k: val for k, val in data.items() if k != "type"}
        if plain(attrs) and self.as_property(u, v, tu, tv, link_type):
            return
        if link_type == "call":
            self.call(u, v, key, attrs)
            return
        if link_type == "message" and self.is_a(u, "LegalEntity") and self.is_a(v, "LegalEntity"):
            message = self.link_entity("Message", key, attrs)
            message.add("sender", self.entity(u).id)
            message.add("recipients", self.entity(v).id)
            return
        self.relationship(u, v, key, link_type, attrs)

    def as_property(self, u: str, v: str, tu: Any, tv: Any, link_type: str) -> bool:
        """Write a link FtM says with a property (a holder's phone, an account's owner, an
        address, attendance, a post's author); False when it is not one of those."""
        graph = self.case.graph
        if link_type in _HOLDER_LINKS and tv in _HELD and tu not in _HELD \
                and self.is_a(u, "LegalEntity"):
            self.entity(u).add(tv, str(graph.nodes[v].get("label", v)), cleaned=True)
        elif link_type in _HOLDER_LINKS and tv == "account" and self.is_a(u, "LegalEntity"):
            self.entity(v).add("owner", self.entity(u).id)
        elif link_type == "lives_at" and tv == "address":
            self.entity(u).add("addressEntity", self.entity(v).id)
        elif link_type == "attended" and tv == "event" and self.is_a(u, "LegalEntity"):
            self.entity(v).add("involved", self.entity(u).id)
        elif link_type == "posted" and tu == "account" and tv == "post":
            self.entity(v).add("senderAccount", self.entity(u).id)
        else:
            return False
        return True

    def call(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        call = self.link_entity("Call", key, {k: val for k, val in attrs.items()
                                             if k != "duration"})
        if attrs.get("duration") is not None:
            call.add("duration", str(attrs["duration"]), cleaned=True)
        for node, entity, number in ((u, "caller", "callerNumber"),
                                     (v, "receiver", "receiverNumber")):
            if self.case.graph.nodes[node].get("type") == "phone":
                call.add(number, str(self.case.graph.nodes[node].get("label", node)),
                         cleaned=True)
            else:
                call.add(entity, self.entity(node).id)

    def relationship(self, u: str, v: str, key: str, link_type: str,
                     attrs: dict[str, Any]) -> None:
        spec = type_mappings()["ftm"]["links"]
        schema = type_mappings()["ftm"]["link_export"].get(link_type)
        if schema is not None:
            ends = spec[schema]
            ranges = model.get(schema)
            if not (self.is_a(u, ranges.get(ends["source"]).range.name)
                    and self.is_a(v, ranges.get(ends["target"]).range.name)):
                schema = None
        if schema is None:
            schema, ends = "UnknownLink", spec["UnknownLink"]
        proxy = self.link_entity(schema, key, dict(attrs, type=link_type))
        proxy.add(ends["source"], self.entity(u).id)
        proxy.add(ends["target"], self.entity(v).id)
        if schema == "UnknownLink":
            proxy.add("role", link_type, cleaned=True)


def plain(attrs: dict[str, Any]) -> bool:
    """A link with nothing to say but its ends (its provenance aside): one a property
    holds without loss."""
    return all(k == "provenance" or (k == "weight" and v == 1.0) for k, v in attrs.items())


def _reads_as(schema: str) -> str | None:
    """The casegraph type the reader gives a schema (so the type need not be written)."""
    return type_mappings()["ftm"]["import"].get(schema.lower())


def write_ftm(case: Case) -> bytes:
    writer = _Writer(case)
    holders = {v for u, v, d in case.graph.edges(data=True)
               if d.get("type") in _HOLDER_LINKS and writer.is_a(u, "LegalEntity")
               and case.graph.nodes[u].get("type") not in _HELD
               and plain({k: x for k, x in d.items() if k != "type"})}
    for node, etype in case.graph.nodes(data="type"):
        if etype not in _HELD or node not in holders:
            writer.entity(node)
    for u, v, key, data in case.graph.edges(keys=True, data=True):
        writer.link(u, v, key, data)
    lines = [json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True)
             for p in [*writer.proxies.values(), *writer.out]]
    return ("\n".join(lines) + "\n").encode()
