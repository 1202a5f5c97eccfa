"""Shared measures in the browser: the network's list, defining one, adopting it, and the leaders'
comparison across the teams that adopted it (``measures.shared`` reads, ``services.shared`` writes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from measures import shared as selectors
from measures.models import DataPoint, SharedMeasure
from measures.permissions import may_own_shared_measures, visible_shared_measures
from measures.services import shared as services
from measures.shared_forms import AdoptForm, ComparisonForm, SharedMeasureForm
from playbook import permissions
from playbook.models import Team
from playbook.web import submit


def _data(request):
    return request.POST if request.method == "POST" else None


def _owner_teams(user):
    """The hubs and clusters ``user`` may define shared measures for."""
    candidates = permissions.visible_teams(user).filter(kind__in=(Team.Kind.HUB, Team.Kind.CLUSTER))
    return candidates.filter(pk__in=[t.pk for t in candidates if may_own_shared_measures(user, t)]).order_by(
        "name"
    )


def _get_shared(user, pk, action=permissions.VIEW) -> SharedMeasure:
    return permissions.get_for_user(user, visible_shared_measures(user).select_related("team"), pk, action)


def shared_measure_list(request):
    context = {
        "shared_measures": selectors.shared_measure_list(request.user),
        "may_define": _owner_teams(request.user).exists(),
    }
    return render(request, "measures/shared/list.html", context)


def shared_measure_create(request):
    teams = _owner_teams(request.user)
    if not teams.exists():
        raise PermissionDenied("A hub's or cluster's leads define shared measures.")
    form = SharedMeasureForm(_data(request), teams=teams, initial={"team": teams.first()})
    done = submit(
        request,
        form,
        lambda data: services.create_shared_measure(
            team=data["team"], by=request.user, **form.shared_fields()
        ),
    )
    if done.ok:
        messages.success(request, f"“{done.value.name}” is defined. Teams can now adopt it.")
        return redirect("shared-measure-detail", done.value.pk)
    return render(request, "measures/shared/form.html", {"form": form, "shared": None})


def shared_measure_edit(request, pk):
    shared = _get_shared(request.user, pk, permissions.CHANGE)
    heading = shared.name
    initial = {name: getattr(shared, name) for name in services.SHARED_FIELDS}
    has_data = DataPoint.objects.filter(measure__shared_measure=shared).exists()
    form = SharedMeasureForm(_data(request), initial=initial, shape_fixed=has_data)
    done = submit(
        request, form, lambda data: services.update_shared_measure(shared=shared, by=request.user, **data)
    )
    if done.ok:
        messages.success(request, f"“{done.value.name}” is saved, and so is every team's copy of it.")
        return redirect("shared-measure-detail", shared.pk)
    return render(request, "measures/shared/form.html", {"form": form, "shared": shared, "heading": heading})


def _render_detail(request, shared: SharedMeasure, adopt_form: AdoptForm | None = None, status=200):
    user = request.user
    filters = ComparisonForm(request.GET or None)
    periods = filters.cleaned_data["periods"] if filters.is_valid() else 1
    comparison = selectors.compare(user, shared, periods=periods)
    focus_areas = selectors.adoptable_focus_areas(user, shared)
    context = {
        "shared": shared,
        "target_text": selectors.target_text(shared),
        "comparison": comparison,
        "filters": filters,
        "adopt_form": adopt_form or AdoptForm(focus_areas=focus_areas),
        "may_adopt": adopt_form is not None or focus_areas.exists(),
        "may_change": permissions.can(user, permissions.CHANGE, shared),
    }
    return render(request, "measures/shared/detail.html", context, status=status)


def shared_measure_detail(request, pk):
    return _render_detail(request, _get_shared(request.user, pk))


@require_POST
def shared_measure_adopt(request, pk):
    user = request.user
    shared = _get_shared(user, pk)
    focus_areas = selectors.adoptable_focus_areas(user)
    if not focus_areas.exists():
        raise PermissionDenied("Only those who may add measures to a focus area adopt into it.")
    form = AdoptForm(request.POST, focus_areas=focus_areas)
    done = submit(
        request,
        form,
        lambda data: services.adopt_shared_measure(shared=shared, focus_area=data["focus_area"], by=user),
    )
    if done.ok:
        title = done.value.focus_area.title
        messages.success(request, f"“{shared.name}” is adopted into “{title}”. Enter its data.")
        return redirect(done.value)
    return _render_detail(request, shared, adopt_form=form)
