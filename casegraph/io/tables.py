"""Edge lists, node tables and call records from delimited text or spreadsheet sheets.

Which column plays which role comes from a :class:`~casegraph.io.mapping.Mapping`: one the
analyst chose, a preset, or the guess from the column names.
"""

from __future__ import annotations

from typing import Any

from .builder import (
    Builder,
    blank,
    clean_id,
    history_of,
    looks_like_phone,
    parse_number,
    parse_time,
    rows_hint,
)
from .delimited import ALIASES, Table, canon, has_header, listed
from .errors import LoadError
from .mapping import Mapping, complete, find_column, mapping_from_options
from .typemap import foreign_type

# Columns recomputed on load rather than copied as attributes.
_DERIVED = {"key", "provenance"}
# What the mapping-dialog hint says when the link columns are not recognised.
DIALOG_HINT = "choose the columns in the mapping dialog"


def make_table(rows: list[list[str]], lines: list[int], source: str, delimiter: str,
               header: bool | None = None) -> Table:
    if not rows:
        raise LoadError("the file is empty: expected a header row and rows of links", source)
    if header is None:
        header = has_header(rows)
    if header:
        names = [cell or f"column {i + 1}" for i, cell in enumerate(rows[0])]
        return Table(names, rows[1:], lines[1:], source, delimiter)
    return Table(None, rows, lines, source, delimiter)


def link_mapping(table: Table, options: dict[str, Any]) -> Mapping:
    """The mapping for ``table``: the one given (``mapping=``), else the column options
    completed by the guess. Named columns must exist."""
    assert table.header is not None
    given = options.get("mapping")
    if given is not None:
        missing = given.missing(table.header)
        if missing:
            raise LoadError(f"the mapping{_called(given)} names column(s) the table lacks: "
                            f"{listed(missing, 4)}; columns found: {listed(table.header)}",
                            table.source)
        return given
    partial = mapping_from_options(options)
    for role, column in _option_columns(options):
        table.find(role, column)  # raises "no column named ... for <role>"
    return complete(table.header, partial)


def _option_columns(options: dict[str, Any]) -> list[tuple[str, str]]:
    roles = ("source", "target", "weight", "time", "type", "duration", "phase", "source_type",
             "target_type")
    return [(r, options[r]) for r in roles if options.get(r) is not None]


def _called(mapping: Mapping) -> str:
    return f" '{mapping.name}'" if mapping.name else ""


def is_call_records(table: Table, options: dict[str, Any]) -> bool:
    """Phone numbers at both ends and a start time or duration: call detail records."""
    if table.header is None:
        return False
    try:
        mapping = link_mapping(table, options)
    except LoadError:
        return False
    if not mapping.has_links() or not (mapping.duration or mapping.time):
        return False
    s, t = find_column(table.header, mapping.source), find_column(table.header, mapping.target)
    sample = [r for r in table.rows[:20] if len(r) > max(s, t)]
    phoney = sum(looks_like_phone(r[s]) and looks_like_phone(r[t]) for r in sample)
    return bool(sample) and phoney >= 0.8 * len(sample)


def table_kind(table: Table, options: dict[str, Any]) -> str:
    """'edges' or 'cdr' for a table already known not to be a matrix.

    A list of entities alone is read only on request (format="nodes" or load_tables):
    uploaded on its own it is far more often an edge file whose columns were not recognised.
    """
    if table.header is None:
        return "edges"
    mapping = options.get("mapping")
    if mapping is not None and (mapping.source_type or mapping.target_type):
        return "edges"  # the mapping says what the ends are
    return "cdr" if is_call_records(table, options) else "edges"


def missing_columns(table: Table) -> LoadError:
    """The short error for a table whose link columns were not recognised."""
    looked = "; ".join(f"{role}: {', '.join(ALIASES[role][:5])} …" for role in
                       ("source", "target"))
    return LoadError(
        f"no column says where each link starts and ends. Columns found: "
        f"{listed(table.header or [])}. Looked for {looked} — {DIALOG_HINT}", table.source)


def read_edges(table: Table, builder: Builder, options: dict[str, Any],
               calls: bool = False) -> None:
    """Add one link per row of ``table`` (a headed edge table or a bare edge list)."""
    if table.header is None:
        width = max(len(r) for r in table.rows)
        names = ["column 1", "column 2", "column 3"][:width]
        mapping = Mapping(source=names[0], target=names[1] if width > 1 else None,
                          weight=names[2] if width > 2 else None, attributes=[])
        header = names
    else:
        mapping = link_mapping(table, options)
        if not mapping.has_links():
            raise missing_columns(table)
        header = list(table.header)
    reader = _LinkRows(header, mapping, builder, options, calls)
    for row, line in zip(table.rows, table.lines, strict=True):
        reader.add(row, line)
    reader.finish()


class _LinkRows:
    """Reads link rows once the mapping is known (kept apart so each step stays short)."""

    def __init__(self, header: list[str], mapping: Mapping, builder: Builder,
                 options: dict[str, Any], calls: bool):
        self.header, self.mapping, self.builder = header, mapping, builder
        roles = Mapping.LINK_COLUMNS
        self.index = {role: find_column(header, getattr(mapping, role)) for role in roles}
        self.present = [(role, i) for role, i in self.index.items() if i is not None]
        canons = [canon(n) for n in header]
        self.key_col = next((canons.index(k) for k in ("key", "link_id") if k in canons), None)
        self.prov_col = canons.index("provenance") if "provenance" in canons else None
        taken = {i for i in self.index.values() if i is not None} | {self.key_col}
        if mapping.attributes is None:
            self.extra = [(i, canon(n)) for i, n in enumerate(header)
                          if i not in taken and canon(n) not in _DERIVED]
        else:
            wanted = [(find_column(header, c), c) for c in mapping.attributes]
            self.extra = [(i, canon(c)) for i, c in wanted
                          if i is not None and i not in taken and canon(c) not in _DERIVED]
            absent = [c for i, c in wanted if i is None]
            if absent:
                builder.repair("absent_columns", f"{len(absent)} attribute column(s) of the "
                               f"mapping not in the table: {listed(absent, 4)}",
                               count=len(absent), examples=absent, level="info", warn=False)
        self.link_type = mapping.link_type or options.get("link_type") or (
            "call" if calls else None)
        end = "phone" if calls else None
        self.source_type, self.target_type = mapping.source_type or end, \
            mapping.target_type or end
        self.blanks: list[int] = []
        self.blank_weights: list[int] = []
        self.keys_seen: set[str | None] = set()
        if mapping.source_type and mapping.target_type and mapping.source_type != \
                mapping.target_type and not (mapping.source_type_column or
                                             mapping.target_type_column):
            builder.case.meta["two_mode"] = {"types": [builder.entity_type(mapping.source_type),
                                                       builder.entity_type(mapping.target_type)]}

    def cells(self, row: list[str]) -> dict[str, str]:
        """The non-blank cells of the roles the mapping uses (one pass per row: loading a
        large table spends its time here)."""
        width = len(row)
        return {role: row[i] for role, i in self.present
                if i < width and row[i] and not row[i].isspace()}

    def add(self, row: list[str], line: int) -> None:
        cells = self.cells(row)
        source, target = cells.get("source"), cells.get("target")
        if source is None or target is None:
            self.blanks.append(line)
            return
        builder = self.builder
        attrs = self.values(cells, row, line)
        weight = attrs.pop("weight", 1.0)
        u = builder.endpoint(source, line, cells.get("source_type_column") or self.source_type,
                             label=cells.get("source_label"))
        v = builder.endpoint(target, line, cells.get("target_type_column") or self.target_type,
                             label=cells.get("target_label"))
        link_type = cells.get("link_type_column") or self.link_type
        key = row[self.key_col] if self.key_col is not None and self.key_col < len(row) else None
        if key in self.keys_seen:
            key = None  # a repeated key would overwrite the earlier link
        self.keys_seen.add(key)
        history = history_of(row[self.prov_col]) if self.prov_col is not None and \
            self.prov_col < len(row) else []
        builder.link(u, v, link_type, weight, line, key=key or None, history=history, **attrs)

    def values(self, cells: dict[str, str], row: list[str], line: int) -> dict[str, Any]:
        """Weight, time, duration, phase and attribute values of one row."""
        where = (self.builder.source, line)
        attrs: dict[str, Any] = {}
        names, index = self.header, self.index
        if "weight" in cells:
            attrs["weight"] = parse_number(cells["weight"], *where, names[index["weight"]])
        elif index["weight"] is not None:
            self.blank_weights.append(line)
        when = cells.get("time", "")
        if "time_of_day" in cells:
            when = f"{when} {cells['time_of_day']}".strip()
        if when:
            column = index["time"] if index["time"] is not None else index["time_of_day"]
            attrs["time"] = parse_time(when, *where, names[column], self.mapping.time_format)
        if "duration" in cells:
            attrs["duration"] = parse_number(cells["duration"], *where, names[index["duration"]])
        if "phase" in cells:
            attrs["phase"] = int(parse_number(cells["phase"], *where, names[index["phase"]]))
        for i, name in self.extra:
            if i < len(row) and not blank(row[i]):
                attrs[name] = row[i]
        return attrs

    def finish(self) -> None:
        if self.blanks:
            self.builder.repair("skipped_rows", f"{len(self.blanks)} row(s) without a source or "
                                f"target skipped{rows_hint(self.blanks)}",
                                count=len(self.blanks), rows=self.blanks)
        if self.blank_weights:
            self.builder.repair("blank_weight", f"{len(self.blank_weights)} link(s) with an "
                                f"empty weight read as 1{rows_hint(self.blank_weights)}",
                                count=len(self.blank_weights), rows=self.blank_weights,
                                level="info", warn=False)


def node_columns(table: Table, options: dict[str, Any]) -> tuple[str | None, ...]:
    """The id, label and type columns of a node table (from the mapping, else guessed)."""
    mapping: Mapping | None = options.get("mapping")
    if mapping is not None and mapping.has_nodes():
        missing = mapping.missing(table.header or [], nodes=True)
        if missing:
            raise LoadError(f"the mapping{_called(mapping)} names node column(s) the table "
                            f"lacks: {listed(missing, 4)}; columns found: "
                            f"{listed(table.header or [])}", table.source)
        header = table.header or []
        return tuple(header[i] if i is not None else None for i in (
            find_column(header, mapping.node_id or mapping.node_label),
            find_column(header, mapping.node_label),
            find_column(header, mapping.node_type_column)))
    id_col = table.find("id", options.get("id"))
    label_col = table.find("label", options.get("label"), exclude={id_col} if id_col else set())
    type_col = table.find("type", options.get("type"), exclude={id_col, label_col} - {None})
    return id_col or label_col, label_col, type_col


def read_nodes(table: Table, builder: Builder, options: dict[str, Any]) -> None:
    """Add one entity per row of a node table; a repeated id keeps its first row."""
    if table.header is None:
        raise LoadError("the node list has no header row; expected columns such as id, label, "
                        "type", table.source)
    id_col, label_col, type_col = node_columns(table, options)
    if id_col is None:
        raise LoadError(f"no id column in the node list. Columns found: "
                        f"{listed(table.header)}; looked for: {', '.join(ALIASES['id'][:6])} — "
                        f"{DIALOG_HINT}", table.source)
    mapping: Mapping | None = options.get("mapping")
    constant_type = mapping.node_type if mapping is not None else None
    taken = {table.column(c) for c in (id_col, label_col, type_col) if c}
    if mapping is not None and mapping.node_attributes is not None:
        wanted = [(find_column(table.header, c), c) for c in mapping.node_attributes]
        extra = [(i, canon(c)) for i, c in wanted
                 if i is not None and i not in taken and canon(c) not in _DERIVED]
    else:
        extra = [(i, canon(n)) for i, n in enumerate(table.header)
                 if i not in taken and canon(n) not in _DERIVED]
    prov = [i for i, n in enumerate(table.header) if canon(n) == "provenance"]
    seen: dict[str, tuple[int, str]] = {}
    duplicates: list[str] = []
    conflicts: list[str] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        def cell(column: str | None, row: list[str] = row) -> str:
            i = table.column(column) if column else None
            return row[i] if i is not None and i < len(row) else ""

        fid = clean_id(cell(id_col))
        if not fid:
            continue
        etype = cell(type_col) or constant_type or None
        if fid in seen:
            first_line, first_type = seen[fid]
            duplicates.append(f"{fid}' (rows {first_line} and {line})")
            if etype and foreign_type(etype) != first_type:
                conflicts.append(f"'{fid}' is {first_type} (row {first_line}) and "
                                 f"{foreign_type(etype)} (row {line})")
            continue
        props = {name: row[i] for i, name in extra if i < len(row) and not blank(row[i])}
        history = history_of(row[prov[0]]) if prov and prov[0] < len(row) else []
        node = builder.node(fid, etype, cell(label_col) or None, row=line, history=history,
                            **props)
        seen[fid] = (line, builder.case.graph.nodes[node]["type"])
    if duplicates:
        builder.repair(
            "duplicate_id",
            f"{len(duplicates)} duplicate id(s) in the node list; kept the first row of each: "
            + ", ".join("'" + d for d in duplicates[:3])
            + (f" and {len(duplicates) - 3} more" if len(duplicates) > 3 else ""),
            count=len(duplicates), examples=[d.split("'")[0] for d in duplicates])
    if conflicts:
        builder.repair("duplicate_id_type", f"{len(conflicts)} id(s) given two different "
                       f"types in the node list, kept the first: {'; '.join(conflicts[:3])}"
                       + (f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else ""),
                       count=len(conflicts), examples=conflicts)
