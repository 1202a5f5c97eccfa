"""What the cycles app shows on the home page: the person's open cycles with their next step, the
cycles of the teams they lead by stage, and (for leaders) the change ideas ready to spread."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cycles.models import Cycle
from cycles.selectors import my_open_cycles, ready_to_spread, team_stage_counts
from playbook import clock, permissions
from playbook.slots import HOME, Panel, register

Stage = Cycle.Stage
SPREAD_SHOWN = 5


@dataclass(frozen=True)
class NextStep:
    stage: str  # the method's word for the stage: Plan, Do, Study, Act
    text: str
    anchor: str  # the part of the cycle's page where it is done


def next_step(cycle: Cycle) -> NextStep:
    """What the cycle waits for, from its stage and what is still missing (``for_list``'s counts)."""
    n_predictions = getattr(cycle, "n_predictions", 0)
    if cycle.stage == Stage.PLANNING:
        if not n_predictions:
            return NextStep("Plan", "add a prediction", "plan")
        if cycle.starts_on is None or cycle.ends_on is None:
            return NextStep("Plan", "set the dates", "plan")
        return NextStep("Plan", "start the test", "plan")
    if cycle.stage == Stage.DOING:
        if not cycle.what_happened:
            return NextStep("Do", "record what happened", "do")
        return NextStep("Do", "move on to study", "do")
    if cycle.stage == Stage.STUDYING:
        if getattr(cycle, "n_studied", 0) < n_predictions:
            return NextStep("Study", "compare with predictions", "study")
        return NextStep("Study", "move on to act", "study")
    if not cycle.decision:
        return NextStep("Act", "decide to adopt, adapt or abandon", "act")
    return NextStep("Act", "complete the cycle", "act")


def _my_cycle_rows(request) -> list[tuple[Cycle, NextStep, bool]]:
    today = clock.today()
    return [(c, next_step(c), c.is_overdue(today)) for c in my_open_cycles(request.user, today)]


def _my_cycles(request):
    """The person's open cycles, overdue first, each with its next step: one query, however many."""
    return {"rows": _my_cycle_rows(request)}


def _my_cycles_data(request):
    return {
        "cycles": [
            {
                "id": c.pk,
                "title": c.title,
                "url": c.get_absolute_url(),
                "team": c.team.name,
                "stage": c.stage,
                "ends_on": c.ends_on.isoformat() if c.ends_on else None,
                "overdue": overdue,
                "next_step": f"{step.stage}: {step.text}",
                "next_step_url": f"{c.get_absolute_url()}#{step.anchor}",
            }
            for c, step, overdue in _my_cycle_rows(request)
        ],
    }


def _team_stage_rows(request) -> list[dict] | None:
    """Per team the person leads by name: open cycles by stage and those past their end date."""
    access = permissions.access_for(request.user)
    led = sorted(access.team_ids_with_direct_role(permissions.Role.LEAD))
    if not led:
        return None
    rows = team_stage_counts(request.user, led, clock.today())
    base = reverse("cycle-list")
    for row in rows:
        query = f"?scope=team&team={row['team'].pk}"
        row["stages"] = [
            {
                "stage": s,
                "label": Stage(s).label,
                "count": row["counts"].get(s, 0),
                "url": f"{base}{query}&stage={s}",
            }
            for s in Cycle.OPEN_STAGES
        ]
        row["overdue_url"] = f"{base}{query}&overdue=on"
    return rows


def _team_cycles(request):
    rows = _team_stage_rows(request)
    return None if rows is None else {"team_rows": rows}


def _team_cycles_data(request):
    rows = _team_stage_rows(request)
    if rows is None:
        return None
    return [
        {
            "team": {"id": r["team"].pk, "name": r["team"].name},
            "stages": r["stages"],
            "overdue": r["overdue"],
            "overdue_url": r["overdue_url"],
        }
        for r in rows
    ]


def _ready_to_spread(request) -> list | None:
    if not permissions.access_for(request.user).leader_by_name():
        return None
    return ready_to_spread(request.user, SPREAD_SHOWN)


def _spread(request):
    rows = _ready_to_spread(request)
    return None if rows is None else {"rows": rows}


def _spread_data(request):
    rows = _ready_to_spread(request)
    if rows is None:
        return None
    return {
        "url": reverse("cycles-spread"),
        "ideas": [
            {
                "id": r.change_idea.pk,
                "title": r.change_idea.title,
                "url": reverse("change-idea-ramp", args=[r.change_idea.pk]),
                "teams_met": r.teams_met,
                "threshold": r.threshold,
            }
            for r in rows
        ],
    }


register(Panel("my-cycles", HOME, 10, "cycles/_home_panel.html", _my_cycles, _my_cycles_data))
register(Panel("team-cycles", HOME, 45, "cycles/_home_panel_team.html", _team_cycles, _team_cycles_data))
register(
    Panel("ready-to-spread", HOME, 80, "cycles/_home_panel_spread.html", _spread, _spread_data, kept_for=120)
)
