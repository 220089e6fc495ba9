"""FollowTheMoney entities (JSON lines, as Aleph exports and ingests them), read as a case.

Things (Person, Company, Organization, Address, UserAccount, Vehicle, Event...) become
entities of the casegraph type ``type_mappings.yaml`` gives their schema. Phones and email
addresses are properties in FtM: each becomes a phone or email entity linked to its holder
by ``uses`` (a LegalEntity named by its own number is that phone). Relationship schemata
(Ownership, Directorship, Employment, Family, Associate, UnknownLink...) become links, and
so do calls (Call: caller/receiver or their numbers), messages with recipients, an address
entity (``lives_at``), an account's owner (``uses``), a vehicle's owner (``owns``) and the
people involved in an event (``attended``). casegraph's own attributes come back from the
``casegraph.<name>: <JSON>`` lines it writes into ``notes`` / ``description``.
"""

from __future__ import annotations

import json
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from ..model import Case
from .builder import Builder, blank, history_of, parse_number, parse_time
from .errors import LoadError, shorten
from .jsongraph import parse_json
from .source import Raw
from .typemap import type_mappings

BLOCK = "casegraph."          # the prefix of an attribute line in notes / description
# The property casegraph writes an entity's label into, per schema.
CAPTION = {"Person": "name", "Organization": "name", "LegalEntity": "name", "Address": "full",
           "UserAccount": "username", "Vehicle": "name", "Event": "name", "Note": "name",
           "Message": "title"}


def values(proxy: Any, name: str) -> list[str]:
    """The values of a property (none when the schema has no such property)."""
    return proxy.get(name, quiet=True)


def first(proxy: Any, name: str) -> str | None:
    return proxy.first(name, quiet=True)


def entities_of(raw: Raw) -> list[tuple[int, Any]]:
    """Every entity of a JSON-lines file (or a JSON list) with its line number."""
    text = raw.text()
    if text.lstrip().startswith("["):
        items = parse_json(text, raw.name)
        if not isinstance(items, list):
            raise LoadError("expected FollowTheMoney entities, one JSON object a line", raw.name)
        numbered = list(enumerate(items, start=1))
    else:
        numbered = [(n, parse_json(line, raw.name, line=n))
                    for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    proxies = []
    for number, item in numbered:
        if not isinstance(item, dict) or "schema" not in item:
            raise LoadError("expected a FollowTheMoney entity (an object with id, schema and "
                            "properties)", raw.name, line=number)
        try:
            proxies.append((number, model.get_proxy(item, cleaned=True)))
        except InvalidData as exc:
            raise LoadError(f"not a FollowTheMoney entity ({shorten(exc, 80)})", raw.name,
                            line=number) from None
    return proxies


def block_of(text: Any) -> tuple[dict[str, Any], str]:
    """casegraph attributes written as ``casegraph.<name>: <JSON>`` lines, and the rest."""
    attrs: dict[str, Any] = {}
    rest = []
    for line in str(text or "").splitlines():
        name, sep, value = line.partition(": ")
        if sep and name.startswith(BLOCK):
            try:
                attrs[name[len(BLOCK):]] = json.loads(value)
                continue
            except ValueError:
                pass
        rest.append(line)
    return attrs, "\n".join(rest).strip()


def read_ftm(raw: Raw, builder: Builder, name_given: bool) -> Case:
    proxies = entities_of(raw)
    links_table = type_mappings()["ftm"]["links"]
    ids: dict[str, str] = {}
    things = [(n, p) for n, p in proxies if not p.schema.edge and p.schema.name not in
              ("Call",) and not _is_message_link(p)]
    for number, proxy in things:
        ids[proxy.id] = _entity(builder, proxy, number)
    for number, proxy in things:
        _property_links(builder, proxy, ids, number)
    for number, proxy in proxies:
        if proxy.schema.name in links_table:
            _relationship(builder, proxy, links_table[proxy.schema.name], ids, number)
        elif proxy.schema.name == "Call":
            _call(builder, proxy, ids, number)
        elif _is_message_link(proxy):
            _message(builder, proxy, ids, number)
    return builder.finish()


def _is_message_link(proxy: Any) -> bool:
    return proxy.schema.name == "Message" and bool(
        values(proxy, "recipients") or values(proxy, "recipientAccount"))


def _entity(builder: Builder, proxy: Any, number: int) -> str:
    """One FtM thing as a node; phones and emails it holds as linked nodes."""
    props = {name: values(proxy, name) for name in proxy.properties}
    attrs, notes = block_of(first(proxy, "notes"))
    etype = attrs.pop("type", None)
    own_id = attrs.pop("id", None)
    history = history_of(attrs.pop("provenance", None))
    phones, emails = props.pop("phone", []), props.pop("email", [])
    caption = proxy.first(CAPTION.get(proxy.schema.name, "name")) or proxy.caption
    # A LegalEntity named by its own number (or address) is that phone (or email).
    if proxy.schema.name == "LegalEntity" and (caption in phones or caption in emails):
        etype = etype or ("phone" if caption in phones else "email")
        phones = [p for p in phones if p != caption]
        emails = [e for e in emails if e != caption]
    etype = etype or proxy.schema.name
    if notes:
        attrs["notes"] = notes
    consumed = {"name", "notes", "full", "username", "bodyText", "description"}
    if proxy.schema.name == "UserAccount" and first(proxy, "service"):
        attrs.setdefault("platform", first(proxy, "service"))
        consumed.add("service")
    if proxy.schema.name == "Message" and first(proxy, "bodyText"):
        attrs.setdefault("text", first(proxy, "bodyText"))
    for name, found in props.items():
        prop = proxy.schema.get(name)
        if name in consumed or prop is None or prop.type.name == "entity" or not found:
            continue
        attrs.setdefault(name, found[0] if len(found) == 1 else list(found))
    node = builder.node(own_id or proxy.id, etype, caption, row=number, history=history,
                        **{k: v for k, v in attrs.items() if k not in ("key", "label")})
    for kind, held in (("phone", phones), ("email", emails)):
        for value in held:
            held = builder.endpoint(value, number, kind, label=value)
            builder.link(node, held, "uses", 1.0, number)
    return node


def _property_links(builder: Builder, proxy: Any, ids: dict[str, str], number: int) -> None:
    """Links FtM keeps as entity properties: address, owner, people involved."""
    node = ids[proxy.id]
    pairs: list[tuple[str, str, str]] = []
    pairs += [(node, a, "lives_at") for a in values(proxy, "addressEntity")]
    if proxy.schema.name == "UserAccount":
        pairs += [(o, node, "uses") for o in values(proxy, "owner")]
    if proxy.schema.name == "Vehicle":
        pairs += [(o, node, "owns") for o in values(proxy, "owner")]
    if proxy.schema.name == "Event":
        people = values(proxy, "involved") + values(proxy, "organizer")
        pairs += [(p, node, "attended") for p in people]
    if proxy.schema.name == "Message":
        authors = values(proxy, "senderAccount") + values(proxy, "sender")
        pairs += [(a, node, "posted") for a in authors]
    for u, v, link_type in pairs:
        u, v = ids.get(u, u), ids.get(v, v)
        if u in builder.case.graph and v in builder.case.graph:
            builder.link(u, v, link_type, 1.0, number)


def _link_attrs(proxy: Any, builder: Builder, number: int) -> tuple[dict[str, Any], float, Any]:
    attrs, rest = block_of(first(proxy, "description"))
    if rest:
        attrs["description"] = rest
    weight = attrs.pop("weight", 1.0)
    link_type = attrs.pop("type", None)
    history = history_of(attrs.pop("provenance", None))
    when = attrs.get("time") or first(proxy, "date") or first(proxy, "startDate")
    if not blank(when):
        attrs["time"] = parse_time(when, builder.source, number, "date")
    attrs["_history"] = history
    return attrs, float(weight), link_type


def _add(builder: Builder, u: str, v: str, link_type: str, attrs: dict[str, Any],
         weight: float, number: int, key: str | None) -> None:
    history = attrs.pop("_history", [])
    builder.link(u, v, link_type, weight, number, key=key, history=history, **attrs)


def _relationship(builder: Builder, proxy: Any, spec: dict[str, str], ids: dict[str, str],
                  number: int) -> None:
    attrs, weight, link_type = _link_attrs(proxy, builder, number)
    role = first(proxy, "role") or first(proxy, "relationship")
    if role and spec["type"] == "link":  # an UnknownLink's role names the relation
        link_type = link_type or role
    if role and role != link_type:
        attrs.setdefault("relation", role)
    key = attrs.pop("key", None)
    for u in values(proxy, spec["source"]):
        for v in values(proxy, spec["target"]):
            if ids.get(u) and ids.get(v):
                _add(builder, ids[u], ids[v], link_type or spec["type"], dict(attrs), weight,
                     number, key)


def _call(builder: Builder, proxy: Any, ids: dict[str, str], number: int) -> None:
    attrs, weight, link_type = _link_attrs(proxy, builder, number)
    if first(proxy, "duration") and "duration" not in attrs:
        attrs["duration"] = parse_number(first(proxy, "duration"), builder.source, number,
                                         "duration")
    ends = []
    for entity, phone in (("caller", "callerNumber"), ("receiver", "receiverNumber")):
        numbers = values(proxy, phone)
        holder = ids.get(first(proxy, entity) or "")
        end = builder.endpoint(numbers[0], number, "phone", label=numbers[0]) if numbers \
            else holder
        if numbers and holder:
            builder.link(holder, end, "uses", 1.0, number)
        ends.append(end)
    if all(ends):
        _add(builder, ends[0], ends[1], link_type or "call", attrs, weight, number,
             attrs.pop("key", None))


def _message(builder: Builder, proxy: Any, ids: dict[str, str], number: int) -> None:
    attrs, weight, link_type = _link_attrs(proxy, builder, number)
    key = attrs.pop("key", None)
    senders = values(proxy, "sender") + values(proxy, "senderAccount")
    recipients = values(proxy, "recipients") + values(proxy, "recipientAccount")
    for u in senders:
        for v in recipients:
            if ids.get(u) and ids.get(v):
                _add(builder, ids[u], ids[v], link_type or "message", dict(attrs), weight,
                     number, key)
