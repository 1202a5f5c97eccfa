"""Working time: the deadlines a holding team has, on the network's calendar (pure, no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from andon.calendar import (
    Rule,
    WorkingCalendar,
    closed_days,
    describe_duration,
    format_duration,
    parse_duration,
)
from andon.models import DEFAULT_RULES

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar()  # Monday to Friday, 08:00–17:00, Europe/London


def at(day: int, hour: int, minute: int = 0, month: int = 3, tz=LONDON) -> datetime:
    """A moment in March 2026: Monday 2, Friday 6, Saturday 7, Monday 9 …"""
    return datetime(2026, month, day, hour, minute, tzinfo=tz)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def days(n: int) -> timedelta:
    return timedelta(days=n)


# --- Issue 7's defaults, raised at an ordinary time (Monday 10:00) --------------------------------


@pytest.mark.parametrize(
    ("severity", "acknowledge_by", "resolve_by"),
    [
        ("critical", at(2, 11), at(2, 14)),  # 1 h / 4 h
        ("high", at(2, 14), at(3, 10)),  # 4 h / 1 working day
        ("medium", at(3, 10), at(5, 10)),  # 1 day / 3 days
        ("low", at(5, 10), at(11, 10)),  # 3 days / 7 days (Tue, Wed, Thu, Fri, Mon, Tue, Wed)
    ],
)
def test_default_deadlines_from_a_monday_morning(severity, acknowledge_by, resolve_by):
    assert CALENDAR.deadlines(at(2, 10), DEFAULT_RULES[severity]) == (acknowledge_by, resolve_by)


# --- Evenings and weekends --------------------------------------------------------------------------


def test_a_flag_raised_on_friday_afternoon_does_not_climb_over_the_weekend():
    # One working hour after Friday 16:30: half an hour on Friday, half an hour on Monday.
    assert CALENDAR.add(at(6, 16, 30), hours(1)) == at(9, 8, 30)


def test_four_hours_from_friday_afternoon_end_on_monday_morning():
    assert CALENDAR.add(at(6, 15), hours(4)) == at(9, 10)


def test_a_working_day_from_friday_is_monday_at_the_same_time():
    assert CALENDAR.add(at(6, 15), days(1)) == at(9, 15)


def test_a_flag_raised_on_saturday_starts_its_clock_on_monday_morning():
    assert CALENDAR.add(at(7, 11), hours(1)) == at(9, 9)
    assert CALENDAR.add(at(7, 11), days(1)) == at(10, 8)


def test_a_flag_raised_in_the_evening_starts_its_clock_next_morning():
    assert CALENDAR.add(at(3, 20), hours(2)) == at(4, 10)


def test_a_flag_raised_before_work_starts_at_opening_time():
    assert CALENDAR.add(at(3, 6), hours(2)) == at(3, 10)


def test_a_deadline_may_fall_exactly_at_closing_time():
    assert CALENDAR.add(at(2, 16), hours(1)) == at(2, 17)


def test_hours_longer_than_a_day_carry_over_whole_working_days():
    # 9-hour days: 20 hours from Thursday 08:00 is Thursday (9) + Friday (9) + 2 h on Monday.
    assert CALENDAR.add(at(5, 8), hours(20)) == at(9, 10)


def test_days_and_hours_together_count_days_first():
    assert CALENDAR.add(at(6, 16), days(1) + hours(2)) == at(10, 9)


# --- Holidays and school breaks ---------------------------------------------------------------------


def test_a_holiday_monday_is_skipped():
    calendar = WorkingCalendar(closed=closed_days([(date(2026, 3, 9), date(2026, 3, 9))]))
    assert calendar.add(at(6, 16, 30), hours(1)) == at(10, 8, 30)
    assert calendar.add(at(6, 10), days(1)) == at(10, 10)


def test_a_school_break_stops_the_clock_for_its_whole_length():
    # Easter break 2026: Monday 30 March to Friday 10 April; back on Monday 13 April.
    easter = closed_days([(date(2026, 3, 30), date(2026, 4, 10))])
    calendar = WorkingCalendar(closed=easter)
    assert calendar.add(at(27, 14), days(3)) == at(15, 14, month=4)
    assert calendar.add(at(1, 9, month=4), hours(1)) == at(13, 9, month=4)


def test_a_closed_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="cannot end"):
        closed_days([(date(2026, 3, 9), date(2026, 3, 8))])


# --- Every hour, time zones, working weeks ------------------------------------------------------------


def test_critical_flags_may_count_every_hour():
    rule = Rule(hours(1), hours(4), count_every_hour=True)
    assert CALENDAR.deadlines(at(6, 16, 30), rule) == (at(6, 17, 30), at(6, 20, 30))


def test_working_hours_are_in_the_networks_time_zone():
    new_york = ZoneInfo("America/New_York")
    calendar = WorkingCalendar(time_zone="America/New_York", day_starts=time(9), day_ends=time(17))
    # 20:00 in London on Monday is 15:00 in New York: two working hours are left that day.
    assert calendar.add(at(2, 20), hours(3)) == datetime(2026, 3, 3, 10, tzinfo=new_york)


def test_the_day_after_the_clocks_change_keeps_its_working_hours():
    # British Summer Time starts on Sunday 29 March 2026: Monday 11:00 is 10:00 UTC.
    deadline = CALENDAR.add(at(27, 16), hours(3))
    assert deadline == at(30, 10)
    assert deadline.astimezone(ZoneInfo("UTC")).hour == 9


def test_a_network_may_work_saturdays():
    calendar = WorkingCalendar(weekdays=frozenset({0, 1, 2, 3, 4, 5}))
    assert calendar.add(at(6, 16, 30), hours(1)) == at(7, 8, 30)


def test_a_calendar_without_working_days_is_refused():
    with pytest.raises(ValueError, match="weekday"):
        WorkingCalendar(weekdays=frozenset())


def test_a_working_day_must_end_after_it_starts():
    with pytest.raises(ValueError, match="end after"):
        WorkingCalendar(day_starts=time(17), day_ends=time(8))


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add(datetime(2026, 3, 2, 10), hours(1))


# --- Properties --------------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(LONDON)
)
# Under a day: whole days count working days (same time of day), so only hours add up exactly.
durations = st.integers(min_value=1, max_value=60 * 12 - 1).map(lambda m: timedelta(minutes=m))


@given(moments, durations, durations)
def test_working_hours_add_up(start, first, second):
    calendar = WorkingCalendar(closed=closed_days([(date(2026, 12, 21), date(2027, 1, 1))]))
    assert calendar.add(calendar.add(start, first), second) == calendar.add(start, first + second)


@given(moments, durations)
def test_a_deadline_is_later_than_its_start_and_inside_working_time(start, duration):
    deadline = CALENDAR.add(start, duration)
    local = deadline.astimezone(LONDON)
    assert deadline > start
    assert local.weekday() < 5
    assert time(8) < local.time() <= time(17) or local.time() == time(17)


# --- Durations as admins write them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("4h", hours(4)),
        ("1d", days(1)),
        ("1d 4h", days(1) + hours(4)),
        ("90m", hours(1.5)),
        ("2D3H", days(2) + hours(3)),
    ],
)
def test_durations_are_read_as_people_write_them(text, duration):
    assert parse_duration(text) == duration


@pytest.mark.parametrize("text", ["", "soon", "4 hours", "0h", "-1h", "4h and a bit"])
def test_nonsense_durations_are_refused_with_an_example(text):
    with pytest.raises(ValueError, match="4h|minute"):
        parse_duration(text)


def test_durations_are_written_back_the_same_way():
    assert format_duration(days(1) + hours(4) + timedelta(minutes=30)) == "1d 4h 30m"
    assert parse_duration(format_duration(days(3))) == days(3)
    assert describe_duration(days(1) + hours(1)) == "1 day 1 hour"
