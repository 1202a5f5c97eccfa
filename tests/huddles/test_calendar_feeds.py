"""Calendar feeds: what a calendar app reads at /calendar/<token>.ics, parsed back with icalendar.

Team A's morning huddle meets Monday, Wednesday and Friday at 08:30 in London. The clock is the
Friday before the clocks go forward (Sunday 29 March 2026), after the hourly job made the coming
week's meetings: one of them is before the change and one after.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.test import Client
from icalendar import Calendar

from cycles import services as cycle_services
from huddles import services
from huddles.models import Meeting
from playbook import calendar_feeds, clock
from playbook.email import absolute_url
from playbook.models import Membership
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.permission_tables import check_row, row_ids
from tests.support.queries import assert_same_queries_after
from tests.support.tables import calendar as table

pytestmark = pytest.mark.django_db

SET_UP = datetime(2026, 3, 23, 6, 0, tzinfo=UTC)  # Monday
NOW = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)  # Friday, before 08:30 (GMT, so 08:30 UTC)


@pytest.fixture
def huddle(personas):
    with clock.frozen_at(SET_UP):
        made = services.create_huddle(
            team=personas.team_a, by=personas.lead, name="Morning huddle", starts_at=time(8, 30),
            weekdays=[0, 2, 4], place="Room 4", duration_minutes=20,
        )  # fmt: skip
    services.schedule_huddle(made, at=NOW)  # the hourly job on Friday: up to Friday 3 April
    return made


@pytest.fixture
def feed(personas):
    return calendar_feeds.make_feed(person=personas.member, by=personas.member)


def read(path, at=NOW):
    """What a calendar app gets: no session, no cookie."""
    with clock.frozen_at(at):
        response = Client().get(path)
    assert response.status_code == 200, response.status_code
    return response, Calendar.from_ical(response.content)


def feed_path(feed):
    return f"/calendar/{feed.token}.ics"


def events(calendar) -> dict:
    return {str(event.uid).split("@")[0]: event for event in calendar.events}


def meeting_on(huddle, day: date) -> Meeting:
    return next(m for m in huddle.meetings.all() if m.scheduled_start.astimezone(UTC).date() == day)


def add_action(meeting, text, owner, due_on):
    with clock.frozen_at(NOW):
        return services.add_action_item(
            meeting=meeting, by=meeting.huddle.created_by, text=text, owner=owner, due_on=due_on
        )


def test_the_feed_is_a_calendar_that_google_and_outlook_can_subscribe_to(huddle, feed):
    response, calendar = read(feed_path(feed))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert not response.cookies
    assert calendar["X-WR-CALNAME"] == "Playbook: Riverside"
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    assert calendar["X-WR-CALDESC"].startswith("Your huddles")  # once: a list would not start so
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()


def test_each_meeting_made_is_an_event_at_its_local_time_across_the_clock_change(huddle, feed):
    _, calendar = read(feed_path(feed))
    found = events(calendar)
    before, after = meeting_on(huddle, date(2026, 3, 27)), meeting_on(huddle, date(2026, 3, 30))
    friday, monday = found[f"meeting-{before.pk}"], found[f"meeting-{after.pk}"]
    for event in (friday, monday):
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event.start.time() == time(8, 30)
        assert event.end - event.start == timedelta(minutes=20)
        assert str(event["SUMMARY"]) == "Morning huddle"
        assert str(event["LOCATION"]) == "Room 4"
        assert event["DTSTAMP"].dt == NOW
    assert friday.start.astimezone(UTC) == datetime(2026, 3, 27, 8, 30, tzinfo=UTC)  # GMT
    assert monday.start.astimezone(UTC) == datetime(2026, 3, 30, 7, 30, tzinfo=UTC)  # BST
    assert str(monday["URL"]) == absolute_url(f"/huddles/meetings/{after.pk}/")
    assert f"/huddles/meetings/{after.pk}/" in str(monday["DESCRIPTION"])


def test_after_the_meetings_made_the_schedule_goes_on_as_a_weekly_rule(huddle, feed):
    _, calendar = read(feed_path(feed))
    series = events(calendar)[f"huddle-{huddle.pk}-schedule"]
    rule = series["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
    # The job made the meetings of the coming week, up to Wednesday 1 April; the rule takes over on Friday.
    assert series.start == datetime(2026, 4, 3, 8, 30, tzinfo=series.start.tzinfo)
    assert series["DTSTART"].params["TZID"] == "Europe/London"
    starts = list(rrulestr(rule.to_ical().decode(), dtstart=series.start))
    assert all(s.time() == time(8, 30) for s in starts)
    assert datetime(2026, 11, 2, 8, 30, tzinfo=UTC) in starts  # back on GMT in November
    assert starts[-1] < NOW + timedelta(days=366)  # a year ahead, and no further


def test_the_same_instant_is_one_event_never_a_meeting_and_a_rule_occurrence(huddle, feed):
    _, calendar = read(feed_path(feed))
    found = events(calendar)
    series = found.pop(f"huddle-{huddle.pk}-schedule")
    last_meeting = max(e.start for uid, e in found.items() if uid.startswith("meeting-"))
    assert series.start > last_meeting


def test_a_dropped_meeting_leaves_the_feed_and_the_rule_does_not_bring_it_back(personas, huddle, feed):
    dropped = meeting_on(huddle, date(2026, 4, 1))
    with clock.frozen_at(NOW):
        services.update_huddle(huddle=huddle, by=personas.lead, weekdays=[0, 4])
    _, calendar = read(feed_path(feed))
    found = events(calendar)
    assert f"meeting-{dropped.pk}" not in found
    series = found[f"huddle-{huddle.pk}-schedule"]
    assert series["RRULE"]["BYDAY"] == ["MO", "FR"]
    assert series.start.date() == date(2026, 4, 3)


def test_an_inactive_huddle_has_its_past_meetings_and_no_rule(personas, huddle, feed):
    with clock.frozen_at(NOW):
        services.update_huddle(huddle=huddle, by=personas.lead, is_active=False)
    _, calendar = read(feed_path(feed))
    found = events(calendar)
    assert f"meeting-{meeting_on(huddle, date(2026, 3, 23)).pk}" in found
    assert f"huddle-{huddle.pk}-schedule" not in found


def test_open_action_items_are_all_day_on_their_due_date_and_done_ones_drop_out(personas, huddle, feed):
    meeting = meeting_on(huddle, date(2026, 3, 23))
    mine = add_action(meeting, "Ask for cover", personas.member, date(2026, 4, 2))
    done = add_action(meeting, "Book room", personas.member, date(2026, 4, 2))
    services.update_action_item(item=done, by=personas.member, status="done")
    theirs = add_action(meeting, "Call parents", personas.lead, date(2026, 4, 3))
    undated = add_action(meeting, "Tidy", personas.member, None)
    found = events(read(feed_path(feed))[1])
    event = found[f"action-{mine.pk}"]
    assert str(event["SUMMARY"]) == "Due: Ask for cover"
    assert event.start == date(2026, 4, 2) and event.end == date(2026, 4, 3)
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["URL"]).endswith(f"/huddles/meetings/{meeting.pk}/#action-{mine.pk}")
    for absent in (done, theirs, undated):
        assert f"action-{absent.pk}" not in found


def test_cycles_they_own_or_help_with_show_start_end_and_study_dates(personas, feed):
    world = make_world(personas)
    with clock.frozen_at(datetime(2026, 3, 1, 9, tzinfo=UTC)):
        owned = make_plan(world, by=personas.member)
        helping = make_plan(world, by=personas.lead, title="Phonics warm-up", collaborators=[personas.member])
        not_theirs = make_plan(world, by=personas.lead, title="Lead's own")
        run_to(owned, "doing", by=personas.member)
    with clock.frozen_at(datetime(2026, 3, 16, 15, tzinfo=UTC)):
        cycle_services.update_cycle(cycle=owned, by=personas.member, what_happened="We ran it.")
        cycle_services.transition(cycle=owned, by=personas.member, to="studying")
    found = events(read(feed_path(feed))[1])
    start, end, study = (found[f"cycle-{owned.pk}-{part}"] for part in ("start", "end", "study"))
    assert (start.start, end.start, study.start) == (date(2026, 3, 2), date(2026, 3, 13), date(2026, 3, 16))
    assert str(start["SUMMARY"]) == "Cycle starts: Paired reading in 4B"
    assert str(end["SUMMARY"]) == "Cycle ends: Paired reading in 4B"  # studied already
    assert str(study["SUMMARY"]) == "Cycle studied: Paired reading in 4B"
    assert str(start["URL"]) == absolute_url(f"/cycles/{owned.pk}/")
    # Still in Plan: its end is when it is due for study.
    assert str(found[f"cycle-{helping.pk}-end"]["SUMMARY"]) == "Cycle ends, time to study: Phonics warm-up"
    assert f"cycle-{helping.pk}-study" not in found
    assert not any(uid.startswith(f"cycle-{not_theirs.pk}-") for uid in found)


def test_huddles_of_other_teams_are_not_in_the_feed(personas, huddle):
    with clock.frozen_at(SET_UP):
        services.create_huddle(
            team=personas.team_b, by=personas.leader, name="Team B huddle", starts_at=time(9), weekdays=[1]
        )  # fmt: skip
    feed = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    summaries = {str(e["SUMMARY"]) for e in read(feed_path(feed))[1].events}
    assert summaries == {"Morning huddle"}


def test_someone_who_leaves_the_team_stops_seeing_its_meetings(personas, huddle, feed):
    assert read(feed_path(feed))[1].events
    Membership.objects.filter(user=personas.member, team=personas.team_a).delete()
    assert read(feed_path(feed))[1].events == []


def test_a_huddle_feed_has_only_that_huddles_meetings_and_everyones_due_dates(personas, huddle, feed):
    meeting = meeting_on(huddle, date(2026, 3, 23))
    with clock.frozen_at(NOW):
        services.create_huddle(
            team=personas.team_a, by=personas.lead, name="Reading huddle", starts_at=time(15), weekdays=[3]
        )
    theirs = add_action(meeting, "Call parents", personas.lead, date(2026, 4, 3))
    _, calendar = read(f"/calendar/{feed.token}/huddles/{huddle.pk}.ics")
    assert calendar["X-WR-CALNAME"] == "Morning huddle (Playbook)"
    assert {str(e["SUMMARY"]) for e in calendar.events} == {
        "Morning huddle",
        f"Due: Call parents ({personas.lead.display_name})",
    }
    assert f"action-{theirs.pk}" in events(calendar)
    assert "Reading huddle" in {
        str(e["SUMMARY"]) for e in read(feed_path(feed))[1].events
    }  # the person's own


def test_a_huddle_the_person_may_not_see_is_404(personas, huddle):
    sibling = calendar_feeds.make_feed(person=personas.sibling_member, by=personas.sibling_member)
    assert Client().get(f"/calendar/{sibling.token}/huddles/{huddle.pk}.ics").status_code == 404
    assert Client().get(f"/calendar/{sibling.token}/huddles/999999.ics").status_code == 404


def test_a_revoked_address_is_404_at_once_and_a_new_one_works(personas, huddle, feed):
    calendar_feeds.revoke_feed(feed=feed, by=personas.member)
    assert Client().get(feed_path(feed)).status_code == 404
    assert Client().get(f"/calendar/{feed.token}/huddles/{huddle.pk}.ics").status_code == 404
    fresh = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    assert fresh.token != feed.token
    read(feed_path(fresh))


@pytest.mark.parametrize("token", ["made-up", "x" * 200, "%00"])
def test_an_unknown_token_is_404(huddle, token):
    assert Client().get(f"/calendar/{token}.ics").status_code == 404


def test_the_feed_of_someone_who_left_is_404(personas, huddle, feed):
    personas.member.is_active = False
    personas.member.save(update_fields=["is_active"])
    assert Client().get(feed_path(feed)).status_code == 404


def test_reads_are_noted_at_most_once_an_hour(huddle, feed):
    read(feed_path(feed))
    feed.refresh_from_db()
    assert feed.last_read_at == NOW
    read(feed_path(feed), at=NOW + timedelta(minutes=50))
    feed.refresh_from_db()
    assert feed.last_read_at == NOW
    read(feed_path(feed), at=NOW + timedelta(minutes=70))
    feed.refresh_from_db()
    assert feed.last_read_at == NOW + timedelta(minutes=70)


def test_the_feeds_queries_do_not_grow_with_its_events(personas, huddle, feed, django_assert_num_queries):
    world = make_world(personas)

    def grow():
        meeting = meeting_on(huddle, date(2026, 3, 23))
        for n in range(10):
            services.create_huddle(
                team=personas.team_a,
                by=personas.lead,
                name=f"Huddle {n}",
                starts_at=time(9),
                weekdays=[n % 5],
            )
            add_action(meeting, f"Do {n}", personas.member, NOW.date())
            make_plan(world, by=personas.member, title=f"Cycle {n}", collaborators=[personas.lead])

    client = Client()
    with clock.frozen_at(NOW):
        assert_same_queries_after(client, feed_path(feed), grow, django_assert_num_queries)
        assert_same_queries_after(
            client, f"/calendar/{feed.token}/huddles/{huddle.pk}.ics", grow, django_assert_num_queries
        )


def test_the_huddle_page_links_its_calendar_once_the_person_has_an_address(personas, huddle):
    client = Client()
    client.force_login(personas.member)
    assert 'href="/account/#calendar"' in client.get(f"/huddles/{huddle.pk}/").content.decode()
    feed = calendar_feeds.make_feed(person=personas.member, by=personas.member)
    page = client.get(f"/huddles/{huddle.pk}/").content.decode()
    address = absolute_url(f"/calendar/{feed.token}/huddles/{huddle.pk}.ics")
    assert f'href="webcal://{address.split("://")[1]}"' in page
    assert f'href="{address}"' in page


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))
