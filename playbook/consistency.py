"""What a write points at belongs where the object it is written on does.

The permission layer says whether a *person* may see a thing; this says whether the thing may be
*attached here*. They differ for anyone in two teams (or a leader over several): they can see both
teams' focus areas, but a flag of one team that named the other team's focus area would show its
title to everyone who sees the flag, most of whom may not see that focus area at all.

So a service checks each foreign key it is given against the object's own team (or network), after
the permission layer has said the person may see it, and refuses with a field error: a 400 naming the
field in the API, an error beside the field on a page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def require_same_team(field: str, chosen, team, *, what: str) -> None:
    """``chosen`` (a row with a ``team_id``, or None for "none chosen") must be ``team``'s own."""
    if chosen is not None and chosen.team_id != team.pk:
        raise ValidationError({field: f"Choose {what} of {team.name}."})


def require_same_network(field: str, chosen_network_id: int | None, network_id: int, *, what: str) -> None:
    """The chosen row, whose network is ``chosen_network_id``, must be of the network ``network_id``."""
    if chosen_network_id is not None and chosen_network_id != network_id:
        raise ValidationError({field: f"Choose {what} of your own network."})
