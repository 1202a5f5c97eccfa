"""History: every change is recorded (who, what, when), and a diagram can be seen as it stood then."""

from datetime import UTC, date, datetime, timedelta

import pytest

from playbook import clock
from tests.support.theory import make_cycle
from theory import selectors, services
from theory.models import TheoryEvent

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(days):
    return clock.frozen_at(MONDAY + timedelta(days=days))


def shape(drawn):
    """What a person sees on a driver diagram, as plain data."""
    return {
        "primaries": [d.text for d in drawn.primaries],
        "secondaries": [(d.text, sorted(link.text for link in d.primaries)) for d in drawn.secondaries],
        "ideas": [(i.title, i.status, sorted(link.text for link in i.drivers)) for i in drawn.ideas],
    }


def test_every_change_records_who_what_and_when(personas, focus_area):
    with at(0):
        driver = services.add_driver(focus_area=focus_area, by=personas.lead, kind="primary", text="Practice")
    with at(1):
        services.rename_driver(driver=driver, by=personas.leader, text="Daily practice")
    events = list(TheoryEvent.objects.order_by("at"))
    assert [(e.by.username, e.action, e.summary, e.at) for e in events] == [
        ("lead", "created", "Added primary driver “Practice”", MONDAY),
        (
            "leader",
            "changed",
            "Renamed primary driver “Practice” to “Daily practice”",
            MONDAY + timedelta(days=1),
        ),
    ]
    assert events[1].before["text"] == "Practice" and events[1].after["text"] == "Daily practice"


def test_the_driver_diagram_as_it_stood_on_a_past_date(personas, focus_area):
    lead = personas.lead
    with at(0):
        primary = services.add_driver(focus_area=focus_area, by=lead, kind="primary", text="Practice")
        secondary = services.add_driver(focus_area=focus_area, by=lead, kind="secondary", text="Paired time")
        services.link_drivers(primary=primary, secondary=secondary, by=lead)
        idea = services.create_change_idea(
            focus_area=focus_area, by=lead, title="Reading buddies", drivers=[secondary]
        )
    with at(7):
        services.rename_driver(driver=primary, by=lead, text="Daily practice")
        services.set_testing_status(change_idea=idea, status="testing")
        services.add_driver(focus_area=focus_area, by=lead, kind="primary", text="Home reading")
    with at(14):
        services.delete_driver(driver=secondary, by=lead)
        services.set_testing_status(change_idea=idea, status="adopted")

    first_week = selectors.driver_diagram(
        focus_area, as_of=selectors.end_of_day(focus_area, date(2026, 3, 3))
    )
    assert shape(first_week) == {
        "primaries": ["Practice"],
        "secondaries": [("Paired time", ["Practice"])],
        "ideas": [("Reading buddies", "not_tested", ["Paired time"])],
    }
    second_week = selectors.driver_diagram(
        focus_area, as_of=selectors.end_of_day(focus_area, date(2026, 3, 10))
    )
    assert shape(second_week) == {
        "primaries": ["Daily practice", "Home reading"],
        "secondaries": [("Paired time", ["Daily practice"])],
        "ideas": [("Reading buddies", "testing", ["Paired time"])],
    }
    before_anything = selectors.driver_diagram(focus_area, as_of=MONDAY - timedelta(days=1))
    assert shape(before_anything) == {"primaries": [], "secondaries": [], "ideas": []}


def test_replaying_the_history_gives_todays_diagram(personas, diagram, focus_area):
    services.move_driver(driver=diagram.p2, by=personas.lead, direction="up")
    services.link_change_idea(change_idea=diagram.idea, driver=diagram.s2, by=personas.lead)
    services.unlink_drivers(link=diagram.s1.primary_links.get(), by=personas.lead)
    shelved = services.create_change_idea(focus_area=focus_area, by=personas.member, title="Shelved")
    services.archive_change_idea(change_idea=shelved, by=personas.lead)
    today = selectors.driver_diagram(focus_area)
    replayed = selectors.driver_diagram(focus_area, as_of=clock.now())
    assert shape(replayed) == shape(today)
    assert [i.title for i in replayed.archived_ideas] == ["Shelved"]
    assert replayed.svg(title="t") == today.svg(title="t")


def test_the_fishbone_as_it_stood_on_a_past_date(personas, focus_area):
    with at(0):
        fishbone = services.start_fishbone(focus_area=focus_area, by=personas.member, effect="Slow reading")
        people = fishbone.categories.get(name="People")
        cause = services.add_cause(category=people, by=personas.member, text="Supply cover")
        services.vote(cause=cause, by=personas.member)
    with at(3):
        services.vote(cause=cause, by=personas.lead)
        services.update_cause(cause=cause, by=personas.member, text="Supply cover on Fridays")
        services.add_cause(category=people, by=personas.lead, text="New staff")
    with at(6):
        services.delete_cause(cause=cause, by=personas.lead)

    def seen(day):
        drawn = selectors.fishbone_diagram(focus_area, as_of=selectors.end_of_day(focus_area, day))
        return [(c.text, c.votes) for c in drawn.causes]

    assert seen(date(2026, 3, 2)) == [("Supply cover", 1)]
    assert seen(date(2026, 3, 5)) == [("Supply cover on Fridays", 2), ("New staff", 0)]
    assert seen(date(2026, 3, 8)) == [("New staff", 0)]


def test_cycle_counts_in_a_past_view_count_the_cycles_of_then(personas, diagram, focus_area):
    make_cycle(diagram.idea, personas.member)
    then = clock.now()
    with clock.frozen_at(then + timedelta(days=2)):
        later = make_cycle(diagram.idea, personas.member)
    type(later).objects.filter(pk=later.pk).update(created_at=then + timedelta(days=2))
    assert selectors.driver_diagram(focus_area, as_of=then + timedelta(hours=1)).ideas[0].cycles == 1
    assert selectors.driver_diagram(focus_area).ideas[0].cycles == 2


def test_the_five_whys_as_they_stood(personas, focus_area):
    with at(0):
        analysis = services.start_why_analysis(
            focus_area=focus_area, by=personas.member, problem="Slow reading"
        )
        services.add_why_chain(analysis=analysis, by=personas.member, why="Why?", because="Little practice")
    with at(2):
        services.update_why_analysis(analysis=analysis, by=personas.member, problem="Slow reading in Year 2")
    [then] = selectors.why_analyses(focus_area, as_of=selectors.end_of_day(focus_area, date(2026, 3, 2)))
    [now] = selectors.why_analyses(focus_area)
    assert (then.problem, now.problem) == ("Slow reading", "Slow reading in Year 2")
    assert [s.because for s in then.chains[0].steps] == ["Little practice"]
    assert not then.may_edit
