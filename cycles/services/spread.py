"""Step 5 of the method: keeping a change idea's testing status in line with its cycles.

What counts as met and ready is in ``cycles.spread``; here the status is written and, when an
idea becomes ready to spread, the leaders above its team are told.
"""

from __future__ import annotations

from django.db import transaction

from cycles.models import CyclesSettings
from cycles.services import webhook_events
from cycles.spread import status_from_cycles, teams_where_met
from playbook import permissions
from playbook.models import Network, User
from playbook.notifications import notify_many
from playbook.permissions import tree
from theory.models import ChangeIdea
from theory.services import set_testing_status


@transaction.atomic
def refresh_change_idea_status(change_idea: ChangeIdea) -> ChangeIdea:
    """Bring the idea's status in line with its cycles; tell the leaders once when it becomes ready."""
    change_idea = (
        ChangeIdea.objects.select_for_update().select_related("focus_area__team").get(pk=change_idea.pk)
    )
    before = change_idea.status
    status = status_from_cycles(change_idea)
    set_testing_status(change_idea=change_idea, status=status)
    if status == ChangeIdea.TestingStatus.READY_TO_SPREAD and before != status:
        _tell_leaders(change_idea)
        webhook_events.change_idea_ready_to_spread(change_idea)
    return change_idea


def _tell_leaders(change_idea: ChangeIdea) -> None:
    from django.urls import reverse

    leaders = tree.leaders_above(change_idea.focus_area.team)
    notify_many(
        recipients=leaders,
        subject=f"“{change_idea.title}” is ready to spread",
        body=f"Its predictions were met in {len(teams_where_met(change_idea))} teams.",
        url=reverse("cycles-spread") + f"?change_idea={change_idea.pk}",
        kind="ready-to-spread",
    )


@transaction.atomic
def update_cycles_settings(*, network: Network, by: User, spread_threshold: int) -> CyclesSettings:
    permissions.require(by, network, permissions.ADMINISTER)  # network admins only
    settings_row, _ = CyclesSettings.objects.select_for_update().get_or_create(network=network)
    settings_row.spread_threshold = spread_threshold
    settings_row.full_clean()
    settings_row.save()
    ideas = ChangeIdea.objects.filter(focus_area__team__network=network, cycles__isnull=False).distinct()
    for idea in ideas:
        refresh_change_idea_status(idea)
    return settings_row
