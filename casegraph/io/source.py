"""Reading a source (path, bytes or file-like) into bytes and text, within a size limit."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import LoadError

Source = str | os.PathLike | bytes | bytearray | memoryview | IO[bytes]

# Bytes that never appear in text files: a NUL or a run of control characters means binary.
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32))


@dataclass
class Raw:
    """The bytes of one source and the name used in messages and provenance."""

    data: bytes
    name: str
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None   # set by text(): what the bytes were read as

    @property
    def stem(self) -> str:
        return Path(self.name).stem or self.name

    @property
    def extension(self) -> str:
        suffix = Path(self.name).suffix.lower().lstrip(".")
        return suffix

    def text(self) -> str:
        """The bytes decoded: UTF-16 when it says so (a byte-order mark, as Excel's "Unicode
        text" writes) or looks so, UTF-8 (BOM tolerated), else cp1252 with a warning."""
        utf16 = utf16_encoding(self.data)
        if utf16:
            try:
                text = self.data.decode(utf16)
            except UnicodeDecodeError as exc:
                raise LoadError(f"the file looks like UTF-16 text but byte {exc.start} cannot "
                                "be read; save it again as UTF-8 or UTF-16", self.name) from None
            self.encoding = "utf-16"
            return text.lstrip("\ufeff")
        sample = self.data[:65536]
        if b"\x00" in sample or _control_share(sample) > 0.05:
            raise LoadError("this does not look like a text file (it contains binary data); "
                            "expected CSV, TSV, JSON, GraphML, GEXF or XLSX", self.name)
        try:
            text = self.data.decode("utf-8-sig")
            self.encoding = "utf-8-sig" if self.data.startswith(codecs.BOM_UTF8) else "utf-8"
            return text
        except UnicodeDecodeError as exc:
            line = self.data[: exc.start].count(b"\n") + 1
            try:
                text = self.data.decode("cp1252")
                self.encoding = "cp1252"
            except UnicodeDecodeError:
                text = self.data.decode("latin-1")
                self.encoding = "latin-1"
            self.warnings.append(
                f"{self.name} is not UTF-8 (first bad byte on line {line}); read it as "
                "Windows-1252 — check accented names")
            return text


def utf16_encoding(data: bytes) -> str | None:
    """'utf-16' (with a BOM), 'utf-16-le' / 'utf-16-be' (without one, when every other byte
    of ASCII-heavy text is NUL), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    return sum(1 for b in sample if b in _CONTROL) / len(sample)


def read_source(source: Source, max_bytes: int, filename: str | None = None) -> Raw:
    """Read ``source`` fully, refusing anything larger than ``max_bytes`` before parsing."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or "upload"
        _check_size(len(data), max_bytes, name)
        return Raw(data, name)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        if not path.is_file():
            raise LoadError("no such file", str(path))
        _check_size(path.stat().st_size, max_bytes, name)
        return Raw(path.read_bytes(), name)
    if hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "") or "upload")).name
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            raise LoadError("the file was opened in text mode; open it in binary mode ('rb')",
                            name)
        if len(data) > max_bytes:
            size = len(data)
            try:
                size = source.seek(0, os.SEEK_END)
            except (OSError, AttributeError, ValueError):
                pass  # not seekable: "at least" is the best we can say
            _check_size(size, max_bytes, name, at_least=size == len(data))
        return Raw(bytes(data), name)
    raise LoadError(f"cannot read a {type(source).__name__}; expected a file path, bytes or "
                    "a binary file object")


def _check_size(size: int, max_bytes: int, name: str, at_least: bool = False) -> None:
    if size > max_bytes:
        size_text = ("at least " if at_least else "") + _human(size)
        raise LoadError(f"the file is {size_text}, over the {_human(max_bytes)} limit "
                        "(raise max_bytes to load it)", name)


def _human(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB ({size:,} bytes)"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB ({size:,} bytes)"
    return f"{size} bytes"


def option_names(options: dict[str, Any], known: set[str], name: str) -> None:
    """Refuse options no loader understands (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(options) - known)
    if unknown:
        raise LoadError(f"unknown option(s) {', '.join(unknown)}; accepted: "
                        f"{', '.join(sorted(known))}", name)
