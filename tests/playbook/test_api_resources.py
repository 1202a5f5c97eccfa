"""What the API's resources do: fields, filters, writes through the services, and query counts."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from playbook.models import Membership, Network, Notification, Team
from tests.support.clients import api_as, assert_error
from tests.support.factories import MembershipFactory, NotificationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Teams ----------------------------------------------------------------------------------------


def test_team_shows_its_fields(personas):
    body = api_as(personas.lead).get(f"/api/v1/teams/{personas.team_a.pk}/").json()
    assert body == {
        "id": personas.team_a.pk,
        "name": "Team A",
        "slug": "team-a",
        "kind": "team",
        "parent": personas.cluster_a.pk,
        "description": "",
        "network": personas.network.pk,
        "my_role": "lead",
    }


def test_leader_above_has_the_leader_role_in_a_team_below(personas):
    body = api_as(personas.leader).get(f"/api/v1/teams/{personas.team_b.pk}/").json()
    assert body["my_role"] == "leader"


def test_team_seen_only_as_an_ancestor_has_no_role(personas):
    assert api_as(personas.member).get(f"/api/v1/teams/{personas.hub.pk}/").json()["my_role"] is None


def test_teams_filter_by_kind(personas):
    body = api_as(personas.admin).get("/api/v1/teams/", {"kind": "cluster"}).json()
    assert {t["slug"] for t in body["results"]} == {"cluster-a", "cluster-b"}


def test_teams_filter_by_parent(personas):
    body = api_as(personas.admin).get("/api/v1/teams/", {"parent": personas.cluster_a.pk}).json()
    assert {t["slug"] for t in body["results"]} == {"team-a", "team-b"}


def test_empty_filter_is_no_filter(personas):
    assert api_as(personas.admin).get("/api/v1/teams/", {"kind": ""}).json()["count"] == 6


def test_admin_creates_a_team_in_their_network(personas):
    response = api_as(personas.admin).post(
        "/api/v1/teams/", {"name": "Team D", "parent": personas.cluster_b.pk, "description": "Year 9"}
    )
    assert response.status_code == 201
    team = Team.objects.get(pk=response.json()["id"])
    assert (team.network, team.parent, team.kind, team.slug) == (
        personas.network,
        personas.cluster_b,
        "team",
        "team-d",
    )


def test_failing_team_create_leaves_no_row(personas):
    before = Team.objects.count()
    response = api_as(personas.admin).post(
        "/api/v1/teams/", {"name": "Cluster C", "kind": "cluster", "parent": personas.cluster_a.pk}
    )
    assert response.status_code == 400
    assert Team.objects.count() == before


def test_team_under_another_networks_team_is_an_unknown_parent(personas):
    response = api_as(personas.admin).post(
        "/api/v1/teams/", {"name": "Spy", "parent": personas.other_team.pk}
    )
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"parent": [f'Invalid pk "{personas.other_team.pk}" - object does not exist.']}


def test_lead_renames_their_team_and_its_slug_follows(personas):
    response = api_as(personas.lead).patch(f"/api/v1/teams/{personas.team_a.pk}/", {"name": "Team Alpha"})
    assert response.json()["slug"] == "team-alpha"
    assert Team.objects.get(pk=personas.team_a.pk).name == "Team Alpha"


def test_member_cannot_rename_their_team(personas):
    api_as(personas.member).patch(f"/api/v1/teams/{personas.team_a.pk}/", {"name": "Mine"})
    assert Team.objects.get(pk=personas.team_a.pk).name == "Team A"


def test_lead_may_put_their_team_unchanged_in_place(personas):
    data = {"name": "Team A", "kind": "team", "parent": personas.cluster_a.pk, "description": "Maths"}
    response = api_as(personas.lead).put(f"/api/v1/teams/{personas.team_a.pk}/", data)
    assert response.status_code == 200
    assert Team.objects.get(pk=personas.team_a.pk).description == "Maths"


def test_admin_cannot_put_a_cluster_under_its_own_team(personas):
    response = api_as(personas.admin).patch(
        f"/api/v1/teams/{personas.cluster_a.pk}/", {"parent": personas.team_a.pk}
    )
    assert_error(response, 400, "invalid")
    assert Team.objects.get(pk=personas.cluster_a.pk).parent == personas.hub


# --- Memberships ----------------------------------------------------------------------------------


def test_lead_adds_a_member_who_is_told_about_it(personas):
    response = api_as(personas.lead).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.loner.pk}
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "team": personas.team_a.pk,
        "user": personas.loner.pk,
        "role": "member",
        "user_display": personas.loner.display_name,
        "team_name": "Team A",
    }
    assert Notification.objects.filter(recipient=personas.loner, kind="membership").count() == 1


def test_refused_membership_leaves_no_row_and_tells_nobody(personas):
    response = api_as(personas.lead).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.loner.pk, "role": "leader"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=personas.loner).exists()
    assert not Notification.objects.filter(recipient=personas.loner).exists()


def test_membership_is_not_kept_when_telling_the_person_fails(personas):
    # PostgreSQL refuses the notification row; the membership written just before must go too.
    # The trigger vanishes with the test's transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_notification() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'notification store is down'; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_notification BEFORE INSERT ON playbook_notification "
            "FOR EACH ROW EXECUTE FUNCTION refuse_notification()"
        )
    with pytest.raises(DatabaseError, match="notification store is down"):
        api_as(personas.lead).post(
            "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.loner.pk}
        )
    assert not Membership.objects.filter(user=personas.loner).exists()


def test_membership_in_an_unseen_team_is_a_field_error_on_team(personas):
    response = api_as(personas.sibling_member).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.loner.pk}
    )
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"team": [f'Invalid pk "{personas.team_a.pk}" - object does not exist.']}


def test_person_from_another_network_reads_as_nonexistent(personas):
    response = api_as(personas.admin).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.outsider.pk}
    )
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"user": [f'Invalid pk "{personas.outsider.pk}" - object does not exist.']}


def test_deactivated_person_reads_as_nonexistent(personas):
    personas.loner.is_active = False
    personas.loner.save(update_fields=["is_active"])
    response = api_as(personas.lead).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.loner.pk}
    )
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["user"]


def test_adding_someone_twice_is_a_field_error_on_user(personas):
    response = api_as(personas.lead).post(
        "/api/v1/memberships/", {"team": personas.team_a.pk, "user": personas.member.pk}
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["user"]


def test_changing_a_membership_changes_only_its_role(personas):
    membership = Membership.objects.get(user=personas.member)
    response = api_as(personas.lead).patch(
        f"/api/v1/memberships/{membership.pk}/", {"role": "lead", "team": personas.team_b.pk}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.role, membership.team) == ("lead", personas.team_a)


def test_unknown_role_is_a_field_error(personas):
    membership = Membership.objects.get(user=personas.member)
    response = api_as(personas.lead).patch(f"/api/v1/memberships/{membership.pk}/", {"role": "captain"})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["role"]


def test_member_sees_their_team_mates_but_not_the_sibling_team(personas):
    body = api_as(personas.member).get("/api/v1/memberships/").json()
    assert {m["user_display"] for m in body["results"]} == {
        personas.member.display_name,
        personas.lead.display_name,
    }


def test_memberships_filter_by_team_and_role(personas):
    body = (
        api_as(personas.admin)
        .get("/api/v1/memberships/", {"team": personas.team_a.pk, "role": "lead"})
        .json()
    )
    assert [m["user"] for m in body["results"]] == [personas.lead.pk]


def test_memberships_filter_by_user(personas):
    body = api_as(personas.admin).get("/api/v1/memberships/", {"user": personas.leader.pk}).json()
    assert [m["team_name"] for m in body["results"]] == ["Cluster A"]


# --- Networks -------------------------------------------------------------------------------------


def test_admin_sets_the_networks_time_zone(personas):
    response = api_as(personas.admin).patch(
        f"/api/v1/networks/{personas.network.pk}/", {"time_zone": "Europe/Dublin"}
    )
    assert response.json()["time_zone"] == "Europe/Dublin"
    assert Network.objects.get(pk=personas.network.pk).time_zone == "Europe/Dublin"


def test_unknown_time_zone_is_a_field_error(personas):
    response = api_as(personas.admin).patch(
        f"/api/v1/networks/{personas.network.pk}/", {"time_zone": "Mars/Base"}
    )
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["time_zone"]


def test_network_cannot_be_replaced_whole(personas):
    response = api_as(personas.admin).put(f"/api/v1/networks/{personas.network.pk}/", {"name": "New"})
    assert_error(response, 405, "method_not_allowed")


# --- Notifications --------------------------------------------------------------------------------


def test_notifications_are_only_ones_own(personas):
    mine = NotificationFactory(recipient=personas.member, subject="For you")
    NotificationFactory(recipient=personas.lead)
    body = api_as(personas.member).get("/api/v1/notifications/").json()
    assert [n["id"] for n in body["results"]] == [mine.pk]
    assert set(body["results"][0]) == {"id", "kind", "subject", "body", "url", "created_at", "read_at"}


def test_notifications_filter_to_unread(personas):
    unread = NotificationFactory(recipient=personas.member)
    NotificationFactory(recipient=personas.member, read_at="2025-01-01T00:00:00Z")
    body = api_as(personas.member).get("/api/v1/notifications/", {"unread": "true"}).json()
    assert [n["id"] for n in body["results"]] == [unread.pk]


def test_reading_a_notification_returns_it_read(personas):
    notification = NotificationFactory(recipient=personas.member)
    body = api_as(personas.member).post(f"/api/v1/notifications/{notification.pk}/read/").json()
    assert body["id"] == notification.pk
    assert body["read_at"] is not None


def test_read_all_marks_only_ones_own_unread_notifications(personas):
    NotificationFactory.create_batch(2, recipient=personas.member)
    others = NotificationFactory(recipient=personas.lead)
    body = api_as(personas.member).post("/api/v1/notifications/read-all/").json()
    assert body == {"marked": 2}
    assert not Notification.objects.filter(recipient=personas.member, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=others.pk).read_at is None


# --- Query counts: a list costs the same whatever its length --------------------------------------


def count_queries(user, url):
    client = api_as(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(queries)


def get_expecting_queries(django_assert_num_queries, user, url, expected):
    client = api_as(user)
    with django_assert_num_queries(expected):
        response = client.get(url, {"page_size": 200})
    return response.json()


def add_teams(personas, n):
    TeamFactory.create_batch(n, network=personas.network, parent=personas.cluster_a)


def add_members(personas, n):
    for _ in range(n):
        MembershipFactory(team=personas.team_a, user=UserFactory(network=personas.network))


@pytest.mark.parametrize(
    ("url", "persona", "add_rows"),
    [
        ("/api/v1/teams/", "admin", add_teams),
        ("/api/v1/teams/", "leader", add_teams),
        ("/api/v1/memberships/", "lead", add_members),
        ("/api/v1/memberships/", "admin", add_members),
    ],
)
def test_list_queries_do_not_grow_with_rows(personas, django_assert_num_queries, url, persona, add_rows):
    user = getattr(personas, persona)
    add_rows(personas, 3)
    small = count_queries(user, url)
    before = api_as(user).get(url).json()["count"]
    add_rows(personas, 37)
    body = get_expecting_queries(django_assert_num_queries, user, url, small)
    assert len(body["results"]) == body["count"] == before + 37


def test_notification_list_queries_do_not_grow_with_rows(personas, django_assert_num_queries):
    NotificationFactory.create_batch(3, recipient=personas.member)
    small = count_queries(personas.member, "/api/v1/notifications/")
    NotificationFactory.create_batch(37, recipient=personas.member)
    body = get_expecting_queries(django_assert_num_queries, personas.member, "/api/v1/notifications/", small)
    assert len(body["results"]) == 40


def test_me_queries_do_not_grow_with_memberships(personas, django_assert_num_queries):
    small = count_queries(personas.admin, "/api/v1/me/")
    for team in (personas.team_a, personas.team_b, personas.team_c):
        MembershipFactory(team=team, user=personas.admin, role="lead")
    body = get_expecting_queries(django_assert_num_queries, personas.admin, "/api/v1/me/", small)
    assert len(body["memberships"]) == 3
