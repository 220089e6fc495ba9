"""The one error a loader raises, worded for an analyst rather than a programmer."""

from __future__ import annotations


class LoadError(Exception):
    """A file could not be read as a case.

    The message names the file and, when known, the row (or line) and column, then says what
    was expected and what was found, e.g.
    ``edges.csv, row 14, column 'weight': expected a number, found 'abc'``.
    The parts are also kept as attributes so a UI can highlight them.
    """

    def __init__(self, problem: str, source: str | None = None, row: int | None = None,
                 column: str | None = None, line: int | None = None):
        self.problem = problem
        self.source = source
        self.row = row if row is not None else line
        self.column = column
        where = [part for part in (
            source,
            f"row {row}" if row is not None else None,
            f"line {line}" if line is not None else None,
            f"column '{column}'" if column is not None else None,
        ) if part]
        super().__init__(f"{', '.join(where)}: {problem}" if where else problem)


def shorten(value: object, limit: int = 40) -> str:
    """A cell value fit to quote in a message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
