"""What the cycles app's webhook events say (``playbook.webhooks``), recorded in the transaction of
the decision or the status change: ids, titles, the team and its path, links, who."""

from __future__ import annotations

from django.urls import reverse

from cycles.models import Cycle
from cycles.spread import teams_where_met
from playbook import webhooks
from playbook.models import User
from theory.models import ChangeIdea


def cycle_decided(cycle: Cycle, by: User) -> None:
    def data():
        idea = cycle.change_idea
        return {
            "cycle": {
                "id": cycle.pk,
                "title": cycle.title,
                "decision": cycle.decision,
                "decision_label": cycle.get_decision_display(),
                "reasoning": cycle.decision_reasoning[:1000],
                "stage": cycle.stage,
                "decided_at": cycle.decided_at.isoformat() if cycle.decided_at else None,
                "url": webhooks.link(cycle.get_absolute_url()),
            },
            "change_idea": None if idea is None else {"id": idea.pk, "title": idea.title},
            "team": webhooks.team(cycle.team),
            "by": webhooks.person(by),
        }

    webhooks.record_event(cycle.team.network_id, "cycle.decided", data)


def change_idea_ready_to_spread(change_idea: ChangeIdea) -> None:
    team = change_idea.focus_area.team

    def data():
        return {
            "change_idea": {
                "id": change_idea.pk,
                "title": change_idea.title,
                "status": change_idea.status,
                "url": webhooks.link(reverse("cycles-spread") + f"?change_idea={change_idea.pk}"),
            },
            "focus_area": {"id": change_idea.focus_area_id, "title": change_idea.focus_area.title},
            "team": webhooks.team(team),
            "teams_where_met": len(teams_where_met(change_idea)),
        }

    webhooks.record_event(team.network_id, "change_idea.ready_to_spread", data)
