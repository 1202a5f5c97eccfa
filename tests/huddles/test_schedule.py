"""Occurrences are wall-clock times in the network's zone, right across daylight-saving changes;
and the schedule reads as people say it."""

from datetime import UTC, datetime, time

import pytest

from huddles.models import Huddle
from huddles.schedule import occurrences


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_it_lists_the_chosen_weekdays_at_the_local_time():
    starts = occurrences([0, 2], time(8, 30), "Europe/London", utc(2026, 1, 5), utc(2026, 1, 12))
    assert starts == [utc(2026, 1, 5, 8, 30), utc(2026, 1, 7, 8, 30)]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", utc(2026, 1, 5, 13, 30)),
        ("Asia/Tokyo", utc(2026, 1, 4, 23, 30)),
        ("Australia/Adelaide", utc(2026, 1, 4, 22, 0)),
    ],
)
def test_the_same_local_time_is_a_different_instant_in_each_zone(zone, expected):
    starts = occurrences([0], time(8, 30), zone, utc(2026, 1, 4), utc(2026, 1, 6))
    assert starts == [expected]


def test_a_huddle_stays_at_its_local_time_across_the_spring_change():
    # London moves to BST on Sunday 29 March 2026: 08:30 is 08:30 UTC before, 07:30 UTC after.
    starts = occurrences([4, 0], time(8, 30), "Europe/London", utc(2026, 3, 27), utc(2026, 3, 31))
    assert starts == [utc(2026, 3, 27, 8, 30), utc(2026, 3, 30, 7, 30)]


def test_a_huddle_stays_at_its_local_time_across_the_autumn_change():
    # New York leaves DST on Sunday 1 November 2026.
    starts = occurrences([5, 6], time(9, 0), "America/New_York", utc(2026, 10, 31), utc(2026, 11, 2))
    assert starts == [utc(2026, 10, 31, 13, 0), utc(2026, 11, 1, 14, 0)]


def test_a_time_skipped_by_the_clocks_still_gives_one_meeting():
    # 01:30 does not exist in London on 29 March 2026; the meeting happens once, at 01:30 UTC (02:30 BST).
    starts = occurrences([6], time(1, 30), "Europe/London", utc(2026, 3, 28), utc(2026, 3, 30))
    assert starts == [utc(2026, 3, 29, 1, 30)]


def test_a_time_that_happens_twice_gives_one_meeting_at_the_first():
    starts = occurrences([6], time(1, 30), "Europe/London", utc(2026, 10, 24), utc(2026, 10, 26))
    assert starts == [utc(2026, 10, 25, 0, 30)]


def test_it_refuses_naive_bounds():
    with pytest.raises(ValueError):
        occurrences([0], time(8), "UTC", datetime(2026, 1, 1), utc(2026, 1, 2))


@pytest.mark.parametrize(
    ("weekdays", "said"),
    [
        ([0, 1, 2, 3, 4], "Weekdays at 08:15"),
        ([4, 0, 2], "Monday, Wednesday, Friday at 08:15"),
        (list(range(7)), "Every day at 08:15"),
    ],
)
def test_a_schedule_reads_as_people_say_it(weekdays, said):
    assert Huddle(weekdays=weekdays, starts_at=time(8, 15)).schedule_text == said
