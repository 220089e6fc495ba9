"""Cytoscape desktop's JSON (.cyjs): what File > Export > Network to File writes as
"Cytoscape.js JSON", and what File > Import > Network from File reads.

Reading is :func:`casegraph.io.jsongraph.read_json` (Cytoscape's ``name`` is the label, its
``interaction`` the link type). Writing keeps every attribute as a column, types as the
``type`` column, provenance as JSON text (Cytoscape columns hold scalars and plain lists).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Case
from .records import records, scalar


def _column(value: Any) -> Any:
    """A value as a Cytoscape column can hold it: scalars and lists of scalars as they are."""
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return value
    return scalar(value)


def write_cyjs(case: Case) -> bytes:
    nodes, links = records(case)
    labels = {r["id"]: str(r.get("label", r["id"])) for r in nodes}
    elements: dict[str, list[dict[str, Any]]] = {"nodes": [], "edges": []}
    for r in nodes:
        data = {k: _column(v) for k, v in r.items() if v is not None}
        data["id"] = str(r["id"])
        data["name"] = data["shared_name"] = labels[r["id"]]
        element: dict[str, Any] = {"data": data}
        if r["id"] in case.positions:
            x, y = case.positions[r["id"]]
            element["position"] = {"x": float(x), "y": float(y)}
        elements["nodes"].append(element)
    for r in links:
        data = {k: _column(v) for k, v in r.items() if k != "key" and v is not None}
        data.update(id=str(r["key"]), source=str(r["source"]), target=str(r["target"]),
                    interaction=r.get("type", "link"), shared_interaction=r.get("type", "link"))
        data["name"] = data["shared_name"] = (
            f"{labels[r['source']]} ({data['interaction']}) {labels[r['target']]}")
        elements["edges"].append({"data": data})
    network = {"format_version": "1.0", "generated_by": "casegraph",
               "target_cytoscapejs_version": "~2.1",
               "data": {"name": case.name, "shared_name": case.name,
                        "directed": case.directed},
               "elements": elements}
    return json.dumps(network, ensure_ascii=False, indent=1, default=str).encode()
