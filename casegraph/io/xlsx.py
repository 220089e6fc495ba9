"""Excel workbooks: every sheet as rows of text cells (see tabular.py for what each holds)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

from .errors import LoadError

NODE_SHEETS = ("nodes", "node", "entities", "vertices", "actors", "people")
EDGE_SHEETS = ("edges", "edge", "links", "link", "ties", "relations", "calls")


def is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def read_sheets(data: bytes, source: str, max_bytes: int) -> dict[str, tuple[
        list[list[str]], list[int]]]:
    """Every sheet as rows of text cells with their spreadsheet row numbers."""
    import openpyxl  # imported here: only workbooks need it

    check_unpacked(data, source, max_bytes)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LoadError(f"cannot open the workbook ({exc.__class__.__name__}: {exc}); expected "
                        "an .xlsx file saved by Excel or LibreOffice", source) from None
    sheets: dict[str, tuple[list[list[str]], list[int]]] = {}
    try:
        for sheet in book.worksheets:
            rows, lines = [], []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_text(v) for v in values]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
                    lines.append(number)
            sheets[sheet.title] = (rows, lines)
    finally:
        book.close()
    return sheets


def check_unpacked(data: bytes, source: str, max_bytes: int) -> None:
    """Refuse archives that unpack far beyond the size limit (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise LoadError("the archive is damaged; expected an .xlsx or .zip file", source) \
            from None
    if unpacked > 4 * max_bytes:
        raise LoadError(f"the archive unpacks to {unpacked:,} bytes, over four times the "
                        f"{max_bytes:,}-byte limit", source)
