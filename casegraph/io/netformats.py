"""The text formats of social-network software: Pajek ``.net``, UCINET DL and GML.

Much of the published research on criminal networks ships its data in these formats (UCINET
and Pajek were the tools of the field for decades), and Gephi, igraph, Cytoscape and yEd
write GML. Each reader fills a :class:`~casegraph.io.builder.Builder`, so entity types,
provenance and the load report work as for every other file.

GML goes through networkx's parser. Pajek and DL are read here: networkx's Pajek reader
refuses two-mode files (``*Vertices 10 4``), unlabelled vertices and the list sections
(``*Arcslist``), and nothing maintained reads DL.

>>> from casegraph.io import load
>>> net = b'*Vertices 3\\n1 "Ada"\\n2 "Bo"\\n3 "Cy"\\n*Arcs\\n1 2 4\\n2 3\\n'
>>> case = load(net, filename="ring.net")
>>> sorted((case.graph.nodes[u]["label"], case.graph.nodes[v]["label"], w)
...        for u, v, w in case.graph.edges(data="weight"))
[('Ada', 'Bo', 4.0), ('Bo', 'Cy', 1.0)]
>>> dl = b"dl n=3 format=edgelist1\\nlabels:\\nAda,Bo,Cy\\ndata:\\n1 2\\n1 3 2\\n"
>>> sorted(load(dl, filename="ring.dl").graph.edges(data="weight"))
[('Ada', 'Bo', 1.0), ('Ada', 'Cy', 2.0)]
"""

from __future__ import annotations

import re
import shlex
from typing import Any

import networkx as nx

from ..model import Case
from .builder import Builder, blank, parse_number, record_edge, record_node
from .errors import LoadError
from .matrix import read_incidence, read_matrix
from .source import Raw

# -- sniffing --------------------------------------------------------------------------------
_PAJEK = re.compile(r"^\*(network|vertices)\b", re.I)
_DL = re.compile(r"^dl\b", re.I)
_GML = re.compile(r"^(\s*(#[^\n]*|creator\s+\"[^\"]*\"|version\s+\S+)\s*\n)*\s*graph\s*\[",
                  re.I)


def text_kind(head: str) -> str | None:
    """``"pajek"``, ``"dl"`` or ``"gml"`` when the first lines say so, else None."""
    if _PAJEK.match(head):
        return "pajek"
    if _DL.match(head):
        return "dl"
    if _GML.match(head):
        return "gml"
    return None


# -- GML -------------------------------------------------------------------------------------
def read_gml(raw: Raw, builder: Builder, name_given: bool) -> Case:
    """GML as Gephi, igraph, yEd and networkx write it: ``label`` is the label, ``type``
    the entity or link type, ``graphics [x y]`` the position."""
    try:
        graph = nx.parse_gml(raw.text(), label=None)
    except RecursionError:
        raise LoadError("the GML nests lists too deeply to be a graph", raw.name) from None
    except (nx.NetworkXError, ValueError, KeyError) as exc:
        raise LoadError(f"not valid GML ({_first_line(exc)})", raw.name) from None
    builder.case.directed = graph.is_directed()
    if graph.graph.get("label") and not name_given:
        builder.case.name = str(graph.graph["label"])
    for node, attrs in graph.nodes(data=True):
        flat = {k: v for k, v in attrs.items() if not isinstance(v, (dict, list))}
        new = record_node(builder, node, flat)
        xy = attrs.get("graphics")
        if isinstance(xy, dict) and _number(xy.get("x")) and _number(xy.get("y")):
            builder.case.positions[new] = (float(xy["x"]), float(xy["y"]))
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for index, (u, v, _key, attrs) in enumerate(edges, start=1):
        flat = {k: v for k, v in attrs.items() if not isinstance(v, (dict, list))
                and k not in ("source", "target")}
        if "value" in flat and "weight" not in flat:
            flat["weight"] = flat.pop("value")  # GML's usual name for a tie's strength
        record_edge(builder, builder.ids[str(u)], builder.ids[str(v)], flat, f"edge {index}")
    return builder.finish(known_nodes=True)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


# -- Pajek -----------------------------------------------------------------------------------
_SECTION = re.compile(r"^\*(\w+)\s*(.*)$")


def read_pajek(raw: Raw, builder: Builder, name_given: bool) -> Case:
    """A Pajek network: ``*Vertices n [n1]`` (two-mode when ``n1`` is given: the first
    ``n1`` vertices are people, the rest events), then ``*Arcs`` / ``*Edges`` (one link a
    line, optional weight), ``*Arcslist`` / ``*Edgeslist`` (a vertex and its neighbours) or
    ``*Matrix``. Vertices are numbered from 1; their quoted labels become the labels."""
    lines = raw.text().splitlines()
    numbers: dict[str, str] = {}   # the file's vertex number -> node id
    order: list[str] = []
    two_mode: int | None = None
    section, any_arcs, matrix_row, declared = None, False, 0, 0

    def vertex(number: str, label: str, line_no: int) -> str:
        # the first ``two_mode`` vertices are people, the rest events
        mode = None if two_mode is None else (0 if int(number) <= two_mode else 1)
        node = builder.node(number, None if mode != 1 else "event", label, row=line_no,
                            **({} if mode is None else {"bipartite": mode}))
        numbers[number] = node
        order.append(node)
        return node

    def implicit(number: str, line_no: int) -> None:
        # "*Vertices 34" with no vertex lines (as igraph writes): vertices 1..34, unlabelled
        if number not in numbers and number.isdigit() and 1 <= int(number) <= declared:
            vertex(number, number, line_no)
    for line_no, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("%"):
            continue
        header = _SECTION.match(text)
        if header:
            section = header.group(1).lower()
            if section == "network":
                if header.group(2).strip() and not name_given:
                    builder.case.name = header.group(2).strip().strip('"')
            elif section == "vertices":
                counts = header.group(2).split()
                declared = int(counts[0]) if counts and counts[0].isdigit() else 0
                if len(counts) > 1 and counts[1].isdigit():
                    two_mode = int(counts[1])
            elif section in ("arcs", "arcslist"):
                any_arcs = True
            elif section not in ("edges", "edgeslist", "matrix"):
                raise LoadError(f"the section *{header.group(1)} is not one casegraph reads; "
                                "expected *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist or "
                                "*Matrix (a Pajek project file .paj holds several networks: "
                                "save one as .net)", raw.name, line=line_no)
            continue
        parts = _split(text, raw.name, line_no)
        if section == "vertices":
            number = parts[0]
            if not number.isdigit():
                raise LoadError(f"expected a vertex number, found '{number}'", raw.name,
                                line=line_no)
            node = vertex(number, parts[1] if len(parts) > 1 else number, line_no)
            xy = parts[2:4]
            if len(xy) == 2 and all(_is_float(v) for v in xy):
                builder.case.positions[node] = (float(xy[0]), float(xy[1]))
        elif section in ("arcs", "edges"):
            if len(parts) < 2:
                raise LoadError("expected two vertex numbers and an optional weight",
                                raw.name, line=line_no)
            weight = parse_number(parts[2], raw.name, line_no, "weight") if len(parts) > 2 \
                else 1.0
            implicit(parts[0], line_no)
            implicit(parts[1], line_no)
            _link(builder, numbers, parts[0], parts[1], weight, line_no)
        elif section in ("arcslist", "edgeslist"):
            for other in parts:
                implicit(other, line_no)
            for other in parts[1:]:
                _link(builder, numbers, parts[0], other, 1.0, line_no)
        elif section == "matrix":
            for number in range(1, declared + 1):
                implicit(str(number), line_no)
            row, matrix_row = matrix_row, matrix_row + 1
            sources = order[:two_mode] if two_mode else order
            targets = order[two_mode:] if two_mode else order
            if row >= len(sources) or len(parts) != len(targets):
                raise LoadError(f"the matrix row has {len(parts)} values; expected "
                                f"{len(targets)} rows of {len(targets)}", raw.name,
                                line=line_no)
            for j, cell in enumerate(parts):
                weight = parse_number(cell, raw.name, line_no, None)
                if weight and sources[row] != targets[j]:
                    builder.link(sources[row], targets[j], None, weight, line_no)
        else:
            raise LoadError("a line before any *Vertices or *Arcs section; expected a Pajek "
                            "network", raw.name, line=line_no)
    for number in range(1, declared + 1):  # isolated vertices nobody links
        implicit(str(number), len(lines))
    if not order:
        raise LoadError("no *Vertices section: expected a Pajek network", raw.name)
    builder.case.directed = any_arcs or two_mode is not None
    extra = {"two_mode": {"types": [builder.node_type, "event"]}} if two_mode else None
    return builder.finish(extra)


def _split(text: str, source: str, line: int) -> list[str]:
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        raise LoadError("a quote is not closed", source, line=line) from None


def _link(builder: Builder, numbers: dict[str, str], u: str, v: str, weight: float,
          line: int) -> None:
    for end in (u, v):
        if end not in numbers:
            raise LoadError(f"vertex {end} is not in the *Vertices list", builder.source,
                            line=line)
    if weight:
        builder.link(numbers[u], numbers[v], None, weight, line)


def _is_float(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


# -- UCINET DL -------------------------------------------------------------------------------
_DL_SECTION = re.compile(r"\b(row\s+labels|col(?:umn)?\s+labels|matrix\s+labels|labels)"
                         r"\s*(embedded\b|:)|(data)\s*:", re.I)
_DL_OPTION = re.compile(r"\b(n|nr|nc|nm|format|diagonal)\s*=\s*([\w.]+)", re.I)
_LABEL = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^,\s]+)')


def read_dl(raw: Raw, builder: Builder, name_given: bool) -> Case:
    """UCINET's DL: ``dl n=4 format=fullmatrix`` (or ``nr=`` and ``nc=`` for a two-mode
    matrix), ``labels:`` (or ``row labels:`` / ``column labels:``, or ``labels
    embedded``), then ``data:``. Formats: fullmatrix, edgelist1 and nodelist1 (one-mode),
    edgelist2 (two-mode). A file with several relations (``nm=``) reads the first."""
    text = raw.text()
    found = re.search(r"(?im)^\s*data\s*:|\bdata\s*:", text)
    if not found:
        raise LoadError("no 'data:' line: expected a UCINET DL file (dl n=..., labels:, "
                        "data:)", raw.name)
    header, data = text[:found.start()], text[found.end():]
    data_line = text[:found.end()].count("\n") + 1
    options = {k.lower(): v.lower() for k, v in _DL_OPTION.findall(header)}
    fmt = options.get("format", "fullmatrix")
    labels, embedded = _dl_labels(header)
    n = _count(options.get("n"), raw.name)
    nr, nc = _count(options.get("nr"), raw.name) or n, _count(options.get("nc"), raw.name) or n
    if not nr or not nc:
        raise LoadError("the header gives no size: expected n= (or nr= and nc=)", raw.name)
    rows_of = labels.get("row") or labels.get("all")
    columns_of = labels.get("column") or labels.get("all")
    two_mode = "nr" in options or "nc" in options or fmt.endswith("2")
    lines = [(i, line.split("!")[0].strip()) for i, line in
             enumerate(data.splitlines(), start=data_line)]
    lines = [(i, line) for i, line in lines if line]
    if fmt in ("fullmatrix", "fm"):
        table = _dl_matrix(lines, nr, nc, rows_of, columns_of, embedded, raw.name)
        reader = read_incidence if two_mode else read_matrix
        # a symmetric one-mode matrix reads as undirected (one link per pair)
        reader(table, [data_line] * len(table), builder, {"link_type": None})
    elif fmt in ("edgelist1", "el1", "nodelist1", "nl1", "edgelist2", "el2"):
        _dl_lists(lines, fmt, rows_of, columns_of, embedded, two_mode, builder)
    else:
        raise LoadError(f"DL format '{fmt}' is not one casegraph reads; expected fullmatrix, "
                        "edgelist1, nodelist1 or edgelist2", raw.name)
    if options.get("nm") not in (None, "1"):
        builder.warnings.append(f"the file holds {options['nm']} relations; only the first "
                                "was read")
    return builder.finish()


def _count(value: str | None, source: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) <= 0:
        raise LoadError(f"expected a positive whole number of entities, found '{value}'",
                        source)
    return int(value)


def _dl_labels(header: str) -> tuple[dict[str, list[str]], set[str]]:
    """The label lists of a DL header by which side they name, and which sides are
    embedded in the data."""
    labels: dict[str, list[str]] = {}
    embedded: set[str] = set()
    marks = list(_DL_SECTION.finditer(header))
    for index, mark in enumerate(marks):
        if mark.group(3):
            continue
        side = mark.group(1).lower().split()[0]
        side = {"labels": "all", "col": "column"}.get(side, side)
        if mark.group(2).lower() == "embedded":
            embedded.update({"row", "column"} if side == "all" else {side})
            continue
        end = marks[index + 1].start() if index + 1 < len(marks) else len(header)
        body = header[mark.end():end]
        body = _DL_OPTION.sub(" ", body)   # "format = ..." written after the labels
        if side != "matrix":
            labels[side] = [a or b or c for a, b, c in _LABEL.findall(body)]
    return labels, embedded


def _dl_matrix(lines: list[tuple[int, str]], nr: int, nc: int, rows_of: list[str] | None,
               columns_of: list[str] | None, embedded: set[str], source: str
               ) -> list[list[str]]:
    """The first matrix of a fullmatrix DL as a labelled table (header row, label column)."""
    if "column" in embedded and lines:
        columns_of = [a or b or c for a, b, c in _LABEL.findall(lines[0][1])]
        lines = lines[1:]
    columns = list(columns_of or [str(j + 1) for j in range(nc)])
    if len(columns) < nc:
        raise LoadError(f"{len(columns)} column labels for {nc} columns", source)
    table = [[""] + columns[:nc]]
    if "row" in embedded:
        for line, text in lines[:nr]:
            cells = [a or b or c for a, b, c in _LABEL.findall(text)]
            if len(cells) != nc + 1:
                raise LoadError(f"expected a label and {nc} values, found {len(cells)} items",
                                source, line=line)
            table.append(cells)
    else:
        names = list(rows_of or [str(i + 1) for i in range(nr)])
        values = [v for _, text in lines for v in re.split(r"[,\s]+", text) if v]
        if len(names) < nr:
            raise LoadError(f"{len(names)} row labels for {nr} rows", source)
        if len(values) < nr * nc:
            raise LoadError(f"the matrix has {len(values)} values; expected {nr} x {nc} = "
                            f"{nr * nc}", source, line=lines[-1][0] if lines else None)
        for i in range(nr):
            table.append([names[i]] + values[i * nc:(i + 1) * nc])
    return table


def _dl_lists(lines: list[tuple[int, str]], fmt: str, rows_of: list[str] | None,
              columns_of: list[str] | None, embedded: set[str], two_mode: bool,
              builder: Builder) -> None:
    """Edge lists (``a b [weight]``) and node lists (``a b c ...``: a's ties) of a DL."""
    by_name = bool(embedded) or not (rows_of or columns_of)
    column_type = "event" if two_mode else None

    def end(token: str, side: str, line: int) -> str:
        names = rows_of if side == "row" else columns_of
        if not by_name and names:
            if not token.isdigit() or not 1 <= int(token) <= len(names):
                raise LoadError(f"expected an entity number from 1 to {len(names)}, found "
                                f"'{token}'", builder.source, line=line)
            token = names[int(token) - 1]
        kind = column_type if side == "column" else None
        key = token if side == "row" or not two_mode else f"event:{token}"
        if key in builder.ids:
            return builder.ids[key]
        node = builder.node(key, kind, token, row=line)
        builder.ids[key] = node
        return node

    for line, text in lines:
        parts = [a or b or c for a, b, c in _LABEL.findall(text)]
        if len(parts) < 2:
            continue
        if fmt.startswith("nodelist") or fmt == "nl1":
            source = end(parts[0], "row", line)
            for other in parts[1:]:
                builder.link(source, end(other, "column", line), None, 1.0, line)
            continue
        weight = 1.0 if len(parts) < 3 or blank(parts[2]) else parse_number(
            parts[2], builder.source, line, "weight")
        if weight:
            builder.link(end(parts[0], "row", line), end(parts[1], "column", line), None,
                         weight, line)
    builder.case.directed = True
    if two_mode:
        builder.case.meta["two_mode"] = {"types": [builder.node_type, "event"]}
