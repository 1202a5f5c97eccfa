"""The signed-in person's own pages: home, notifications and account settings."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from playbook import calendar_feeds, notifications, permissions, services, slots
from playbook.forms import AccountForm, NotificationPreferencesForm
from playbook.panels import standing
from playbook.services.preferences import set_notification_preferences


def home(request):
    access = permissions.access_for(request.user)
    context = {
        "panels": slots.render(request, slots.HOME),
        "no_network": request.user.network_id is None,
        "standing": standing(access),
        "overseen": len(access.team_ids_overseen()),
    }
    return render(request, "playbook/home.html", context)


# What the style guide shows: the colour tokens (name, what it is for) and the icons the app uses.
STYLE_COLOURS = [
    ("--ink", "Text"),
    ("--muted", "Secondary text"),
    ("--surface", "Cards"),
    ("--bg", "Page"),
    ("--line", "Borders"),
    ("--accent", "Links, primary actions"),
    ("--ok", "Done, improving"),
    ("--warn", "Needs attention"),
    ("--bad", "Overdue, errors"),
    ("--info", "In progress"),
]
STYLE_ICONS = [
    "house", "users", "target", "lightbulb", "refresh-cw", "messages-square", "flag", "bell",
    "plus", "check", "calendar", "clipboard-list", "message-square", "chart-line", "chevron-down",
    "circle-alert", "play", "printer", "search", "settings",
]  # fmt: skip


def style_guide(request):
    return render(request, "playbook/style_guide.html", {"colours": STYLE_COLOURS, "icons": STYLE_ICONS})


def notification_list(request):
    page = Paginator(permissions.visible_notifications(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "playbook/notifications.html", {"page": page})


@require_POST
def notification_read(request, pk):
    notification = permissions.get_for_user(
        request.user, permissions.visible_notifications(request.user), pk, permissions.CHANGE
    )
    notifications.mark_read(
        notifications=permissions.visible_notifications(request.user).filter(pk=notification.pk)
    )
    if notification.url and request.POST.get("follow"):
        return redirect(notification.url)
    return redirect("notifications")


@require_POST
def notification_read_all(request):
    count = notifications.mark_read(notifications=permissions.visible_notifications(request.user))
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications")


def account(request):
    # A fresh copy, so a rejected form never changes the name shown in the header.
    person = permissions.visible_people(request.user).get(pk=request.user.pk)
    # Two forms on one page; the notification choices say so with their submit button's value.
    choosing = request.method == "POST" and request.POST.get("form") == "notifications"
    form = AccountForm(request.POST if request.method == "POST" and not choosing else None, instance=person)
    choices = NotificationPreferencesForm(request.POST if choosing else None, person=person)
    if form.is_bound and form.is_valid():
        services.update_person(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, "Your settings are saved.")
        return redirect("account")
    if choices.is_bound and choices.is_valid():
        set_notification_preferences(person=person, by=request.user, choices=choices.chosen())
        messages.success(request, "Your notification choices are saved.")
        return redirect(reverse("account") + "#notification-choices")
    feed = calendar_feeds.live_feed_of(person)
    calendar = {"feed": feed, **calendar_feeds.addresses(feed)}
    return render(request, "playbook/account.html", {"form": form, "choices": choices, "calendar": calendar})
