"""Who sees and changes a cycle (DESIGN §4), asked of the permission module directly."""

import pytest

from cycles import services
from cycles.permissions import can_create_cycle, visible_cycles
from playbook import permissions
from tests.support.cycles import make_plan, run_to

pytestmark = pytest.mark.django_db

# persona → (sees it, may edit and move it)
TABLE = [
    ("member", True, True),  # the owner
    ("lead", True, True),
    ("leader", True, True),
    ("hub_leader", True, True),
    ("admin", True, True),
    ("sibling_member", False, False),
    ("outsider", False, False),
    ("loner", False, False),
]


@pytest.mark.parametrize(("persona", "sees", "edits"), TABLE)
def test_who_sees_and_edits_a_team_a_cycle(plan, world, persona, sees, edits):
    person = getattr(world, persona)
    assert permissions.can_view(person, plan) is sees
    assert permissions.can(person, permissions.CHANGE, plan) is edits
    assert plan in visible_cycles(person) if sees else plan not in visible_cycles(person)


def test_a_team_member_who_is_not_on_the_cycle_sees_it_but_does_not_edit_it(world):
    cycle = make_plan(world, by=world.lead)
    assert permissions.can_view(world.member, cycle)
    assert not permissions.can(world.member, permissions.CHANGE, cycle)


def test_a_collaborator_from_another_team_sees_and_edits_that_cycle(world):
    cycle = make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    person = type(world.sibling_member).objects.get(pk=world.sibling_member.pk)
    assert permissions.can(person, permissions.CHANGE, cycle)
    assert list(visible_cycles(person)) == [cycle]


def test_a_cross_team_collaborator_sees_no_other_cycle_of_that_team(world):
    make_plan(world, title="Someone else's")
    cycle = make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    assert list(visible_cycles(world.sibling_member)) == [cycle]


def test_a_cross_team_collaborator_does_not_see_the_teams_measures(world):
    make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    assert not permissions.can_view(world.sibling_member, world.measure)


def test_members_may_start_cycles_for_their_own_teams_only(world):
    assert can_create_cycle(world.member, world.team_a)
    assert not can_create_cycle(world.member, world.team_b)
    assert can_create_cycle(world.leader, world.team_b)


def test_another_team_cannot_create_a_cycle_for_team_a(world):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises((Http404, PermissionDenied)):
        make_plan(world, by=world.sibling_member, focus_area=None, change_idea=None, predictions=[])


def test_collaborators_are_chosen_from_the_teams_one_works_in(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_plan(world, collaborators=[world.sibling_member])
    assert "collaborators" in error.value.message_dict


def test_leaders_see_every_cycle_in_their_subtree_only(world):
    in_a = make_plan(world)
    in_b = services.create_cycle(team=world.team_b, by=world.sibling_member, title="Team B's")
    in_c = services.create_cycle(team=world.team_c, by=world.hub_leader, title="Team C's")
    assert set(visible_cycles(world.leader)) == {in_a, in_b}
    assert set(visible_cycles(world.hub_leader)) == {in_a, in_b, in_c}


def test_a_cross_team_collaborator_carries_the_ramp_on_in_the_cycles_team(world):
    cycle = run_to(
        make_plan(world, by=world.leader, collaborators=[world.sibling_member]), "acting", world.leader
    )
    partner = type(world.sibling_member).objects.get(pk=world.sibling_member.pk)
    services.update_cycle(cycle=cycle, by=partner, decision="adapt", decision_reasoning="Almost.")
    following = services.start_next_cycle(cycle=cycle, by=partner)
    assert following.team == world.team_a and partner in following.collaborators.all()
