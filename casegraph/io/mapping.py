"""Which columns of a table say what: the column mapping, its guess, and named presets.

A :class:`Mapping` names the columns of a link table (source, target, link type, weight,
time, duration, labels and types of each end, attribute columns) and of a node table (id,
label, type, attributes). The upload screen shows a table's first rows (see
:func:`casegraph.io.preview`), lets the analyst pick the columns, and passes the mapping to
:func:`casegraph.io.load`; a mapping saved under a name is a preset. Presets shipped with
casegraph are data, in ``presets.yaml`` beside this module.

>>> m = Mapping(source="Anrufer", target="Angerufener", time="Datum", duration="Dauer",
...             source_type="phone", target_type="phone", link_type="call")
>>> Mapping.from_dict(m.to_dict()) == m, m.missing(["Anrufer", "Angerufener", "Datum"])
(True, ['Dauer'])
>>> guess_mapping(["person_a", "person_b", "weight"]).source
'person_a'
>>> guess_mapping(["von", "nach", "Zeit"]).to_dict()
{'source': 'von', 'target': 'nach', 'time': 'Zeit'}
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from .delimited import ALIASES, listed, match_key
from .errors import LoadError

PRESETS_FILE = Path(__file__).with_name("presets.yaml")

# Roles guessed from column names (see delimited.ALIASES), in the order they claim columns.
GUESSED_ROLES = ("source", "target", "weight", "time", "link_type_column", "duration", "phase",
                 "source_type_column", "target_type_column")
_ALIAS_OF = {"link_type_column": "type", "source_type_column": "source_type",
             "target_type_column": "target_type"}


@dataclass
class Mapping:
    """The columns of a table and what each means.

    Fields ending in ``_column`` (and the plain column fields: ``source``, ``target``,
    ``weight``...) hold header names. ``link_type``, ``source_type``, ``target_type`` and
    ``node_type`` hold a constant type for every row; a ``*_column`` twin, when set, gives
    the type row by row and the constant fills its blanks. ``attributes`` lists the columns
    copied onto each link (None: every column the mapping does not otherwise use; []: none),
    ``node_attributes`` the same for a node table.
    """

    source: str | None = None
    target: str | None = None
    link_type: str | None = None
    link_type_column: str | None = None
    weight: str | None = None
    time: str | None = None
    time_of_day: str | None = None        # the clock time, when date and time are two columns
    time_format: str | None = None        # a strptime pattern, e.g. "%m/%d/%Y %H:%M"
    duration: str | None = None
    phase: str | None = None
    source_label: str | None = None
    target_label: str | None = None
    source_type: str | None = None
    source_type_column: str | None = None
    target_type: str | None = None
    target_type_column: str | None = None
    attributes: list[str] | None = None
    node_id: str | None = None
    node_label: str | None = None
    node_type: str | None = None
    node_type_column: str | None = None
    node_attributes: list[str] | None = None
    directed: bool | None = None
    name: str | None = None
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # room for the UI's own settings

    LINK_COLUMNS = ("source", "target", "link_type_column", "weight", "time", "time_of_day",
                    "duration", "phase", "source_label", "target_label", "source_type_column",
                    "target_type_column")
    NODE_COLUMNS = ("node_id", "node_label", "node_type_column")

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set, as plain data (JSON or YAML)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "", {})}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mapping:
        """A mapping from :meth:`to_dict` output (unknown keys refused, so a typo shows)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise LoadError(f"the mapping has unknown field(s) {listed(unknown)}; known: "
                            f"{listed(sorted(known), 30)}")
        return cls(**data)

    def link_columns(self) -> list[str]:
        """The columns given a role in the link table (attribute columns not included)."""
        return [getattr(self, f) for f in self.LINK_COLUMNS if getattr(self, f)]

    def node_columns(self) -> list[str]:
        return [getattr(self, f) for f in self.NODE_COLUMNS if getattr(self, f)]

    def missing(self, header: list[str], nodes: bool = False) -> list[str]:
        """The role columns this mapping names (links, or the node table) that ``header``
        lacks. Attribute columns may be absent: a preset lists those it keeps when present."""
        present = {match_key(h) for h in header}
        wanted = self.node_columns() if nodes else self.link_columns()
        return [c for c in wanted if match_key(c) not in present]

    def has_links(self) -> bool:
        return bool(self.source and self.target)

    def has_nodes(self) -> bool:
        return bool(self.node_id or self.node_label)

    def fits(self, header: list[str]) -> bool:
        """Whether every link column of this mapping is in ``header`` (a preset to offer)."""
        return self.has_links() and not self.missing(header)


def find_column(header: list[str], name: str | None) -> int | None:
    """The index of the column called ``name`` (exactly, else ignoring case and accents)."""
    if name is None:
        return None
    if name in header:
        return header.index(name)
    key = match_key(name)
    return next((i for i, h in enumerate(header) if match_key(h) == key), None)


def guess_mapping(header: list[str]) -> Mapping | None:
    """The mapping the column names suggest, or None when no source and target columns are
    recognised (then the analyst chooses them in the mapping dialog)."""
    mapping = Mapping()
    by_key: dict[str, str] = {}
    for column in reversed(header):
        by_key[match_key(column)] = column
    used: set[str] = set()
    for role in GUESSED_ROLES:
        for alias in ALIASES[_ALIAS_OF.get(role, role)]:
            column = by_key.get(alias)
            if column is not None and column not in used:
                setattr(mapping, role, column)
                used.add(column)
                break
    return mapping if mapping.has_links() else None


def mapping_from_options(options: dict[str, Any]) -> Mapping:
    """The column options of :func:`casegraph.io.load` (``source=``, ``type=``...) as a
    partial mapping; the roles they leave out are guessed."""
    names = {"source": "source", "target": "target", "weight": "weight", "time": "time",
             "type": "link_type_column", "duration": "duration", "phase": "phase",
             "source_type": "source_type_column", "target_type": "target_type_column",
             "id": "node_id", "label": "node_label"}
    return Mapping(**{field_name: options[option] for option, field_name in names.items()
                      if options.get(option) is not None})


def complete(header: list[str], given: Mapping) -> Mapping:
    """``given`` with the roles it leaves empty guessed from ``header`` (columns it already
    uses are not guessed again)."""
    guess = guess_mapping(header) or Mapping()
    taken = {match_key(c) for c in given.link_columns()}
    merged = Mapping(**{**asdict(given)})
    for role in GUESSED_ROLES:
        column = getattr(guess, role)
        if getattr(merged, role) is None and column and match_key(column) not in taken:
            setattr(merged, role, column)
            taken.add(match_key(column))
    return merged


# -- presets -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _shipped() -> dict[str, Mapping]:
    with PRESETS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {name: Mapping.from_dict({**entry, "name": name}) for name, entry in data.items()}


class PresetStore(Protocol):
    """Where the analysts' own presets live. The app backs it with its database; tests use
    :class:`MemoryPresetStore` or :class:`JsonPresetStore`."""

    def list(self) -> list[Mapping]: ...
    def get(self, name: str) -> Mapping | None: ...
    def save(self, mapping: Mapping) -> None: ...
    def delete(self, name: str) -> None: ...


class MemoryPresetStore:
    """Presets in a dict: for tests and for one process."""

    def __init__(self) -> None:
        self._presets: dict[str, dict[str, Any]] = {}

    def list(self) -> list[Mapping]:
        return [Mapping.from_dict(d) for _, d in sorted(self._presets.items())]

    def get(self, name: str) -> Mapping | None:
        data = self._presets.get(name)
        return Mapping.from_dict(data) if data else None

    def save(self, mapping: Mapping) -> None:
        self._presets[_named(mapping)] = mapping.to_dict()

    def delete(self, name: str) -> None:
        self._presets.pop(name, None)


class JsonPresetStore(MemoryPresetStore):
    """Presets in one JSON file, rewritten whole (atomically) on every change."""

    def __init__(self, path: str | os.PathLike) -> None:
        super().__init__()
        self.path = Path(path)
        self._lock = threading.Lock()
        if self.path.exists():
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._presets = {str(k): dict(v) for k, v in data.items()}

    def save(self, mapping: Mapping) -> None:
        with self._lock:
            super().save(mapping)
            self._write()

    def delete(self, name: str) -> None:
        with self._lock:
            super().delete(name)
            self._write()

    def _write(self) -> None:
        temp = self.path.with_suffix(self.path.suffix + ".tmp")
        temp.write_text(json.dumps(self._presets, indent=1, ensure_ascii=False),
                        encoding="utf-8")
        os.replace(temp, self.path)


def _named(mapping: Mapping) -> str:
    if not mapping.name or not str(mapping.name).strip():
        raise LoadError("a preset needs a name")
    if mapping.name in _shipped():
        raise LoadError(f"'{mapping.name}' is the name of a shipped preset; choose another")
    return str(mapping.name).strip()


def presets(store: PresetStore | None = None) -> list[Mapping]:
    """The shipped presets, then the analysts' own (from ``store``)."""
    return list(_shipped().values()) + (store.list() if store is not None else [])


def preset(name: str, store: PresetStore | None = None) -> Mapping:
    """The preset called ``name`` (shipped or saved), or a LoadError listing the names."""
    if name in _shipped():
        return Mapping.from_dict(_shipped()[name].to_dict())
    found = store.get(name) if store is not None else None
    if found is None:
        names = [p.name for p in presets(store)]
        raise LoadError(f"no preset called '{name}'; presets: {listed(names, 12)}")
    return found


def matching_presets(header: list[str], store: PresetStore | None = None) -> list[str]:
    """Names of the presets whose link columns are all in ``header``."""
    return [p.name for p in presets(store) if p.fits(header)]
