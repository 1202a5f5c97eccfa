"""The authorization core: grants and the denials that must hold."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from playbook import permissions
from playbook.models import Membership, Team

pytestmark = pytest.mark.django_db


def test_member_sees_their_team_and_the_teams_above(personas):
    visible = set(permissions.visible_teams(personas.member).values_list("slug", flat=True))
    assert visible == {"team-a", "cluster-a", "hub"}


def test_member_cannot_see_a_sibling_team_by_id(personas):
    with pytest.raises(Http404):
        permissions.get_for_user(personas.member, Team, personas.team_b.pk)


def test_nobody_sees_another_networks_team(personas):
    for persona in (personas.member, personas.lead, personas.hub_leader, personas.admin):
        with pytest.raises(Http404):
            permissions.get_for_user(persona, Team, personas.other_team.pk)


def test_leader_sees_their_whole_subtree_but_not_the_other_cluster(personas):
    visible = set(permissions.visible_teams(personas.leader).values_list("slug", flat=True))
    assert visible == {"cluster-a", "team-a", "team-b", "hub"}
    assert permissions.access_for(personas.leader).role(personas.team_b.pk) == "leader"


def test_hub_leader_leads_every_team_in_the_network(personas):
    access = permissions.access_for(personas.hub_leader)
    assert access.team_ids_with_role("leader") == {
        personas.hub.pk,
        personas.cluster_a.pk,
        personas.cluster_b.pk,
        personas.team_a.pk,
        personas.team_b.pk,
        personas.team_c.pk,
    }


def test_member_may_not_do_a_leads_action(personas):
    with pytest.raises(PermissionDenied):
        permissions.get_for_user(personas.member, Team, personas.team_a.pk, permissions.CHANGE)


def test_lead_may_change_their_team_but_not_move_or_delete_it(personas):
    assert permissions.can(personas.lead, permissions.CHANGE, personas.team_a)
    assert not permissions.can(personas.lead, permissions.DELETE, personas.team_a)
    assert not permissions.can(personas.lead, permissions.ADMINISTER, personas.team_a)


def test_seeing_a_parent_team_is_not_leading_it(personas):
    assert permissions.can_view(personas.lead, personas.cluster_a)
    assert not permissions.can(personas.lead, permissions.CHANGE, personas.cluster_a)


def test_lead_assigns_members_and_leads_but_never_leaders(personas):
    assert permissions.may_assign_role(personas.lead, personas.team_a.pk, "member")
    assert permissions.may_assign_role(personas.lead, personas.team_a.pk, "lead")
    assert not permissions.may_assign_role(personas.lead, personas.team_a.pk, "leader")
    assert not permissions.may_assign_role(personas.lead, personas.team_b.pk, "member")


def test_admin_manages_every_team_of_their_network_only(personas):
    assert permissions.can(personas.admin, permissions.DELETE, personas.team_c)
    assert not permissions.can_view(personas.admin, personas.other_network)
    assert permissions.may_assign_role(personas.admin, personas.team_c.pk, "leader")
    assert not permissions.may_assign_role(personas.admin, personas.other_team.pk, "member")


def test_membership_of_a_sibling_team_is_hidden(personas):
    sibling = Membership.objects.get(user=personas.sibling_member)
    with pytest.raises(Http404):
        permissions.get_for_user(personas.member, Membership, sibling.pk)


def test_a_lead_cannot_demote_a_leader(personas):
    leader_in_team = Membership.objects.create(user=personas.hub_leader, team=personas.team_a, role="leader")
    with pytest.raises(PermissionDenied):
        permissions.get_for_user(personas.lead, Membership, leader_in_team.pk, permissions.CHANGE)


def test_person_without_network_sees_nothing(personas):
    personas.loner.network = None
    assert list(permissions.visible_teams(personas.loner)) == []
    assert list(permissions.visible_networks(personas.loner)) == []


def test_inactive_person_has_no_access(personas):
    personas.member.is_active = False
    assert not permissions.can_view(personas.member, personas.team_a)


def test_access_is_worked_out_with_two_queries_and_then_cached(personas, django_assert_num_queries):
    permissions.forget(personas.leader)
    with django_assert_num_queries(2):
        permissions.access_for(personas.leader)
        permissions.can_view(personas.leader, personas.team_b)
        permissions.can(personas.leader, permissions.CHANGE, personas.team_a)


def test_unknown_model_is_refused_loudly(personas):
    from playbook.models import WorkerHeartbeat

    with pytest.raises(LookupError):
        permissions.check(personas.member, WorkerHeartbeat(name="x"))


def test_bad_ids_read_as_missing(personas):
    with pytest.raises(Http404):
        permissions.get_for_user(personas.member, Team, "not-a-number")


def test_belonging_to_a_team_above_counts_for_team_or_above(personas):
    from tests.support.factories import MembershipFactory, UserFactory

    cluster_member = UserFactory(network=personas.network)
    MembershipFactory(team=personas.cluster_a, user=cluster_member, role="member")
    access = permissions.access_for(cluster_member)
    assert access.in_team_or_above(personas.team_a.pk)
    assert not access.in_team_or_above(personas.team_c.pk)
    assert permissions.access_for(personas.member).ancestors(personas.team_a.pk) == [
        personas.cluster_a.pk,
        personas.hub.pk,
    ]
    assert not permissions.access_for(personas.member).in_team_or_above(personas.team_b.pk)
