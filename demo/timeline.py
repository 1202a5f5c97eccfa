"""When things happened in the demo, counted from today, so the network always looks alive.

Everything hangs off one Monday, ``change``: the week Oakfield started daily paired reading. A
first seed puts it ten weeks before this week; a later seed reads it back from the data it left
(the reading sessions measure starts a phase on it), so a demo seeded in March and topped up in
June keeps one story instead of two.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playbook import clock
from playbook.models import Notification

WEEKS_OF_CHANGE = 10  # how far back the first seed puts the change
WEEKS_BEFORE = 14  # baseline weeks of data before it


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Timeline:
    today: date
    change: date
    zone: ZoneInfo

    @classmethod
    def starting(cls, time_zone: str, change: date | None = None) -> Timeline:
        zone = ZoneInfo(time_zone)
        # The network's own date: its huddles meet by it, and it can differ from the server's near midnight.
        today = clock.now().astimezone(zone).date()
        first = monday(today) - timedelta(weeks=WEEKS_OF_CHANGE)
        return cls(today=today, change=monday(change) if change else first, zone=zone)

    @property
    def this_week(self) -> date:
        return monday(self.today)

    @property
    def last_week(self) -> date:
        """The last week with data: the week before this one, complete by now."""
        return self.this_week - timedelta(weeks=1)

    @property
    def first_week(self) -> date:
        return self.change - timedelta(weeks=WEEKS_BEFORE)

    def week(self, n: int, day: int = 0) -> date:
        """The ``day``-th day (0 = Monday) of the ``n``-th week after the change."""
        return self.change + timedelta(weeks=n, days=day)

    def from_now(self, n: int, day: int = 0) -> date:
        """The ``day``-th day of the week ``n`` weeks from this one (negative: weeks ago)."""
        return self.this_week + timedelta(weeks=n, days=day)

    def weeks(self) -> list[date]:
        """Every Monday from the first week of data to last week."""
        count = (self.last_week - self.first_week).days // 7 + 1
        return [self.first_week + timedelta(weeks=w) for w in range(max(count, 0))]

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """That local wall-clock moment, but never later than now: the demo records no future."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        return min(moment, clock.now())

    @contextmanager
    def then(self, day: date, hour: int = 9, minute: int = 0):
        """Run the services as if it were that moment, so their timestamps tell the story."""
        with happened_at(self.at(day, hour, minute)) as moment:
            yield moment


@contextmanager
def happened_at(moment: datetime):
    """The clock frozen at ``moment``; the notifications sent meanwhile are dated then too (their
    ``created_at`` is the database's own, not the clock's), so an inbox reads in the story's order."""
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with clock.frozen_at(moment):
        yield moment
    Notification.objects.filter(pk__gt=last).update(created_at=moment)
