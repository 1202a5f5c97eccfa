"""Flag resolutions and what they taught, in the network's record of what we learned
(``playbook.learnings``). Only resolved flags count: an open flag has taught nothing yet. Who sees a
flag is ``andon.permissions.visible_flags``'s answer, whatever it becomes (read through its form
for searches, ``visible_flags_for_search``)."""

from __future__ import annotations

from django.urls import reverse

from andon.models import Flag
from andon.permissions import visible_flags_for_search
from playbook.learnings import LearningSource, Search, learning_rows, register

# The text search_document is built from, by the trigger of andon/migrations/0008_learning_search_index
# (keep the two lists alike).
FIELDS = ("title", "description", "resolution", "learning")


def flag_rows(user, search: Search):
    if search.change_idea:  # a flag is about a team and perhaps a focus area, never a change idea
        return None
    # Every resolved flag has its moment (a constraint says so); saying it here lets PostgreSQL walk the
    # newest resolutions from the end of the index past the open flags' empty ones, not through them.
    flags = visible_flags_for_search(user).filter(status=Flag.Status.RESOLVED, resolved_at__isnull=False)
    if search.team:
        flags = flags.filter(team_id=search.team)
    if search.focus_area:
        flags = flags.filter(focus_area_id=search.focus_area)
    return learning_rows(
        flags,
        search,
        kind="flag",
        fields=FIELDS,
        object_id="pk",
        title="title",
        team_name="team__name",
        when="resolved_at",
    )


register(
    LearningSource(
        kind="flag",
        label="Andon flag",
        model=Flag,
        fields=FIELDS,
        snippet_fields=FIELDS[1:],  # the title is shown above the snippet already
        rows=flag_rows,
        url=lambda row: reverse("andon-flag-detail", args=[row["learning_object"]]),
        order=20,
    )
)
