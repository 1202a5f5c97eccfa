"""Uptake per team over the last four weeks: cycles started and studied, huddles held on schedule,
attendance and action items closed on time, in the same number of queries for 2 teams or 20."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles import services
from huddles.models import ActionItem, Huddle, Meeting
from huddles.uptake import uptake_rows
from playbook import clock
from playbook.models import User
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)  # the window runs from 2 March, 12:00
TODAY = NOW.date()


def at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _huddle(team, by) -> Huddle:
    # No weekdays: the test places every meeting itself, and nothing schedules more.
    return Huddle.objects.create(
        network=team.network, team=team, name=f"{team.name} huddle", starts_at=time(8, 30), created_by=by
    )


def _meeting(huddle, when, *, closed=False, unscheduled=False, attendees=()) -> Meeting:
    meeting = Meeting.objects.create(
        huddle=huddle,
        scheduled_start=when,
        unscheduled=unscheduled,
        status=Meeting.Status.CLOSED if closed else Meeting.Status.OPEN,
        closed_at=when + timedelta(minutes=15) if closed else None,
    )
    meeting.attendees.set(attendees)
    return meeting


def _action(meeting, owner, due_on, status="open", done_at=None) -> ActionItem:
    return ActionItem.objects.create(
        huddle=meeting.huddle,
        meeting=meeting,
        text=f"Due {due_on}",
        owner=owner,
        due_on=due_on,
        status=status,
        done_at=done_at,
        created_by=owner,
        created_at=meeting.scheduled_start,
    )


def _study(cycle, by):
    """From Do on into Act: what happened, each prediction studied, then the move."""
    services.update_cycle(cycle=cycle, by=by, what_happened="We ran it for two weeks.")
    cycle = services.transition(cycle=cycle, by=by, to="studying")
    for prediction in cycle.predictions.all():
        services.study_prediction(prediction=prediction, by=by, actual="It did.", outcome="met")
    return services.transition(cycle=cycle, by=by, to="acting")


@pytest.fixture
def example(personas):
    """Team A: 2 people, 3 scheduled meetings of which 2 held, 1 held unscheduled, 3 attendances;
    3 action items due in the window, 1 closed on time; 1 cycle started and studied in the window,
    1 started before it. Team B: 1 cycle started in the window, nothing else."""
    p = personas
    world = make_world(p)
    huddle = _huddle(p.team_a, p.lead)
    first = _meeting(huddle, at(3), closed=True, attendees=[p.member, p.lead])
    _meeting(huddle, at(10), attendees=[p.member])  # open, but people were there: held
    _meeting(huddle, at(17))  # nobody came, nothing written: not held
    _meeting(huddle, at(18), closed=True, unscheduled=True)  # held, though not on the schedule
    _meeting(huddle, at(20, month=2), closed=True, attendees=[p.member])  # before the window
    _meeting(huddle, at(31), attendees=[p.member])  # still to come

    _action(first, p.member, date(2026, 3, 10), "done", at(9))  # on time
    _action(first, p.member, date(2026, 3, 11), "done", at(12))  # late
    _action(first, p.lead, date(2026, 3, 20))  # open past its date
    _action(first, p.lead, date(2026, 3, 21), "dropped")  # dropped: not counted
    _action(first, p.lead, TODAY)  # due today: not late yet
    _action(first, p.lead, date(2026, 2, 20), "done", at(19, month=2))  # due before the window

    with clock.frozen_at(at(1, month=2)):
        early = make_plan(world, title="Started in February")
        run_to(early, "doing", p.member)
    with clock.frozen_at(at(5)):
        tested = make_plan(world, title="Tested in March")
        run_to(tested, "doing", p.member)
    with clock.frozen_at(at(20)):
        _study(tested, p.member)
    with clock.frozen_at(at(6)):
        sibling = make_plan(
            world,
            by=p.sibling_member,
            team=p.team_b,
            title="Team B's test",
            focus_area=None,
            change_idea=None,
            predictions=[services.PredictionInput("Pupils will finish the task.")],
        )
        run_to(sibling, "doing", p.sibling_member)
    return world


def _rows(user):
    with clock.frozen_at(NOW):
        return {row.team.name: row for row in uptake_rows(User.objects.get(pk=user.pk))}


def test_it_counts_cycles_started_and_studied_in_the_last_four_weeks(example):
    rows = _rows(example.leader)

    assert (rows["Team A"].cycles_started, rows["Team A"].cycles_studied) == (1, 1)
    assert (rows["Team B"].cycles_started, rows["Team B"].cycles_studied) == (1, 0)


def test_it_counts_meetings_held_against_meetings_scheduled(example):
    team_a = _rows(example.leader)["Team A"]

    assert (team_a.meetings_held, team_a.meetings_scheduled) == (3, 3)


def test_attendance_is_the_share_of_the_teams_people_at_held_meetings(example):
    team_a = _rows(example.leader)["Team A"]

    assert team_a.people == 2
    assert team_a.attendances == 3
    assert team_a.attendance_percent == 50  # 3 attendances over 3 held meetings × 2 people


def test_it_counts_action_items_closed_by_their_due_date(example):
    team_a = _rows(example.leader)["Team A"]

    assert (team_a.actions_on_time, team_a.actions_due) == (1, 3)


def test_a_team_with_nothing_held_shows_no_figure_rather_than_zero_percent(example):
    team_b = _rows(example.leader)["Team B"]

    assert team_b.attendance is None and team_b.on_time is None
    assert team_b.as_data()["attendance"] is None


def test_a_leader_sees_only_the_teams_below_them(example):
    assert set(_rows(example.leader)) == {"Team A", "Team B"}


def test_the_hub_leader_sees_every_team_and_cluster_below_the_hub(example):
    assert set(_rows(example.hub_leader)) == {"Cluster A", "Cluster B", "Team A", "Team B", "Team C"}


def test_a_lead_oversees_no_team_and_gets_no_rows(example):
    assert _rows(example.lead) == {}


def test_each_figure_links_into_the_work(example):
    urls = _rows(example.leader)["Team A"].urls

    assert urls["team"] == example.team_a.get_absolute_url()
    assert urls["cycles_started"].startswith("/cycles/?team=")
    assert urls["huddles"].startswith("/huddles/")


def _queries(user) -> int:
    fresh = User.objects.get(pk=user.pk)
    with clock.frozen_at(NOW), CaptureQueriesContext(connection) as captured:
        uptake_rows(fresh)
    return len(captured.captured_queries)


def test_it_asks_the_same_number_of_queries_for_2_teams_as_for_20(example):
    small = _queries(example.leader)
    for n in range(18):
        team = TeamFactory(network=example.network, parent=example.cluster_a, name=f"Team {n:02}")
        person = UserFactory(network=example.network)
        MembershipFactory(team=team, user=person)
        huddle = _huddle(team, person)
        meeting = _meeting(huddle, at(12), closed=True, attendees=[person])
        _action(meeting, person, date(2026, 3, 14), "done", at(13))

    assert len(_rows(example.leader)) == 20
    assert _queries(example.leader) == small
