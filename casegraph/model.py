"""The case model: typed entities and links in a networkx graph, plus identity keys.

A :class:`Case` wraps a ``networkx.MultiDiGraph``. Every node carries ``type`` and ``label``
(and ``key`` when its type has an identity key); every edge carries ``type`` and ``weight``
and, when the source had them, time fields (``time`` as ISO-8601 text, ``phase`` as int).
Parallel edges are kept (two calls are two links; a phase is a link attribute), so analyses
project the graph to a simple one first (see ``casegraph.analysis.project``).

Identity keys make the same phone, email or handle one node whichever file or lookup
mentions it::

    >>> identity_key("phone", {"phone": "07700 900123"})
    'phone:+447700900123'
    >>> identity_key("email", {"email": " Dealer@Example.COM "})
    'email:dealer@example.com'
    >>> identity_key("account", {"platform": "Instagram", "username": "@Snow_Man"})
    'handle:instagram:snow_man'
"""

from __future__ import annotations

import copy
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
import phonenumbers
import yaml

TYPES_FILE = Path(__file__).with_name("entity_types.yaml")


@lru_cache(maxsize=1)
def type_catalogue() -> dict[str, Any]:
    """The entity and link types of ``entity_types.yaml`` (read once, treat as read-only),
    each entity type with its look (``colour``, ``icon``, ``shape``) from the theme."""
    from casegraph.theme import type_look

    with TYPES_FILE.open(encoding="utf-8") as fh:
        catalogue = yaml.safe_load(fh)
    for name, spec in catalogue["entities"].items():
        spec.update(type_look(name))
    return catalogue


def entity_types() -> dict[str, dict[str, Any]]:
    return type_catalogue()["entities"]


def link_types() -> dict[str, dict[str, Any]]:
    return type_catalogue()["links"]


def default_entity_type() -> str:
    return type_catalogue()["default_entity"]


def default_link_type() -> str:
    return type_catalogue()["default_link"]


_TYPE_SYNONYMS = {
    "people": "person", "individual": "person", "actor": "person", "suspect": "person",
    "alias": "account", "handle": "account", "profile": "account", "user": "account",
    "social": "account", "username": "account",
    "phone_number": "phone", "telephone": "phone", "mobile": "phone", "msisdn": "phone",
    "number": "phone", "tel": "phone",
    "e-mail": "email", "mail": "email", "email_address": "email",
    "location": "address", "place": "address",
    "org": "organisation", "organization": "organisation", "company": "organisation",
    "employer": "organisation", "business": "organisation",
    "car": "vehicle",
}


def normalise_type(raw: Any) -> str:
    """Map a type name from a file to a known entity type (unknown names become ``other``)."""
    if raw is None or (isinstance(raw, float) and raw != raw):
        return default_entity_type()
    name = str(raw).strip().lower().replace(" ", "_")
    if not name:
        return default_entity_type()
    if name in entity_types():
        return name
    if name.endswith("s") and name[:-1] in entity_types():
        return name[:-1]
    return _TYPE_SYNONYMS.get(name, "other")


def default_region() -> str:
    """Region assumed for phone numbers written without a country code."""
    return os.environ.get("CASEGRAPH_DEFAULT_REGION", "GB").upper()


def normalise_phone(raw: str, region: str | None = None) -> str:
    """E.164 form of a phone number (``+447700900123``); digits only when it cannot be parsed."""
    text = str(raw).strip()
    try:
        num = phonenumbers.parse(text, region or default_region())
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", text)
        return ("+" + digits) if text.startswith("+") else digits


def normalise_email(raw: str) -> str:
    return str(raw).strip().lower()


def normalise_username(raw: str) -> str:
    return str(raw).strip().lstrip("@").lower()


def normalise_text(raw: str) -> str:
    """Case-, accent- and punctuation-insensitive text, for addresses and names."""
    text = unicodedata.normalize("NFKD", str(raw))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def identity_key(entity_type: str, props: dict[str, Any]) -> str | None:
    """The identity key of an entity, or None when its type has none or the value is missing.

    Looks for the natural property first (``phone``, ``email``, ``username`` + ``platform``,
    ``address``) and falls back to the label.
    """
    key_kind = entity_types().get(entity_type, {}).get("key")
    if not key_kind:
        return None

    def first(*names: str) -> str | None:
        for name in names:
            value = props.get(name)
            if value is not None and str(value).strip() and str(value).lower() != "nan":
                return str(value)
        return None

    if key_kind == "phone":
        value = first("phone", "number", "label")
        return f"phone:{normalise_phone(value)}" if value else None
    if key_kind == "email":
        value = first("email", "label")
        return f"email:{normalise_email(value)}" if value else None
    if key_kind == "handle":
        username = first("username", "handle", "label")
        if not username:
            return None
        platform = first("platform")
        if platform is None and ":" in username:
            platform, username = username.split(":", 1)
        platform = normalise_text(platform or "unknown").replace(" ", "")
        return f"handle:{platform}:{normalise_username(username)}"
    if key_kind == "address":
        value = first("address", "label")
        return f"address:{normalise_text(value)}" if value else None
    return None


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Case:
    """An investigation graph and what is known about where it came from.

    ``graph`` is the truth; everything shown (cytoscape elements, tables) is derived from it.
    ``positions`` maps node id to ``(x, y)`` when a layout has been computed on the server.
    ``meta`` holds free-form facts: source file and format, case number, purpose, warnings.
    """

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    name: str = "Untitled case"
    directed: bool = True
    meta: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    # -- building ---------------------------------------------------------------------------
    def _key_index(self) -> dict[str, str]:
        index = self.__dict__.get("_keys")
        if index is None or len(index) > self.graph.number_of_nodes():
            index = {d["key"]: n for n, d in self.graph.nodes(data=True) if d.get("key")}
            self.__dict__["_keys"] = index
        return index

    def find_by_key(self, key: str) -> str | None:
        node = self._key_index().get(key)
        return node if node is not None and node in self.graph else None

    def add_entity(self, node_id: str | None, entity_type: str, label: str | None = None,
                   provenance: dict[str, Any] | None = None, **props: Any) -> str:
        """Add an entity, or merge into the existing one with the same identity key.

        Returns the id of the node that now represents the entity (an existing node's id
        when the identity key was already present). Existing attribute values are kept;
        new ones are added.
        """
        entity_type = entity_type if entity_type in entity_types() else normalise_type(entity_type)
        label = str(label if label is not None else (node_id if node_id is not None else ""))
        key = identity_key(entity_type, {"label": label, **props})
        existing = self.find_by_key(key) if key else None
        if existing is None and node_id is not None and str(node_id) in self.graph:
            existing = str(node_id)
        if existing is not None:
            data = self.graph.nodes[existing]
            for name, value in props.items():
                data.setdefault(name, value)
            if provenance:
                data.setdefault("provenance", []).append(provenance)
            return existing
        node = str(node_id) if node_id is not None else (key or self._fresh_id("n"))
        attrs: dict[str, Any] = {"type": entity_type, "label": label, **props}
        if key:
            attrs["key"] = key
            self._key_index()[key] = node
        if provenance:
            attrs["provenance"] = [provenance]
        self.graph.add_node(node, **attrs)
        return node

    def add_link(self, source: str, target: str, link_type: str | None = None,
                 weight: float = 1.0, key: str | None = None,
                 provenance: dict[str, Any] | None = None, **attrs: Any) -> str:
        """Add a link between two existing nodes; returns its edge key (unique in the case)."""
        graph = self.graph
        for node in (source, target):
            if node not in graph:
                raise KeyError(f"unknown node {node!r}")
        edge_key = key or self._fresh_id("e")
        data: dict[str, Any] = {"type": link_type or default_link_type(), "weight": float(weight)}
        data.update(attrs)
        if provenance:
            data["provenance"] = [provenance]
        if type(graph) is nx.MultiDiGraph:
            # both ends exist: what add_edge does, in its own dicts (loading a 300,000-link
            # file adds every link here)
            keys = graph._succ[source].get(target)
            if keys is None:
                keys = graph._succ[source][target] = graph._pred[target][source] = {}
            if edge_key in keys:
                keys[edge_key].update(data)
            else:
                keys[edge_key] = data
            cache = graph.__dict__.get("__networkx_cache__")
            if cache:
                cache.clear()
        else:
            graph.add_edge(source, target, key=edge_key, **data)
        self._edge_keys().add(edge_key)
        return edge_key

    def _fresh_id(self, prefix: str) -> str:
        if prefix == "e":
            keys = self._edge_keys()
            taken = keys.__contains__
        else:
            taken = self.graph.__contains__
        counter = self.__dict__.get(f"_counter_{prefix}", 0)
        while True:
            counter += 1
            candidate = f"{prefix}{counter}"
            if not taken(candidate):
                self.__dict__[f"_counter_{prefix}"] = counter
                return candidate

    def _edge_keys(self) -> set[str]:
        # Built once per Case (one pass over the links), then kept up to date by add_link, so
        # adding many links stays linear.
        keys = self.__dict__.get("_edge_key_set")
        if keys is None:
            keys = {k for _, _, k in self.graph.edges(keys=True)}
            self.__dict__["_edge_key_set"] = keys
        return keys

    # -- reading ----------------------------------------------------------------------------
    def entity_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, data in self.graph.nodes(data=True):
            counts[data.get("type", "other")] = counts.get(data.get("type", "other"), 0) + 1
        return counts

    def has_time(self) -> bool:
        return any("time" in d or "phase" in d for _, _, d in self.graph.edges(data=True))

    def copy(self) -> Case:
        return Case(graph=self.graph.copy(), name=self.name, directed=self.directed,
                    meta=copy.deepcopy(self.meta), positions=dict(self.positions))

    # -- serialisation (store, JSON export) -----------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        nodes = [{"id": n, **d} for n, d in self.graph.nodes(data=True)]
        links = [{"source": u, "target": v, "key": k, **d}
                 for u, v, k, d in self.graph.edges(keys=True, data=True)]
        return {
            "casegraph": 1,
            "name": self.name,
            "directed": self.directed,
            "meta": self.meta,
            "nodes": nodes,
            "links": links,
            "positions": {n: [float(x), float(y)] for n, (x, y) in self.positions.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, consume: bool = False) -> Case:
        """The case :meth:`to_dict` gave. ``consume``: the node and link dicts of ``data``
        become the graph's attribute dicts instead of being copied (``data`` was parsed for
        this call alone, as the store's is: 400,000 copies fewer at 100k entities)."""
        graph = nx.MultiDiGraph()
        # filled in networkx's own dicts, as add_node / add_edge would (about three times
        # faster: a stored 100k-entity case is read back whenever a server opens it)
        node_of, succ, pred = graph._node, graph._succ, graph._pred
        own = (lambda d: d) if consume else dict
        for node in data.get("nodes", []):
            attrs = own(node)
            name = attrs.pop("id")
            if name in node_of:
                node_of[name].update(attrs)
                continue
            node_of[name], succ[name], pred[name] = attrs, {}, {}
        for link in data.get("links", []):
            attrs = own(link)
            u, v, key = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
            for end in (u, v):
                if end not in node_of:
                    node_of[end], succ[end], pred[end] = {}, {}, {}
            keys = succ[u].get(v)
            if keys is None:
                keys = succ[u][v] = pred[v][u] = {}
            if key in keys:
                keys[key].update(attrs)
            else:
                keys[key] = attrs
        positions = {n: (xy[0], xy[1]) for n, xy in (data.get("positions") or {}).items()}
        return cls(graph=graph, name=data.get("name", "Untitled case"),
                   directed=bool(data.get("directed", True)), meta=dict(data.get("meta", {})),
                   positions=positions)


# canonical JSON: keys sorted, so equal cases give equal bytes whatever order their
# attributes were set in; numpy numbers as numbers; anything else as its text
_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def to_json(data: Any) -> bytes:
    """``data`` as compact, canonical JSON (UTF-8 bytes, keys sorted).

    One pass of orjson (about ten times faster than the json module on a large case); a
    value orjson refuses (an integer beyond 64 bits) falls back to the json module with
    the same options. NaN and infinities are written as ``null``.

    >>> to_json({"b": 1, "a": [1.5, "é"]})
    b'{"a":[1.5,"\xc3\xa9"],"b":1}'
    """
    try:
        return orjson.dumps(data, default=str, option=_JSON_OPTIONS)
    except orjson.JSONEncodeError:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          default=str, allow_nan=True)
        for word in ("-Infinity", "Infinity", "NaN"):  # as orjson writes them
            text = re.sub(rf"(?<=[\[,:]){word}(?=[\],}}])", "null", text)
        return text.encode("utf-8")


def from_json(raw: bytes | str) -> Any:
    """What :func:`to_json` (or the json module) wrote; reads NaN and Infinity, which an
    older release's json module wrote, too.

    >>> from_json(b'{"a":[1,NaN]}')["a"][0]
    1
    """
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def case_json(case: Case) -> bytes:
    """The case (``Case.to_dict()``) as canonical JSON bytes: what the store keeps of a
    whole revision, and what the record's digest of an imported case is taken of, so a
    large case is serialised once for both.

    >>> a = Case(name="Ring"); _ = a.add_entity("x", "person", "Ash", age=30, alias="A")
    >>> b = Case(name="Ring"); _ = b.add_entity("x", "person", "Ash", alias="A", age=30)
    >>> case_json(a) == case_json(b)
    True
    """
    from casegraph.idle_gc import paused

    with paused():  # a large case makes a million short-lived containers here
        return to_json(case.to_dict())


def link_count(graph: nx.MultiDiGraph) -> int:
    """How many links a multigraph holds: ``graph.number_of_edges()`` counted from the
    adjacency (networkx sums a degree view: about 0.3 s at 60,000 links).

    >>> link_count(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")]))
    3
    """
    if not graph.is_multigraph():
        return graph.number_of_edges()
    total = sum(len(keys) for nbrs in graph._adj.values() for keys in nbrs.values())
    return total if graph.is_directed() else (total + nx.number_of_selfloops(graph)) // 2


def case_patch(old: Case, new: Case) -> dict[str, Any]:
    """What turns ``old`` into ``new``: the nodes and links added, changed or removed, the
    positions that moved, and name, direction and metadata in full.

    ``apply_patch(old_copy, case_patch(old, new))`` gives a case whose ``to_dict()`` equals
    ``new.to_dict()``. Cost: one pass over both graphs; attribute dicts and per-pair link
    dicts that ``new`` shares with ``old`` (see ``casegraph.enrichment.expand``) are
    skipped by identity, the others compared by value.

    >>> a = Case(name="Ring"); _ = a.add_entity("x", "person", "Ash")
    >>> b = a.copy(); _ = b.add_entity("y", "person", "Bay"); _ = b.add_link("x", "y", "call")
    >>> patch = case_patch(a, b)
    >>> [n["id"] for n in patch["nodes_set"]], len(patch["links_set"]), patch["links"]
    (['y'], 1, 1)
    >>> apply_patch(a.copy(), patch).to_dict() == b.to_dict()
    True
    """
    onode, nnode = old.graph._node, new.graph._node  # plain dicts: views cost 3x here
    nodes_set = [{"id": n, **d} for n, d in nnode.items()
                 if (od := onode.get(n)) is not d and od != d]
    nodes_del = [n for n in onode if n not in nnode]
    osucc, nsucc = old.graph._succ, new.graph._succ
    links_set: list[dict[str, Any]] = []
    links = 0
    for u, nbrs in nsucc.items():
        onbrs = osucc.get(u) or {}
        for v, keys in nbrs.items():
            links += len(keys)
            okeys = onbrs.get(v)
            if okeys is keys:
                continue
            okeys = okeys or {}
            links_set.extend({"source": u, "target": v, "key": k, **d} for k, d in keys.items()
                             if (od := okeys.get(k)) is not d and od != d)
    links_del = []
    for u, nbrs in osucc.items():
        nnbrs = nsucc.get(u) or {}
        for v, keys in nbrs.items():
            nkeys = nnbrs.get(v)
            if nkeys is keys:
                continue
            links_del.extend([u, v, k] for k in keys if not nkeys or k not in nkeys)
    opos = old.positions
    positions_set = {n: [float(x), float(y)] for n, (x, y) in new.positions.items()
                     if (o := opos.get(n)) is None or o[0] != x or o[1] != y}
    positions_del = [n for n in opos if n not in new.positions]
    return {"casegraph_patch": 1, "name": new.name, "directed": new.directed,
            "meta": new.meta, "nodes_set": nodes_set, "nodes_del": nodes_del,
            "links_set": links_set, "links_del": links_del, "positions_set": positions_set,
            "positions_del": positions_del, "nodes": len(nnode), "links": links}


def patch_size(patch: dict[str, Any]) -> int:
    """How many nodes, links and positions a patch sets or removes."""
    return sum(len(patch[k]) for k in ("nodes_set", "nodes_del", "links_set", "links_del",
                                       "positions_set", "positions_del"))


def apply_patch(case: Case, patch: dict[str, Any]) -> Case:
    """Change ``case`` in place by a :func:`case_patch`; returns it."""
    graph = case.graph
    for node in patch.get("nodes_del", []):
        if node in graph:
            graph.remove_node(node)
    for u, v, k in patch.get("links_del", []):
        if graph.has_edge(u, v, k):
            graph.remove_edge(u, v, k)
    for entry in patch.get("nodes_set", []):
        attrs = dict(entry)
        node = attrs.pop("id")
        if node in graph:
            data = graph.nodes[node]
            data.clear()
            data.update(attrs)
        else:
            graph.add_node(node, **attrs)
    for entry in patch.get("links_set", []):
        attrs = dict(entry)
        u, v, k = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
        if graph.has_edge(u, v, k):
            data = graph.edges[u, v, k]
            data.clear()
            data.update(attrs)
        else:
            graph.add_edge(u, v, key=k, **attrs)
    for node in patch.get("positions_del", []):
        case.positions.pop(node, None)
    case.positions.update((n, (xy[0], xy[1]))
                          for n, xy in (patch.get("positions_set") or {}).items())
    case.name = patch.get("name", case.name)
    case.directed = bool(patch.get("directed", case.directed))
    case.meta = dict(patch.get("meta", case.meta))
    for cached in ("_keys", "_edge_key_set"):  # indexes of the old content
        case.__dict__.pop(cached, None)
    return case


def file_provenance(source: str, fmt: str, row: int | None = None,
                    at: str | None = None) -> dict[str, Any]:
    """Provenance stamp for something read from a file."""
    stamp: dict[str, Any] = {"kind": "file", "source": source, "format": fmt, "at": at or now_iso()}
    if row is not None:
        stamp["row"] = row
    return stamp


def iter_typed_nodes(case: Case, types: Iterable[str]) -> Iterable[str]:
    wanted = set(types)
    return (n for n, t in case.graph.nodes(data="type") if t in wanted)
