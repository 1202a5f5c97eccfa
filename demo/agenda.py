"""The demo network's learning agenda (the hub's and the North Cluster's goals, linked to the
reading and attendance work) and its four shared values. Idempotent: a goal or value already there
by its name is left as it is, so a visitor's edits survive a re-seed."""

from __future__ import annotations

from cycles.models import LearningGoal
from cycles.services.agenda import create_learning_goal
from demo.series import ATTENDANCE, READING
from demo.timeline import Timeline
from measures.models import FocusArea
from playbook.models import NetworkValue, Team, User
from playbook.values import create_network_value
from theory.models import ChangeIdea

# (team key, keeper, title, description, focus areas, change ideas)
GOALS = [
    (
        "hub", "admin", "What makes a daily habit stick across our schools?",
        "Reading practice and first-day absence calls both depend on a small daily routine. "
        "Which parts of a routine survive a busy term, and which need the whole school behind them?",
        [READING, ATTENDANCE],
        ["Paired reading, 10 minutes a day", "First-day calls before 9:30"],
    ),
    (
        "north", "north.leader", "Fluency checks teachers keep using",
        "Can a one-minute probe tell teachers something they act on the same week?",
        [READING],
        ["One-minute probe every Friday", "Paired reading, 10 minutes a day"],
    ),
]  # fmt: skip

VALUES = [
    ("Pupils first", "We ask what a change does for the children before what it does for us."),
    ("Learn out loud", "We share what did not work as readily as what did."),
    ("Small tests, real data", "We try ideas at small scale and let the evidence decide."),
    ("Every voice in the huddle", "The newest member's question counts as much as the head's."),
]


def seed_agenda(timeline: Timeline, teams: dict[str, Team], people: dict[str, User]) -> None:
    for key, keeper, title, description, areas, ideas in GOALS:
        team = teams[key]
        if LearningGoal.objects.filter(team=team, title=title).exists():
            continue
        focus_areas = [FocusArea.objects.get(team=teams[slug], title=name) for slug, name in areas]
        change_ideas = list(ChangeIdea.objects.filter(focus_area__in=focus_areas, title__in=ideas))
        create_learning_goal(
            team=team, by=people[keeper], title=title, description=description,
            starts_on=timeline.first_week, ends_on=timeline.from_now(12),
            focus_areas=focus_areas, change_ideas=change_ideas,
        )  # fmt: skip
    network = teams["hub"].network
    for name, description in VALUES:
        if not NetworkValue.objects.filter(network=network, name=name).exists():
            create_network_value(network=network, by=people["admin"], name=name, description=description)
