"""The escalation policy in time: each holding team's deadlines, the climb, and the top of the tree.

Time comes from the test: flags are raised with the clock frozen, and the escalation pass runs
"as of" a chosen moment, as the Celery job and ``manage.py escalate_flags --at`` do.
"""

from datetime import date, timedelta

import pytest

from andon.calendar import Rule
from andon.models import ClosedPeriod, EscalationPolicy, Flag, FlagEvent, FlagHold
from andon.services import acknowledge_flag, resolve_flag
from playbook import clock
from playbook.models import Notification
from tests.support.andon import MONDAY_10, at, escalate_at, fresh, raise_at

pytestmark = pytest.mark.django_db


def moves(flag):
    return list(
        FlagEvent.objects.filter(flag=flag, kind=FlagEvent.Kind.ESCALATED)
        .order_by("hold")
        .values_list("hold", "from_team__name", "to_team__name", "deadline")
    )


# --- Each tier in turn ------------------------------------------------------------------------------


def test_a_critical_flag_climbs_one_level_per_missed_hour_and_is_overdue_at_the_top(personas):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, severity="critical")
    assert (flag.acknowledge_by, flag.resolve_by) == (at(2, 11), at(2, 14))

    assert escalate_at(at(2, 10, 59)).steps == []
    assert fresh(flag).holding_team == personas.team_a

    escalate_at(at(2, 11))
    flag = fresh(flag)
    assert flag.holding_team == personas.cluster_a
    assert (flag.hold, flag.held_since, flag.acknowledge_by) == (2, at(2, 11), at(2, 12))

    escalate_at(at(2, 12))
    flag = fresh(flag)
    assert flag.holding_team == personas.hub
    assert flag.acknowledge_by == at(2, 13)

    escalate_at(at(2, 13))
    flag = fresh(flag)
    assert flag.holding_team == personas.hub  # nowhere higher to go
    assert flag.overdue_since == at(2, 13)
    assert flag.next_escalation_at is None
    assert moves(flag) == [
        (1, "Team A", "Cluster A", "acknowledge"),
        (2, "Cluster A", "Hub", "acknowledge"),
    ]
    assert FlagEvent.objects.filter(flag=flag, kind=FlagEvent.Kind.OVERDUE).count() == 1


@pytest.mark.parametrize(
    ("severity", "team_deadline", "cluster_deadline"),
    [
        ("critical", at(2, 11), at(2, 12)),
        ("high", at(2, 14), at(3, 9)),  # 4 working hours from 14:00: 3 on Monday, 1 on Tuesday
        ("medium", at(3, 10), at(4, 10)),
        ("low", at(5, 10), at(10, 10)),  # 3 working days from Thursday: Friday, Monday, Tuesday
    ],
)
def test_each_severity_gives_each_tier_its_acknowledge_time(
    personas, severity, team_deadline, cluster_deadline
):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, severity=severity)
    escalate_at(team_deadline - timedelta(minutes=1))
    assert fresh(flag).holding_team == personas.team_a
    escalate_at(team_deadline)
    assert fresh(flag).holding_team == personas.cluster_a
    escalate_at(cluster_deadline - timedelta(minutes=1))
    assert fresh(flag).holding_team == personas.cluster_a
    escalate_at(cluster_deadline)
    assert fresh(flag).holding_team == personas.hub


def test_an_acknowledged_flag_climbs_when_its_resolve_deadline_passes(personas):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, severity="critical")
    with clock.frozen_at(at(2, 10, 30)):
        acknowledge_flag(flag=flag, by=personas.lead)
    escalate_at(at(2, 13, 59))
    assert fresh(flag).holding_team == personas.team_a  # acknowledged in time: the 11:00 deadline is gone
    escalate_at(at(2, 14))
    flag = fresh(flag)
    assert flag.holding_team == personas.cluster_a
    assert flag.status == Flag.Status.OPEN  # the cluster has to acknowledge it afresh
    assert moves(flag) == [(1, "Team A", "Cluster A", "resolve")]


def test_a_resolved_flag_never_climbs(personas, flag):
    with clock.frozen_at(at(2, 11)):
        resolve_flag(
            flag=flag, by=personas.lead, resolution="Cover booked.", learning="Book cover a week ahead."
        )
    assert escalate_at(at(30, 10)).steps == []
    assert fresh(flag).holding_team == personas.team_a


# --- Weekends, holidays, working hours ---------------------------------------------------------------


def test_a_flag_raised_on_friday_afternoon_waits_for_monday(personas):
    flag = raise_at(at(6, 15), by=personas.member, team=personas.team_a, severity="high")
    assert flag.acknowledge_by == at(9, 10)  # two hours on Friday, two on Monday
    for moment in (at(6, 17), at(7, 12), at(8, 23, 59), at(9, 9, 59)):
        assert escalate_at(moment).steps == []
    escalate_at(at(9, 10))
    assert fresh(flag).holding_team == personas.cluster_a


def test_a_holiday_adds_a_day_to_the_deadline(personas):
    ClosedPeriod.objects.create(
        network=personas.network,
        name="Staff training day",
        starts_on=date(2026, 3, 3),
        ends_on=date(2026, 3, 3),
    )
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)  # medium: a working day
    assert flag.acknowledge_by == at(4, 10)
    escalate_at(at(3, 10))
    assert fresh(flag).holding_team == personas.team_a


def test_a_school_break_stops_every_clock(personas):
    ClosedPeriod.objects.create(
        network=personas.network,
        name="Easter",
        kind=ClosedPeriod.Kind.SCHOOL_BREAK,
        starts_on=date(2026, 3, 30),
        ends_on=date(2026, 4, 10),
    )
    flag = raise_at(at(27, 16), by=personas.member, team=personas.team_a, severity="high")
    assert flag.acknowledge_by == at(13, 11, month=4)


def test_outside_working_hours_the_clock_starts_next_morning(personas):
    flag = raise_at(at(3, 19), by=personas.member, team=personas.team_a, severity="critical")
    assert flag.acknowledge_by == at(4, 9)


def test_critical_flags_can_be_set_to_count_every_hour(personas):
    EscalationPolicy.objects.create(
        network=personas.network,
        severity="critical",
        acknowledge_within=timedelta(hours=1),
        resolve_within=timedelta(hours=4),
        count_every_hour=True,
    )
    flag = raise_at(at(6, 16, 30), by=personas.member, team=personas.team_a, severity="critical")
    escalate_at(at(7, 2))  # Saturday, 2 a.m.: the team, the cluster and the hub all had an hour
    flag = fresh(flag)
    assert flag.holding_team == personas.hub
    assert flag.overdue_since == at(6, 19, 30)


def test_the_policy_is_per_network(personas):
    EscalationPolicy.objects.create(
        network=personas.network,
        severity="medium",
        acknowledge_within=timedelta(hours=2),
        resolve_within=timedelta(days=1),
    )
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    assert flag.acknowledge_by == at(2, 12)
    outside = raise_at(MONDAY_10, by=personas.outsider, team=personas.other_team)
    assert outside.acknowledge_by == at(3, 10)


# --- Exactly once -----------------------------------------------------------------------------------


def test_running_the_pass_twice_for_the_same_minute_changes_nothing_the_second_time(personas, flag):
    first = escalate_at(at(3, 10))
    second = escalate_at(at(3, 10))
    assert len(first.steps) == 1
    assert second.steps == []
    assert FlagEvent.objects.filter(flag=flag, kind=FlagEvent.Kind.ESCALATED).count() == 1
    assert FlagHold.objects.filter(flag=flag).count() == 2


def test_one_late_run_climbs_as_far_as_runs_every_minute_would_have(personas):
    late = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, severity="critical")
    punctual = raise_at(
        MONDAY_10, by=personas.member, team=personas.team_a, severity="critical", title="Twin"
    )
    report = escalate_at(at(2, 12, 30))  # both deadlines passed while the job was down
    assert fresh(late).holding_team == personas.hub
    assert len([s for s in report.steps if s.flag_id == late.pk]) == 2
    # Holds start at the missed deadlines, not when the job noticed, so the record is the same.
    assert list(
        FlagHold.objects.filter(flag=late).values_list("seq", "team__name", "started_at", "ended_at")
    ) == [
        (1, "Team A", MONDAY_10, at(2, 11)),
        (2, "Cluster A", at(2, 11), at(2, 12)),
        (3, "Hub", at(2, 12), None),
    ]
    assert fresh(punctual).acknowledge_by == fresh(late).acknowledge_by == at(2, 13)


def test_a_move_out_of_a_hold_cannot_be_recorded_twice(personas, flag):
    from django.db import IntegrityError, transaction

    escalate_at(at(3, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        FlagEvent.objects.create(
            flag=flag, kind="escalated", at=at(3, 10), hold=1, automatic=True,
            from_team=personas.team_a, to_team=personas.cluster_a,
        )  # fmt: skip


# --- Who hears about it -------------------------------------------------------------------------------


def test_the_leads_and_leaders_of_the_new_holding_team_are_told_once(personas, flag, mailoutbox):
    escalate_at(at(3, 10))
    told = Notification.objects.filter(kind="andon", subject__startswith="Escalated to Cluster A")
    assert list(told.values_list("recipient__username", flat=True)) == ["leader"]
    escalate_at(at(3, 10))
    assert told.count() == 1


def test_sibling_teams_and_the_hub_hear_nothing_of_a_flag_still_below_them(personas, flag):
    escalate_at(at(3, 10))
    for persona in (personas.sibling_member, personas.hub_leader, personas.outsider):
        assert not Notification.objects.filter(recipient=persona, kind="andon").exists()


def test_the_hub_leader_is_told_when_a_flag_reaches_the_hub_and_when_it_is_overdue(personas, flag):
    escalate_at(at(4, 10))
    escalate_at(at(5, 10))
    subjects = list(
        Notification.objects.filter(recipient=personas.hub_leader).values_list("subject", flat=True)
    )
    assert sorted(subjects) == sorted(
        [f"Escalated to Hub: {flag.title} (medium)", f"Overdue at Hub: {flag.title} (medium)"]
    )


def test_a_team_without_leads_passes_the_word_up(personas):
    from tests.support.factories import MembershipFactory, TeamFactory, UserFactory

    leaderless = TeamFactory(network=personas.network, name="New team", parent=personas.cluster_a)
    raiser = UserFactory(network=personas.network)
    MembershipFactory(user=raiser, team=leaderless)
    flag = raise_at(MONDAY_10, by=raiser, team=leaderless)
    assert Notification.objects.filter(recipient=personas.leader, subject__contains=flag.title).exists()


def test_the_rule_in_use_is_the_one_from_when_the_team_got_the_flag(personas, flag):
    from andon.services import set_escalation_policy

    set_escalation_policy(
        network=personas.network,
        by=personas.admin,
        rules={"medium": Rule(timedelta(hours=1), timedelta(hours=2))},
    )
    assert fresh(flag).acknowledge_by == at(3, 10)
    escalate_at(at(3, 10))
    assert fresh(flag).acknowledge_by == at(3, 11)  # the cluster's hold uses the new rule
