"""Tables into cases: delimited text, workbooks (every sheet), zips of node and link tables.

A workbook's sheets are read by what they hold: sheets with link columns (source and target,
recognised or mapped) are link sheets, sheets with an id or label column and no link
columns are node sheets; all link sheets and node sheets of one workbook make one case. A
sheet (or several) can also be chosen by name or position with ``sheet=``.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from ..model import Case
from .builder import Builder
from .delimited import listed, split_rows
from .errors import LoadError
from .maltego import is_maltego_table, read_maltego_table
from .mapping import guess_mapping
from .matrix import matrix_kind, read_incidence, read_matrix
from .source import Raw, Source, option_names, read_source
from .tables import is_call_records, make_table, read_edges, read_nodes, table_kind
from .xlsx import EDGE_SHEETS, NODE_SHEETS, check_unpacked, is_xlsx, read_sheets

Rows = tuple[list[list[str]], list[int]]


def builder_for(source: str, fmt: str, name: str, options: dict[str, Any],
                directed: bool) -> Builder:
    given = options.get("directed")
    return Builder(source, fmt, name, directed if given is None else bool(given),
                   id_prefix=str(options.get("id_prefix") or ""),
                   node_type=options.get("node_type"))


def from_rows(source: str, rows: list[list[str]], lines: list[int], delimiter: str, name: str,
              options: dict[str, Any], kind: str | None) -> Case:
    """One table (text file or sheet): a matrix, a two-mode matrix, links or nodes."""
    if not rows:
        raise LoadError("the file is empty: expected rows of links, a node table or a matrix",
                        source)
    if kind is None and options.get("mapping") is None and is_maltego_table(rows):
        builder = builder_for(source, "maltego_table", name, options, True)
        read_maltego_table(rows, lines, builder)
        return builder.finish()
    shape = kind if kind in ("matrix", "incidence") else (
        matrix_kind(rows) if kind is None and options.get("mapping") is None else None)
    if shape == "matrix":
        builder = builder_for(source, "matrix", name, options, True)
        read_matrix(rows, lines, builder, options)
        return builder.finish()
    if shape == "incidence":
        builder = builder_for(source, "incidence", name, options, True)
        read_incidence(rows, lines, builder, options)
        return builder.finish()
    header = options.get("header")
    if header is None and options.get("mapping") is not None:
        header = True  # a mapping names columns: the first row holds their names
    table = make_table(rows, lines, source, delimiter, header)
    kind = kind or table_kind(table, options)
    fmt = {"edges": "edgelist", "cdr": "cdr", "nodes": "nodes"}[kind]
    builder = builder_for(source, fmt, name, options, directed=table.header is not None)
    if kind == "nodes":
        read_nodes(table, builder, options)
    else:
        read_edges(table, builder, options, calls=kind == "cdr")
    return builder.finish()


def delimited(kind: str | None):
    """The loader of delimited text read as ``kind`` (None: sniffed from the rows)."""
    def loader(raw: Raw, name: str, options: dict[str, Any]) -> Case:
        rows, lines, delimiter = split_rows(raw.text(), raw.name, options.get("delimiter"))
        return from_rows(raw.name, rows, lines, delimiter, name, options, kind)
    return loader


def tables_case(raw: Raw, nodes: list[tuple[str, Rows]], links: list[tuple[str, Rows]],
                name: str, options: dict[str, Any]) -> Case:
    """Node tables (optional) and link tables, each ``(source name, rows)``, in one case."""
    builder = builder_for(raw.name, "tables", name, options, True)
    for source, (rows, lines) in nodes:
        table = make_table(rows, lines, source, ",", True)
        builder.source = table.source
        read_nodes(table, builder, options)
    for source, (rows, lines) in links:
        table = make_table(rows, lines, source, ",", True)
        builder.source = table.source
        read_edges(table, builder, options, calls=is_call_records(table, options))
    builder.source = raw.name
    return builder.finish(known_nodes=bool(nodes))


# -- workbooks -----------------------------------------------------------------------------

def sheet_role(title: str, rows: list[list[str]], options: dict[str, Any]) -> str | None:
    """'links', 'nodes', 'matrix', 'incidence', 'empty' or None (not recognised)."""
    if not rows:
        return "empty"
    shape = matrix_kind(rows)
    if shape:
        return shape
    header = rows[0]
    mapping = options.get("mapping")
    if (mapping.fits(header) if mapping is not None else guess_mapping(header) is not None):
        return "links"
    lowered = title.strip().lower()
    if lowered in EDGE_SHEETS:
        return "links"
    table = make_table(rows, list(range(1, len(rows) + 1)), title, ",", True)
    has_id = (mapping is not None and mapping.has_nodes() and not mapping.missing(
        header, nodes=True)) or table.find("id") or table.find("label")
    if has_id or lowered in NODE_SHEETS:
        return "nodes"
    return None


def load_workbook(raw: Raw, name: str, options: dict[str, Any]) -> Case:
    sheets = read_sheets(raw.data, raw.name, options["max_bytes"])
    chosen = chosen_sheets(sheets, options.get("sheet"), raw.name)
    if len(chosen) == 1 and options.get("sheet") is not None:
        title = chosen[0]
        return from_rows(f"{raw.name} [{title}]", *sheets[title], ",", name, options, None)
    roles = {title: sheet_role(title, sheets[title][0], options) for title in chosen}
    links = [t for t in chosen if roles[t] == "links"]
    nodes = [t for t in chosen if roles[t] == "nodes"]
    if links and (nodes or len(links) > 1):
        case = tables_case(raw, [(f"{raw.name} [{t}]", sheets[t]) for t in nodes],
                           [(f"{raw.name} [{t}]", sheets[t]) for t in links], name, options)
        case.meta["sheets"] = {"nodes": nodes, "links": links}
        return case
    first = links[0] if links else next((t for t in chosen if roles[t] != "empty"), None)
    if first is None:
        raise LoadError("every sheet of the workbook is empty", raw.name)
    case = from_rows(f"{raw.name} [{first}]", *sheets[first], ",", name, options, None)
    case.meta["sheets"] = {"links": [first]}
    return case


def chosen_sheets(sheets: dict[str, Rows], wanted: Any, source: str) -> list[str]:
    """The sheet titles ``wanted`` names (a title, a position from 0, or a list of them);
    every sheet when None."""
    titles = list(sheets)
    if wanted is None:
        return titles
    picks = wanted if isinstance(wanted, (list, tuple)) else [wanted]
    found = []
    for pick in picks:
        if isinstance(pick, int) and not isinstance(pick, bool):
            if not 0 <= pick < len(titles):
                raise LoadError(f"the workbook has {len(titles)} sheet(s); there is no sheet "
                                f"{pick + 1}", source)
            found.append(titles[pick])
            continue
        match = next((t for t in titles if t == pick), None) or next(
            (t for t in titles if t.strip().lower() == str(pick).strip().lower()), None)
        if match is None:
            raise LoadError(f"no sheet called '{pick}'; sheets: {listed(titles)}", source)
        found.append(match)
    return found


# -- zips of tables and node + link file pairs -----------------------------------------------

def load_tables_zip(raw: Raw, name: str, options: dict[str, Any]) -> Case:
    """A zip holding nodes.csv and edges.csv (and case.json), as casegraph saves."""
    check_unpacked(raw.data, raw.name, options["max_bytes"])
    with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
        members = {m.rsplit("/", 1)[-1].lower(): m for m in archive.namelist()}
        if "edges.csv" not in members:
            raise LoadError(f"the zip holds no edges.csv (found: {listed(list(members), 6)})",
                            raw.name)

        def rows(member: str) -> Rows:
            part = Raw(archive.read(members[member]), f"{raw.name}/{member}")
            found, lines, _ = split_rows(part.text(), part.name)
            raw.warnings.extend(part.warnings)
            return found, lines

        nodes = rows("nodes.csv") if "nodes.csv" in members else None
        edges = rows("edges.csv")
        about = case_facts(archive, members.get("case.json"))
    if about.get("directed") is not None and options.get("directed") is None:
        options = dict(options, directed=bool(about["directed"]))
    if about.get("name") and not options["name_given"]:
        name = str(about["name"])
    return tables_case(raw, [(f"{raw.name}/nodes.csv", nodes)] if nodes else [],
                       [(f"{raw.name}/edges.csv", edges)], name, options)


def case_facts(archive: zipfile.ZipFile, member: str | None) -> dict[str, Any]:
    """Name and direction saved beside the tables (absent from zips made by hand)."""
    if member is None:
        return {}
    try:
        facts = json.loads(archive.read(member).decode("utf-8"))
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def load_tables(nodes: Source | None, edges: Source, *, name: str | None = None,
                max_bytes: int = 50_000_000, **options: Any) -> Case:
    """A node file and an edge file (CSV, TSV or XLSX) read into one case.

    Edges naming an entity missing from the node file create it with the default type and
    a warning. ``nodes_filename=`` / ``edges_filename=`` name uploaded bytes; ``mapping=``
    (a :class:`~casegraph.io.mapping.Mapping` or a preset name) names the columns of both.

    Examples
    --------
    >>> case = load_tables(b"id,label,type\\np1,Anna,person\\nt1,07700 900001,phone\\n",
    ...                    b"source,target,type\\np1,t1,uses\\n")
    >>> sorted(case.graph.nodes(data="type"))
    [('p1', 'person'), ('t1', 'phone')]
    """
    from .registry import KNOWN_OPTIONS, resolve_mapping

    nodes_name = options.pop("nodes_filename", None) or "nodes.csv"
    edges_name = options.pop("edges_filename", None) or "edges.csv"
    option_names(options, KNOWN_OPTIONS, edges_name)
    options = resolve_mapping(dict(options, max_bytes=max_bytes, name_given=name is not None))
    edge_raw = read_source(edges, max_bytes, None if not isinstance(edges, bytes) else
                           edges_name)
    node_raw = None if nodes is None else read_source(
        nodes, max_bytes, None if not isinstance(nodes, bytes) else nodes_name)
    node_rows = [] if node_raw is None else [
        (node_raw.name, sheet_rows(node_raw, NODE_SHEETS, max_bytes))]
    case = tables_case(edge_raw, node_rows,
                       [(edge_raw.name, sheet_rows(edge_raw, EDGE_SHEETS, max_bytes))],
                       name or edge_raw.stem, options)
    warnings = (node_raw.warnings if node_raw else []) + edge_raw.warnings
    case.meta["warnings"][:0] = warnings
    if node_raw is not None:
        case.meta["source"] = [node_raw.name, edge_raw.name]
    return case


def sheet_rows(raw: Raw, wanted: tuple[str, ...], max_bytes: int) -> Rows:
    if is_xlsx(raw.data):
        sheets = read_sheets(raw.data, raw.name, max_bytes)
        by_name = {t.strip().lower(): t for t in sheets}
        chosen = next((by_name[w] for w in wanted if w in by_name), None) or next(
            iter(sheets), None)
        return sheets[chosen] if chosen else ([], [])
    rows, lines, _ = split_rows(raw.text(), raw.name)
    return rows, lines
