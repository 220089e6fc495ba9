"""Maltego graphs (.mtgx: a zip holding Graphs/Graph1.graphml) and Maltego tables.

In a Maltego graph every node carries a ``<mtg:MaltegoEntity type="maltego.Person">`` with
its properties (``person.fullname``...), and every edge a ``<mtg:MaltegoLink>``. Types map
to casegraph's through ``type_mappings.yaml``. casegraph writes its own id, type, attributes
and provenance as extra ``casegraph.*`` properties (Maltego shows them as dynamic
properties), so a graph sent to Maltego and back keeps them.

Tables: the ``maltego_csv`` preset reads a link table with Source/Target Type and Value
columns; a table whose every header is a Maltego type (``maltego.Person,maltego.Phone...``)
is read with Maltego's "sequential" connectivity: each row's entities linked in column order.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from ..model import Case
from .builder import Builder, blank, history_of, record_edge, record_node
from .errors import LoadError
from .records import records, scalar
from .safexml import child, children, local, parse
from .source import Raw
from .typemap import export_type, squash, type_mappings

MTG = "http://maltego.paterva.com/xml/mtgx"
GRAPHML = "http://graphml.graphdrawing.org/xmlns"
PREFIX = "casegraph."
_CASTS = {"int": int, "long": int, "double": float, "float": float,
          "boolean": lambda v: str(v).strip().lower() in ("true", "1")}
MANUAL_LINK, LINK_LABEL = "maltego.link.manual-link", "maltego.link.manual.type"
CASE_NAME = PREFIX + "name"
_DISPLAY = {"person.fullname": "Full Name", "phonenumber": "Phone Number",
            "email": "Email Address", "alias": "Alias", "location.name": "Name",
            "title": "Title", "text": "Text", LINK_LABEL: "Label"}


# -- reading -----------------------------------------------------------------------------------

def read_mtgx(raw: Raw, builder: Builder, name_given: bool) -> Case:
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            graphs = sorted(n for n in archive.namelist()
                            if n.lower().startswith("graphs/") and n.lower().endswith(".graphml"))
            if not graphs:
                raise LoadError("the Maltego file holds no Graphs/*.graphml", raw.name)
            data = archive.read(graphs[0])
    except zipfile.BadZipFile:
        raise LoadError("the Maltego file is damaged (not a readable zip)", raw.name) from None
    root = parse(data, f"{raw.name}/{graphs[0]}")
    graph = child(root, "graph")
    if graph is None:
        raise LoadError("the Maltego graph has no <graph> element", raw.name)
    builder.case.directed = graph.get("edgedefault", "directed") != "undirected"
    name_keys = {k.get("id") for k in children(root, "key") if k.get("attr.name") == CASE_NAME}
    named = next((d.text for d in children(graph, "data") if d.get("key") in name_keys), None)
    if named and not name_given:
        builder.case.name = named
    for node in children(graph, "node"):
        entity = _find(node, "MaltegoEntity")
        if entity is None:
            continue  # yEd decorations and the like
        props = _properties(entity)
        node_id = props.pop(PREFIX + "id", None) or node.get("id")
        attrs = _attributes(entity.get("type", ""), props)
        new = record_node(builder, node_id, attrs)
        builder.ids[node.get("id")] = new
        position = _find(node, "Position")
        if position is not None and position.get("x") and position.get("y"):
            builder.case.positions[new] = (float(position.get("x")), float(position.get("y")))
    for number, edge in enumerate(children(graph, "edge"), start=1):
        source, target = edge.get("source"), edge.get("target")
        if source not in builder.ids or target not in builder.ids:
            continue  # an end that was not an entity
        link = _find(edge, "MaltegoLink")
        props = _properties(link) if link is not None else {}
        key = props.pop(PREFIX + "key", None) or edge.get("id")
        attrs = {k[len(PREFIX):]: v for k, v in props.items() if k.startswith(PREFIX)}
        if "type" not in attrs:
            attrs["type"] = props.get(LINK_LABEL) or None
        attrs["provenance"] = history_of(attrs.get("provenance"))
        record_edge(builder, builder.ids[source], builder.ids[target], attrs,
                    f"link '{edge.get('id') or number}'", key=key)
    return builder.finish(known_nodes=True)


def _find(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element.iter() if local(e.tag) == name), None)


def _properties(element: ET.Element) -> dict[str, Any]:
    """Property name -> value (cast by its Maltego type) of an entity or link."""
    found: dict[str, Any] = {}
    block = next((e for e in element if local(e.tag) == "Properties"), None)
    for prop in children(block, "Property") if block is not None else []:
        value_element = next((e for e in prop if local(e.tag) == "Value"), None)
        value = value_element.text if value_element is not None else None
        if value is None:
            continue
        try:
            found[prop.get("name", "")] = _CASTS.get(prop.get("type", "string"), str)(value)
        except ValueError:
            found[prop.get("name", "")] = value
    return found


def _attributes(maltego_type: str, props: dict[str, Any]) -> dict[str, Any]:
    """casegraph attributes of one Maltego entity: its type, label and other properties."""
    attrs = {k[len(PREFIX):]: v for k, v in props.items() if k.startswith(PREFIX)}
    others = {k: v for k, v in props.items() if not k.startswith(PREFIX)}
    attrs.setdefault("type", maltego_type)
    if "label" not in attrs:
        value_name = type_mappings()["maltego"]["values"].get(squash(maltego_type))
        label = others.pop(value_name, None) if value_name else None
        if label is None and others:
            label = others.pop(next(iter(others)))
        attrs["label"] = label
        if "affiliation.network" in others:  # the platform of a social-media account
            attrs["platform"] = others.pop("affiliation.network")
        attrs.update({k.replace(".", "_"): v for k, v in others.items()})
        attrs["maltego_type"] = maltego_type
    attrs["provenance"] = history_of(attrs.get("provenance"))
    return attrs


def is_maltego_table(rows: list[list[str]]) -> bool:
    """A header made only of Maltego entity types (maltego.Person, maltego.PhoneNumber...)."""
    header = [c.strip() for c in rows[0]] if rows else []
    return len(header) >= 2 and all(c.lower().startswith("maltego.") for c in header)


def read_maltego_table(rows: list[list[str]], lines: list[int], builder: Builder) -> None:
    """Each row's entities (one per non-empty cell, typed by its column) linked in column
    order, as Maltego's import wizard does with "sequential" connectivity."""
    header = [c.strip() for c in rows[0]]
    for row, line in zip(rows[1:], lines[1:], strict=True):
        ends = [builder.endpoint(cell, line, header[i], label=cell)
                for i, cell in enumerate(row[:len(header)]) if not blank(cell)]
        for u, v in zip(ends, ends[1:], strict=False):
            builder.link(u, v, None, 1.0, line)
        if len(ends) < 2:
            builder.repair("skipped_rows", f"row {line} names fewer than two entities",
                           count=1, rows=[line], level="info", warn=False)


# -- writing -----------------------------------------------------------------------------------

_MALTEGO_TYPES = {"integer": "int", "double": "double", "boolean": "boolean"}


def write_mtgx(case: Case) -> bytes:
    """A Maltego graph file: entities typed through ``type_mappings.yaml``, casegraph's
    id, type, attributes and provenance kept as ``casegraph.*`` properties, positions."""
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("mtg", MTG)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    for key_id, scope, name in (("d0", "node", "MaltegoEntity"), ("d1", "node", "EntityRenderer"),
                                ("d2", "edge", "MaltegoLink"), ("g0", "graph", CASE_NAME)):
        ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": key_id, "for": scope, "attr.name": name})
    graph = ET.SubElement(root, f"{{{GRAPHML}}}graph", {
        "id": "G", "edgedefault": "directed" if case.directed else "undirected"})
    ET.SubElement(graph, f"{{{GRAPHML}}}data", key="g0").text = case.name
    nodes, links = records(case)
    element_ids = {r["id"]: f"n{i}" for i, r in enumerate(nodes)}
    for r in nodes:
        node = ET.SubElement(graph, f"{{{GRAPHML}}}node", id=element_ids[r["id"]])
        spec = export_type("maltego", r.get("type", "other"))
        entity = ET.SubElement(ET.SubElement(node, f"{{{GRAPHML}}}data", key="d0"),
                               f"{{{MTG}}}MaltegoEntity",
                               {"id": element_ids[r["id"]], "type": spec["type"]})
        props = ET.SubElement(entity, f"{{{MTG}}}Properties")
        _property(props, spec["value"], r.get("label", r["id"]), "string")
        _property(props, PREFIX + "id", r["id"], "string")
        for name, value in r.items():
            if name not in ("id",) and value is not None:
                _property(props, PREFIX + name, value)
        if r["id"] in case.positions:
            x, y = case.positions[r["id"]]
            renderer = ET.SubElement(ET.SubElement(node, f"{{{GRAPHML}}}data", key="d1"),
                                     f"{{{MTG}}}EntityRenderer")
            ET.SubElement(renderer, f"{{{MTG}}}Position", x=repr(float(x)), y=repr(float(y)))
    for i, r in enumerate(links):
        edge = ET.SubElement(graph, f"{{{GRAPHML}}}edge", id=f"e{i}",
                             source=element_ids[r["source"]], target=element_ids[r["target"]])
        link = ET.SubElement(ET.SubElement(edge, f"{{{GRAPHML}}}data", key="d2"),
                             f"{{{MTG}}}MaltegoLink", {"id": f"e{i}", "type": MANUAL_LINK})
        props = ET.SubElement(link, f"{{{MTG}}}Properties")
        _property(props, LINK_LABEL, r.get("type", "link"), "string")
        _property(props, PREFIX + "key", r["key"], "string")
        for name, value in r.items():
            if name not in ("source", "target", "key") and value is not None:
                _property(props, PREFIX + name, value)
    graphml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Graphs/Graph1.graphml", graphml)
    return buffer.getvalue()


def _property(parent: ET.Element, name: str, value: Any, kind: str | None = None) -> None:
    if kind is None:
        kind = "string"
        if isinstance(value, bool):
            kind = "boolean"
        elif isinstance(value, int):
            kind = "int"
        elif isinstance(value, float):
            kind = "double"
    display = _DISPLAY.get(name) or f"casegraph: {name[len(PREFIX):].replace('_', ' ')}"
    prop = ET.SubElement(parent, f"{{{MTG}}}Property", {
        "name": name, "displayName": display, "type": kind,
        "hidden": "false", "nullable": "true", "readonly": "false"})
    text = scalar(value)
    ET.SubElement(prop, f"{{{MTG}}}Value").text = (
        str(text).lower() if isinstance(text, bool) else str(text))
