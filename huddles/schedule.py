"""When a huddle meets: occurrences from weekdays and a local time in a time zone. Pure: no Django.

Times are wall-clock times in the network's zone, so a 08:30 huddle stays at 08:30 across a
daylight-saving change (its UTC instant moves by an hour). A time that does not exist on the day the
clocks go forward (e.g. 01:30 in London) is taken as the same instant an hour later on the wall clock;
a time that happens twice when they go back is the first of the two (``fold=0``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_start(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``at`` on ``day`` in ``zone``."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def occurrences(weekdays, at: time, tz: str, start: datetime, end: datetime) -> list[datetime]:
    """Every start in [start, end), as aware UTC datetimes, in order. ``weekdays``: 0 = Monday."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zone = ZoneInfo(tz)
    days = set(weekdays)
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    found = []
    while day <= last:
        if day.weekday() in days:
            moment = local_start(day, at, zone)
            if start <= moment < end:
                found.append(moment)
        day += timedelta(days=1)
    return found
