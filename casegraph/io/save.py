"""Writing a case as GraphML, GEXF, CSV (a zip of nodes.csv + edges.csv) or JSON.

Every writer keeps node ids, types, labels, link types, weights, ``time`` and ``phase``, so
``load(save(case))`` gives the same graph back. Lists and dicts (provenance) are written as
JSON text where the format only holds scalars.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET

from ..model import Case
from .errors import LoadError

SAVE_FORMATS = ("graphml", "gexf", "csv", "json")
_NODE_FIRST = ["id", "label", "type", "key"]
_EDGE_FIRST = ["source", "target", "key", "type", "weight", "time", "phase"]


def save(case: Case, path_or_buffer: str | os.PathLike | IO[bytes],
         format: str | None = None) -> bytes:
    """Write ``case`` in ``format`` (graphml, gexf, csv, json) and return the bytes written.

    The format defaults to the file extension (``.zip`` means csv).

    Examples
    --------
    >>> import io
    >>> from casegraph.io import load
    >>> case = load(b"source,target,weight\\nAnna,Ben,3\\n", filename="calls.csv")
    >>> again = load(save(case, io.BytesIO(), "json"), filename="calls.json")
    >>> again.graph.edges["Anna", "Ben", "e1"]["weight"]
    3.0
    """
    if format is None and isinstance(path_or_buffer, (str, os.PathLike)):
        format = Path(path_or_buffer).suffix.lstrip(".").lower()
        format = "csv" if format == "zip" else format
    if format not in SAVE_FORMATS:
        raise LoadError(f"cannot save as '{format}'; choose one of {', '.join(SAVE_FORMATS)}")
    data = {"graphml": _graphml, "gexf": _gexf, "csv": _csv_zip, "json": _json}[format](case)
    if isinstance(path_or_buffer, (str, os.PathLike)):
        Path(path_or_buffer).write_bytes(data)
    else:
        path_or_buffer.write(data)
    return data


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _columns(records: list[dict[str, Any]], first: list[str]) -> list[str]:
    seen = {k for r in records for k in r}
    return [c for c in first if c in seen] + sorted(seen - set(first))


def _records(case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = [{"id": n, **d} for n, d in case.graph.nodes(data=True)]
    edges = [{"source": u, "target": v, "key": k, **d}
             for u, v, k, d in case.graph.edges(keys=True, data=True)]
    return nodes, edges


def _json(case: Case) -> bytes:
    return json.dumps(case.to_dict(), ensure_ascii=False, default=str, indent=1).encode()


def _csv_zip(case: Case) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, records, first in zip(("nodes.csv", "edges.csv"), _records(case),
                                        (_NODE_FIRST, _EDGE_FIRST), strict=True):
            text = io.StringIO()
            columns = _columns(records, first)
            writer = csv.DictWriter(text, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: _scalar(v) for k, v in r.items()} for r in records)
            archive.writestr(name, text.getvalue())
        archive.writestr("case.json", json.dumps({"name": case.name, "directed": case.directed}))
    return buffer.getvalue()


def _xml_type(values: list[Any], graphml: bool) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long" if graphml else "integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _text(value: Any) -> str:
    value = _scalar(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _graphml(case: Case) -> bytes:
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    nodes, edges = _records(case)
    ids: dict[tuple[str, str], str] = {}
    for scope, records, skip in (("node", nodes, {"id"}), ("edge", edges,
                                                         {"source", "target", "key"})):
        for index, name in enumerate(_columns(records, [])):
            if name in skip:
                continue
            key_id = f"{scope[0]}{index}"
            ids[(scope, name)] = key_id
            ET.SubElement(root, "key", {"id": key_id, "for": scope, "attr.name": name,
                                        "attr.type": _xml_type([r.get(name) for r in records],
                                                               True)})
    ET.SubElement(root, "key", {"id": "g_name", "for": "graph", "attr.name": "name",
                                "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="G",
                          edgedefault="directed" if case.directed else "undirected")
    ET.SubElement(graph, "data", key="g_name").text = case.name
    for record in nodes:
        element = ET.SubElement(graph, "node", id=str(record["id"]))
        for name, value in record.items():
            if (("node", name) in ids) and value is not None:
                ET.SubElement(element, "data", key=ids[("node", name)]).text = _text(value)
    for record in edges:
        element = ET.SubElement(graph, "edge", id=str(record["key"]),
                                source=str(record["source"]), target=str(record["target"]))
        for name, value in record.items():
            if (("edge", name) in ids) and value is not None:
                ET.SubElement(element, "data", key=ids[("edge", name)]).text = _text(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _gexf(case: Case) -> bytes:
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3",
                               "xmlns:viz": "http://gexf.net/1.3/viz"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "title").text = case.name
    graph = ET.SubElement(root, "graph", defaultedgetype="directed" if case.directed
                          else "undirected", mode="static")
    nodes, edges = _records(case)
    ids: dict[tuple[str, str], str] = {}
    for scope, records, skip in (("node", nodes, {"id", "label"}),
                                 ("edge", edges, {"source", "target", "key", "weight"})):
        block = ET.SubElement(graph, "attributes", {"class": scope, "mode": "static"})
        for index, name in enumerate(c for c in _columns(records, []) if c not in skip):
            ids[(scope, name)] = str(index)
            ET.SubElement(block, "attribute", id=str(index), title=name,
                          type=_xml_type([r.get(name) for r in records], False))
    node_block = ET.SubElement(graph, "nodes")
    for record in nodes:
        element = ET.SubElement(node_block, "node", id=str(record["id"]),
                                label=str(record.get("label", record["id"])))
        _attvalues(element, "node", record, ids)
        if record["id"] in case.positions:
            x, y = case.positions[record["id"]]
            ET.SubElement(element, "viz:position", x=str(float(x)), y=str(float(y)), z="0.0")
    edge_block = ET.SubElement(graph, "edges")
    for record in edges:
        element = ET.SubElement(edge_block, "edge", id=str(record["key"]),
                                source=str(record["source"]), target=str(record["target"]),
                                weight=repr(float(record.get("weight", 1.0))))
        _attvalues(element, "edge", record, ids)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _attvalues(element: ET.Element, scope: str, record: dict[str, Any],
               ids: dict[tuple[str, str], str]) -> None:
    values = [(ids[(scope, k)], v) for k, v in record.items()
              if (scope, k) in ids and v is not None]
    if values:
        block = ET.SubElement(element, "attvalues")
        for key, value in values:
            ET.SubElement(block, "attvalue", {"for": key, "value": _text(value)})
