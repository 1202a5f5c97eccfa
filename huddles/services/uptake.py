"""Keeping every team's uptake figures counted, so leaders' homes read them instead of counting."""

from __future__ import annotations

from django.db import transaction

from huddles.models import TeamUptake
from huddles.uptake import FIGURES, count_uptake
from playbook import clock
from playbook.models import Network, Team


def keep_uptake_counts() -> int:
    """Count every team's figures, network by network, and keep them; returns the teams counted.

    Safe to run twice at once: each network's rows are written in one upsert, and a later count only
    replaces an earlier one."""
    kept = 0
    for network_id in Network.objects.order_by("pk").values_list("pk", flat=True):
        team_ids = list(Team.objects.filter(network_id=network_id).values_list("pk", flat=True))
        if not team_ids:
            continue
        counted_at = clock.now()
        figures = count_uptake(team_ids)
        with transaction.atomic():
            TeamUptake.objects.bulk_create(
                [TeamUptake(team_id=pk, counted_at=counted_at, **figures[pk]) for pk in team_ids],
                update_conflicts=True,
                unique_fields=["team"],
                update_fields=[*FIGURES, "counted_at"],
            )
        kept += len(team_ids)
    return kept
