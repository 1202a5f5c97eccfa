"""When a cycle met its predictions and a change idea is ready to spread: the reads that pages and
the spread service share.

A cycle *met its predictions* when it has been studied (it is in Act or complete), it has at least one
prediction, and every prediction was met. A change idea that met its predictions in at least the
network's ``spread_threshold`` distinct teams is ready to spread.
"""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from cycles.models import DEFAULT_SPREAD_THRESHOLD, Cycle, CyclesSettings, Prediction
from theory.models import ChangeIdea

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


def met_every_prediction_q() -> Q:
    """The same as ``met_predictions_q`` on cycles not annotated: studied, with a prediction, and none
    of them other than met (an EXISTS and a NOT EXISTS, which PostgreSQL answers as joins)."""
    predictions = Prediction.objects.filter(cycle=OuterRef("pk"))
    return (
        Q(stage__in=STUDIED_STAGES) & Q(Exists(predictions)) & ~Q(Exists(predictions.exclude(outcome="met")))
    )


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
