"""The weekly digest: each person's open work and what their part of the network learned, once a week."""

import socket
from datetime import UTC, datetime, time
from types import SimpleNamespace

import pytest

from andon.services import resolve_flag
from huddles import services as huddles
from huddles.models import NoteEntry
from playbook import clock
from playbook.digest import due_week, send_weekly_digests
from playbook.models import DigestDelivery
from playbook.services.preferences import set_notification_preferences
from tests.support.andon import at, raise_at
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

# The week covered runs Monday 2 to Sunday 8 March 2026; its digest is due from Monday 9 March,
# 07:00 in London (GMT, so 07:00 UTC too).
MONDAY_0730 = at(9, 7, 30)
NEXT_MONDAY_0730 = at(16, 7, 30)


@pytest.fixture
def week(personas):
    world = make_world(personas)
    with clock.frozen_at(at(3, 10)):
        open_cycle = make_plan(world, title="Paired reading in 4B")
        decided = run_to(make_plan(world, title="Word walls in 5A"), "complete", by=world.member)
        raised = raise_at(at(3, 10), by=world.member, team=world.team_a, title="Supply cover is not arriving")
        learned = raise_at(at(3, 11), by=world.lead, team=world.team_a, title="Reading books go missing")
    with clock.frozen_at(at(4, 10)):
        resolve_flag(
            flag=learned, by=world.lead, resolution="Ordered more.", learning="Count the book room on Fridays"
        )
        secret = raise_at(at(4, 10), by=world.sibling_member, team=world.team_b, title="Team B's own trouble")
        resolve_flag(
            flag=secret, by=world.sibling_member, resolution="Fixed.", learning="Sibling-only lesson"
        )
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        huddle = huddles.create_huddle(
            team=world.team_a,
            by=world.lead,
            name="Morning huddle",
            starts_at=time(8, 30),
            weekdays=[0, 2, 4],
            place="Room 4",
            agenda=["Check-in"],
        )
        meeting = huddles.start_meeting(huddle=huddle, by=world.lead)
        huddles.add_entry(
            meeting=meeting, by=world.lead, text="We read aloud every day", kind=NoteEntry.Kind.DECISION
        )
        huddles.add_action_item(
            meeting=meeting, by=world.lead, text="Order paired-reading books", owner=world.member
        )
    return SimpleNamespace(**vars(world), open_cycle=open_cycle, decided=decided, raised=raised)


def digest_to(mailoutbox, person):
    mine = [m for m in mailoutbox if m.to == [person.email]]
    assert len(mine) == 1, f"{person.username} got {len(mine)} digests"
    return mine[0]


def test_it_lists_a_persons_open_cycles_with_their_next_step(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    body = digest_to(mailoutbox, week.member).body
    assert "Your open PDSA cycles" in body
    assert "Paired reading in 4B (Team A)" in body
    assert "Next: finish the plan and its predictions, then start the test" in body
    assert f"/cycles/{week.open_cycle.pk}/" in body


def test_it_lists_open_action_items_and_flags_raised_that_are_still_open(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    body = digest_to(mailoutbox, week.member).body
    assert "Your open action items" in body and "Order paired-reading books" in body
    assert "Flags you raised that are still open" in body and "Supply cover is not arriving" in body


def test_it_tells_what_the_team_learned_this_week(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    body = digest_to(mailoutbox, week.member).body
    assert "Cycles decided this week" in body and "Team A: “Word walls in 5A” — Adopt" in body
    assert (
        "Flags resolved, and what was learned" in body and "Learned: Count the book room on Fridays" in body
    )
    assert "Huddle decisions this week" in body and "Morning huddle: We read aloud every day" in body


def test_a_leader_above_hears_what_the_team_below_learned(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    body = digest_to(mailoutbox, week.leader).body
    assert "Word walls in 5A" in body
    assert "Count the book room on Fridays" in body


def test_a_sibling_teams_learnings_never_reach_the_digest(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    member, sibling = digest_to(mailoutbox, week.member), digest_to(mailoutbox, week.sibling_member)
    assert "Sibling-only lesson" not in member.body + member.alternatives[0][0]
    assert "Sibling-only lesson" in sibling.body  # their own team's, so the line exists to be left out
    for text in ("Word walls in 5A", "Count the book room on Fridays", "We read aloud every day"):
        assert text not in sibling.body + sibling.alternatives[0][0]


def test_someone_with_nothing_to_hear_gets_no_email_but_is_recorded_as_done(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    assert not [m for m in mailoutbox if m.to == [week.loner.email]]
    row = DigestDelivery.objects.get(user=week.loner)
    assert row.sent_at is not None and row.attempts == 0  # done, with nothing sent
    assert send_weekly_digests(at(9, 8, 30)) == 0  # the next hour does not build it again


def test_the_job_run_twice_sends_each_digest_once(week, mailoutbox):
    first = send_weekly_digests(MONDAY_0730)
    second = send_weekly_digests(at(9, 8, 30))
    assert first == len(mailoutbox) > 0
    assert second == 0
    assert len({tuple(m.to) for m in mailoutbox}) == len(mailoutbox)


def test_a_week_later_a_second_digest_goes_out(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    send_weekly_digests(NEXT_MONDAY_0730)
    assert [m for m in mailoutbox if m.to == [week.member.email]].__len__() == 2
    weeks = set(DigestDelivery.objects.filter(user=week.member).values_list("week_starting", flat=True))
    assert {str(w) for w in weeks} == {"2026-03-02", "2026-03-09"}
    second = [m for m in mailoutbox if m.to == [week.member.email]][1].body
    assert "Paired reading in 4B" in second  # open work is still open
    assert "Word walls in 5A" not in second  # last week's learning is not told twice


def test_nothing_goes_out_before_monday_seven_in_the_networks_own_time_zone(week, mailoutbox):
    week.network.time_zone = "America/New_York"
    week.network.save()
    send_weekly_digests(MONDAY_0730)  # 02:30 in New York
    assert not DigestDelivery.objects.filter(user=week.member, week_starting="2026-03-02").exists()
    send_weekly_digests(at(9, 11, 30))  # 07:30 in New York (daylight time began on 8 March)
    assert DigestDelivery.objects.get(user=week.member, week_starting="2026-03-02").sent_at is not None


def test_the_due_week_is_the_one_before_monday_seven():
    covered, since, until = due_week(at(9, 6, 59), "Europe/London")
    assert str(covered) == "2026-02-23"
    covered, since, until = due_week(at(9, 7, 0), "Europe/London")
    assert str(covered) == "2026-03-02"
    assert (since, until) == (at(2, 0), at(9, 0))
    assert str(due_week(at(15, 23, 0), "Europe/London")[0]) == "2026-03-02"  # all week long


def test_notifications_kept_for_the_digest_are_in_it_and_were_not_emailed_at_once(week, mailoutbox):
    from cycles.services import comment_on_cycle

    set_notification_preferences(person=week.member, by=week.member, choices={"cycle-comment": "digest"})
    with clock.frozen_at(at(5, 10)):
        comment = comment_on_cycle(cycle=week.open_cycle, by=week.lead, body="Try it with 4C too?")
    kept = week.member.notifications.filter(kind="cycle-comment")
    assert not kept.get().email_wanted
    kept.update(created_at=at(5, 10))  # stamped by the database's clock, not the test's
    send_weekly_digests(MONDAY_0730)
    body = digest_to(mailoutbox, week.member).body
    assert "Notifications you kept for the digest" in body
    assert "commented on “Paired reading in 4B”" in body and comment.body in body
    assert "Notifications you kept for the digest" not in digest_to(mailoutbox, week.lead).body


def test_the_digest_has_a_plain_text_and_an_html_part(week, mailoutbox):
    send_weekly_digests(MONDAY_0730)
    message = digest_to(mailoutbox, week.member)
    assert message.subject == "[Playbook] Your week: 2 March"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h2" in html and "Paired reading in 4B" in html and f'/cycles/{week.open_cycle.pk}/"' in html


def test_people_without_an_email_address_or_no_longer_active_get_no_digest(week, mailoutbox):
    gone = UserFactory(network=week.network, is_active=False)
    silent = UserFactory(network=week.network, email="")
    send_weekly_digests(MONDAY_0730)
    assert not DigestDelivery.objects.filter(user__in=[gone, silent]).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_mail_server_that_refuses_leaves_the_digest_owed_and_a_later_run_sends_it(
    week, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    assert send_weekly_digests(MONDAY_0730) == 0
    row = DigestDelivery.objects.get(user=week.member)
    assert row.sent_at is None and row.attempts == 1 and row.error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_weekly_digests(at(9, 8, 30)) > 0
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2 and row.error == ""
    digest_to(mailoutbox, week.member)
