"""What the measures app shows at home: leaders' bright spots and concerns, and a lead's measures
with a new signal. Each reads the stored charts' summaries (``measures.glance``): one bounded
query a panel (bright spots and concerns share theirs), whatever the size of the subtree."""

from __future__ import annotations

from django.db.models import Count, Window
from django.urls import reverse

from measures import glance
from measures.models import Measure
from playbook import permissions
from playbook.permissions import Role
from playbook.slots import HOME, Panel, register


def _rows(measures) -> list[dict]:
    return [
        {
            "id": m.pk,
            "name": m.name,
            "kind": m.kind,
            "balancing": m.kind == Measure.Kind.BALANCING,
            "team": m.focus_area.team.name,
            "focus_area": m.focus_area.title,
            "direction": m.signal_direction,
            "since": m.signal_since,
            "variation_icon": m.variation_icon,
            "latest": glance.scale_for(m).with_unit(m.latest_value) if m.latest_value is not None else None,
            "url": reverse("measure-detail", args=[m.pk]),
        }
        for m in measures
    ]


def _listed(queryset) -> dict:
    # The count rides on the rows (a window over every match, taken before the LIMIT): one query.
    shown = list(queryset.annotate(matching=Window(Count("pk")))[: glance.PANEL_ROWS])
    return {"count": shown[0].matching if shown else 0, "rows": _rows(shown)}


def _leader_panel(direction: str):
    def context(request):
        if not permissions.access_for(request.user).leader_by_name():
            return None
        count, shown = _leader_signals(request)[direction]
        return {"count": count, "rows": _rows(shown), "direction": direction}

    return context


def _leader_signals(request) -> dict:
    """Both directions' signals, read once a request for the two panels (and their API) that show them."""
    found = getattr(request, "_leader_signals", None)
    if found is None:
        found = request._leader_signals = glance.first_current_signals(request.user, glance.PANEL_ROWS)
    return found


def _new_signals(request):
    access = permissions.access_for(request.user)
    if not access.team_ids_with_direct_role(Role.LEAD):
        return None
    return _listed(glance.new_signals(request.user))


def _as_data(context):
    """A panel's JSON is its context, with dates as ISO text."""

    def data(request):
        found = context(request)
        if found is None:
            return None
        rows = [{**row, "since": row["since"].isoformat() if row["since"] else None} for row in found["rows"]]
        return {"count": found["count"], "results": rows}

    return data


_bright_spots = _leader_panel("improvement")
_concerns = _leader_panel("deterioration")

# Signals across a leader's subtree change when charts are rebuilt, by a job: kept two minutes.
register(
    Panel("bright-spots", HOME, 72, "measures/glance/_panel_bright_spots.html", _bright_spots,
          _as_data(_bright_spots), kept_for=120)
)  # fmt: skip
register(
    Panel("concerns", HOME, 74, "measures/glance/_panel_concerns.html", _concerns, _as_data(_concerns),
          kept_for=120)
)  # fmt: skip
register(
    Panel("new-signals", HOME, 58, "measures/glance/_panel_new_signals.html", _new_signals,
          _as_data(_new_signals))
)  # fmt: skip
