"""What the andon app puts in the weekly digest, and the kinds of notification it sends."""

from __future__ import annotations

from andon.models import Flag
from andon.permissions import visible_flags
from playbook.digest import ITEMS_PER_SECTION, Item, register_section
from playbook.notification_kinds import register

register(
    "andon",
    "A flag needs my team",
    "A flag was raised for, escalated to, sent down to or assigned in a team you are in.",
    order=20,
)
register(
    "andon_passed",
    "A flag passed through my team on its way up",
    "A flag missed your tier's deadline and climbed past it to the tier above.",
    order=21,
)


def _raised_by_me(user, since, until) -> list[Item]:
    flags = (
        visible_flags(user)
        .filter(raised_by=user)
        .exclude(status=Flag.Status.RESOLVED)
        .select_related("holding_team")
        .order_by("raised_at", "pk")[: ITEMS_PER_SECTION + 1]
    )
    return [
        Item(
            flag.title, flag.get_absolute_url(), f"{flag.get_status_display()}, with {flag.holding_team.name}"
        )
        for flag in flags
    ]


def _resolved(user, since, until) -> list[Item]:
    flags = (
        visible_flags(user)
        .filter(status=Flag.Status.RESOLVED, resolved_at__gte=since, resolved_at__lt=until)
        .select_related("team")
        .order_by("resolved_at", "pk")[: ITEMS_PER_SECTION + 1]
    )
    return [
        Item(f"{flag.team.name}: {flag.title}", flag.get_absolute_url(), f"Learned: {flag.learning[:200]}")
        for flag in flags
    ]


register_section("andon-raised", 30, _raised_by_me, title="Flags you raised that are still open")
register_section("andon-resolved", 55, _resolved, title="Flags resolved, and what was learned")
