"""Measures at a glance: every measure a lead or leader oversees, read from the stored charts'
compact summaries (``StoredChart.latest_*``, icons, signal), never from their result JSON.

``summary_of`` turns a chart result into that summary when the rebuild stores it; ``glance_rows``
is the one read the page, the API and the home panels share (filters and sort in SQL).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from measures.charts import RULE_WEIGHT
from measures.models import Measure, MeasureTarget
from measures.number_format import MULTIPLIED, Scale, scale_of
from measures.permissions import may_see_glance, overseen_focus_areas, overseen_measures  # noqa: F401 — re-exported
from playbook import clock, permissions
from playbook.permissions import Role

# --- The summary a rebuild stores beside the result ------------------------------------------------

SUMMARY_FIELDS = (
    "latest_value",
    "latest_period",
    "variation_icon",
    "assurance_icon",
    "signal_direction",
    "signal_since",
    "signal_noticed_at",
)
DIRECTIONS = ("improvement", "deterioration")


def _period(label) -> date | None:
    try:
        return date.fromisoformat(str(label)[:10])
    except ValueError:
        return None


def summary_of(result: dict | None, previous: dict | None = None, *, now: datetime | None = None) -> dict:
    """The summary columns of a stored chart whose result is ``result`` (None: a failed rebuild).

    The signal is the improvement or deterioration the latest point is part of (neutral and
    whole-phase signals say nothing about better or worse); when both end there, the more telling
    rule wins, as in the caption. ``previous`` is the summary before this rebuild: a signal it
    already had (same direction, same start) keeps the moment it was first noticed.
    """
    empty = dict.fromkeys(SUMMARY_FIELDS)
    empty.update(variation_icon="", assurance_icon="", signal_direction="")
    points = (result or {}).get("points") or []
    if not points:
        return empty
    last = len(points) - 1
    signals = result.get("signals", [])
    current = [s for s in signals if s.get("end_index") == last and s.get("direction") in DIRECTIONS]
    summary = {
        **empty,
        "latest_value": points[-1].get("value"),
        "latest_period": _period(points[-1].get("period")),
        "variation_icon": result.get("variation_icon") or "",
        "assurance_icon": result.get("assurance_icon") or "",
    }
    if current:
        telling = min(current, key=lambda s: (RULE_WEIGHT.get(s["rule"], 9), s["start_index"]))
        direction = telling["direction"]
        since = min(_period(s["start"]) or date.max for s in current if s["direction"] == direction)
        previous = previous or {}
        same = previous.get("signal_direction") == direction and previous.get("signal_since") == since
        summary.update(
            signal_direction=direction,
            signal_since=None if since == date.max else since,
            signal_noticed_at=previous.get("signal_noticed_at") if same else (now or clock.now()),
        )
    return summary


def summarize(chart) -> None:
    """Write the summary of ``chart.result`` onto the chart (the caller saves it)."""
    previous = {name: getattr(chart, name) for name in SUMMARY_FIELDS}
    for name, value in summary_of(chart.result, previous).items():
        setattr(chart, name, value)


# --- Who sees which measures ----------------------------------------------------------------------


# --- Stale data -----------------------------------------------------------------------------------

# A period's length in days. Months and terms are taken at their longest (31 days; a school term
# at most ~4 months), so a series is never marked stale early.
PERIOD_DAYS = {"daily": 1, "weekly": 7, "fortnightly": 14, "monthly": 31, "termly": 122}
MISSING_PERIODS = 2  # "stale": no data for more than this many whole periods


def stale_cutoffs(today: date) -> dict[str, date]:
    """Per frequency, the latest period start that is stale today: the period itself, then more
    than two whole periods after it with no data, so it started more than three periods ago."""
    return {f: today - timedelta(days=days * (MISSING_PERIODS + 1)) for f, days in PERIOD_DAYS.items()}


def stale_q(today: date) -> Q:
    q = Q(pk__in=[])
    for frequency, cutoff in stale_cutoffs(today).items():
        q |= Q(frequency=frequency, latest_period__lt=cutoff)
    return q


# --- The table ------------------------------------------------------------------------------------

# Worst news first when sorted by variation: concerns, then changes, improvements, common cause.
VARIATION_RANK = {
    "concern_high": 0,
    "concern_low": 0,
    "neutral_high": 1,
    "neutral_low": 1,
    "improvement_high": 2,
    "improvement_low": 2,
    "common_cause": 3,
}
SORTS = {
    "team": ("focus_area__team__name", "focus_area__title", "name"),
    "focus_area": ("focus_area__title", "focus_area__team__name", "name"),
    "measure": ("name", "focus_area__team__name"),
    "latest": ("latest_period", "focus_area__team__name", "name"),
    "variation": ("variation_rank", "focus_area__team__name", "name"),
}
SORT_CHOICES = [*SORTS, *(f"-{key}" for key in SORTS)]


ROW_FIELDS = (
    "name",
    "kind",
    "unit",
    "data_kind",
    "direction",
    "frequency",
    "chart_type",
    "multiplier",
    "focus_area__title",
    "focus_area__status",
    "focus_area__team__name",
)


def _annotated(queryset: QuerySet[Measure], today: date) -> QuerySet[Measure]:
    target = MeasureTarget.objects.filter(measure=OuterRef("pk"), starts_on__lte=today).order_by("-starts_on")
    return (
        queryset.annotate(
            chart=FilteredRelation("stored_charts", condition=Q(stored_charts__variant="default")),
        )
        .annotate(
            latest_value=F("chart__latest_value"),
            latest_period=F("chart__latest_period"),
            variation_icon=F("chart__variation_icon"),
            assurance_icon=F("chart__assurance_icon"),
            signal_direction=F("chart__signal_direction"),
            signal_since=F("chart__signal_since"),
            signal_noticed_at=F("chart__signal_noticed_at"),
            target=Subquery(target.values("value")[:1]),
        )
        .annotate(
            is_stale=Case(When(stale_q(today), then=Value(True)), default=Value(False)),
            variation_rank=Case(
                *(When(variation_icon=name, then=Value(rank)) for name, rank in VARIATION_RANK.items()),
                default=Value(9),
                output_field=IntegerField(),
            ),
        )
        .select_related("focus_area__team")
        # Only what a row shows: the focus area's aim and the measure's definition are long texts.
        .only(*ROW_FIELDS)
    )


def glance_rows(
    user,
    *,
    team=None,
    focus_area=None,
    kind: str = "",
    variation: str = "",
    signal: str = "",
    stale: bool = False,
    sort: str = "team",
) -> QuerySet[Measure]:
    """The at-a-glance rows the user may see, filtered and sorted in SQL; one query per page."""
    today = clock.now().date()
    rows = _annotated(overseen_measures(user), today)
    if team is not None:
        rows = rows.filter(focus_area__team=team)
    if focus_area is not None:
        rows = rows.filter(focus_area=focus_area)
    if kind:
        rows = rows.filter(kind=kind)
    if variation == "none":
        rows = rows.filter(Q(variation_icon__isnull=True) | Q(variation_icon=""))
    elif variation:
        rows = rows.filter(variation_icon=variation)
    if signal:
        rows = rows.filter(signal_direction=signal)
    if stale:
        rows = rows.filter(is_stale=True)
    descending = sort.startswith("-")
    fields = SORTS.get(sort.lstrip("-"), SORTS["team"])
    first = F(fields[0]).desc(nulls_last=True) if descending else F(fields[0]).asc(nulls_last=True)
    return rows.order_by(first, *fields[1:], "pk")


def scale_for(measure: Measure) -> Scale:
    """The scale the measure's stored chart writes its numbers in, from the measure's own settings,
    so a row formats its latest value without reading the chart's result."""
    chart_type = measure.effective_chart_type
    multiplier = measure.multiplier or 1
    return scale_of(
        {
            "chart_type": chart_type,
            "multiply": multiplier if chart_type in MULTIPLIED else 1,
            "measure": {"data_kind": measure.data_kind, "unit": measure.unit},
        }
    )


# --- Home panels ----------------------------------------------------------------------------------

NEWEST_SIGNAL_FIRST = (F("signal_noticed_at").desc(nulls_last=True), "pk")
NEW_SIGNAL_DAYS = 14  # a lead's "new signal": first seen by a rebuild in the last two weeks
PANEL_ROWS = 5


def current_signals(user, direction: str, *, at_least: str = Role.LEADER) -> QuerySet[Measure]:
    """Measures in the user's reach whose latest point is part of a ``direction`` signal, data not
    stale (a signal in data nobody keeps up is old news), newest first."""
    today = clock.now().date()
    rows = _annotated(overseen_measures(user, at_least), today).filter(signal_direction=direction)
    return rows.filter(is_stale=False).order_by(*NEWEST_SIGNAL_FIRST)


def first_current_signals(user, limit: int, *, at_least: str = Role.LEADER) -> dict[str, tuple[int, list]]:
    """For each direction, how many measures ``current_signals`` holds and its first ``limit``: one
    query for both (a leader's home shows bright spots and concerns side by side)."""
    today = clock.now().date()
    by_direction = {"partition_by": F("signal_direction")}
    rows = (
        _annotated(overseen_measures(user, at_least), today)
        .filter(signal_direction__in=DIRECTIONS, is_stale=False)
        .annotate(
            matching=Window(Count("pk"), **by_direction),
            place=Window(RowNumber(), order_by=NEWEST_SIGNAL_FIRST, **by_direction),
        )
        .filter(place__lte=limit)
        .order_by(*NEWEST_SIGNAL_FIRST)
    )
    found = {direction: (0, []) for direction in DIRECTIONS}
    for row in rows:
        count, shown = found[row.signal_direction]
        found[row.signal_direction] = (row.matching, [*shown, row])
    return found


def new_signals(user) -> QuerySet[Measure]:
    """Signals a rebuild first saw in the last two weeks, in the teams the user leads by name (data
    not stale: a late entry of old data is not news either)."""
    led = permissions.access_for(user).team_ids_with_direct_role(Role.LEAD)
    since = clock.now() - timedelta(days=NEW_SIGNAL_DAYS)
    rows = _annotated(overseen_measures(user).filter(focus_area__team_id__in=led), clock.now().date())
    rows = rows.filter(signal_direction__in=DIRECTIONS, signal_noticed_at__gte=since, is_stale=False)
    return rows.order_by("-signal_noticed_at", "pk")
