"""Working time on a network's calendar. Pure: no Django, no database, no clock.

An escalation deadline is "so much working time after the flag reached its team". Working time is
the working hours of working days in the network's time zone: a weekday the network works, that is
not a holiday or inside a school break. So a flag raised on Friday afternoon does not climb over
the weekend, nor over the Christmas break.

How a duration is counted (``WorkingCalendar.add``):

* Whole days count working days: one day after Tuesday 10:00 is Wednesday 10:00, one day after
  Friday 15:00 is Monday 15:00. This is what people mean by "within a day".
* Hours and minutes count working hours: four hours after Monday 15:00 on an 08:00–17:00 day is
  Tuesday 10:00.
* A clock that starts outside working hours starts at the next working moment: a flag raised on
  Saturday has its first hour on Monday from 08:00.
* ``every_hour=True`` counts every hour of every day (for flags too urgent to wait for Monday).

Times of day are wall-clock times in the network's zone, so a working day is the same hours in
summer and winter; clocks change at night, outside working hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MONDAY_TO_FRIDAY = frozenset(range(5))  # date.weekday(): Monday is 0
# No calendar closes for ten years; a loop that finds no working day in that span is a bad calendar.
MAX_SEARCH_DAYS = 3660


@dataclass(frozen=True)
class Rule:
    """How long a holding team has, for one severity, before the flag moves up a level."""

    acknowledge_within: timedelta
    resolve_within: timedelta
    count_every_hour: bool = False


@dataclass(frozen=True)
class WorkingCalendar:
    time_zone: str = "Europe/London"
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    day_starts: time = time(8, 0)
    day_ends: time = time(17, 0)
    closed: frozenset[date] = frozenset()  # holidays and every day of school breaks

    def __post_init__(self):
        if not self.day_starts < self.day_ends:
            raise ValueError("A working day must end after it starts.")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise ValueError("Name at least one working weekday (0 = Monday … 6 = Sunday).")
        ZoneInfo(self.time_zone)  # raises for an unknown zone

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)  # zoneinfo caches instances

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.closed

    def next_working_day(self, day: date) -> date:
        for _ in range(MAX_SEARCH_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("The calendar has no working day in the next ten years.")

    def working_moment(self, moment: datetime) -> datetime:
        """``moment`` if it falls in working time, else the start of the next working time."""
        local = _local(moment, self.tz)
        day, clock_time = local.date(), local.time()
        if self.is_working_day(day) and clock_time < self.day_ends:
            return max(local, self._at(day, self.day_starts))
        return self._at(self.next_working_day(day), self.day_starts)

    def add(self, start: datetime, duration: timedelta, *, every_hour: bool = False) -> datetime:
        """The moment ``duration`` of working time after ``start`` (see the module's docstring)."""
        if duration < timedelta(0):
            raise ValueError("A duration to add cannot be negative.")
        if every_hour:
            return start + duration
        moment = self.working_moment(start)
        day, clock_time = moment.date(), moment.time()
        for _ in range(duration.days):
            day = self.next_working_day(day)
        moment = self._at(day, clock_time)
        remaining = duration - timedelta(days=duration.days)
        while True:
            left_today = self._at(day, self.day_ends) - moment
            if remaining <= left_today:
                return moment + remaining
            remaining -= left_today
            day = self.next_working_day(day)
            moment = self._at(day, self.day_starts)

    def deadlines(self, start: datetime, rule: Rule) -> tuple[datetime, datetime]:
        """When a team that got a flag at ``start`` must have acknowledged it, and resolved it."""
        return (
            self.add(start, rule.acknowledge_within, every_hour=rule.count_every_hour),
            self.add(start, rule.resolve_within, every_hour=rule.count_every_hour),
        )

    def _at(self, day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=self.tz)


def _on(day: date, clock_time: time) -> datetime:
    return datetime.combine(day, clock_time)


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Working time needs an aware datetime.")
    return moment.astimezone(tz)


def closed_days(periods) -> frozenset[date]:
    """Every day of the given (first day, last day) periods, both ends included."""
    days = set()
    for first, last in periods:
        if last < first:
            raise ValueError(f"A closed period cannot end ({last}) before it starts ({first}).")
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


# --- Durations as people write them: "4h", "1d", "1d 4h", "90m" ------------------------------------

_PART = re.compile(r"(\d+)\s*([dhm])", re.IGNORECASE)
_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}


def parse_duration(text: str) -> timedelta:
    """``"1d 4h"`` → 1 day 4 hours. Days are working days, hours working hours (see ``add``)."""
    cleaned = (text or "").strip().lower()
    if not cleaned or _PART.sub("", cleaned).strip(" ,"):
        raise ValueError(f"“{text}” is not a duration: write e.g. 4h, 1d, 1d 4h or 30m.")
    total = timedelta(0)
    for amount, unit in _PART.findall(cleaned):
        total += int(amount) * _UNITS[unit]
    if total <= timedelta(0):
        raise ValueError("A deadline must be at least a minute.")
    return total


def format_duration(duration: timedelta) -> str:
    """The inverse of ``parse_duration``: 1 day 4 hours → ``"1d 4h"``."""
    parts = []
    if duration.days:
        parts.append(f"{duration.days}d")
    hours, rest = divmod(duration.seconds, 3600)
    if hours:
        parts.append(f"{hours}h")
    if rest // 60:
        parts.append(f"{rest // 60}m")
    return " ".join(parts) or "0m"


def describe_duration(duration: timedelta) -> str:
    """In words, for pages: "1 working day 4 hours"."""
    parts = []
    if duration.days:
        parts.append(f"{duration.days} day{'s' if duration.days != 1 else ''}")
    hours, rest = divmod(duration.seconds, 3600)
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest // 60:
        parts.append(f"{rest // 60} min")
    return " ".join(parts) or "0 min"
