"""JSON graphs: cytoscape.js elements, networkx node-link data, casegraph's own case form."""

from __future__ import annotations

import json
from typing import Any

from ..model import Case
from .builder import Builder, record_edge, record_node
from .errors import LoadError
from .source import Raw

_NOT_A_GRAPH = ("valid JSON, but not a graph: expected cytoscape.js elements (a list, or "
                "{\"elements\": {\"nodes\": [...], \"edges\": [...]}}), networkx node-link data "
                "({\"nodes\": [...], \"links\": [...]}) or a casegraph case")


# Deeper than any graph file needs; deeper values are refused before they reach code that
# walks them (a copy, a comparison) and could run out of stack.
MAX_DEPTH = 64
_TOO_DEEP = object()


def parse_json(text: str, source: str, line: int | None = None) -> Any:
    """JSON text parsed, or a LoadError: malformed, or nested deeper than MAX_DEPTH."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"not valid JSON ({exc.msg}, column {exc.colno})", source,
                        line=(line or 1) + exc.lineno - 1) from None
    except RecursionError:
        data = _TOO_DEEP
    if data is _TOO_DEEP or depth(data) > MAX_DEPTH:
        raise LoadError(f"the JSON is nested more than {MAX_DEPTH} levels deep; expected a "
                        "graph (nodes and links)", source, line=line)
    return data


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (walked without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict)
                                                  else item))
    return deepest


def read_json(raw: Raw, builder: Builder, name_given: bool) -> Case:
    data = parse_json(raw.text(), raw.name)
    nodes, edges = _shape(data, raw.name)
    if isinstance(data, dict):
        if isinstance(data.get("directed"), bool):
            builder.case.directed = data["directed"]
        if data.get("casegraph") and not name_given and data.get("name"):
            builder.case.name = str(data["name"])
        if data.get("casegraph") and isinstance(data.get("meta"), dict):
            keep = {k: v for k, v in data["meta"].items() if k not in
                    ("source", "format", "loaded_at", "warnings", "load_report", "encoding")}
            builder.case.meta.update(keep)
        network = data.get("data")  # Cytoscape desktop: the network's own attributes
        if isinstance(network, dict):
            if isinstance(network.get("directed"), bool):
                builder.case.directed = network["directed"]
            if network.get("name") and not name_given:
                builder.case.name = str(network["name"])
    positions = data.get("positions") if isinstance(data, dict) else None
    for index, item in enumerate(nodes):
        attrs, where = _fields(item, f"node {index + 1}", raw.name)
        _cytoscape_node(attrs)
        node_id = attrs.pop("id", None)
        if node_id is None:
            raise LoadError(f"{where} has no id", raw.name)
        new = record_node(builder, node_id, attrs)
        xy = (item.get("position") if isinstance(item, dict) else None) or (
            positions or {}).get(str(node_id))
        if isinstance(xy, dict) and "x" in xy and "y" in xy:
            builder.case.positions[new] = (float(xy["x"]), float(xy["y"]))
        elif isinstance(xy, (list, tuple)) and len(xy) == 2:
            builder.case.positions[new] = (float(xy[0]), float(xy[1]))
    for index, item in enumerate(edges):
        attrs, where = _fields(item, f"edge {index + 1}", raw.name)
        _cytoscape_edge(attrs)
        source, target = attrs.pop("source", None), attrs.pop("target", None)
        if source is None or target is None:
            raise LoadError(f"{where} has no source or target", raw.name)
        key = attrs.pop("key", None) or attrs.pop("id", None)
        u, v = builder.endpoint(source, None), builder.endpoint(target, None)
        record_edge(builder, u, v, attrs, where, key=None if key is None else str(key))
    return builder.finish(known_nodes=True)


def _shape(data: Any, source: str) -> tuple[list[Any], list[Any]]:
    """The node and edge lists of whichever supported shape ``data`` has."""
    if isinstance(data, dict) and "elements" in data:
        data = data["elements"]
    if isinstance(data, list):
        if not data or not all(isinstance(e, dict) and isinstance(e.get("data"), dict)
                               for e in data):
            raise LoadError(_NOT_A_GRAPH, source)
        edges = [e for e in data if e.get("group") == "edges" or (
            e.get("group") != "nodes" and "source" in e["data"] and "target" in e["data"])]
        edge_ids = {id(e) for e in edges}
        nodes = [e for e in data if id(e) not in edge_ids]
        return nodes, edges
    if isinstance(data, dict) and isinstance(data.get("nodes"), list):
        links = data.get("links", data.get("edges", []))
        if isinstance(links, list):
            return data["nodes"], links
    raise LoadError(_NOT_A_GRAPH, source)


def _fields(item: Any, where: str, source: str) -> tuple[dict[str, Any], str]:
    """The attributes of one element: its ``data`` (cytoscape) or the item itself."""
    if not isinstance(item, dict):
        raise LoadError(f"{where}: expected an object, found {type(item).__name__}", source)
    fields = item.get("data") if isinstance(item.get("data"), dict) else item
    fields = {k: v for k, v in fields.items() if not isinstance(v, dict) or k == "provenance"}
    label = fields.get("id", fields.get("source"))
    return dict(fields), (f"{where} ('{label}')" if label is not None else where)


# Cytoscape desktop's bookkeeping columns: not facts about the entities.
_CYTOSCAPE_ONLY = ("SUID", "selected", "shared_name", "shared_interaction")


def _cytoscape_node(attrs: dict[str, Any]) -> None:
    """Cytoscape names a node with ``name``: that is its label."""
    if "SUID" in attrs or "shared_name" in attrs:
        for name in _CYTOSCAPE_ONLY:
            attrs.pop(name, None)
        if "name" in attrs:
            attrs.setdefault("label", attrs.pop("name"))


def _cytoscape_edge(attrs: dict[str, Any]) -> None:
    """Cytoscape's ``interaction`` is the link type; its ``name`` ("A (pp) B") is derived."""
    if "interaction" in attrs:
        interaction = attrs.pop("interaction")
        if attrs.get("type") in (None, ""):
            attrs["type"] = interaction
        for name in (*_CYTOSCAPE_ONLY, "name"):
            attrs.pop(name, None)
