"""Building a Case from rows: node resolution, provenance stamps, warnings, final checks."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from ..model import (
    Case,
    default_entity_type,
    default_link_type,
    entity_types,
    file_provenance,
    link_types,
    now_iso,
)
from .errors import LoadError, shorten
from .typemap import foreign_link_type, foreign_type

# How many examples a warning quotes before saying "and N more".
EXAMPLES = 3
# How many rows and examples a load-report entry keeps (the count says how many there were).
REPORT_ROWS, REPORT_EXAMPLES = 20, 5


class Builder:
    """Collects entities and links read from one file into a :class:`Case`.

    File ids are mapped to node ids once, so an identity-keyed entity (a phone written two
    ways) becomes one node, and edges refer to nodes by the id the file uses.
    """

    def __init__(self, source: str, fmt: str, name: str, directed: bool = True,
                 id_prefix: str = "", node_type: str | None = None):
        self.case = Case(name=name, directed=directed)
        self.source, self.fmt = source, fmt
        self.at = now_iso()
        self.ids: dict[str, str] = {}
        self.warnings: list[str] = []
        self.id_prefix = id_prefix
        self.node_type = foreign_type(node_type) if node_type else default_entity_type()
        self.implicit: list[str] = []   # nodes created only because a link named them
        self.self_loops: list[int | None] = []
        self.report: list[dict[str, Any]] = []
        self.unknown_types: dict[str, int] = {}   # type names read as "other", with a count
        self.keys: set[str] = set()
        self.next_key = 1

    def stamp(self, row: int | None = None) -> dict[str, Any]:
        return file_provenance(self.source, self.fmt, row, at=self.at)

    def node(self, file_id: Any, entity_type: str | None = None, label: Any = None,
             row: int | None = None, explicit_id: bool = True,
             history: list[dict[str, Any]] | None = None, **props: Any) -> str:
        """Add (or merge) the entity the file calls ``file_id``; returns its node id.

        ``explicit_id`` is False when the file id *is* the value (a phone number in an edge
        list): keyed entities then take their identity key as node id, so files agree.
        """
        fid = clean_id(file_id)
        etype = self.entity_type(entity_type) if entity_type else self.node_type
        text = self.id_prefix + fid if blank(label) else str(label).strip()
        key_kind = entity_types().get(etype, {}).get("key")
        node_id = None if key_kind and not explicit_id else self.id_prefix + fid
        props = {k: v for k, v in props.items() if not blank(v)}
        if key_kind and not explicit_id and text != fid and _is_value(key_kind, fid):
            # A link end named by its number with a display label: the number is the key.
            props.setdefault(_KEY_PROPERTY[key_kind], fid)
        node = self.case.add_entity(node_id, etype, text, provenance=self.stamp(row), **props)
        if history:
            self.case.graph.nodes[node]["provenance"][:0] = history
        self.ids.setdefault(fid, node)
        return node

    def entity_type(self, raw: Any) -> str:
        """A casegraph type for a type named in a file (another tool's names included, see
        ``type_mappings.yaml``); names that mean nothing are counted for the load report."""
        etype = foreign_type(raw)
        if etype == "other" and str(raw).strip().lower() not in ("other", ""):
            self.unknown_types[str(raw).strip()] = self.unknown_types.get(str(raw).strip(), 0) + 1
        return etype

    def repair(self, kind: str, message: str, *, count: int, rows: list[int | None] = (),
               examples: list[Any] = (), level: str = "warning", warn: bool = True,
               **extra: Any) -> None:
        """Record something the loader changed or left out, for ``case.meta["load_report"]``
        (and, when ``warn``, as one line of ``case.meta["warnings"]``)."""
        entry: dict[str, Any] = {"kind": kind, "level": level, "message": message,
                                 "count": count, "source": self.source}
        known = [r for r in rows if r is not None]
        if known:
            entry["rows"] = known[:REPORT_ROWS]
        if examples:
            entry["examples"] = [shorten(x) for x in list(examples)[:REPORT_EXAMPLES]]
        entry.update(extra)
        self.report.append(entry)
        if warn:
            self.warnings.append(message)

    def endpoint(self, file_id: Any, row: int | None, entity_type: str | None = None,
                 explicit_id: bool = False, label: Any = None) -> str:
        """The node a link end names, created with the default type when not yet known."""
        if type(file_id) is str:  # the usual case: a cell already known as written
            known = self.ids.get(file_id)
            if known is not None:
                return known
        fid = clean_id(file_id)
        if fid in self.ids:
            return self.ids[fid]
        self.implicit.append(fid)
        return self.node(fid, entity_type, label=None if blank(label) else label, row=row,
                         explicit_id=explicit_id)

    def link(self, u: str, v: str, link_type: Any = None, weight: float = 1.0,
             row: int | None = None, key: str | None = None,
             history: list[dict[str, Any]] | None = None, **attrs: Any) -> str | None:
        """Add a link between two node ids; self-loops are dropped and counted."""
        if u == v:
            self.self_loops.append(row)
            return None
        attrs = {k: val for k, val in attrs.items() if not blank(val)}
        edge = self.case.add_link(u, v, link_type_of(link_type, attrs), weight=weight,
                                  key=self.edge_key(key), provenance=self.stamp(row), **attrs)
        if history:
            self.case.graph.edges[u, v, edge]["provenance"][:0] = history
        return edge

    def edge_key(self, wanted: str | None = None) -> str:
        """The file's edge id when unused, else the next free ``e<n>``.

        Keys are chosen here rather than by ``Case.add_link`` because counting a large
        graph's edges for every new link makes loading quadratic.
        """
        keys = self.keys
        if wanted is not None and str(wanted) not in keys:
            keys.add(str(wanted))
            return str(wanted)
        key = f"e{self.next_key}"
        while key in keys:
            self.next_key += 1
            key = f"e{self.next_key}"
        keys.add(key)
        return key

    def finish(self, extra_meta: dict[str, Any] | None = None,
               known_nodes: bool = False) -> Case:
        """Check the result, record warnings and source facts in ``case.meta``."""
        if self.case.graph.number_of_nodes() == 0:
            raise LoadError("no entities found: the file holds no nodes or links", self.source)
        if self.self_loops:
            self.repair("self_loop", f"{len(self.self_loops)} self-loop(s) dropped (a link from "
                        f"an entity to itself){rows_hint(self.self_loops)}",
                        count=len(self.self_loops), rows=self.self_loops)
            self.warnings.insert(0, self.warnings.pop())
        if known_nodes and self.implicit:
            self.repair("unknown_endpoint",
                        f"{len(self.implicit)} link end(s) named entities missing from the node "
                        f"list; created them as {self.node_type}: {examples(self.implicit)}",
                        count=len(self.implicit), examples=self.implicit)
        if self.unknown_types:
            names = sorted(self.unknown_types, key=lambda t: -self.unknown_types[t])
            total = sum(self.unknown_types.values())
            self.repair("unknown_type", f"{total} entit(ies) of a type casegraph does not know "
                        f"read as other: {examples(names)}", count=total, examples=names,
                        level="info", warn=False)
        meta = {"source": self.source, "format": self.fmt, "loaded_at": self.at,
                "warnings": list(self.warnings), "load_report": list(self.report)}
        meta.update(extra_meta or {})
        self.case.meta.update(meta)
        return self.case


_KEY_PROPERTY = {"phone": "phone", "email": "email", "handle": "username",
                 "address": "address"}


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return 7 <= len(digits) <= 15 and re.fullmatch(r"\+?[\d\s\-().]+", text.strip()) is not None


def _is_value(key_kind: str, text: str) -> bool:
    """Whether a file id is itself the value an identity key is made from (a number, an
    address), rather than an opaque id such as i2's ``T1``."""
    if key_kind == "phone":
        return looks_like_phone(text)
    if key_kind == "email":
        return re.fullmatch(r"[^@\s:]+@[^@\s]+", text) is not None
    return False


def link_type_of(raw: Any, attrs: dict[str, Any]) -> str:
    """A known link type; an unknown relation name is kept in ``relation``."""
    if blank(raw):
        return default_link_type()
    # a large table names the same few types on every row: their lookups are cached
    known = _known_link_name(raw) if isinstance(raw, str) else _known_link_type(raw)
    if known:
        return known
    attrs.setdefault("relation", str(raw).strip())
    return default_link_type()


@lru_cache(maxsize=1024)
def _known_link_name(raw: str) -> str | None:
    return _known_link_type(raw)


def _known_link_type(raw: Any) -> str | None:
    name = str(raw).strip().lower().replace(" ", "_").replace("-", "_")
    if name in link_types():
        return name
    if name.endswith("s") and name[:-1] in link_types():
        return name[:-1]
    return foreign_link_type(raw) or None


def clean_id(value: Any) -> str:
    """Node ids as text; ``3.0`` from a spreadsheet becomes ``3``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def examples(items: list[Any]) -> str:
    shown = ", ".join(f"'{shorten(x)}'" for x in items[:EXAMPLES])
    more = len(items) - EXAMPLES
    return shown + (f" and {more} more" if more > 0 else "")


def rows_hint(rows: list[int | None]) -> str:
    known = [r for r in rows if r is not None]
    if not known:
        return ""
    shown = ", ".join(str(r) for r in known[:EXAMPLES])
    return f" (row {shown}{' …' if len(known) > EXAMPLES else ''})"


def parse_number(value: Any, source: str, row: int | None, column: str | None) -> float:
    """A number from a cell, or a LoadError saying where the non-number is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = value if type(value) is str else str(value)
        try:
            number = float(text)  # float() itself ignores blanks around the number
        except ValueError:
            try:
                number = float(text.strip().replace("\u2212", "-"))
            except ValueError:
                raise LoadError(f"expected a number, found '{shorten(value)}'", source, row,
                                column) from None
    if not math.isfinite(number):
        raise LoadError(f"expected a finite number, found '{shorten(value)}'", source, row,
                        column)
    return number


_TIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S",
                 "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
                 "%d.%m.%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def parse_time(value: Any, source: str, row: int | None, column: str | None,
               pattern: str | None = None) -> str:
    """ISO-8601 text for a date/time cell (ISO, or day-first as UK records write it; or as
    ``pattern``, a strptime format, says)."""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).strip()
    if pattern:
        try:
            return datetime.strptime(text, pattern).isoformat()
        except ValueError:
            raise LoadError(f"expected a date/time written as {pattern}, found "
                            f"'{shorten(value)}'", source, row, column) from None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).isoformat()
        except ValueError:
            continue
    raise LoadError(f"expected a date/time such as 2024-03-01 14:05 or 01/03/2024 14:05, "
                    f"found '{shorten(value)}'", source, row, column)


def record_node(builder: Builder, node_id: Any, attrs: dict[str, Any]) -> str:
    """Add a node described by a dict of attributes (GraphML, GEXF, JSON)."""
    attrs = dict(attrs)
    entity_type = attrs.pop("type", None)
    label = attrs.pop("label", None)
    if blank(label):
        label = attrs.get("name")
    history = history_of(attrs.pop("provenance", None))
    attrs.pop("key", None)  # recomputed from the type and label
    props = {k: v for k, v in attrs.items() if not blank(v)}
    return builder.node(node_id, entity_type, label, history=history, **props)


def record_edge(builder: Builder, u: str, v: str, attrs: dict[str, Any], where: str,
                key: str | None = None) -> str | None:
    """Add a link described by a dict of attributes; ``where`` names it in messages."""
    attrs = dict(attrs)
    link_type = attrs.pop("type", None)
    weight = attrs.pop("weight", None)
    weight = 1.0 if blank(weight) else parse_number(weight, builder.source, None,
                                                    f"{where} weight")
    for name in ("time", "phase"):
        if blank(attrs.get(name)):
            attrs.pop(name, None)
    if "time" in attrs:
        attrs["time"] = parse_time(attrs["time"], builder.source, None, f"{where} time")
    if "phase" in attrs:
        attrs["phase"] = int(parse_number(attrs["phase"], builder.source, None,
                                          f"{where} phase"))
    history = history_of(attrs.pop("provenance", None))
    return builder.link(u, v, link_type, weight, key=key, history=history, **attrs)


def history_of(value: Any) -> list[dict[str, Any]]:
    """Provenance kept by an earlier save: a list, or that list as JSON text."""
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
