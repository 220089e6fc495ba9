"""Slang lexicons for the weak-signal scanner: load, clean, extend, and compile for matching.

The seed is the DEA "Drug Slang Code Words" list (``data/slang/``) plus the project's emoji
codes (``data/lexicons/emoji_codes.csv``). Every term carries a ``weight`` saying how much one
hit counts: emoji codes carry the weight written in their file, terms listed in
``data/lexicons/everyday_words.txt`` (ordinary words such as "snow" or "ice cream")
``EVERYDAY_WEIGHT``, and the rest (unambiguous slang such as "yayo") ``SLANG_WEIGHT``.

How the DEA entries are cleaned (``clean_dea_term``):

- a parenthetical starting in lower case is a description and is dropped
  ("Belushi (mixed with heroin)" -> "belushi"); one starting in upper case is an alias and
  becomes its own term ("Dead on Arrival (DOA)" -> "dead on arrival", "doa"); text after a
  parenthetical is another term (the source misses a ";" in "Gigi (hydroponic) Giggle Smoke");
- case-folded, curly apostrophes made straight, spaces collapsed, "In- Between" -> "in-between";
- variants are added: "&" also as "and", accented letters also without accents ("niña" ->
  "nina"), dotted abbreviations also without dots ("l.a. glass" -> "la glass");
- terms with fewer than 3 letters or digits ("H", "K2", "M.J.") are ignored: initials match
  far too much ordinary text. Emoji are kept whatever their length.

Matching is case-insensitive on word boundaries ("ice" is not found in "price"), a space or
a hyphen inside a term matches either ("b bombs" finds "B-Bombs"), and emoji match with or
without the variation selector U+FE0F.

>>> lex = Lexicon()
>>> lex.extend(["snow", "Yayo"], "Cocaine")
>>> [(m.term, m.start) for m in lex.scan("Yayo and snow, no snowman")]
[('yayo', 0), ('snow', 9)]
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEA_PATH = DATA_DIR / "slang" / "slangUE.txt"
EMOJI_PATH = DATA_DIR / "lexicons" / "emoji_codes.csv"
EVERYDAY_PATH = DATA_DIR / "lexicons" / "everyday_words.txt"

SLANG_WEIGHT = 1.0
EVERYDAY_WEIGHT = 0.25
EMOJI_WEIGHT = 0.5          # an emoji row without a weight
MIN_CHARS = 3               # letters or digits a word term needs
VS16 = "\ufe0f"             # emoji variation selector


@dataclass(frozen=True)
class Term:
    """One lexicon entry: ``text`` as matched (case-folded), its ``category``, its ``kind``
    ("slang", "everyday" or "emoji"), its ``weight`` and where it came from."""

    text: str
    category: str
    kind: str
    weight: float
    source: str = ""
    depicts: tuple[str, ...] = ()   # emoji: the everyday words it pictures ("snow" for ❄️)


@dataclass(frozen=True)
class Match:
    """A term found in a text: ``text[start:end]`` is the matched span."""

    term: str
    category: str
    start: int
    end: int
    kind: str = "slang"
    weight: float = SLANG_WEIGHT


def is_emoji(text: str) -> bool:
    """True when ``text`` has no letters or digits and holds a symbol (an emoji code)."""
    stripped = text.replace(VS16, "").strip()
    return bool(stripped) and not any(ch.isalnum() for ch in stripped) and any(
        unicodedata.category(ch) == "So" for ch in stripped)


def term_key(text: str) -> str:
    """The form terms are compared in: case-folded, straight apostrophes, no U+FE0F,
    hyphens and spaces alike."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace(VS16, "")
    return re.sub(r"[\s\-]+", " ", text.casefold()).strip()


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_dea_term(raw: str) -> list[str]:
    """Terms (case-folded, with variants) from one DEA entry; empty when nothing is usable.

    >>> clean_dea_term("Belushi (mixed with heroin)")
    ['belushi']
    >>> clean_dea_term("Dead on Arrival (DOA)")
    ['dead on arrival', 'doa']
    >>> clean_dea_term("Bernie’s Flakes")
    ["bernie's flakes"]
    >>> clean_dea_term("Niña"), clean_dea_term("L.A. Glass"), clean_dea_term("K2")
    (['niña', 'nina'], ['l.a. glass', 'la glass'], [])
    """
    pieces: list[str] = []
    for part in re.split(r"(\([^)]*\))", raw):
        if part.startswith("("):
            inner = part[1:-1].strip()
            if inner[:1].isupper():
                pieces.append(inner)
        else:
            pieces.append(part)
    out: list[str] = []
    for piece in pieces:
        text = piece.replace("\u2019", "'").replace("\u2018", "'")
        text = re.sub(r"-\s+", "-", text)
        text = " ".join(text.casefold().split())
        if sum(ch.isalnum() for ch in text) < MIN_CHARS:
            continue
        variants = [text]
        if "&" in text:
            variants.append(" ".join(text.replace("&", " and ").split()))
        variants += [_strip_accents(v) for v in list(variants)]
        variants += [re.sub(r"\b(\w)\.", r"\1", v) for v in list(variants)]
        for v in variants:
            if v not in out:
                out.append(v)
    return out


@dataclass
class Lexicon:
    """Terms by :func:`term_key`; extend at run time, then :meth:`scan` texts.

    ``everyday`` holds the keys of ordinary words: any term added with one of those keys
    gets ``EVERYDAY_WEIGHT`` unless a weight is given.
    """

    terms: dict[str, Term] = field(default_factory=dict)
    everyday: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Lexicon({len(self.terms)} terms, {len(self.categories())} categories)"

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and term_key(text) in self.terms

    def get(self, text: str) -> Term | None:
        return self.terms.get(term_key(text))

    def categories(self) -> list[str]:
        return sorted({t.category for t in self.terms.values()})

    def extend(self, terms: Iterable[str], category: str = "Analyst", *,
               weight: float | None = None, source: str = "analyst",
               replace_existing: bool = False, depicts: Iterable[str] = ()) -> None:
        """Add terms (an analyst's words, emoji, phrases) under ``category``.

        Without ``weight``, emoji get ``EMOJI_WEIGHT``, everyday words ``EVERYDAY_WEIGHT``
        and anything else ``SLANG_WEIGHT``. A term already present keeps its first entry
        unless ``replace_existing`` (the same source filing it under another category adds
        that category: "Crack Cocaine / Methamphetamine"). Terms with fewer than 3 letters
        or digits are skipped, as in the DEA list. ``depicts`` (emoji only) names the
        everyday words the emoji pictures: beside one of them it is read as an
        illustration (see ``casegraph.analysis.signals``).
        """
        pictured = tuple(term_key(w) for w in depicts if term_key(w))
        for raw in terms:
            text = str(raw).strip()
            key = term_key(text)
            old = self.terms.get(key)
            if not key or (old is not None and not replace_existing):
                if old is not None and old.source == source and category not in \
                        old.category.split(" / "):
                    # the same list files the term under several drugs: keep them all
                    self.terms[key] = replace(old, category=f"{old.category} / {category}")
                continue
            shown = " ".join(text.replace("\u2019", "'").casefold().split())
            if is_emoji(text):
                kind, default = "emoji", EMOJI_WEIGHT
                shown = text
            elif sum(ch.isalnum() for ch in key) < MIN_CHARS:
                continue
            elif key in self.everyday:
                kind, default = "everyday", EVERYDAY_WEIGHT
            else:
                kind, default = "slang", SLANG_WEIGHT
            self.terms[key] = Term(
                shown, category, kind, float(default if weight is None else weight), source,
                pictured if kind == "emoji" else ())
        self._pattern = None

    def mark_everyday(self, words: Iterable[str]) -> None:
        """Treat these words as ordinary: existing non-emoji entries drop to the low weight."""
        for word in words:
            key = term_key(word)
            if not key:
                continue
            self.everyday.add(key)
            term = self.terms.get(key)
            if term is not None and term.kind == "slang":
                self.terms[key] = replace(term, kind="everyday", weight=EVERYDAY_WEIGHT)

    def load(self, path: str | Path, category: str | None = None) -> None:
        """Add the terms of a file; see :func:`read_terms` for the formats."""
        for row in read_terms(path, category):
            self.extend([row["term"]], row["category"], weight=row["weight"],
                        source=Path(path).name, depicts=row["depicts"])

    # -- matching ---------------------------------------------------------------------------
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = _compile(self.terms.values())
        return self._pattern

    def scan(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text``, left to right, longest term first."""
        if not text or not self.terms:
            return []
        out = []
        for m in self.pattern().finditer(text):
            term = self.terms.get(term_key(m.group()))
            if term is not None:
                out.append(Match(term.text, term.category, m.start(), m.end(), term.kind,
                                 term.weight))
        return out


def _word_regex(key: str) -> str:
    words = [re.escape(w).replace("'", "['\u2019]") for w in key.split(" ")]
    return r"[\s\-]+".join(words)


def _compile(terms: Iterable[Term]) -> re.Pattern[str]:
    words, emoji = [], []
    for t in sorted(terms, key=lambda t: (-len(t.text), t.text)):
        if t.kind == "emoji":
            emoji.append("".join(re.escape(ch) + VS16 + "?" for ch in term_key(t.text)))
        else:
            words.append(_word_regex(term_key(t.text)))
    parts = []
    if words:
        parts.append(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")
    if emoji:
        parts.append("(?:" + "|".join(emoji) + ")")
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


# -- files ----------------------------------------------------------------------------------
def read_terms(path: str | Path, category: str | None = None) -> list[dict]:
    """Read a term file as rows ``{term, category, weight, depicts}``.

    Formats, chosen by content:

    - DEA text ("Category~Brand~term; term; ..."), terms cleaned by :func:`clean_dea_term`;
    - CSV with a header naming the term column ``slang``, ``term``, ``word`` or ``emoji``
      and optionally ``category``, ``brand``, ``weight`` and ``depicts`` (space-separated
      words); the DEA table and the emoji list are such files. Words are cleaned as DEA
      entries are;
    - plain text: one term per line, ``#`` starts a comment.

    ``category`` overrides the file's categories and names the terms of files that have
    none ("Analyst" by default). ``weight`` is None where the file gives none.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    default = category or "Analyst"
    rows: list[dict] = []

    def add(raw: str, cat: str, weight: float | None = None, depicts: str = "") -> None:
        for term in _clean_any(raw):
            rows.append({"term": term, "category": cat, "weight": weight,
                         "depicts": depicts.split()})

    if lines and all(ln.count("~") >= 2 for ln in lines):
        for ln in lines:
            cat, brand, rest = ln.split("~", 2)
            name = f"{cat.strip()} ({brand.strip()})" if brand.strip() else cat.strip()
            for raw in rest.split(";"):
                add(raw, category or name)
        return rows
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))] if lines else []
    term_col = next((c for c in ("slang", "term", "word", "emoji") if c in header), None)
    if term_col is None:
        for ln in lines:
            add(ln.strip(), default)
        return rows
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        cat = category or row.get("category") or default
        if row.get("brand") and not category:
            cat = f"{cat} ({row['brand']})"
        weight = float(row["weight"]) if row.get("weight") else None
        add(row.get(term_col, ""), cat, weight, row.get("depicts", ""))
    return rows


def _clean_any(raw: str) -> list[str]:
    if not raw:
        return []
    return [raw] if is_emoji(raw) else clean_dea_term(raw)


def read_everyday(path: str | Path = EVERYDAY_PATH) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def load_lexicon(paths: Iterable[str | Path] | None = None, *,
                 everyday: str | Path | None = EVERYDAY_PATH) -> Lexicon:
    """The seed lexicon, or one built from ``paths`` (files as in :func:`read_terms`).

    ``paths=None`` loads the DEA list and the project's emoji codes. ``everyday`` is the
    file of ordinary words given a low weight (``None``: every word term counts fully).

    >>> lex = load_lexicon()
    >>> lex.get("yayo").weight, lex.get("snow").weight, lex.get("\u2744").category
    (1.0, 0.25, 'Cocaine')
    """
    lex = Lexicon()
    if everyday is not None:
        lex.mark_everyday(read_everyday(everyday))
    for path in (DEA_PATH, EMOJI_PATH) if paths is None else paths:
        lex.load(path)
    return lex
