"""A closing team's open PDSA cycles, handed to ``playbook.team_closing``: abandoned with its reason.

A cycle is not moved to another team: its plan, predictions and data were made against this team's
focus area and driver diagram, which do not travel with it; the team that takes the idea on starts
its own cycle from this one (``copy_cycle``), which the abandoned cycle's history then shows.
"""

from cycles import services
from cycles.models import Cycle
from playbook.team_closing import OpenWork, register


def _open(team):
    return Cycle.objects.filter(team=team, stage__in=Cycle.OPEN_STAGES).order_by("created_at", "pk")


def _items(team) -> list[str]:
    return list(_open(team).values_list("title", flat=True))


def _settle(*, team, by, outcome: str, reason: str) -> None:
    for cycle in _open(team):
        services.abandon_cycle(cycle=cycle, by=by, reason=reason)


register(
    OpenWork(
        name="cycles",
        label="Open PDSA cycles",
        order=10,
        items=_items,
        outcomes={"abandon": "Abandoned, citing the retrospective"},
        settle=_settle,
    )
)
