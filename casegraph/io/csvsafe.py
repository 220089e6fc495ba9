"""Cells that a spreadsheet would run as a formula, made inert for CSV exports.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``+cmd|...``), so a
value planted in a seized file or a lookup answer could run when a colleague opens the
export. As OWASP recommends for CSV injection, such a cell gets a leading apostrophe: the
spreadsheet shows the text and runs nothing. Cells made only of digits, spaces, dots and
brackets after the sign (``-3``, ``+44 7700 900123``) cannot call anything and stay as they
are, so weights and E.164 phone numbers survive a round trip; loaders drop the apostrophe
again before a trigger character (:func:`restore`).

    >>> neutralise("=HYPERLINK(\\"http://x.invalid\\")")
    '\\'=HYPERLINK("http://x.invalid")'
    >>> neutralise("\\t=1+1"), neutralise("@SUM(A1)"), neutralise("+cmd|' /C calc'!A0")
    ("'\\t=1+1", "'@SUM(A1)", "'+cmd|' /C calc'!A0")
    >>> neutralise(-3), neutralise("-3"), neutralise("+44 7700 900123"), neutralise(None)
    (-3, '-3', '+44 7700 900123', None)
    >>> restore(neutralise("=1+1")), restore("'quoted'")
    ('=1+1', "'quoted'")
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_INERT = re.compile(r"[+-][\d\s.()]*\d[\d\s.()]*")


def neutralise(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula (see module doc)."""
    if not isinstance(value, str) or not value.startswith(TRIGGERS):
        return value
    if _INERT.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a row (a dict, as for ``csv.DictWriter``), neutralised."""
    return {key: neutralise(value) for key, value in row.items()}


def restore(value: Any) -> Any:
    """Undo :func:`neutralise` on a cell read back from a CSV export."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" \
            and value[1:].startswith(TRIGGERS):
        return value[1:]
    return value
