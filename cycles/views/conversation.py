"""Talking a plan over: asking a lead or a coach to review it, and the comments on a cycle."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cycles import forms, selectors, services
from cycles.views.detail import cycle_page, post_to_cycle
from playbook import permissions


@require_POST
def cycle_request_review(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CHANGE)
    form = forms.ReviewForm(request.POST, people=selectors.reviewers_for(cycle).exclude(pk=user.pk))
    posted = post_to_cycle(request, form, lambda data: services.request_review(cycle=cycle, by=user, **data))
    if posted.ok:
        messages.success(request, f"{posted.value.reviewer.display_name} is asked to review the plan.")
        return redirect(cycle.get_absolute_url() + "#comments")
    return cycle_page(request, cycle, conflict=posted.conflict, review_form=form)


@require_POST
def cycle_comment(request, pk):
    user = request.user
    cycle = selectors.cycle_for_page(user, pk, permissions.CONTRIBUTE)
    form = forms.CommentForm(request.POST)
    posted = post_to_cycle(
        request, form, lambda data: services.comment_on_cycle(cycle=cycle, by=user, **data)
    )
    if posted.ok:
        messages.success(request, "Your comment is posted.")
        return redirect(cycle.get_absolute_url() + "#comments")
    return cycle_page(request, cycle, conflict=posted.conflict, comment_form=form)
