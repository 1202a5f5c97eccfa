"""Ramps (the next cycle from this one), copies from other teams, and when a change idea may spread."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cycles import selectors, services
from cycles.models import Cycle, CyclesSettings
from tests.support.cycles import make_plan, run_to

pytestmark = pytest.mark.django_db


def decided(world, decision, by=None, **fields):
    by = by or world.member
    cycle = run_to(make_plan(world, by=by, **fields), "acting", by)
    services.update_cycle(
        cycle=cycle,
        by=by,
        decision=decision,
        decision_reasoning="Worth another go.",
        next_steps="Try 12 pupils.",
    )
    return cycle


@pytest.mark.parametrize("decision", ["adapt", "adopt_scale"])
def test_the_next_cycle_is_prefilled_from_this_one_and_linked(world, decision):
    cycle = decided(world, decision)

    following = services.start_next_cycle(cycle=cycle, by=world.member)

    assert following.ramp_from == cycle and following.stage == "planning"
    assert (following.team, following.focus_area, following.change_idea) == (
        cycle.team,
        cycle.focus_area,
        cycle.change_idea,
    )
    assert (following.scale_count, following.scale_unit) == (6, "pupils")
    assert "Try 12 pupils." in following.objective
    statements = [(p.statement, p.measure, p.outcome, p.expected_value) for p in following.predictions.all()]
    assert statements == [
        ("Pupils will read more words a minute.", world.measure, "", 55.0),
        ("Pupils will say they enjoy it.", None, "", None),
    ]
    assert following.predictions_frozen_at is None


def test_starting_the_next_cycle_completes_this_one(world):
    cycle = decided(world, "adapt")
    services.start_next_cycle(cycle=cycle, by=world.member)
    assert Cycle.objects.get(pk=cycle.pk).stage == "complete"


def test_a_ramp_has_one_next_cycle(world):
    cycle = decided(world, "adapt")
    services.start_next_cycle(cycle=cycle, by=world.member)
    with pytest.raises(services.CycleConflict):
        services.start_next_cycle(cycle=Cycle.objects.get(pk=cycle.pk), by=world.member)


@pytest.mark.parametrize("decision", ["adopt", "abandon"])
def test_adopting_or_abandoning_starts_no_next_cycle(world, decision):
    cycle = decided(world, decision)
    with pytest.raises(services.CycleConflict):
        services.start_next_cycle(cycle=cycle, by=world.member)


def test_the_ramp_chain_runs_first_to_last(world):
    first = decided(world, "adopt_scale")
    second = services.start_next_cycle(cycle=first, by=world.member)
    services.update_cycle(
        cycle=second, by=world.member, starts_on=date(2026, 4, 13), ends_on=date(2026, 4, 24)
    )
    second = run_to(second, "acting", world.member)
    services.update_cycle(cycle=second, by=world.member, decision="adapt", decision_reasoning="Scale it.")
    third = services.start_next_cycle(cycle=second, by=world.member)

    assert [c.pk for c in selectors.ramp_chain(second, world.member)] == [first.pk, second.pk, third.pk]
    assert [[c.pk for c in chain] for chain in selectors.ramps_of_change_idea(world.member, world.idea)] == [
        [first.pk, second.pk, third.pk]
    ]


def test_any_visible_cycle_can_be_copied_into_a_new_plan_of_ones_own_team(world):
    source = run_to(make_plan(world), "complete", world.member)

    copy = services.copy_cycle(source=source, by=world.leader, team=world.team_b)

    assert copy.adapted_from == source and copy.team == world.team_b and copy.owner == world.leader
    assert copy.stage == "planning" and copy.change_idea == world.idea
    assert copy.predictions.count() == 2
    assert not copy.predictions.exclude(outcome="").exists()


def test_a_copy_leaves_out_a_focus_area_the_copier_cannot_see(world):
    cycle = make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    copy = services.copy_cycle(source=cycle, by=world.sibling_member, team=world.team_b)
    assert copy.focus_area is None
    assert not copy.predictions.exclude(measure=None).exists()


def test_a_cycle_one_cannot_see_cannot_be_copied(world):
    from django.http import Http404

    cycle = make_plan(world)
    with pytest.raises(Http404):
        services.copy_cycle(source=cycle, by=world.sibling_member, team=world.team_b)


def met_in(world, team, outcome="met"):
    by = world.hub_leader
    # Another team tests Team A's idea without Team A's focus area: a cycle's focus area is its team's.
    elsewhere = {"focus_area": None, "predictions": [services.PredictionInput("Pupils will read more.")]}
    plan = make_plan(world, by=by, team=team, **({} if team == world.team_a else elsewhere))
    return run_to(plan, "complete", by, outcome=outcome)


def test_an_idea_met_in_three_teams_is_ready_to_spread(world):
    for team in (world.team_a, world.team_b, world.team_c):
        met_in(world, team)
    world.idea.refresh_from_db()
    assert world.idea.status == "ready_to_spread"


def test_the_leaders_above_hear_once_that_an_idea_is_ready(world):
    for team in (world.team_a, world.team_b, world.team_c, world.team_a):
        met_in(world, team)
    assert world.leader.notifications.filter(kind="ready-to-spread").count() == 1
    assert world.member.notifications.filter(kind="ready-to-spread").count() == 0


def test_three_cycles_in_one_team_are_not_three_contexts(world):
    for _ in range(3):
        met_in(world, world.team_a)
    world.idea.refresh_from_db()
    assert world.idea.status == "adopted"


def test_partly_met_predictions_do_not_count_towards_spread(world):
    met_in(world, world.team_a)
    met_in(world, world.team_b)
    met_in(world, world.team_c, outcome="partly_met")
    world.idea.refresh_from_db()
    assert world.idea.status != "ready_to_spread"


def test_the_network_chooses_how_many_teams_are_enough(world):
    services.update_cycles_settings(network=world.network, by=world.admin, spread_threshold=2)
    met_in(world, world.team_a)
    met_in(world, world.team_b)
    world.idea.refresh_from_db()
    assert world.idea.status == "ready_to_spread"


def test_only_a_network_admin_sets_the_threshold(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.update_cycles_settings(network=world.network, by=world.hub_leader, spread_threshold=2)
    assert not CyclesSettings.objects.exists()


def test_the_threshold_is_at_least_one(world):
    with pytest.raises(ValidationError):
        services.update_cycles_settings(network=world.network, by=world.admin, spread_threshold=0)


def test_spread_rows_list_the_contexts_and_where_predictions_were_met(world):
    met_in(world, world.team_a)
    met_in(world, world.team_b, outcome="not_met")
    (row,) = selectors.spread_rows(world.hub_leader)
    assert row.change_idea == world.idea and row.threshold == 3 and row.teams_met == 1 and not row.ready
    assert [(c.team.name, c.cycles, c.met) for c in row.contexts] == [("Team A", 1, 1), ("Team B", 1, 0)]


def test_the_home_panels_ready_ideas_count_only_the_teams_the_viewer_sees(world):
    services.update_cycles_settings(network=world.network, by=world.admin, spread_threshold=2)
    for team in (world.team_a, world.team_b, world.team_c):
        met_in(world, team)
    met_in(world, world.team_a, outcome="not_met")  # a miss in a team that met elsewhere changes nothing

    (hub_row,) = selectors.ready_to_spread(world.hub_leader, limit=5)
    assert (hub_row.change_idea, hub_row.teams_met, hub_row.threshold) == (world.idea, 3, 2)
    # Cluster A's leader sees Teams A and B: ready there too, by two teams, not three.
    assert [(r.change_idea, r.teams_met) for r in selectors.ready_to_spread(world.leader, limit=5)] == [
        (world.idea, 2)
    ]


def test_an_idea_ready_elsewhere_is_not_offered_where_it_has_not_met_enough_teams(world):
    services.update_cycles_settings(network=world.network, by=world.admin, spread_threshold=2)
    met_in(world, world.team_a)
    met_in(world, world.team_c)
    met_in(world, world.team_b, outcome="not_met")
    world.idea.refresh_from_db()
    assert world.idea.status == "ready_to_spread"

    assert selectors.ready_to_spread(world.leader, limit=5) == []  # in Cluster A it met in one team
    assert [r.teams_met for r in selectors.ready_to_spread(world.hub_leader, limit=5)] == [2]


def test_the_track_record_is_the_share_of_predictions_met(world):
    met_in(world, world.team_a)
    met_in(world, world.team_a, outcome="not_met")
    (row,) = selectors.track_record(world.hub_leader, by="team")
    assert (row.name, row.studied, row.met, row.not_met, row.share_met) == ("Team A", 4, 2, 2, 0.5)
    (person,) = selectors.track_record(world.hub_leader, by="person")
    assert person.name == world.hub_leader.display_name
