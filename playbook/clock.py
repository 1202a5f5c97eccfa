"""The one clock. Deadline decisions call ``now()`` (or ``today()``, the date it is in the site's
time zone); tests move it with ``frozen_at``."""

from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: datetime):
    global _frozen
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    previous, _frozen = _frozen, moment
    try:
        yield moment
    finally:
        _frozen = previous
