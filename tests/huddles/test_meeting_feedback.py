"""Feedback on a meeting: one rating per attendee once it is closed, read by the lead only in aggregate
and only from three answers on; what the lead changed in response, read by everyone in the huddle."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from huddles import feedback, services
from huddles.models import FeedbackResponse, MeetingFeedback
from playbook import clock, permissions
from playbook.fields import NOTE_MAX
from tests.support.clients import api_as, assert_error, page_as
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def team_a_member(personas, username):
    person = UserFactory(username=username, network=personas.network)
    MembershipFactory(user=person, team=personas.team_a, role="member")
    return person


@pytest.fixture
def raters(personas):
    return [team_a_member(personas, name) for name in ("ann", "ben", "cat")]


@pytest.fixture
def closed(meeting, personas, raters):
    with clock.frozen_at(datetime(2026, 3, 2, 8, 50, tzinfo=UTC)):
        services.set_attendance(meeting=meeting, by=personas.lead, people=[personas.member, *raters])
        return services.close_meeting(meeting=meeting, by=personas.lead)


def rate(meeting, people, ratings, comments=None):
    comments = comments or [""] * len(people)
    for person, rating, comment in zip(people, ratings, comments, strict=True):
        services.rate_meeting(meeting=meeting, by=person, rating=rating, comment=comment)


# --- Rating -----------------------------------------------------------------------------------------


def test_an_attendee_rates_a_closed_meeting(closed, personas):
    services.rate_meeting(meeting=closed, by=personas.member, rating=4, comment="Shorter, please")
    mine = feedback.my_feedback(closed, personas.member)
    assert (mine.rating, mine.comment) == (4, "Shorter, please")


def test_a_second_rating_replaces_the_first(closed, personas):
    services.rate_meeting(meeting=closed, by=personas.member, rating=2, comment="Too long")
    services.rate_meeting(meeting=closed, by=personas.member, rating=5, comment="")
    rows = MeetingFeedback.objects.filter(meeting=closed)
    assert [(f.rating, f.comment) for f in rows] == [(5, "")]


def test_feedback_opens_only_once_the_meeting_is_closed(meeting, personas):
    with pytest.raises(services.FeedbackNotOpen):
        services.rate_meeting(meeting=meeting, by=personas.member, rating=4)
    assert not MeetingFeedback.objects.exists()


@pytest.mark.parametrize("rating", [0, 6, "five", None])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_saved(closed, personas, rating):
    with pytest.raises(ValidationError) as refused:
        services.rate_meeting(meeting=closed, by=personas.member, rating=rating)
    assert "rating" in refused.value.error_dict
    assert not MeetingFeedback.objects.exists()


def test_a_member_of_the_huddles_team_who_was_not_there_may_rate(closed, personas):
    services.rate_meeting(meeting=closed, by=personas.lead, rating=3)  # the lead did not attend
    assert MeetingFeedback.objects.filter(person=personas.lead).exists()


def test_a_leader_above_who_did_not_attend_may_not_rate(closed, personas):
    for person in (personas.leader, personas.hub_leader, personas.admin):
        with pytest.raises(PermissionDenied):
            services.rate_meeting(meeting=closed, by=person, rating=3)
    assert not MeetingFeedback.objects.exists()


def test_one_who_attended_may_rate_after_leaving_the_team_while_still_seeing_it(meeting, personas):
    # Only members of the huddle's teams can attend, so attending counts on its own only for someone
    # who has left the team since, yet still sees the huddle (here: from Cluster A above it).
    seat = MembershipFactory(user=personas.leader, team=personas.team_a, role="member")
    permissions.forget(personas.leader)
    services.set_attendance(meeting=meeting, by=personas.lead, people=[personas.leader])
    services.close_meeting(meeting=meeting, by=personas.lead)
    seat.delete()
    permissions.forget(personas.leader)
    services.rate_meeting(meeting=meeting, by=personas.leader, rating=4)
    assert MeetingFeedback.objects.filter(person=personas.leader).exists()


def test_a_sibling_team_and_another_network_cannot_see_the_meeting_to_rate_it(closed, personas):
    for person in (personas.sibling_member, personas.outsider):
        with pytest.raises(Http404):
            services.rate_meeting(meeting=closed, by=person, rating=3)


def test_rating_through_the_api(closed, personas):
    client = api_as(personas.member)
    url = f"/api/v1/meetings/{closed.pk}/feedback/"
    response = client.post(url, {"rating": 5, "comment": "Good pace"}, format="json")
    assert response.status_code == 200
    assert response.json()["rating"] == 5
    assert client.get(url).json()["comment"] == "Good pace"
    assert "rating" in assert_error(client.post(url, {"rating": 9}, format="json"), 400, "invalid")["errors"]


def test_rating_an_open_meeting_through_the_api_is_a_conflict(meeting, personas):
    response = api_as(personas.member).post(
        f"/api/v1/meetings/{meeting.pk}/feedback/", {"rating": 4}, format="json"
    )
    assert_error(response, 409, "conflict")
    assert not MeetingFeedback.objects.exists()


def test_rating_on_the_meeting_page(closed, personas):
    client = page_as(personas.member)
    response = client.post(f"/huddles/meetings/{closed.pk}/feedback/", {"rating": "4", "comment": "Fine"})
    assert response.status_code == 302
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "You rated it 4 out of 5" in page


def test_rating_with_htmx_answers_the_card_in_place(closed, personas):
    response = page_as(personas.member).post(
        f"/huddles/meetings/{closed.pk}/feedback/", {"rating": "2"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<section") and "You rated it 2 out of 5" in body


def test_a_rating_without_a_number_shows_the_form_again_with_its_error(closed, personas):
    response = page_as(personas.member).post(f"/huddles/meetings/{closed.pk}/feedback/", {"comment": "Hm"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_rating_an_open_meeting_on_the_page_says_when_feedback_opens(meeting, personas):
    response = page_as(personas.member).post(f"/huddles/meetings/{meeting.pk}/feedback/", {"rating": "4"})
    assert "Feedback opens once the meeting is closed." in response.content.decode()
    assert not MeetingFeedback.objects.exists()


@pytest.mark.parametrize("rating", ["0", "6"])
def test_a_rating_outside_1_to_5_on_the_page_is_a_form_error_and_nothing_is_saved(closed, personas, rating):
    response = page_as(personas.member).post(f"/huddles/meetings/{closed.pk}/feedback/", {"rating": rating})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not MeetingFeedback.objects.exists()


def test_a_comment_too_long_on_the_page_is_a_form_error_and_nothing_is_saved(closed, personas):
    data = {"rating": "4", "comment": "x" * (NOTE_MAX + 1)}
    response = page_as(personas.member).post(f"/huddles/meetings/{closed.pk}/feedback/", data)
    assert response.status_code == 400
    assert "Ensure this value has at most" in response.content.decode()
    assert not MeetingFeedback.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "five"}, "rating"),
        ({}, "rating"),
        ({"rating": 4, "comment": "x" * (NOTE_MAX + 1)}, "comment"),
    ],
)
def test_bad_feedback_through_the_api_is_a_400_naming_the_field(closed, personas, body, field):
    response = api_as(personas.member).post(f"/api/v1/meetings/{closed.pk}/feedback/", body, format="json")
    assert field in assert_error(response, 400, "invalid")["errors"]
    assert not MeetingFeedback.objects.exists()


def test_bad_input_leaves_an_earlier_rating_as_it_was(closed, personas):
    services.rate_meeting(meeting=closed, by=personas.member, rating=3, comment="Fine")
    url = f"/api/v1/meetings/{closed.pk}/feedback/"
    api_as(personas.member).post(url, {"rating": 6, "comment": "Changed"}, format="json")
    mine = feedback.my_feedback(closed, personas.member)
    assert (mine.rating, mine.comment) == (3, "Fine")


def test_changing_ones_feedback_starts_from_the_answer_given(closed, personas):
    services.rate_meeting(meeting=closed, by=personas.member, rating=2, comment="Too long")
    page = page_as(personas.member).get(closed.get_absolute_url()).content.decode()
    assert 'value="2" id="feedback-rating_1" required checked' in page
    assert 'id="feedback-comment">\nToo long</textarea>' in page and "Change my feedback" in page


# --- The aggregate ----------------------------------------------------------------------------------


def test_the_aggregate_is_hidden_with_two_answers_and_shown_with_three(closed, personas, raters):
    rate(closed, raters[:2], [2, 4], ["Start on time", "More data"])
    two = feedback.meeting_feedback(closed)
    assert (two.answers, two.shown, two.average, two.distribution, two.comments) == (2, False, None, [], [])

    rate(closed, raters[2:], [5], ["Good"])
    three = feedback.meeting_feedback(closed)
    assert (three.answers, three.shown, three.average) == (3, True, 3.7)
    assert three.distribution == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    assert three.comments == ["Good", "More data", "Start on time"]


def test_the_lead_sees_shown_from_three_answers_below_three_on_page_and_api(closed, personas, raters):
    rate(closed, raters[:2], [2, 4], ["Start on time", "More data"])
    page = page_as(personas.lead).get(closed.get_absolute_url()).content.decode()
    assert "Shown from three answers" in page and "Start on time" not in page
    summary = api_as(personas.lead).get(f"/api/v1/meetings/{closed.pk}/feedback-summary/").json()
    assert summary == {
        "answers": 2,
        "shown": False,
        "average": None,
        "distribution": [],
        "comments": [],
        "meetings": 1,
    }

    rate(closed, raters[2:], [5], ["Good"])
    page = page_as(personas.lead).get(closed.get_absolute_url()).content.decode()
    assert "Shown from three answers" not in page and "Start on time" in page
    summary = api_as(personas.lead).get(f"/api/v1/meetings/{closed.pk}/feedback-summary/").json()
    assert (summary["shown"], summary["average"]) == (True, 3.7)
    assert summary["comments"] == ["Good", "More data", "Start on time"]


def test_the_huddle_aggregate_leaves_out_meetings_below_three(closed, personas, raters, huddle):
    rate(closed, raters, [3, 4, 5])
    with clock.frozen_at(datetime(2026, 3, 4, 8, 30, tzinfo=UTC)):
        later = services.start_meeting(huddle=huddle, by=personas.lead)
        services.close_meeting(meeting=later, by=personas.lead)
    rate(later, [personas.member], [1], ["Only I answered"])  # hidden on its own, so hidden here too

    summary = feedback.huddle_feedback(huddle)
    assert (summary.answers, summary.average, summary.meetings) == (3, 4.0, 1)
    assert "Only I answered" not in summary.comments
    body = api_as(personas.lead).get(f"/api/v1/huddles/{huddle.pk}/feedback-summary/").json()
    assert (body["answers"], body["meetings"]) == (3, 1)


def test_a_member_may_not_read_the_aggregate(closed, personas, raters):
    rate(closed, raters, [3, 4, 5])
    client = api_as(personas.member)
    assert client.get(f"/api/v1/meetings/{closed.pk}/feedback-summary/").status_code == 403
    page = page_as(personas.member).get(closed.get_absolute_url()).content.decode()
    assert "What people said" not in page


def test_the_huddle_page_hides_the_aggregate_at_two_answers_and_shows_it_at_three(closed, personas, raters):
    rate(closed, raters[:2], [2, 4], ["Start on time", "More data"])
    page = page_as(personas.lead).get(closed.huddle.get_absolute_url()).content.decode()
    assert 'data-testid="feedback-too-few"' in page and "Start on time" not in page

    rate(closed, raters[2:], [5], ["Good"])
    page = page_as(personas.lead).get(closed.huddle.get_absolute_url()).content.decode()
    assert 'data-testid="feedback-too-few"' not in page
    assert 'data-testid="feedback-average">3.7<' in page and "Start on time" in page


def test_a_member_sees_no_aggregate_on_the_huddle_page(closed, personas, raters):
    rate(closed, raters, [3, 4, 5], ["Good pace", "b", "c"])
    page = page_as(personas.member).get(closed.huddle.get_absolute_url()).content.decode()
    assert "You said, we did" in page
    assert "Feedback on this huddle" not in page and "Good pace" not in page


# --- Nobody reads an answer with its author ---------------------------------------------------------


@pytest.mark.parametrize("reader", ["lead", "leader", "hub_leader", "admin"])
def test_no_rule_lets_anyone_but_its_author_see_a_rating(closed, personas, reader):
    services.rate_meeting(meeting=closed, by=personas.member, rating=1, comment="Pointless")
    row = MeetingFeedback.objects.get()
    assert permissions.check(getattr(personas, reader), row) == (False, False)
    assert permissions.check(personas.member, row) == (True, True)


@pytest.mark.parametrize("reader", ["lead", "leader", "admin"])
def test_no_route_shows_a_hidden_answer_to_those_who_oversee_the_huddle(closed, personas, raters, reader):
    rate(closed, raters[:2], [1, 2], ["SECRET-COMMENT-ONE", "SECRET-COMMENT-TWO"])
    who = getattr(personas, reader)
    pages, api = page_as(who), api_as(who)
    routes = [
        (pages, closed.get_absolute_url()),
        (pages, closed.huddle.get_absolute_url()),
        (pages, f"/huddles/{closed.huddle_id}/we-did/"),
        (pages, f"/huddles/meetings/{closed.pk}/feedback/"),
        (api, f"/api/v1/meetings/{closed.pk}/"),
        (api, f"/api/v1/meetings/{closed.pk}/feedback/"),
        (api, f"/api/v1/meetings/{closed.pk}/feedback-summary/"),
        (api, f"/api/v1/huddles/{closed.huddle_id}/feedback-summary/"),
        (api, f"/api/v1/huddles/{closed.huddle_id}/we-did/"),
        (api, f"/api/v1/huddles/{closed.huddle_id}/"),
    ]
    for client, url in routes:
        body = client.get(url).content.decode()
        assert "SECRET-COMMENT" not in body, url


def test_ones_own_feedback_through_the_api_is_ones_own_only(closed, personas, raters):
    rate(closed, raters, [3, 4, 5], ["a", "b", "c"])
    response = api_as(personas.lead).get(f"/api/v1/meetings/{closed.pk}/feedback/")
    assert response.status_code == 200
    assert response.json() == {"rated": False, "rating": None, "comment": "", "recorded_at": None}


def test_a_shown_aggregate_names_no_one(closed, personas, raters):
    rate(closed, raters, [3, 4, 5], ["zebra", "apple", "mango"])  # answered in this order
    body = api_as(personas.lead).get(f"/api/v1/meetings/{closed.pk}/feedback-summary/")
    text = body.content.decode()
    assert body.json()["comments"] == ["apple", "mango", "zebra"]  # not the order they answered in
    for person in raters:
        assert person.username not in text
        assert '"person"' not in text and f'"id": {person.pk}' not in text


def test_feedback_is_left_out_of_the_admin():
    assert MeetingFeedback not in admin.site._registry


# --- You said, we did -------------------------------------------------------------------------------


def test_the_lead_records_what_they_changed_and_everyone_in_the_huddle_sees_it(closed, personas, huddle):
    services.record_feedback_response(
        huddle=huddle,
        by=personas.lead,
        text="We start on time now.",
        changed_on=date(2026, 3, 3),
        meeting=closed,
    )
    for person in (personas.member, personas.leader, personas.admin):
        page = page_as(person).get(huddle.get_absolute_url()).content.decode()
        assert "You said, we did" in page and "We start on time now." in page
    listed = api_as(personas.member).get(f"/api/v1/huddles/{huddle.pk}/we-did/").json()
    assert [(r["text"], r["meeting"], r["by"]["username"]) for r in listed] == [
        ("We start on time now.", closed.pk, "lead")
    ]


def test_the_lead_s_form_offers_today_as_the_date_in_the_form_a_date_input_reads(closed, personas, huddle):
    with clock.frozen_at(datetime(2026, 3, 3, 12, 0, tzinfo=UTC)):
        page = page_as(personas.lead).get(huddle.get_absolute_url()).content.decode()
    assert 'type="date" name="changed_on" value="2026-03-03"' in page


def test_a_member_may_not_record_what_was_changed(closed, personas, huddle):
    with pytest.raises(PermissionDenied):
        services.record_feedback_response(
            huddle=huddle, by=personas.member, text="We changed it", changed_on=date(2026, 3, 3)
        )
    response = api_as(personas.member).post(
        f"/api/v1/huddles/{huddle.pk}/we-did/", {"text": "x", "changed_on": "2026-03-03"}, format="json"
    )
    assert response.status_code == 403
    assert not FeedbackResponse.objects.exists()


def test_a_change_needs_words_a_date_not_ahead_and_the_huddles_own_meeting(closed, personas, huddle):
    tomorrow = clock.now().date() + timedelta(days=2)
    with pytest.raises(ValidationError) as empty:
        services.record_feedback_response(
            huddle=huddle, by=personas.lead, text="  ", changed_on=date(2026, 3, 3)
        )
    assert "text" in empty.value.error_dict
    with pytest.raises(ValidationError) as ahead:
        services.record_feedback_response(huddle=huddle, by=personas.lead, text="Later", changed_on=tomorrow)
    assert "changed_on" in ahead.value.error_dict
    other = services.create_huddle(
        team=personas.team_b,
        by=personas.leader,
        name="Team B huddle",
        starts_at=closed.scheduled_start.time(),
    )
    other_meeting = services.start_meeting(huddle=other, by=personas.leader)
    with pytest.raises(ValidationError) as elsewhere:
        services.record_feedback_response(
            huddle=huddle, by=personas.lead, text="Ok", changed_on=date(2026, 3, 3), meeting=other_meeting
        )
    assert "meeting" in elsewhere.value.error_dict
    assert not FeedbackResponse.objects.exists()


def test_the_api_refuses_another_huddles_meeting_as_it_refuses_a_missing_one(closed, personas, huddle):
    other = services.create_huddle(
        team=personas.team_b,
        by=personas.leader,
        name="Team B huddle",
        starts_at=closed.scheduled_start.time(),
    )
    other_meeting = services.start_meeting(huddle=other, by=personas.leader)
    client, url = api_as(personas.lead), f"/api/v1/huddles/{huddle.pk}/we-did/"
    answers = [
        client.post(url, {"text": "Ok", "changed_on": "2026-03-03", "meeting": pk}, format="json").json()
        for pk in (other_meeting.pk, 999_999)
    ]
    assert (
        answers[0]["errors"] == answers[1]["errors"] == {"meeting": ["Choose one of this huddle's meetings."]}
    )
    created = client.post(
        url, {"text": "Ok", "changed_on": "2026-03-03", "meeting": closed.pk}, format="json"
    )
    assert created.status_code == 201 and created.json()["meeting"] == closed.pk


@pytest.mark.parametrize(
    "body, field",
    [
        ({"changed_on": "2026-03-03"}, "text"),
        ({"text": "   ", "changed_on": "2026-03-03"}, "text"),
        ({"text": "x" * (NOTE_MAX + 1), "changed_on": "2026-03-03"}, "text"),
        ({"text": "Shorter agenda"}, "changed_on"),
        ({"text": "Shorter agenda", "changed_on": "3rd of March"}, "changed_on"),
        ({"text": "Shorter agenda", "changed_on": "2999-01-01"}, "changed_on"),
    ],
)
def test_a_bad_change_through_the_api_is_a_400_naming_the_field(closed, personas, huddle, body, field):
    response = api_as(personas.lead).post(f"/api/v1/huddles/{huddle.pk}/we-did/", body, format="json")
    assert field in assert_error(response, 400, "invalid")["errors"]
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "x" * (NOTE_MAX + 1), "changed_on": "2026-03-03"}, "Ensure this value has at most"),
        ({"text": "Shorter agenda", "changed_on": "2999-01-01"}, "the date cannot be ahead"),
    ],
)
def test_a_bad_change_on_the_page_is_a_form_error(closed, personas, huddle, data, message):
    response = page_as(personas.lead).post(f"/huddles/{huddle.pk}/we-did/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_recording_a_change_on_the_page_goes_to_you_said_we_did(closed, personas, huddle):
    client = page_as(personas.lead)
    data = {"text": "Agenda sent the day before", "changed_on": "2026-03-03", "meeting": str(closed.pk)}
    response = client.post(f"/huddles/{huddle.pk}/we-did/", data)
    assert response.status_code == 302 and response["Location"].endswith("#you-said-we-did")
    refused = client.post(f"/huddles/{huddle.pk}/we-did/", {"text": "", "changed_on": "2026-03-03"})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert list(FeedbackResponse.objects.values_list("text", flat=True)) == ["Agenda sent the day before"]


# --- Queries ----------------------------------------------------------------------------------------


def test_the_huddle_page_asks_as_many_queries_for_one_change_as_for_ten(
    closed, personas, huddle, django_assert_num_queries
):
    from tests.support.queries import assert_same_queries_after

    def record(n):
        for i in range(n):
            services.record_feedback_response(
                huddle=huddle,
                by=personas.lead,
                text=f"Change {i}",
                changed_on=date(2026, 3, 3),
                meeting=closed,
            )

    record(1)
    assert_same_queries_after(
        page_as(personas.lead), huddle.get_absolute_url(), lambda: record(9), django_assert_num_queries
    )


def closed_meetings_with_feedback(huddle, personas, raters, n, first_day):
    """``n`` more closed meetings of the huddle, each rated by the three raters (so each is counted)."""
    for i in range(n):
        with clock.frozen_at(datetime(2026, 3, first_day + i, 8, 30, tzinfo=UTC)):
            meeting = services.start_meeting(huddle=huddle, by=personas.lead)
            services.set_attendance(meeting=meeting, by=personas.lead, people=raters)
            services.close_meeting(meeting=meeting, by=personas.lead)
        rate(meeting, raters, [2, 3, 4], [f"m{i} a", f"m{i} b", ""])
        services.record_feedback_response(
            huddle=huddle, by=personas.lead, text=f"Change {i}", changed_on=date(2026, 3, 20), meeting=meeting
        )


@pytest.mark.parametrize("reader", ["lead", "member"])
def test_the_huddle_page_asks_as_many_queries_for_one_rated_meeting_as_for_ten(
    closed, personas, raters, huddle, django_assert_num_queries, reader
):
    from tests.support.queries import assert_same_queries_after

    rate(closed, raters, [3, 4, 5], ["a", "b", "c"])
    closed_meetings_with_feedback(huddle, personas, raters, 1, first_day=3)
    assert_same_queries_after(
        page_as(getattr(personas, reader)),
        huddle.get_absolute_url(),
        lambda: closed_meetings_with_feedback(huddle, personas, raters, 9, first_day=4),
        django_assert_num_queries,
    )
    assert feedback.huddle_feedback(huddle).meetings == 11


def test_the_meeting_page_asks_as_many_queries_for_three_ratings_as_for_thirty(
    closed, personas, raters, django_assert_num_queries
):
    from tests.support.queries import assert_same_queries_after

    rate(closed, raters, [3, 4, 5], ["a", "b", "c"])

    def more():
        for i in range(27):
            person = team_a_member(personas, f"rater{i}")
            services.rate_meeting(meeting=closed, by=person, rating=1 + i % 5, comment=f"c{i}")

    assert_same_queries_after(
        page_as(personas.lead), closed.get_absolute_url(), more, django_assert_num_queries
    )
