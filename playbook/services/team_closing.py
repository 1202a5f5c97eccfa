"""Closing a team that has done its job: a retrospective, its open work settled, the team kept read-only.

The open work lives in the feature apps, which the core may not import; each app hands it over through
the ``playbook.team_closing`` slot and settles it with its own services, inside this one transaction:
if any of it refuses (a cycle the closer may not abandon, say), nothing is closed at all.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from playbook import charters, clock, permissions
from playbook.models import Team, TeamRetrospective, User
from playbook.team_closing import OpenWork, open_work_kinds


def open_work(team: Team) -> list[tuple[OpenWork, list[str]]]:
    """Each kind of work the team still has open, with the titles of its items; kinds with none left out."""
    found = [(kind, kind.items(team)) for kind in open_work_kinds()]
    return [(kind, items) for kind, items in found if items]


def _checked_outcomes(outcomes: dict[str, str]) -> dict[str, str]:
    kinds = {kind.name: kind for kind in open_work_kinds()}
    errors = [f"“{name}” is not a kind of open work." for name in outcomes if name not in kinds]
    errors += [
        f"For {kinds[name].label.lower()}, choose one of: {', '.join(kinds[name].outcomes)}."
        for name, outcome in outcomes.items()
        if name in kinds and outcome not in kinds[name].outcomes
    ]
    if errors:
        raise ValidationError({"outcomes": errors})
    return {name: outcomes.get(name) or next(iter(kind.outcomes)) for name, kind in kinds.items()}


def _refuse_unclosable(team: Team) -> None:
    if team.kind == Team.Kind.HUB:
        raise ValidationError("The hub is the network itself; it does not close.")
    if Team.objects.filter(parent=team, closed_at__isnull=True).exists():
        raise ValidationError("Teams still sit under this one; close or move them first.")


@transaction.atomic
def close_team(
    *, team: Team, by: User, learned: str, outcomes: dict[str, str] | None = None
) -> TeamRetrospective:
    """Close ``team`` with what it learned; ``outcomes`` says, per kind of open work, what becomes of it."""
    team = Team.objects.select_for_update().get(pk=team.pk)
    permissions.require(by, team, permissions.VIEW)
    charters.refuse_if_closed(team)  # closing twice (two admins at once, say) is refused, not repeated
    permissions.require(by, team, permissions.CHANGE)
    _refuse_unclosable(team)
    learned = (learned or "").strip()
    retrospective = TeamRetrospective(team=team, learned=learned, closed_by=by, closed_at=clock.now())
    retrospective.full_clean(exclude=["team", "open_work"], validate_unique=False)
    chosen = _checked_outcomes(outcomes or {})
    reason = f"{team.name} closed. What the team learned: {learned}"
    for kind, items in open_work(team):
        outcome = chosen[kind.name]
        kind.settle(team=team, by=by, outcome=outcome, reason=reason)
        retrospective.open_work.append(
            {"kind": kind.name, "label": kind.label, "outcome": kind.outcomes[outcome], "items": items}
        )
    left = open_work(team)
    if left:  # an app that settled less than it was given must not leave a closed team with open work
        raise ValidationError(f"{left[0][0].label} could not all be settled; nothing was closed.")
    team.closed_at = retrospective.closed_at
    team.save(update_fields=["closed_at"])
    retrospective.save()
    permissions.forget(by)
    return retrospective
