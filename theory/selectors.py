"""Reads of the theory that pages, the API and exports share.

A diagram is read in a fixed number of queries whatever its size: one per kind of node for today's
theory, or one for the whole history when it is viewed as of a past date.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch

from measures.models import FocusArea
from measures.permissions import visible_focus_areas
from playbook import permissions
from playbook.models import User
from theory import diagrams, history
from theory.models import Cause, ChangeIdea, Driver, Fishbone, TheoryEvent, WhyAnalysis

MODELS = {kind: model for model, (kind, _) in history.KINDS.items()}
DRIVER_KINDS = ("driver", "driver_link", "change_idea", "idea_link", "root_cause_link", "why_step", "cause")
FISHBONE_KINDS = ("fishbone", "category", "cause", "cause_vote")
WHYS_KINDS = ("why_analysis", "why_chain", "why_step")


# --- Cycles, through the relation the cycles app adds ------------------------------------------------


def cycle_counts(change_idea_ids, *, as_of: datetime | None = None) -> dict[int, int]:
    """How many PDSA cycles test each change idea ("how many cycles back it"), in one query.

    The cycles app owns the relation: its ``Cycle.change_idea`` foreign key, with
    ``related_name="cycles"``. Theory never imports cycles, so the count goes through that reverse
    relation by name: while the cycles app is not installed, or has no such relation yet, every idea
    has 0 cycles. ``as_of`` counts the cycles created by then, when cycles record ``created_at``.
    """
    ids = list(change_idea_ids)
    if not ids or not apps.is_installed("cycles"):
        return {}
    try:
        relation = ChangeIdea._meta.get_field("cycles")
    except FieldDoesNotExist:
        return {}
    fk = relation.field.name
    cycles = relation.related_model._default_manager.filter(**{f"{fk}__in": ids})
    if as_of is not None:
        try:
            relation.related_model._meta.get_field("created_at")
        except FieldDoesNotExist:
            pass
        else:
            cycles = cycles.filter(created_at__lte=as_of)
    return dict(cycles.order_by().values(fk).annotate(n=Count("pk")).values_list(fk, "n"))


# --- Node snapshots, today or as of a past moment ----------------------------------------------------


def _rows(focus_area: FocusArea, kind: str):
    model = MODELS[kind]
    if model is Fishbone:
        rows = Fishbone.objects.filter(focus_area=focus_area)
    else:
        rows = model.objects.filter(focus_area=focus_area)
    if model is WhyAnalysis:
        rows = rows.prefetch_related(Prefetch("participants", queryset=User.objects.only("pk")))
    return rows


def live_rows(focus_area: FocusArea, kinds) -> dict[str, list]:
    """Today's rows of each kind (one query each), each told its focus area so rules ask nothing."""
    found = {}
    for kind in kinds:
        rows = list(_rows(focus_area, kind))
        for row in rows:
            row.focus_area = focus_area
        found[kind] = rows
    return found


def snapshots(rows: dict[str, list]) -> diagrams.State:
    return {kind: {row.pk: history.snapshot(row) for row in items} for kind, items in rows.items()}


def end_of_day(focus_area: FocusArea, day: date) -> datetime:
    """The last moment of ``day`` where the focus area's network is."""
    zone = ZoneInfo(focus_area.team.network.time_zone)
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone) - timedelta(microseconds=1)


def state_as_of(focus_area: FocusArea, moment: datetime, kinds) -> diagrams.State:
    """The nodes as they stood at ``moment``, replayed from the history (one query)."""
    events = TheoryEvent.objects.filter(focus_area=focus_area, at__lte=moment, node_kind__in=kinds)
    replayed = history.replay(events.only("node_kind", "node_id", "action", "after").order_by("at", "id"))
    return {kind: replayed.get(kind, {}) for kind in kinds}


# --- Diagrams ----------------------------------------------------------------------------------------


def driver_diagram(focus_area: FocusArea, *, as_of: datetime | None = None) -> diagrams.DriverDiagram:
    if as_of is None:
        state = snapshots(live_rows(focus_area, DRIVER_KINDS))
    else:
        state = state_as_of(focus_area, as_of, DRIVER_KINDS)
    counts = cycle_counts(state["change_idea"], as_of=as_of)
    return diagrams.build_driver_diagram(focus_area.aim_sentence, state, counts)


def fishbone_diagram(focus_area: FocusArea, *, user=None, as_of: datetime | None = None):
    """The fishbone (or None before anyone started it), with who may edit which cause today."""
    if as_of is not None:
        return diagrams.build_fishbone(state_as_of(focus_area, as_of, FISHBONE_KINDS))
    rows = live_rows(focus_area, FISHBONE_KINDS)
    fishbone = diagrams.build_fishbone(snapshots(rows), viewer_id=getattr(user, "pk", None))
    if fishbone is not None and user is not None:
        causes = {cause.pk: cause for cause in rows["cause"]}
        for item in fishbone.causes:
            item.may_edit = permissions.can(user, permissions.CHANGE, causes[item.id])
    return fishbone


def why_analyses(focus_area: FocusArea, *, user=None, as_of: datetime | None = None):
    if as_of is not None:
        state = state_as_of(focus_area, as_of, WHYS_KINDS)
        analyses, objects = diagrams.build_why_analyses(state), {}
    else:
        rows = live_rows(focus_area, WHYS_KINDS)
        analyses = diagrams.build_why_analyses(snapshots(rows))
        objects = {analysis.pk: analysis for analysis in rows["why_analysis"]}
    ids = {pk for analysis in analyses for pk in analysis.participant_ids}
    people = {person.pk: person for person in User.objects.filter(pk__in=ids)} if ids else {}
    for analysis in analyses:
        analysis.participants = [people[pk] for pk in analysis.participant_ids if pk in people]
        row = objects.get(analysis.id)
        if row is not None and user is not None:
            analysis.may_edit = permissions.can(user, permissions.CHANGE, row)
            analysis.may_delete = permissions.can(user, permissions.DELETE, row)
    return analyses


def history_events(focus_area: FocusArea, *, diagram: str | None = None):
    events = TheoryEvent.objects.filter(focus_area=focus_area).select_related("by").order_by("-at", "-id")
    return events.filter(diagram=diagram) if diagram else events


def theory_focus_areas(user) -> list[FocusArea]:
    """The focus areas whose theory the user may see, each with how far its tools have got."""
    focus_areas = list(
        visible_focus_areas(user)
        .exclude(status=FocusArea.Status.CLOSED)
        .select_related("team")
        .order_by("team__name", "title")
    )
    ids = [fa.pk for fa in focus_areas]
    counted = {}
    for name, model in (
        ("analyses", WhyAnalysis),
        ("causes", Cause),
        ("drivers", Driver),
        ("ideas", ChangeIdea),
    ):
        rows = model.objects.filter(focus_area_id__in=ids).order_by().values("focus_area_id")
        counted[name] = dict(rows.annotate(n=Count("pk")).values_list("focus_area_id", "n"))
    for fa in focus_areas:
        for name, counts in counted.items():
            setattr(fa, f"{name}_count", counts.get(fa.pk, 0))
    return focus_areas
