"""One reader for CSV and Excel uploads, one writer for both downloads, and one guard against formulas."""

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from playbook.spreadsheets import (
    CSV,
    FORMULA_STARTS,
    XLSX,
    XLSX_CELL_MOST,
    UnreadableSpreadsheet,
    read_rows,
    rows_as_csv,
    safe_cell,
    unguarded,
    workbook_as_csv,
    write_table,
)


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def a_workbook(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    return saved(book)


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one of its zip's parts replaced, as a damaged copy would hold it."""
    original = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for item in original.infolist():
            damaged.writestr(item, content if item.filename == name else original.read(item.filename))
    return out.getvalue()


@pytest.mark.parametrize("start", FORMULA_STARTS)
@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_every_formula_start_is_guarded_in_both_formats_and_comes_back_as_it_was(start, fmt):
    text = f"{start}SUM(A1:A9)"

    rows = read_rows(write_table(["note"], [[text]], fmt))

    # In an .xlsx a carriage return is a line feed (XML's rule), which starts no formula.
    as_kept = text.replace("\r", "\n") if fmt == XLSX else text
    assert rows[1] == [safe_cell(as_kept)]
    assert unguarded(rows[1][0]) == as_kept


def test_every_formula_start_but_a_line_feed_is_guarded():
    assert [safe_cell(f"{start}1") for start in FORMULA_STARTS] == [f"'{start}1" for start in FORMULA_STARTS]
    assert safe_cell("\n1") == "\n1"


def test_plain_text_is_left_alone_and_unguarded_leaves_a_real_apostrophe():
    assert safe_cell("Year 4 reading") == "Year 4 reading"
    assert unguarded("'tis the season") == "'tis the season"


def test_csv_and_excel_read_back_to_the_same_rows():
    header = ["period", "value", "note"]
    rows = [[date(2026, 1, 5), 41.0, "first"], [date(2026, 1, 12), 43.5, ""], [date(2026, 1, 19), -2, None]]

    from_csv = read_rows(write_table(header, rows, CSV))
    from_xlsx = read_rows(write_table(header, rows, XLSX))

    expected = [header, ["2026-01-05", "41", "first"], ["2026-01-12", "43.5", ""], ["2026-01-19", "-2", ""]]
    assert from_csv == expected
    # Excel drops the empty cells at a row's end; the parsers read a short row's missing cells as blank.
    assert from_xlsx == [row[: len(row) - (row[-1] == "")] for row in expected]


def test_a_workbook_typed_by_a_person_reads_as_its_csv_would():
    book = Workbook()
    book.active.append(["when", "score", "timed", "present"])
    book.active.append([datetime(2026, 3, 2), 12.0, datetime(2026, 3, 2, 8, 30), True])

    assert read_rows(saved(book))[1] == ["2026-03-02", "12", "2026-03-02 08:30", "TRUE"]


def test_numbers_and_dates_stay_typed_in_excel_and_control_characters_are_dropped():
    book = load_workbook(
        io.BytesIO(write_table(["a", "b", "c"], [["bell\x07 rang", 2.5, date(2026, 1, 5)]], XLSX))
    )

    a, b, c = (cell.value for cell in book.active[2])
    assert (a, b, c) == ("bell rang", 2.5, datetime(2026, 1, 5))


def test_a_semicolon_csv_with_a_byte_order_mark_is_read():
    assert read_rows("\ufeffperiod;value\n2026-01-05;3\n".encode()) == [
        ["period", "value"],
        ["2026-01-05", "3"],
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 half a zip", "could not be read as an Excel workbook"),
        ("caf\xe9".encode("latin-1"), "not UTF-8 text or an Excel workbook"),
        (b"a,b\x00c", "not a CSV or an Excel workbook"),
    ],
)
def test_an_unreadable_file_says_what_to_do(data, message):
    with pytest.raises(UnreadableSpreadsheet, match=message):
        read_rows(data)


def test_reading_stops_one_row_past_the_limit():
    book = Workbook()
    for n in range(1000):
        book.active.append([n])

    assert len(read_rows(saved(book), max_rows=10)) == 11
    assert len(read_rows(rows_as_csv([[n] for n in range(1000)]).encode(), max_rows=10)) == 11


def test_an_empty_first_sheet_has_no_rows_even_when_a_later_one_has():
    book = Workbook()
    book.create_sheet("Notes").append(["not", "this"])

    assert read_rows(saved(book)) == []


GOOD = a_workbook(["period", "value"], ["2026-01-05", 3])
GOOD_SHEET = zipfile.ZipFile(io.BytesIO(GOOD)).read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize(
    "damaged",
    [
        with_part(GOOD, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c"),  # the sheet cut short
        with_part(GOOD, "xl/workbook.xml", b"not xml at all"),
        with_part(GOOD, "[Content_Types].xml", b"<<"),
        with_part(GOOD, "xl/worksheets/sheet1.xml", GOOD_SHEET.replace(b"<v>3</v>", b"<v>three</v>")),
        GOOD[: len(GOOD) // 2],  # half a download
        GOOD[:200] + bytes(200) + GOOD[400:],  # a deflate stream with a hole in it
    ],
    ids=["sheet-xml", "workbook-xml", "content-types", "number-cell", "half", "holed"],
)
def test_a_damaged_workbook_is_unreadable_never_an_error_of_ours(damaged):
    with pytest.raises(UnreadableSpreadsheet, match="save it again"):
        read_rows(damaged)


def test_a_cell_longer_than_excel_holds_is_cut_in_excel_and_whole_in_csv():
    text = "a" * (XLSX_CELL_MOST + 10)

    in_excel = read_rows(write_table(["note"], [[text]], XLSX))[1][0]
    in_csv = read_rows(write_table(["note"], [[text]], CSV))[1][0]

    assert len(in_excel) == XLSX_CELL_MOST and in_excel.endswith("…")
    assert in_csv == text


def test_a_workbook_as_csv_is_the_csv_its_sheet_would_save_as():
    data = a_workbook(["period", "value", "note"], [datetime(2026, 1, 5), 3.0, "'=A1, as exported"])

    assert workbook_as_csv(data, max_rows=10, max_chars=1000) == (
        'period,value,note\r\n2026-01-05,3,"\'=A1, as exported"\r\n'
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (a_workbook(*([n] for n in range(12))), "more than 10 rows"),
        (a_workbook(["note"], ["x" * 600], ["y" * 600]), "more than 0.001 MB as CSV"),
        (a_workbook(), "first sheet is empty"),
    ],
)
def test_a_workbook_too_long_too_large_or_empty_is_refused_before_it_is_parsed(data, message):
    with pytest.raises(UnreadableSpreadsheet, match=message):
        workbook_as_csv(data, max_rows=10, max_chars=1000)
