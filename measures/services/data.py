"""Writes for a measure's data points: one at a time, many at once, or a whole CSV file."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from measures.data_input import CsvPreview, PointInput, point_errors, preview_csv
from measures.models import DataPoint, DataPointRevision, Measure
from playbook import clock, jobs, permissions
from playbook.archive import set_archived
from playbook.models import User


class PointErrors(ValidationError):
    """Some points of a batch are wrong; ``by_row`` maps each bad row's index to its field errors."""

    def __init__(self, by_row: dict[int, dict[str, list[str]]], *, single: bool):
        self.by_row = by_row
        if single:  # one point: the errors belong to its fields, as on a form
            super().__init__(by_row[0])
        else:
            super().__init__(
                {
                    "points": [
                        f"Row {i + 1}: {' '.join(m for ms in e.values() for m in ms)}"
                        for i, e in by_row.items()
                    ]
                }
            )


def same_point(stored: DataPoint, given: PointInput) -> bool:
    """``given`` says what ``stored`` already holds: saving it would change nothing."""
    return (stored.value, stored.numerator, stored.denominator, stored.observations, stored.note) == (
        given.value, given.numerator, given.denominator, given.observations, given.note,
    )  # fmt: skip


def measure_changed(measure: Measure) -> None:
    """Mark the measure's stored charts stale and rebuild them once the change is committed.

    The stale mark is what counts: if the rebuild cannot be queued (the broker is down), the
    periodic ``rebuild_stale_charts`` job finds the chart by it.
    """
    from measures.tasks import rebuild_measure_chart

    Measure.objects.filter(pk=measure.pk).update(data_version=F("data_version") + 1)
    measure.refresh_from_db(fields=["data_version"])
    jobs.enqueue_on_commit(rebuild_measure_chart, measure.pk)


def _require_entry(by: User, measure: Measure) -> None:
    permissions.require(by, measure, permissions.CONTRIBUTE)


@transaction.atomic
def record_points(*, measure: Measure, by: User, points: list[PointInput]) -> list[DataPoint]:
    """Store every point or none. A new period adds a point; a known one is updated, keeping a revision."""
    _require_entry(by, measure)
    periods = [p.period for p in points]
    rhythm = measure.rhythm()
    # A period already stored is a correction: it keeps its date even if the series' rhythm moved on.
    known = set(measure.data_points.filter(period__in=periods).values_list("period", flat=True))
    errors = {
        i: e
        for i, p in enumerate(points)
        if (e := point_errors(measure.data_kind, p, None if p.period in known else rhythm))
    }
    for i, period in enumerate(periods):
        if period is not None and periods.index(period) != i:
            errors.setdefault(i, {}).setdefault("period", []).append("This period is in the batch twice.")
    if errors:
        raise PointErrors(errors, single=len(points) == 1)
    existing = {
        p.period: p for p in DataPoint.objects.select_for_update().filter(measure=measure, period__in=periods)
    }
    now = clock.now()
    saved, revisions = [], []
    for given in points:
        stored = existing.get(given.period)
        if stored is None:
            stored = DataPoint(measure=measure, period=given.period, entered_by=by)
        elif same_point(stored, given):
            saved.append(stored)
            continue
        else:
            permissions.require(by, stored, permissions.CHANGE)  # only a real change needs the right
            revisions.append(
                DataPointRevision(
                    data_point=stored,
                    value=stored.value,
                    numerator=stored.numerator,
                    denominator=stored.denominator,
                    observations=stored.observations,
                    note=stored.note,
                    changed_by=by,
                    changed_at=now,
                )  # fmt: skip
            )
        stored.value, stored.numerator, stored.denominator = given.value, given.numerator, given.denominator
        stored.observations = list(given.observations) if given.observations is not None else None
        stored.note, stored.updated_by = given.note, by
        saved.append(stored)
    try:
        with transaction.atomic():
            for point in saved:
                point.save()
    except IntegrityError as exc:  # someone stored the same period a moment ago
        raise ValidationError(
            {"period": "Someone else entered data for this period just now. Reload and try again."}
        ) from exc
    DataPointRevision.objects.bulk_create(revisions)
    measure_changed(measure)
    return saved


def record_point(*, measure: Measure, by: User, point: PointInput) -> DataPoint:
    return record_points(measure=measure, by=by, points=[point])[0]


@transaction.atomic
def delete_point(*, point: DataPoint, by: User) -> None:
    """Someone's "delete" archives the point: the chart and the lists drop it, the record and its
    revisions stay (an admin can restore it), and the period is free for a new value."""
    permissions.require(by, point, permissions.DELETE)
    set_point_archived(point, by=by, archived=True)


@transaction.atomic
def set_point_archived(point: DataPoint, *, by: User, archived: bool = True) -> bool:
    """Archive or restore ``point`` and have its measure's chart rebuilt. The admin's actions call it."""
    if not archived and DataPoint.objects.filter(measure_id=point.measure_id, period=point.period).exists():
        raise ValidationError(
            f"{point.measure} already has data for {point.period:%-d %B %Y}; archive that point first."
        )
    changed = set_archived(point, by=by, archived=archived)
    if changed:
        measure_changed(point.measure)
    return changed


def preview_import(*, measure: Measure, by: User, text: str) -> CsvPreview:
    _require_entry(by, measure)
    existing = set(measure.data_points.values_list("period", flat=True))
    return preview_csv(text, measure.data_kind, existing, measure.rhythm())


@transaction.atomic
def import_csv(*, measure: Measure, by: User, text: str) -> list[DataPoint]:
    """Import a CSV file only if every row is good: never half an import."""
    preview = preview_import(measure=measure, by=by, text=text)
    if not preview.ok:
        raise ValidationError(
            preview.problems or [f"Line {r.line}: {' '.join(r.errors)}" for r in preview.rows if r.errors]
        )
    try:
        return record_points(measure=measure, by=by, points=[row.point for row in preview.rows])
    except PermissionDenied:
        raise PermissionDenied("The file changes data others entered; ask your lead to import it.") from None
