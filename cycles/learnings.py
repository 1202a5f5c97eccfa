"""PDSA studies and decisions in the network's record of what we learned (``playbook.learnings``).

A cycle counts once it has left its plan: from Do on it holds what happened, the deviations, the
decision and its reasoning, or why it was abandoned. Cycles also offer the focus area and change
idea filters' choices, being the app that links to both.
"""

from __future__ import annotations

from django.urls import reverse

from cycles.models import LEARNED_AT, Cycle
from cycles.permissions import visible_cycles
from measures.permissions import visible_focus_areas
from playbook.learnings import Choices, LearningSource, Search, learning_rows, register, register_choices
from theory.permissions import visible_change_ideas

# The text search_document is built from, by the trigger of cycles/migrations/0007_learning_search_index
# (keep the two lists alike).
FIELDS = (
    "title",
    "objective",
    "what_happened",
    "deviations",
    "decision_reasoning",
    "next_steps",
    "abandoned_reason",
)


def cycle_rows(user, search: Search):
    cycles = visible_cycles(user).exclude(stage=Cycle.Stage.PLANNING)
    if search.team:
        cycles = cycles.filter(team_id=search.team)
    if search.focus_area:
        cycles = cycles.filter(focus_area_id=search.focus_area)
    if search.change_idea:
        cycles = cycles.filter(change_idea_id=search.change_idea)
    return learning_rows(
        cycles,
        search,
        kind="cycle",
        fields=FIELDS,
        object_id="pk",
        title="title",
        team_name="team__name",
        when=LEARNED_AT,
    )


def focus_area_choices(user):
    areas = visible_focus_areas(user).select_related("team").order_by("team__name", "title")
    return [(area.pk, f"{area.title} ({area.team.name})") for area in areas]


def change_idea_choices(user):
    return list(visible_change_ideas(user).order_by("title").values_list("pk", "title"))


register(
    LearningSource(
        kind="cycle",
        label="PDSA cycle",
        model=Cycle,
        fields=FIELDS,
        snippet_fields=FIELDS[1:],  # the title is shown above the snippet already
        rows=cycle_rows,
        url=lambda row: reverse("cycle-detail", args=[row["learning_object"]]),
        order=10,
    )
)
register_choices(Choices("focus_area", focus_area_choices))
register_choices(Choices("change_idea", change_idea_choices))
