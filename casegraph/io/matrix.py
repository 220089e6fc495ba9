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
    if len(rows) < 2 or len(rows[0]) < 3:
        return False
    header = rows[0]
    if is_number(header[0]) or any(known_name(c) for c in header[1:] if len(c) > 1):
        return False
    cells = [c for r in rows[1:31] for c in r[1:]]
    # Mostly numbers: a stray bad cell should be reported as such, not change the layout.
    if sum(1 for c in cells if is_number(c) or not c) < 0.75 * len(cells):
        return False
    labels = set(header[1:])
    row_labels = [r[0] for r in rows[1:]]
    return sum(1 for x in row_labels if x in labels) >= max(1, len(row_labels) // 2)


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
