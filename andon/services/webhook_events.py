"""What a flag's webhook events say (``playbook.webhooks``), recorded in the transaction of the move.

Enough for a Teams or Slack message (what, where, how serious, who, a link), and nothing the
network's admins, who register the endpoints, could not read in Playbook themselves.
"""

from __future__ import annotations

from andon.models import Flag
from playbook import webhooks
from playbook.models import Team, User


def _flag(flag: Flag) -> dict:
    return {
        "id": flag.pk,
        "title": flag.title,
        "severity": flag.severity,
        "severity_label": flag.get_severity_display(),
        "status": flag.status,
        "url": webhooks.link(flag.get_absolute_url()),
    }


def _full(flag: Flag, teams: webhooks.TeamNames) -> dict:
    return {
        "flag": {
            **_flag(flag),
            "description": flag.description[:1000],
            "category": flag.category,
            "raised_at": flag.raised_at.isoformat(),
        },
        "raised_in": teams.ref(flag.team_id),
        "team": teams.ref(flag.holding_team_id),
        "tier": teams.ref(flag.holding_team_id)["kind"],
    }


def flag_raised(flag: Flag, by: User) -> None:
    def data():
        return {**_full(flag, webhooks.TeamNames([flag.network_id])), "by": webhooks.person(by)}

    webhooks.record_event(flag.network_id, "flag.raised", data)


def flag_escalated(flag: Flag, by: User, *, came_from: Team, reason: str) -> None:
    def data():
        teams = webhooks.TeamNames([flag.network_id])
        return {
            **_full(flag, teams),
            "from_team": teams.ref(came_from.pk),
            "automatic": False,
            "reason": reason,
            "by": webhooks.person(by),
        }

    webhooks.record_event(flag.network_id, "flag.escalated", data)


def flag_resolved(flag: Flag, by: User) -> None:
    def data():
        return {
            **_full(flag, webhooks.TeamNames([flag.network_id])),
            "resolution": flag.resolution,
            "learning": flag.learning,
            "by": webhooks.person(by),
        }

    webhooks.record_event(flag.network_id, "flag.resolved", data)


def flags_escalated_by_the_job(flags: list[Flag], steps, started: dict) -> None:
    """One ``flag.escalated`` per flag that climbed in this batch, saying where it ended up (a flag
    that climbed two levels in one run is one event, from the team that missed its deadline first).
    One query when no network of the batch wants the event; the batch's flags are loaded with few
    fields, so those that are wanted are read once more for the rest."""
    first_step = {}
    for step in steps:
        if step.to_team_id is not None:
            first_step.setdefault(step.flag_id, step)
    moved = [flag for flag in flags if flag.pk in first_step]
    wanted = webhooks.networks_wanting("flag.escalated", {flag.network_id for flag in moved})
    moved = [flag for flag in moved if flag.network_id in wanted]
    if not moved:
        return
    teams = webhooks.TeamNames(wanted)
    rest = Flag.objects.only("team_id", "description", "category", "raised_at").in_bulk([f.pk for f in moved])
    events = []
    for flag in moved:
        full = rest[flag.pk]
        full.holding_team_id, full.status, full.title = flag.holding_team_id, flag.status, flag.title
        full.severity, full.network_id = flag.severity, flag.network_id
        step = first_step[flag.pk]
        data = {
            **_full(full, teams),
            "from_team": teams.ref(started[flag.pk][1]),
            "automatic": True,
            "missed": {"deadline": step.deadline, "due_at": step.due_at.isoformat()},
            "by": None,
        }
        events.append((flag.network_id, "flag.escalated", data))
    webhooks.record_events(events)
