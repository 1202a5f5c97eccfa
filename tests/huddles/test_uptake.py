"""Uptake per team over the last four weeks: cycles started and studied, huddles held on schedule,
attendance and action items closed on time, in the same number of queries for 2 teams or 20."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huddles.uptake import uptake_rows
from playbook import clock
from playbook.models import User
from tests.support.factories import MembershipFactory, TeamFactory, UserFactory
from tests.support.uptake import NOW, action_due, at, huddle_of, meeting_at, uptake_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(personas):
    return uptake_example(personas)


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
        huddle = huddle_of(team, person)
        meeting = meeting_at(huddle, at(12), closed=True, attendees=[person])
        action_due(meeting, person, date(2026, 3, 14), "done", at(13))

    assert len(_rows(example.leader)) == 20
    assert _queries(example.leader) == small
