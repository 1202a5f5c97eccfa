"""What the huddles app shows on the home page: the person's action items and their next huddle; for a
team's lead, what is overdue in the team and its latest pulse; for leaders, uptake across the teams
they oversee. Every panel is a fixed number of queries, however much data there is."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from cycles.selectors import overdue_cycles_of
from huddles.schedule import local_start
from huddles.selectors import latest_pulses, my_meetings_from, my_open_action_items, overdue_action_items_of
from huddles.uptake import uptake_rows
from playbook import clock, permissions
from playbook.slots import HOME, Panel, register

PULSE_WINDOW = timedelta(weeks=8)  # an older pulse says nothing about how the team is today


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


# --- Everyone --------------------------------------------------------------------------------------


def _action_rows(request):
    today = clock.today()
    items = list(my_open_action_items(request.user)[:20])
    return today, [(item, item.due_on is not None and item.due_on < today) for item in items]


def _my_action_items(request):
    """The person's open action items, soonest due (so overdue) first: one query."""
    today, rows = _action_rows(request)
    return {"rows": rows, "overdue": sum(1 for _, late in rows if late), "today": today}


def _my_action_items_data(request):
    _, rows = _action_rows(request)
    return [
        {
            "id": item.pk,
            "text": item.text,
            "url": item.get_absolute_url(),
            "huddle": item.huddle.name,
            "due_on": _iso(item.due_on),
            "overdue": late,
        }
        for item, late in rows
    ]


def _huddle_days(request):
    """Today's open meetings of the person's huddles and the next one after today, in the network's zone."""
    user = request.user
    if user.network_id is None or not permissions.access_for(user).direct:
        return None
    zone = ZoneInfo(user.network.time_zone)
    today = clock.now().astimezone(zone).date()
    meetings = my_meetings_from(user, local_start(today, time(0), zone))
    todays = [m for m in meetings if m.scheduled_start.astimezone(zone).date() == today]
    later = [m for m in meetings if m.scheduled_start.astimezone(zone).date() > today]
    return {"todays": todays, "next": later[0] if later else None, "zone": zone.key}


def _next_huddle(request):
    return _huddle_days(request)


def _next_huddle_data(request):
    days = _huddle_days(request)
    if days is None:
        return None

    def one(m):
        return {
            "id": m.pk,
            "huddle": {"id": m.huddle_id, "name": m.huddle.name},
            "starts_at": _iso(m.scheduled_start),
            "url": m.get_absolute_url(),
        }

    return {"today": [one(m) for m in days["todays"]], "next": one(days["next"]) if days["next"] else None}


# --- The teams one leads ---------------------------------------------------------------------------


def _led_team_ids(request) -> list[int]:
    access = permissions.access_for(request.user)
    return sorted(access.team_ids_with_direct_role(permissions.Role.LEAD))


def _overdue(request):
    led = _led_team_ids(request)
    if not led:
        return None
    today = clock.today()
    n_items, items = overdue_action_items_of(request.user, led, today)
    n_cycles, cycles = overdue_cycles_of(request.user, led, today)
    return {"n_items": n_items, "items": items, "n_cycles": n_cycles, "cycles": cycles, "today": today}


def _overdue_data(request):
    shown = _overdue(request)
    if shown is None:
        return None
    return {
        "action_items": {
            "count": shown["n_items"],
            "items": [
                {"id": i.pk, "text": i.text, "url": i.get_absolute_url(), "owner": i.owner.display_name,
                 "due_on": _iso(i.due_on)}
                for i in shown["items"]
            ],
        },
        "cycles": {
            "count": shown["n_cycles"],
            "items": [
                {"id": c.pk, "title": c.title, "url": c.get_absolute_url(), "ends_on": _iso(c.ends_on)}
                for c in shown["cycles"]
            ],
        },
    }  # fmt: skip


def _pulse(request):
    led = _led_team_ids(request)
    if not led:
        return None
    return {"pulses": latest_pulses(request.user, led, clock.now() - PULSE_WINDOW)}


def _pulse_data(request):
    shown = _pulse(request)
    if shown is None:
        return None
    return [
        {
            "huddle": {"id": p["huddle_id"], "name": p["huddle"]},
            "meeting_id": p["meeting_id"],
            "date": p["at"].date().isoformat(),
            "responses": p["responses"],
            "average": p["average"],
            "url": reverse("huddle-detail", args=[p["huddle_id"]]) + "#pulse-heading",
        }
        for p in shown["pulses"]
    ]


# --- The network: uptake ---------------------------------------------------------------------------


def _uptake(request):
    if not permissions.access_for(request.user).leader_by_name():
        return None
    rows = uptake_rows(request.user)
    # The figures are as old as the oldest count among them (a job keeps them counted).
    return {"rows": rows, "as_of": min((row.counted_at for row in rows), default=clock.now())}


def _uptake_data(request):
    shown = _uptake(request)
    return None if shown is None else [row.as_data() for row in shown["rows"]]


register(
    Panel("my-action-items", HOME, 15, "huddles/_home_panel.html", _my_action_items, _my_action_items_data)
)
register(Panel("next-huddle", HOME, 20, "huddles/_home_panel_next.html", _next_huddle, _next_huddle_data))
register(Panel("team-overdue", HOME, 50, "huddles/_home_panel_overdue.html", _overdue, _overdue_data))
register(Panel("team-pulse", HOME, 55, "huddles/_home_panel_pulse.html", _pulse, _pulse_data))
# Four weeks of every overseen team's work: two minutes old is as good as new, and much cheaper.
register(Panel("uptake", HOME, 85, "huddles/_home_panel_uptake.html", _uptake, _uptake_data, kept_for=120))
