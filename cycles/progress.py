"""A focus area's progress score (IHI's 0.5 … 5.0 assessment scale) from what is recorded, with the
evidence behind it, and the leader's override when one applies.

The scale is a ladder: a focus area stands on the highest step whose criteria, and the criteria of
every step below it, are met; one missing piece of evidence stops the climb there, and the page says
which. The criteria read only what Playbook holds: the aim and its owner, measures and change ideas,
data points, the stored charts (``StoredChart.result``: its target, points and signals, as the
chart engine left them, never recomputed here), and the focus area's PDSA cycles.

``progress_scores(ids)`` computes many focus areas at once in a fixed number of queries, so a home
panel or a list of every focus area costs the same as one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse

from cycles.models import Cycle
from cycles.spread import STUDIED_STAGES, with_prediction_counts
from measures.models import DataPoint, FocusArea, Measure, ProgressScoreOverride, StoredChart
from theory.models import ChangeIdea

# The IHI assessment scale as the Breakthrough Series (and Life QI) word it.
LEVELS: dict[Decimal, tuple[str, str]] = {
    Decimal("0.5"): (
        "Intent to participate",
        "The focus area is named, but the aim or the team is not yet set.",
    ),
    Decimal("1.0"): ("Aim and team established", "The aim is written and someone owns it; no work yet."),
    Decimal("1.5"): ("Planning has begun", "Measures or the theory of improvement are being set up."),
    Decimal("2.0"): ("Activity, but no changes", "Baseline data is being collected; no change tested yet."),
    Decimal("2.5"): (
        "Changes tested, but no improvement",
        "Tests of change have begun; measures are charted with their targets.",
    ),
    Decimal("3.0"): ("Modest improvement", "A test of change met its predictions."),
    Decimal("3.5"): ("Improvement", "An outcome measure shows an improvement signal."),
    Decimal("4.0"): ("Significant improvement", "An improving outcome measure now meets its target."),
    Decimal("4.5"): (
        "Sustainable improvement",
        "An outcome measure has met its target over several months of data.",
    ),
    Decimal("5.0"): (
        "Outstanding sustainable results",
        "Every outcome measure sustains its target and a change was adopted as standard practice.",
    ),
}
SCALE = tuple(LEVELS)
BASELINE_POINTS = 6  # a run chart's median means little on fewer points
SUSTAINED_POINTS = 6  # roughly six months of monthly data, or half a term of weekly
ADOPTED = (Cycle.Decision.ADOPT, Cycle.Decision.ADOPT_AT_SCALE)


def label_of(score: Decimal | None) -> str:
    return LEVELS[score][0] if score in LEVELS else ""


def on_scale(score) -> Decimal | None:
    """The scale step ``score`` names, or None when it is not one of 0.5, 1.0, … 5.0."""
    try:
        value = Decimal(str(score)).quantize(Decimal("0.1"))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return value if value in LEVELS and Decimal(str(score)) == value else None


@dataclass
class Criterion:
    key: str
    level: Decimal
    label: str
    met: bool
    detail: str
    url: str = ""


@dataclass
class Progress:
    focus_area_id: int
    evidence_score: Decimal
    criteria: list[Criterion]
    override: ProgressScoreOverride | None = None  # the latest row, when it names a score
    history: list[ProgressScoreOverride] = field(default_factory=list)  # newest first

    @property
    def score(self) -> Decimal:
        return self.override.score if self.override is not None else self.evidence_score

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def label(self) -> str:
        return label_of(self.score)

    @property
    def evidence_label(self) -> str:
        return label_of(self.evidence_score)

    @property
    def next_step(self) -> Criterion | None:
        return next((c for c in self.criteria if not c.met), None)

    def as_data(self) -> dict:
        return {
            "focus_area": self.focus_area_id,
            "score": str(self.score),
            "label": self.label,
            "evidence_score": str(self.evidence_score),
            "evidence_label": self.evidence_label,
            "overridden": self.overridden,
            "evidence": [
                {
                    "key": c.key,
                    "level": str(c.level),
                    "label": c.label,
                    "met": c.met,
                    "detail": c.detail,
                    "url": c.url,
                }
                for c in self.criteria
            ],
            "history": [
                {
                    "score": str(o.score) if o.score is not None else None,
                    "reason": o.reason,
                    "by": o.by.display_name,
                    "at": o.at.isoformat(),
                }
                for o in self.history
            ],
        }


# --- Reading a stored chart ----------------------------------------------------------------------------


def _meets(value, target, direction) -> bool:
    if value is None or target is None:
        return False
    return value <= target if direction == "down" else value >= target


def _plotted(result: dict) -> list[dict]:
    return [p for p in result.get("points") or [] if p.get("value") is not None and not p.get("excluded")]


def _improving(result: dict) -> bool:
    return any(s.get("direction") == "improvement" for s in result.get("signals") or [])


def _point_meets(point: dict, result: dict) -> bool:
    # Each point carries the target in force on its date (measures.charts.compute); older charts
    # only the latest one.
    return _meets(point["value"], point.get("target", result.get("target")), result.get("direction"))


def _meets_now(result: dict) -> bool:
    points = _plotted(result)
    return bool(points) and _point_meets(points[-1], result)


def _sustained(result: dict) -> bool:
    points = _plotted(result)[-SUSTAINED_POINTS:]
    return len(points) == SUSTAINED_POINTS and all(_point_meets(p, result) for p in points)


# --- The ladder --------------------------------------------------------------------------------------


@dataclass
class _Evidence:
    focus_area: FocusArea
    measures: list[Measure] = field(default_factory=list)
    points: dict[int, int] = field(default_factory=dict)  # measure id → data points
    charts: dict[int, dict] = field(default_factory=dict)  # measure id → stored result
    ideas: int = 0
    cycles: list[Cycle] = field(default_factory=list)


def _first(items, test):
    return next((item for item in items if test(item)), None)


def _criteria(e: _Evidence) -> list[Criterion]:
    fa = e.focus_area
    fa_url = reverse("focus-area-detail", args=[fa.pk])
    outcomes = [m for m in e.measures if m.kind == Measure.Kind.OUTCOME]
    targeted = [m for m in outcomes if (e.charts.get(m.pk) or {}).get("target") is not None]

    def measure_url(m):
        return reverse("measure-detail", args=[m.pk]) if m else fa_url

    def cycle_url(c):
        return reverse("cycle-detail", args=[c.pk]) if c else fa_url

    baseline = _first(e.measures, lambda m: e.points.get(m.pk, 0) >= BASELINE_POINTS)
    started = _first(e.cycles, lambda c: c.stage != Cycle.Stage.PLANNING)
    met = _first(e.cycles, lambda c: c.met_all)
    improving = _first(outcomes, lambda m: _improving(e.charts.get(m.pk) or {}))
    at_target = _first(
        outcomes, lambda m: _improving(e.charts.get(m.pk) or {}) and _meets_now(e.charts[m.pk])
    )
    sustained = _first(targeted, lambda m: _sustained(e.charts[m.pk]))
    all_sustained = bool(targeted) and all(_sustained(e.charts[m.pk]) for m in targeted)
    adopted = _first(e.cycles, lambda c: c.decision in ADOPTED)
    L = Decimal
    return [
        Criterion(
            "aim",
            L("1.0"),
            "Aim set and owned",
            bool(fa.aim_what and fa.aim_how_much and fa.aim_by_when and fa.owner_id),
            f"Aim: {fa.aim_what} {fa.aim_how_much} by {fa.aim_by_when:%-d %b %Y}"
            if fa.aim_how_much
            else "No aim yet",
            reverse("focus-area-edit", args=[fa.pk]),
        ),
        Criterion(
            "planning",
            L("1.5"),
            "Measures or change ideas set up",
            bool(e.measures or e.ideas),
            f"{len(e.measures)} measure{'s' if len(e.measures) != 1 else ''}, "
            f"{e.ideas} change idea{'s' if e.ideas != 1 else ''}",
            reverse("theory-drivers", args=[fa.pk]),
        ),
        Criterion(
            "baseline",
            L("2.0"),
            f"Baseline data ({BASELINE_POINTS}+ points on a measure)",
            baseline is not None,
            f"{baseline.name}: {e.points[baseline.pk]} points"
            if baseline
            else "No measure has enough data yet",
            measure_url(baseline),
        ),
        Criterion(
            "cycles_tested",
            L("2.5"),
            "A change tested in a PDSA cycle",
            started is not None,
            f"#{started.pk} {started.title} ({started.get_stage_display()})"
            if started
            else "No cycle started yet",
            cycle_url(started),
        ),
        Criterion(
            "charted_target",
            L("2.5"),
            "An outcome measure charted with a target",
            bool(targeted),
            ", ".join(m.name for m in targeted) or "No outcome measure's chart has a target",
            measure_url(targeted[0] if targeted else None),
        ),
        Criterion(
            "predictions_met",
            L("3.0"),
            "A test of change met its predictions",
            met is not None,
            f"#{met.pk} {met.title}: {met.n_met} of {met.n_predictions} met"
            if met
            else "No studied cycle met all its predictions",
            cycle_url(met),
        ),
        Criterion(
            "outcome_signal",
            L("3.5"),
            "Improvement signal on an outcome measure",
            improving is not None,
            improving.name if improving else "No outcome measure shows an improvement signal",
            measure_url(improving),
        ),
        Criterion(
            "target_met",
            L("4.0"),
            "An improving outcome measure meets its target",
            at_target is not None,
            at_target.name if at_target else "No improving outcome measure is at its target",
            measure_url(at_target),
        ),
        Criterion(
            "sustained",
            L("4.5"),
            f"Target met in each of the last {SUSTAINED_POINTS} points",
            sustained is not None,
            sustained.name if sustained else "No outcome measure has sustained its target",
            measure_url(sustained),
        ),
        Criterion(
            "all_sustained",
            L("5.0"),
            "Every outcome measure with a target sustains it",
            all_sustained,
            f"{sum(_sustained(e.charts[m.pk]) for m in targeted)} of {len(targeted)} sustained",
            fa_url,
        ),
        Criterion(
            "adopted",
            L("5.0"),
            "A change adopted as standard practice",
            adopted is not None,
            f"#{adopted.pk} {adopted.title}: {adopted.get_decision_display()}"
            if adopted
            else "No cycle decided to adopt",
            cycle_url(adopted),
        ),
    ]


def _climb(criteria: list[Criterion]) -> Decimal:
    score = SCALE[0]
    for level in SCALE[1:]:
        if not all(c.met for c in criteria if c.level <= level):
            break
        score = level
    return score


def progress_scores(focus_area_ids) -> dict[int, Progress]:
    """Every focus area's progress, by id, in seven queries however many there are."""
    ids = list(focus_area_ids)
    evidence = {fa.pk: _Evidence(fa) for fa in FocusArea.objects.filter(pk__in=ids)}
    for m in Measure.objects.filter(focus_area_id__in=ids).order_by("name", "pk"):
        evidence[m.focus_area_id].measures.append(m)
    points = (
        DataPoint.objects.filter(measure__focus_area_id__in=ids)
        .values("measure__focus_area_id", "measure_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in points:
        evidence[row["measure__focus_area_id"]].points[row["measure_id"]] = row["n"]
    charts = StoredChart.objects.filter(
        measure__focus_area_id__in=ids, variant="default", result__isnull=False
    ).values_list("measure__focus_area_id", "measure_id", "result")
    for fa_id, measure_id, result in charts:
        evidence[fa_id].charts[measure_id] = result
    ideas = (
        ChangeIdea.objects.filter(focus_area_id__in=ids, archived_at=None)
        .values("focus_area_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in ideas:
        evidence[row["focus_area_id"]].ideas = row["n"]
    cycles = with_prediction_counts(Cycle.objects.filter(focus_area_id__in=ids)).order_by("created_at", "pk")
    for cycle in cycles:
        # cycles.spread.met_predictions_q, read off the annotations already fetched
        cycle.met_all = cycle.stage in STUDIED_STAGES and 0 < cycle.n_predictions == cycle.n_met
        evidence[cycle.focus_area_id].cycles.append(cycle)
    history = defaultdict(list)
    for row in ProgressScoreOverride.objects.filter(focus_area_id__in=ids).select_related("by"):
        history[row.focus_area_id].append(row)  # the model orders newest first
    found = {}
    for fa_id, e in evidence.items():
        criteria = _criteria(e)
        rows = history.get(fa_id, [])
        latest = rows[0] if rows and rows[0].score is not None else None
        found[fa_id] = Progress(fa_id, _climb(criteria), criteria, latest, rows)
    return found


def progress_for(focus_area: FocusArea) -> Progress:
    return progress_scores([focus_area.pk])[focus_area.pk]
