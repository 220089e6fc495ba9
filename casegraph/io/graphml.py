"""GraphML, read with typed keys; nested graphs and yEd graphics are ignored."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree as ET

from ..model import Case
from .builder import Builder, record_edge, record_node
from .errors import LoadError, shorten
from .records import columns, records, text, value_type
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
        attrs = data_of(node, f"node '{node_id}'", "node")
        own_id = attrs.pop(ID_ATTR, None)  # the case's id, when the file could not use it
        new = record_node(builder, own_id if own_id is not None else node_id, attrs)
        builder.ids[node_id] = new
    for number, edge in enumerate(children(graph, "edge"), start=1):
        source, target = edge.get("source"), edge.get("target")
        what = f"edge '{edge.get('id') or number}'"
        if not source or not target:
            raise LoadError(f"{what} has no source or target attribute", raw.name)
        u, v = builder.endpoint(source, None), builder.endpoint(target, None)
        attrs = data_of(edge, what, "edge")
        key = attrs.pop(KEY_ATTR, None) or edge.get("id")
        record_edge(builder, u, v, attrs, what, key=key)
    name = data_of(graph, "graph", "graph").get("name")
    if name and not name_given:
        builder.case.name = str(name)
    return builder.finish(known_nodes=True)



# -- writing -----------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# GraphML ids and attribute names are XML name tokens; other ids are written as n<i> / e<i>
# with the case's own id kept in these attributes.
ID_ATTR, KEY_ATTR = "casegraph.id", "casegraph.key"
_NMTOKEN = re.compile(r"[\w.\-:]+")
_GRAPHML_TYPES = {"integer": "long", "double": "double", "boolean": "boolean",
                  "string": "string"}


def token(name: str) -> str:
    """``name`` as an XML name token: other characters become underscores."""
    return name if _NMTOKEN.fullmatch(name) else re.sub(r"[^\w.\-:]", "_", name) or "_"


def write_graphml(case: Case) -> bytes:
    """GraphML 1.0 that validates against its schema; attributes as typed keys, lists and
    provenance as JSON text."""
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    nodes, links = records(case)
    node_ids = _tokens([str(r["id"]) for r in nodes], "n")
    for r in nodes:
        if node_ids[str(r["id"])] != str(r["id"]):
            r[ID_ATTR] = str(r["id"])
    edge_ids = _tokens([str(r["key"]) for r in links], "e")
    for r in links:
        if edge_ids[str(r["key"])] != str(r["key"]):
            r[KEY_ATTR] = str(r["key"])
    keys: dict[tuple[str, str], str] = {}
    for scope, rows, skip in (("node", nodes, {"id"}),
                              ("edge", links, {"source", "target", "key"})):
        for index, name in enumerate(c for c in columns(rows, []) if c not in skip):
            key_id = f"{scope[0]}{index}"
            keys[(scope, name)] = key_id
            ET.SubElement(root, "key", {
                "id": key_id, "for": scope, "attr.name": token(name),
                "attr.type": _GRAPHML_TYPES[value_type([r.get(name) for r in rows])]})
    ET.SubElement(root, "key", {"id": "g_name", "for": "graph", "attr.name": "name",
                                "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="G",
                          edgedefault="directed" if case.directed else "undirected")
    ET.SubElement(graph, "data", key="g_name").text = case.name
    for r in nodes:
        _data(ET.SubElement(graph, "node", id=node_ids[str(r["id"])]), "node", r, keys)
    for r in links:
        element = ET.SubElement(graph, "edge", id=edge_ids[str(r["key"])],
                                source=node_ids[str(r["source"])],
                                target=node_ids[str(r["target"])])
        _data(element, "edge", r, keys)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _tokens(ids: list[str], prefix: str) -> dict[str, str]:
    """Each id as itself when it is a name token, else as a fresh ``<prefix><n>``."""
    found = {i: i for i in ids if _NMTOKEN.fullmatch(i)}
    taken, counter = set(found), 0
    for i in ids:
        if i not in found:
            while f"{prefix}{counter}" in taken:
                counter += 1
            found[i] = f"{prefix}{counter}"
            taken.add(found[i])
    return found


def _data(element: ET.Element, scope: str, record: dict[str, Any],
          keys: dict[tuple[str, str], str]) -> None:
    for name, value in record.items():
        if (scope, name) in keys and value is not None:
            ET.SubElement(element, "data", key=keys[(scope, name)]).text = text(value)
