from datetime import UTC, datetime, time

import pytest

from huddles import services
from playbook import clock


@pytest.fixture
def huddle(personas):
    return services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
        place="Room 4",
        agenda=["Check-in", "Questions", "Actions"],
    )


@pytest.fixture
def meeting(huddle, personas):
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        return services.start_meeting(huddle=huddle, by=personas.lead)
