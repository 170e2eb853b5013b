"""The spreadsheets departments keep: reading: the first sheet of an xlsx, xls or ods workbook, or a CSV file.

Cells come back as the reader gives them (text, numbers, dates), with their row numbers as Excel shows them,
so a problem can name the row an editor sees. Workbooks are read with python-calamine; a CSV file saved by
Excel in China is often GB 18030 rather than UTF-8, so both are tried.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SUFFIXES = (*WORKBOOKS, ".csv")
MAX_BYTES = 200 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read as a table; the message says why (in the reader's words)."""


class UnknownFormat(Unreadable):
    """Not a suffix this module reads."""


@dataclass(slots=True)
class Table:
    rows: list[tuple[int, list[object]]]  # (row number from 1, cells): empty rows left out
    merged: list[tuple[tuple[int, int], tuple[int, int]]]  # ((first row, first col), (last row, last col)), from 0


def read(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnknownFormat(suffix)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Unreadable(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）")
        if suffix == ".csv":
            return _csv(path.read_bytes())
        return _workbook(path)
    except OSError as e:
        raise Unreadable(e.strerror or str(e)) from None


def _workbook(path: Path) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        data = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
    except (CalamineError, ValueError, OSError):  # the reader's own words are English and technical
        raise Unreadable(
            "不是有效的 Excel 或 ODS 文件：可能已损坏，或是由网页等另存而来、只有扩展名是表格；请用 Excel 打开后另存为 .xlsx"
        ) from None
    return Table(_numbered(data), merged)


def _csv(raw: bytes) -> Table:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # UTF-16, say, or not text at all
        raise Unreadable("无法识别文字编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")
    try:
        data = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise Unreadable(str(e)) from None
    return Table(_numbered(data), [])


def _numbered(data: list[list[object]]) -> list[tuple[int, list[object]]]:
    return [(i, list(cells)) for i, cells in enumerate(data, 1) if any(_filled(c) for c in cells)]


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def saved(workbook, replace: dict[str, bytes] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """An openpyxl workbook's bytes (or a saved one's), the same every time (openpyxl stamps the time into the file and the zip),
    with the parts in `replace` (name in the package → bytes) put in."""
    if isinstance(workbook, bytes):
        data = workbook
    else:
        buffer = io.BytesIO()
        workbook.save(buffer)  # (a write-only workbook can be saved once only)
        data = buffer.getvalue()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = (replace or {}).get(info.filename) or src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", content)
            stable = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            stable.compress_type = zipfile.ZIP_DEFLATED
            # the fastest level for a big part: a sheet of 25,000 rows deflates in 0.2 s instead of 0.85 s
            dst.writestr(stable, content, compresslevel=1 if len(content) > 1_000_000 else None)
    return out.getvalue()


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_workbook(sheet: str, rows: list[list[str]]) -> bytes:
    """A workbook of one sheet of text cells. openpyxl lays out the package; the rows are written here, as
    openpyxl's write-only mode writes them (inline strings) but about ten times faster, which at 100,000 rows
    is the difference between seconds and a minute. Inline strings are text to Excel: never a formula (a cell
    that starts with =), never a number that loses digits."""
    from xml.sax.saxutils import escape

    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    wb.create_sheet(sheet).append(["-"])
    letters = [get_column_letter(j) for j in range(1, max((len(r) for r in rows), default=1) + 1)]
    parts = []
    for r, row in enumerate(rows, 1):
        cells = "".join(
            f'<c r="{letters[j]}{r}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'
            for j, v in enumerate(row) if v
        )
        parts.append(f'<row r="{r}">{cells}</row>')
    buffer = io.BytesIO()
    wb.save(buffer)
    name = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(buffer).read(name).decode("utf-8")
    start, end = xml.index("<sheetData>") + len("<sheetData>"), xml.index("</sheetData>")
    body = "".join(parts)
    if _NOT_XML.search(body):  # characters XML cannot hold at all (the validator lets none through)
        body = _NOT_XML.sub("", body)
    return saved(buffer.getvalue(), {name: (xml[:start] + body + xml[end:]).encode("utf-8")})
