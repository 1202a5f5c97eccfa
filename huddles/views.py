"""Huddles in the browser: the list, set-up, a huddle's page, a meeting, the running notes.

Each view fetches through ``selectors``/``permissions`` and writes through ``services``. A service's
ValidationError goes back onto the form; a HuddleConflict (a closed meeting, an edit someone beat you
to) shows its sentence, with status 409 for the script that posts notes; 403 and 404 propagate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from huddles import forms, selectors, services
from huddles.calendar import huddle_feed_addresses
from huddles.exports import notes_markdown
from huddles.feedback_views import meeting_feedback_context, we_did_context
from huddles.permissions import visible_action_items, visible_note_entries
from huddles.services.meetings import huddle_people, next_meeting, todays_meeting
from playbook import calendar_feeds, permissions
from playbook.idempotency import idempotent_page, succeeded
from playbook.models import Team, User
from playbook.web import add_errors, error_summary


def _data(request):
    return request.POST if request.method == "POST" else None


def _people(huddle) -> list[User]:
    return User.objects.filter(pk__in=[p.pk for p in huddle_people(huddle)]).order_by(
        "first_name", "username"
    )


def huddle_list(request):
    filters = forms.ListFilterForm(request.GET, teams=permissions.visible_teams(request.user))
    team = filters.cleaned_data["team"] if filters.is_valid() else None
    huddles = selectors.huddles_for_list(request.user, team)
    may_create = permissions.teams_with_role(request.user, permissions.Role.LEAD).exists()
    context = {"huddles": list(huddles), "may_create": may_create, "team": team, "filters": filters}
    return render(request, "huddles/huddle_list.html", context)


def _huddle_form(request, huddle=None):
    teams = permissions.teams_with_role(request.user, permissions.Role.LEAD)
    initial = None
    if huddle is not None:
        initial = {
            "team": huddle.team,
            "other_teams": [t for t in huddle.teams.all() if t.pk != huddle.team_id],
            "name": huddle.name,
            "purpose": huddle.purpose,
            "weekdays": huddle.weekdays,
            "starts_at": huddle.starts_at,
            "duration_minutes": huddle.duration_minutes,
            "place": huddle.place,
            "agenda": "\n".join(huddle.agenda),
            "questions": "\n".join(huddle.questions),
            "rotate_roles": huddle.rotate_roles,
        }
    all_teams = Team.objects.filter(network_id=request.user.network_id)
    return forms.HuddleForm(_data(request), initial=initial, teams=teams, all_teams=all_teams)


def huddle_create(request):
    form = _huddle_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            huddle = services.create_huddle(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"“{huddle.name}” is set up, with its meetings for the coming week.")
            return redirect(huddle)
    return render(request, "huddles/huddle_form.html", {"form": form}, status=400 if form.errors else 200)


def huddle_edit(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk, permissions.CHANGE)
    form = _huddle_form(request, huddle)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("team")
        try:
            services.update_huddle(huddle=huddle, by=request.user, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(huddle)
    context = {"form": form, "huddle": huddle}
    return render(request, "huddles/huddle_form.html", context, status=400 if form.errors else 200)


def huddle_detail(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk)
    upcoming, earlier = selectors.meetings_around_now(huddle)
    pulse = selectors.pulse_chart(selectors.pulse_series(huddle))
    today = todays_meeting(huddle)
    context = {
        "huddle": huddle,
        "upcoming": upcoming,
        "earlier": earlier,
        "todays_meeting": today,
        "next_meeting": None if today else next_meeting(huddle),
        "pulse": pulse,
        "may_change": permissions.can(request.user, permissions.CHANGE, huddle),
        "calendar": huddle_feed_addresses(calendar_feeds.live_feed_of(request.user), huddle),
        **we_did_context(request, huddle),
    }
    return render(request, "huddles/huddle_detail.html", context)


@require_POST
def huddle_start(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk, permissions.CONTRIBUTE)
    try:
        meeting = services.start_meeting(huddle=huddle, by=request.user)
    except services.HuddleConflict as conflict:
        messages.error(request, conflict.message)
        return redirect(huddle)
    return redirect(meeting)


def huddle_notes(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk)
    search = forms.SearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    entries = list(selectors.running_notes(huddle, query))
    context = {"huddle": huddle, "entries": entries, "search": search, "query": query}
    return render(request, "huddles/notes.html", context)


def huddle_notes_markdown(request, pk):
    huddle = selectors.huddle_for_page(request.user, pk)
    response = HttpResponse(
        notes_markdown(huddle, selectors.running_notes(huddle)), content_type="text/markdown"
    )
    response["Content-Disposition"] = f'attachment; filename="huddle-{huddle.pk}-notes.md"'
    return response


def _meeting_context(request, meeting, **extra):
    huddle = meeting.huddle
    people = _people(huddle)
    entries = list(selectors.entries_of(meeting))
    context = {
        "meeting": meeting,
        "huddle": huddle,
        "entries": entries,
        "last_entry_id": entries[-1].pk if entries else 0,
        "carried": list(selectors.carried_forward(meeting)),
        "actions": list(selectors.raised_in(meeting)),
        "replies": list(selectors.flag_replies(meeting)),
        "my_pulse": selectors.my_pulse(meeting, request.user),
        "entry_form": forms.EntryForm(),
        "action_form": forms.ActionItemForm(people=people),
        "pulse_form": forms.PulseForm(),
        "attendance_form": forms.AttendanceForm(
            people=people,
            initial={
                "attendees": list(meeting.attendees.all()),
                "facilitator": meeting.facilitator,
                "note_taker": meeting.note_taker,
                "timekeeper": meeting.timekeeper,
            },
        ),
        **meeting_feedback_context(request, meeting),
    }
    context.update(extra)
    return context


def meeting_detail(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk)
    return render(request, "huddles/meeting_detail.html", _meeting_context(request, meeting))


def meeting_entries(request, pk):
    """The htmx poll: only the entries after the last one this browser has, and the next poller."""
    meeting = selectors.meeting_for_page(request.user, pk)
    try:
        after = max(int(request.GET.get("after", 0)), 0)
    except ValueError:
        after = 0
    entries = list(selectors.entries_of(meeting, after))
    last = entries[-1].pk if entries else after
    return render(
        request, "huddles/_entries_poll.html", {"meeting": meeting, "entries": entries, "last": last}
    )


@require_POST
@idempotent_page
def entry_add(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, permissions.CONTRIBUTE)
    form = forms.EntryForm(request.POST)
    scripted = request.headers.get("X-Requested-With") == "fetch"
    if form.is_valid():
        try:
            entry = services.add_entry(
                meeting=meeting,
                by=request.user,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"] or "note",
                question=form.cleaned_data["question"],
                amendment=request.POST.get("amendment") == "1",
            )
        except services.HuddleConflict as conflict:
            if scripted:
                return HttpResponse(conflict.message, status=409, content_type="text/plain")
            messages.error(request, conflict.message)
            return redirect(meeting)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if scripted:
                return succeeded(HttpResponse(str(entry.pk), status=201, content_type="text/plain"))
            return succeeded(redirect(meeting.get_absolute_url() + f"#entry-{entry.pk}"))
    if scripted:
        return HttpResponse(error_summary(form), status=400, content_type="text/plain")
    messages.error(request, error_summary(form))
    return redirect(meeting)


def entry_edit(request, pk):
    entry = permissions.get_for_user(
        request.user,
        visible_note_entries(request.user).select_related("meeting__huddle"),
        pk,
        permissions.CONTRIBUTE,
    )
    initial = {"text": entry.text, "version": entry.version}
    form = forms.EntryEditForm(_data(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_entry(
                entry=entry,
                by=request.user,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                amendment=entry.meeting.is_closed,
            )
        except services.VersionConflict as refused:
            conflict = refused.message
            # Show their text and the new version; what this editor typed stays beside it.
            entry = refused.current
            form = forms.EntryEditForm(initial={"text": form.cleaned_data["text"], "version": entry.version})
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(entry.meeting.get_absolute_url() + f"#entry-{entry.pk}")
    status = 409 if conflict else 400 if form.errors else 200
    context = {"entry": entry, "form": form, "conflict": conflict}
    return render(request, "huddles/entry_form.html", context, status=status)


def _escalated(request, flag, back):
    messages.success(request, f"Raised as a flag for {flag.team.name}: “{flag.title}”.")
    return redirect(back)


def _entry(request, pk):
    return permissions.get_for_user(
        request.user,
        visible_note_entries(request.user).select_related("meeting"),
        pk,
        permissions.CONTRIBUTE,
    )


@require_POST
@idempotent_page
def entry_escalate(request, pk):
    entry = _entry(request, pk)
    try:
        flag = services.escalate_entry(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry.meeting)
    return succeeded(_escalated(request, flag, entry.meeting.get_absolute_url() + f"#entry-{entry.pk}"))


@require_POST
@idempotent_page
def entry_make_action(request, pk):
    entry = _entry(request, pk)
    try:
        item = services.make_action_from_entry(entry=entry, by=request.user)
    except services.HuddleConflict as conflict:
        messages.error(request, conflict.message)
        return redirect(entry.meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(entry.meeting)
    messages.success(request, f"Action item added for {item.owner.display_name}.")
    return succeeded(redirect(entry.meeting.get_absolute_url() + f"#action-{item.pk}"))


@require_POST
def action_add(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, permissions.CONTRIBUTE)
    form = forms.ActionItemForm(request.POST, people=_people(meeting.huddle))
    if form.is_valid():
        try:
            services.add_action_item(meeting=meeting, by=request.user, **form.cleaned_data)
        except services.HuddleConflict as conflict:
            messages.error(request, conflict.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action item added.")
            return redirect(meeting.get_absolute_url() + "#actions")
    if form.errors:
        context = _meeting_context(request, meeting, action_form=form)
        return render(request, "huddles/meeting_detail.html", context, status=400)
    return redirect(meeting)


def _action(request, pk):
    return permissions.get_for_user(
        request.user,
        visible_action_items(request.user).select_related("meeting"),
        pk,
        permissions.CONTRIBUTE,
    )


@require_POST
def action_status(request, pk):
    item = _action(request, pk)
    form = forms.ActionStatusForm(request.POST)
    if form.is_valid():
        services.update_action_item(item=item, by=request.user, status=form.cleaned_data["status"])
    back = request.POST.get("next") or item.meeting.get_absolute_url()
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else item.meeting.get_absolute_url()
    )


@require_POST
@idempotent_page
def action_escalate(request, pk):
    item = _action(request, pk)
    try:
        flag = services.escalate_action_item(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item.meeting)
    return succeeded(_escalated(request, flag, item.meeting.get_absolute_url() + f"#action-{item.pk}"))


@require_POST
def meeting_pulse(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, permissions.CONTRIBUTE)
    form = forms.PulseForm(request.POST)
    if form.is_valid():
        try:
            services.record_pulse(meeting=meeting, by=request.user, **form.cleaned_data)
        except services.HuddleConflict as conflict:
            messages.error(request, conflict.message)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thanks: your pulse is recorded. Only you see your own answer.")
            return redirect(meeting.get_absolute_url() + "#pulse")
    if form.errors:
        return render(
            request,
            "huddles/meeting_detail.html",
            _meeting_context(request, meeting, pulse_form=form),
            status=400,
        )
    return redirect(meeting)


@require_POST
def meeting_attendance(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, permissions.CONTRIBUTE)
    form = forms.AttendanceForm(request.POST, people=_people(meeting.huddle))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.set_attendance(meeting=meeting, by=request.user, people=list(data.pop("attendees")))
            services.set_roles(meeting=meeting, by=request.user, **data)
        except services.HuddleConflict as conflict:
            messages.error(request, conflict.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Attendance and roles saved.")
    else:
        messages.error(request, error_summary(form))
    return redirect(meeting)


@require_POST
def meeting_close(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk, permissions.CHANGE)
    try:
        services.close_meeting(meeting=meeting, by=request.user)
    except services.HuddleConflict as conflict:
        messages.error(request, conflict.message)
    else:
        messages.success(request, "Meeting closed. Later changes are recorded as amendments.")
    return redirect(meeting)
