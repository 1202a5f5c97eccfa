"""Feedback pages: rating a closed meeting, and the lead's "you said, we did".

Each form posts as a plain form (a redirect, or its own page with the errors and status 400) and,
with htmx, swaps its card in place (errors included, status 200 so htmx swaps it). The meeting and
huddle pages take their cards' context from ``meeting_feedback_context`` and ``we_did_context``.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from huddles import feedback, forms, selectors, services
from huddles.models import Meeting
from huddles.permissions import RATE, READ_FEEDBACK, RESPOND_TO_FEEDBACK
from playbook import clock, permissions
from playbook.web import submit

RECENT_MEETINGS = timedelta(days=90)


def _today(huddle):
    return timezone.localtime(clock.now(), ZoneInfo(huddle.network.time_zone)).date()


def response_form(huddle, data=None, meeting=None) -> forms.FeedbackResponseForm:
    """The lead's form. Its list offers the closed meetings of the last 90 days; a posted form takes
    any of the huddle's meetings (the meeting page's form names its own, however old)."""
    meetings = huddle.meetings.all()
    if data is None:
        since = clock.now() - RECENT_MEETINGS
        meetings = meetings.filter(status=Meeting.Status.CLOSED, scheduled_start__gte=since)
    initial = {"changed_on": _today(huddle), "meeting": meeting}
    zone = ZoneInfo(huddle.network.time_zone)
    return forms.FeedbackResponseForm(
        data,
        initial=initial,
        meetings=meetings.order_by("-scheduled_start"),
        zone=zone,
        fixed_meeting=meeting is not None,
    )


def meeting_feedback_context(request, meeting, form=None, response=None) -> dict:
    user, huddle = request.user, meeting.huddle
    mine = feedback.my_feedback(meeting, user)
    # Changing one's answer starts from it, not from a blank form.
    initial = {"rating": mine.rating, "comment": mine.comment} if mine else None
    context = {
        "may_rate": permissions.can(user, RATE, meeting),
        "may_read_feedback": permissions.can(user, READ_FEEDBACK, huddle),
        "my_feedback": mine,
        "feedback_form": form or forms.FeedbackForm(initial=initial),
    }
    if context["may_read_feedback"]:
        context["feedback_summary"] = feedback.meeting_feedback(meeting)
        context["response_form"] = response or response_form(huddle, meeting=meeting)
    return context


def we_did_context(request, huddle, form=None) -> dict:
    context = {"we_did": list(feedback.we_did(huddle)), "may_respond": False}
    if permissions.can(request.user, RESPOND_TO_FEEDBACK, huddle):
        context["may_respond"] = True
        context["huddle_feedback"] = feedback.huddle_feedback(huddle)
        context["response_form"] = form or response_form(huddle)
    return context


def meeting_feedback(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, RATE)
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None)

    def rate(data):
        return services.rate_meeting(meeting=meeting, by=request.user, **data)

    done = submit(request, form, rate).ok
    if done and not request.htmx:
        messages.success(request, "Thank you: your feedback is recorded. Only you see your own answer.")
        return redirect(meeting.get_absolute_url() + "#feedback")
    context = {"meeting": meeting, "huddle": meeting.huddle, "thanked": done}
    context.update(meeting_feedback_context(request, meeting, None if done else form))
    if request.htmx:
        return render(request, "huddles/_meeting_feedback.html", context)
    return render(request, "huddles/feedback_form.html", context, status=400 if form.errors else 200)


def huddle_we_did(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk, RESPOND_TO_FEEDBACK)
    form = response_form(huddle, request.POST if request.method == "POST" else None)

    def record(data):
        return services.record_feedback_response(huddle=huddle, by=request.user, **data)

    done = submit(request, form, record).ok
    if done and not request.htmx:
        messages.success(request, "Recorded: everyone in the huddle sees it under “You said, we did”.")
        return redirect(huddle.get_absolute_url() + "#you-said-we-did")
    context = {"huddle": huddle, "thanked": done}
    context.update(we_did_context(request, huddle, None if done else form))
    if request.htmx:
        return render(request, "huddles/_we_did.html", context)
    return render(request, "huddles/we_did_form.html", context, status=400 if form.errors else 200)
