"""Splitting CSV / TSV / whitespace text into rows, and recognising what the columns mean."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from .csvsafe import restore
from .errors import LoadError

# Accepted column names per role, in order of preference (compared lower-cased, accents
# dropped, with spaces, dashes and dots read as underscores). Call-record exports and
# colleagues' spreadsheets name columns in English, German, French, Spanish, Italian, Dutch.
ALIASES: dict[str, tuple[str, ...]] = {
    "source": ("source", "from", "caller", "src", "a", "source_id", "from_id", "sender",
               "calling", "calling_number", "a_number", "anumber", "origin", "node1", "u",
               "start_node", "actor1", "ego", "person_a", "person1", "person_1", "actor_a",
               "a_party", "aparty", "a_party_number", "from_number", "caller_number",
               "calling_party", "originating_number", "msisdn_a", "entity_1", "entity1",
               "von", "anrufer", "absender", "a_nummer", "rufnummer_a", "appelant",
               "numero_appelant", "expediteur", "origen", "llamante", "numero_origen",
               "remitente", "chiamante", "mittente", "van", "beller"),
    "target": ("target", "to", "callee", "dst", "b", "target_id", "to_id", "recipient",
               "receiver", "called", "called_number", "b_number", "bnumber", "destination",
               "node2", "v", "end_node", "actor2", "alter", "person_b", "person2", "person_2",
               "actor_b", "b_party", "bparty", "b_party_number", "to_number", "callee_number",
               "called_party", "terminating_number", "msisdn_b", "entity_2", "entity2",
               "nach", "angerufener", "angerufen", "empfanger", "empfaenger", "b_nummer",
               "rufnummer_b", "appele", "numero_appele", "destinataire", "destino", "llamado",
               "numero_destino", "destinatario", "chiamato", "naar", "gebelde"),
    "weight": ("weight", "count", "calls", "value", "strength", "n", "frequency", "amount",
               "number_of_calls", "n_calls", "anzahl", "gewicht", "poids", "peso",
               "cantidad", "aantal"),
    "time": ("time", "timestamp", "date", "datetime", "start", "start_time", "started",
             "date_time", "call_time", "when", "call_start", "start_date", "event_time",
             "zeit", "zeitpunkt", "datum", "beginn", "date_heure", "horodatage", "debut",
             "fecha", "fecha_hora", "inicio", "data_ora", "tijdstip"),
    "type": ("type", "kind", "relation", "relationship", "link_type", "edge_type", "label_type",
             "category", "entity_type", "node_type", "typ", "art", "beziehung", "tipo",
             "relacion"),
    "id": ("id", "node", "node_id", "name", "key", "entity", "actor", "identifier", "nom",
           "nombre"),
    "label": ("label", "display_name", "title", "full_name", "alias", "name", "nom",
              "nombre", "bezeichnung"),
    "duration": ("duration", "duration_s", "duration_sec", "seconds", "secs", "length",
                 "call_duration", "duration_seconds", "call_length", "dauer",
                 "gesprachsdauer", "gespraechsdauer", "duree", "duracion", "durata", "duur"),
    "phase": ("phase", "period", "wave"),
    "source_type": ("source_type", "from_type", "src_type"),
    "target_type": ("target_type", "to_type", "dst_type"),
}


def canon(name: str) -> str:
    return re.sub(r"[\s.\-]+", "_", str(name).strip().lower()).strip("_")


def match_key(name: str) -> str:
    """A column name as compared with :data:`ALIASES`: :func:`canon` without accents, so
    ``Appelé`` and ``Empfänger`` match ``appele`` and ``empfanger``."""
    text = unicodedata.normalize("NFKD", str(name))
    return canon("".join(ch for ch in text if not unicodedata.combining(ch)))


def listed(names: list[str] | tuple[str, ...], limit: int = 8) -> str:
    """Names quoted in a message, at most ``limit`` of them ("and 31 more")."""
    names = list(names)
    shown = ", ".join(str(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


@dataclass
class Table:
    """Rows of text cells; ``lines[i]`` is the file line where ``rows[i]`` starts."""

    header: list[str] | None
    rows: list[list[str]]
    lines: list[int]
    source: str
    delimiter: str

    def find(self, role: str, given: str | None = None, exclude: set[str] = frozenset()) -> (
            str | None):
        """The header column playing ``role``: the one named by the caller, else an alias."""
        if self.header is None:
            return None
        if given is not None:
            if given in self.header:
                return given
            matches = [h for h in self.header if match_key(h) == match_key(given)]
            if matches:
                return matches[0]
            raise LoadError(f"no column named '{given}' for {role}; columns found: "
                            f"{listed(self.header)}", self.source)
        by_canon = {match_key(h): h for h in reversed(self.header)}
        for alias in ALIASES[role]:
            column = by_canon.get(alias)
            if column is not None and column not in exclude:
                return column
        return None

    def column(self, name: str) -> int:
        assert self.header is not None
        return self.header.index(name)


def detect_delimiter(text: str) -> str:
    """Tab, comma, semicolon or (None meaning) runs of whitespace."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip() and not ln.startswith("#")]
    if not lines:
        return ","
    for delim in ("\t", ",", ";", "|"):
        counts = [ln.count(delim) for ln in lines]
        if min(counts) > 0:
            return delim
    for delim in ("\t", ",", ";"):
        if sum(ln.count(delim) for ln in lines) >= len(lines) // 2 + 1:
            return delim
    return " "


def split_rows(text: str, source: str, delimiter: str | None = None) -> tuple[
        list[list[str]], list[int], str]:
    """All non-blank rows with their line numbers; ``#`` comment lines are skipped."""
    delim = delimiter or detect_delimiter(text)
    rows: list[list[str]] = []
    lines: list[int] = []
    if delim == " ":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                rows.append(line.split())
                lines.append(number)
        return rows, lines, delim
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    start = 1
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells) and not cells[0].startswith("#"):
                # A cell a CSV export made inert ('=...) is read back as written.
                rows.append([restore(c) if c[:1] == "'" else c for c in cells])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LoadError(f"cannot split the line into cells ({exc})", source, start) from None
    return rows, lines, delim


def is_number(text: str) -> bool:
    try:
        float(str(text).strip().replace("\u2212", "-"))
        return True
    except ValueError:
        return False


def known_name(cell: str) -> bool:
    name = match_key(cell)
    return any(name in names for names in ALIASES.values())


def has_header(rows: list[list[str]]) -> bool:
    """Whether the first row names columns rather than holding data."""
    first = rows[0]
    if any(known_name(c) for c in first if len(canon(c)) > 1):
        return True
    names = {match_key(c) for c in first}
    if names & set(ALIASES["source"]) and names & set(ALIASES["target"]):
        return True  # "a,b" or "u v": short names, but only as a pair
    if len(rows) < 2:
        return False
    # A header's text sits above numbers in a column that is numeric below it.
    body = rows[1:6]
    for index, cell in enumerate(first):
        below = [r[index] for r in body if index < len(r)]
        if below and not is_number(cell) and all(is_number(c) for c in below):
            return True
    return len(first) > 3
