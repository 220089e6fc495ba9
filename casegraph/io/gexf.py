"""GEXF as Gephi writes it: typed attributes, viz positions and colours, optional dynamic
spells."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from xml.etree import ElementTree as ET

from ..model import Case, entity_types, link_types
from .builder import Builder, record_edge, record_node
from .delimited import is_number
from .errors import LoadError, shorten
from .records import columns, records, text, value_type
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
        # By local name: <viz:position> as GEXF and Gephi write it, and the un-prefixed
        # <position> older casegraph exports wrote.
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
        if start is not None and "time" not in attrs and "phase" not in attrs:
            # A numbered time step (1, 2, 3... as phases are written) is a phase.
            if is_number(start) and float(start).is_integer():
                attrs["phase"] = start
            else:
                attrs["time" if not is_number(start) else "start"] = start
        u, v = builder.endpoint(source, None), builder.endpoint(target, None)
        record_edge(builder, u, v, attrs, what, key=edge.get("id"))
    meta = child(root, "meta")
    # GEXF 1.3 has <description> (casegraph writes the case name there); older files <title>.
    title = next((e for e in (child(meta, "title"), child(meta, "description"))
                  if e is not None and e.text), None) if meta is not None else None
    if title is not None and not name_given:
        builder.case.name = title.text.strip()
    return builder.finish(known_nodes=True)


def _start_of(edge: Any) -> str | None:
    """The first moment an edge exists: its ``start`` or its first spell's, or the
    ``timestamp`` GEXF 1.3 writes instead when the graph counts time in instants."""
    spells = child(edge, "spells")
    first = child(spells, "spell") if spells is not None else None
    for element in (e for e in (edge, first) if e is not None):
        if element.get("start") or element.get("timestamp"):
            return element.get("start") or element.get("timestamp")
    return None


# -- writing -----------------------------------------------------------------------------------

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"


def write_gexf(case: Case) -> bytes:
    """GEXF 1.3 as its grammar and primer describe it. Colours and positions are
    ``<viz:color>`` and ``<viz:position>`` in the viz namespace, where Gephi, networkx and the
    grammar put them (the published XSDs, generated from that grammar, declare them in the
    main namespace instead). Times are spells, so Gephi's timeline plays them: a call from
    its start to its end (start + duration), a link of wiretap phase 3 over [3, 3] when the
    case has phases but no clock times. The same values stay attributes (``time``,
    ``phase``), which is what the loader reads back."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:viz": VIZ_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", lastmodifieddate=datetime.now(timezone.utc)
                         .date().isoformat())
    ET.SubElement(meta, "creator").text = "casegraph"
    ET.SubElement(meta, "description").text = case.name
    nodes, links = records(case)
    timed = any(r.get("time") for r in links)
    phased = not timed and any(r.get("phase") is not None for r in links)
    graph = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if case.directed else "undirected",
        "mode": "dynamic" if timed or phased else "static"})
    if timed or phased:
        graph.set("timeformat", "dateTime" if timed else "double")
    ids: dict[tuple[str, str], str] = {}
    for scope, rows, skip in (("node", nodes, {"id", "label"}),
                              ("edge", links, {"source", "target", "key", "weight"})):
        block = ET.SubElement(graph, "attributes", {"class": scope, "mode": "static"})
        for index, name in enumerate(c for c in columns(rows, []) if c not in skip):
            ids[(scope, name)] = str(index)
            ET.SubElement(block, "attribute", id=str(index), title=name,
                          type=value_type([r.get(name) for r in rows]))
    node_block = ET.SubElement(graph, "nodes", count=str(len(nodes)))
    for r in nodes:
        element = ET.SubElement(node_block, "node", id=str(r["id"]),
                                label=str(r.get("label", r["id"])))
        _attvalues(element, "node", r, ids)
        colour = entity_types().get(r.get("type"), {}).get("colour")
        if colour:
            red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
            ET.SubElement(element, "viz:color", r=str(red), g=str(green), b=str(blue))
        if r["id"] in case.positions:
            x, y = case.positions[r["id"]]
            ET.SubElement(element, "viz:position", x=repr(float(x)), y=repr(float(y)),
                          z="0.0")
    edge_block = ET.SubElement(graph, "edges", count=str(len(links)))
    for r in links:
        element = ET.SubElement(edge_block, "edge", id=str(r["key"]), source=str(r["source"]),
                                target=str(r["target"]),
                                weight=repr(float(r.get("weight", 1.0))))
        if r.get("type"):
            element.set("label", link_types().get(r["type"], {}).get("label", r["type"]))
        _attvalues(element, "edge", r, ids)
        spell = _spell(r, timed)
        if spell:
            ET.SubElement(ET.SubElement(element, "spells"), "spell", start=spell[0],
                          end=spell[1])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _spell(link: dict[str, Any], timed: bool) -> tuple[str, str] | None:
    """When a link exists: [start, start + duration] or [phase, phase]."""
    if timed:
        if not link.get("time"):
            return None
        start = datetime.fromisoformat(str(link["time"]))
        end = start + timedelta(seconds=float(link.get("duration") or 0))
        return start.isoformat(), end.isoformat()
    if link.get("phase") is not None:
        phase = repr(float(link["phase"]))
        return phase, phase
    return None


def _attvalues(element: ET.Element, scope: str, record: dict[str, Any],
               ids: dict[tuple[str, str], str]) -> None:
    values = [(ids[(scope, k)], v) for k, v in record.items()
              if (scope, k) in ids and v is not None]
    if values:
        block = ET.SubElement(element, "attvalues")
        for key, value in values:
            ET.SubElement(block, "attvalue", {"for": key, "value": text(value)})
