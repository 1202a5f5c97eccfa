"""A flag's everyday life through the services: raise, acknowledge, assign, comment, escalate or send
down by hand, resolve with what was learned, reopen. Every change is an event in its history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from andon import services
from andon.models import Flag, FlagEvent, FlagHold
from andon.signals import flag_sent_down
from playbook import clock
from playbook.models import Notification
from tests.support.andon import MONDAY_10, at, escalate_at, fresh, raise_at
from tests.support.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db


def history(flag):
    return list(FlagEvent.objects.filter(flag=flag).values_list("kind", flat=True))


# --- Raising ------------------------------------------------------------------------------------------


def test_a_member_raises_a_flag_held_by_their_team_with_the_policy_deadlines(personas, flag):
    assert flag.team == flag.holding_team == personas.team_a
    assert flag.status == Flag.Status.OPEN
    assert (flag.hold, flag.held_since, flag.acknowledge_by, flag.resolve_by) == (
        1,
        MONDAY_10,
        at(3, 10),
        at(5, 10),
    )
    assert flag.next_escalation_at == flag.acknowledge_by
    assert history(flag) == ["raised"]
    assert FlagHold.objects.get(flag=flag).tier == "team"


def test_the_leads_of_the_team_hear_of_a_new_flag_but_the_raiser_does_not(personas, flag):
    told = set(Notification.objects.filter(kind="andon").values_list("recipient__username", flat=True))
    assert told == {"lead"}


def test_a_flag_can_point_at_a_focus_area_of_the_team(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, focus_area=focus_area)
    assert flag.focus_area == focus_area


def test_a_focus_area_the_raiser_cannot_see_is_refused(personas):
    hidden = FocusAreaFactory(team=personas.team_b, owner=personas.sibling_member)
    with pytest.raises(ValidationError) as refused:
        raise_at(MONDAY_10, by=personas.member, team=personas.team_a, focus_area=hidden)
    assert "focus_area" in refused.value.message_dict


def test_nobody_raises_a_flag_for_a_team_they_are_not_in(personas):
    with pytest.raises(ValidationError) as refused:
        raise_at(MONDAY_10, by=personas.member, team=personas.cluster_a)
    assert "team" in refused.value.message_dict
    with pytest.raises(Http404):
        raise_at(MONDAY_10, by=personas.member, team=personas.other_team)


def test_a_flag_needs_a_title_and_what_is_happening(personas):
    with pytest.raises(ValidationError) as refused:
        raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="  ", description="")
    assert set(refused.value.message_dict) == {"title", "description"}
    assert not Flag.objects.exists()


# --- Acknowledge, assign, comment -----------------------------------------------------------------------


def test_acknowledging_switches_the_clock_to_the_resolve_deadline(personas, flag):
    with clock.frozen_at(at(2, 11)):
        flag = services.acknowledge_flag(flag=flag, by=personas.lead)
    assert (flag.status, flag.acknowledged_at, flag.next_escalation_at) == (
        "acknowledged",
        at(2, 11),
        at(5, 10),
    )
    assert FlagHold.objects.get(flag=flag).acknowledged_at == at(2, 11)
    assert Notification.objects.filter(
        recipient=personas.member, subject__startswith="Your flag was acknowledged"
    ).exists()


def test_a_flag_is_acknowledged_once(personas, flag):
    services.acknowledge_flag(flag=flag, by=personas.lead)
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.acknowledge_flag(flag=flag, by=personas.member)


def test_a_flag_is_assigned_to_someone_in_the_holding_team_or_above(personas, flag):
    services.assign_flag(flag=flag, by=personas.lead, assignee=personas.leader)
    assert fresh(flag).assignee == personas.leader
    assert Notification.objects.filter(
        recipient=personas.leader, subject__startswith="A flag was assigned"
    ).exists()
    with pytest.raises(ValidationError) as refused:
        services.assign_flag(flag=flag, by=personas.lead, assignee=personas.sibling_member)
    assert "assignee" in refused.value.message_dict


def test_anyone_who_sees_a_flag_may_comment_and_the_raiser_hears_of_it(personas, flag):
    escalate_at(at(3, 10))  # now with Cluster A: the member sees it only as its raiser
    services.comment_on_flag(flag=flag, by=personas.member, text="It happened again today.")
    services.comment_on_flag(flag=flag, by=personas.leader, text="Looking into it.")
    assert history(flag) == ["raised", "escalated", "commented", "commented"]
    assert Notification.objects.filter(recipient=personas.member, subject__contains="commented").count() == 1


def test_an_empty_comment_is_refused(personas, flag):
    with pytest.raises(ValidationError):
        services.comment_on_flag(flag=flag, by=personas.member, text="   ")


# --- Escalating and sending down by hand ------------------------------------------------------------------


def test_a_lead_escalates_by_hand_with_a_reason_and_the_cluster_leader_is_told(personas, flag):
    with clock.frozen_at(at(2, 11)):
        flag = services.escalate_flag(
            flag=flag, by=personas.lead, reason="Needs cover money from the cluster."
        )
    assert flag.holding_team == personas.cluster_a
    assert (flag.hold, flag.held_since, flag.acknowledge_by) == (2, at(2, 11), at(3, 11))
    event = FlagEvent.objects.get(flag=flag, kind="escalated")
    assert (event.automatic, event.by, event.from_team, event.to_team, event.text) == (
        False, personas.lead, personas.team_a, personas.cluster_a, "Needs cover money from the cluster.",
    )  # fmt: skip
    assert Notification.objects.filter(
        recipient=personas.leader, subject__startswith="Flag escalated"
    ).exists()


def test_escalating_needs_a_reason(personas, flag):
    with pytest.raises(ValidationError) as refused:
        services.escalate_flag(flag=flag, by=personas.lead, reason="")
    assert "reason" in refused.value.message_dict


def test_a_member_may_not_escalate_by_hand(personas, flag):
    with pytest.raises(PermissionDenied):
        services.escalate_flag(flag=flag, by=personas.member, reason="Please")


def test_nothing_is_above_the_hub(personas, flag):
    escalate_at(at(5, 10))
    with pytest.raises(ValidationError, match="top of the network"):
        services.escalate_flag(flag=fresh(flag), by=personas.hub_leader, reason="Higher!")


def test_the_hub_leader_sends_a_flag_back_down_with_a_reply_for_the_raiser(personas, flag):
    escalate_at(at(4, 10))  # Team A → Cluster A → Hub
    heard = []

    def receiver(sender, flag, reply, by, **kwargs):
        heard.append((flag.pk, reply, by.username))

    flag_sent_down.connect(receiver)
    try:
        with clock.frozen_at(at(4, 12)):
            flag = services.send_flag_down(
                flag=fresh(flag), by=personas.hub_leader, reply="Cluster budget covers this."
            )
    finally:
        flag_sent_down.disconnect(receiver)
    assert flag.holding_team == personas.cluster_a  # one level down, towards where it came from
    assert (flag.held_since, flag.status) == (at(4, 12), "open")
    assert heard == [(flag.pk, "Cluster budget covers this.", "hub_leader")]
    reply = Notification.objects.get(recipient=personas.member, subject__startswith="Reply from Hub")
    assert "Cluster budget covers this." in reply.body


def test_a_flag_with_its_own_team_cannot_go_lower(personas, flag):
    with pytest.raises(ValidationError, match="where it was raised"):
        services.send_flag_down(flag=flag, by=personas.lead, reply="Back to you")


# --- Resolving and reopening --------------------------------------------------------------------------------


def test_resolving_needs_a_resolution_and_what_was_learned(personas, flag):
    with pytest.raises(ValidationError) as refused:
        services.resolve_flag(flag=flag, by=personas.lead, resolution="", learning=" ")
    assert set(refused.value.message_dict) == {"resolution", "learning"}
    assert fresh(flag).status == "open"


def test_resolving_stops_the_clock_and_tells_the_raiser(personas, flag):
    with clock.frozen_at(at(3, 9)):
        flag = services.resolve_flag(
            flag=flag,
            by=personas.lead,
            resolution="Booked a cover teacher.",
            learning="Book cover a week ahead.",
        )
    assert (flag.status, flag.resolved_at, flag.next_escalation_at) == ("resolved", at(3, 9), None)
    assert FlagHold.objects.get(flag=flag).outcome == "resolved"
    told = Notification.objects.get(recipient=personas.member, subject=f"Resolved: {flag.title}")
    assert "Book cover a week ahead." in told.body


def test_the_raiser_may_reopen_a_resolved_flag_and_its_team_gets_fresh_deadlines(personas, flag):
    with clock.frozen_at(at(3, 9)):
        services.resolve_flag(flag=flag, by=personas.lead, resolution="Booked.", learning="Book ahead.")
    with clock.frozen_at(at(9, 10)):
        flag = services.reopen_flag(flag=flag, by=personas.member, reason="No cover again today.")
    assert (flag.status, flag.hold, flag.holding_team) == ("open", 2, personas.team_a)
    assert (flag.acknowledge_by, flag.resolution) == (at(10, 10), "")
    assert history(flag) == ["raised", "resolved", "reopened"]


def test_an_open_flag_cannot_be_reopened(personas, flag):
    with pytest.raises(ValidationError):
        services.reopen_flag(flag=flag, by=personas.member)


def test_someone_who_cannot_see_a_flag_gets_not_found_from_every_verb(personas, flag):
    for verb, extra in (
        (services.acknowledge_flag, {}),
        (services.comment_on_flag, {"text": "hi"}),
        (services.resolve_flag, {"resolution": "r", "learning": "l"}),
        (services.escalate_flag, {"reason": "r"}),
    ):
        for stranger in (personas.sibling_member, personas.outsider):
            with pytest.raises(Http404):
                verb(flag=flag, by=stranger, **extra)
