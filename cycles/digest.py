"""What the cycles app puts in the weekly digest, and the kinds of notification it sends."""

from __future__ import annotations

from cycles.models import Cycle
from cycles.permissions import visible_cycles
from cycles.selectors import my_open_cycles
from playbook import clock
from playbook.digest import ITEMS_PER_SECTION, Item, register_section
from playbook.notification_kinds import register

register(
    "cycle",
    "Someone moved or added to my cycle",
    "A cycle you own or help with was started, studied, decided or got a new observation.",
    order=10,
)
register("cycle-comment", "Someone commented on my cycle", order=11)
register("cycle-review", "Someone asked me to review a cycle", order=12)
register("cycle-overdue", "My cycle is overdue", "Its end date passed before anyone studied it.", order=13)
register(
    "ready-to-spread",
    "A change idea is ready to spread",
    "Its predictions were met in enough teams below you.",
    order=14,
)

Stage = Cycle.Stage
NEXT_STEP = {
    Stage.PLANNING: "Next: finish the plan and its predictions, then start the test",
    Stage.DOING: "Next: record what happened, then study it",
    Stage.STUDYING: "Next: compare what happened with what you predicted",
    Stage.ACTING: "Next: decide to adopt, adapt or abandon",
}


def _open_cycles(user, since, until) -> list[Item]:
    today = clock.today()
    cycles = my_open_cycles(user, today, limit=ITEMS_PER_SECTION + 1)
    return [
        Item(
            f"{cycle.title} ({cycle.team.name})",
            cycle.get_absolute_url(),
            ("Overdue. " if cycle.is_overdue(today) else "") + NEXT_STEP.get(cycle.stage, ""),
        )
        for cycle in cycles
    ]


def _decided(user, since, until) -> list[Item]:
    cycles = (
        visible_cycles(user)
        .filter(decided_at__gte=since, decided_at__lt=until)
        .exclude(decision="")
        .select_related("team")
        .order_by("decided_at", "pk")[: ITEMS_PER_SECTION + 1]
    )
    return [
        Item(
            f"{cycle.team.name}: “{cycle.title}” — {cycle.get_decision_display()}",
            cycle.get_absolute_url(),
            (cycle.decision_reasoning or cycle.next_steps)[:200],
        )
        for cycle in cycles
    ]


register_section("cycles-open", 10, _open_cycles, title="Your open PDSA cycles")
register_section("cycles-decided", 50, _decided, title="Cycles decided this week")
