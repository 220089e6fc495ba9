"""GEXF as Gephi writes it: typed attributes, viz positions, optional dynamic spells."""

from __future__ import annotations

from typing import Any

from ..model import Case
from .builder import Builder, record_edge, record_node
from .delimited import is_number
from .errors import LoadError, shorten
from .safexml import child, children, local, parse
from .source import Raw

_CASTS = {"integer": int, "long": int, "float": float, "double": float,
          "boolean": lambda v: str(v).strip().lower() in ("true", "1")}


def read_gexf(raw: Raw, builder: Builder, name_given: bool) -> Case:
    root = parse(raw.data, raw.name)
    if local(root.tag) != "gexf":
        raise LoadError(f"the root element is <{local(root.tag)}>, expected <gexf>", raw.name)
    graph = child(root, "graph")
    if graph is None:
        raise LoadError("the GEXF file has no <graph> element", raw.name)
    builder.case.directed = graph.get("defaultedgetype", "undirected") != "undirected"
    titles: dict[str, dict[str, tuple[str, Any, str | None]]] = {"node": {}, "edge": {}}
    for block in children(graph, "attributes"):
        scope = block.get("class", "node")
        for attribute in children(block, "attribute"):
            default = child(attribute, "default")
            titles.setdefault(scope, {})[attribute.get("id", "")] = (
                attribute.get("title") or attribute.get("id", ""),
                _CASTS.get(attribute.get("type", "string"), str),
                default.text if default is not None else None)

    def values_of(element: Any, scope: str, what: str) -> dict[str, Any]:
        known = titles.get(scope, {})
        values = {t: cast(d) for t, cast, d in known.values() if d is not None}
        block = child(element, "attvalues")
        for item in children(block, "attvalue") if block is not None else []:
            title, cast, _ = known.get(item.get("for", ""), (item.get("for", ""), str, None))
            if title in values and item.get("start") and title not in known:
                continue  # a dynamic value: keep the first
            try:
                values[title] = cast(item.get("value", ""))
            except ValueError:
                raise LoadError(f"{what}, attribute '{title}': expected {cast.__name__}, "
                                f"found '{shorten(item.get('value'))}'", raw.name) from None
        return values

    nodes = child(graph, "nodes")
    for node in children(nodes, "node") if nodes is not None else []:
        node_id = node.get("id")
        if node_id is None:
            raise LoadError("a <node> has no id attribute", raw.name)
        attrs = values_of(node, "node", f"node '{node_id}'")
        if node.get("label") is not None:
            attrs["label"] = node.get("label")
        new = record_node(builder, node_id, attrs)
        position = child(node, "position")
        if position is not None and position.get("x") and position.get("y"):
            builder.case.positions[new] = (float(position.get("x")), float(position.get("y")))
    edges = child(graph, "edges")
    for number, edge in enumerate(children(edges, "edge") if edges is not None else [], 1):
        source, target = edge.get("source"), edge.get("target")
        what = f"edge '{edge.get('id') or number}'"
        if not source or not target:
            raise LoadError(f"{what} has no source or target attribute", raw.name)
        attrs = values_of(edge, "edge", what)
        if edge.get("weight") is not None:
            attrs["weight"] = edge.get("weight")
        if edge.get("label") and "relation" not in attrs and "type" not in attrs:
            attrs["type"] = edge.get("label")
        start = _start_of(edge)
        if start is not None and "time" not in attrs:
            attrs["time" if not is_number(start) else "start"] = start
        u, v = builder.endpoint(source, None), builder.endpoint(target, None)
        record_edge(builder, u, v, attrs, what, key=edge.get("id"))
    meta = child(root, "meta")
    title = child(meta, "title") if meta is not None else None
    if title is not None and title.text and not name_given:
        builder.case.name = title.text.strip()
    return builder.finish(known_nodes=True)


def _start_of(edge: Any) -> str | None:
    """The first moment an edge exists: its ``start`` or its first spell."""
    if edge.get("start"):
        return edge.get("start")
    spells = child(edge, "spells")
    first = child(spells, "spell") if spells is not None else None
    return first.get("start") if first is not None and first.get("start") else None
