"""Meetings, running notes, action items, pulse and escalation, through the services."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from andon.models import Flag
from andon.services.escalation import escalate_flag, send_flag_down
from huddles import selectors, services
from huddles.models import ActionItem, Huddle, Meeting, NoteEntry
from huddles.permissions import visible_huddles
from huddles.tasks import create_upcoming_meetings, remind_overdue_actions
from playbook import clock
from playbook.models import Notification
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def test_the_meeting_job_run_twice_makes_one_meeting_per_occurrence(huddle):
    with clock.frozen_at(MONDAY):
        first = create_upcoming_meetings()
        second = create_upcoming_meetings()
    assert (first, second) == (3, 0)  # Mon, Wed, Fri of the coming week
    march = Meeting.objects.filter(huddle=huddle, scheduled_start__lt=MONDAY + timedelta(days=7))
    starts = list(march.values_list("scheduled_start", flat=True))
    assert starts == [
        datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
        datetime(2026, 3, 4, 8, 30, tzinfo=UTC),
        datetime(2026, 3, 6, 8, 30, tzinfo=UTC),
    ]


def test_the_database_refuses_a_second_meeting_for_one_occurrence(huddle):
    from django.db import IntegrityError, transaction

    Meeting.objects.create(huddle=huddle, scheduled_start=MONDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(huddle=huddle, scheduled_start=MONDAY)


def test_meetings_follow_the_network_time_zone(huddle, personas):
    personas.network.time_zone = "America/New_York"
    personas.network.save()
    with clock.frozen_at(MONDAY):
        services.schedule_meetings()
    assert Meeting.objects.filter(huddle=huddle).first().scheduled_start == datetime(
        2026, 3, 2, 13, 30, tzinfo=UTC
    )


def test_rotating_roles_pass_to_the_next_member_each_meeting(huddle, personas):
    huddle.rotate_roles = True
    huddle.save()
    with clock.frozen_at(MONDAY):
        services.schedule_meetings()
    first, second = Meeting.objects.filter(huddle=huddle)[:2]
    assert first.facilitator_id != second.facilitator_id
    assert second.facilitator_id == first.note_taker_id


def test_a_member_cannot_set_up_a_huddle(personas):
    with pytest.raises(PermissionDenied):
        services.create_huddle(team=personas.team_a, by=personas.member, name="x", starts_at=time(9))


def test_a_new_huddle_asks_the_three_standard_questions(huddle):
    assert huddle.questions == [
        "What did we learn since last time?",
        "What challenges are top of mind?",
        "What will we do differently next?",
    ]


def test_editing_an_entry_someone_changed_first_is_refused_and_says_who(meeting, personas):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Reading groups worked")
    services.edit_entry(entry=entry, by=personas.lead, text="Reading groups worked well", version=1)
    with pytest.raises(services.VersionConflict) as refused:
        services.edit_entry(entry=entry, by=personas.member, text="Reading groups: mixed", version=1)
    assert personas.lead.display_name in refused.value.message
    entry.refresh_from_db()
    assert (entry.text, entry.version) == ("Reading groups worked well", 2)


def test_a_closed_meeting_takes_only_amendments(meeting, personas):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Before the close")
    services.close_meeting(meeting=meeting, by=personas.member)
    with pytest.raises(services.MeetingClosed):
        services.add_entry(meeting=meeting, by=personas.member, text="Too late")
    with pytest.raises(services.MeetingClosed):
        services.edit_entry(entry=entry, by=personas.member, text="Rewritten", version=1)
    amendment = services.edit_entry(
        entry=entry, by=personas.member, text="Rewritten", version=1, amendment=True
    )
    entry.refresh_from_db()
    assert entry.text == "Before the close"
    assert (amendment.is_amendment, amendment.amends_id) == (True, entry.pk)


def test_open_action_items_carry_forward_until_done(huddle, meeting, personas):
    item = services.add_action_item(
        meeting=meeting, by=personas.lead, text="Order books", owner=personas.member
    )
    with clock.frozen_at(MONDAY + timedelta(days=2)):
        later = services.start_meeting(huddle=huddle, by=personas.lead)
    assert list(selectors.carried_forward(later)) == [item]
    services.update_action_item(item=item, by=personas.member, status=ActionItem.Status.DONE)
    assert list(selectors.carried_forward(later)) == []


def test_an_action_item_needs_an_owner_from_the_huddle(meeting, personas):
    with pytest.raises(ValidationError):
        services.add_action_item(meeting=meeting, by=personas.lead, text="x", owner=personas.sibling_member)


def test_an_overdue_action_item_gets_one_reminder_however_often_the_job_runs(meeting, personas):
    services.add_action_item(
        meeting=meeting, by=personas.lead, text="Call parents", owner=personas.member, due_on=date(2026, 3, 3)
    )
    with clock.frozen_at(datetime(2026, 3, 5, 9, 0, tzinfo=UTC)):
        assert remind_overdue_actions() == 1
        assert remind_overdue_actions() == 0
    assert Notification.objects.filter(recipient=personas.member, kind="huddle-action-overdue").count() == 1


def test_an_action_item_not_yet_due_gets_no_reminder(meeting, personas):
    services.add_action_item(
        meeting=meeting, by=personas.lead, text="Later", owner=personas.member, due_on=date(2026, 3, 9)
    )
    with clock.frozen_at(datetime(2026, 3, 5, 9, 0, tzinfo=UTC)):
        assert remind_overdue_actions() == 0


def test_a_note_becomes_a_flag_linked_to_the_meeting(meeting, personas):
    entry = services.add_entry(
        meeting=meeting, by=personas.member, text="No cover on Fridays\nthree weeks now"
    )
    flag = services.escalate_entry(entry=entry, by=personas.member)
    assert (flag.title, flag.meeting_link.meeting, flag.team) == (
        "No cover on Fridays",
        meeting,
        personas.team_a,
    )
    assert NoteEntry.objects.get(pk=entry.pk).flag == flag
    with pytest.raises(ValidationError):
        services.escalate_entry(entry=entry, by=personas.member)


def test_a_flag_sent_back_down_appears_on_the_next_meeting(huddle, meeting, personas):
    item = services.add_action_item(
        meeting=meeting, by=personas.lead, text="Need a minibus", owner=personas.member
    )
    flag = services.escalate_action_item(item=item, by=personas.member)

    escalate_flag(flag=flag, by=personas.lead, reason="Beyond our budget")
    with clock.frozen_at(MONDAY + timedelta(days=2)):
        later = services.start_meeting(huddle=huddle, by=personas.lead)
        send_flag_down(
            flag=Flag.objects.get(pk=flag.pk), by=personas.leader, reply="Use the cluster's minibus"
        )
    assert [r.reply for r in selectors.flag_replies(later)] == ["Use the cluster's minibus"]


def test_the_team_sees_the_pulse_only_as_an_average_of_three_or_more(meeting, personas):
    services.record_pulse(meeting=meeting, by=personas.member, score=2, word="tired")
    services.record_pulse(meeting=meeting, by=personas.lead, score=4)
    assert [p.average for p in selectors.pulse_series(meeting.huddle)] == [None]
    third = UserFactory(network=personas.network)
    MembershipFactory(user=third, team=personas.team_a)
    services.record_pulse(meeting=meeting, by=third, score=3)
    assert [(p.responses, p.average) for p in selectors.pulse_series(meeting.huddle)] == [(3, 3.0)]


def test_a_pulse_score_is_from_1_to_5(meeting, personas):
    with pytest.raises(ValidationError):
        services.record_pulse(meeting=meeting, by=personas.member, score=6)


def test_a_pulse_can_be_changed_but_never_doubled(meeting, personas):
    services.record_pulse(meeting=meeting, by=personas.member, score=2)
    services.record_pulse(meeting=meeting, by=personas.member, score=5)
    assert selectors.pulse_series(meeting.huddle)[0].responses == 1


def test_a_cross_team_huddle_is_shared_with_the_other_team(personas):
    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Joint",
        starts_at=time(15),
        other_teams=[personas.team_b],
    )

    assert huddle in visible_huddles(personas.sibling_member)
    assert Huddle.objects.get(pk=huddle.pk).team_ids == sorted([personas.team_a.pk, personas.team_b.pk])


def test_the_flag_page_and_the_api_say_which_meeting_a_flag_came_from(meeting, personas):
    from tests.support.clients import api_as, page_as

    item = services.add_action_item(
        meeting=meeting, by=personas.lead, text="Need a minibus", owner=personas.member
    )
    flag = services.escalate_action_item(item=item, by=personas.member)
    page = page_as(personas.lead).get(flag.get_absolute_url()).content.decode()
    assert f'from meeting <a href="{meeting.get_absolute_url()}">Morning huddle, 2 March 2026</a>' in page
    body = api_as(personas.member).get(f"/api/v1/flags/{flag.pk}/").json()
    assert (body["meeting_id"], body["cycle_id"]) == (meeting.pk, None)
