"""Edge lists, node tables and call records from delimited text or spreadsheet sheets."""

from __future__ import annotations

import re
from typing import Any

from .builder import Builder, blank, clean_id, history_of, parse_number, parse_time, rows_hint
from .delimited import ALIASES, Table, canon, has_header
from .errors import LoadError

EDGE_ROLES = ("source", "target", "weight", "time", "type", "duration", "phase",
              "source_type", "target_type")
# Columns recomputed on load rather than copied as attributes.
_DERIVED = {"key", "provenance"}


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


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return 7 <= len(digits) <= 15 and re.fullmatch(r"\+?[\d\s\-().]+", text.strip()) is not None


def edge_columns(table: Table, options: dict[str, Any]) -> dict[str, str | None]:
    used: set[str] = set()
    columns: dict[str, str | None] = {}
    for role in EDGE_ROLES:
        column = table.find(role, options.get(role), exclude=used)
        columns[role] = column
        if column:
            used.add(column)
    return columns


def is_call_records(table: Table, options: dict[str, Any]) -> bool:
    """Phone numbers at both ends and a start time or duration: call detail records."""
    if table.header is None:
        return False
    cols = edge_columns(table, options)
    if not (cols["source"] and cols["target"]) or not (cols["duration"] or cols["time"]):
        return False
    s, t = table.column(cols["source"]), table.column(cols["target"])
    sample = [r for r in table.rows[:20] if len(r) > max(s, t)]
    phoney = sum(looks_like_phone(r[s]) and looks_like_phone(r[t]) for r in sample)
    return bool(sample) and phoney >= 0.8 * len(sample)


def table_kind(table: Table, options: dict[str, Any]) -> str:
    """'edges', 'cdr' or 'nodes' for a table already known not to be a matrix."""
    if table.header is None:
        return "edges"
    cols = edge_columns(table, options)
    if cols["source"] or cols["target"]:
        return "cdr" if is_call_records(table, options) else "edges"
    # A list of entities alone is read only on request (format="nodes" or load_tables):
    # uploaded on its own it is far more often an edge file whose columns were not recognised.
    return "edges"


def _missing_columns(table: Table) -> LoadError:
    accepted = "; ".join(f"{role}: {', '.join(ALIASES[role][:8])}" for role in
                         ("source", "target"))
    return LoadError(
        f"no column says where each link starts and ends. Columns found: "
        f"{', '.join(table.header or [])}. Accepted names — {accepted} — or name them with "
        f"source=... and target=... (a list of entities alone loads with format='nodes')",
        table.source)


def read_edges(table: Table, builder: Builder, options: dict[str, Any],
               calls: bool = False) -> None:
    """Add one link per row of ``table`` (a headed edge table or a bare edge list)."""
    if table.header is None:
        width = max(len(r) for r in table.rows)
        names = ["column 1", "column 2", "column 3"][:width]
        index = {"source": 0, "target": 1, "weight": 2 if width > 2 else None}
        extra: list[tuple[int, str]] = []
        key_col = prov_col = None
    else:
        cols = edge_columns(table, options)
        if not (cols["source"] and cols["target"]):
            raise _missing_columns(table)
        names = list(table.header)
        index = {role: (table.column(c) if c else None) for role, c in cols.items()}
        taken = {i for i in index.values() if i is not None}
        extra = [(i, canon(n)) for i, n in enumerate(names)
                 if i not in taken and canon(n) not in _DERIVED]
        canons = [canon(n) for n in names]
        key_col = canons.index("key") if "key" in canons else None
        prov_col = canons.index("provenance") if "provenance" in canons else None
    default_type = options.get("link_type") or ("call" if calls else None)
    end_type = "phone" if calls else None
    blanks: list[int] = []
    keys_seen: set[str] = set()
    for row, line in zip(table.rows, table.lines, strict=True):
        def cell(role: str, row: list[str] = row) -> str:
            i = index.get(role)
            return row[i] if i is not None and i < len(row) else ""

        source, target = cell("source"), cell("target")
        if blank(source) or blank(target):
            blanks.append(line)
            continue
        where = (builder.source, line)
        weight = 1.0
        if not blank(cell("weight")):
            weight = parse_number(cell("weight"), *where, names[index["weight"]])
        attrs: dict[str, Any] = {}
        if not blank(cell("time")):
            attrs["time"] = parse_time(cell("time"), *where, names[index["time"]])
        if not blank(cell("duration")):
            attrs["duration"] = parse_number(cell("duration"), *where, names[index["duration"]])
        if not blank(cell("phase")):
            attrs["phase"] = int(parse_number(cell("phase"), *where, names[index["phase"]]))
        if table.header is not None:
            for i, name in extra:
                if i < len(row) and not blank(row[i]):
                    attrs[name] = row[i]
        u = builder.endpoint(source, line, cell("source_type") or end_type)
        v = builder.endpoint(target, line, cell("target_type") or end_type)
        link_type = cell("type") or default_type
        key = row[key_col] if key_col is not None and key_col < len(row) else None
        if key in keys_seen:
            key = None  # a repeated key would overwrite the earlier link
        keys_seen.add(key)
        history = history_of(row[prov_col]) if prov_col is not None and prov_col < len(
            row) else []
        builder.link(u, v, link_type, weight, line, key=key or None, history=history, **attrs)
    if blanks:
        builder.warnings.append(f"{len(blanks)} row(s) without a source or target skipped"
                                f"{rows_hint(blanks)}")


def read_nodes(table: Table, builder: Builder, options: dict[str, Any]) -> None:
    """Add one entity per row of a node table; a repeated id keeps its first row."""
    if table.header is None:
        raise LoadError("the node list has no header row; expected columns such as id, label, "
                        "type", table.source)
    id_col = table.find("id", options.get("id"))
    label_col = table.find("label", options.get("label"), exclude={id_col} if id_col else set())
    type_col = table.find("type", options.get("type"), exclude={id_col, label_col} - {None})
    if id_col is None and label_col is None:
        raise LoadError(f"no id column in the node list. Columns found: "
                        f"{', '.join(table.header)}; accepted: {', '.join(ALIASES['id'])}",
                        table.source)
    id_col = id_col or label_col
    taken = {table.column(c) for c in (id_col, label_col, type_col) if c}
    extra = [(i, canon(n)) for i, n in enumerate(table.header)
             if i not in taken and canon(n) not in _DERIVED]
    prov = [i for i, n in enumerate(table.header) if canon(n) == "provenance"]
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        def cell(column: str | None, row: list[str] = row) -> str:
            i = table.column(column) if column else None
            return row[i] if i is not None and i < len(row) else ""

        fid = clean_id(cell(id_col))
        if not fid:
            continue
        if fid in seen:
            duplicates.append(f"{fid}' (rows {seen[fid]} and {line})")
            continue
        seen[fid] = line
        props = {name: row[i] for i, name in extra if i < len(row) and not blank(row[i])}
        history = history_of(row[prov[0]]) if prov and prov[0] < len(row) else []
        builder.node(fid, cell(type_col) or None, cell(label_col) or None, row=line,
                     history=history, **props)
    if duplicates:
        builder.warnings.append(
            f"{len(duplicates)} duplicate id(s) in the node list; kept the first row of each: "
            + ", ".join("'" + d for d in duplicates[:3])
            + (f" and {len(duplicates) - 3} more" if len(duplicates) > 3 else ""))
