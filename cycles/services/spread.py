"""Step 5 of the method: a change idea's testing status, and when it is ready to spread.

A cycle *met its predictions* when it has been studied (it is in Act or complete), it has at least one
prediction, and every prediction was met. A change idea that met its predictions in at least the
network's ``spread_threshold`` distinct teams is ready to spread; the leaders above its team are told.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cycles.models import DEFAULT_SPREAD_THRESHOLD, Cycle, CyclesSettings, Prediction
from playbook import permissions
from playbook.models import Membership, Network, User
from playbook.notifications import notify_many
from theory.models import ChangeIdea
from theory.services import set_testing_status

Stage = Cycle.Stage
Status = ChangeIdea.TestingStatus
STUDIED_STAGES = (Stage.ACTING, Stage.COMPLETE)
ACTIVE_STAGES = (Stage.DOING, Stage.STUDYING, Stage.ACTING)
DECISION_STATUS = {
    Cycle.Decision.ADOPT: Status.ADOPTED,
    Cycle.Decision.ADOPT_AT_SCALE: Status.TESTING,
    Cycle.Decision.ADAPT: Status.ADAPTING,
    Cycle.Decision.ABANDON: Status.ABANDONED,
}


def spread_threshold(network_id: int) -> int:
    stored = CyclesSettings.objects.filter(network_id=network_id).values_list("spread_threshold", flat=True)
    return stored.first() or DEFAULT_SPREAD_THRESHOLD


def met_predictions_q() -> Q:
    """Cycles (annotated by ``with_prediction_counts``) studied and met in every prediction."""
    return Q(stage__in=STUDIED_STAGES, n_predictions__gt=0, n_met=F("n_predictions"))


def prediction_count(**conditions):
    # A correlated subquery, not a join and GROUP BY: PostgreSQL counts only the rows a page shows.
    counted = (
        Prediction.objects.filter(cycle=OuterRef("pk"), **conditions)
        .order_by()
        .values("cycle")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_prediction_counts(cycles):
    return cycles.annotate(n_predictions=prediction_count(), n_met=prediction_count(outcome="met"))


def teams_where_met(change_idea: ChangeIdea) -> set[int]:
    cycles = with_prediction_counts(Cycle.objects.filter(change_idea=change_idea)).filter(met_predictions_q())
    return set(cycles.values_list("team_id", flat=True))


def status_from_cycles(change_idea: ChangeIdea) -> str:
    network_id = change_idea.focus_area.team.network_id
    if len(teams_where_met(change_idea)) >= spread_threshold(network_id):
        return Status.READY_TO_SPREAD
    cycles = Cycle.objects.filter(change_idea=change_idea)
    if cycles.filter(stage__in=ACTIVE_STAGES).exists():
        return Status.TESTING
    latest = cycles.filter(stage=Stage.COMPLETE).exclude(decision="").order_by("-decided_at", "-pk").first()
    if latest is not None:
        return DECISION_STATUS[latest.decision]
    return Status.NOT_TESTED


@transaction.atomic
def refresh_change_idea_status(change_idea: ChangeIdea) -> ChangeIdea:
    """Bring the idea's status in line with its cycles; tell the leaders once when it becomes ready."""
    change_idea = (
        ChangeIdea.objects.select_for_update().select_related("focus_area__team").get(pk=change_idea.pk)
    )
    before = change_idea.status
    status = status_from_cycles(change_idea)
    set_testing_status(change_idea=change_idea, status=status)
    if status == Status.READY_TO_SPREAD and before != status:
        _tell_leaders(change_idea)
    return change_idea


def _tell_leaders(change_idea: ChangeIdea) -> None:
    from django.urls import reverse

    team = change_idea.focus_area.team
    parents = dict(team.network.teams.values_list("id", "parent_id"))
    above, node = [], team.pk
    while node is not None:
        above.append(node)
        node = parents.get(node)
    leaders = User.objects.filter(
        memberships__team_id__in=above, memberships__role=Membership.Role.LEADER, is_active=True
    ).distinct()
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
