"""Build the demo network: a hub, two clusters, six school teams and about thirty people.

Safe to run again: every row is found or created by a natural key, so a second run changes
nothing and a partly seeded database is completed.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from measures.models import DataPoint, FocusArea, Measure, MeasureTarget
from measures.rebuild import rebuild_measure
from playbook.models import Membership, Network, Team, User

DEMO_PASSWORD = "playbook-demo"

NETWORK = {"slug": "riverbend", "name": "Riverbend Learning Network", "time_zone": "Europe/London"}

# slug: (name, kind, parent slug, description)
TEAMS = {
    "hub": ("Riverbend Hub", "hub", None, "System leadership for the network's schools."),
    "north": ("North Cluster", "cluster", "hub", "Oakfield Primary and Hillcrest Secondary."),
    "south": ("South Cluster", "cluster", "hub", "Marsh Lane Primary and Riverside Academy."),
    "oakfield-reading": (
        "Oakfield Primary — Early Reading",
        "team",
        "north",
        "Phonics and early reading, Years R–2.",
    ),
    "oakfield-maths": ("Oakfield Primary — Maths", "team", "north", "Number fluency in Years 3–6."),
    "hillcrest-y9": ("Hillcrest Secondary — Year 9", "team", "north", "Year 9 engagement and transition."),
    "marsh-attendance": (
        "Marsh Lane Primary — Attendance",
        "team",
        "south",
        "Persistent absence and punctuality.",
    ),
    "riverside-science": (
        "Riverside Academy — Science",
        "team",
        "south",
        "Practical science and writing up.",
    ),
    "riverside-pastoral": (
        "Riverside Academy — Pastoral",
        "team",
        "south",
        "Behaviour, wellbeing and belonging.",
    ),
}

# username: (first, last, [(team slug, role), ...], network admin)
PEOPLE = {
    "admin": ("Alex", "Morgan", [], True),
    "hub.leader": ("Priya", "Shah", [("hub", "leader")], False),
    "dana": ("Dana", "Okafor", [("hub", "leader")], False),
    "north.leader": ("Tom", "Becker", [("north", "leader")], False),
    "south.leader": ("Grace", "Liu", [("south", "leader")], False),
    "rosa": ("Rosa", "Martínez", [("south", "member")], False),
    "maya.lead": ("Maya", "Patel", [("oakfield-reading", "lead")], False),
    "ella": ("Ella", "Hughes", [("oakfield-reading", "member"), ("oakfield-maths", "member")], False),
    "omar": ("Omar", "Haddad", [("oakfield-reading", "member")], False),
    "sophie": ("Sophie", "Clarke", [("oakfield-reading", "member")], False),
    "ben.lead": ("Ben", "Adeyemi", [("oakfield-maths", "lead")], False),
    "hannah": ("Hannah", "Wright", [("oakfield-maths", "member")], False),
    "luca": ("Luca", "Romano", [("oakfield-maths", "member")], False),
    "nina.lead": ("Nina", "Kowalski", [("hillcrest-y9", "lead")], False),
    "james": ("James", "O'Connor", [("hillcrest-y9", "member")], False),
    "aisha": ("Aisha", "Rahman", [("hillcrest-y9", "member")], False),
    "tariq": ("Tariq", "Ali", [("hillcrest-y9", "member")], False),
    "freya": ("Freya", "Lindqvist", [("hillcrest-y9", "member")], False),
    "sam.lead": ("Sam", "Taylor", [("marsh-attendance", "lead")], False),
    "chloe": ("Chloe", "Evans", [("marsh-attendance", "member")], False),
    "daniel": ("Daniel", "Mensah", [("marsh-attendance", "member")], False),
    "zoe": ("Zoe", "Fischer", [("marsh-attendance", "member"), ("riverside-pastoral", "member")], False),
    "kofi.lead": ("Kofi", "Boateng", [("riverside-science", "lead")], False),
    "lily": ("Lily", "Nguyen", [("riverside-science", "member")], False),
    "mateo": ("Mateo", "García", [("riverside-science", "member")], False),
    "isla": ("Isla", "Campbell", [("riverside-science", "member")], False),
    "ruth.lead": ("Ruth", "Goldberg", [("riverside-pastoral", "lead")], False),
    "yusuf": ("Yusuf", "Demir", [("riverside-pastoral", "member")], False),
    "megan": ("Megan", "Jones", [("riverside-pastoral", "member")], False),
    "arjun": ("Arjun", "Mehta", [("riverside-pastoral", "member"), ("riverside-science", "lead")], False),
    "leah": ("Leah", "Cohen", [("oakfield-maths", "member")], False),
}


class Command(BaseCommand):
    help = "Create or complete the demo network (idempotent). Every demo login uses the same password."

    @transaction.atomic
    def handle(self, *args, **options):
        # Bootstrap data written straight to the models on purpose: the services would notify and
        # email thirty people about memberships nobody asked for.
        network, _ = Network.objects.update_or_create(slug=NETWORK["slug"], defaults=NETWORK)
        teams: dict[str, Team] = {}
        for slug, (name, kind, parent_slug, description) in TEAMS.items():
            teams[slug], _ = Team.objects.update_or_create(
                network=network,
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "parent": teams[parent_slug] if parent_slug else None,
                    "description": description,
                },
            )

        hashed = make_password(DEMO_PASSWORD)  # hashed once: thirty hashes would take seconds
        created = 0
        for username, (first, last, roles, is_admin) in PEOPLE.items():
            person, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username.replace('.', '_')}@riverbend.example",
                    "network": network,
                    "is_network_admin": is_admin,
                    # The demo admin may also open Django's admin pages.
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "password": hashed,
                },
            )
            created += was_created
            for slug, role in roles:
                Membership.objects.update_or_create(user=person, team=teams[slug], defaults={"role": role})

        people = {u.username: u for u in User.objects.filter(username__in=PEOPLE)}
        measures = seed_focus_areas(teams, people)
        seed_practice(teams, people)
        # Built here rather than by the worker, so the first page a visitor opens has its charts.
        transaction.on_commit(lambda: [rebuild_measure(m.pk) for m in measures])

        self.stdout.write(
            f"Demo network “{network.name}”: {len(teams)} teams, {len(PEOPLE)} people "
            f"({created} new). Password for every demo login: {DEMO_PASSWORD}"
        )


FIRST_WEEK = date(2026, 1, 5)  # a Monday: weekly data starts the spring term


def weekly_series(seed: int, weeks: int, make):
    """Deterministic demo data: the same numbers every run, so seeding twice changes nothing."""
    rng = random.Random(seed)
    return [(FIRST_WEEK + timedelta(weeks=w), make(w, rng)) for w in range(weeks)]


# (team slug, owner, title, problem, aim what, how much, by when, status, measures)
# measure: (name, kind, data kind, direction, unit, definition, target, series)
FOCUS_AREAS = [
    (
        "oakfield-reading",
        "maya.lead",
        "Early reading fluency",
        "Only 45% of Year 2 pupils read 90 words a minute on the autumn probe; "
        "disadvantaged pupils trail by 20 points.",
        "Raise the share of Year 2 pupils reading 90+ words a minute",
        "from 45% to 75%",
        date(2026, 7, 17),
        "active",
        [
            (
                "Year 2 pupils reading 90+ wpm",
                "outcome",
                "proportion",
                "up",
                "share of pupils",
                "Pupils reading 90+ correct words a minute on the weekly one-minute probe, of those probed.",
                0.75,
                # Daily paired reading starts in week 12: the share climbs from about 45% to about 62%.
                weekly_series(1, 24, lambda w, r: (r.randint(11, 16) if w < 12 else r.randint(17, 21), 30)),
            ),
            (
                "Paired reading sessions held",
                "process",
                "count",
                "up",
                "sessions",
                "Ten-minute paired reading sessions logged in the class register, per week.",
                40,
                weekly_series(2, 24, lambda w, r: r.randint(4, 9) if w < 12 else r.randint(34, 42)),
            ),
            (
                "Minutes of maths lost to catch-up",
                "balancing",
                "continuous",
                "down",
                "minutes",
                "Minutes of timetabled maths that Year 2 pupils missed for reading catch-up, per week.",
                None,
                weekly_series(
                    3, 24, lambda w, r: round(r.uniform(20, 40) if w < 12 else r.uniform(25, 45), 1)
                ),
            ),
        ],
    ),
    (
        "marsh-attendance",
        "sam.lead",
        "Persistent absence",
        "One pupil in five missed 10% or more of sessions last year, most of them on Mondays and Fridays.",
        "Cut persistent absence",
        "from 20% to 12% of pupils",
        date(2026, 12, 18),
        "exploring",
        [
            (
                "Attendance rate",
                "outcome",
                "continuous",
                "up",
                "%",
                "Sessions attended as a percentage of possible sessions, whole school, per week.",
                96.0,
                weekly_series(4, 20, lambda w, r: round(r.gauss(93.8, 0.7), 1)),
            ),
        ],
    ),
]


def seed_focus_areas(teams: dict, people: dict) -> list[Measure]:
    measures = []
    for slug, owner, title, problem, what, how_much, by_when, status, measure_specs in FOCUS_AREAS:
        focus_area, _ = FocusArea.objects.get_or_create(
            team=teams[slug],
            title=title,
            defaults={
                "problem": problem,
                "aim_what": what,
                "aim_how_much": how_much,
                "aim_by_when": by_when,
                "owner": people[owner],
                "status": status,
                "created_by": people[owner],
            },
        )
        for name, kind, data_kind, direction, unit, definition, target, series in measure_specs:
            measure, _ = Measure.objects.get_or_create(
                focus_area=focus_area,
                name=name,
                defaults={
                    "kind": kind,
                    "data_kind": data_kind,
                    "direction": direction,
                    "unit": unit,
                    "definition": definition,
                    "frequency": "weekly",
                    # The sessions changed on purpose in week 12: a new phase, with its own limits.
                    "phase_dates": ["2026-03-30"] if kind == "process" else [],
                },
            )
            if target is not None:
                MeasureTarget.objects.get_or_create(
                    measure=measure, starts_on=FIRST_WEEK, defaults={"value": target}
                )
            fraction = data_kind == "proportion"
            DataPoint.objects.bulk_create(
                [
                    DataPoint(
                        measure=measure,
                        period=period,
                        entered_by=people[owner],
                        updated_by=people[owner],
                        **({"numerator": v[0], "denominator": v[1]} if fraction else {"value": v}),
                    )
                    for period, v in series
                ],
                ignore_conflicts=True,
            )
            measures.append(measure)
    return measures


def seed_practice(teams: dict, people: dict) -> None:
    """A driver diagram, two PDSA cycles and three andon flags, written through the apps' own
    services so the demo obeys every rule the product enforces. Each part is made once."""
    from andon.models import Flag
    from andon.services.flags import acknowledge_flag, raise_flag
    from cycles.models import Cycle
    from cycles.services import (
        PredictionInput,
        begin_act,
        begin_study,
        complete_cycle,
        create_cycle,
        start_cycle,
        study_prediction,
        update_cycle,
    )
    from theory.models import Driver
    from theory.services.drivers import add_driver, create_change_idea, link_change_idea, link_drivers

    maya = people["maya.lead"]
    reading = FocusArea.objects.get(team=teams["oakfield-reading"], title="Early reading fluency")
    if not Driver.objects.filter(focus_area=reading).exists():
        practice = add_driver(focus_area=reading, by=maya, kind="primary", text="Daily reading practice")
        fluency = add_driver(focus_area=reading, by=maya, kind="primary", text="Phonics secure by Year 1")
        pairs = add_driver(
            focus_area=reading, by=maya, kind="secondary", text="Every pupil reads aloud daily"
        )
        checks = add_driver(focus_area=reading, by=maya, kind="secondary", text="Weekly fluency checks")
        link_drivers(primary=practice, secondary=pairs, by=maya)
        link_drivers(primary=fluency, secondary=checks, by=maya)
        link_drivers(primary=practice, secondary=checks, by=maya)
        paired = create_change_idea(focus_area=reading, by=maya, title="Paired reading, 10 minutes a day")
        probe = create_change_idea(focus_area=reading, by=maya, title="One-minute probe every Friday")
        link_change_idea(change_idea=paired, driver=pairs, by=maya)
        link_change_idea(change_idea=probe, driver=checks, by=maya)

    if not Cycle.objects.filter(team=teams["oakfield-reading"]).exists():
        idea = reading.change_ideas.get(title="Paired reading, 10 minutes a day")
        outcome = reading.measures.get(kind="outcome")
        first = create_cycle(
            team=teams["oakfield-reading"],
            by=maya,
            title="Paired reading in 2B for two weeks",
            focus_area=reading,
            change_idea=idea,
            objective="See whether daily paired reading fits the timetable.",
            questions="Can every pair read for 10 minutes? Do fluency scores move?",
            who="Maya and the 2B TA",
            where="Class 2B",
            starts_on=date(2026, 3, 30),
            ends_on=date(2026, 4, 10),
            scale_count=28,
            scale_unit="pupils",
            data_plan="Register of sessions; Friday one-minute probe.",
            predictions=[
                PredictionInput("At least 9 of 10 days will have a session for every pair."),
                PredictionInput(
                    "The share reading 90+ wpm will rise.", measure=outcome, expected_direction="up"
                ),
            ],
        )
        start_cycle(cycle=first, by=maya)
        update_cycle(
            cycle=first, by=maya, what_happened="Sessions ran on 8 of 10 days; two were lost to a trip."
        )
        begin_study(cycle=first, by=maya)
        met, rose = first.predictions.order_by("position")
        study_prediction(prediction=met, by=maya, actual="8 of 10 days", outcome="partly_met")
        study_prediction(prediction=rose, by=maya, actual="From 47% to 63% over the fortnight", outcome="met")
        begin_act(cycle=first, by=maya)
        update_cycle(
            cycle=first,
            by=maya,
            decision="adopt_scale",
            decision_reasoning="Fluency rose; timing needs a fixed slot.",
            next_steps="Run it in all three Year 2 classes, straight after lunch.",
        )
        complete_cycle(cycle=first, by=maya)
        create_cycle(
            team=teams["oakfield-reading"],
            by=maya,
            title="Paired reading across Year 2",
            focus_area=reading,
            change_idea=idea,
            ramp_from=first,
            objective="Test paired reading at larger scale.",
            starts_on=date(2026, 4, 20),
            ends_on=date(2026, 5, 15),
            scale_count=84,
            scale_unit="pupils",
            predictions=[PredictionInput("All three classes hold 9 of 10 sessions.")],
        )

    network = teams["hub"].network
    if not Flag.objects.filter(team__network=network).exists():
        raise_flag(
            team=teams["oakfield-reading"],
            by=people["ella"],
            title="Not enough decodable books for Year 1",
            description="Half of the phonics groups share one set; pupils take home books they cannot read.",
            category=Flag.Category.RESOURCES,
            severity=Flag.Severity.HIGH,
            focus_area=reading,
        )
        cover = raise_flag(
            team=teams["marsh-attendance"],
            by=people["chloe"],
            title="Attendance calls dropped during cover",
            description="First-day calls were not made on three days this week while the office was short.",
            category=Flag.Category.PROCESS,
            severity=Flag.Severity.MEDIUM,
        )
        acknowledge_flag(flag=cover, by=people["sam.lead"])
        raise_flag(
            team=teams["hillcrest-y9"],
            by=people["james"],
            title="Staff wellbeing after the inspection",
            description="Several colleagues said the last fortnight left them exhausted.",
            category=Flag.Category.WELLBEING,
            severity=Flag.Severity.LOW,
        )
