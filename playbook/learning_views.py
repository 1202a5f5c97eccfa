""" "What we learned": one searchable page of learnings across the network (``playbook.learnings``)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from playbook import learnings
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
    }
    return render(request, "playbook/learnings.html", context)
