"""Writing a case: one registry of writers, mirroring the loaders.

Every writer is pure (a case in, the file's bytes out) and keeps node ids, types, labels,
link types, weights, ``time`` and ``phase``, and the provenance of each node and link where
the format can hold it, so ``load(save(case))`` gives the same graph back (within what the
format can say: see each writer). Lists and dicts are written as JSON text where the format
only holds scalars; CSV cells a spreadsheet would run as formulas are made inert.
"""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..model import Case
from .csvsafe import neutralise
from .errors import LoadError
from .records import columns, records, scalar

Writer = Callable[[Case], bytes]


@dataclass(frozen=True)
class WriterFormat:
    name: str
    extension: str
    mime: str
    description: str
    write: Writer


_WRITERS: dict[str, WriterFormat] = {}


def register_writer(name: str, extension: str, mime: str, description: str) -> Callable[
        [Writer], Writer]:
    """Register ``write(case) -> bytes`` as the writer of ``name``."""
    def wrap(write: Writer) -> Writer:
        _WRITERS[name] = WriterFormat(name, extension, mime, description, write)
        return write
    return wrap


def save_formats() -> list[dict[str, str]]:
    """The formats :func:`save` writes: name, file extension, MIME type, description."""
    return [{"name": w.name, "extension": w.extension, "mime": w.mime,
             "description": w.description} for w in _WRITERS.values()]


def dumps(case: Case, format: str) -> bytes:
    """The bytes of ``case`` written as ``format`` (nothing is written anywhere)."""
    if format not in _WRITERS:
        raise LoadError(f"cannot save as '{format}'; choose one of {', '.join(_WRITERS)}")
    return _WRITERS[format].write(case)


def save(case: Case, path_or_buffer: str | os.PathLike | IO[bytes],
         format: str | None = None) -> bytes:
    """Write ``case`` in ``format`` (see :func:`save_formats`) and return the bytes written.

    The format defaults to the file extension (``.zip`` means csv, ``.i2.zip`` i2).

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
        format = format_of(Path(path_or_buffer).name)
    data = dumps(case, format)
    if isinstance(path_or_buffer, (str, os.PathLike)):
        Path(path_or_buffer).write_bytes(data)
    else:
        path_or_buffer.write(data)
    return data


def format_of(file_name: str) -> str | None:
    """The writer a file name asks for, by its longest matching extension."""
    lowered = file_name.lower()
    by_extension = sorted(_WRITERS.values(), key=lambda w: -len(w.extension))
    found = next((w.name for w in by_extension if lowered.endswith("." + w.extension)), None)
    return found or Path(lowered).suffix.lstrip(".")


# -- the two simplest writers: casegraph's own JSON and a zip of CSV tables ------------------

_NODE_FIRST = ["id", "label", "type", "key"]
_EDGE_FIRST = ["source", "target", "key", "type", "weight", "time", "phase"]


def write_json(case: Case) -> bytes:
    return json.dumps(case.to_dict(), ensure_ascii=False, default=str, indent=1).encode()


def csv_text(rows: list[dict[str, Any]], names: list[str]) -> str:
    """CSV of ``rows`` under ``names``: lists as JSON text, formula cells made inert."""
    text = io.StringIO()
    writer = csv.DictWriter(text, names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: neutralise(scalar(v)) for k, v in r.items()} for r in rows)
    return text.getvalue()


def write_csv_zip(case: Case) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows, first in zip(("nodes.csv", "edges.csv"), records(case),
                                     (_NODE_FIRST, _EDGE_FIRST), strict=True):
            archive.writestr(name, csv_text(rows, columns(rows, first)))
        archive.writestr("case.json", json.dumps({"name": case.name, "directed": case.directed}))
    return buffer.getvalue()
