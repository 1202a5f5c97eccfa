"""The pupil-group breakdown in the browser: the network's list of groups (admins), and a measure's
figures per group: small multiples on one scale, the gap between two groups, the grid, the CSV
import and the export. Every figure passes ``measures.suppression`` before it is shown anywhere."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from measures import group_charts
from measures.forms import ConfirmImportForm, UploadForm
from measures.group_forms import AddGroupForm, BreakdownForm, GroupGrid, RenameGroupForm, ThresholdForm
from measures.models import GroupPoint, Measure, PupilGroup
from measures.services import groups as group_services
from playbook import clock, permissions
from playbook.downloads import table_response
from playbook.idempotency import idempotent_page, succeeded
from playbook.web import add_errors

GRID_PERIODS = 10


def _data(request):
    return request.POST if request.method == "POST" else None


def dimensions_of(groups) -> OrderedDict[str, list[PupilGroup]]:
    by_dimension: OrderedDict[str, list[PupilGroup]] = OrderedDict()
    for group in sorted(groups, key=lambda g: (g.dimension.lower(), g.position, g.name.lower())):
        by_dimension.setdefault(group.dimension, []).append(group)
    return by_dimension


# --- The network's list (network admins) ---------------------------------------------------------------


def _admin_network(user):
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins keep the list of pupil groups.")
    return permissions.visible_networks(user).get()


@idempotent_page
def pupil_groups(request):
    user = request.user
    network = _admin_network(user)
    action = request.POST.get("action") if request.method == "POST" else None
    add = AddGroupForm(request.POST if action == "add" else None, prefix="add")
    threshold = ThresholdForm(
        request.POST if action == "threshold" else None,
        prefix="t",
        initial={"smallest_group_shown": network.smallest_group_shown},
    )
    if action == "add" and add.is_valid():
        try:
            group = group_services.add_group(network=network, by=user, **add.cleaned_data)
        except ValidationError as error:
            add_errors(add, error)
        else:
            messages.success(request, f"“{group}” is added.")
            return succeeded(redirect("pupil-groups"))
    if action == "threshold" and threshold.is_valid():
        try:
            group_services.set_threshold(network=network, by=user, **threshold.cleaned_data)
        except ValidationError as error:
            add_errors(threshold, error)
        else:
            messages.success(
                request, f"Groups of fewer than {network.smallest_group_shown} pupils are now hidden."
            )
            return succeeded(redirect("pupil-groups"))
    groups = PupilGroup.objects.filter(network=network)
    context = {
        "network": network,
        "dimensions": dimensions_of(groups),
        "add": add,
        "threshold": threshold,
        "rename": RenameGroupForm(),
    }
    return render(request, "measures/groups/pupil_groups.html", context)


@require_POST
def pupil_group_change(request, pk):
    user = request.user
    group = permissions.get_for_user(user, PupilGroup.objects.all(), pk, permissions.CHANGE)
    action = request.POST.get("action")
    try:
        if action == "rename":
            form = RenameGroupForm(request.POST)
            if not form.is_valid():
                raise ValidationError(" ".join(m for ms in form.errors.values() for m in ms))
            old = str(group)
            group_services.rename_group(group=group, by=user, name=form.cleaned_data["name"])
            messages.success(request, f"“{old}” is now “{group.name}”.")
        elif action in ("up", "down"):
            group_services.move_group(group=group, by=user, up=action == "up")
        elif action == "remove":
            group_services.remove_group(group=group, by=user)
            messages.success(request, f"“{group}” is removed.")
        else:
            messages.error(request, "Choose what to do with the group.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pupil-groups")


# --- A measure's breakdown ------------------------------------------------------------------------------


def _get_measure(user, pk, action=permissions.VIEW) -> Measure:
    measures = Measure.objects.select_related("focus_area__team__network")
    return permissions.get_for_user(user, measures, pk, action)


def _network_groups(measure: Measure) -> OrderedDict[str, list[PupilGroup]]:
    return dimensions_of(PupilGroup.objects.filter(network_id=measure.focus_area.team.network_id))


def _chosen_dimension(request, dimensions) -> str | None:
    wanted = request.GET.get("dimension") or request.POST.get("dimension")
    if wanted in dimensions:
        return wanted
    return next(iter(dimensions), None)


def _points(measure: Measure, groups: list[PupilGroup]) -> list[GroupPoint]:
    by_pk = {g.pk: g for g in groups}
    points = list(GroupPoint.objects.filter(measure=measure, group_id__in=by_pk).order_by("period"))
    for point in points:
        point.group = by_pk[point.group_id]  # the groups are in hand: no query per point
    return points


def measure_groups(request, pk):
    user = request.user
    measure = _get_measure(user, pk)
    dimensions = _network_groups(measure)
    dimension = _chosen_dimension(request, dimensions)
    groups = dimensions.get(dimension, [])
    threshold = measure.focus_area.team.network.smallest_group_shown
    cells = group_charts.cells(_points(measure, groups), threshold)
    excluded = frozenset(measure.exclusions.values_list("period", flat=True)) if groups else frozenset()
    chooser = BreakdownForm(request.GET or None, dimensions=list(dimensions), groups=groups)
    picked = chooser.cleaned_data if chooser.is_valid() else {}
    by_pk = {g.pk: g for g in groups}
    first = by_pk.get(picked.get("first")) or (groups[0] if groups else None)
    second = by_pk.get(picked.get("second")) or (groups[1] if len(groups) > 1 else None)
    if first is not None and first == second:
        second = next((g for g in groups if g != first), None)
    chooser = BreakdownForm(
        initial={"dimension": dimension, "first": first and first.pk, "second": second and second.pk},
        dimensions=list(dimensions),
        groups=groups,
    )
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "dimensions": dimensions,
        "dimension": dimension,
        "groups": groups,
        "threshold": threshold,
        "charts": group_charts.group_charts(measure, groups, cells, excluded=excluded),
        "gap": group_charts.gap(measure, first, second, cells) if first and second else None,
        "hidden": [c for c in sorted(cells, key=lambda c: (c.period, c.group.position)) if c.hidden],
        "chooser": chooser,
        "may_enter": permissions.can(user, permissions.CONTRIBUTE, measure),
        "may_keep_groups": permissions.can_administer_network(user),
        "chart_label": Measure.ChartType(measure.effective_chart_type).label,
    }
    return render(request, "measures/groups/breakdown.html", context)


def _grid_periods(measure: Measure, stored_periods: set[date]) -> list[date]:
    """The recent periods, oldest first, with those already holding figures among them."""
    recent = measure.rhythm().recent(clock.today(), GRID_PERIODS)
    return sorted(set(recent) | {p for p in stored_periods if p >= min(recent, default=p)})


@idempotent_page
def measure_group_grid(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    dimensions = _network_groups(measure)
    dimension = _chosen_dimension(request, dimensions)
    groups = dimensions.get(dimension, [])
    stored = {(p.group_id, p.period): p for p in _points(measure, groups)}
    periods = _grid_periods(measure, {k[1] for k in stored})
    threshold = measure.focus_area.team.network.smallest_group_shown
    grid = GroupGrid(measure, groups, periods, stored, _data(request), threshold=threshold)
    if request.method == "POST" and grid.is_valid():
        try:
            done = group_services.record_group_points(
                measure=measure, by=user, points=[given for _, given in grid.inputs]
            )
        except group_services.GroupPointErrors as error:
            grid.add_errors(error.by_row)
        except ValidationError as error:
            messages.error(request, f"Nothing was saved. {' '.join(error.messages)}")
        else:
            if done.changed:
                messages.success(request, f"Saved {done.changed} figure{'s' if done.changed != 1 else ''}.")
            else:
                messages.info(request, "Nothing was changed.")
            url = reverse("measure-groups", args=[measure.pk])
            return succeeded(redirect(f"{url}?dimension={dimension}" if dimension else url))
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "dimensions": dimensions,
        "dimension": dimension,
        "groups": groups,
        "grid": grid,
        "rows": list(grid.rows()),
        "has_errors": bool(grid.errors),
    }
    return render(request, "measures/groups/grid.html", context)


@idempotent_page
def measure_group_upload(request, pk):
    user = request.user
    measure = _get_measure(user, pk, permissions.CONTRIBUTE)
    dimensions = _network_groups(measure)
    dimension = _chosen_dimension(request, dimensions)
    upload, preview, confirm = UploadForm(), None, None
    if request.method == "POST" and dimension and "csv_text" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if confirm.is_valid():
            text = confirm.cleaned_data["csv_text"]
            try:
                done = group_services.import_group_csv(
                    measure=measure, by=user, dimension=dimension, text=text
                )
            except ValidationError as error:
                preview = group_services.preview_group_csv(
                    measure=measure, by=user, dimension=dimension, text=text
                )
                confirm.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Imported the file: {done.created} new, {done.replaced} replaced, "
                    f"{done.unchanged} unchanged.",
                )
                url = reverse("measure-groups", args=[measure.pk])
                return succeeded(redirect(f"{url}?dimension={dimension}"))
    elif request.method == "POST" and dimension:
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            preview = group_services.preview_group_csv(
                measure=measure, by=user, dimension=dimension, text=upload.text
            )
            confirm = ConfirmImportForm(initial={"csv_text": upload.text})
    context = {
        "measure": measure,
        "focus_area": measure.focus_area,
        "dimensions": dimensions,
        "dimension": dimension,
        "groups": dimensions.get(dimension, []),
        "upload": upload,
        "preview": preview,
        "confirm": confirm,
        "importable": preview is not None and preview.ok,
    }
    return render(request, "measures/groups/upload.html", context)


def measure_group_export(request, pk, fmt="csv"):
    """The breakdown as CSV or Excel: a hidden figure's cells are blank and the reason says why."""
    measure = _get_measure(request.user, pk)
    dimensions = _network_groups(measure)
    wanted = request.GET.get("dimension")
    groups = dimensions[wanted] if wanted in dimensions else [g for gs in dimensions.values() for g in gs]
    threshold = measure.focus_area.team.network.smallest_group_shown
    cells = group_charts.cells(_points(measure, groups), threshold)
    header, rows = group_charts.export_rows(cells, measure.uses_denominator)
    name = f"{slugify(measure.name) or 'measure'}-by-pupil-group"
    return table_response(header, rows, fmt, name=name, title="By pupil group")
