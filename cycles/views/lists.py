"""The list of cycles a person may see, with its filters, and the same list as a CSV file."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from cycles import forms, selectors
from cycles.exports import cycles_csv
from measures.permissions import visible_focus_areas
from playbook.clock import today
from playbook.permissions import visible_teams

PAGE_SIZE = 50


def _filters(request) -> tuple[forms.FilterForm, selectors.CycleFilters]:
    user = request.user
    form = forms.FilterForm(
        request.GET,
        teams=visible_teams(user).order_by("name"),
        focus_areas=visible_focus_areas(user).order_by("title"),
        change_ideas=selectors.visible_change_ideas_for_cycles(user).order_by("title"),
    )
    return form, selectors.cycle_filters(form.values())


def cycle_list(request):
    user = request.user
    form, filters = _filters(request)
    day = today()
    cycles = selectors.list_order(selectors.for_list(selectors.filtered_cycles(user, filters, day)), day)
    context = {
        "page": Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": form,
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "scope") and v),
        "today": day,
        "may_create": selectors.teams_to_plan_in(user).exists(),
        "query": request.GET.urlencode(),
    }
    return render(request, "cycles/cycle_list.html", context)


def cycle_export(request):
    _, filters = _filters(request)
    cycles = selectors.filtered_cycles(request.user, filters, today())
    response = HttpResponse(cycles_csv(cycles, today()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cycles.csv"'
    return response
