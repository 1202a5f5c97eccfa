"""``visible_cycle_ids`` names exactly the cycles of ``visible_cycles`` for every persona, whichever
way it reads them (three indexed reads for a school's people, the plain rule above them), and the
rule of those above every team is the network itself."""

import pytest

from cycles import services
from cycles.models import Cycle
from cycles.permissions import visible_cycle_ids, visible_cycles
from tests.support.cycles import make_plan

pytestmark = pytest.mark.django_db

PERSONAS = ("member", "lead", "leader", "hub_leader", "admin", "sibling_member", "outsider", "loner")


def team_b_plan(world, title):
    return make_plan(
        world, title=title, team=world.team_b, by=world.sibling_member, focus_area=None, change_idea=None,
        predictions=[services.PredictionInput("Pupils will say they enjoy it.")],
    )  # fmt: skip


@pytest.fixture
def cycles(world):
    ours = make_plan(world, title="Team A's own")
    theirs = team_b_plan(world, "Team B's")
    helped = team_b_plan(world, "Team B's, with help")
    helped.collaborators.add(world.member)
    owned = team_b_plan(world, "Team B's, A's member owns")
    Cycle.objects.filter(pk=owned.pk).update(owner=world.member)
    return ours, theirs, helped, owned


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_ids_are_exactly_the_visible_cycles(world, cycles, persona):
    person = getattr(world, persona)

    assert set(Cycle.objects.filter(pk__in=visible_cycle_ids(person))) == set(visible_cycles(person))


def test_a_member_sees_their_teams_cycles_and_those_they_own_or_help_with_and_no_more(world, cycles):
    ours, theirs, helped, owned = cycles

    assert set(Cycle.objects.filter(pk__in=visible_cycle_ids(world.member))) == {ours, helped, owned}


def test_above_every_team_the_rule_is_the_network(world, cycles):
    for person in (world.hub_leader, world.admin):
        shown = visible_cycles(person)
        assert "collaborators" not in str(shown.query)
        assert set(shown) == set(cycles)
