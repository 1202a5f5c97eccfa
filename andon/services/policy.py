"""Network admins set how long each holding team has, and the working calendar those times count in.

A change applies to each flag from its next hold (raised, escalated, sent down or reopened); the
deadlines a team already has stay as they were when it got the flag.
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from andon.calendar import Rule, WorkingCalendar
from andon.models import ClosedPeriod, EscalationPolicy, Severity, WorkingHours
from playbook import permissions
from playbook.dates import check_in_window
from playbook.models import Network, User


def _require_admin(by: User, network: Network) -> None:
    permissions.require(by, network, permissions.VIEW)
    if not permissions.can_administer_network(by, network):
        raise PermissionDenied("Only network admins set the escalation policy.")


@transaction.atomic
def set_escalation_policy(*, network: Network, by: User, rules: dict[str, Rule]) -> None:
    """Set the rule for each severity given; severities left out keep theirs."""
    _require_admin(by, network)
    unknown = set(rules) - set(Severity.values)
    if unknown:
        raise ValidationError({"rules": f"Unknown severities: {', '.join(sorted(unknown))}."})
    for severity, rule in rules.items():
        if rule.acknowledge_within.total_seconds() < 60 or rule.resolve_within.total_seconds() < 60:
            raise ValidationError({severity: "Each deadline must be at least a minute."})
        EscalationPolicy.objects.update_or_create(
            network=network,
            severity=severity,
            defaults={
                "acknowledge_within": rule.acknowledge_within,
                "resolve_within": rule.resolve_within,
                "count_every_hour": rule.count_every_hour,
            },
        )


@transaction.atomic
def set_working_calendar(
    *,
    network: Network,
    by: User,
    weekdays: set[int],
    day_starts: time,
    day_ends: time,
    closed: list[tuple[date, date, str, str]],
) -> None:
    """The working week and day, and the closed periods ``(first day, last day, name, kind)``,
    which replace the ones stored."""
    _require_admin(by, network)
    try:
        WorkingCalendar(
            time_zone=network.time_zone,
            weekdays=frozenset(weekdays),
            day_starts=day_starts,
            day_ends=day_ends,
        )
    except ValueError as error:
        raise ValidationError({"day_ends" if "day" in str(error) else "weekdays": str(error)}) from None
    for first, last, name, kind in closed:
        check_in_window("closed", first)
        check_in_window("closed", last)
        if last < first:
            raise ValidationError({"closed": f"“{name}” ends before it starts."})
        if kind not in ClosedPeriod.Kind.values:
            raise ValidationError({"closed": f"“{kind}” is not a kind of closed period."})
    WorkingHours.objects.update_or_create(
        network=network,
        defaults={
            "weekdays": "".join(str(d) for d in sorted(weekdays)),
            "day_starts": day_starts,
            "day_ends": day_ends,
        },
    )
    ClosedPeriod.objects.filter(network=network).delete()
    ClosedPeriod.objects.bulk_create(
        ClosedPeriod(network=network, starts_on=first, ends_on=last, name=name[:120] or kind, kind=kind)
        for first, last, name, kind in closed
    )


@transaction.atomic
def set_policy(
    *,
    network: Network,
    by: User,
    rules: dict[str, Rule],
    weekdays: set[int],
    day_starts: time,
    day_ends: time,
    closed: list[tuple[date, date, str, str]],
) -> None:
    """The escalation rules and the working calendar together, as the policy page and API set them:
    a calendar that is refused leaves the rules as they were."""
    set_escalation_policy(network=network, by=by, rules=rules)
    set_working_calendar(
        network=network, by=by, weekdays=weekdays, day_starts=day_starts, day_ends=day_ends, closed=closed
    )
