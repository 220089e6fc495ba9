"""Other tools' type names read as casegraph types, and casegraph types written as theirs.

The tables are data, in ``casegraph/type_mappings.yaml`` beside ``entity_types.yaml``.

>>> foreign_type("maltego.PhoneNumber"), foreign_type("Mobile Phone"), foreign_type("Meeting")
('phone', 'phone', 'event')
>>> foreign_link_type("Telephone Call"), export_type("i2", "phone")["icon"]
('call', 'Mobile Phone')
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..model import link_types, normalise_type

MAPPINGS_FILE = Path(__file__).resolve().parents[1] / "type_mappings.yaml"


@lru_cache(maxsize=1)
def type_mappings() -> dict[str, Any]:
    """The whole of ``type_mappings.yaml`` (read once, treat as read-only)."""
    with MAPPINGS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def squash(name: Any) -> str:
    """A type name compared across tools: lower case, no spaces, dots, dashes or underscores
    (but the dots of ``maltego.`` names are kept so prefixes still match)."""
    text = str(name).strip().lower()
    if text.startswith("maltego."):
        return text
    return re.sub(r"[\s._\-]+", "_", text).strip("_")


@lru_cache(maxsize=1)
def _imports() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    entities: dict[str, str] = {}
    links: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for tool in type_mappings().values():
        entities.update({squash(k): v for k, v in (tool.get("import") or {}).items()})
        links.update({squash(k): v for k, v in (tool.get("links") or {}).items()
                      if isinstance(v, str)})
        prefixes.update({k.lower(): v for k, v in (tool.get("import_prefixes") or {}).items()})
    return entities, links, prefixes


def foreign_type(raw: Any) -> str:
    """The casegraph entity type for a type name from any file or tool (``other`` when the
    name means nothing known)."""
    etype = normalise_type(raw)
    if etype != "other" or raw is None:
        return etype
    entities, _, prefixes = _imports()
    key = squash(raw)
    if key in entities:
        return entities[key]
    return next((v for p, v in prefixes.items() if key.startswith(p)), "other")


def foreign_link_type(raw: Any) -> str | None:
    """A known casegraph link type for another tool's link name, or None."""
    key = squash(raw)
    if key in link_types():
        return key
    return _imports()[1].get(key)


def export_type(tool: str, entity_type: str) -> Any:
    """What ``tool`` calls a casegraph entity type (its ``export`` entry; ``other``'s when
    the type has none)."""
    table = type_mappings()[tool]["export"]
    return table.get(entity_type, table.get("other"))
