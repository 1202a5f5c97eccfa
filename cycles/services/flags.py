"""From a cycle to the andon: "Raise a flag" on a cycle's page raises it for the cycle's team, in the
cycle's focus area, and keeps the link (``CycleFlag``) in the same transaction.

Andon knows no cycles: it asks, through ``andon.sources``, where its flags came from, and
``cycle_flag_sources`` answers (registered in ``CyclesConfig.ready()``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from andon.models import Flag
from andon.permissions import may_raise_flag
from andon.services.flags import raise_flag
from cycles.models import Cycle, CycleFlag
from playbook import permissions
from playbook.models import User


@transaction.atomic
def raise_flag_from_cycle(
    *,
    cycle: Cycle,
    by: User,
    title: str,
    description: str,
    category: str = Flag.Category.OTHER,
    severity: str = Flag.Severity.MEDIUM,
) -> Flag:
    """Whoever sees the cycle and works in its team (or above it) may raise a flag from it."""
    permissions.require(by, cycle, permissions.VIEW)
    # A collaborator from another team sees the cycle but may not speak for its team: 403, not the
    # 404 andon would answer for a team they cannot see.
    if not may_raise_flag(by, cycle.team_id):
        raise PermissionDenied(f"You are not in {cycle.team.name}, so you cannot raise a flag for it.")
    # A cycle planned before its focus area had to be its team's own may name another team's; the
    # flag then goes without one rather than show that title to the flag's team.
    focus_area = (
        cycle.focus_area if cycle.focus_area_id and cycle.focus_area.team_id == cycle.team_id else None
    )
    flag = raise_flag(
        team=cycle.team,
        by=by,
        title=title,
        description=description,
        category=category,
        severity=severity,
        focus_area=focus_area,
    )
    CycleFlag.objects.create(cycle=cycle, flag=flag)
    return flag


def cycle_flag_sources(flags) -> dict[int, tuple[int, str, str]]:
    """``andon.sources`` describer: the cycle each flag was raised from. One query for any number.

    A read beside the write it answers for, so that ``cycles.selectors`` need not grow for andon."""
    links = CycleFlag.objects.filter(
        flag_id__in=[f.pk for f in flags], cycle__archived_at__isnull=True
    ).select_related("cycle")
    return {link.flag_id: (link.cycle_id, link.cycle.title, link.cycle.get_absolute_url()) for link in links}
