"""A case as flat records for the writers: nodes and links as dicts, values as scalars."""

from __future__ import annotations

import json
from typing import Any

from ..model import Case


def records(case: Case) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every node (``id`` + attributes) and every link (``source``, ``target``, ``key`` +
    attributes) of ``case``."""
    nodes = [{"id": n, **d} for n, d in case.graph.nodes(data=True)]
    links = [{"source": u, "target": v, "key": k, **d}
             for u, v, k, d in case.graph.edges(keys=True, data=True)]
    return nodes, links


def scalar(value: Any) -> Any:
    """Lists and dicts (provenance) as JSON text, for formats that hold only scalars."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def text(value: Any) -> str:
    """A value as the text of an XML attribute or element (booleans as true/false)."""
    value = scalar(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def columns(rows: list[dict[str, Any]], first: list[str]) -> list[str]:
    """Every key of ``rows``: ``first`` (those present) in order, then the rest sorted."""
    seen = {k for r in rows for k in r}
    return [c for c in first if c in seen] + sorted(seen - set(first))


def value_type(values: list[Any]) -> str:
    """'boolean', 'integer', 'double' or 'string': the narrowest type holding every value."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       for v in present):
        return "double"
    return "string"
