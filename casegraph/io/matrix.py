"""Square adjacency matrices with labels in the first row and column (UCINET style).

Cell (row r, column c) is the tie from r to c; 0 or an empty cell is no tie. The diagonal is
ignored (a tie to oneself says nothing about the network). A symmetric matrix becomes an
undirected case with one link per pair; otherwise each non-zero cell is a directed link whose
weight is the cell value (e.g. a number of calls).
"""

from __future__ import annotations

from typing import Any

from .builder import Builder, blank, parse_number
from .delimited import is_number, known_name
from .errors import LoadError, shorten


def looks_like_matrix(rows: list[list[str]]) -> bool:
    """A labelled square-ish grid of numbers: row labels reappear as column labels."""
    return matrix_kind(rows) == "matrix"


def matrix_kind(rows: list[list[str]]) -> str | None:
    """'matrix' (one-mode: row labels reappear as column labels), 'incidence' (two-mode:
    row and column labels are different things, e.g. people x meetings) or None."""
    if len(rows) < 2 or len(rows[0]) < 3:
        return None
    header = rows[0]
    if is_number(header[0]) or any(known_name(c) for c in header[1:] if len(c) > 1):
        return None
    cells = [c for r in rows[1:31] for c in r[1:]]
    # Mostly numbers: a stray bad cell should be reported as such, not change the layout.
    if sum(1 for c in cells if is_number(c) or not c) < 0.75 * len(cells):
        return None
    labels = {c.strip() for c in header[1:]}
    row_labels = [r[0].strip() for r in rows[1:]]
    shared = sum(1 for x in row_labels if x in labels)
    if shared >= max(1, len(row_labels) // 2):
        return "matrix"
    numbers = [float(c) for c in cells if is_number(c)]
    # Who attended what: counts, some of them zero or empty. A table of measurements
    # (age, height) under row labels has no zeros and is not a network.
    sparse = any(not c.strip() for c in cells) or any(n == 0 for n in numbers)
    if shared == 0 and sparse and all(n >= 0 for n in numbers):
        return "incidence"
    return "matrix" if shared else None


def read_matrix(rows: list[list[str]], lines: list[int], builder: Builder,
                options: dict[str, Any]) -> None:
    """Add the entities and links of a labelled adjacency matrix to ``builder``."""
    source = builder.source
    if len(rows) < 2:
        raise LoadError("the matrix has a header row but no rows of values", source)
    labels = [c.strip() for c in rows[0][1:]]
    while labels and not labels[-1]:
        labels.pop()  # a trailing delimiter on the header line
    size = len(labels)
    if any(not x for x in labels):
        raise LoadError(f"column {labels.index('') + 2} of the header has no label; expected "
                        "an actor label above every column", source, lines[0])
    repeated = sorted({x for x in labels if labels.count(x) > 1})
    if repeated:
        raise LoadError(f"the column label(s) {', '.join(repeated[:3])} appear more than "
                        "once; expected one column per actor", source, lines[0])
    body = rows[1:]
    if len(body) != size:
        raise LoadError(f"the matrix is not square: {size} labelled columns but {len(body)} "
                        "rows; expected one row per column", source)
    values: list[list[float]] = []
    for row, line in zip(body, lines[1:], strict=True):
        cells = row[1:]
        while len(cells) > size and not cells[-1]:
            cells = cells[:-1]
        if len(cells) != size:
            raise LoadError(f"the row has {len(cells)} values, expected {size} (one per "
                            "labelled column)", source, line)
        values.append([0.0 if blank(c) else parse_number(c, source, line, labels[j])
                       for j, c in enumerate(cells)])
    row_labels = [r[0].strip() for r in body]
    if row_labels != labels:
        if sorted(row_labels) != sorted(labels):
            odd = [x for x in row_labels if x not in labels] or [
                x for x in labels if x not in row_labels]
            raise LoadError(f"row and column labels differ (e.g. '{shorten(odd[0])}'); "
                            "expected the same actors down the first column as across the "
                            "first row", source)
        order = [row_labels.index(x) for x in labels]  # rows listed in another order
        values = [values[i] for i in order]
    symmetric = all(values[i][j] == values[j][i] for i in range(size) for j in range(i))
    directed = options.get("directed")
    directed = (not symmetric) if directed is None else bool(directed)
    builder.case.directed = directed
    row_of = dict(zip(row_labels, lines[1:], strict=True))
    ids = [builder.node(x, row=row_of[x]) for x in labels]
    diagonal = sum(1 for i in range(size) if values[i][i])
    link_type = options.get("link_type")
    for i in range(size):
        for j in range(size):
            if i == j:
                continue
            if directed:
                weight = values[i][j]
            elif j > i:
                # Undirected: one link per pair; an asymmetric pair sums both directions.
                weight = values[i][j] if symmetric else values[i][j] + values[j][i]
            else:
                continue
            if weight:
                builder.link(ids[i], ids[j], link_type, weight, row_of[labels[i]])
    if diagonal:
        builder.warnings.append(f"{diagonal} non-zero value(s) on the matrix diagonal ignored "
                                "(ties of an actor to itself)")


def read_incidence(rows: list[list[str]], lines: list[int], builder: Builder,
                   options: dict[str, Any]) -> None:
    """Add a two-mode (incidence) matrix: row entities (people), column entities (events,
    meetings, places) of their own type, one ``attended`` link per non-zero cell weighted by
    its value."""
    source = builder.source
    labels = [c.strip() for c in rows[0][1:]]
    while labels and not labels[-1]:
        labels.pop()
    if any(not x for x in labels):
        raise LoadError(f"column {labels.index('') + 2} of the header has no label; expected "
                        "a label above every column", source, lines[0])
    for what, names, line in (("column", labels, lines[0]),
                              ("row", [r[0].strip() for r in rows[1:]], None)):
        repeated = sorted({x for x in names if names.count(x) > 1})
        if repeated:
            raise LoadError(f"the {what} label(s) {', '.join(repeated[:3])} appear more than "
                            f"once; expected one {what} per entity", source, line)
    row_type = builder.entity_type(options.get("row_type")) if options.get("row_type") \
        else builder.node_type
    column_type = builder.entity_type(options.get("column_type") or "event")
    row_ids = {r[0].strip() for r in rows[1:]}
    columns = [builder.node(x if x not in row_ids else f"{column_type}:{x}", column_type, x,
                            row=lines[0], bipartite=1) for x in labels]
    link_type = options.get("link_type") or "attended"
    for row, line in zip(rows[1:], lines[1:], strict=True):
        cells = row[1:]
        while len(cells) > len(labels) and not cells[-1]:
            cells = cells[:-1]
        if len(cells) > len(labels):
            raise LoadError(f"the row has {len(cells)} values, expected at most {len(labels)} "
                            "(one per labelled column)", source, line)
        person = builder.node(row[0].strip(), row_type, row=line, bipartite=0)
        for j, cell in enumerate(cells):
            weight = 0.0 if blank(cell) else parse_number(cell, source, line, labels[j])
            if weight:
                builder.link(person, columns[j], link_type, weight, line)
    builder.case.directed = True
    builder.case.meta["two_mode"] = {"types": [row_type, column_type]}
