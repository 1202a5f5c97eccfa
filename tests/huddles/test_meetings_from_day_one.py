"""A huddle has its meetings from the moment it is set up; the hourly job only tops up; "Start a meeting
now" opens today's meeting when there is one; an action item tells its owner once."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from huddles import services
from huddles.models import ActionItem, Meeting
from huddles.services.meetings import next_meeting
from huddles.tasks import create_upcoming_meetings
from playbook import clock
from playbook.idempotency import FIELD
from playbook.models import Notification, User
from tests.support.clients import api_as

pytestmark = pytest.mark.django_db
SUNDAY = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # London is on UTC in March
MONDAY_EARLY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MONDAY_0830 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def set_up(personas, **extra):
    fields = {"name": "Morning huddle", "starts_at": time(8, 30), "weekdays": [0, 2, 4], **extra}
    return services.create_huddle(team=personas.team_a, by=personas.lead, **fields)


def starts(huddle):
    return list(Meeting.objects.filter(huddle=huddle).values_list("scheduled_start", flat=True))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_new_huddle_has_its_coming_weeks_meetings_at_once(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        assert next_meeting(huddle).scheduled_start == MONDAY_0830
    assert starts(huddle) == [MONDAY_0830, MONDAY_0830 + timedelta(days=2), MONDAY_0830 + timedelta(days=4)]


def test_the_hourly_job_then_adds_no_duplicate(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        assert create_upcoming_meetings() == 0
        assert create_upcoming_meetings() == 0
    assert len(starts(huddle)) == 3


def test_the_hourly_job_tops_up_the_next_day_of_the_week(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
    with clock.frozen_at(SUNDAY + timedelta(days=1, hours=1)):  # Monday 13:00: next Monday comes into view
        assert create_upcoming_meetings() == 1
    assert starts(huddle)[-1] == MONDAY_0830 + timedelta(days=7)


def test_start_a_meeting_now_on_a_scheduled_day_opens_the_scheduled_one(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
    with clock.frozen_at(MONDAY_EARLY):
        opened = services.start_meeting(huddle=huddle, by=personas.member)
        again = services.start_meeting(huddle=huddle, by=personas.lead)
    assert opened.scheduled_start == MONDAY_0830 and not opened.unscheduled
    assert again.pk == opened.pk
    assert len(starts(huddle)) == 3
    assert set(opened.attendees.all()) == {personas.member, personas.lead}


def test_start_a_meeting_now_on_another_day_makes_one_and_then_opens_it(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
    tuesday = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    with clock.frozen_at(tuesday):
        first = services.start_meeting(huddle=huddle, by=personas.member)
    with clock.frozen_at(tuesday + timedelta(hours=1)):
        second = services.start_meeting(huddle=huddle, by=personas.member)
    assert first.unscheduled and second.pk == first.pk


def test_after_todays_meeting_is_closed_start_now_makes_a_new_one(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
    with clock.frozen_at(MONDAY_0830 + timedelta(minutes=20)):
        scheduled = services.start_meeting(huddle=huddle, by=personas.lead)
        services.close_meeting(meeting=scheduled, by=personas.lead)
        extra = services.start_meeting(huddle=huddle, by=personas.lead)
    assert extra.pk != scheduled.pk and extra.unscheduled


def test_the_job_makes_no_second_meeting_on_a_day_started_on_the_spot(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas, weekdays=[])
    with clock.frozen_at(MONDAY_EARLY):
        on_the_spot = services.start_meeting(huddle=huddle, by=personas.lead)
        services.update_huddle(huddle=huddle, by=personas.lead, weekdays=[0, 2])
        create_upcoming_meetings()
    monday = [s for s in starts(huddle) if s.date() == MONDAY_EARLY.date()]
    assert monday == [on_the_spot.scheduled_start]


def test_a_new_time_moves_the_untouched_upcoming_meetings(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        written_in = Meeting.objects.get(huddle=huddle, scheduled_start=MONDAY_0830)
        services.add_entry(meeting=written_in, by=personas.member, text="Early thoughts")
        services.update_huddle(huddle=huddle, by=personas.lead, starts_at=time(9, 15))
        assert create_upcoming_meetings() == 0
    nine_fifteen = datetime(2026, 3, 4, 9, 15, tzinfo=UTC)
    assert starts(huddle) == [MONDAY_0830, nine_fifteen, nine_fifteen + timedelta(days=2)]


def test_a_day_dropped_from_the_schedule_loses_its_untouched_meetings(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        services.update_huddle(huddle=huddle, by=personas.lead, weekdays=[0])
        assert create_upcoming_meetings() == 0
    assert starts(huddle) == [MONDAY_0830]
    assert Meeting.all_objects.filter(huddle=huddle, archived_at__isnull=False).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_job_and_start_now_at_the_same_moment_make_one_meeting_for_the_day(personas):
    # No meeting exists yet for Monday (the huddle had no days when set up); the job and a person
    # pressing "Start a meeting now" race for it. The huddle row lock lets one of them make it.
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas, weekdays=[])
    huddle.weekdays = [0]
    huddle.save(update_fields=["weekdays"])
    barrier = threading.Barrier(2)
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # noqa: BLE001 — reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    lead = User.objects.get(pk=personas.lead.pk)
    with clock.frozen_at(MONDAY_EARLY):
        threads = [
            threading.Thread(target=run, args=(lambda: services.schedule_meetings(),)),
            threading.Thread(target=run, args=(lambda: services.start_meeting(huddle=huddle, by=lead),)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len([s for s in starts(huddle) if s.date() == MONDAY_EARLY.date()]) == 1


def test_an_action_item_tells_its_owner_once_even_when_the_meeting_closes(personas):
    with clock.frozen_at(MONDAY_0830):
        huddle = set_up(personas)
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
        services.add_action_item(
            meeting=meeting, by=personas.lead, text="Ask for cover", owner=personas.member
        )
        services.close_meeting(meeting=meeting, by=personas.lead)
    told = Notification.objects.filter(recipient=personas.member, kind__startswith="huddle-action")
    assert told.count() == 1


def test_make_an_action_turns_a_note_into_an_item_owned_by_its_writer(personas):
    with clock.frozen_at(MONDAY_0830):
        huddle = set_up(personas)
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
        entry = services.add_entry(meeting=meeting, by=personas.member, text="Call the parents about trips")
        item = services.make_action_from_entry(entry=entry, by=personas.lead)
    assert (item.text, item.owner) == ("Call the parents about trips", personas.member)
    assert item.source_entry == entry
    with pytest.raises(ValidationError):
        services.make_action_from_entry(entry=entry, by=personas.lead)


def test_a_double_tap_on_make_an_action_makes_one(personas):
    with clock.frozen_at(MONDAY_0830):
        huddle = set_up(personas)
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
        entry = services.add_entry(meeting=meeting, by=personas.member, text="Order more cones")
    client = client_for(personas.lead)
    for _ in range(2):
        response = client.post(f"/huddles/entries/{entry.pk}/action/", {FIELD: "tap-once-key-1"})
        assert response.status_code == 302
    assert ActionItem.objects.filter(source_entry=entry).count() == 1


def test_a_double_tap_on_raise_as_a_flag_makes_one(personas):
    with clock.frozen_at(MONDAY_0830):
        huddle = set_up(personas)
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
        entry = services.add_entry(meeting=meeting, by=personas.member, text="No supply teachers")
    client = client_for(personas.member)
    answers = [client.post(f"/huddles/entries/{entry.pk}/flag/", {FIELD: "tap-once-key-2"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[1]["Location"] == answers[0]["Location"]
    assert answers[1].get("Idempotent-Replayed") == "true"


def test_the_huddle_page_says_open_todays_meeting_when_there_is_one(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
    with clock.frozen_at(MONDAY_EARLY):
        page = client_for(personas.member).get(f"/huddles/{huddle.pk}/").content.decode()
    assert "Open today's meeting" in page
    assert 'data-testid="start-meeting"' not in page


def test_the_huddle_page_shows_the_next_meeting_on_a_day_without_one(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        page = client_for(personas.member).get(f"/huddles/{huddle.pk}/").content.decode()
    assert "Open today's meeting" not in page
    assert 'data-testid="next-meeting"' in page and "Monday 2 March, 08:30" in page


def test_the_api_makes_an_action_from_a_note_once(personas):
    with clock.frozen_at(MONDAY_0830):
        huddle = set_up(personas)
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
        entry = services.add_entry(meeting=meeting, by=personas.member, text="Book the hall")
    client = api_as(personas.lead)
    made = client.post(f"/api/v1/note-entries/{entry.pk}/action-item/")
    again = client.post(f"/api/v1/note-entries/{entry.pk}/action-item/")
    assert made.status_code == 201 and made.json()["owner"]["username"] == "member"
    assert again.status_code == 400
    assert ActionItem.objects.filter(source_entry=entry).count() == 1


def test_a_day_put_back_on_the_schedule_gets_its_meeting_back(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        services.update_huddle(huddle=huddle, by=personas.lead, weekdays=[0])
        services.update_huddle(huddle=huddle, by=personas.lead, weekdays=[0, 2, 4])
    assert len(starts(huddle)) == 3
    assert Meeting.all_objects.filter(huddle=huddle).count() == 3


def test_a_huddle_set_inactive_and_back_has_its_week_again(personas):
    with clock.frozen_at(SUNDAY):
        huddle = set_up(personas)
        services.update_huddle(huddle=huddle, by=personas.lead, is_active=False)
        assert starts(huddle) == []
        services.update_huddle(huddle=huddle, by=personas.lead, is_active=True)
    assert len(starts(huddle)) == 3
