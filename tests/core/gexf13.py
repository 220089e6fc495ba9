"""The GEXF 1.3 rules a GEXF export must keep beyond what the 1.3 grammar checks.

The schema tests validate GEXF against the 1.3 RELAX NG grammar (tests/schemas/gexf-1.3).
These checks were written when only the 1.2draft XSD was at hand and stay as a second,
independent reading of the 1.3 grammar and primer at gexf.net; the last group below is what
no grammar expresses:

- the 1.3 namespace and ``version="1.3"`` (the mapping hides both), the viz elements in the
  viz namespace ``http://gexf.net/1.3/viz`` (the XSDs declare them in the main namespace);
- what 1.3 removed or tightened: no open bounds (``startopen``/``endopen``), no times or
  spells on ``<attributes>`` or on viz elements, ``mode`` of ``<attributes>`` static or
  dynamic;
- what the grammar says and the generated XSD loosened: ``<attributes>*``, ``<nodes>``,
  ``<edges>`` in that order and once each, at most one ``<attvalues>``, ``<spells>`` and
  viz element of each kind per node or edge, at most one of each ``<meta>`` child;
- what the primer says and no schema expresses: times written in the graph's
  ``timeformat`` and ``timerepresentation``, times only in a dynamic graph, spells that do
  not end before they start nor overlap, ids that are unique, edge ends and ``attvalue/@for``
  that refer to something declared, attribute values that read as their declared type.

Not checked: the primer's rule that parallel edges carry distinct ``kind`` attributes.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VIZ_ON = {"node": {"color", "position", "size", "shape"},
          "edge": {"color", "thickness", "shape"}}
VIZ_ATTRIBUTES = {"color": {"r", "g", "b", "hex", "a"}, "position": {"x", "y", "z"},
                  "size": {"value"}, "thickness": {"value"}, "shape": {"value", "uri"}}
_DOUBLE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?INF|NaN")
_DATE_TIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _boolean(value: str) -> bool:
    if value not in ("true", "false", "1", "0"):
        raise ValueError(value)
    return value in ("true", "1")


def _double(value: str) -> float:
    if not _DOUBLE.fullmatch(value):
        raise ValueError(value)
    return float(value.replace("INF", "inf"))


def _integer(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", value):
        raise ValueError(value)
    return int(value)


def _date_time(value: str) -> datetime:
    if not _DATE_TIME.fullmatch(value):
        raise ValueError(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


TIME_FORMATS: dict[str, Callable[[str], Any]] = {
    "integer": _integer, "double": _double, "date": date.fromisoformat, "dateTime": _date_time}
VALUE_TYPES: dict[str, Callable[[str], Any]] = {
    "integer": _integer, "long": _integer, "short": _integer, "byte": _integer,
    "biginteger": _integer, "float": _double, "double": _double, "bigdecimal": _double,
    "boolean": _boolean}


def _split(tag: str) -> tuple[str, str]:
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, name


def gexf13_problems(data: bytes) -> list[str]:
    """What in ``data`` breaks a GEXF 1.3 rule listed above; an empty list when nothing does."""
    declared = {uri for _, (_, uri) in ET.iterparse(io.BytesIO(data), events=("start-ns",))}
    root = ET.fromstring(data)
    if root.tag != f"{{{GEXF}}}gexf":
        return [f"the root is {root.tag}, expected {{{GEXF}}}gexf"]
    problems = [f"declares the namespace {uri}, foreign to GEXF 1.3"
                for uri in sorted(declared - {GEXF, VIZ, XSI})]
    if root.get("version") != "1.3":
        problems.append(f"version is {root.get('version')!r}, expected '1.3'")
    for element in root.iter():
        if _split(element.tag)[0] not in (GEXF, VIZ):
            problems.append(f"<{element.tag}> is outside the GEXF 1.3 namespaces")
        for bound in ("startopen", "endopen"):
            if element.get(bound) is not None:
                problems.append(f"<{_split(element.tag)[1]}> has {bound}, which 1.3 removed")
    meta = root.find(f"{{{GEXF}}}meta")
    for name, count in Counter(_split(c.tag)[1] for c in (meta if meta is not None else [])
                               ).items():
        if count > 1:
            problems.append(f"<meta> has {count} <{name}>, 1.3 allows one")
    graph = root.find(f"{{{GEXF}}}graph")
    if graph is None:
        return [*problems, "there is no <graph>"]
    problems += _graph_problems(graph)
    return problems


def _graph_problems(graph: ET.Element) -> list[str]:
    problems = []
    order = [_split(c.tag)[1] for c in graph]
    if order != ["attributes"] * (len(order) - 2) + ["nodes", "edges"]:
        problems.append(f"<graph> holds {order}; 1.3 wants attributes*, nodes, edges")
    for attribute, allowed in (("mode", {"static", "dynamic", "slice"}),
                               ("timeformat", set(TIME_FORMATS)),
                               ("timerepresentation", {"interval", "timestamp"})):
        if graph.get(attribute) is not None and graph.get(attribute) not in allowed:
            problems.append(f"<graph {attribute}={graph.get(attribute)!r}> is not one of "
                            f"{sorted(allowed)}")
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for block in graph.findall(f"{{{GEXF}}}attributes"):
        if block.get("mode", "static") not in ("static", "dynamic"):
            problems.append(f"<attributes mode={block.get('mode')!r}>: static or dynamic")
        if {"start", "end", "timestamp"} & set(block.keys()):
            problems.append("<attributes> carries a time, which 1.3 removed")
        for attribute in block.findall(f"{{{GEXF}}}attribute"):
            declared.setdefault(block.get("class", ""), {})[attribute.get("id")] = \
                attribute.get("type")
    nodes = graph.findall(f".//{{{GEXF}}}node")
    edges = graph.findall(f".//{{{GEXF}}}edge")
    node_ids = Counter(n.get("id") for n in nodes)
    edge_ids = Counter(e.get("id") for e in edges if e.get("id") is not None)
    problems += [f"the id {i!r} is used by {n} {what}s"
                 for what, ids in (("node", node_ids), ("edge", edge_ids))
                 for i, n in ids.items() if n > 1]
    for edge in edges:
        problems += [f"edge {edge.get('id')!r}: {end} {edge.get(end)!r} is an unknown node"
                     for end in ("source", "target") if edge.get(end) not in node_ids]
    for kind, element in [("node", n) for n in nodes] + [("edge", e) for e in edges]:
        problems += _element_problems(kind, element, declared.get(kind, {}))
    problems += _time_problems(graph, nodes + edges)
    return problems


def _element_problems(kind: str, element: ET.Element, types: dict[str, str]) -> list[str]:
    what = f"{kind} {element.get('id')!r}"
    problems = [f"{what} has {count} <{name}>, 1.3 allows one"
                for name, count in Counter(_split(c.tag)[1] for c in element).items()
                if count > 1 and name not in ("nodes", "edges")]
    for item in element:
        namespace, name = _split(item.tag)
        if namespace == GEXF and name in VIZ_ON[kind]:
            problems.append(f"{what}: <{name}> is in the main namespace, 1.3 puts it in {VIZ}")
        elif namespace == VIZ and name not in VIZ_ON[kind]:
            problems.append(f"{what}: viz:{name} is not a viz element of a {kind}")
        elif namespace == VIZ:
            extra = set(item.keys()) - VIZ_ATTRIBUTES[name]
            if extra or len(item):
                problems.append(f"{what}: viz:{name} carries {sorted(extra) or 'children'}; "
                                "1.3 viz elements hold only their values, no times")
    for value in element.findall(f"{{{GEXF}}}attvalues/{{{GEXF}}}attvalue"):
        declared_type = types.get(value.get("for"))
        if declared_type is None:
            problems.append(f"{what}: attvalue for {value.get('for')!r} is not declared")
            continue
        try:
            VALUE_TYPES.get(declared_type, str)(value.get("value", ""))
        except ValueError:
            problems.append(f"{what}: {value.get('value')!r} is not a {declared_type}")
    return problems


def _time_problems(graph: ET.Element, elements: list[ET.Element]) -> list[str]:
    """Times in the graph's format and representation, in a dynamic graph, spells in order."""
    read = TIME_FORMATS.get(graph.get("timeformat", "double"), _double)
    by_instant = graph.get("timerepresentation", "interval") == "timestamp"
    wrong = {"start", "end", "intervals"} if by_instant else {"timestamp", "timestamps"}
    problems, timed = [], False
    for element in graph.iter():
        name = _split(element.tag)[1]
        for attribute in {"start", "end", "timestamp"} & set(element.keys()):
            timed = timed or element is not graph
            try:
                read(element.get(attribute))
            except ValueError:
                problems.append(f"<{name} {attribute}={element.get(attribute)!r}> is not a "
                                f"{graph.get('timeformat', 'double')} (the graph's timeformat)")
        problems += [f"<{name}> has {a}, which the graph's timerepresentation does not use"
                     for a in sorted(wrong & set(element.keys()))]
    if timed and graph.get("mode") != "dynamic":
        problems.append("elements carry times but the graph's mode is not dynamic")
    for element in elements:
        spells = []
        for spell in element.findall(f"{{{GEXF}}}spells/{{{GEXF}}}spell"):
            try:
                start, end = (read(spell.get(b)) if spell.get(b) else None
                              for b in ("start", "end"))
            except ValueError:
                continue  # reported above
            if start is not None and end is not None and end < start:
                problems.append(f"a spell of {element.get('id')!r} ends before it starts")
            spells.append((start, end))
        try:
            closed = sorted(s for s in spells if None not in s)
        except TypeError:  # times with and without a zone cannot be ordered
            problems.append(f"the spells of {element.get('id')!r} mix zoned and local times")
            continue
        if any(b[0] <= a[1] for a, b in itertools.pairwise(closed)):
            problems.append(f"the spells of {element.get('id')!r} overlap")
    return problems
