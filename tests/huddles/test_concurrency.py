"""Many people typing at once lose nothing: real PostgreSQL, real threads, committed transactions."""

import threading
from datetime import time

import pytest
from django.db import connection

from huddles import services
from huddles.models import Meeting, NoteEntry
from huddles.tasks import create_upcoming_meetings
from playbook.models import User, WorkerHeartbeat
from playbook.tasks import heartbeat
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 20


def test_twenty_writers_posting_at_once_lose_no_entry(personas):
    huddle = services.create_huddle(team=personas.team_a, by=personas.lead, name="Busy", starts_at=time(9))
    meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    writers = []
    for _ in range(WRITERS):
        person = UserFactory(network=personas.network)
        MembershipFactory(user=person, team=personas.team_a)
        writers.append(person.pk)
    start = threading.Barrier(WRITERS)
    errors = []

    def write(person_id):
        try:
            person = User.objects.get(pk=person_id)
            fresh = Meeting.objects.select_related("huddle").get(pk=meeting.pk)
            start.wait(timeout=10)
            for n in range(3):
                services.add_entry(meeting=fresh, by=person, text=f"{person_id}:{n}")
        except Exception as error:  # noqa: BLE001 — reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(pk,)) for pk in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    texts = set(NoteEntry.objects.filter(meeting=meeting).values_list("text", flat=True))
    assert texts == {f"{pk}:{n}" for pk in writers for n in range(3)}


def test_a_poller_after_id_n_never_misses_an_entry_committed_late(personas):
    # Entries of one meeting get their ids in commit order (the meeting row lock), so "after the last
    # id I saw" is safe: every id a poller sees next is larger than any it has seen.
    huddle = services.create_huddle(team=personas.team_a, by=personas.lead, name="Poll", starts_at=time(9))
    meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    seen = []
    done = threading.Event()

    def poll():
        last = 0
        while not done.is_set() or NoteEntry.objects.filter(meeting=meeting, pk__gt=last).exists():
            for pk in (
                NoteEntry.objects.filter(meeting=meeting, pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)
            ):
                seen.append(pk)
                last = pk
        connection.close()

    def write():
        person = User.objects.get(pk=personas.member.pk)
        for n in range(15):
            services.add_entry(meeting=meeting, by=person, text=str(n))
        connection.close()

    poller = threading.Thread(target=poll)
    poller.start()
    writers = [threading.Thread(target=write) for _ in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=30)
    done.set()
    poller.join(timeout=30)
    assert sorted(seen) == sorted(NoteEntry.objects.filter(meeting=meeting).values_list("pk", flat=True))


@pytest.mark.worker
def test_the_meeting_job_run_twice_in_a_real_worker_adds_nothing_to_a_new_huddles_week(personas, worker):
    huddle = services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Daily", starts_at=time(8, 30), weekdays=list(range(7))
    )
    made_at_set_up = Meeting.objects.filter(huddle=huddle).count()
    create_upcoming_meetings.delay()
    create_upcoming_meetings.delay()
    heartbeat.delay("after-meetings")  # first in, first out: once this ran, both jobs did
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-meetings").exists())
    starts = list(Meeting.objects.filter(huddle=huddle).values_list("scheduled_start", flat=True))
    assert made_at_set_up == 7  # the coming week's meetings exist before the job ever runs
    assert len(starts) == 7 and len(set(starts)) == 7
