"""Which loader reads a source: the registry of formats and the content sniffing."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model import Case
from .builder import Builder
from .delimited import split_rows
from .errors import LoadError
from .gexf import read_gexf
from .graphml import read_graphml
from .jsongraph import read_json
from .matrix import looks_like_matrix, read_matrix
from .source import Raw, Source, option_names, read_source
from .tables import is_call_records, make_table, read_edges, read_nodes, table_kind
from .xlsx import EDGE_SHEETS, NODE_SHEETS, is_xlsx, pick, read_sheets

COLUMN_OPTIONS = {"source", "target", "weight", "time", "type", "id", "label", "duration",
                  "phase", "source_type", "target_type"}
CASE_OPTIONS = {"directed", "id_prefix", "node_type", "link_type"}
TEXT_OPTIONS = {"delimiter", "header", "filename"}
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
        Column mapping (``source=``, ``target=``, ``weight=``, ``time=``, ``type=``, ``id=``,
        ``label=``, ``duration=``), ``directed=``, ``delimiter=``, ``header=``,
        ``id_prefix=``, ``node_type=``, ``link_type=``.

    Raises
    ------
    LoadError
        With a message naming the file, row and column and what was expected.

    Examples
    --------
    >>> case = load(b"source,target,weight\\nAnna,Ben,3\\n", filename="calls.csv")
    >>> sorted(case.graph.nodes), case.graph.edges["Anna", "Ben", "e1"]["weight"]
    (['Anna', 'Ben'], 3.0)
    """
    raw = read_source(source, max_bytes, options.get("filename"))
    option_names(options, KNOWN_OPTIONS, raw.name)
    options = dict(options, max_bytes=max_bytes, name_given=name is not None)
    fmt = (format or sniff(raw)).lower()
    if fmt not in _FORMATS:
        by_ext = {ext: f.name for f in _FORMATS.values() for ext in f.extensions}
        if fmt not in by_ext:
            raise LoadError(f"unknown format '{format}'; known: {', '.join(_FORMATS)}",
                            raw.name)
        fmt = by_ext[fmt]
    case = _FORMATS[fmt].loader(raw, name or raw.stem, options)
    case.meta.setdefault("warnings", [])[:0] = raw.warnings
    return case


def sniff(raw: Raw) -> str:
    """Guess the format from the first bytes, then the extension."""
    head = raw.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.data.startswith(b"PK\x03\x04"):
        return "xlsx" if is_xlsx(raw.data) else "zip"
    if head.startswith(b"<"):
        lowered = raw.data[:8192].lower()
        if b"<gexf" in lowered:
            return "gexf"
        if b"<graphml" in lowered:
            return "graphml"
        raise LoadError("this XML file is neither GraphML nor GEXF", raw.name)
    if head[:1] in (b"{", b"["):
        return "json"
    if raw.extension in ("graphml", "gexf", "json", "xlsx"):
        return raw.extension
    return "csv"


def _builder(raw: Raw, fmt: str, name: str, options: dict[str, Any],
             directed: bool) -> Builder:
    given = options.get("directed")
    return Builder(raw.name, fmt, name, directed if given is None else bool(given),
                   id_prefix=str(options.get("id_prefix") or ""),
                   node_type=options.get("node_type"))


def _from_rows(raw: Raw, rows: list[list[str]], lines: list[int], delimiter: str, name: str,
               options: dict[str, Any], kind: str | None) -> Case:
    if not rows:
        raise LoadError("the file is empty: expected rows of links, a node table or a matrix",
                        raw.name)
    if kind == "matrix" or (kind is None and looks_like_matrix(rows)):
        builder = _builder(raw, "matrix", name, options, True)
        read_matrix(rows, lines, builder, options)
        return builder.finish()
    table = make_table(rows, lines, raw.name, delimiter, options.get("header"))
    kind = kind or table_kind(table, options)
    fmt = {"edges": "edgelist", "cdr": "cdr", "nodes": "nodes"}[kind]
    builder = _builder(raw, fmt, name, options, directed=table.header is not None)
    if kind == "nodes":
        read_nodes(table, builder, options)
    else:
        read_edges(table, builder, options, calls=kind == "cdr")
    return builder.finish()


def _delimited(kind: str | None) -> Loader:
    def loader(raw: Raw, name: str, options: dict[str, Any]) -> Case:
        rows, lines, delimiter = split_rows(raw.text(), raw.name, options.get("delimiter"))
        return _from_rows(raw, rows, lines, delimiter, name, options, kind)
    return loader


register("csv", ("csv", "tsv", "txt", "tab", "dat"),
         "Delimited text (comma, tab, semicolon or spaces): the layout is sniffed")(
    _delimited(None))
register("edgelist", ("edgelist", "edges"),
         "One link per line: source, target and an optional weight (header optional)")(
    _delimited("edges"))
register("matrix", (), "Square adjacency matrix, labels in the first row and column "
         "(UCINET / covert-networks style)")(_delimited("matrix"))
register("cdr", ("cdr",), "Call records: caller, callee, start time, duration; one call "
         "link per record between phone numbers")(_delimited("cdr"))
register("nodes", (), "A node table alone: id, label, type and any other columns")(
    _delimited("nodes"))


@register("xlsx", ("xlsx", "xlsm"), "Excel workbook: sheets named nodes and edges, or one "
          "sheet read like a CSV file")
def _load_xlsx(raw: Raw, name: str, options: dict[str, Any]) -> Case:
    sheets = read_sheets(raw.data, raw.name, options["max_bytes"])
    edges = pick(sheets, EDGE_SHEETS)
    if edges is None:
        first = next((s for s in sheets.values() if s[0]), ([], []))
        return _from_rows(raw, first[0], first[1], ",", name, options, None)
    nodes = pick(sheets, NODE_SHEETS)
    return _tables(raw, sheets.get(nodes) if nodes else None, sheets[edges], name, options,
                   f"{raw.name} [{nodes}]" if nodes else None, f"{raw.name} [{edges}]")


def _tables(raw: Raw, nodes: tuple[list, list] | None, edges: tuple[list, list], name: str,
            options: dict[str, Any], nodes_name: str | None, edges_name: str) -> Case:
    """A node table (optional) and an edge table read into one case."""
    builder = _builder(raw, "tables", name, options, True)
    if nodes is not None:
        table = make_table(nodes[0], nodes[1], nodes_name or raw.name, ",", True)
        builder.source = table.source
        read_nodes(table, builder, options)
    table = make_table(edges[0], edges[1], edges_name, ",", True)
    builder.source = table.source
    read_edges(table, builder, options, calls=is_call_records(table, options))
    builder.source = raw.name
    return builder.finish(known_nodes=nodes is not None)


@register("zip", ("zip",), "A zip holding nodes.csv and edges.csv (as casegraph saves)")
def _load_zip(raw: Raw, name: str, options: dict[str, Any]) -> Case:
    from .xlsx import _check_unpacked

    _check_unpacked(raw.data, raw.name, options["max_bytes"])
    with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
        members = {m.rsplit("/", 1)[-1].lower(): m for m in archive.namelist()}
        if "edges.csv" not in members:
            raise LoadError(f"the zip holds no edges.csv (found: {', '.join(members)})",
                            raw.name)

        def rows(member: str) -> tuple[list, list]:
            part = Raw(archive.read(members[member]), f"{raw.name}/{member}")
            found, lines, _ = split_rows(part.text(), part.name)
            raw.warnings.extend(part.warnings)
            return found, lines

        nodes = rows("nodes.csv") if "nodes.csv" in members else None
        edges = rows("edges.csv")
        about = _case_facts(archive, members.get("case.json"))
    if about.get("directed") is not None and options.get("directed") is None:
        options = dict(options, directed=bool(about["directed"]))
    if about.get("name") and not options["name_given"]:
        name = str(about["name"])
    return _tables(raw, nodes, edges, name, options, f"{raw.name}/nodes.csv",
                   f"{raw.name}/edges.csv")


def _case_facts(archive: zipfile.ZipFile, member: str | None) -> dict[str, Any]:
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
    a warning. ``nodes_filename=`` / ``edges_filename=`` name uploaded bytes.

    Examples
    --------
    >>> case = load_tables(b"id,label,type\\np1,Anna,person\\nt1,07700 900001,phone\\n",
    ...                    b"source,target,type\\np1,t1,uses\\n")
    >>> sorted(case.graph.nodes(data="type"))
    [('p1', 'person'), ('t1', 'phone')]
    """
    nodes_name = options.pop("nodes_filename", None) or "nodes.csv"
    edges_name = options.pop("edges_filename", None) or "edges.csv"
    option_names(options, KNOWN_OPTIONS, edges_name)
    options = dict(options, max_bytes=max_bytes, name_given=name is not None)
    edge_raw = read_source(edges, max_bytes, None if not isinstance(edges, bytes) else
                           edges_name)
    node_raw = None if nodes is None else read_source(
        nodes, max_bytes, None if not isinstance(nodes, bytes) else nodes_name)
    node_rows = None if node_raw is None else _sheet_rows(node_raw, NODE_SHEETS, max_bytes)
    case = _tables(edge_raw, node_rows, _sheet_rows(edge_raw, EDGE_SHEETS, max_bytes),
                   name or edge_raw.stem, options, node_raw.name if node_raw else None,
                   edge_raw.name)
    warnings = (node_raw.warnings if node_raw else []) + edge_raw.warnings
    case.meta["warnings"][:0] = warnings
    if node_raw is not None:
        case.meta["source"] = [node_raw.name, edge_raw.name]
    return case


def _sheet_rows(raw: Raw, wanted: tuple[str, ...], max_bytes: int) -> tuple[list, list]:
    if is_xlsx(raw.data):
        sheets = read_sheets(raw.data, raw.name, max_bytes)
        chosen = pick(sheets, wanted) or next(iter(sheets), None)
        return sheets[chosen] if chosen else ([], [])
    rows, lines, _ = split_rows(raw.text(), raw.name)
    return rows, lines


def _structured(fmt: str, reader: Callable[[Raw, Builder, bool], Case]) -> Loader:
    def loader(raw: Raw, name: str, options: dict[str, Any]) -> Case:
        builder = _builder(raw, fmt, name, options, True)
        case = reader(raw, builder, options["name_given"])
        if options.get("directed") is not None:
            case.directed = bool(options["directed"])
        return case
    return loader


register("graphml", ("graphml",), "GraphML (yEd, Gephi, networkx); DTDs and entities are "
         "refused")(_structured("graphml", read_graphml))
register("gexf", ("gexf",), "GEXF as Gephi writes it: attributes, positions, spells")(
    _structured("gexf", read_gexf))
register("json", ("json", "cyjs"), "JSON: cytoscape.js elements, networkx node-link data or a "
         "casegraph case")(_structured("json", read_json))
