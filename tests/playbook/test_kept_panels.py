"""A leader's figures across many teams are kept a couple of minutes per person, and no longer than
their standing holds: a new role, or a team moved in the tree, reads them afresh."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbook import clock, services
from playbook.models import Membership, Team
from tests.support.clients import api_as, page_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_figures")]

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
KEPT = ("uptake", "ready-to-spread", "bright-spots", "concerns")


def home_queries(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def uptake_of(html: str) -> str:
    start = html.index('data-testid="panel-uptake"')
    return html[start : html.index("</section>", start)]


def test_a_leaders_second_look_reuses_the_kept_figures_and_says_when_they_were_read(personas):
    client = page_as(personas.leader)
    with clock.frozen_at(NOON):
        first, fresh = home_queries(client)
    with clock.frozen_at(NOON + timedelta(seconds=30)):
        second, kept = home_queries(client)

    assert kept < fresh  # the four kept panels asked nothing the second time
    assert uptake_of(second) == uptake_of(first)
    assert 'Figures as of <time datetime="2026-03-02T12:00:00+00:00">12:00</time>' in uptake_of(second)


def test_figures_are_kept_per_person(personas):
    page_as(personas.leader).get(reverse("home"))

    html = page_as(personas.hub_leader).get(reverse("home")).content.decode()

    assert "Team C" in uptake_of(html)  # the hub leader's own figures, not Cluster A's leader's


def test_a_team_moved_under_a_leader_shows_at_once(personas):
    client = page_as(personas.leader)
    assert "Team C" not in uptake_of(client.get(reverse("home")).content.decode())

    services.update_team(team=personas.team_c, by=personas.admin, parent=personas.cluster_a)

    assert "Team C" in uptake_of(page_as(personas.leader).get(reverse("home")).content.decode())


def test_a_new_role_reads_afresh(personas):
    client = page_as(personas.member)
    assert 'data-testid="panel-uptake"' not in client.get(reverse("home")).content.decode()

    Membership.objects.create(user=personas.member, team=personas.cluster_b, role="leader")

    html = page_as(personas.member).get(reverse("home")).content.decode()
    assert "Team C" in uptake_of(html)


def test_the_home_api_keeps_the_same_figures(personas):
    first = api_as(personas.leader).get("/api/v1/home/").json()
    Team.objects.filter(pk=personas.team_b.pk).update(name="Team B renamed")

    second = api_as(personas.leader).get("/api/v1/home/").json()

    assert second["uptake"] == first["uptake"]  # kept: a rename shows within two minutes, not at once
    assert {row["team"]["name"] for row in second["uptake"]} >= {"Team A", "Team B"}
    for name in KEPT:
        assert (name in first) == (name in second)
