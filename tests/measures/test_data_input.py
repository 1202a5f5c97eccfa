"""Checking data before it is stored: the reasons a bad row gets, whichever way it came in."""

from datetime import date

from measures.data_input import PointInput, export_csv, point_errors, preview_csv


def reasons(text, data_kind="proportion", existing=frozenset()):
    preview = preview_csv(text, data_kind, set(existing))
    return preview, {row.line: row.errors for row in preview.rows if row.errors}


def test_a_good_proportion_file_previews_clean():
    preview, bad = reasons(
        "period,numerator,denominator,note\n2026-01-05,12,30,\n2026-01-12,15,31,after INSET\n"
    )
    assert preview.ok and bad == {}
    assert preview.rows[1].point == PointInput(date(2026, 1, 12), None, 15.0, 31.0, "after INSET")


def test_each_bad_row_gets_its_reason():
    text = (
        "period,numerator,denominator\n"
        "2026-13-05,1,2\n"  # bad date
        "2026-01-12,one,2\n"  # not a number
        "2026-01-19,1,0\n"  # denominator 0
        "2026-01-26,5,4\n"  # numerator above denominator
        "2026-02-02,1,2\n"
        "2026-02-02,1,3\n"  # duplicate period
    )
    preview, bad = reasons(text)
    assert not preview.ok
    assert bad[2][0].startswith("Bad date:")
    assert bad[3] == ["Not a number: Numerator “one” is not a number."]
    assert bad[4] == ["The denominator must be above 0."]
    assert bad[5] == ["The numerator cannot be above the denominator."]
    assert bad[7] == ["Duplicate period: 2 Feb 2026 is also on line 6."]
    assert 6 not in bad


def test_uk_dates_and_semicolons_are_understood():
    preview, bad = reasons("date;value\n02/03/2026;4.5\n", data_kind="continuous")
    assert bad == {} and preview.rows[0].point.period == date(2026, 3, 2)


def test_missing_columns_are_named():
    preview, _ = reasons("period,value\n2026-01-05,3\n")
    assert preview.problems == [
        "The file needs the columns: denominator, numerator, period (missing: denominator, numerator)."
    ]
    assert not preview.ok


def test_an_empty_file_is_not_ok():
    preview, _ = reasons("period,numerator,denominator\n\n")
    assert preview.problems == ["The file has no data rows."]


def test_rows_for_stored_periods_are_marked_as_replacing():
    preview, _ = reasons("period,value\n2026-01-05,3\n2026-01-12,4\n", "continuous", {date(2026, 1, 5)})
    assert [row.replaces for row in preview.rows] == [True, False]


def test_a_count_must_be_a_whole_number():
    assert point_errors("count", PointInput(date(2026, 1, 5), value=2.5)) == {
        "value": ["A count is a whole number, 0 or more."]
    }


def test_a_rate_may_exceed_one_but_not_have_zero_exposure():
    assert point_errors("rate", PointInput(date(2026, 1, 5), numerator=12, denominator=3)) == {}
    assert "denominator" in point_errors("rate", PointInput(date(2026, 1, 5), numerator=1, denominator=0))


def test_a_single_value_measure_refuses_a_fraction():
    assert "value" in point_errors("continuous", PointInput(date(2026, 1, 5), numerator=1, denominator=2))


def test_export_reads_back_in_and_defuses_formulas():
    class Point:
        def __init__(self, period, value, note):
            self.period, self.value, self.note = period, value, note
            self.numerator = self.denominator = None

    text = export_csv(
        [Point(date(2026, 1, 5), 3.0, "=HYPERLINK()"), Point(date(2026, 1, 12), 2.5, "")], "continuous"
    )
    assert text.splitlines() == ["period,value,note", "2026-01-05,3,'=HYPERLINK()", "2026-01-12,2.5,"]
    preview, bad = reasons(text, "continuous")
    assert bad == {} and [r.point.value for r in preview.rows] == [3.0, 2.5]


def test_a_cell_too_long_for_the_csv_reader_is_a_problem_with_the_file_not_an_error():
    text = "period,value\n2026-03-02," + "1" * 200_000 + "\n"  # over the csv module's 128 KB field limit
    preview = preview_csv(text, "continuous", set())
    assert not preview.ok and preview.rows == []
    assert preview.problems[0].startswith("The file could not be read as CSV")
