"""Build the demo network, alive as of today: a hub, two clusters, six school teams and about thirty
people; two focus areas with weekly data up to last week; cycles in every stage; a daily huddle with
its history; andon flags at every tier.

Safe to run again: every row is found or created by a natural key, so a second run the same day
changes nothing, and a run weeks later only adds what has happened since (the weeks of data, the
meetings held) and keeps aims and open cycles ahead of today. See ``demo/``.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.agenda import seed_agenda
from demo.andon import seed_flags
from demo.cycles import seed_cycles
from demo.groups import seed_pupil_groups
from demo.huddles import seed_huddle
from demo.people import DEMO_PASSWORD, PEOPLE, seed_network
from demo.series import READING, SESSIONS, seed_focus_areas
from demo.shared import seed_shared_measures
from demo.theory import seed_diagrams
from demo.timeline import Timeline
from measures.models import Measure
from measures.rebuild import rebuild_measure
from playbook import clock
from playbook.models import Notification


class Command(BaseCommand):
    help = "Create or complete the demo network (idempotent). Every demo login uses the same password."

    @transaction.atomic
    def handle(self, *args, **options):
        network, teams, people, created = seed_network()
        before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        timeline = Timeline.starting(network.time_zone, change=_anchor(teams))
        measures = seed_focus_areas(timeline, teams, people)
        measures += seed_shared_measures(timeline, teams, people)
        seed_pupil_groups(timeline, network, people)
        seed_diagrams(teams, people)
        seed_cycles(timeline, teams, people)
        seed_huddle(timeline, teams, people)
        seed_flags(timeline, teams, people)
        seed_agenda(timeline, teams, people)
        # The demo's history is replayed, not lived: nobody is emailed about it (the in-app
        # notifications stay, so the header shows a living network).
        Notification.objects.filter(pk__gt=before, emailed_at__isnull=True).update(
            email_wanted=False, emailed_at=clock.now()
        )
        # Built here rather than by the worker, so the first page a visitor opens has its charts.
        transaction.on_commit(lambda: [rebuild_measure(m.pk) for m in measures])

        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"Demo network “{network.name}”: {len(teams)} teams, {len(PEOPLE)} people "
            f"({created} new), data to the week of {timeline.last_week:%-d %B %Y}. "
            f"Password for every demo login: {DEMO_PASSWORD}"
        )


def _anchor(teams) -> date | None:
    """The week the demo's story turned, if an earlier run left one (see demo/timeline.py)."""
    sessions = Measure.objects.filter(
        focus_area__team=teams[READING[0]], focus_area__title=READING[1], name=SESSIONS
    ).first()
    if sessions is None or not sessions.phase_dates:
        return None
    return date.fromisoformat(sessions.phase_dates[0])
