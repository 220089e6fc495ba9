"""A first look at a table before it is loaded: what the column-mapping dialog shows.

>>> p = preview(b"von;nach;Datum\\n07700 900001;07700 900002;01.03.2024 14:05\\n",
...             "verbindungen.csv")
>>> p.delimiter, p.columns, p.shape, p.mapping.source, p.mapping.link_type
(';', ['von', 'nach', 'Datum'], 'links', 'von', 'call')
>>> preview(b"name,age\\nAda,41\\n", "people.csv").mapping is None
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .delimited import split_rows
from .errors import LoadError
from .mapping import Mapping, PresetStore, guess_mapping, matching_presets
from .matrix import matrix_kind
from .registry import sniff
from .source import Source, read_source
from .tables import is_call_records, make_table
from .tabular import chosen_sheets, sheet_role
from .xlsx import read_sheets

PREVIEW_ROWS = 20
_TABLE_FORMATS = ("csv", "xlsx")


@dataclass
class TablePreview:
    """What a file holds, enough for the analyst to map its columns.

    ``shape`` is ``links`` (a link table, its columns recognised or not), ``nodes``,
    ``matrix`` (one-mode adjacency), ``incidence`` (two-mode: people x events), ``graph``
    (a graph file: GraphML, GEXF, JSON, Maltego, FtM, i2; no mapping needed) or ``empty``.
    ``mapping`` is the guess from the column names (None: the analyst must choose the source
    and target columns). In a workbook, ``sheet_roles`` says what each sheet looks like and
    ``sheet`` is the one shown.
    """

    filename: str
    format: str
    shape: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_count: int = 0
    header: bool = True
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    sheet_roles: dict[str, str | None] = field(default_factory=dict)
    mapping: Mapping | None = None
    presets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (for a ``dcc.Store``); the mapping as :meth:`Mapping.to_dict`."""
        data = asdict(self)
        data["mapping"] = self.mapping.to_dict() if self.mapping else None
        return data


def preview(source: Source, filename: str | None = None, *, sheet: str | int | None = None,
            max_bytes: int = 50_000_000, rows: int = PREVIEW_ROWS,
            presets: PresetStore | None = None) -> TablePreview:
    """The sheets, encoding, delimiter, columns and first ``rows`` rows of a table, with the
    guessed mapping and the presets that fit.

    Raises LoadError for a file that cannot be read at all (binary, damaged workbook,
    too large); a table whose columns are not recognised is *not* an error here.
    """
    raw = read_source(source, max_bytes, filename)
    fmt = sniff(raw)
    if fmt not in _TABLE_FORMATS:
        return TablePreview(raw.name, fmt, "graph")
    if fmt == "xlsx":
        sheets = read_sheets(raw.data, raw.name, max_bytes)
        roles = {t: sheet_role(t, r, {}) for t, (r, _) in sheets.items()}
        if sheet is not None:
            shown = chosen_sheets(sheets, sheet, raw.name)[0]
        else:
            shown = next((t for t, role in roles.items() if role == "links"), None) or next(
                (t for t, role in roles.items() if role != "empty"), next(iter(sheets)))
        found, lines = sheets[shown]
        result = _table(raw.name, fmt, found, lines, ",", rows, presets)
        result.sheets, result.sheet, result.sheet_roles = list(sheets), shown, roles
        return result
    text = raw.text()
    found, lines, delimiter = split_rows(text, raw.name)
    result = _table(raw.name, fmt, found, lines, delimiter, rows, presets)
    result.encoding, result.warnings = raw.encoding, list(raw.warnings)
    return result


def _table(name: str, fmt: str, found: list[list[str]], lines: list[int], delimiter: str,
           limit: int, presets: PresetStore | None) -> TablePreview:
    if not found:
        return TablePreview(name, fmt, "empty", delimiter=delimiter)
    shape = matrix_kind(found)
    if shape:
        return TablePreview(name, fmt, shape, columns=found[0], rows=found[1:limit + 1],
                            row_count=len(found) - 1, delimiter=delimiter)
    try:
        table = make_table(found, lines, name, delimiter)
    except LoadError:
        return TablePreview(name, fmt, "empty", delimiter=delimiter)
    width = max(len(r) for r in found)
    columns = table.header or [f"column {i + 1}" for i in range(width)]
    mapping = guess_mapping(columns) if table.header else Mapping(
        source=columns[0], target=columns[1] if width > 1 else None,
        weight=columns[2] if width > 2 else None)
    if mapping is not None and table.header and is_call_records(table, {}):
        mapping.source_type = mapping.target_type = "phone"
        mapping.link_type = "call"
    shape = "links" if mapping is not None or table.find("id") is None else "nodes"
    return TablePreview(name, fmt, shape, columns=list(columns), rows=table.rows[:limit],
                        row_count=len(table.rows), header=table.header is not None,
                        delimiter=delimiter, mapping=mapping,
                        presets=matching_presets(list(columns), presets))
