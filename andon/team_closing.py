"""The unresolved andon flags a closing team holds, handed to ``playbook.team_closing``: passed to the
team above (escalated, as a flag nobody near it can take on would be), or resolved with the
retrospective as what was learned."""

from andon import services
from andon.models import OPEN_FLAG, Flag
from playbook.team_closing import OpenWork, register


def _open(team):
    return Flag.objects.filter(OPEN_FLAG, holding_team=team).order_by("raised_at", "pk")


def _items(team) -> list[str]:
    return list(_open(team).values_list("title", flat=True))


def _settle(*, team, by, outcome: str, reason: str) -> None:
    for flag in _open(team):
        if outcome == "escalate":
            services.escalate_flag(flag=flag, by=by, reason=reason)
        else:
            services.resolve_flag(flag=flag, by=by, resolution=reason, learning=reason)


register(
    OpenWork(
        name="flags",
        label="Unresolved andon flags",
        order=30,
        items=_items,
        outcomes={
            "escalate": "Passed to the team above",
            "resolve": "Resolved with the retrospective",
        },
        settle=_settle,
    )
)
