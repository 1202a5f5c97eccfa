"""The network-setup pages: teams, who is in them, people and network settings."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from playbook.models import Invitation, Membership, Network, Notification, Team, User
from tests.support.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def membership_of(personas, username):
    return Membership.objects.get(user__username=username, team=personas.team_a)


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Who may reach what ------------------------------------------------------------------------------

# (persona, method, url name, url argument from the personas, POST data, expected status)
PERMISSION_TABLE = [
    ("member", "get", "team-list", None, None, 200),
    ("outsider", "get", "team-list", None, None, 200),
    ("member", "get", "team-detail", lambda p: p.team_a.pk, None, 200),
    ("lead", "get", "team-detail", lambda p: p.team_a.pk, None, 200),
    ("leader", "get", "team-detail", lambda p: p.team_a.pk, None, 200),
    ("admin", "get", "team-detail", lambda p: p.team_a.pk, None, 200),
    ("sibling_member", "get", "team-detail", lambda p: p.team_a.pk, None, 404),
    ("outsider", "get", "team-detail", lambda p: p.team_a.pk, None, 404),
    ("member", "get", "team-detail", lambda p: p.cluster_a.pk, None, 200),
    ("member", "get", "team-edit", lambda p: p.team_a.pk, None, 403),
    ("lead", "get", "team-edit", lambda p: p.team_a.pk, None, 200),
    ("leader", "get", "team-edit", lambda p: p.team_a.pk, None, 200),
    ("admin", "get", "team-edit", lambda p: p.team_a.pk, None, 200),
    ("sibling_member", "get", "team-edit", lambda p: p.team_a.pk, None, 404),
    ("lead", "get", "team-edit", lambda p: p.cluster_a.pk, None, 403),
    ("admin", "get", "team-create", None, None, 200),
    ("lead", "get", "team-create", None, None, 403),
    ("leader", "get", "team-create", None, None, 403),
    ("lead", "post", "team-delete", lambda p: p.team_a.pk, {}, 403),
    ("sibling_member", "post", "team-delete", lambda p: p.team_a.pk, {}, 404),
    ("admin", "post", "team-delete", lambda p: p.team_a.pk, {}, 302),
    ("admin", "get", "team-delete", lambda p: p.team_a.pk, None, 405),
    (
        "lead",
        "post",
        "membership-add",
        lambda p: p.team_a.pk,
        lambda p: {"person": p.loner.pk, "role": "leader"},
        403,
    ),
    (
        "admin",
        "post",
        "membership-add",
        lambda p: p.team_a.pk,
        lambda p: {"person": p.loner.pk, "role": "leader"},
        302,
    ),
    (
        "member",
        "post",
        "membership-add",
        lambda p: p.team_a.pk,
        lambda p: {"person": p.loner.pk, "role": "member"},
        403,
    ),
    (
        "sibling_member",
        "post",
        "membership-add",
        lambda p: p.team_a.pk,
        lambda p: {"person": p.loner.pk},
        404,
    ),
    ("lead", "post", "membership-role", lambda p: membership_of(p, "member").pk, {"role": "lead"}, 302),
    ("lead", "post", "membership-role", lambda p: membership_of(p, "member").pk, {"role": "leader"}, 403),
    ("member", "post", "membership-role", lambda p: membership_of(p, "member").pk, {"role": "lead"}, 403),
    (
        "sibling_member",
        "post",
        "membership-role",
        lambda p: membership_of(p, "member").pk,
        {"role": "lead"},
        404,
    ),
    ("lead", "post", "membership-remove", lambda p: membership_of(p, "member").pk, {}, 302),
    ("member", "post", "membership-remove", lambda p: membership_of(p, "lead").pk, {}, 403),
    ("sibling_member", "post", "membership-remove", lambda p: membership_of(p, "member").pk, {}, 404),
    ("admin", "get", "people-list", None, None, 200),
    ("lead", "get", "people-list", None, None, 403),
    ("member", "get", "people-list", None, None, 403),
    ("admin", "get", "person-create", None, None, 200),
    ("lead", "get", "person-create", None, None, 403),
    ("admin", "get", "person-edit", lambda p: p.member.pk, None, 200),
    ("admin", "get", "person-edit", lambda p: p.outsider.pk, None, 404),
    ("lead", "get", "person-edit", lambda p: p.member.pk, None, 403),
    ("admin", "get", "network-settings", None, None, 200),
    ("leader", "get", "network-settings", None, None, 403),
    ("member", "get", "network-settings", None, None, 403),
]


@pytest.mark.parametrize(
    ("persona", "method", "url_name", "target", "data", "expected"),
    PERMISSION_TABLE,
    ids=[f"{row[0]}-{row[1]}-{row[2]}-{i}" for i, row in enumerate(PERMISSION_TABLE)],
)
def test_who_may_reach_each_setup_page(client, personas, persona, method, url_name, target, data, expected):
    client.force_login(getattr(personas, persona))
    url = reverse(url_name, args=[target(personas)] if target else [])
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data(personas) if callable(data) else data)
    assert response.status_code == expected


def test_anonymous_visitor_is_sent_to_the_login_page(client, personas):
    response = client.get(reverse("team-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Teams -------------------------------------------------------------------------------------------


def test_team_list_shows_the_tree_with_kind_size_and_the_users_role(client, personas):
    client.force_login(personas.lead)
    html = client.get(reverse("team-list")).content.decode()
    html = html[html.index("<main") :]  # the sidebar lists the user's teams too
    # Hub, then its cluster nested inside, then the team nested inside that.
    assert html.index("Hub") < html.index("Cluster A") < html.index("Team A")
    assert "Team B" not in html
    assert "Cluster B" not in html
    assert "2 people" in html  # team_a: member and lead
    assert 'class="role role-lead"' in html
    assert "New team" not in html


def test_admin_creates_a_team_under_a_cluster_and_it_appears_in_the_tree(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("team-create"),
        {"name": "Team D", "kind": "team", "parent": personas.cluster_a.pk, "description": "Year 9"},
    )
    team = Team.objects.get(name="Team D")
    assert response.status_code == 302
    assert response.url == team.get_absolute_url()
    assert team.parent == personas.cluster_a
    assert team.network == personas.network
    assert "Team D" in client.get(reverse("team-list")).content.decode()


def test_a_team_under_another_team_is_refused_on_the_form_and_nothing_is_saved(client, personas):
    client.force_login(personas.admin)
    before = Team.objects.count()
    response = client.post(
        reverse("team-create"), {"name": "Team D", "kind": "team", "parent": personas.team_b.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["A team sits under cluster or hub."]
    assert 'value="Team D"' in response.content.decode()
    assert Team.objects.count() == before


def test_admin_is_not_offered_a_second_hub(client, personas):
    client.force_login(personas.admin)
    response = client.get(reverse("team-create"))
    assert [value for value, _ in response.context["form"].fields["kind"].choices] == ["team", "cluster"]


def test_a_team_name_with_a_nul_byte_is_a_form_error_not_a_crash(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("team-create"), {"name": "Bad\x00name", "kind": "team", "parent": personas.cluster_a.pk}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_lead_renames_their_team_but_is_not_offered_kind_or_parent(client, personas):
    client.force_login(personas.lead)
    url = reverse("team-edit", args=[personas.team_a.pk])
    assert set(client.get(url).context["form"].fields) == {"name", "description"}
    response = client.post(url, {"name": "Team Alpha", "description": "Maths", "kind": "cluster"})
    personas.team_a.refresh_from_db()
    assert response.status_code == 302
    assert (personas.team_a.name, personas.team_a.kind) == ("Team Alpha", "team")


def test_admin_cannot_move_a_team_under_its_own_team(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("team-edit", args=[personas.cluster_a.pk]),
        {"name": "Cluster A", "kind": "cluster", "parent": personas.team_a.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["A team cannot sit under one of its own teams."]
    personas.cluster_a.refresh_from_db()
    assert personas.cluster_a.parent == personas.hub


def test_deleting_a_team_with_teams_under_it_is_refused_with_a_message(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("team-delete", args=[personas.cluster_a.pk]))
    assert response.status_code == 302
    assert response.url == personas.cluster_a.get_absolute_url()
    assert flashes(response) == ["Cluster A was not deleted. Move or delete the teams under this one first."]
    assert Team.objects.filter(pk=personas.cluster_a.pk).exists()


def test_admin_deletes_an_empty_team(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("team-delete", args=[personas.team_c.pk]))
    assert response.url == reverse("team-list")
    assert not Team.objects.filter(pk=personas.team_c.pk).exists()


def test_member_sees_the_cluster_above_them_without_its_people(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("team-detail", args=[personas.cluster_a.pk]))
    html = response.content.decode()
    assert "only as the cluster above your team" in html
    assert response.context["member_rows"] == []
    assert "Team B" not in html  # siblings stay hidden even as children of a visible cluster


def test_member_sees_their_teammates_but_no_management_controls(client, personas):
    client.force_login(personas.member)
    response = client.get(reverse("team-detail", args=[personas.team_a.pk]))
    html = response.content.decode()
    assert "lead@example.org" in html
    assert response.context["add_form"] is None
    assert "Remove" not in html
    assert "Edit" not in html


# --- Members and roles -----------------------------------------------------------------------------------


def test_lead_adds_a_person_of_the_network_to_their_team_as_member(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("membership-add", args=[personas.team_a.pk]), {"person": personas.loner.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert Membership.objects.get(team=personas.team_a, user=personas.loner).role == "member"
    assert Notification.objects.filter(recipient=personas.loner, kind="membership").exists()


def test_lead_is_offered_only_people_of_the_network_not_yet_in_the_team(client, personas):
    client.force_login(personas.lead)
    form = client.get(reverse("team-detail", args=[personas.team_a.pk])).context["add_form"]
    offered = set(form.fields["person"].queryset.values_list("username", flat=True))
    assert offered == {"leader", "hub_leader", "sibling", "admin", "loner"}


def test_lead_is_not_offered_the_leader_role(client, personas):
    client.force_login(personas.lead)
    response = client.get(reverse("team-detail", args=[personas.team_a.pk]))
    assert [value for value, _ in response.context["add_form"].fields["role"].choices] == ["member", "lead"]
    assert 'value="leader"' not in response.content.decode()


def test_admin_may_make_someone_a_leader_of_a_team(client, personas):
    client.force_login(personas.admin)
    client.post(
        reverse("membership-add", args=[personas.team_a.pk]), {"person": personas.loner.pk, "role": "leader"}
    )
    assert Membership.objects.get(team=personas.team_a, user=personas.loner).role == "leader"


def test_adding_without_choosing_a_person_explains_why_nobody_was_added(client, personas):
    client.force_login(personas.lead)
    response = client.post(reverse("membership-add", args=[personas.team_a.pk]), {"role": "member"})
    assert response.url == personas.team_a.get_absolute_url()
    assert flashes(response) == ["Nobody was added. Person: This field is required."]


def test_adding_someone_already_in_the_team_explains_why(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        reverse("membership-add", args=[personas.team_a.pk]), {"person": personas.member.pk, "role": "lead"}
    )
    assert flashes(response) == [f"Nobody was added. {personas.member.display_name} is already in Team A."]
    assert membership_of(personas, "member").role == "member"


def test_lead_promotes_a_member_to_lead(client, personas):
    client.force_login(personas.lead)
    membership = membership_of(personas, "member")
    response = client.post(reverse("membership-role", args=[membership.pk]), {"role": "lead"})
    membership.refresh_from_db()
    assert response.url == personas.team_a.get_absolute_url()
    assert membership.role == "lead"


def test_an_unknown_role_is_refused_with_a_message(client, personas):
    client.force_login(personas.lead)
    membership = membership_of(personas, "member")
    response = client.post(reverse("membership-role", args=[membership.pk]), {"role": "boss"})
    assert flashes(response)[0].startswith("The role was not changed. Role: Select a valid choice.")
    membership.refresh_from_db()
    assert membership.role == "member"


def test_lead_removes_a_member_from_their_team(client, personas):
    client.force_login(personas.lead)
    membership = membership_of(personas, "member")
    response = client.post(reverse("membership-remove", args=[membership.pk]))
    assert response.url == personas.team_a.get_absolute_url()
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_lead_who_leaves_their_team_lands_on_the_team_list(client, personas):
    client.force_login(personas.lead)
    response = client.post(reverse("membership-remove", args=[membership_of(personas, "lead").pk]))
    assert response.url == reverse("team-list")
    assert client.get(reverse("team-detail", args=[personas.team_a.pk])).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(reverse("team-delete", args=[personas.team_c.pk]))
    assert response.status_code == 403
    assert Team.objects.filter(pk=personas.team_c.pk).exists()


def test_removing_a_person_asks_for_confirmation_and_needs_a_post(client, personas):
    client.force_login(personas.lead)
    html = client.get(reverse("team-detail", args=[personas.team_a.pk])).content.decode()
    assert 'data-confirm="Remove' in html
    membership = membership_of(personas, "member")
    assert client.get(reverse("membership-remove", args=[membership.pk])).status_code == 405


# --- People ------------------------------------------------------------------------------------------------


def test_admin_adds_a_person_who_gets_a_link_to_choose_a_password(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("person-create"),
        {
            "username": "newbie",
            "first_name": "Nia",
            "last_name": "Brook",
            "email": "nia@example.org",
            "team": personas.team_a.pk,
            "role": "lead",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="newbie")
    assert person.network == personas.network
    assert not person.has_usable_password()
    invitation = Invitation.objects.get(person=person)
    assert (invitation.invited_by, invitation.email_wanted) == (personas.admin, True)
    # The invitation names the team; a second "you were added to Team A" would say it twice.
    assert not Notification.objects.filter(recipient=person).exists()
    assert Membership.objects.get(user=person).role == "lead"


def test_a_team_without_a_role_is_a_form_error(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("person-create"),
        {"username": "newbie", "email": "nia@example.org", "team": personas.team_a.pk, "role": ""},
    )
    assert response.context["form"].errors["role"] == ["Choose their role in that team."]
    assert not User.objects.filter(username="newbie").exists()


def test_a_duplicate_username_is_a_form_error_and_saves_nothing(client, personas):
    client.force_login(personas.admin)
    people, notes = User.objects.count(), Notification.objects.count()
    response = client.post(reverse("person-create"), {"username": "member", "email": "again@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["A user with that username already exists."]
    assert 'value="again@example.org"' in response.content.decode()
    assert (User.objects.count(), Notification.objects.count()) == (people, notes)


def test_a_failed_team_assignment_saves_no_person(client, personas):
    # PostgreSQL itself refuses the membership row (as a lost race on the unique constraint
    # would), so the person created just before it must be rolled back with it. The trigger
    # vanishes with the test's transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_membership() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'refused by the test'; "
            "END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_membership BEFORE INSERT ON playbook_membership "
            "FOR EACH ROW EXECUTE FUNCTION refuse_membership()"
        )
    client.force_login(personas.admin)
    response = client.post(
        reverse("person-create"),
        {"username": "newbie", "email": "nia@example.org", "team": personas.team_a.pk, "role": "member"},
    )
    assert response.status_code == 200
    assert "refused by the test" in " ".join(response.context["form"].non_field_errors())
    assert not User.objects.filter(username="newbie").exists()
    assert not Invitation.objects.exists()


def test_people_list_searches_name_username_and_email(client, personas):
    client.force_login(personas.admin)
    UserFactory(username="zed", first_name="Zoe", last_name="Quinn", network=personas.network)
    for query in ("zoe quinn", "ZED", "zed@example"):
        page = client.get(reverse("people-list"), {"q": query}).context["page"]
        assert [p.username for p in page.object_list] == ["zed"], query
    assert "outsider" not in client.get(reverse("people-list")).content.decode()


def test_people_list_keeps_the_search_when_paging(client, personas):
    client.force_login(personas.admin)
    UserFactory.create_batch(30, network=personas.network, last_name="Pager")
    response = client.get(reverse("people-list"), {"q": "pager"})
    assert response.context["page"].paginator.count == 30
    assert "?q=pager&amp;page=2" in response.content.decode()


def test_a_nonsense_page_number_shows_the_first_page(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("people-list"), {"page": "zzz"}).status_code == 200


def test_admin_cannot_remove_their_own_admin_flag(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("person-edit", args=[personas.admin.pk]),
        {"first_name": "Ann", "email": "admin@example.org", "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["is_network_admin"] == ["You cannot remove your own admin rights."]
    personas.admin.refresh_from_db()
    assert personas.admin.is_network_admin


def test_admin_deactivates_a_person(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("person-edit", args=[personas.member.pk]),
        {"first_name": "Mo", "last_name": "Member", "email": "mo@example.org"},
    )
    assert response.url == reverse("people-list")
    personas.member.refresh_from_db()
    assert (personas.member.first_name, personas.member.is_active) == ("Mo", False)


# --- Network settings ------------------------------------------------------------------------------------


def test_admin_changes_the_network_name_and_time_zone(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        reverse("network-settings"),
        {"name": "Riverside Trust", "time_zone": "Europe/Paris", "local_passwords": "on"},
    )
    assert response.status_code == 302
    network = Network.objects.get(pk=personas.network.pk)
    assert (network.name, network.time_zone) == ("Riverside Trust", "Europe/Paris")


def test_an_unknown_time_zone_is_a_form_error(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("network-settings"), {"name": "Riverside", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert Network.objects.get(pk=personas.network.pk).time_zone == "Europe/London"


# --- Query counts do not grow with the data ---------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow_network(personas, teams=10, people_per_team=3):
    for _ in range(teams):
        team = TeamFactory(network=personas.network, parent=personas.cluster_a)
        MembershipFactory.create_batch(people_per_team, team=team, user__network=personas.network)
    MembershipFactory.create_batch(30, team=personas.team_a, user__network=personas.network)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("admin", "team-list"), ("leader", "team-list"), ("admin", "people-list"), ("lead", "team-detail")],
)
def test_setup_pages_use_as_many_queries_for_a_large_network_as_for_a_small_one(
    client, personas, persona, url_name
):
    client.force_login(getattr(personas, persona))
    url = reverse(url_name, args=[personas.team_a.pk] if url_name == "team-detail" else [])
    small = count_queries(client, url)
    grow_network(personas)
    assert count_queries(client, url) == small
