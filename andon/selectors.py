"""Reads that pages, the API, services and the escalation job share.

Every list of flags starts from ``visible_flags(user)``; every single flag is fetched through
``get_flag_for_user`` (404 when not visible, 403 when visible but not allowed).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncWeek

from andon.calendar import Rule, WorkingCalendar, closed_days
from andon.models import (
    DEFAULT_RULES,
    ClosedPeriod,
    EscalationPolicy,
    Flag,
    FlagEvent,
    FlagHold,
    Severity,
    WorkingHours,
)
from andon.permissions import (
    flag_holder_team_ids,
    own_team_ids,
    passed_through,
    passed_through_q,
    visible_flags,
)
from playbook import permissions
from playbook.kept import kept
from playbook.models import Network, Team

Role = permissions.Role


def flag_list(user) -> QuerySet[Flag]:
    """Visible flags with what a list row shows, in two joins and no per-row query; their holds (the
    teams each has been with, which the permission rule and the "passed through" badge read) come
    in one more query for the whole page."""
    holds = (
        FlagHold.objects.select_related("team")
        .only("flag_id", "seq", "team_id", "outcome", "team__name", "team__kind")
        .order_by("seq")
    )
    return (
        visible_flags(user)
        .select_related("team", "holding_team", "raised_by", "assignee")
        .prefetch_related(Prefetch("holds", queryset=holds))
    )


def get_flag_for_user(user, flag_id, action: str = permissions.VIEW) -> Flag:
    return permissions.get_for_user(user, flag_list(user), flag_id, action)


# --- Policy and calendar ----------------------------------------------------------------------------


def rules_for(network_id: int) -> dict[str, Rule]:
    """Each severity's rule: the network's own, else issue 7's defaults."""
    rules = dict(DEFAULT_RULES)
    for policy in EscalationPolicy.objects.filter(network_id=network_id):
        rules[policy.severity] = policy.as_rule()
    return rules


def calendar_for(network: Network) -> WorkingCalendar:
    hours = WorkingHours.objects.filter(network=network).first()
    periods = ClosedPeriod.objects.filter(network=network).values_list("starts_on", "ends_on")
    extra = {}
    if hours is not None:
        extra = {"weekdays": hours.weekday_set, "day_starts": hours.day_starts, "day_ends": hours.day_ends}
    return WorkingCalendar(time_zone=network.time_zone, closed=closed_days(periods), **extra)


def policy_rows(network: Network) -> list[tuple[str, str, Rule]]:
    """(severity, label, rule) from the most to the least severe, for pages and the API."""
    rules = rules_for(network.pk)
    return [(value, label, rules[value]) for value, label in reversed(Severity.choices)]


# --- Learning ---------------------------------------------------------------------------------------


def search_learning(user, query: str) -> QuerySet[Flag]:
    """Resolved flags whose title, resolution or learning match ``query``, best match first.

    PostgreSQL full-text search (English stemming, web-search syntax); the embedded SQLite default
    falls back to a case-insensitive substring match.
    """
    resolved = flag_list(user).filter(status=Flag.Status.RESOLVED)
    query = (query or "").strip()
    if not query:
        return resolved.order_by("-resolved_at", "-id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="B", config="english") + SearchVector(
            "resolution", "learning", weight="A", config="english"
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        return (
            resolved.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-resolved_at", "-id")
        )
    words = Q()
    for word in query.split():
        words &= Q(title__icontains=word) | Q(resolution__icontains=word) | Q(learning__icontains=word)
    return resolved.filter(words).order_by("-resolved_at", "-id")


# --- The leaders' dashboard ---------------------------------------------------------------------------
# Each read below is one query whatever the number of flags, so the page's query count is fixed.

TREND_WEEKS = 26


class Median(Aggregate):
    """PostgreSQL's median; works on numbers and on intervals."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _median(values) -> timedelta | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _elapsed(end: str, start: str):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def holder_team_ids(user) -> frozenset[int]:
    """The teams whose flags the dashboard counts for ``user``: their teams and every team below."""
    return flag_holder_team_ids(permissions.access_for(user))


def escalated_to_q(user) -> Q:
    """Flags that climbed to a team ``user`` leads: held above the team they were raised in."""
    led = permissions.access_for(user).team_ids_led_by_name()
    return Q(holding_team_id__in=led) & ~Q(holding_team_id=F("team_id"))


def passed_through_my_teams_q(user) -> Q:
    """Flags the escalation job climbed past one of ``user``'s own teams in a single pass."""
    return passed_through_q(own_team_ids(permissions.access_for(user)))


def passed_exists(user) -> ExpressionWrapper:
    """The same, as an annotation: ``.annotate(passed_here=passed_exists(user))``."""
    return passed_through(own_team_ids(permissions.access_for(user)))


NEAR_DEADLINE = timedelta(hours=24)


def near_deadline(flags: QuerySet[Flag], *, now: datetime) -> QuerySet[Flag]:
    """Of ``flags``, those whose next escalation falls within a day of ``now``, soonest first."""
    return flags.filter(
        next_escalation_at__isnull=False, next_escalation_at__lte=now + NEAR_DEADLINE
    ).order_by("next_escalation_at", "id")


def counts_by_holder(flags: QuerySet[Flag]) -> dict:
    """How many of ``flags`` each tier, severity and team holds (one grouped query)."""
    tiers, severities, teams = defaultdict(int), defaultdict(int), {}
    rows = flags.order_by().values("holding_team_id", "holding_team__name", "holding_team__kind", "severity")
    for row in rows.annotate(n=Count("id")):
        tiers[row["holding_team__kind"]] += row["n"]
        severities[row["severity"]] += row["n"]
        name = teams.setdefault(row["holding_team_id"], [row["holding_team__name"], 0])
        name[1] += row["n"]
    return {
        "tiers": [(label, tiers.get(value, 0)) for value, label in Team.Kind.choices],
        "severities": [
            (value, label, severities.get(value, 0)) for value, label in reversed(Severity.choices)
        ],
        "teams": sorted(((name, n) for name, n in teams.values()), key=lambda row: (-row[1], row[0])),
        "total": sum(tiers.values()),
    }


def response_by_tier(user, since: datetime) -> list[dict]:
    """Per tier, over holds that began since ``since``: median time to acknowledge and to resolve,
    and the share of holds that ended with the flag escalated."""
    holds = FlagHold.objects.filter(
        team_id__in=holder_team_ids(user), started_at__gte=since, flag__archived_at__isnull=True
    ).order_by()
    if connection.vendor == "postgresql":
        rows = holds.values("tier").annotate(
            held=Count("id"),
            ended=Count("id", filter=~Q(outcome="")),
            escalated=Count("id", filter=Q(outcome__in=FlagHold.CLIMBED)),
            acknowledge=Median(
                _elapsed("acknowledged_at", "started_at"),
                filter=Q(acknowledged_at__isnull=False),
                output_field=DurationField(),
            ),
            resolve=Median(
                _elapsed("ended_at", "started_at"),
                filter=Q(outcome=FlagHold.Outcome.RESOLVED),
                output_field=DurationField(),
            ),
        )
        found = {row["tier"]: row for row in rows}
    else:  # the embedded SQLite default has no median: work it out here
        grouped = defaultdict(list)
        for row in holds.values_list("tier", "started_at", "acknowledged_at", "ended_at", "outcome"):
            grouped[row[0]].append(row)
        found = {
            tier: {
                "held": len(rows),
                "ended": sum(1 for r in rows if r[4]),
                "escalated": sum(1 for r in rows if r[4] in FlagHold.CLIMBED),
                "acknowledge": _median(r[2] - r[1] for r in rows if r[2]),
                "resolve": _median(r[3] - r[1] for r in rows if r[4] == FlagHold.Outcome.RESOLVED),
            }
            for tier, rows in grouped.items()
        }
    figures = []
    for value, label in Team.Kind.choices:
        row = found.get(value, {})
        ended = row.get("ended", 0)
        figures.append(
            {
                "tier": value,
                "label": label,
                "held": row.get("held", 0),
                "acknowledge": row.get("acknowledge"),
                "resolve": row.get("resolve"),
                "escalated_share": (row.get("escalated", 0) / ended) if ended else None,
            }
        )
    return figures


def weekly_flow(user, *, weeks: int = TREND_WEEKS, now: datetime) -> list[dict]:
    """Per week (Monday, in the network's zone): flags raised in ``user``'s teams and below, flags
    resolved, and the median time from raising to resolving of those resolved that week."""
    access = permissions.access_for(user)
    network = Network.objects.filter(pk=access.network_id).first()
    tz = ZoneInfo(network.time_zone if network else "UTC")
    this_monday = now.astimezone(tz).date() - timedelta(days=now.astimezone(tz).weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    flags = Flag.objects.filter(network_id=access.network_id, team_id__in=holder_team_ids(user)).order_by()
    raised = dict(
        flags.filter(raised_at__gte=since)
        .annotate(week=TruncWeek("raised_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("id"))
        .values_list("week", "n")
    )
    resolved_flags = flags.filter(resolved_at__gte=since, status=Flag.Status.RESOLVED)
    resolved, medians = {}, {}
    if connection.vendor == "postgresql":
        for week, n, median in (
            resolved_flags.annotate(week=TruncWeek("resolved_at", tzinfo=tz))
            .values("week")
            .annotate(
                n=Count("id"),
                median=Median(_elapsed("resolved_at", "raised_at"), output_field=DurationField()),
            )
            .values_list("week", "n", "median")
        ):
            resolved[week], medians[week] = n, median
    else:
        spans = defaultdict(list)
        for raised_at, resolved_at in resolved_flags.values_list("raised_at", "resolved_at"):
            local = resolved_at.astimezone(tz)
            monday = datetime.combine(
                local.date() - timedelta(days=local.weekday()), datetime.min.time(), tzinfo=tz
            )
            spans[monday].append(resolved_at - raised_at)
        resolved = {week: len(v) for week, v in spans.items()}
        medians = {week: _median(v) for week, v in spans.items()}

    def by_day(table):
        return {_as_date(week, tz): value for week, value in table.items()}

    raised, resolved, medians = by_day(raised), by_day(resolved), by_day(medians)
    return [
        {
            "week": first + timedelta(weeks=i),
            "raised": raised.get(first + timedelta(weeks=i), 0),
            "resolved": resolved.get(first + timedelta(weeks=i), 0),
            "median_to_resolve": medians.get(first + timedelta(weeks=i)),
        }
        for i in range(weeks)
    ]


def _as_date(week, tz) -> date:
    if isinstance(week, datetime):
        return week.astimezone(tz).date() if week.tzinfo else week.date()
    return week


# Half a year of flow and response times scan every hold and flag in a leader's subtree, and the
# counts by holder every unresolved flag: a worker keeps them for a person this long, or until any
# flag changes (every change writes a flag event), so what someone just did shows at once.
FIGURES_KEPT = 300


def last_flag_change() -> int:
    """The newest flag event's id: one step down the primary key, and new with every flag change."""
    return FlagEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def dashboard_figures(user, flags: QuerySet[Flag], *, filters: str, now: datetime) -> dict:
    """The dashboard's counts of ``flags`` (chosen by ``filters``, a query string), its weekly flow
    and response by tier, each with the moment it was read (``counts_as_of``, ``trends_as_of``)."""

    def trends():
        return weekly_flow(user, now=now), response_by_tier(user, since=now - timedelta(weeks=TREND_WEEKS))

    change = last_flag_change()
    counts, counts_as_of = kept(
        user, f"andon-counts:{filters}", FIGURES_KEPT, lambda: counts_by_holder(flags), version=change
    )
    (weeks, tiers), trends_as_of = kept(
        user, "andon-trends", FIGURES_KEPT, trends, version=(change, now.date())
    )
    return {
        "counts": counts,
        "counts_as_of": counts_as_of,
        "weeks": weeks,
        "tiers": tiers,
        "trends_as_of": trends_as_of,
    }
