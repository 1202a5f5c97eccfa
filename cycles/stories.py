"""A focus area's story, built once for every place that tells it: the page in the network, the page a
shared link opens signed out, and the API.

The story is the learning journey: the aim, the measures' charts with their phases, the driver diagram
now and how it changed (``theory.history``), and every cycle on its change ideas with what it predicted
(met, missed, not yet), what was decided and what it taught. Abandoned cycles are in it, marked as
such, with what they taught: a test that did not work is learning, not something to hide.

Which cycles it tells is the caller's: in the network, the cycles the reader may see
(``visible_cycles``); outside it, only the focus area's own team's, so a shared link shows the story
and no other team's data. ``hide_names`` puts a word for each person's part ("a team member") in
place of their name everywhere, free text included: the names of everyone involved, and of everyone
in the team, are found in it and replaced.

A story is read in a fixed number of queries however many cycles, predictions and notes it has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils.safestring import SafeString, mark_safe

from cycles.models import Cycle, Observation, Prediction
from cycles.permissions import visible_cycles
from measures.models import FocusArea
from measures.views.focus import MeasureChart, focus_area_charts
from playbook.models import Membership, User
from theory import diagrams
from theory import selectors as theory_selectors
from theory.models import TheoryEvent

Stage = Cycle.Stage
# The words a reader outside sees for a person's part, by their role in the focus area's team.
ROLE_WORDS = {
    Membership.Role.MEMBER: "a team member",
    Membership.Role.LEAD: "a team lead",
    Membership.Role.LEADER: "a leader",
}
SOMEONE = "a colleague in the network"
ADMIN_WORD = "a network admin"
# A stopped cycle's predictions will never be studied: not "not yet", and not counted as waiting.
NEVER_STUDIED = ("Not studied: the cycle stopped", "none")
OUTCOME_WORDS = {
    Prediction.Outcome.MET: ("Met", "met"),
    Prediction.Outcome.PARTLY_MET: ("Partly met", "partly"),
    Prediction.Outcome.NOT_MET: ("Missed", "missed"),
    "": ("Not yet studied", "open"),
}
# A day's changes to the diagram: enough to say what changed, not the whole history page.
CHANGES_SHOWN_A_DAY = 6
# A name this short ("Al", "Jo" as a username) is a word too often to look for in free text.
SHORTEST_NAME = 3


class People:
    """Who the story names, and how: by name in the network, by a word for their part outside it."""

    def __init__(self, focus_area: FocusArea, users, *, hide: bool):
        self.hide = hide
        self._words: dict[int, str] = {}
        self._pattern: re.Pattern | None = None
        if not hide:
            return
        roles = dict(
            Membership.objects.filter(team_id=focus_area.team_id).values_list("user_id", "role")
        )  # one query: the team's people, to word them and to find their names in the text
        everyone = {user.pk: user for user in users if user is not None}
        missing = set(roles) - set(everyone)
        if missing:
            everyone.update(User.objects.in_bulk(missing))
        replacements: dict[str, str] = {}
        for pk, user in everyone.items():
            word = ROLE_WORDS.get(roles.get(pk), ADMIN_WORD if user.is_network_admin else SOMEONE)
            self._words[pk] = word
            for name in (user.get_full_name(), user.first_name, user.last_name, user.username):
                name = (name or "").strip()
                if len(name) >= SHORTEST_NAME:
                    replacements.setdefault(name.lower(), word)
        if replacements:
            # Longest first, so "Jane Doe" is one replacement rather than "Jane" and then "Doe".
            names = sorted(replacements, key=len, reverse=True)
            self._replacements = replacements
            self._pattern = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
            )

    def name(self, user) -> str:
        if user is None:
            return ""
        if not self.hide:
            return user.display_name
        return self._words.get(user.pk, SOMEONE)

    def text(self, value: str) -> str:
        if not self.hide or not value or self._pattern is None:
            return value or ""
        return self._pattern.sub(lambda m: self._word_for(m, value), value)

    def _word_for(self, match: re.Match, value: str) -> str:
        word = self._replacements[match.group(0).lower()]
        before = value[: match.start()].rstrip(" ")
        # "Jane kept at it." reads "A team member kept at it.", not "a team member kept at it."
        return word[:1].upper() + word[1:] if not before or before[-1] in ".!?\n:" else word

    def deep(self, value):
        """Every string of a chart's figure or a diagram's snapshot, its names replaced."""
        if not self.hide:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        return value


@dataclass
class StoryPrediction:
    statement: str
    expectation: str
    outcome: str  # met, partly_met, not_met or "" (not studied yet)
    outcome_label: str
    outcome_class: str
    actual: str
    study_note: str
    studied_by: str


@dataclass
class StoryNote:
    observed_on: date
    text: str
    author: str


@dataclass
class StoryCycle:
    id: int
    title: str
    team: str
    stage: str
    stage_label: str
    starts_on: date | None
    ends_on: date | None
    owner: str
    collaborators: list[str]
    objective: str
    what_happened: str
    deviations: str
    decision: str
    decision_label: str
    decision_reasoning: str
    next_steps: str
    abandoned: bool
    taught: str  # what an abandoned cycle taught: why it stopped, else why it was dropped
    predictions: list[StoryPrediction]
    notes: list[StoryNote]
    url: str

    @property
    def met(self) -> int:
        return sum(1 for p in self.predictions if p.outcome == Prediction.Outcome.MET)

    @property
    def missed(self) -> int:
        return sum(1 for p in self.predictions if p.outcome == Prediction.Outcome.NOT_MET)


@dataclass
class StoryIdea:
    id: int
    title: str
    description: str
    status: str
    status_label: str
    on_diagram: bool
    cycles: list[StoryCycle] = field(default_factory=list)


@dataclass
class StoryPhase:
    number: int
    starts: str  # the first and last periods, as the chart has them (ISO dates for dated charts)
    ends: str
    centre: float | None

    @property
    def starts_text(self) -> str:
        return _period_text(self.starts)

    @property
    def ends_text(self) -> str:
        return _period_text(self.ends)


def _period_text(period: str) -> str:
    try:
        return f"{date.fromisoformat(period):%-d %b %Y}"
    except ValueError:
        return period


@dataclass
class StoryChart:
    chart: MeasureChart
    name: str
    kind: str
    kind_label: str
    caption: str
    phases: list[StoryPhase]


@dataclass
class Revision:
    """One day's changes to the driver diagram."""

    day: date
    changes: list[str]
    more: int
    by: list[str]


@dataclass
class Story:
    focus_area: FocusArea
    title: str
    team: str
    problem: str
    aim: str
    status_label: str
    owner: str
    hide_names: bool
    charts: list[StoryChart]
    svg: SafeString
    revisions: list[Revision]
    ideas: list[StoryIdea]

    @property
    def cycles(self) -> list[StoryCycle]:
        return [cycle for idea in self.ideas for cycle in idea.cycles]

    @property
    def abandoned(self) -> list[StoryCycle]:
        return [cycle for cycle in self.cycles if cycle.abandoned]

    @property
    def counts(self) -> dict:
        cycles = self.cycles
        predictions = [p for c in cycles for p in c.predictions]
        return {
            "cycles": len(cycles),
            "abandoned": sum(1 for c in cycles if c.abandoned),
            "predictions": len(predictions),
            "met": sum(1 for p in predictions if p.outcome == Prediction.Outcome.MET),
            "partly_met": sum(1 for p in predictions if p.outcome == Prediction.Outcome.PARTLY_MET),
            "missed": sum(1 for p in predictions if p.outcome == Prediction.Outcome.NOT_MET),
            "not_yet": sum(1 for c in cycles for p in c.predictions if p.outcome_class == "open"),
        }

    def as_data(self) -> dict:
        """The story as the API answers it (``cycles.story_serializers`` describes the shape)."""
        return {
            "focus_area": self.focus_area.pk,
            "title": self.title,
            "team": self.team,
            "problem": self.problem,
            "aim": self.aim,
            "status": self.status_label,
            "owner": self.owner,
            "names_hidden": self.hide_names,
            "counts": self.counts,
            "measures": [
                {
                    "name": c.name,
                    "kind": c.kind,
                    "caption": c.caption,
                    "phases": [vars(p) for p in c.phases],
                }
                for c in self.charts
            ],
            "theory": {
                "revisions": [
                    {"day": r.day, "changes": r.changes, "more": r.more, "by": r.by} for r in self.revisions
                ]
            },
            "change_ideas": [
                {
                    "id": idea.id,
                    "title": idea.title,
                    "description": idea.description,
                    "status": idea.status,
                    "status_label": idea.status_label,
                    "on_diagram": idea.on_diagram,
                    "cycles": [_cycle_data(cycle) for cycle in idea.cycles],
                }
                for idea in self.ideas
            ],
        }


def _cycle_data(cycle: StoryCycle) -> dict:
    data = {k: v for k, v in vars(cycle).items() if k not in ("predictions", "notes", "url")}
    data["predictions"] = [vars(p) for p in cycle.predictions]
    data["notes"] = [vars(n) for n in cycle.notes]
    return data


# --- Building it -------------------------------------------------------------------------------------


def story_cycles(focus_area: FocusArea, cycles: QuerySet[Cycle], idea_ids) -> list[Cycle]:
    """The cycles on the ideas, oldest first, with everything the story says of them (four queries)."""
    return list(
        cycles.filter(change_idea_id__in=list(idea_ids))
        .select_related("owner", "team")
        .prefetch_related(
            "collaborators",
            Prefetch("predictions", queryset=Prediction.objects.select_related("measure", "studied_by")),
            Prefetch("observations", queryset=Observation.objects.select_related("author")),
        )
        .order_by("starts_on", "created_at", "pk")
    )


def _phases(chart: MeasureChart) -> list[StoryPhase]:
    result = chart.result or {}
    points, phases = result.get("points") or [], result.get("phases") or []
    found = []
    for number, phase in enumerate(phases, start=1):
        try:
            starts, ends = points[phase["start"]]["period"], points[phase["end"]]["period"]
        except (IndexError, KeyError, TypeError):
            continue
        found.append(StoryPhase(number, str(starts), str(ends), phase.get("centre")))
    return found


def _charts(focus_area: FocusArea, people: People) -> list[StoryChart]:
    found = []
    for chart in focus_area_charts(focus_area):
        if people.hide and chart.figure is not None:
            # A cycle's mark on the chart carries its title, which may name someone.
            chart.__dict__["figure"] = people.deep(chart.figure)
        measure = chart.measure
        if people.hide:  # the chart box labels the figure with it (never saved)
            measure.name = people.text(measure.name)
        found.append(
            StoryChart(
                chart,
                people.text(measure.name),
                measure.kind,
                measure.get_kind_display(),
                people.text(chart.caption),
                _phases(chart),
            )
        )
    return found


def _revisions(focus_area: FocusArea, events: list[TheoryEvent], people: People) -> list[Revision]:
    zone = ZoneInfo(focus_area.team.network.time_zone)  # the network's days, signed in or not
    by_day: dict[date, list[TheoryEvent]] = defaultdict(list)
    for event in events:
        if event.diagram == TheoryEvent.Diagram.DRIVERS:
            by_day[event.at.astimezone(zone).date()].append(event)
    revisions = []
    for day, changes in sorted(by_day.items()):
        who = []
        for event in changes:
            name = people.name(event.by) if event.by_id else "PDSA cycles"
            if name not in who:
                who.append(name)
        shown = [people.text(e.summary) for e in changes[:CHANGES_SHOWN_A_DAY]]
        revisions.append(Revision(day, shown, max(len(changes) - CHANGES_SHOWN_A_DAY, 0), who))
    return revisions


def _story_cycle(cycle: Cycle, people: People, *, link: bool) -> StoryCycle:
    abandoned = cycle.stage == Stage.ABANDONED or cycle.decision == Cycle.Decision.ABANDON
    taught = cycle.abandoned_reason or (cycle.decision_reasoning if abandoned else "")
    predictions = []
    for p in cycle.predictions.all():
        label, css = OUTCOME_WORDS.get(p.outcome, OUTCOME_WORDS[""])
        if not p.outcome and cycle.stage == Stage.ABANDONED:
            label, css = NEVER_STUDIED
        predictions.append(
            StoryPrediction(
                people.text(p.statement),
                people.text(p.expectation),
                p.outcome,
                label,
                css,
                people.text(p.actual),
                people.text(p.study_note),
                people.name(p.studied_by),
            )
        )
    return StoryCycle(
        id=cycle.pk,
        title=people.text(cycle.title),
        team=cycle.team.name,
        stage=cycle.stage,
        stage_label=cycle.get_stage_display(),
        starts_on=cycle.starts_on,
        ends_on=cycle.ends_on,
        owner=people.name(cycle.owner),
        collaborators=[people.name(person) for person in cycle.collaborators.all()],
        objective=people.text(cycle.objective),
        what_happened=people.text(cycle.what_happened),
        deviations=people.text(cycle.deviations),
        decision=cycle.decision,
        decision_label=cycle.get_decision_display() if cycle.decision else "",
        decision_reasoning=people.text(cycle.decision_reasoning),
        next_steps=people.text(cycle.next_steps),
        abandoned=abandoned,
        taught=people.text(taught),
        predictions=predictions,
        notes=[
            StoryNote(n.observed_on, people.text(n.text), people.name(n.author))
            for n in cycle.observations.all()
        ],
        url=cycle.get_absolute_url() if link else "",
    )


def _involved(focus_area: FocusArea, cycles: list[Cycle], events: list[TheoryEvent]) -> list:
    users = [focus_area.owner]
    for cycle in cycles:
        users.append(cycle.owner)
        users.extend(cycle.collaborators.all())
        users.extend(p.studied_by for p in cycle.predictions.all())
        users.extend(n.author for n in cycle.observations.all())
    users.extend(event.by for event in events)
    return users


def build_story(
    focus_area: FocusArea, cycles: QuerySet[Cycle], *, hide_names: bool = False, links: bool = True
) -> Story:
    """The story of ``focus_area``, telling the cycles of ``cycles`` that test its change ideas.

    ``links`` says whether the cycles link to their pages (not outside the network, where they open
    nothing). ``focus_area`` comes with its team and owner (``select_related``)."""
    rows = theory_selectors.live_rows(focus_area, theory_selectors.DRIVER_KINDS)
    state = theory_selectors.snapshots(rows)
    ideas = state["change_idea"]
    found = story_cycles(focus_area, cycles, ideas)
    # One query for the driver diagram's history (its root causes' steps and causes with it).
    events = list(
        TheoryEvent.objects.filter(focus_area=focus_area, node_kind__in=theory_selectors.DRIVER_KINDS)
        .select_related("by")
        .order_by("at", "id")
    )
    people = People(focus_area, _involved(focus_area, found, events), hide=hide_names)

    by_idea: dict[int, list[StoryCycle]] = defaultdict(list)
    for cycle in found:
        by_idea[cycle.change_idea_id].append(_story_cycle(cycle, people, link=links))
    counts = {pk: len(items) for pk, items in by_idea.items()}
    # The diagram counts the story's own cycles, so outside the network no other team's are counted.
    diagram = diagrams.build_driver_diagram(people.text(focus_area.aim_sentence), people.deep(state), counts)
    title = people.text(focus_area.title)
    story_ideas = [
        StoryIdea(i.id, i.title, i.description, i.status, i.status_label, True, by_idea.get(i.id, []))
        for i in diagram.ideas
    ]
    # An idea taken off the diagram keeps its cycles in the story: what it taught still counts.
    story_ideas += [
        StoryIdea(i.id, i.title, i.description, i.status, i.status_label, False, by_idea[i.id])
        for i in diagram.archived_ideas
        if by_idea.get(i.id)
    ]
    return Story(
        focus_area=focus_area,
        title=title,
        team=focus_area.team.name,
        problem=people.text(focus_area.problem),
        aim=people.text(focus_area.aim_sentence),
        status_label=focus_area.get_status_display(),
        owner=people.name(focus_area.owner),
        hide_names=hide_names,
        charts=_charts(focus_area, people),
        svg=mark_safe(diagram.svg(title=f"Driver diagram: {title}")),  # built with escaped text
        revisions=_revisions(focus_area, events, people),
        ideas=story_ideas,
    )


def network_story(user, focus_area: FocusArea) -> Story:
    """The story as someone in the network reads it: the cycles they may see, with links to them."""
    return build_story(focus_area, visible_cycles(user))


def shared_story(focus_area: FocusArea, *, hide_names: bool) -> Story:
    """The story a shared link opens: only the focus area's own team's cycles, linking nowhere."""
    return build_story(
        focus_area, Cycle.objects.filter(team_id=focus_area.team_id), hide_names=hide_names, links=False
    )
