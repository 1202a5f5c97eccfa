"""Closing a team that has done its job: a retrospective, each kind of its open work (cycles, huddle
action items, flags it holds) moved or closed as chosen, all in one transaction; the closed team then
kept read-only, its history readable, and no longer offered where people choose a team."""

from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from andon import permissions as andon_permissions
from andon.models import Flag
from cycles import permissions as cycle_permissions
from cycles import selectors as cycle_selectors
from cycles.models import Cycle
from huddles import permissions as huddle_permissions
from huddles import services as huddle_services
from huddles.models import ActionItem, Huddle
from playbook import clock, permissions
from playbook import team_closing as slot
from playbook.models import Membership, Team, TeamRetrospective
from playbook.services import charters as charter_services
from playbook.services import team_closing
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, make_world, run_to

pytestmark = pytest.mark.django_db
LEARNED = "Paired reading worked; the timetable did not leave room for it."


@pytest.fixture
def world(personas):
    """Team A with one of each kind of open work, and a finished cycle that stays as it was."""
    world = make_world(personas)
    done = run_to(make_plan(world, title="Phonics warm-up"), "complete", by=personas.lead)
    planned = make_plan(world, title="Paired reading in 4B")
    running = run_to(make_plan(world, title="Reading buddies"), "doing", by=personas.lead)
    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Morning huddle", starts_at=time(8, 30), weekdays=[0]
    )
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        meeting = huddle_services.start_meeting(huddle=huddle, by=personas.lead)
    item = huddle_services.add_action_item(
        meeting=meeting, by=personas.lead, text="Order the new readers", owner=personas.member
    )
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="No cover on Thursdays")
    world.__dict__.update(done=done, planned=planned, running=running, huddle=huddle, item=item, flag=flag)
    return world


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def close_page(world, outcomes=None, by=None, learned=LEARNED):
    data = {"learned": learned, **{f"outcome_{k}": v for k, v in (outcomes or {}).items()}}
    return page_as(by or world.admin).post(reverse("team-close", args=[world.team_a.pk]), data)


def test_a_closed_teams_history_is_readable_and_its_open_items_were_moved_or_closed(world):
    form = page_as(world.admin).get(reverse("team-close", args=[world.team_a.pk])).context["form"]
    assert set(form.fields) == {"learned", "outcome_cycles", "outcome_action_items", "outcome_flags"}

    response = close_page(world, {"cycles": "abandon", "action_items": "drop", "flags": "escalate"})
    assert response.status_code == 302

    team = fresh(world.team_a)
    assert team.is_closed
    for cycle in (world.planned, world.running):
        cycle = fresh(cycle)
        assert cycle.stage == Cycle.Stage.ABANDONED and LEARNED in cycle.abandoned_reason
    assert fresh(world.done).stage == Cycle.Stage.COMPLETE  # finished work is history, left alone
    assert fresh(world.item).status == ActionItem.Status.DROPPED
    assert not fresh(world.huddle).is_active
    flag = fresh(world.flag)
    assert (flag.holding_team, flag.status != Flag.Status.RESOLVED) == (world.cluster_a, True)

    retrospective = TeamRetrospective.objects.get(team=team)
    assert (retrospective.learned, retrospective.closed_by) == (LEARNED, world.admin)
    assert [(e["kind"], sorted(e["items"])) for e in retrospective.open_work] == [
        ("cycles", ["Paired reading in 4B", "Reading buddies"]),
        ("action_items", ["Order the new readers"]),
        ("flags", ["No cover on Thursdays"]),
    ]

    # Its history reads, for its people and those above it.
    for person in (world.member, world.lead, world.leader):
        charter = page_as(person).get(reverse("team-charter", args=[team.pk]))
        assert charter.status_code == 200
        assert LEARNED in charter.text and "Passed to the team above" in charter.text
        assert page_as(person).get(reverse("team-charter-history", args=[team.pk])).status_code == 200
        assert page_as(person).get(team.get_absolute_url()).status_code == 200
    api = api_as(world.member).get(reverse("api-team-retrospective", args=[team.pk])).json()
    assert api["learned"] == LEARNED and [e["kind"] for e in api["open_work"]] == [
        "cycles",
        "action_items",
        "flags",
    ]
    assert api_as(world.member).get(reverse("api-team-open-work", args=[team.pk])).json() == []


def test_the_api_closes_a_team_resolving_its_flags(world):
    url = reverse("api-team-close", args=[world.team_a.pk])
    open_work = api_as(world.lead).get(reverse("api-team-open-work", args=[world.team_a.pk])).json()
    assert [kind["kind"] for kind in open_work] == ["cycles", "action_items", "flags"]
    assert set(open_work[2]["outcomes"]) == {"escalate", "resolve"}

    response = api_as(world.lead).post(
        url, {"learned": LEARNED, "outcomes": {"flags": "resolve"}}, format="json"
    )
    assert response.status_code == 201, response.json()
    flag = fresh(world.flag)
    assert flag.status == Flag.Status.RESOLVED and LEARNED in flag.learning
    assert flag.holding_team == world.team_a
    assert fresh(world.running).stage == Cycle.Stage.ABANDONED  # a kind left out takes its first outcome


def test_a_closed_team_refuses_every_write(world):
    team_closing.close_team(team=world.team_a, by=world.admin, learned=LEARNED)
    pk = world.team_a.pk
    for person in (world.lead, world.leader, world.admin):
        page = page_as(person)
        assert page.get(reverse("team-edit", args=[pk])).status_code == 403
        assert page.post(reverse("team-edit", args=[pk]), {"name": "Team A again"}).status_code == 403
        assert page.post(reverse("team-delete", args=[pk])).status_code == 403
        assert page.post(reverse("membership-add", args=[pk]), {"person": world.loner.pk}).status_code == 403
        assert page.get(reverse("team-charter-edit", args=[pk])).status_code == 403
        assert page.get(reverse("team-assess", args=[pk])).status_code == 403
        assert page.get(reverse("team-close", args=[pk])).status_code == 403
        api = api_as(person)
        assert (
            api.patch(reverse("api-team-detail", args=[pk]), {"name": "X"}, format="json").status_code == 403
        )
        charter = api.patch(reverse("api-team-charter", args=[pk]), {"purpose": "Again"}, format="json")
        assert charter.status_code == 403 and "closed" in charter.json()["detail"]
    membership = Membership.objects.get(team=world.team_a, user=world.member)
    for person in (world.lead, world.admin):
        role = page_as(person).post(reverse("membership-role", args=[membership.pk]), {"role": "lead"})
        assert role.status_code == 403
        assert page_as(person).post(reverse("membership-remove", args=[membership.pk])).status_code == 403
    assert fresh(membership).role == "member"
    assert fresh(world.team_a).name == "Team A"
    with pytest.raises(PermissionDenied):
        charter_services.save_charter(team=world.team_a, by=world.admin, purpose="Again")
    # Its pages say so, and offer no way to change it.
    charter = page_as(world.lead).get(reverse("team-charter", args=[pk]))
    assert not charter.context["may_edit"] and not charter.context["may_assess"]
    assert not charter.context["may_close"]
    detail = page_as(world.admin).get(reverse("team-detail", args=[pk]))
    assert "read-only" in detail.text and not detail.context["may_change"] and not detail.context["add_form"]
    assert detail.context["member_rows"] and not any(row.may_change for row in detail.context["member_rows"])


def test_a_closed_team_is_left_out_of_the_pickers(world):
    team_closing.close_team(team=world.team_a, by=world.admin, learned=LEARNED)
    lead = fresh(world.lead)
    assert world.team_a not in permissions.teams_with_role(lead)
    assert world.team_a not in cycle_selectors.teams_to_plan_in(lead)
    assert (
        world.team_a not in page_as(lead).get(reverse("cycle-create")).context["form"].fields["team"].queryset
    )
    # It stays among the teams one sees, for its history.
    assert world.team_a in permissions.visible_teams(lead)


def test_a_closed_team_takes_no_new_cycle_flag_or_huddle(world):
    team_closing.close_team(team=world.team_a, by=world.admin, learned=LEARNED)
    team_a = fresh(world.team_a)
    for person in (world.member, world.lead, world.leader, world.admin):
        person = fresh(person)
        assert not cycle_permissions.can_create_cycle(person, team_a)
        assert not andon_permissions.may_raise_flag(person, team_a.pk)
        assert not huddle_permissions.may_set_up_huddle(person, team_a)
    # Team B, open beside it, still takes all three from its own people.
    assert andon_permissions.may_raise_flag(fresh(world.leader), world.team_b.pk)
    assert huddle_permissions.may_set_up_huddle(fresh(world.leader), world.team_b)


def test_closing_twice_is_refused_cleanly(world):
    team_closing.close_team(team=world.team_a, by=world.admin, learned=LEARNED)
    with pytest.raises(PermissionDenied, match="closed"):
        team_closing.close_team(team=world.team_a, by=world.admin, learned="Again")
    assert close_page(world, learned="Again").status_code == 403
    again = api_as(world.admin).post(
        reverse("api-team-close", args=[world.team_a.pk]), {"learned": "Again"}, format="json"
    )
    assert again.status_code == 403 and "closed" in again.json()["detail"]
    assert list(TeamRetrospective.objects.values_list("learned", flat=True)) == [LEARNED]


@pytest.fixture
def refusing_kind():
    """One more kind of open work, registered as an app would, whose settling refuses: it runs last."""
    kind = slot.register(
        slot.OpenWork(
            name="refusing",
            label="Work that will not settle",
            order=99,
            items=lambda team: ["A stubborn item"],
            outcomes={"keep": "Kept"},
            settle=lambda **kwargs: (_ for _ in ()).throw(ValidationError("This work cannot be settled.")),
        )
    )
    yield kind
    del slot.KINDS[kind.name]


def test_a_close_that_fails_half_way_saves_nothing(world, refusing_kind):
    chosen = {"cycles": "abandon", "action_items": "drop", "flags": "escalate", "refusing": "keep"}
    response = close_page(world, chosen)
    assert response.status_code == 200
    assert "This work cannot be settled." in response.text

    assert not fresh(world.team_a).is_closed and not TeamRetrospective.objects.exists()
    assert fresh(world.planned).stage == Cycle.Stage.PLANNING
    assert fresh(world.running).stage == Cycle.Stage.DOING
    assert fresh(world.item).status == ActionItem.Status.OPEN
    assert fresh(world.huddle).is_active
    assert fresh(world.flag).holding_team == world.team_a


def test_work_an_app_leaves_open_stops_the_close(world):
    kind = slot.register(
        slot.OpenWork(
            name="forgetful",
            label="Work its app forgets",
            order=5,
            items=lambda team: ["Still here"],
            outcomes={"keep": "Kept"},
            settle=lambda **kwargs: None,
        )
    )
    try:
        with pytest.raises(ValidationError, match="nothing was closed"):
            team_closing.close_team(team=world.team_a, by=world.admin, learned=LEARNED)
    finally:
        del slot.KINDS[kind.name]
    assert not fresh(world.team_a).is_closed
    assert fresh(world.running).stage == Cycle.Stage.DOING


def test_bad_closing_input_is_a_form_error_or_a_400_and_nothing_is_closed(world):
    blank = close_page(world, learned="  ")
    assert blank.status_code == 200 and "learned" in blank.context["form"].errors
    unknown = close_page(world, {"cycles": "abandon", "action_items": "drop", "flags": "shred"})
    assert unknown.status_code == 200 and "outcome_flags" in unknown.context["form"].errors

    url = reverse("api-team-close", args=[world.team_a.pk])
    api = api_as(world.admin).post(url, {"learned": LEARNED, "outcomes": {"flags": "shred"}}, format="json")
    assert api.status_code == 400 and "outcomes" in api.json()["errors"]
    api = api_as(world.admin).post(url, {"learned": LEARNED, "outcomes": {"pets": "feed"}}, format="json")
    assert api.status_code == 400 and "outcomes" in api.json()["errors"]
    assert api_as(world.admin).post(url, {}, format="json").json()["errors"].keys() == {"learned"}
    assert not fresh(world.team_a).is_closed and fresh(world.flag).holding_team == world.team_a


def test_a_member_may_not_close_their_team(world):
    assert close_page(world, by=world.member).status_code == 403
    assert not fresh(world.team_a).is_closed


def test_the_hub_and_a_team_with_open_teams_below_do_not_close(world):
    with pytest.raises(ValidationError, match="Teams still sit under"):
        team_closing.close_team(team=world.cluster_a, by=world.admin, learned=LEARNED)
    with pytest.raises(ValidationError, match="does not close"):
        team_closing.close_team(team=world.hub, by=world.admin, learned=LEARNED)
    assert not Team.objects.filter(closed_at__isnull=False).exists()


def test_a_team_with_nothing_open_closes_with_an_empty_record(personas):
    retrospective = team_closing.close_team(team=personas.team_b, by=personas.admin, learned="Merged.")
    assert retrospective.open_work == []
    page = page_as(personas.sibling_member).get(reverse("team-charter", args=[personas.team_b.pk]))
    assert "It had no open work when it closed." in page.text
    assert not Huddle.objects.exists()
