"""One reader for CSV and Excel uploads, one writer for both downloads, and one guard against formulas."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from playbook.spreadsheets import (
    CSV,
    FORMULA_STARTS,
    XLSX,
    UnreadableSpreadsheet,
    read_rows,
    rows_as_csv,
    safe_cell,
    unguarded,
    write_table,
)


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
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
