"""Tables in and out of spreadsheets: CSV and Excel (XLSX), read and written the same way.

A cell starting like a formula (OWASP's list: = + - @, tab, carriage return) would run as one
when the file is opened in Excel or Sheets, so every export puts a ``'`` before it (``safe_cell``, in
both formats), and imports take that guard off again (``unguarded``) so a round trip changes nothing.

Readers give every cell as text, whichever format it came in, so one parser (a measure's data, a
network's people) serves both: an XLSX upload reads as the CSV its first sheet would save as.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "xlsx"
CSV = "csv"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# An XLSX file is a zip archive; its first bytes say so whatever the file is called.
_ZIP_MAGIC = b"PK\x03\x04"
# Characters XML 1.0 cannot hold (openpyxl refuses to write them); they never matter in a cell.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's most characters in one cell: past it Excel calls the whole file damaged.
XLSX_CELL_MOST = 32_767


class UnreadableSpreadsheet(ValueError):
    """The upload is neither CSV in UTF-8 nor an Excel workbook; the message says what to do."""


def safe_cell(text: str) -> str:
    return f"'{text}" if text[:1] in FORMULA_STARTS else text


def unguarded(text: str) -> str:
    """The text ``safe_cell`` guarded, as it was."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


# Reading -----------------------------------------------------------------------------------------


def is_xlsx(data: bytes) -> bool:
    return data[:4] == _ZIP_MAGIC


def read_rows(data: bytes, *, max_rows: int | None = None) -> list[list[str]]:
    """The rows of a CSV file (UTF-8, comma, semicolon or tab) or of an XLSX workbook's first sheet.

    Every cell is text, as a spreadsheet would save it as CSV: dates as ISO dates, whole numbers
    without ``.0``. Reading stops after ``max_rows`` rows plus one, so a caller can say "too many"
    without the whole of a huge file being read. Raises ``UnreadableSpreadsheet``.
    """
    if is_xlsx(data):
        return _xlsx_rows(data, max_rows)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableSpreadsheet(
            "The file is not UTF-8 text or an Excel workbook: save it again as CSV (UTF-8) or .xlsx."
        ) from None
    if "\x00" in text:
        raise UnreadableSpreadsheet(
            "The file is not a CSV or an Excel workbook: save it again as CSV or .xlsx."
        )
    return csv_rows(text, max_rows=max_rows)


def csv_rows(text: str, *, max_rows: int | None = None) -> list[list[str]]:
    text = text.lstrip("\ufeff")  # spreadsheets often save a byte-order mark
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect=dialect):
            rows.append(row)
            if max_rows is not None and len(rows) > max_rows:
                break
    except csv.Error as exc:  # e.g. a cell over the csv module's field limit (128 KB)
        message = f"The file could not be read as CSV ({exc}); save it again as CSV."
        raise UnreadableSpreadsheet(message) from None
    return rows


def _xlsx_rows(data: bytes, max_rows: int | None) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # What a damaged or hand-made workbook makes openpyxl raise, from the zip (a bad archive, a broken
    # deflate stream, an encrypted part or a compression method zipfile lacks: RuntimeError and its
    # NotImplementedError) to the XML inside (ParseError is a SyntaxError) and a cell whose content
    # is not its type's: all of it is a file to save again, never a 500.
    damaged = (
        zipfile.BadZipFile, zlib.error, RuntimeError, EOFError, InvalidFileException,
        SyntaxError, LookupError, OSError, ValueError, TypeError,
    )  # fmt: skip
    try:
        # read_only streams the sheet instead of building it in memory; data_only gives a formula's
        # last computed value, which is what the person saw, never the formula itself.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except damaged:
        raise UnreadableSpreadsheet(
            "The file could not be read as an Excel workbook: save it again as .xlsx or as CSV."
        ) from None
    try:
        if not book.worksheets:
            return []
        rows: list[list[str]] = []
        for values in book.worksheets[0].iter_rows(values_only=True):
            cells = [cell_text(value) for value in values]
            while cells and cells[-1] == "":
                cells.pop()  # a sheet's used range often runs past the data
            rows.append(cells)
            if max_rows is not None and len(rows) > max_rows:
                break
        while rows and not rows[-1]:
            rows.pop()
        return rows
    except damaged:
        raise UnreadableSpreadsheet(
            "The workbook could not be read: it is damaged. Open it and save it again as .xlsx or as CSV."
        ) from None
    finally:
        book.close()


def cell_text(value) -> str:
    """One Excel cell as the text a CSV of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def rows_as_csv(rows: Iterable[Sequence[str]]) -> str:
    """Rows of text as CSV, as they were read (no guards added): for parsers that read CSV text."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def workbook_as_csv(data: bytes, *, max_rows: int, max_chars: int) -> str:
    """An XLSX upload as the CSV text its first sheet would save as, for a parser of CSV text.

    A workbook packs its cells tightly (a 1 MB upload can hold a million rows), so reading stops
    past ``max_rows`` rows and the CSV must fit in ``max_chars``, the limit the same data pasted or
    uploaded as CSV has: what is previewed is then what a confirmation can carry back. Raises
    ``UnreadableSpreadsheet`` with what to do.
    """
    rows = read_rows(data, max_rows=max_rows)
    if not rows:
        raise UnreadableSpreadsheet(
            "The workbook’s first sheet is empty: put the data there, header row first."
        )
    if len(rows) > max_rows:
        raise UnreadableSpreadsheet(
            f"The workbook’s first sheet has more than {max_rows:,} rows: split it into smaller files."
        )
    text = rows_as_csv(rows)
    if len(text) > max_chars:
        raise UnreadableSpreadsheet(
            f"The workbook’s data is more than {max_chars / 1_000_000:g} MB as CSV: "
            "split it into smaller files."
        )
    return text


# Writing -----------------------------------------------------------------------------------------


def write_table(header: Sequence[str], rows: Iterable[Sequence], fmt: str, *, title: str = "Data") -> bytes:
    """A table as a CSV (UTF-8) or XLSX file's bytes; text cells guarded by ``safe_cell`` in both.

    Numbers and dates stay numbers and dates in XLSX (a spreadsheet can sum them); in CSV they are
    written as their text. ``None`` is an empty cell.
    """
    if fmt == XLSX:
        return _xlsx_bytes(header, rows, title)
    if fmt != CSV:
        raise ValueError(f"unknown spreadsheet format {fmt!r}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(str(name)) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return cell_text(value)  # 3.0 as "3", as a spreadsheet saves it
    return str(value)


def _xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streams rows, so a long export stays small in memory
    sheet = book.create_sheet(title=title[:31] or "Data")  # Excel's limit on a sheet's name
    sheet.append([_xlsx_cell(str(name)) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value):
    if isinstance(value, str):
        # XML reads a carriage return back as a line feed, Excel's own line break in a cell: say so
        # before guarding, so what is guarded is what the file will hold.
        text = safe_cell(_ILLEGAL_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))
        # A longer cell makes Excel call the whole file damaged; the CSV keeps every character.
        return text if len(text) <= XLSX_CELL_MOST else text[: XLSX_CELL_MOST - 1] + "…"
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; callers pass local times
    return value
