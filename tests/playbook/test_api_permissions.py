"""Who may do what through the API: one table per endpoint, persona → expected status (Taiga-style).

A new endpoint without a table here is visible in review. The personas and their tree are in
tests/conftest.py. ``None`` is someone not signed in.
"""

import pytest

from playbook.models import Membership, Notification, Team
from tests.support.clients import api_as
from tests.support.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def as_persona(personas, name):
    return api_as(getattr(personas, name) if name else None)


def membership_of(personas, name, team="team_a"):
    return Membership.objects.get(user=getattr(personas, name), team=getattr(personas, team))


# --- Me -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 200), ("admin", 200), ("outsider", 200), ("loner", 200), (None, 401)],
)
def test_reading_me(personas, persona, expected):
    assert as_persona(personas, persona).get("/api/v1/me/").status_code == expected


# --- Networks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "network", "expected"),
    [
        ("member", "network", 200),
        ("admin", "network", 200),
        ("outsider", "network", 404),
        ("member", "other_network", 404),
        ("admin", "other_network", 404),
        ("outsider", "other_network", 200),
        (None, "network", 401),
    ],
)
def test_reading_a_network(personas, persona, network, expected):
    network_id = getattr(personas, network).pk
    assert as_persona(personas, persona).get(f"/api/v1/networks/{network_id}/").status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", ["Riverside"]), ("admin", ["Riverside"]), ("outsider", ["Elsewhere"])],
)
def test_listing_networks_shows_only_ones_own(personas, persona, expected):
    body = as_persona(personas, persona).get("/api/v1/networks/").json()
    assert [n["name"] for n in body["results"]] == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("admin", 200), ("hub_leader", 403), ("lead", 403), ("member", 403), ("outsider", 404), (None, 401)],
)
def test_renaming_the_network(personas, persona, expected):
    url = f"/api/v1/networks/{personas.network.pk}/"
    assert as_persona(personas, persona).patch(url, {"name": "Riverside Trust"}).status_code == expected


# --- Teams ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 200),
        ("lead", 200),
        ("leader", 200),
        ("hub_leader", 200),
        ("admin", 200),
        ("sibling_member", 404),
        ("outsider", 404),
        ("loner", 404),
        (None, 401),
    ],
)
def test_reading_team_a(personas, persona, expected):
    assert as_persona(personas, persona).get(f"/api/v1/teams/{personas.team_a.pk}/").status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", {"hub", "cluster-a", "team-a"}),
        ("sibling_member", {"hub", "cluster-a", "team-b"}),
        ("leader", {"hub", "cluster-a", "team-a", "team-b"}),
        ("admin", {"hub", "cluster-a", "cluster-b", "team-a", "team-b", "team-c"}),
        ("outsider", {"other-team"}),
        ("loner", set()),
    ],
)
def test_listing_teams_shows_what_each_persona_may_see(personas, persona, expected):
    body = as_persona(personas, persona).get("/api/v1/teams/").json()
    assert {team["slug"] for team in body["results"]} == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 403),
        ("lead", 200),
        ("leader", 200),
        ("hub_leader", 200),
        ("admin", 200),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_renaming_team_a(personas, persona, expected):
    url = f"/api/v1/teams/{personas.team_a.pk}/"
    assert as_persona(personas, persona).patch(url, {"name": "Team Alpha"}).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 403), ("lead", 403), ("leader", 403), ("hub_leader", 403), ("admin", 200)],
)
def test_moving_team_a_under_the_hub(personas, persona, expected):
    url = f"/api/v1/teams/{personas.team_a.pk}/"
    assert as_persona(personas, persona).patch(url, {"parent": personas.hub.pk}).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", 201),
        ("hub_leader", 403),
        ("leader", 403),
        ("lead", 403),
        ("member", 403),
        # Cluster A is not a team the outsider can see, so the parent reads as nonexistent.
        ("outsider", 400),
        (None, 401),
    ],
)
def test_creating_a_team(personas, persona, expected):
    data = {"name": "Team D", "kind": "team", "parent": personas.cluster_a.pk}
    assert as_persona(personas, persona).post("/api/v1/teams/", data).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", 204),
        ("hub_leader", 403),
        ("leader", 403),
        ("lead", 403),
        ("member", 403),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_deleting_team_a(personas, persona, expected):
    response = as_persona(personas, persona).delete(f"/api/v1/teams/{personas.team_a.pk}/")
    assert response.status_code == expected
    assert Team.objects.filter(pk=personas.team_a.pk).exists() == (expected != 204)


# --- Memberships ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 201),
        ("leader", 201),
        ("hub_leader", 201),
        ("admin", 201),
        ("member", 403),
        # Team A is not in their visible teams: a field error on `team`, like any unknown id.
        ("sibling_member", 400),
        ("outsider", 400),
        (None, 401),
    ],
)
def test_adding_a_member_to_team_a(personas, persona, expected):
    data = {"team": personas.team_a.pk, "user": personas.loner.pk, "role": "member"}
    assert as_persona(personas, persona).post("/api/v1/memberships/", data).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("lead", 403), ("leader", 403), ("hub_leader", 403), ("admin", 201)],
)
def test_making_someone_leader_of_team_a(personas, persona, expected):
    data = {"team": personas.team_a.pk, "user": personas.loner.pk, "role": "leader"}
    assert as_persona(personas, persona).post("/api/v1/memberships/", data).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", 200),
        ("lead", 200),
        ("leader", 200),
        ("hub_leader", 200),
        ("admin", 200),
        ("sibling_member", 404),
        ("outsider", 404),
        ("loner", 404),
        (None, 401),
    ],
)
def test_reading_the_members_membership(personas, persona, expected):
    url = f"/api/v1/memberships/{membership_of(personas, 'member').pk}/"
    assert as_persona(personas, persona).get(url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 200),
        ("leader", 200),
        ("admin", 200),
        ("member", 403),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_promoting_the_member_to_lead(personas, persona, expected):
    url = f"/api/v1/memberships/{membership_of(personas, 'member').pk}/"
    assert as_persona(personas, persona).patch(url, {"role": "lead"}).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("lead", 204),
        ("leader", 204),
        ("admin", 204),
        ("member", 403),
        ("sibling_member", 404),
        ("outsider", 404),
        (None, 401),
    ],
)
def test_removing_the_member_from_team_a(personas, persona, expected):
    membership = membership_of(personas, "member")
    response = as_persona(personas, persona).delete(f"/api/v1/memberships/{membership.pk}/")
    assert response.status_code == expected
    assert Membership.objects.filter(pk=membership.pk).exists() == (expected != 204)


@pytest.mark.parametrize(
    ("persona", "expected"),
    # The lead sees Cluster A's name only, not who is in it.
    [("admin", 204), ("leader", 403), ("lead", 404)],
)
def test_removing_the_leader_of_cluster_a(personas, persona, expected):
    url = f"/api/v1/memberships/{membership_of(personas, 'leader', 'cluster_a').pk}/"
    assert as_persona(personas, persona).delete(url).status_code == expected


# --- Notifications --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 200), ("lead", 404), ("admin", 404), ("outsider", 404), (None, 401)],
)
def test_reading_the_members_notification(personas, persona, expected):
    notification = NotificationFactory(recipient=personas.member)
    url = f"/api/v1/notifications/{notification.pk}/"
    assert as_persona(personas, persona).get(url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 200), ("lead", 404), ("admin", 404), (None, 401)],
)
def test_marking_the_members_notification_read(personas, persona, expected):
    notification = NotificationFactory(recipient=personas.member)
    response = as_persona(personas, persona).post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == expected
    assert Notification.objects.get(pk=notification.pk).is_read == (expected == 200)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("member", 200), ("loner", 200), (None, 401)],
)
def test_marking_all_notifications_read(personas, persona, expected):
    assert as_persona(personas, persona).post("/api/v1/notifications/read-all/").status_code == expected
