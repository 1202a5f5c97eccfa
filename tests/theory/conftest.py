"""Team A's focus area, owned by its lead, and small builders for its theory."""

from types import SimpleNamespace

import pytest

from tests.support.factories import FocusAreaFactory
from theory import services


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(
        team=personas.team_a,
        owner=personas.lead,
        title="Reading fluency",
        problem="Too few Year 2 pupils read fluently.",
        aim_what="Raise the share of Year 2 pupils reading fluently",
        aim_how_much="from 58% to 75%",
    )


@pytest.fixture
def other_focus_area(personas):
    """Team B's: the sibling team's theory, which Team A's people cannot reach."""
    return FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member, title="Attendance")


@pytest.fixture
def diagram(personas, focus_area):
    """A small driver diagram: two primaries, two secondaries, one idea under the first secondary."""
    lead = personas.lead
    p1 = services.add_driver(focus_area=focus_area, by=lead, kind="primary", text="Daily reading practice")
    p2 = services.add_driver(focus_area=focus_area, by=lead, kind="primary", text="Reading at home")
    s1 = services.add_driver(focus_area=focus_area, by=lead, kind="secondary", text="Time for paired reading")
    s2 = services.add_driver(
        focus_area=focus_area, by=lead, kind="secondary", text="Books pupils want to read"
    )
    services.link_drivers(primary=p1, secondary=s1, by=lead)
    services.link_drivers(primary=p2, secondary=s2, by=lead)
    idea = services.create_change_idea(
        focus_area=focus_area, by=lead, title="Ten-minute paired reading", drivers=[s1]
    )
    return SimpleNamespace(p1=p1, p2=p2, s1=s1, s2=s2, idea=idea)
