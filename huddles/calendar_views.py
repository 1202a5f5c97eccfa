"""The calendar feeds a calendar app subscribes to: ``/calendar/<token>.ics`` and one huddle's.

No session: Google Calendar and Outlook fetch the address from their own servers, so the token in it
is the key (``playbook.calendar_feeds``). A revoked or unknown token, a person who has left, and a
huddle the person may not see all answer the same 404, so nobody can probe for tokens or huddles.
Nothing here reads or writes the session, so the answer sets no cookie.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from huddles import calendar
from huddles.permissions import visible_huddles
from playbook import calendar_feeds


def _feed(token: str):
    feed = calendar_feeds.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    calendar_feeds.note_read(feed)
    return feed


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A diary: no shared cache may keep it, though the calendar app itself may.
    response["Cache-Control"] = "private"
    return response


@login_not_required
@require_safe
def person_feed(request, token):
    feed = _feed(token)
    return _ics(calendar.person_calendar(feed.person), "playbook.ics")


@login_not_required
@require_safe
def huddle_feed(request, token, huddle_id):
    feed = _feed(token)
    huddle = visible_huddles(feed.person).filter(pk=huddle_id).first()
    if huddle is None:
        raise Http404("No such calendar.")
    return _ics(calendar.huddle_calendar(feed.person, huddle), f"huddle-{huddle.pk}.ics")
