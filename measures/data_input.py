"""Checking data before it is stored: one point's values, and a CSV file of many.

Pure functions over plain values (and today's date, for the window periods must fall in), shared by
the forms, the API and the CSV import, so a bad row gets the same reason whichever way it came in.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from playbook.dates import window_problem
from playbook.spreadsheets import CSV, unguarded, write_table

CONTINUOUS, PROPORTION, RATE, COUNT = "continuous", "proportion", "rate", "count"
SUBGROUP, DAYS_BETWEEN, CASES_BETWEEN = "subgroup", "days_between", "cases_between"
MAX_OBSERVATIONS = 1000  # a period's values: a year group's scores, with room to spare
MULTIPLIERS = (1, 100, 1000)
MAX_CSV_ROWS = 5000
MAX_CSV_BYTES = 1_000_000  # far more than 5,000 rows need, well inside a request's limit (2.5 MB)
# Rows of an Excel workbook read at most: the data rows allowed with room for blank rows between
# them; past it the file is refused before the rest of it is read (a workbook packs rows tightly).
XLSX_ROWS_READ = 2 * MAX_CSV_ROWS
NOTE_MAX = 500  # DataPoint.note
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


@dataclass
class PointInput:
    period: date | None
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    observations: list[float] | None = None  # a subgroup measure's values for the period


@dataclass
class CsvRow:
    line: int
    raw: dict[str, str]
    point: PointInput
    errors: list[str] = field(default_factory=list)
    replaces: bool = False  # a point for this period is already stored and will be overwritten

    @property
    def n(self) -> int | None:
        """How many values a subgroup row gathered from the file's lines."""
        return None if self.point.observations is None else len(self.point.observations)

    @property
    def mean(self) -> float | None:
        observations = self.point.observations
        return sum(observations) / len(observations) if observations else None


@dataclass
class CsvPreview:
    rows: list[CsvRow]
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def error_count(self) -> int:
        return len(self.problems) + sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STEP_DAYS = {"daily": 1, "weekly": 7, "fortnightly": 14}


@dataclass(frozen=True)
class Rhythm:
    """When a measure's periods start: its frequency, and a period already in the series.

    A weekly or fortnightly series keeps the weekday it started on (Monday when it has no data yet),
    a fortnightly one every other week of it too; a monthly series starts on the 1st. Daily data
    takes any day, and terms start whenever the school's do, so termly data takes any day as well.
    """

    frequency: str
    anchor: date | None = None  # the series' first period, if it has data

    @property
    def weekday(self) -> int:
        return self.anchor.weekday() if self.anchor is not None else 0

    def problem(self, day: date | None) -> str | None:
        """Why ``day`` cannot start a period of this series, in words; None when it can."""
        if day is None:
            return None
        if self.frequency in ("weekly", "fortnightly") and day.weekday() != self.weekday:
            every = "week" if self.frequency == "weekly" else "fortnight"
            return (
                f"This measure's periods start on a {WEEKDAYS[self.weekday]} every {every}; "
                f"{day:%-d %B %Y} is a {WEEKDAYS[day.weekday()]}."
            )
        if self.frequency == "fortnightly" and self.anchor is not None and (day - self.anchor).days % 14:
            return (
                f"This measure's periods start every other {WEEKDAYS[self.weekday]} "
                f"from {self.anchor:%-d %B %Y}; {day:%-d %B %Y} falls in between."
            )
        if self.frequency == "monthly" and day.day != 1:
            return f"Monthly periods start on the 1st: give {day.replace(day=1):%-d %B %Y} for {day:%B %Y}."
        return None

    def containing(self, day: date) -> date:
        """The start of the period ``day`` falls in."""
        if self.frequency in ("weekly", "fortnightly"):
            start = day - timedelta(days=(day.weekday() - self.weekday) % 7)
            off_week = self.anchor is not None and (start - self.anchor).days % 14
            if self.frequency == "fortnightly" and off_week:
                start -= timedelta(days=7)
            return start
        if self.frequency == "monthly":
            return day.replace(day=1)
        return day

    def step(self, day: date, steps: int) -> date:
        days = STEP_DAYS.get(self.frequency)
        if days is not None:
            return day + timedelta(days=days * steps)
        months = steps * (4 if self.frequency == "termly" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year, month = day.year + year, month + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    def recent(self, today: date, count: int) -> list[date]:
        """The ``count`` periods up to the one today falls in, newest first; never a future one."""
        current = self.containing(today)
        periods = []
        for i in range(count):
            try:
                periods.append(self.step(current, -i))
            except (OverflowError, ValueError):  # before year 1: nothing older to offer
                break
        return periods

    def label(self, period: date) -> str:
        if self.frequency in ("weekly", "fortnightly"):
            return f"Week of {period:%a %-d %b %Y}"
        if self.frequency == "monthly":
            return f"{period:%B %Y}"
        return f"{period:%a %-d %b %Y}"

    def default_period(self, today: date, filled: set[date], count: int = 26) -> date:
        """The latest period, up to today's, that has no data yet; today's when every recent one has."""
        recent = self.recent(today, count)
        return next((p for p in recent if p not in filled), recent[0])


def parse_date(text: str) -> date:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (use 2026-03-02 or 02/03/2026)")


def parse_number(text: str | None, label: str) -> float | None:
    if text is None or not str(text).strip():
        return None
    try:
        number = float(str(text).strip())
    except ValueError:
        raise ValueError(f"{label} “{str(text).strip()}” is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{label} “{str(text).strip()}” is not a number")
    return number


_OBSERVATION_SEPARATORS = re.compile(r"[\s,;]+")


def parse_observations(text: str) -> list[float]:
    """A period's values typed or pasted into one box: spaces, commas, semicolons, tabs or new lines
    between them, so a column copied from a spreadsheet goes in as it is."""
    parts = [part for part in _OBSERVATION_SEPARATORS.split(text.strip()) if part]
    bad = []
    numbers = []
    for part in parts:
        try:
            numbers.append(parse_number(part, "Score"))
        except ValueError:
            bad.append(f"“{part}”")
    if bad:
        shown = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
        raise ValueError(f"These are not numbers: {shown}")
    return numbers


def multiplier_problem(data_kind: str, multiplier: int | None) -> str | None:
    """Why ``multiplier`` does not fit a measure of ``data_kind``; None when it does."""
    if multiplier in (None, 1):
        return None
    if data_kind not in (PROPORTION, RATE):
        return (
            "Only proportions and rates are shown per 100 or per 1,000; "
            "leave this at 1 for this kind of data."
        )
    if multiplier not in MULTIPLIERS:
        return "Show proportions and rates as a fraction (1), per 100 or per 1,000."
    return None


def _observation_errors(observations) -> list[str]:
    if observations is None or len(observations) == 0:
        return ["Give at least one value for the period."]
    if len(observations) > MAX_OBSERVATIONS:
        return [f"Give at most {MAX_OBSERVATIONS:,} values for one period ({len(observations):,} given)."]
    if any(
        isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x) for x in observations
    ):
        return ["Every value must be a number."]
    return []


def point_errors(data_kind: str, point: PointInput, rhythm: Rhythm | None = None) -> dict[str, list[str]]:
    """Why this point cannot be stored for a measure with ``data_kind``; empty when it can.

    With a ``rhythm`` the period must also start one of the series' periods.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if point.period is None:
        add("period", "Give the date of the period.")
    elif problem := window_problem(point.period) or (rhythm and rhythm.problem(point.period)):
        add("period", problem)
    if data_kind != SUBGROUP and point.observations is not None:
        add("observations", "This measure takes one value per period, not several.")
    if data_kind == SUBGROUP:
        if point.value is not None or point.numerator is not None or point.denominator is not None:
            add("value", "This measure takes several values per period (one per pupil), not a single value.")
        for message in _observation_errors(point.observations):
            add("observations", message)
    elif data_kind in (PROPORTION, RATE):
        if point.value is not None:
            add("value", "This measure takes a numerator and a denominator, not a single value.")
        if point.numerator is None:
            add("numerator", "Give the numerator.")
        elif point.numerator < 0:
            add("numerator", "The numerator cannot be negative.")
        if point.denominator is None:
            add("denominator", "Give the denominator.")
        elif point.denominator <= 0:
            add("denominator", "The denominator must be above 0.")
        if (
            data_kind == PROPORTION
            and point.numerator is not None
            and point.denominator is not None
            and point.denominator > 0
            and point.numerator > point.denominator
        ):
            add("numerator", "The numerator cannot be above the denominator.")
    else:
        if point.numerator is not None or point.denominator is not None:
            add("value", "This measure takes a single value, not a numerator and denominator.")
        if point.value is None:
            add("value", "Give a value.")
        elif data_kind == COUNT and (point.value < 0 or point.value != int(point.value)):
            add("value", "A count is a whole number, 0 or more.")
        elif data_kind == DAYS_BETWEEN and point.value <= 0:
            add("value", "The days between two events must be above 0.")
        elif data_kind == CASES_BETWEEN and (point.value < 0 or point.value != int(point.value)):
            add("value", "The opportunities between two events are a whole number, 0 or more.")
    if len(point.note) > NOTE_MAX:
        add("note", f"Keep the note under {NOTE_MAX} characters.")
    if "\x00" in point.note:
        add("note", "The note contains a NUL character; remove it.")
    return errors


def _header_map(fieldnames: list[str]) -> dict[str, str]:
    aliases = {"period": "period", "date": "period", "value": "value", "numerator": "numerator",
               "denominator": "denominator", "note": "note", "notes": "note", "comment": "note"}  # fmt: skip
    return {
        name: aliases[name.strip().lower()] for name in fieldnames if name and name.strip().lower() in aliases
    }


def preview_csv(
    text: str, data_kind: str, existing_periods: set[date], rhythm: Rhythm | None = None
) -> CsvPreview:
    """Parse a CSV of one measure's data and say, row by row, what is wrong with it.

    A row for a period already stored is a correction and is not held to ``rhythm``.
    """
    text = text.lstrip("\ufeff")  # spreadsheets often save a byte-order mark
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _preview_records(
            csv.DictReader(io.StringIO(text), dialect=dialect), data_kind, existing_periods, rhythm
        )
    except csv.Error as exc:  # e.g. a cell over the csv module's field limit (128 KB)
        return CsvPreview(
            rows=[], problems=[f"The file could not be read as CSV ({exc}); save it again as CSV."]
        )


def _preview_records(reader, data_kind, existing_periods, rhythm) -> CsvPreview:
    columns = _header_map(reader.fieldnames or [])
    needed = (
        {"period", "numerator", "denominator"} if data_kind in (PROPORTION, RATE) else {"period", "value"}
    )
    missing = needed - set(columns.values())
    if missing:
        return CsvPreview(rows=[], problems=[f"The file needs the columns: {', '.join(sorted(needed))} "
                                             f"(missing: {', '.join(sorted(missing))})."])  # fmt: skip
    records: list[tuple[int, dict[str, str]]] = []
    for line, record in enumerate(reader, start=2):
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # blank lines are not data
        if len(records) >= MAX_CSV_ROWS:
            too_many = [f"The file has more than {MAX_CSV_ROWS} rows; split it."]
            return CsvPreview(rows=_rows(records, data_kind, existing_periods, rhythm), problems=too_many)
        raw = {
            columns[k]: (v or "").strip() for k, v in record.items() if k in columns and isinstance(v, str)
        }
        records.append((line, raw))
    if not records:
        return CsvPreview(rows=[], problems=["The file has no data rows."])
    return CsvPreview(rows=_rows(records, data_kind, existing_periods, rhythm))


def _rows(records, data_kind, existing_periods, rhythm) -> list[CsvRow]:
    if data_kind == SUBGROUP:
        return _subgroup_rows(records, existing_periods, rhythm)
    seen: dict[date, int] = {}
    return [_preview_row(line, raw, data_kind, seen, existing_periods, rhythm) for line, raw in records]


def _subgroup_rows(records, existing_periods, rhythm) -> list[CsvRow]:
    """A subgroup measure's file has a line per value (``period,value`` again and again); the lines of
    one period become one point, so a preview row stands for a period and names its lines' problems."""
    by_period: dict[date, CsvRow] = {}
    rows: list[CsvRow] = []
    notes: dict[date, list[str]] = {}
    for line, raw in records:
        try:
            period = parse_date(raw.get("period", ""))
        except ValueError as exc:  # a line that names no period cannot join one: it stands alone
            rows.append(
                CsvRow(line=line, raw=raw, point=PointInput(period=None), errors=[f"Bad date: {exc}."])
            )
            continue
        row = by_period.get(period)
        if row is None:
            row = CsvRow(
                line=line, raw={"period": raw.get("period", "")}, point=PointInput(period, observations=[])
            )
            by_period[period] = row
            rows.append(row)
        try:
            value = parse_number(raw.get("value"), "Value")
        except ValueError as exc:
            row.errors.append(f"Line {line}: not a number: {exc}.")
        else:
            if value is None:
                row.errors.append(f"Line {line}: the value is empty.")
            else:
                row.point.observations.append(value)
        note = unguarded(raw.get("note", ""))
        if note and note not in notes.setdefault(period, []):
            notes[period].append(note)
    for period, row in by_period.items():
        row.point.note = "; ".join(notes.get(period, []))
        row.replaces = period in existing_periods
        if not row.errors:
            held_to = None if row.replaces else rhythm
            for messages in point_errors(SUBGROUP, row.point, held_to).values():
                row.errors.extend(messages)
    return rows


def _preview_row(line, raw, data_kind, seen, existing_periods, rhythm=None) -> CsvRow:
    errors: list[str] = []
    note = unguarded(raw.get("note", ""))
    point = PointInput(period=None, note=note)
    try:
        point.period = parse_date(raw.get("period", ""))
    except ValueError as exc:
        errors.append(f"Bad date: {exc}.")
    for name in ("value", "numerator", "denominator"):
        try:
            setattr(point, name, parse_number(raw.get(name), name.capitalize()))
        except ValueError as exc:
            errors.append(f"Not a number: {exc}.")
    if not errors:
        held_to = None if point.period in existing_periods else rhythm
        for messages in point_errors(data_kind, point, held_to).values():
            errors.extend(messages)
    if point.period is not None:
        if point.period in seen:
            errors.append(f"Duplicate period: {point.period:%-d %b %Y} is also on line {seen[point.period]}.")
        else:
            seen[point.period] = line
    return CsvRow(line=line, raw=raw, point=point, errors=errors, replaces=point.period in existing_periods)


def export_columns(data_kind: str) -> list[str]:
    """The columns of a measure's data file, the same the import reads."""
    if data_kind in (PROPORTION, RATE):
        return ["period", "numerator", "denominator", "note"]
    return ["period", "value", "note"]


def export_rows(points, data_kind: str):
    """A measure's data as rows of typed cells (dates, numbers, text), for either file format."""
    fraction = data_kind in (PROPORTION, RATE)
    for p in points:
        if data_kind == SUBGROUP:  # a line per value, the period's note on its first line
            for i, value in enumerate(p.observations or []):
                yield [p.period, value, p.note if i == 0 else ""]
            continue
        yield [p.period, *((p.numerator, p.denominator) if fraction else (p.value,)), p.note]


def export_file(points, data_kind: str, fmt: str) -> bytes:
    return write_table(export_columns(data_kind), export_rows(points, data_kind), fmt, title="Data")


def export_csv(points, data_kind: str) -> str:
    """A measure's data as CSV, in the same columns the import reads."""
    return export_file(points, data_kind, CSV).decode("utf-8")
