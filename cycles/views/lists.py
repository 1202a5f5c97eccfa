"""The list of cycles a person may see, with its filters, and the same list as a CSV file."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from cycles import forms, selectors
from cycles.exports import cycles_download
from measures.permissions import visible_focus_areas
from playbook.clock import today
from playbook.permissions import visible_teams

PAGE_SIZE = 50
# Query parameters that move through the list or search for options rather than filter it.
NOT_FILTERS = {"page", "scope", "after", "before"} | {f"{name}_find" for name in forms.FIND}


def _filters(request) -> tuple[forms.FilterForm, selectors.CycleFilters]:
    user = request.user
    form = forms.FilterForm(
        request.GET,
        teams=visible_teams(user).order_by("name"),
        focus_areas=visible_focus_areas(user).order_by("title"),
        change_ideas=selectors.visible_change_ideas_for_cycles(user).order_by("title"),
        options_url=lambda name: reverse("cycle-filter-options", args=[name]),
    )
    return form, selectors.cycle_filters(form.values())


def cycle_list(request):
    user = request.user
    form, filters = _filters(request)
    day = today()
    cycles = selectors.filtered_cycles(user, filters, day)
    page = selectors.list_page(
        user, cycles, day, after=request.GET.get("after"), before=request.GET.get("before"), size=PAGE_SIZE
    )
    filtered = any(v for k, v in request.GET.items() if k not in NOT_FILTERS and v)
    context = {
        "page": page,
        "filters": form,
        "filtered": filtered,
        "searching": filtered or any(form.find_text(name) for name in forms.FIND),
        "today": day,
        "may_create": selectors.teams_to_plan_in(user).exists(),
        "query": _without(request.GET, "after", "before", "page").urlencode(),
    }
    return render(request, "cycles/cycle_list.html", context)


def filter_options(request, name):
    """A searchable filter's options for what was typed in its search box (``forms.FindSelect``)."""
    if name not in forms.FIND:
        raise Http404("No such filter.")
    form, _ = _filters(request)
    widget = form.fields[name].widget
    options = widget.options_html(form[name].value())
    found = widget.choices
    found = (
        "More match: keep typing."
        if found.more
        else f"{found.found} found."
        if found.found
        else "None found."
    )
    status = format_html('<p id="id_{}_found" hx-swap-oob="innerHTML">{}</p>', name, found)
    return HttpResponse(options + status)


def _without(params, *names):
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params


def cycle_export(request, fmt="csv"):
    _, filters = _filters(request)
    cycles = selectors.filtered_cycles(request.user, filters, today())
    return cycles_download(cycles, today(), fmt)
