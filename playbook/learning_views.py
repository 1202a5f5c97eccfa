""" "What we learned": one searchable page of learnings across the network (``playbook.learnings``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render

from playbook import clock, learning_exports, learnings
from playbook.learning_forms import LearningSearchForm


def learning_list(request):
    form = LearningSearchForm(request.GET or None, user=request.user)
    page = None
    if not form.is_bound or form.is_valid():
        search = form.search() if form.is_bound else learnings.Search()
        page = Paginator(learnings.search(request.user, search), learnings.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    filtered = form.is_bound and any(request.GET.get(name) for name in form.fields if name != "q")
    context = {
        "form": form,
        "page": page,
        "query": form.cleaned_data.get("q", "") if form.is_bound else "",
        "filtered": filtered,
        "download_query": request.GET.urlencode(),
        "download_most": learning_exports.MOST,
    }
    return render(request, "playbook/learnings.html", context)


def learning_export(request, fmt="csv"):
    """The search's results as CSV or Excel, with the page's words and filters (at most ``MOST``)."""
    form = LearningSearchForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            "The search's filters are not valid; change them on the page and try again."
        )
    search = form.search() if form.is_bound else learnings.Search()
    return learning_exports.learnings_download(request.user, search, fmt, clock.today())
