"""The window of dates Playbook takes from people.

Every date a person types (a data period, a cycle's start and end, a target's date, a holiday, an
action item's due date…) has to fall between 1 January 1990 and a few years from today. A year like
9999 or 0001 is a typo or an attack, never a plan: it would sort to one end of every chart and list,
and a date that far out overflows the arithmetic a calendar or a time zone does with it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from playbook import clock

EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 2  # what has happened, or is planned: data, cycles, meetings, holidays, due dates
AIM_YEARS_AHEAD = 5  # where a team means to be: an aim's date, a target that starts later


def latest(years_ahead: int = YEARS_AHEAD) -> date:
    today = clock.today()
    try:
        return today.replace(year=today.year + years_ahead)
    except ValueError:  # 29 February, and the year it lands in has none
        return today.replace(year=today.year + years_ahead, day=28)


def window_problem(day: date | None, *, years_ahead: int = YEARS_AHEAD) -> str | None:
    """Why ``day`` is refused, in words; None when it is in the window (or not given)."""
    if day is None:
        return None
    last = latest(years_ahead)
    if EARLIEST <= day <= last:
        return None
    return f"Give a date from {_words(EARLIEST)} to {_words(last)}; {day.isoformat()} is outside that."


def check_in_window(field: str, day: date | None, *, years_ahead: int = YEARS_AHEAD) -> None:
    """Raise a ValidationError on ``field`` (a 400 in the API, a form error on a page) when ``day``
    is outside the window."""
    problem = window_problem(day, years_ahead=years_ahead)
    if problem is not None:
        raise ValidationError({field: problem})


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
