"""Every format load() reads, in one table: name, extensions, what it expects, its loader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Case
from .builder import Builder
from .ftm import read_ftm
from .gexf import read_gexf
from .graphml import read_graphml
from .i2 import read_i2
from .jsongraph import read_json
from .maltego import read_mtgx
from .netformats import read_dl, read_gml, read_pajek
from .registry import Loader, register
from .source import Raw
from .tabular import builder_for, delimited, load_tables_zip, load_workbook
from .xlsx import check_unpacked


def structured(fmt: str, reader: Callable[[Raw, Builder, bool], Case]) -> Loader:
    """The loader of a graph file format (``reader`` fills a builder and finishes it)."""
    def loader(raw: Raw, name: str, options: dict[str, Any]) -> Case:
        builder = builder_for(raw.name, fmt, name, options, True)
        case = reader(raw, builder, options["name_given"])
        if options.get("directed") is not None:
            case.directed = bool(options["directed"])
        return case
    return loader


def unzipped(loader: Loader) -> Loader:
    """``loader`` behind the check that a zip does not unpack far beyond the size limit."""
    def checked(raw: Raw, name: str, options: dict[str, Any]) -> Case:
        check_unpacked(raw.data, raw.name, options["max_bytes"])
        return loader(raw, name, options)
    return checked


register("csv", ("csv", "tsv", "txt", "tab", "dat"),
         "Delimited text (comma, tab, semicolon or spaces; UTF-8, UTF-16 or Windows-1252): "
         "the layout is sniffed")(delimited(None))
register("edgelist", ("edgelist", "edges"),
         "One link per line: source, target and an optional weight (header optional)")(
    delimited("edges"))
register("matrix", (), "Square adjacency matrix, labels in the first row and column "
         "(UCINET / covert-networks style)")(delimited("matrix"))
register("cdr", ("cdr",), "Call records: caller, callee, start time, duration; one call "
         "link per record between phone numbers")(delimited("cdr"))
register("nodes", (), "A node table alone: id, label, type and any other columns")(
    delimited("nodes"))
register("incidence", (), "Two-mode matrix: people down the first column, events or "
         "places across the first row, a count in each cell")(delimited("incidence"))
register("xlsx", ("xlsx", "xlsm"), "Excel workbook: every sheet read, node and link sheets "
         "told apart by their columns (or chosen with sheet=)")(load_workbook)
register("zip", ("zip",), "A zip holding nodes.csv and edges.csv (as casegraph saves)")(
    load_tables_zip)
register("graphml", ("graphml",), "GraphML (yEd, Gephi, networkx); DTDs and entities are "
         "refused")(structured("graphml", read_graphml))
register("gexf", ("gexf",), "GEXF as Gephi writes it: attributes, positions, spells")(
    structured("gexf", read_gexf))
register("json", ("json",), "JSON: cytoscape.js elements, networkx node-link data or a "
         "casegraph case")(structured("json", read_json))
register("cyjs", ("cyjs",), "Cytoscape desktop JSON: name is the label, interaction the "
         "link type")(structured("cyjs", read_json))
register("mtgx", ("mtgx",), "Maltego graph (a zip of GraphML with Maltego entity types)")(
    unzipped(structured("mtgx", read_mtgx)))
register("ftm", ("ftm", "ijson", "jsonl"), "FollowTheMoney entities, one JSON object a line "
         "(Aleph exports): schemata mapped to casegraph types")(structured("ftm", read_ftm))
register("i2", (), "i2 Analyst's Notebook import pair in a zip: entities.csv and links.csv "
         "(as casegraph exports it)")(read_i2)
register("pajek", ("net", "paj", "pajek"), "Pajek network: *Vertices, then *Arcs, *Edges, "
         "their lists or *Matrix; two-mode when *Vertices gives two counts")(
    structured("pajek", read_pajek))
register("dl", ("dl",), "UCINET DL: full matrix, edge list or node list, one- or two-mode, "
         "labels listed or embedded")(structured("dl", read_dl))
register("gml", ("gml",), "GML (Gephi, igraph, yEd, networkx): label, type, weight or "
         "value, graphics x and y")(structured("gml", read_gml))
