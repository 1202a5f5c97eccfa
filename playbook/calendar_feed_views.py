"""The account page's calendar section: make your calendar address, or revoke it.

The feed itself (``/calendar/<token>.ics``) is served by the huddles app, which can read huddles and
cycles; the core only knows the token, and the address is reversed by its URL name.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from playbook import calendar_feeds, permissions
from playbook.models import CalendarFeed

SECTION = "#calendar"


@require_POST
def calendar_feed_make(request):
    calendar_feeds.make_feed(person=request.user, by=request.user)
    messages.success(request, "Your calendar address is ready: add it to your calendar app below.")
    return redirect(reverse("account") + SECTION)


@require_POST
def calendar_feed_revoke(request, pk):
    feed = permissions.get_for_user(request.user, CalendarFeed, pk, permissions.CHANGE)
    calendar_feeds.revoke_feed(feed=feed, by=request.user)
    messages.success(request, "That calendar address no longer works. Make a new one whenever you like.")
    return redirect(reverse("account") + SECTION)
