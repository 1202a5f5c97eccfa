"""Every team's uptake figures are counted by a job and kept, so a leader's home reads them in one
query; figures the job has not counted lately (it stopped, or the team is new) are counted when a
leader looks, and the panel says how old the figures it shows are."""

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddles.models import TeamUptake
from huddles.services.uptake import keep_uptake_counts
from huddles.tasks import keep_uptake_counts as keep_uptake_counts_task
from huddles.uptake import FIGURES, KEPT_FOR, uptake_rows
from playbook import clock, permissions
from playbook.models import Team, User
from tests.support.clients import page_as
from tests.support.factories import MembershipFactory, TeamFactory, UserFactory
from tests.support.uptake import NOW, action_due, at, huddle_of, meeting_at, uptake_example
from tests.support.waiting import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(personas):
    return uptake_example(personas)


def figures(rows) -> dict[str, dict[str, int]]:
    return {row.team.name: {name: getattr(row, name) for name in FIGURES} for row in rows}


def rows_for(user, moment=NOW):
    """The user's uptake rows, and the queries they took beyond knowing who the user is."""
    fresh = User.objects.get(pk=user.pk)
    permissions.access_for(fresh)
    with clock.frozen_at(moment), CaptureQueriesContext(connection) as captured:
        rows = uptake_rows(fresh)
    return rows, len(captured)


def test_kept_figures_equal_the_figures_counted_afresh_and_take_one_query(example):
    counted, counting_queries = rows_for(example.leader)
    with clock.frozen_at(NOW):
        assert keep_uptake_counts() == Team.objects.count()  # every network's teams

    kept, reading_queries = rows_for(example.leader, NOW + timedelta(minutes=1))

    assert figures(kept) == figures(counted)
    assert figures(kept)["Team A"]["meetings_held"] == 3  # not an empty table that equals an empty table
    assert {row.counted_at for row in kept} == {NOW}
    assert (reading_queries, counting_queries) == (1, 6)


def test_what_happened_since_the_count_waits_for_the_next_count(example):
    with clock.frozen_at(NOW):
        keep_uptake_counts()
    person = UserFactory(network=example.network)
    MembershipFactory(team=example.team_a, user=person)

    kept, _ = rows_for(example.leader, NOW + timedelta(minutes=2))
    assert figures(kept)["Team A"]["people"] == 2

    with clock.frozen_at(NOW + timedelta(minutes=5)):
        keep_uptake_counts()
    kept, _ = rows_for(example.leader, NOW + timedelta(minutes=6))
    assert figures(kept)["Team A"]["people"] == 3


def test_figures_the_job_has_not_counted_lately_are_counted_when_a_leader_looks(example):
    with clock.frozen_at(NOW):
        keep_uptake_counts()
    person = UserFactory(network=example.network)
    MembershipFactory(team=example.team_a, user=person)

    later = NOW + KEPT_FOR + timedelta(seconds=1)
    rows, _ = rows_for(example.leader, later)

    assert figures(rows)["Team A"]["people"] == 3
    assert {row.counted_at for row in rows} == {later}


def test_a_team_the_job_has_not_counted_yet_is_counted_beside_the_kept_ones(example):
    with clock.frozen_at(NOW):
        keep_uptake_counts()
    team = TeamFactory(network=example.network, parent=example.cluster_a, name="Team New")
    person = UserFactory(network=example.network)
    MembershipFactory(team=team, user=person)
    meeting = meeting_at(huddle_of(team, person), at(12), closed=True, attendees=[person])
    action_due(meeting, person, at(14).date(), "done", at(13))

    rows, _ = rows_for(example.leader, NOW + timedelta(minutes=1))
    by_team = {row.team.name: row for row in rows}

    assert figures(rows)["Team New"] == {
        **dict.fromkeys(FIGURES, 0),
        "people": 1,
        "meetings_scheduled": 1,
        "meetings_held": 1,
        "attendances": 1,
        "actions_due": 1,
        "actions_on_time": 1,
    }
    assert by_team["Team New"].counted_at == NOW + timedelta(minutes=1)
    assert by_team["Team A"].counted_at == NOW


def test_a_count_replaces_the_last_one_and_keeps_one_row_a_team(example):
    with clock.frozen_at(NOW):
        keep_uptake_counts()
        keep_uptake_counts()
    with clock.frozen_at(NOW + timedelta(minutes=5)):
        keep_uptake_counts()

    teams = Team.objects.filter(network=example.network).count()
    assert TeamUptake.objects.filter(team__network=example.network).count() == teams
    assert set(TeamUptake.objects.values_list("counted_at", flat=True)) == {NOW + timedelta(minutes=5)}


def test_the_home_panel_says_when_the_kept_figures_were_counted(example):
    with clock.frozen_at(NOW):
        keep_uptake_counts()

    with clock.frozen_at(NOW + timedelta(minutes=4)):
        page = page_as(example.leader).get(reverse("home")).content.decode()

    panel = page.split('data-testid="panel-uptake"', 1)[1].split("</section>", 1)[0]
    shown = re.search(r'data-testid="as-of">Figures as of <time datetime="([^"]+)"', panel)
    assert datetime.fromisoformat(shown[1]) == NOW


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_job_counts_every_team_in_a_real_worker(example, worker):
    keep_uptake_counts_task.delay()

    teams = Team.objects.filter(network=example.network).count()
    assert wait_for(lambda: TeamUptake.objects.filter(team__network=example.network).count() == teams, 30)
    assert TeamUptake.objects.get(team=example.team_a).people == 2
