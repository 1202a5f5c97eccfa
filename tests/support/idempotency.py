"""Every create that takes an idempotency key, as data: where it is, what it takes, how to count its runs.

One world (Team A's measure, a running meeting, a planned cycle) and two tables, one for the API
operations and one for the page forms, so each behaviour is one parametrized test over all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from types import SimpleNamespace
from typing import Any

from django.urls import reverse

from andon.models import Flag
from huddles import services as huddle_services
from huddles.models import NoteEntry
from measures.models import Measure
from tests.support.cycles import make_plan
from tests.support.cycles import make_world as make_cycle_world

CSV = "period,value\n2026-03-02,12\n2026-03-09,14\n"
OTHER_CSV = "period,value\n2026-03-02,20\n"
BAD_CSV = "period,value\nnot-a-date,12\n"


def make_world(personas) -> SimpleNamespace:
    """The personas, Team A's reading measure, a meeting of its huddle under way and a planned cycle."""
    world = make_cycle_world(personas)
    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Morning huddle", starts_at=time(8, 30)
    )
    meeting = huddle_services.start_meeting(huddle=huddle, by=personas.lead)
    cycle = make_plan(world)
    return SimpleNamespace(**vars(world), meeting=meeting, cycle=cycle)


def flags(world) -> int:
    return Flag.objects.count()


def data_changes(world) -> int:
    # Every run of a data write moves the measure's data version, even one that changes no value.
    return Measure.objects.get(pk=world.measure.pk).data_version


def entries(world) -> int:
    return NoteEntry.objects.filter(meeting=world.meeting).count()


@dataclass(frozen=True)
class Operation:
    name: str
    url: Callable[[Any], str]
    body: Callable[[Any], Any]  # good input
    other: Callable[[Any], Any]  # other good input
    bad: Callable[[Any], Any]  # input the operation refuses
    runs: Callable[[Any], int]  # goes up by one each time the operation really runs
    # False where the operation itself skips what is already stored (the grid), so that a second
    # identical send changes nothing, key or not.
    repeats_without_a_key: bool = True

    def __repr__(self):
        return self.name


def _flag(title):
    return lambda w: {"team": w.team_a.pk, "title": title, "description": "Three lessons had no cover."}


def _point(value):
    return lambda w: {"period": "2026-03-02", "value": value}


API_OPERATIONS = [
    Operation(
        "raise a flag",
        lambda w: "/api/v1/flags/",
        _flag("No cover for 4B"),
        _flag("No cover for 5C"),
        lambda w: {"team": w.team_a.pk, "title": "", "description": "Three lessons had no cover."},
        flags,
    ),
    Operation(
        "enter a data point",
        lambda w: f"/api/v1/measures/{w.measure.pk}/data/",
        _point(12),
        _point(13),
        _point("twelve"),
        data_changes,
    ),
    Operation(
        "enter many data points",
        lambda w: f"/api/v1/measures/{w.measure.pk}/data/",
        lambda w: [{"period": "2026-03-02", "value": 12}, {"period": "2026-03-09", "value": 14}],
        lambda w: [{"period": "2026-03-02", "value": 12}, {"period": "2026-03-09", "value": 15}],
        lambda w: [{"period": "2026-03-02", "value": 12}, {"period": "2026-03-09", "value": "x"}],
        data_changes,
    ),
    Operation(
        "import a CSV file",
        lambda w: f"/api/v1/measures/{w.measure.pk}/data/import/",
        lambda w: {"csv": CSV},
        lambda w: {"csv": OTHER_CSV},
        lambda w: {"csv": BAD_CSV},
        data_changes,
    ),
    Operation(
        "add a note entry",
        lambda w: f"/api/v1/meetings/{w.meeting.pk}/entries/",
        lambda w: {"text": "We agreed to try paired reading."},
        lambda w: {"text": "We agreed to try something else."},
        lambda w: {"text": ""},
        entries,
    ),
]


def _raise_form(title):
    return lambda w: {
        "title": title,
        "description": "Three lessons had no cover.",
        "team": w.team_a.pk,
        "severity": "medium",
        "category": "other",
        "focus_area": "",
    }


def _cycle_flag_form(title):
    return lambda w: {
        "title": title,
        "description": "The books did not arrive.",
        "severity": "medium",
        "category": "other",
    }


def _point_form(value):
    return lambda w: {"period": "2026-03-02", "value": value, "note": ""}


def _grid(value):
    return lambda w: {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-period": "2026-03-02",
        "rows-0-value": value,
        "rows-0-note": "",
    }


def _entry_form(text):
    return lambda w: {"text": text, "kind": "note", "question": ""}


PAGE_FORMS = [
    Operation(
        "raise a flag",
        lambda w: reverse("andon-raise"),
        _raise_form("No cover for 4B"),
        _raise_form("No cover for 5C"),
        _raise_form(""),
        flags,
    ),
    Operation(
        "raise a flag from a cycle",
        lambda w: reverse("cycle-flags", args=[w.cycle.pk]),
        _cycle_flag_form("Books missing"),
        _cycle_flag_form("Timetable clash"),
        _cycle_flag_form(""),
        flags,
    ),
    Operation(
        "enter a data point",
        lambda w: reverse("measure-record", args=[w.measure.pk]),
        _point_form("12"),
        _point_form("13"),
        _point_form("twelve"),
        data_changes,
    ),
    Operation(
        "enter data in the grid",
        lambda w: reverse("measure-grid", args=[w.measure.pk]),
        _grid("12"),
        _grid("13"),
        _grid("twelve"),
        data_changes,
        repeats_without_a_key=False,
    ),
    Operation(
        "confirm a CSV import",
        lambda w: reverse("measure-upload", args=[w.measure.pk]),
        lambda w: {"csv_text": CSV},
        lambda w: {"csv_text": OTHER_CSV},
        lambda w: {"csv_text": BAD_CSV},
        data_changes,
    ),
    Operation(
        "add a note entry",
        lambda w: reverse("meeting-entry-add", args=[w.meeting.pk]),
        _entry_form("We agreed to try paired reading."),
        _entry_form("We agreed to try something else."),
        _entry_form(""),
        entries,
    ),
]
