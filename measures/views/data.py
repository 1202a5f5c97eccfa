"""Entering many points at once: the grid, a CSV or Excel upload with its preview, and the download."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.text import slugify

from measures.data_input import PointInput, export_columns, export_rows
from measures.forms import ConfirmImportForm, GridFormSet, UploadForm
from measures.models import DataPoint, Measure
from measures.services import data as data_services
from measures.views.focus import (
    GRID_BLANK_ROWS,
    GRID_EXISTING_ROWS,
    _data,
    _get_measure,
    _point_initial,
)
from playbook import clock, permissions
from playbook.downloads import table_response
from playbook.idempotency import idempotent_page, succeeded

# --- Many points at once -----------------------------------------------------------------------------------


def _save_grid(request, measure: Measure, formset) -> bool:
    """Send the rows that hold data and differ from what is stored; put any errors on their rows."""
    user = request.user
    rows = [(i, form) for i, form in enumerate(formset.forms) if form.has_data()]
    given = [(i, PointInput(**form.values())) for i, form in rows]
    stored = {
        p.period: p for p in measure.data_points.filter(period__in=[g.period for _, g in given if g.period])
    }
    picked = []
    for i, point in given:
        current = stored.get(point.period)
        if current is not None and data_services.same_point(current, point):
            continue
        if current is not None and not permissions.can(user, permissions.CHANGE, current):
            formset.forms[i].add_error(
                None, "Only the person who entered this point, or a lead, can change it."
            )
            continue
        picked.append((i, point))
    if any(form.errors for form in formset.forms):
        return False
    if not picked:
        messages.info(request, "Nothing was changed.")
        return True
    try:
        saved = data_services.record_points(measure=measure, by=user, points=[p for _, p in picked])
    except data_services.PointErrors as error:
        for row, errors in error.by_row.items():
            form = formset.forms[picked[row][0]]
            for name, messages_ in errors.items():
                form.add_error(name if name in form.fields else None, messages_)
        return False
    except ValidationError as error:  # about the batch, not one row: someone saved a period just now
        messages.error(request, f"Nothing was saved. {' '.join(error.messages)}")
        return False
    messages.success(request, f"Saved {len(saved)} point{'s' if len(saved) != 1 else ''}.")
    return True


def _mark_grid(formset, stored: dict[date, DataPoint], may_change) -> None:
    """Rows of stored points keep their period; points the person may not change are read-only."""
    for form in formset.forms:
        period = form.initial.get("period") if not form.is_bound else form.data.get(form.add_prefix("period"))
        point = stored.get(_as_date(period))
        form.stored = point
        if point is None:
            continue
        form.fields["period"].widget.attrs["readonly"] = True
        if not may_change(point):
            for field in form.fields.values():
                field.widget.attrs["readonly"] = True


def _as_date(text) -> date | None:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def _blank_periods(measure: Measure, filled: set[date]) -> list[date]:
    """The recent periods still without data, oldest first: the series' gaps and today's period, never
    one before the series began (when it has data) or one that has not started yet."""
    recent = measure.rhythm().recent(clock.today(), GRID_BLANK_ROWS + len(filled))
    first = min(filled, default=None)
    empty = [p for p in recent if p not in filled and (first is None or p > first)]
    return sorted(empty)[-GRID_BLANK_ROWS:]


@idempotent_page
def measure_grid(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    existing = list(
        measure.data_points.select_related("entered_by").order_by("-period")[:GRID_EXISTING_ROWS]
    )[::-1]
    blanks = _blank_periods(measure, {p.period for p in existing})
    initial = [_point_initial(p) for p in existing] + [{"period": d.isoformat()} for d in blanks]
    formset = GridFormSet(
        _data(request),
        initial=initial,
        prefix="rows",
        uses_denominator=measure.uses_denominator,
        uses_observations=measure.uses_observations,
    )
    if request.method == "POST" and formset.is_valid() and _save_grid(request, measure, formset):
        return succeeded(redirect(measure))
    _mark_grid(
        formset, {p.period: p for p in existing}, lambda p: permissions.can(user, permissions.CHANGE, p)
    )
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "formset": formset,
        "older": measure.data_points.count() - len(existing) if len(existing) == GRID_EXISTING_ROWS else 0,
    }
    return render(request, "measures/measure_grid.html", context)


def _locked_periods(user, measure: Measure, preview) -> set[date]:
    """Periods the file would overwrite that this person may not change, said before they confirm."""
    if preview is None:
        return set()
    replaced = [row.point.period for row in preview.rows if row.replaces and not row.errors]
    stored = measure.data_points.filter(period__in=replaced)
    return {p.period for p in stored if not permissions.can(user, permissions.CHANGE, p)}


@idempotent_page
def measure_upload(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    upload, preview, confirm = UploadForm(), None, None
    if request.method == "POST" and "csv_text" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            text = confirm.cleaned_data["csv_text"]
            try:
                saved = data_services.import_csv(measure=measure, by=user, text=text)
            except ValidationError as error:
                preview = data_services.preview_import(measure=measure, by=user, text=text)
                confirm.add_error(None, error)
            else:
                messages.success(request, f"Imported {len(saved)} point{'s' if len(saved) != 1 else ''}.")
                return succeeded(redirect(measure))
    elif request.method == "POST":
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            preview = data_services.preview_import(measure=measure, by=user, text=upload.text)
            confirm = ConfirmImportForm(initial={"csv_text": upload.text})
    locked = _locked_periods(user, measure, preview)
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "upload": upload,
        "preview": preview,
        "confirm": confirm,
        "locked": locked,
        "importable": preview is not None and preview.ok and not locked,
    }
    return render(request, "measures/measure_upload.html", context)


def measure_export(request, pk, fmt="csv"):
    measure = _get_measure(request.user, pk)
    points = measure.data_points.order_by("period")
    header, rows = export_columns(measure.data_kind), export_rows(points, measure.data_kind)
    return table_response(header, rows, fmt, name=slugify(measure.name) or "measure")
