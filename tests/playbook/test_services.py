import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from playbook import permissions, services
from playbook.models import Invitation, Membership, Notification, Team, User
from playbook.tasks import send_invitation

pytestmark = pytest.mark.django_db


def test_admin_creates_a_team_with_a_unique_slug(personas):
    first = services.create_team(by=personas.admin, name="Team A", kind="team", parent=personas.cluster_b)
    assert first.slug == "team-a-2"
    assert first.network == personas.network


def test_only_admins_create_teams(personas):
    with pytest.raises(PermissionDenied):
        services.create_team(by=personas.lead, name="New", kind="team", parent=personas.cluster_a)
    assert not Team.objects.filter(name="New").exists()


def test_a_team_cannot_be_created_under_another_networks_team(personas):
    with pytest.raises(Http404):
        services.create_team(by=personas.admin, name="New", kind="cluster", parent=personas.other_team)


def test_lead_renames_their_team(personas):
    services.update_team(team=personas.team_a, by=personas.lead, name="Year 4 Reading")
    personas.team_a.refresh_from_db()
    assert (personas.team_a.name, personas.team_a.slug) == ("Year 4 Reading", "year-4-reading")


def test_lead_cannot_move_their_team(personas):
    with pytest.raises(PermissionDenied):
        services.update_team(team=personas.team_a, by=personas.lead, parent=personas.cluster_b)


def test_admin_moves_a_team_and_leaders_see_it_in_their_new_subtree(personas):
    services.update_team(team=personas.team_a, by=personas.admin, parent=personas.cluster_b)
    permissions.forget(personas.leader)
    assert not permissions.can_view(personas.leader, personas.team_a)


def test_a_cluster_cannot_move_under_its_own_team(personas):
    with pytest.raises(ValidationError) as raised:
        services.update_team(team=personas.cluster_a, by=personas.admin, kind="team", parent=personas.team_a)
    assert raised.value.message_dict == {"parent": ["A team cannot sit under one of its own teams."]}


def test_deleting_a_team_with_teams_below_is_refused(personas):
    with pytest.raises(ValidationError):
        services.delete_team(team=personas.cluster_a, by=personas.admin)
    assert Team.objects.filter(pk=personas.cluster_a.pk).exists()


def test_adding_a_member_tells_them(personas):
    newcomer = User.objects.create(username="newcomer", network=personas.network)
    services.add_membership(team=personas.team_a, person=newcomer, role="member", by=personas.lead)
    assert Notification.objects.filter(recipient=newcomer, kind="membership").count() == 1


def test_nobody_is_added_twice(personas):
    with pytest.raises(ValidationError):
        services.add_membership(team=personas.team_a, person=personas.member, role="lead", by=personas.admin)


def test_a_person_from_another_network_cannot_join(personas):
    with pytest.raises(ValidationError):
        services.add_membership(
            team=personas.team_a, person=personas.outsider, role="member", by=personas.admin
        )
    assert not Membership.objects.filter(team=personas.team_a, user=personas.outsider).exists()


def test_a_member_cannot_add_people(personas):
    with pytest.raises(PermissionDenied):
        services.add_membership(
            team=personas.team_a, person=personas.loner, role="member", by=personas.member
        )


def test_a_lead_cannot_promote_someone_to_leader(personas):
    membership = Membership.objects.get(user=personas.member, team=personas.team_a)
    with pytest.raises(PermissionDenied):
        services.change_role(membership=membership, role="leader", by=personas.lead)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_new_role_takes_effect_for_that_person_at_once(personas):
    membership = Membership.objects.get(user=personas.member, team=personas.team_a)
    assert not permissions.can(personas.member, permissions.CHANGE, personas.team_a)
    services.change_role(membership=membership, role="lead", by=personas.lead)
    assert permissions.can(membership.user, permissions.CHANGE, personas.team_a)


def test_admin_adds_a_person_who_is_invited_once_the_person_is_saved(
    personas, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks() as on_commit:
        person = services.create_person(by=personas.admin, username="newbie", email="newbie@example.org")
    assert person.network == personas.network
    assert not person.has_usable_password()
    invitation = Invitation.objects.get(person=person)
    assert len(on_commit) == 1  # the job that sends it, asked for once the person is saved
    assert send_invitation(invitation.pk) is True  # that job's work, run here
    (message,) = mailoutbox
    assert message.to == ["newbie@example.org"] and "/invitations/" in message.body


def test_a_duplicate_username_is_refused(personas):
    with pytest.raises(ValidationError) as raised:
        services.create_person(by=personas.admin, username="member", email="x@example.org")
    assert "username" in raised.value.message_dict


def test_an_admin_cannot_remove_their_own_admin_rights(personas):
    with pytest.raises(ValidationError):
        services.update_person(person=personas.admin, by=personas.admin, is_network_admin=False)


def test_a_person_cannot_make_themselves_admin(personas):
    with pytest.raises(PermissionDenied):
        services.update_person(person=personas.member, by=personas.member, is_network_admin=True)


def test_only_the_networks_admin_changes_its_time_zone(personas):
    with pytest.raises(PermissionDenied):
        services.update_network(network=personas.network, by=personas.hub_leader, time_zone="UTC")
    services.update_network(network=personas.network, by=personas.admin, time_zone="America/Chicago")
    personas.network.refresh_from_db()
    assert personas.network.time_zone == "America/Chicago"


def test_a_bad_time_zone_is_refused_and_not_saved(personas):
    with pytest.raises(ValidationError):
        services.update_network(network=personas.network, by=personas.admin, time_zone="Nowhere/Land")
    personas.network.refresh_from_db()
    assert personas.network.time_zone == "Europe/London"


def test_a_cluster_with_teams_under_it_cannot_become_a_team(personas):
    with pytest.raises(ValidationError) as raised:
        services.update_team(
            team=personas.cluster_a, by=personas.admin, kind="team", parent=personas.cluster_b
        )
    assert "kind" in raised.value.message_dict
    personas.cluster_a.refresh_from_db()
    assert personas.cluster_a.kind == "cluster"


def test_an_admin_cannot_deactivate_their_own_account(personas):
    with pytest.raises(ValidationError):
        services.update_person(person=personas.admin, by=personas.admin, is_active=False)
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_leads_choose_new_members_from_the_whole_network_and_members_from_nobody(personas):
    addable = set(permissions.addable_people(personas.lead).values_list("username", flat=True))
    assert {"loner", "sibling", "hub_leader"} <= addable
    assert "outsider" not in addable
    assert not permissions.addable_people(personas.member).exists()
