"""Raising and escalating flags at a moment the test chooses, and seeding rows for races."""

from datetime import datetime
from zoneinfo import ZoneInfo

from andon import services
from andon.models import Flag
from playbook import clock

LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026, 10:00 in London (GMT): an ordinary working morning.
MONDAY_10 = datetime(2026, 3, 2, 10, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def raise_at(moment, *, by, team, severity="medium", title="Supply cover is not arriving", **extra) -> Flag:
    with clock.frozen_at(moment):
        return services.raise_flag(
            team=team,
            by=by,
            title=title,
            description=extra.pop("description", "Three lessons this week had no cover teacher."),
            category=extra.pop("category", Flag.Category.RESOURCES),
            severity=severity,
            **extra,
        )


def escalate_at(moment, **options):
    return services.escalate_due_flags(at=moment, **options)


def fresh(flag: Flag) -> Flag:
    return Flag.objects.select_related("holding_team").get(pk=flag.pk)


def seed_due_flags(count: int, *, team, by, due, severity="medium") -> list[Flag]:
    """``count`` flags held by ``team`` whose acknowledge deadline is ``due`` (rows only, for races)."""
    from datetime import timedelta

    from andon.models import FlagHold

    raised = due - timedelta(days=1)
    flags = Flag.objects.bulk_create(
        Flag(
            network_id=team.network_id,
            team=team,
            holding_team=team,
            title=f"Seeded flag {i}",
            description="Seeded for a race.",
            severity=severity,
            raised_by=by,
            raised_at=raised,
            hold=1,
            held_since=raised,
            acknowledge_by=due,
            resolve_by=due + timedelta(days=2),
            next_escalation_at=due,
        )  # fmt: skip
        for i in range(count)
    )
    FlagHold.objects.bulk_create(
        FlagHold(flag=f, seq=1, team=team, tier=team.kind, arrived_by="raised", started_at=raised)
        for f in flags
    )
    return flags


def escalations_per_flag(flags) -> dict[int, int]:
    from django.db.models import Count

    from andon.models import FlagEvent

    counts = {flag.pk: 0 for flag in flags}
    rows = (
        FlagEvent.objects.filter(flag__in=flags, kind="escalated").values("flag_id").annotate(n=Count("id"))
    )
    counts.update({row["flag_id"]: row["n"] for row in rows})
    return counts
