"""A closing team's open huddle action items, handed to ``playbook.team_closing``.

The items of the huddles the team is home to are dropped (an action item has no reason field: the
retrospective lists each one it dropped), and those huddles stop recurring, since the team no longer
meets. A huddle the team only joined carries on with its home team.
"""

from huddles import services
from huddles.models import ActionItem, Huddle
from playbook.team_closing import OpenWork, register


def _open(team):
    return ActionItem.objects.filter(huddle__team=team, status=ActionItem.Status.OPEN).order_by(
        "created_at", "pk"
    )


def _items(team) -> list[str]:
    return list(_open(team).values_list("text", flat=True))


def _settle(*, team, by, outcome: str, reason: str) -> None:
    for item in _open(team):
        services.update_action_item(item=item, by=by, status=ActionItem.Status.DROPPED)
    for huddle in Huddle.objects.filter(team=team, is_active=True):
        services.update_huddle(huddle=huddle, by=by, is_active=False)


register(
    OpenWork(
        name="action_items",
        label="Open huddle action items",
        order=20,
        items=_items,
        outcomes={"drop": "Dropped, listed in the retrospective"},
        settle=_settle,
    )
)
