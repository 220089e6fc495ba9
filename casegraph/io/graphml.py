"""GraphML, read with typed keys; nested graphs and yEd graphics are ignored."""

from __future__ import annotations

from typing import Any

from ..model import Case
from .builder import Builder, record_edge, record_node
from .errors import LoadError, shorten
from .safexml import child, children, local, parse
from .source import Raw

_CASTS = {"int": int, "long": int, "float": float, "double": float, "string": str,
          "boolean": lambda v: str(v).strip().lower() in ("true", "1")}


def read_graphml(raw: Raw, builder: Builder, name_given: bool) -> Case:
    root = parse(raw.data, raw.name)
    if local(root.tag) != "graphml":
        raise LoadError(f"the root element is <{local(root.tag)}>, expected <graphml>", raw.name)
    keys: dict[str, tuple[str, Any, Any, str]] = {}
    for key in children(root, "key"):
        name = key.get("attr.name") or key.get("id", "")
        cast = _CASTS.get(key.get("attr.type", "string"), str)
        default = child(key, "default")
        keys[key.get("id", "")] = (name, cast, default.text if default is not None else None,
                                   key.get("for", "all"))
    graph = child(root, "graph")
    if graph is None:
        raise LoadError("the GraphML file has no <graph> element", raw.name)
    builder.case.directed = graph.get("edgedefault", "directed") != "undirected"

    def data_of(element: Any, what: str, scope: str) -> dict[str, Any]:
        values = {name: cast(default) for name, cast, default, scope_of in keys.values()
                  if default is not None and scope_of in (scope, "all")}
        for item in children(element, "data"):
            kid = item.get("key", "")
            name, cast, _, _ = keys.get(kid, (kid, str, None, "all"))
            text = (item.text or "").strip()
            if not text:
                continue
            try:
                values[name] = cast(text)
            except ValueError:
                raise LoadError(f"{what}, attribute '{name}': expected "
                                f"{cast.__name__}, found '{shorten(text)}'", raw.name) from None
        return values

    for node in children(graph, "node"):
        node_id = node.get("id")
        if node_id is None:
            raise LoadError("a <node> has no id attribute", raw.name)
        record_node(builder, node_id, data_of(node, f"node '{node_id}'", "node"))
    for number, edge in enumerate(children(graph, "edge"), start=1):
        source, target = edge.get("source"), edge.get("target")
        what = f"edge '{edge.get('id') or number}'"
        if not source or not target:
            raise LoadError(f"{what} has no source or target attribute", raw.name)
        u, v = builder.endpoint(source, None), builder.endpoint(target, None)
        record_edge(builder, u, v, data_of(edge, what, "edge"), what, key=edge.get("id"))
    name = data_of(graph, "graph", "graph").get("name")
    if name and not name_given:
        builder.case.name = str(name)
    return builder.finish(known_nodes=True)

