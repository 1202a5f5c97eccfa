"""Core pages ask as many queries for lots of data as for a little: home, notifications, network set-up."""

import pytest
from django.urls import reverse

from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import page_as
from tests.support.cycles import make_plan, make_world
from tests.support.factories import MembershipFactory, NotificationFactory, TeamFactory, UserFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def grow_people(personas, n, start=0):
    for i in range(start, start + n):
        person = UserFactory(username=f"person{i}", network=personas.network)
        MembershipFactory(user=person, team=personas.team_a)
        NotificationFactory(recipient=personas.member, subject=f"Note {i}")


def grow_teams(personas, n, start=0):
    for i in range(start, start + n):
        team = TeamFactory(
            network=personas.network, name=f"Team {i}", slug=f"team-{i}", parent=personas.cluster_b
        )
        MembershipFactory(
            user=UserFactory(username=f"lead{i}", network=personas.network), team=team, role="lead"
        )


@pytest.mark.parametrize(
    ("name", "persona"),
    [("home", "member"), ("notifications", "member"), ("people-list", "admin")],
)
def test_the_page_asks_the_same_queries_for_2_people_as_for_20(
    personas, django_assert_num_queries, name, persona
):
    grow_people(personas, 2)
    assert_same_queries_after(
        page_as(getattr(personas, persona)),
        reverse(name),
        lambda: grow_people(personas, 18, 2),
        django_assert_num_queries,
    )


def test_the_team_list_asks_the_same_queries_for_2_teams_as_for_20(personas, django_assert_num_queries):
    grow_teams(personas, 2)
    assert_same_queries_after(
        page_as(personas.admin),
        reverse("team-list"),
        lambda: grow_teams(personas, 18, 2),
        django_assert_num_queries,
    )


def test_a_team_page_asks_the_same_queries_for_2_members_as_for_20(personas, django_assert_num_queries):
    grow_people(personas, 2)
    assert_same_queries_after(
        page_as(personas.lead),
        reverse("team-detail", kwargs={"pk": personas.team_a.pk}),
        lambda: grow_people(personas, 18, 2),
        django_assert_num_queries,
    )


def test_the_home_page_asks_the_same_queries_for_2_flags_cycles_and_notifications_as_for_20(
    personas, django_assert_num_queries
):
    world = make_world(personas)

    def grow(n, start=0):
        for i in range(start, start + n):
            raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title=f"Flag {i}")
            make_plan(world, title=f"Plan {i}")
            NotificationFactory(recipient=personas.member, subject=f"Note {i}")

    grow(2)
    assert_same_queries_after(
        page_as(personas.member), reverse("home"), lambda: grow(18, 2), django_assert_num_queries
    )
