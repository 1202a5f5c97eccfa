"""A network the size of a district (or a state), built by bulk inserts, for benchmarks only.

The demo network (``seed_demo``) is small enough to read; this one is big enough to measure: at
``district`` scale 67 teams, 600 people, 1,200 measures with two years of weekly data, 6,000
cycles, 50,000 andon flags (four in five resolved, with what was learned) and about 94,000 huddle
note entries. Rows go in through ``bulk_create`` in a few large batches, so services, history and
notifications are skipped on purpose: it is data to read, not a story to replay. Every text is
drawn from a small vocabulary with a fixed seed, so two builds are the same and searches find
words that exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from andon.models import Flag, FlagHold
from cycles.models import Cycle, Prediction
from cycles.spread import status_from_cycles
from huddles.models import Huddle, Meeting, NoteEntry
from measures.models import DataPoint, FocusArea, Measure, MeasureTarget
from playbook import clock
from playbook.models import Membership, Network, Team, User
from theory.models import ChangeIdea

PASSWORD = "playbook-scale"


@dataclass(frozen=True)
class Scale:
    clusters: int
    teams_per_cluster: int
    people_per_team: int
    focus_areas_per_team: int
    measures_per_focus_area: int
    weeks: int
    cycles_per_team: int
    flags_per_team: int
    meetings_per_team: int
    entries_per_meeting: int


SCALES = {
    # 1 hub + 6 clusters + 60 teams = 67 teams; 60 × 10 people = 600; 60 × 2 × 10 = 1,200 measures.
    "district": Scale(6, 10, 10, 2, 10, 104, 100, 834, 104, 15),
    "state": Scale(20, 30, 10, 2, 10, 104, 100, 834, 104, 15),
    # For a quick look at the builder itself.
    "small": Scale(2, 3, 5, 1, 3, 20, 5, 20, 5, 3),
}

WORDS = (  # noqa: SIM905 — a sentence reads better than 24 quoted words
    "reading phonics attendance behaviour feedback fluency vocabulary homework transition "
    "punctuality sessions tutoring parents assembly playground lunch mentoring maths writing "
    "spelling register timetable cover coaching"
).split()
CHANGE_IDEAS = (
    "Daily phonics warm-up", "Greeting every pupil at the door", "Attendance call home on day one",
    "Paired reading with older pupils", "Exit tickets every lesson", "Visual timetable on the wall",
    "Weekly praise postcard", "Ten-minute vocabulary starter", "Lunch club for quiet pupils",
)  # fmt: skip


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(name: str = "district", *, seed: int = 2026) -> Network:
    """Build a fresh network of ``SCALES[name]`` and return it (an existing one is replaced)."""
    scale = SCALES[name]
    rng = random.Random(seed)
    slug = f"scale-{name}"
    with transaction.atomic():
        # A new network each build, beside any earlier one (its people's usernames carry its id).
        taken = Network.objects.filter(slug__startswith=slug).count()
        network = Network.objects.create(name=f"Scale network ({name})", slug=f"{slug}-{taken + 1}")
        teams, hub, clusters = _teams(network, scale)
        people, members_of = _people(network, teams, hub, clusters, scale)
        focus_areas, measures = _measures(rng, teams, members_of, scale)
        ideas = _change_ideas(rng, focus_areas, members_of)
        _cycles(rng, teams, focus_areas, ideas, members_of, measures, scale)
        _flags(rng, network, teams, clusters, hub, members_of, scale)
        _huddles(rng, network, teams, members_of, scale)
    return network


def _teams(network, scale):
    hub = Team.objects.create(network=network, name="District office", slug="hub", kind=Team.Kind.HUB)
    clusters = Team.objects.bulk_create(
        Team(
            network=network,
            name=f"Cluster {c + 1}",
            slug=f"cluster-{c + 1}",
            kind=Team.Kind.CLUSTER,
            parent=hub,
        )
        for c in range(scale.clusters)
    )
    teams = Team.objects.bulk_create(
        Team(
            network=network,
            name=f"School {c + 1}.{t + 1}",
            slug=f"school-{c + 1}-{t + 1}",
            kind=Team.Kind.TEAM,
            parent=cluster,
        )
        for c, cluster in enumerate(clusters)
        for t in range(scale.teams_per_cluster)
    )
    return teams, hub, clusters


def _people(network, teams, hub, clusters, scale):
    password = make_password(PASSWORD)
    people = []
    for team in teams:
        for p in range(scale.people_per_team):
            username = f"{team.slug}-{'lead' if p == 0 else f'member{p}'}-{network.pk}"
            people.append(
                User(username=username, network=network, password=password, first_name=username[:30])
            )
    leaders = [
        User(username=f"hub-leader-{network.pk}", network=network, password=password, first_name="Hub")
    ]
    leaders += [
        User(
            username=f"{c.slug}-leader-{network.pk}", network=network, password=password, first_name="Cluster"
        )
        for c in clusters
    ]
    User.objects.bulk_create(people + leaders)
    memberships, members_of = [], {}
    for i, team in enumerate(teams):
        staff = people[i * scale.people_per_team : (i + 1) * scale.people_per_team]
        members_of[team.pk] = staff
        memberships += [
            Membership(user=u, team=team, role=Membership.Role.LEAD if n == 0 else Membership.Role.MEMBER)
            for n, u in enumerate(staff)
        ]
    memberships.append(Membership(user=leaders[0], team=hub, role=Membership.Role.LEADER))
    memberships += [
        Membership(user=u, team=c, role=Membership.Role.LEADER)
        for u, c in zip(leaders[1:], clusters, strict=True)
    ]
    Membership.objects.bulk_create(memberships)
    return people + leaders, members_of


def _measures(rng, teams, members_of, scale):
    today = clock.now().date()
    focus_areas = FocusArea.objects.bulk_create(
        FocusArea(
            team=team,
            title=f"{rng.choice(WORDS).capitalize()} in {team.name} ({f + 1})",
            problem=_text(rng, 12),
            aim_what=f"Raise {rng.choice(WORDS)}",
            aim_how_much="from 60% to 80%",
            aim_by_when=today + timedelta(days=200),
            owner=members_of[team.pk][0],
            status=FocusArea.Status.ACTIVE,
        )
        for team in teams
        for f in range(scale.focus_areas_per_team)
    )
    kinds = [Measure.Kind.OUTCOME, Measure.Kind.PROCESS, Measure.Kind.BALANCING]
    measures = Measure.objects.bulk_create(
        Measure(
            focus_area=fa,
            name=f"Measure {m + 1}: {rng.choice(WORDS)}",
            kind=kinds[m % 3],
            definition=_text(rng, 10),
            data_kind=Measure.DataKind.PROPORTION if m % 2 else Measure.DataKind.CONTINUOUS,
            unit="%" if m % 2 else "minutes",
            data_version=1,
        )
        for fa in focus_areas
        for m in range(scale.measures_per_focus_area)
    )
    monday = today - timedelta(days=today.weekday() + 7)
    weeks = [monday - timedelta(weeks=w) for w in range(scale.weeks)][::-1]
    points, targets = [], []
    for measure in measures:
        entered_by = members_of[measure.focus_area.team_id][0]
        level = rng.uniform(40, 70)
        shift = rng.choice((0, 0, 8, -8))
        for w, week in enumerate(weeks):
            mean = level + (shift if w > scale.weeks * 3 // 4 else 0)
            if measure.data_kind == Measure.DataKind.PROPORTION:
                denominator = rng.randint(80, 120)
                numerator = min(denominator, max(0, round(denominator * rng.gauss(mean, 6) / 100)))
                points.append(
                    DataPoint(
                        measure=measure,
                        period=week,
                        numerator=numerator,
                        denominator=denominator,
                        entered_by=entered_by,
                    )
                )
            else:
                points.append(
                    DataPoint(
                        measure=measure,
                        period=week,
                        value=round(rng.gauss(mean, 5), 1),
                        entered_by=entered_by,
                    )
                )
        if measure.kind == Measure.Kind.OUTCOME:
            targets.append(MeasureTarget(measure=measure, value=75, starts_on=weeks[0]))
    DataPoint.objects.bulk_create(points, batch_size=5000)
    MeasureTarget.objects.bulk_create(targets)
    return focus_areas, measures


def _change_ideas(rng, focus_areas, members_of):
    return ChangeIdea.objects.bulk_create(
        ChangeIdea(
            focus_area=fa, title=title, description=_text(rng, 10), created_by=members_of[fa.team_id][0]
        )
        for fa in focus_areas
        for title in rng.sample(CHANGE_IDEAS, 3)
    )


def _cycles(rng, teams, focus_areas, ideas, members_of, measures, scale):
    now = clock.now()
    areas_of = {}
    for fa in focus_areas:
        areas_of.setdefault(fa.team_id, []).append(fa)
    ideas_of = {}
    for idea in ideas:
        ideas_of.setdefault(idea.focus_area_id, []).append(idea)
    stages = [Cycle.Stage.PLANNING, Cycle.Stage.DOING, Cycle.Stage.STUDYING, Cycle.Stage.ACTING] + [
        Cycle.Stage.COMPLETE
    ] * 6
    in_cluster = {}
    for team in teams:
        in_cluster.setdefault(team.parent_id, []).append(team)
    cycles = []
    for team in teams:
        neighbours = [t for t in in_cluster[team.parent_id] if t.pk != team.pk]
        for n in range(scale.cycles_per_team):
            fa = rng.choice(areas_of[team.pk])
            idea = rng.choice(ideas_of[fa.pk])
            if neighbours and rng.random() < 0.2:
                # One cycle in five tests a neighbouring school's idea, as ideas spread in a cluster.
                fa = None
                idea = rng.choice(ideas_of[rng.choice(areas_of[rng.choice(neighbours).pk]).pk])
            stage = rng.choice(stages)
            started = now.date() - timedelta(days=rng.randint(0, 700))
            decided = stage in (Cycle.Stage.ACTING, Cycle.Stage.COMPLETE)
            cycles.append(
                Cycle(
                    team=team,
                    focus_area=fa,
                    change_idea=idea,
                    title=f"Cycle {n + 1}: {rng.choice(WORDS)} test",
                    owner=rng.choice(members_of[team.pk]),
                    stage=stage,
                    stage_changed_at=now - timedelta(days=rng.randint(0, 30)),
                    objective=_text(rng, 10),
                    starts_on=started,
                    ends_on=started + timedelta(days=14),
                    predictions_frozen_at=None if stage == Cycle.Stage.PLANNING else now - timedelta(days=20),
                    what_happened=_text(rng, 20) if decided else "",
                    decision=rng.choice(("adopt", "adapt", "abandon")) if decided else "",
                    decision_reasoning=_text(rng, 15) if decided else "",
                    decided_at=now - timedelta(days=rng.randint(0, 300)) if decided else None,
                    created_by=members_of[team.pk][0],
                )
            )
    Cycle.objects.bulk_create(cycles, batch_size=2000)
    Prediction.objects.bulk_create(
        (
            Prediction(
                cycle=c, statement=_text(rng, 8), outcome=rng.choice(("met", "not_met")) if c.decision else ""
            )
            for c in cycles
        ),
        batch_size=2000,
    )
    _idea_statuses(ideas)


def _idea_statuses(ideas):
    """Each idea's testing status from its cycles, as the services that move cycles keep it."""
    for idea in ideas:
        idea.status = status_from_cycles(idea)
    ChangeIdea.objects.bulk_update(ideas, ["status"], batch_size=2000)


def _flags(rng, network, teams, clusters, hub, members_of, scale):
    now = clock.now()
    cluster_of = {t.pk: t.parent_id for t in teams}
    flags, holds = [], []
    for team in teams:
        for n in range(scale.flags_per_team):
            raised = now - timedelta(hours=rng.randint(1, 24 * 700))
            resolved = rng.random() < 0.8
            tier = rng.choices((0, 1, 2), weights=(80, 15, 5))[0]
            holder_id = (team.pk, cluster_of[team.pk], hub.pk)[tier]
            flags.append(
                Flag(
                    network=network,
                    team=team,
                    holding_team_id=holder_id,
                    title=f"{rng.choice(WORDS).capitalize()} problem {n + 1}",
                    description=_text(rng, 15),
                    severity=rng.choice(Flag.Severity.values),
                    status=Flag.Status.RESOLVED if resolved else Flag.Status.OPEN,
                    raised_by=rng.choice(members_of[team.pk]),
                    raised_at=raised,
                    hold=tier + 1,
                    held_since=raised,
                    acknowledge_by=raised + timedelta(days=1),
                    resolve_by=raised + timedelta(days=5),
                    next_escalation_at=None if resolved or tier == 2 else raised + timedelta(days=1),
                    overdue_since=None if resolved else raised + timedelta(days=1),
                    resolved_at=raised + timedelta(days=2) if resolved else None,
                    resolved_by=members_of[team.pk][0] if resolved else None,
                    resolution=_text(rng, 10) if resolved else "",
                    learning=_text(rng, 15) if resolved else "",
                )
            )
    Flag.objects.bulk_create(flags, batch_size=5000)
    for flag in flags:
        path = (flag.team_id, cluster_of[flag.team_id], hub.pk)[: flag.hold]
        for seq, team_id in enumerate(path, start=1):
            last = seq == len(path)
            holds.append(
                FlagHold(
                    flag=flag,
                    seq=seq,
                    team_id=team_id,
                    tier=(Team.Kind.TEAM, Team.Kind.CLUSTER, Team.Kind.HUB)[seq - 1],
                    arrived_by=FlagHold.Arrival.RAISED if seq == 1 else FlagHold.Arrival.ESCALATED,
                    started_at=flag.raised_at + timedelta(days=seq - 1),
                    ended_at=flag.resolved_at if last else flag.raised_at + timedelta(days=seq),
                    outcome=(FlagHold.Outcome.RESOLVED if flag.resolved_at else FlagHold.Outcome.HELD)
                    if last
                    else FlagHold.Outcome.ESCALATED,
                )
            )
    FlagHold.objects.bulk_create(holds, batch_size=5000)


def _huddles(rng, network, teams, members_of, scale):
    zone = ZoneInfo(network.time_zone)
    today = clock.now().date()
    huddles = Huddle.objects.bulk_create(
        Huddle(
            network=network,
            team=team,
            name=f"{team.name} huddle",
            weekdays=[0],
            starts_at=time(8, 15),
            created_by=members_of[team.pk][0],
        )
        for team in teams
    )
    Huddle.teams.through.objects.bulk_create(
        Huddle.teams.through(huddle_id=h.pk, team_id=h.team_id) for h in huddles
    )
    monday = today - timedelta(days=today.weekday() + 7)
    meetings = []
    for huddle in huddles:
        for w in range(scale.meetings_per_team):
            start = datetime.combine(monday - timedelta(weeks=w), time(8, 15), tzinfo=zone)
            meetings.append(
                Meeting(
                    huddle=huddle,
                    scheduled_start=start,
                    status=Meeting.Status.CLOSED,
                    closed_at=start + timedelta(minutes=15),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=5000)
    entries = []
    for meeting in meetings:
        staff = members_of[meeting.huddle.team_id]
        for e in range(scale.entries_per_meeting):
            at = meeting.scheduled_start + timedelta(minutes=e % 15)
            entries.append(
                NoteEntry(
                    meeting=meeting,
                    huddle=meeting.huddle,
                    author=rng.choice(staff),
                    kind=NoteEntry.Kind.DECISION if e == 0 else NoteEntry.Kind.NOTE,
                    text=_text(rng, 12),
                    created_at=at,
                    updated_at=at,
                )
            )
    NoteEntry.objects.bulk_create(entries, batch_size=5000)
