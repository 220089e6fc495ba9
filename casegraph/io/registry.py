"""Which loader reads a source: the registry of formats, the content sniffing, and load().

The loaders themselves are registered in ``loaders.py`` (one table of formats).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Case
from .errors import LoadError
from .mapping import Mapping, PresetStore, preset
from .netformats import text_kind
from .source import Raw, Source, option_names, read_source, utf16_encoding
from .xlsx import is_xlsx

COLUMN_OPTIONS = {"source", "target", "weight", "time", "type", "id", "label", "duration",
                  "phase", "source_type", "target_type"}
CASE_OPTIONS = {"directed", "id_prefix", "node_type", "link_type", "row_type", "column_type"}
TEXT_OPTIONS = {"delimiter", "header", "filename", "sheet", "mapping", "presets"}
KNOWN_OPTIONS = COLUMN_OPTIONS | CASE_OPTIONS | TEXT_OPTIONS

Loader = Callable[[Raw, str, dict[str, Any]], Case]


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    description: str
    loader: Loader


_FORMATS: dict[str, Format] = {}


def register(name: str, extensions: tuple[str, ...], description: str) -> Callable[
        [Loader], Loader]:
    """Register ``loader`` for a format name and its file extensions."""
    def wrap(loader: Loader) -> Loader:
        _FORMATS[name] = Format(name, extensions, description, loader)
        return loader
    return wrap


def formats() -> list[dict[str, Any]]:
    """The formats :func:`load` reads: name, extensions and a one-line description."""
    return [{"name": f.name, "extensions": list(f.extensions), "description": f.description}
            for f in _FORMATS.values()]


def load(source: Source, /, format: str | None = None, *, name: str | None = None,
         max_bytes: int = 50_000_000, **options: Any) -> Case:
    """Read a file of entities and links into a :class:`~casegraph.model.Case`.

    Parameters
    ----------
    source : path, bytes or binary file object
        For an upload, pass the bytes and ``filename=`` (used to sniff and in messages).
        Positional, so that ``source=`` can name the column where links start.
    format : str, optional
        One of :func:`formats` names; sniffed from the content and extension when omitted.
    name : str, optional
        Case name; defaults to the file name without its extension.
    max_bytes : int
        Files larger than this are refused before parsing.
    **options
        ``mapping=`` a :class:`~casegraph.io.mapping.Mapping` (what the mapping dialog
        returns) or the name of a preset (``presets=`` a store of the analysts' own);
        ``sheet=`` a workbook sheet (title or position) or a list of them; or single column
        options (``source=``, ``target=``, ``weight=``, ``time=``, ``type=``, ``id=``,
        ``label=``, ``duration=``), ``directed=``, ``delimiter=``, ``header=``,
        ``id_prefix=``, ``node_type=``, ``link_type=``, ``row_type=`` / ``column_type=``
        (the two entity types of a two-mode matrix).

    Raises
    ------
    LoadError
        With a message naming the file, row and column and what was expected.

    Notes
    -----
    What the loader repaired or left out (duplicate ids, links to unknown ids, self-loops,
    skipped rows, blank weights, type names it did not know, the encoding it fell back to)
    is listed in ``case.meta["load_report"]``: dicts with ``kind``, ``level`` ("warning" or
    "info"), ``message``, ``count``, ``source`` and, when known, ``rows`` and ``examples``
    (the first few). Warning-level messages are also in ``case.meta["warnings"]``.

    Examples
    --------
    >>> case = load(b"source,target,weight\\nAnna,Ben,3\\n", filename="calls.csv")
    >>> sorted(case.graph.nodes), case.graph.edges["Anna", "Ben", "e1"]["weight"]
    (['Anna', 'Ben'], 3.0)
    >>> case = load(b"A Party,B Party,Start Time,Duration,Cell ID\\n"
    ...             b"07700 900001,07700 900002,2024-03-01 14:05,62,C-17\\n",
    ...             filename="calls.csv", mapping="cdr_a_b_party")
    >>> [(d["type"], d["cell_id"]) for *_, d in case.graph.edges(data=True)]
    [('call', 'C-17')]
    """
    raw = read_source(source, max_bytes, options.get("filename"))
    option_names(options, KNOWN_OPTIONS, raw.name)
    options = resolve_mapping(dict(options, max_bytes=max_bytes, name_given=name is not None))
    fmt = (format or sniff(raw)).lower()
    if fmt not in _FORMATS:
        by_ext = {ext: f.name for f in _FORMATS.values() for ext in f.extensions}
        if fmt not in by_ext:
            raise LoadError(f"unknown format '{format}'; known: {', '.join(_FORMATS)}",
                            raw.name)
        fmt = by_ext[fmt]
    case = _FORMATS[fmt].loader(raw, name or raw.stem, options)
    case.meta.setdefault("warnings", [])[:0] = raw.warnings
    report = case.meta.setdefault("load_report", [])
    if raw.encoding:
        case.meta["encoding"] = raw.encoding
    report[:0] = [{"kind": "encoding", "level": "warning", "message": w, "count": 1,
                   "source": raw.name} for w in raw.warnings]
    return case


def resolve_mapping(options: dict[str, Any]) -> dict[str, Any]:
    """``mapping=`` as a Mapping (a preset name or a dict turned into one), and its
    direction as ``directed=`` unless that was given."""
    mapping = options.get("mapping")
    store: PresetStore | None = options.get("presets")
    if isinstance(mapping, str):
        mapping = preset(mapping, store)
    elif isinstance(mapping, dict):
        mapping = Mapping.from_dict(mapping)
    elif mapping is not None and not isinstance(mapping, Mapping):
        raise LoadError(f"mapping= takes a Mapping or a preset name, not "
                        f"{type(mapping).__name__}")
    options = dict(options, mapping=mapping)
    if mapping is not None and mapping.directed is not None and options.get("directed") is None:
        options["directed"] = mapping.directed
    return options


def sniff(raw: Raw) -> str:
    """Guess the format from the first bytes, then the extension."""
    if raw.data.startswith(b"PK\x03\x04"):
        return _zip_kind(raw)
    head = _head(raw)
    if head.startswith("<"):
        lowered = head.lower()
        if "<gexf" in lowered:
            return "gexf"
        if "<graphml" in lowered:
            return "graphml"
        raise LoadError("this XML file is neither GraphML nor GEXF", raw.name)
    if head[:1] == "{" and _ftm_line(head):
        return "ftm"
    if head[:1] in ("{", "["):
        if raw.extension == "cyjs" or '"format_version"' in head[:2000] or \
                '"interaction"' in head:
            return "cyjs"
        return "json"
    kind = text_kind(head)
    if kind:
        return kind
    if raw.extension in ("graphml", "gexf", "json", "xlsx", "cyjs", "mtgx", "ftm"):
        return raw.extension
    return "csv"


def _head(raw: Raw) -> str:
    """The first few kilobytes as text (UTF-16 decoded), leading blanks and BOM dropped."""
    encoding = utf16_encoding(raw.data)
    data = raw.data[:8192]
    text = data.decode(encoding, "replace") if encoding else data.decode("utf-8", "replace")
    return text.lstrip("\ufeff \t\r\n")


def _ftm_line(head: str) -> bool:
    """Whether the first line is one FollowTheMoney entity (``schema`` and ``properties``)."""
    first = head.split("\n", 1)[0].strip()
    try:
        item = json.loads(first)
    except ValueError:
        return False
    return isinstance(item, dict) and "schema" in item and "properties" in item


def _zip_kind(raw: Raw) -> str:
    if is_xlsx(raw.data):
        return "xlsx"
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            names = [n.lower() for n in archive.namelist()]
    except zipfile.BadZipFile:
        return "zip"
    if any(n.startswith("graphs/") and n.endswith(".graphml") for n in names) or \
            raw.extension == "mtgx":
        return "mtgx"
    files = {n.rsplit("/", 1)[-1] for n in names}
    if {"entities.csv", "links.csv"} <= files:
        return "i2"
    return "zip"
