"""Reads that the cycle pages, the API and the jobs share. Each starts from what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth

from andon.permissions import visible_flags
from cycles.models import Cycle, CycleEvent, Prediction
from cycles.permissions import cycle_colleagues, visible_cycle_ids, visible_cycles
from cycles.spread import (
    met_every_prediction_q,
    met_predictions_q,
    prediction_count,
    spread_threshold,
    with_prediction_counts,
)
from measures.data_input import Rhythm
from measures.models import DataPoint, Measure, StoredChart
from playbook import permissions
from playbook.models import Membership, Team, User
from playbook.permissions import tree
from theory.models import ChangeIdea
from theory.permissions import visible_change_ideas

Stage = Cycle.Stage
SCOPES = ("mine", "team", "all")


def visible_change_ideas_for_cycles(user) -> QuerySet[ChangeIdea]:
    """Change ideas a person may test: their teams' own, and those of any cycle they may see."""
    tested = (
        Cycle.objects.filter(pk__in=visible_cycle_ids(user))
        .exclude(change_idea=None)
        .values("change_idea_id")
    )
    return ChangeIdea.objects.filter(Q(pk__in=visible_change_ideas(user).values("pk")) | Q(pk__in=tested))


def overdue_q(today: date) -> Q:
    return Q(stage__in=(Stage.PLANNING, Stage.DOING), ends_on__lt=today)


def for_list(cycles: QuerySet[Cycle]) -> QuerySet[Cycle]:
    """What a list row shows, in a fixed number of queries however many rows there are."""
    return (
        with_prediction_counts(cycles)
        .annotate(n_studied=prediction_count(outcome__in=Prediction.Outcome.values))
        .select_related("team", "owner", "change_idea", "focus_area")
        .prefetch_related(
            Prefetch("collaborators", queryset=User.objects.only("pk", "first_name", "last_name", "username"))
        )
    )


# What a row of the cycle list and of the API's list reads, and no more: a cycle's prose, its search
# document and the related rows' long text would be fetched and parsed 50 times for nothing.
LIST_ROW_FIELDS = (
    "id", "archived_at", "title", "team_id", "focus_area_id", "change_idea_id", "owner_id", "stage",
    "starts_on", "ends_on", "scale_count", "scale_unit", "decision", "ramp_from_id", "adapted_from_id",
    "created_at", "updated_at", "team__id", "team__name", "team__network_id", "owner__id",
    "owner__username", "owner__first_name", "owner__last_name", "change_idea__id", "change_idea__title",
)  # fmt: skip


def list_rows(cycles: QuerySet[Cycle]) -> QuerySet[Cycle]:
    """``for_list`` with only the fields a list row shows (a page's worth; an export wants them all),
    and without the collaborators: the API's rows do not show them, the page's take ``with_helpers``."""
    return (
        with_prediction_counts(cycles)
        .annotate(n_studied=prediction_count(outcome__in=Prediction.Outcome.values))
        .select_related("team", "owner", "change_idea")
        .only(*LIST_ROW_FIELDS)
    )


def with_helpers(cycles: list[Cycle]) -> list[Cycle]:
    """Each cycle's collaborators' names as ``helper_names``, in one query of names rather than users."""
    names = defaultdict(list)
    rows = (
        Cycle.collaborators.through.objects.filter(cycle_id__in=[c.pk for c in cycles])
        .order_by("user__first_name", "user__last_name", "user__username")
        .values_list("cycle_id", "user__username", "user__first_name", "user__last_name")
    )
    for cycle_id, username, first, last in rows:
        names[cycle_id].append(User(username=username, first_name=first, last_name=last).display_name)
    for cycle in cycles:
        cycle.helper_names = names[cycle.pk]
    return cycles


@dataclass
class CycleFilters:
    scope: str = "all"
    stage: str = ""
    change_idea: int | None = None
    focus_area: int | None = None
    team: int | None = None
    overdue: bool = False
    query: str = ""


def cycle_filters(params: dict) -> CycleFilters:
    """The list's filters from checked request parameters (a filter form's or serializer's values)."""
    return CycleFilters(
        scope=params.get("scope") or "all",
        stage=params.get("stage") or "",
        change_idea=params.get("change_idea") or None,
        focus_area=params.get("focus_area") or None,
        team=params.get("team") or None,
        overdue=bool(params.get("overdue")),
        query=params.get("q") or "",
    )


def filtered_cycles(user, filters: CycleFilters, today: date) -> QuerySet[Cycle]:
    cycles = visible_cycles(user)
    access = permissions.access_for(user)
    if filters.scope == "mine":
        # One list of ids from the owner index and the collaborators' index: as an OR, PostgreSQL
        # read every open cycle a leader can see (24,000 in a state) to find the few that are theirs.
        owned = Cycle.objects.filter(owner_id=access.user_id).order_by().values("pk")
        helping = Cycle.collaborators.through.objects.filter(user_id=access.user_id)
        helping = helping.order_by().values("cycle_id")
        cycles = cycles.filter(pk__in=owned.union(helping))
    elif filters.scope == "team":
        mine = Membership.objects.filter(user_id=access.user_id).values("team_id")
        cycles = cycles.filter(team_id__in=mine)
    if filters.stage == "open":
        cycles = cycles.filter(stage__in=Cycle.OPEN_STAGES)
    elif filters.stage:
        cycles = cycles.filter(stage=filters.stage)
    if filters.change_idea:
        cycles = cycles.filter(change_idea_id=filters.change_idea)
    if filters.focus_area:
        cycles = cycles.filter(focus_area_id=filters.focus_area)
    if filters.team:
        cycles = cycles.filter(team_id=filters.team)
    if filters.overdue:
        cycles = cycles.filter(overdue_q(today))
    if filters.query:
        cycles = cycles.filter(Q(title__icontains=filters.query) | Q(objective__icontains=filters.query))
    return cycles


def _rank(today: date) -> Case:
    return Case(
        When(overdue_q(today), then=Value(0)),
        When(stage__in=Cycle.OPEN_STAGES, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def list_order(cycles: QuerySet[Cycle], today: date) -> QuerySet[Cycle]:
    """Overdue first, then the open ones by end date, then the finished ones, by end date too.

    Fine for a handful of rows (the home panel); a list of a network's cycles reads ``list_page``,
    which gives the same order without sorting every visible cycle by a computed rank."""
    return cycles.annotate(rank=_rank(today)).order_by("rank", "ends_on", "-created_at", "-pk")


# The list's three runs, in ``list_order``'s order. Each is read through an index in (ends_on,
# created_at DESC, id DESC) order (the migration's ``cycle_*_order_idx``) and stops after a page, so
# a page costs the same with 60 cycles or 60,000: the CASE rank cannot be indexed (it moves with the
# date), but within a run the order is the index's.
def _runs(today: date) -> list[Q]:
    overdue = overdue_q(today)
    return [overdue, Q(stage__in=Cycle.OPEN_STAGES) & ~overdue, ~Q(stage__in=Cycle.OPEN_STAGES)]


def _rank_of(cycle: Cycle, today: date) -> int:
    if cycle.is_overdue(today):
        return 0
    return 1 if cycle.is_open else 2


def _after_in_run(key: Cycle, backwards: bool) -> Q:
    """Rows of one run after ``key`` in (ends_on ASC NULLS LAST, created_at DESC, id DESC), or before
    it when ``backwards``."""
    later = "lt" if backwards else "gt"
    earlier = "gt" if backwards else "lt"
    tie = Q(**{f"created_at__{earlier}": key.created_at}) | Q(
        created_at=key.created_at, **{f"pk__{earlier}": key.pk}
    )
    if key.ends_on is None:  # the last of each run; before it come every dated row
        same = Q(ends_on=None) & tie
        return same | Q(ends_on__isnull=False) if backwards else same
    same = Q(ends_on=key.ends_on) & tie
    beyond = Q(**{f"ends_on__{later}": key.ends_on})
    return same | beyond if backwards else same | beyond | Q(ends_on=None)


@dataclass
class ListPage:
    """One page of the list, by position rather than by number: no count of every visible cycle."""

    object_list: list[Cycle]
    newer: int | None = None  # ``?before=`` for the page above, if there is one
    older: int | None = None  # ``?after=`` for the page below, if there is one

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None


def list_page(
    user, cycles: QuerySet[Cycle], today: date, *, after=None, before=None, size: int = 50
) -> ListPage:
    """A page of ``cycles`` in ``list_order``'s order: the first, or the one after (or before) the
    visible cycle ``after`` (``before``). Three queries, four with a cursor, whatever the number of
    cycles: the cursor's row, the page's ids, the rows, and the rows' collaborators."""
    backwards = before is not None and after is None
    pk = as_pk(before if backwards else after)
    key = (
        visible_cycles(user).filter(pk=pk).only("pk", "stage", "ends_on", "created_at").first()
        if pk
        else None
    )
    if backwards and key is None:
        return list_page(user, cycles, today, size=size)
    ids = _page_rows(cycles, today, key=key, backwards=backwards, size=size)
    ids.sort(key=lambda row: row[0], reverse=not backwards)  # the order's last key, then the ones before
    ids.sort(key=lambda row: row[3], reverse=not backwards)
    ids.sort(key=lambda row: (row[1], row[2] is None, row[2] or date.min), reverse=backwards)
    more = len(ids) > size
    ids = [row[0] for row in ids[:size]]
    if backwards:
        ids.reverse()
    rows = list_rows(Cycle.objects.filter(pk__in=ids)).annotate(rank=_rank(today))
    by_pk = {c.pk: c for c in rows}
    page = with_helpers([by_pk[i] for i in ids if i in by_pk])
    if not page:  # past the end (the rows after the cursor went away): the first page, not "none"
        return list_page(user, cycles, today, size=size) if key is not None else ListPage([])
    has_newer = more if backwards else key is not None
    has_older = key is not None if backwards else more
    return ListPage(page, page[0].pk if has_newer else None, page[-1].pk if has_older else None)


def _run_parts(cycles: QuerySet[Cycle], today: date, *, key=None, backwards=False, size=50) -> list[QuerySet]:
    """For each run, (id, run, ends_on, created_at) of up to ``size + 1`` of its cycles after ``key``
    (before it, ``backwards``): a query that reads an order index and stops."""
    runs = list(enumerate(_runs(today)))
    if key is not None:
        rank = _rank_of(key, today)
        runs = [(r, q & _after_in_run(key, backwards) if r == rank else q) for r, q in runs]
        runs = [(r, q) for r, q in runs if (r <= rank if backwards else r >= rank)]
    if backwards:  # the index read the other way: ends_on DESC NULLS FIRST, created_at, id
        order = (F("ends_on").desc(nulls_first=True), "created_at", "pk")
    else:
        order = ("ends_on", "-created_at", "-pk")
    return [
        cycles.filter(q)
        .annotate(run=Value(r))
        .order_by(*order)
        .values_list("pk", "run", "ends_on", "created_at")[: size + 1]
        for r, q in runs
    ]


def page_ids(cycles: QuerySet[Cycle], today: date, *, key=None, backwards=False, size=50) -> QuerySet:
    """The runs' rows after ``key`` (``_run_parts``) in one UNION ALL."""
    parts = _run_parts(cycles, today, key=key, backwards=backwards, size=size)
    return parts[0].union(*parts[1:], all=True)


def _page_rows(cycles: QuerySet[Cycle], today: date, *, key=None, backwards=False, size=50) -> list[tuple]:
    if connection.features.supports_slicing_ordering_in_compound:
        return list(page_ids(cycles, today, key=key, backwards=backwards, size=size))
    # SQLite (the embedded default) refuses a LIMIT inside a UNION: one query a run.
    return [
        row for part in _run_parts(cycles, today, key=key, backwards=backwards, size=size) for row in part
    ]


def my_open_cycles(user, today: date, limit: int = 8) -> list[Cycle]:
    """The home panel: cycles a person owns or helps with, overdue first."""
    cycles = filtered_cycles(user, CycleFilters(scope="mine", stage="open"), today)
    return list(list_order(for_list(cycles), today)[:limit])


def teams_to_plan_in(user) -> QuerySet[Team]:
    """Where a person may plan or copy a cycle: their teams, or any unit they have a role in if none."""
    teams = permissions.teams_with_role(user).filter(kind="team").order_by("name")
    return teams if teams.exists() else permissions.teams_with_role(user).order_by("name")


def as_pk(text) -> int | None:
    """A row id from a query parameter; None for anything that is not one, so a typo'd link is ignored."""
    try:
        pk = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def change_idea_to_test(user, pk) -> ChangeIdea | None:
    """The change idea a new plan starts from (``?idea=`` on the new-cycle page), if the person may see
    it and it is not archived; None otherwise, and the plan starts blank."""
    pk = as_pk(pk)
    if pk is None:
        return None
    return change_ideas_to_plan(user).select_related("focus_area").filter(pk=pk).first()


def change_ideas_to_plan(user) -> QuerySet[ChangeIdea]:
    return visible_change_ideas_for_cycles(user).filter(archived_at=None).order_by("title")


def people_to_plan_with(user, cycle: Cycle | None = None) -> QuerySet[User]:
    """Who may own or help with a plan: the person's colleagues, and those already on ``cycle``."""
    people = cycle_colleagues(user)
    if cycle is not None:
        people = (
            User.objects.filter(pk__in=people.values("pk"))
            | cycle.collaborators.all()
            | User.objects.filter(pk=cycle.owner_id)
        )
    return people.distinct().order_by("first_name", "last_name", "username")


# --- One cycle ---------------------------------------------------------------------------------------


def cycle_for_page(user, pk, action=permissions.VIEW) -> Cycle:
    # Nine tables in one join cost PostgreSQL more to plan (9 ms) than to run; the cycles a ramp or a
    # copy came from, set on few cycles, come in their own small queries when there is one.
    queryset = (
        visible_cycles(user)
        .select_related("team", "owner", "focus_area__team", "change_idea")
        .prefetch_related("collaborators", "ramp_from", "adapted_from__team")
    )
    return permissions.get_for_user(user, queryset, pk, action)


def rhythms_of(measures: list[Measure]) -> dict[int, Rhythm]:
    """Each measure's rhythm (when its periods start), in one query for the series' first periods."""
    first = dict(
        DataPoint.objects.filter(measure__in=measures)
        .values("measure_id")
        .annotate(first=Min("period"))
        .values_list("measure_id", "first")
    )
    return {m.pk: Rhythm(m.frequency, first.get(m.pk)) for m in measures}


def measures_to_predict(cycle: Cycle) -> QuerySet[Measure]:
    """The measures a prediction of ``cycle`` may be about: its focus area's."""
    if cycle.focus_area_id is None:
        return Measure.objects.none()
    return Measure.objects.filter(focus_area_id=cycle.focus_area_id).order_by("kind", "name")


def reviewers_for(cycle: Cycle) -> QuerySet[User]:
    """Who may be asked to review the plan: the team's people, and the leads and leaders above it."""
    Role = Membership.Role
    people = tree.people_and_those_above(
        [cycle.team_id], cycle.team.network_id, above=(Role.LEAD, Role.LEADER)
    )
    return people.order_by("first_name", "last_name", "username")


def next_cycle_of(cycle: Cycle) -> Cycle | None:
    return Cycle.objects.filter(ramp_from=cycle).first()


def predictions_of(cycle: Cycle) -> list[Prediction]:
    return list(
        cycle.predictions.select_related("measure__focus_area", "studied_by").order_by("position", "pk")
    )


def events_of(cycle: Cycle) -> list[CycleEvent]:
    return list(cycle.events.select_related("by").order_by("at", "pk"))


@dataclass
class MeasureWindow:
    """A linked measure, with its stored chart and the data points inside the cycle's window."""

    measure: Measure
    visible: bool
    chart: StoredChart | None = None
    points: list = field(default_factory=list)


def measure_windows(user, cycle: Cycle, predictions: list[Prediction]) -> list[MeasureWindow]:
    measures = {p.measure_id: p.measure for p in predictions if p.measure_id is not None}
    if not measures:
        return []
    charts = {c.measure_id: c for c in StoredChart.objects.filter(measure_id__in=measures, variant="default")}
    points = defaultdict(list)
    if cycle.starts_on is not None:
        in_window = Q(period__gte=cycle.starts_on)
        if cycle.ends_on is not None:
            in_window &= Q(period__lte=cycle.ends_on)
        for point in DataPoint.objects.filter(in_window, measure_id__in=measures).order_by("period"):
            points[point.measure_id].append(point)
    rows = []
    for measure_id, measure in sorted(measures.items()):
        visible = permissions.can_view(user, measure)
        rows.append(
            MeasureWindow(
                measure,
                visible,
                charts.get(measure_id) if visible else None,
                points[measure_id] if visible else [],
            )
        )
    return rows


def ramp_chain(cycle: Cycle, user) -> list[Cycle]:
    """The cycles of the ramp ``cycle`` is on, first to last, as far as the user may see them."""
    visible = for_list(visible_cycles(user))
    chain = [cycle]
    seen = {cycle.pk}
    node = cycle
    while node.ramp_from_id is not None and node.ramp_from_id not in seen:
        node = visible.filter(pk=node.ramp_from_id).first()
        if node is None:
            break
        chain.insert(0, node)
        seen.add(node.pk)
    node = cycle
    while True:
        node = visible.filter(ramp_from_id=node.pk).first()
        if node is None or node.pk in seen:
            break
        chain.append(node)
        seen.add(node.pk)
    return chain


def ramp_for_page(cycle: Cycle, user) -> list[Cycle]:
    """The ramp ``cycle`` is on as list rows with their predictions, first to last."""
    chain = [c.pk for c in ramp_chain(cycle, user)]
    rows = for_list(Cycle.objects.filter(pk__in=chain)).prefetch_related("predictions")
    return sorted(rows, key=lambda c: chain.index(c.pk))


def ramps_of_change_idea(user, change_idea: ChangeIdea) -> list[list[Cycle]]:
    """Every ramp (chain of cycles) that tests ``change_idea``, each first to last, in two queries."""
    cycles = list(
        for_list(visible_cycles(user).filter(change_idea=change_idea))
        .prefetch_related("predictions")
        .order_by("created_at", "pk")
    )
    by_pk = {c.pk: c for c in cycles}
    following = {c.ramp_from_id: c for c in cycles if c.ramp_from_id in by_pk}
    chains = []
    for cycle in cycles:
        if cycle.ramp_from_id in by_pk:
            continue  # not the first of its ramp
        chain, node, seen = [cycle], cycle, {cycle.pk}
        while node.pk in following and following[node.pk].pk not in seen:
            node = following[node.pk]
            chain.append(node)
            seen.add(node.pk)
        chains.append(chain)
    return chains


# --- Spread and track record ------------------------------------------------------------------------


@dataclass
class SpreadContext:
    team: Team
    cycles: int = 0
    studied: int = 0
    met: int = 0


@dataclass
class SpreadRow:
    change_idea: ChangeIdea
    threshold: int
    contexts: list[SpreadContext]

    @property
    def teams_met(self) -> int:
        return sum(1 for c in self.contexts if c.met)

    @property
    def ready(self) -> bool:
        return self.teams_met >= self.threshold


def spread_rows(user, change_idea_id: int | None = None) -> list[SpreadRow]:
    """For each change idea the user's visible cycles test: the teams it was tested in, and where it met
    its predictions. Three queries, whatever the number of ideas and cycles."""
    cycles = with_prediction_counts(visible_cycles(user).exclude(change_idea=None))
    if change_idea_id:
        cycles = cycles.filter(change_idea_id=change_idea_id)
    met = cycles.filter(met_predictions_q())
    studied = Q(stage__in=(Stage.ACTING, Stage.COMPLETE))
    per_team = (
        cycles.order_by()
        .values("change_idea_id", "team_id")
        .annotate(
            n=Count("pk", distinct=True),
            n_studied=Count("pk", filter=studied, distinct=True),
            n_met=Count("pk", filter=Q(pk__in=met.values("pk")), distinct=True),
        )
    )
    rows = list(per_team)
    ideas = ChangeIdea.objects.select_related("focus_area__team").in_bulk({r["change_idea_id"] for r in rows})
    teams = Team.objects.in_bulk({r["team_id"] for r in rows})
    threshold = spread_threshold(permissions.access_for(user).network_id)
    by_idea: dict[int, list[SpreadContext]] = defaultdict(list)
    for r in rows:
        by_idea[r["change_idea_id"]].append(
            SpreadContext(teams[r["team_id"]], r["n"], r["n_studied"], r["n_met"])
        )
    result = [
        SpreadRow(ideas[idea_id], threshold, sorted(contexts, key=lambda c: (-c.met, c.team.name)))
        for idea_id, contexts in by_idea.items()
    ]
    return sorted(result, key=lambda r: (not r.ready, -r.teams_met, r.change_idea.title.lower()))


@dataclass(frozen=True)
class ReadyIdea:
    change_idea: ChangeIdea
    teams_met: int
    threshold: int


def ready_to_spread(user, limit: int) -> list[ReadyIdea]:
    """The change ideas ready to spread among the cycles ``user`` sees, most teams first: two queries.

    An idea ready among the cycles one sees is ready among all of its cycles too, and its stored
    status (kept by the service that moves cycles) says so: only those ideas' studied cycles are read,
    each tested for "every prediction met" by two index lookups, so a leader's home does not count
    the predictions of the network's every cycle as the spread page does.
    """
    threshold = spread_threshold(permissions.access_for(user).network_id)
    met = visible_cycles(user).filter(change_idea__status=ChangeIdea.TestingStatus.READY_TO_SPREAD)
    counts = list(
        met.filter(met_every_prediction_q())
        .order_by()
        .values("change_idea_id")
        .annotate(teams=Count("team_id", distinct=True))
        .filter(teams__gte=threshold)
        .order_by("-teams", "change_idea_id")[:limit]
    )
    ideas = ChangeIdea.objects.in_bulk([row["change_idea_id"] for row in counts])
    return [ReadyIdea(ideas[row["change_idea_id"]], row["teams"], threshold) for row in counts]


@dataclass
class TrackRecordRow:
    key: int
    name: str
    studied: int = 0
    met: int = 0
    partly: int = 0
    not_met: int = 0
    months: dict = field(default_factory=dict)  # "2026-03" -> (met, studied)

    @property
    def share_met(self) -> float | None:
        return self.met / self.studied if self.studied else None


def track_record(user, by: str = "team") -> list[TrackRecordRow]:
    """Per team or per person (the cycle's owner): how many studied predictions were met, month by month
    (the month the cycle ended, or was studied). A calibration view: do we predict well?"""
    key = "cycle__team_id" if by == "team" else "cycle__owner_id"
    predictions = (
        Prediction.objects.filter(cycle__in=visible_cycles(user).values("pk"))
        .exclude(outcome="")
        .annotate(month=TruncMonth("studied_at"))
        .order_by()
        .values(key, "month", "outcome")
        .annotate(n=Count("pk"))
    )
    rows: dict[int, TrackRecordRow] = {}
    for r in predictions:
        row = rows.setdefault(r[key], TrackRecordRow(r[key], ""))
        n = r["n"]
        row.studied += n
        month = r["month"].strftime("%Y-%m") if r["month"] else "undated"
        met, studied = row.months.get(month, (0, 0))
        row.months[month] = (met + (n if r["outcome"] == "met" else 0), studied + n)
        if r["outcome"] == Prediction.Outcome.MET:
            row.met += n
        elif r["outcome"] == Prediction.Outcome.PARTLY_MET:
            row.partly += n
        else:
            row.not_met += n
    names_model = Team if by == "team" else User
    for pk, obj in names_model.objects.in_bulk(list(rows)).items():
        rows[pk].name = obj.name if by == "team" else obj.display_name
    return sorted(rows.values(), key=lambda r: r.name.lower())


# --- Marks on the measures' charts ----------------------------------------------------------------


def chart_marks(measure: Measure) -> list[dict]:
    """Each cycle that tests ``measure``, as a dated mark on its timeline: its window and its decision.

    Registered with ``measures.charts.register_annotations``; the chart rebuild calls it."""
    cycles = (
        Cycle.objects.filter(predictions__measure=measure, starts_on__isnull=False)
        .exclude(stage=Stage.PLANNING)
        .distinct()
        .order_by("starts_on", "pk")
    )
    marks = []
    for cycle in cycles:
        if cycle.stage == Stage.ABANDONED:
            outcome = "abandoned"
        elif cycle.stage == Stage.COMPLETE and cycle.decision:
            outcome = cycle.get_decision_display().lower()
        else:
            outcome = cycle.get_stage_display().lower()
        marks.append(
            {
                "start": cycle.starts_on.isoformat(),
                "end": cycle.ends_on.isoformat() if cycle.ends_on else None,
                "label": f"PDSA: {cycle.title} ({outcome})",
                "kind": "pdsa",
                "cycle": cycle.pk,
                "decision": cycle.decision if cycle.stage == Stage.COMPLETE else "",
                "stage": cycle.stage,
            }
        )
    return marks


def flags_raised_from(user, cycle: Cycle) -> list:
    """The andon flags raised from this cycle (its ``CycleFlag`` links) that ``user`` may see. One query."""
    return list(
        visible_flags(user)
        .filter(cycle_link__cycle=cycle)
        .select_related("holding_team")
        .order_by("raised_at", "id")
    )


# --- Home panels -------------------------------------------------------------------------------------


def team_stage_counts(user, team_ids, today: date) -> list[dict]:
    """For each of ``team_ids``: its visible cycles counted per stage, and those past their end date
    unstudied. Two queries, however many teams and cycles."""
    counts = {stage: Count("pk", filter=Q(stage=stage)) for stage in Stage.values}
    rows = {
        r["team_id"]: r
        for r in visible_cycles(user)
        .filter(team_id__in=team_ids)
        .order_by()
        .values("team_id")
        .annotate(overdue=Count("pk", filter=overdue_q(today)), **counts)
    }
    teams = Team.objects.filter(pk__in=team_ids).order_by("name")
    return [
        {
            "team": team,
            "counts": {s: rows.get(team.pk, {}).get(s, 0) for s in Stage.values},
            "overdue": rows.get(team.pk, {}).get("overdue", 0),
        }
        for team in teams
    ]


def overdue_cycles_of(user, team_ids, today: date, limit: int = 10) -> tuple[int, list[Cycle]]:
    """Cycles of ``team_ids`` past their end date and not yet studied: how many, and the oldest.
    Two queries."""
    cycles = visible_cycles(user).filter(overdue_q(today), team_id__in=team_ids)
    return cycles.count(), list(cycles.select_related("team").order_by("ends_on", "pk")[:limit])
