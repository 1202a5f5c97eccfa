"""The huddles API: one permission table for every endpoint, conflicts as 409, pulse privacy."""

from datetime import UTC, datetime, time

import pytest

from huddles import services
from huddles.models import Meeting, NoteEntry
from playbook import clock
from tests.support.clients import api_as, assert_error
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "lead", "leader", "hub_leader", "admin", "sibling_member", "outsider", "loner", None]
SEE = {"member": 200, "lead": 200, "leader": 200, "hub_leader": 200, "admin": 200}
HIDDEN = {"sibling_member": 404, "outsider": 404, "loner": 404, None: 401}


def as_created(table):
    return {k: (201 if v == 200 else v) for k, v in table.items()}


# (name, method, path(w, h, m, e, a), body(w), {persona: status})
ENDPOINTS = [
    ("huddle", "get", lambda w, h, m, e, a: f"/api/v1/huddles/{h.pk}/", None, {**SEE, **HIDDEN}),
    (
        "edit huddle",
        "patch",
        lambda w, h, m, e, a: f"/api/v1/huddles/{h.pk}/",
        lambda w: {"place": "Room 9"},
        {**SEE, "member": 403, **HIDDEN},
    ),
    ("notes", "get", lambda w, h, m, e, a: f"/api/v1/huddles/{h.pk}/notes/", None, {**SEE, **HIDDEN}),
    ("pulse", "get", lambda w, h, m, e, a: f"/api/v1/huddles/{h.pk}/pulse/", None, {**SEE, **HIDDEN}),
    (
        "start",
        "post",
        lambda w, h, m, e, a: f"/api/v1/huddles/{h.pk}/start/",
        None,
        {**as_created(SEE), **HIDDEN},
    ),
    ("meeting", "get", lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/", None, {**SEE, **HIDDEN}),
    ("entries", "get", lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/entries/", None, {**SEE, **HIDDEN}),
    (
        "add entry",
        "post",
        lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/entries/",
        lambda w: {"text": "A note"},
        {**as_created(SEE), **HIDDEN},
    ),
    (
        "attendance",
        "post",
        lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/attendance/",
        lambda w: {"attendees": [w.member.pk]},
        {**SEE, **HIDDEN},
    ),
    (
        "pulse record",
        "post",
        lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/pulse/",
        lambda w: {"score": 4},
        {**SEE, **HIDDEN},
    ),
    (
        "add action",
        "post",
        lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/action-items/",
        lambda w: {"text": "Do it", "owner": w.member.pk},
        {**as_created(SEE), **HIDDEN},
    ),
    ("close", "post", lambda w, h, m, e, a: f"/api/v1/meetings/{m.pk}/close/", None, {**SEE, **HIDDEN}),
    ("entry", "get", lambda w, h, m, e, a: f"/api/v1/note-entries/{e.pk}/", None, {**SEE, **HIDDEN}),
    (
        "edit entry",
        "patch",
        lambda w, h, m, e, a: f"/api/v1/note-entries/{e.pk}/",
        lambda w: {"text": "Changed", "version": 1},
        {**SEE, **HIDDEN},
    ),
    (
        "entry flag",
        "post",
        lambda w, h, m, e, a: f"/api/v1/note-entries/{e.pk}/flag/",
        None,
        {**as_created(SEE), **HIDDEN},
    ),
    ("action", "get", lambda w, h, m, e, a: f"/api/v1/action-items/{a.pk}/", None, {**SEE, **HIDDEN}),
    (
        "edit action",
        "patch",
        lambda w, h, m, e, a: f"/api/v1/action-items/{a.pk}/",
        lambda w: {"status": "done"},
        {**SEE, **HIDDEN},
    ),
    (
        "action flag",
        "post",
        lambda w, h, m, e, a: f"/api/v1/action-items/{a.pk}/flag/",
        None,
        {**as_created(SEE), **HIDDEN},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "path", "body", "table"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_permission_table(personas, huddle, meeting, persona, name, method, path, body, table):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Something")
    item = services.add_action_item(meeting=meeting, by=personas.lead, text="x", owner=personas.member)
    user = getattr(personas, persona) if persona else None
    url = path(personas, huddle, meeting, entry, item)
    data = body(personas) if body else None
    response = getattr(api_as(user), method)(url, data, format="json")
    assert response.status_code == table[persona], response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("lead", 201),
        ("leader", 201),
        ("admin", 201),
        ("member", 403),
        ("sibling_member", 400),
        ("outsider", 400),
    ],
)
def test_leads_and_leaders_set_up_huddles(personas, persona, status):
    body = {"team": personas.team_a.pk, "name": "Stand-up", "starts_at": "08:30", "weekdays": [0, 3]}
    response = api_as(getattr(personas, persona)).post("/api/v1/huddles/", body, format="json")
    assert response.status_code == status, response.content


def test_a_new_huddle_gets_the_standard_questions_by_default(personas):
    body = {"team": personas.team_a.pk, "name": "Stand-up", "starts_at": "08:30", "weekdays": [0]}
    response = api_as(personas.lead).post("/api/v1/huddles/", body, format="json")
    assert response.json()["questions"][0] == "What did we learn since last time?"


def test_the_huddle_list_shows_only_the_teams_huddles(personas, huddle):
    assert [h["id"] for h in api_as(personas.member).get("/api/v1/huddles/").json()["results"]] == [huddle.pk]
    assert api_as(personas.sibling_member).get("/api/v1/huddles/").json()["results"] == []


def test_an_edit_someone_beat_you_to_is_a_409(personas, meeting):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="First")
    client = api_as(personas.member)
    assert (
        client.patch(f"/api/v1/note-entries/{entry.pk}/", {"text": "Second", "version": 1}).status_code == 200
    )
    stale = client.patch(f"/api/v1/note-entries/{entry.pk}/", {"text": "Third", "version": 1})
    assert_error(stale, 409, "conflict")
    assert NoteEntry.objects.get(pk=entry.pk).text == "Second"


def test_adding_to_a_closed_meeting_is_a_409_unless_an_amendment(personas, meeting):
    client = api_as(personas.member)
    client.post(f"/api/v1/meetings/{meeting.pk}/close/")
    assert_error(client.post(f"/api/v1/meetings/{meeting.pk}/entries/", {"text": "late"}), 409, "conflict")
    amended = client.post(f"/api/v1/meetings/{meeting.pk}/entries/", {"text": "late", "amendment": True})
    assert amended.status_code == 201
    assert amended.json()["is_amendment"] is True


def test_polling_returns_only_entries_after_the_last_seen(personas, meeting):
    first = services.add_entry(meeting=meeting, by=personas.member, text="one")
    services.add_entry(meeting=meeting, by=personas.lead, text="two")
    response = api_as(personas.member).get(f"/api/v1/meetings/{meeting.pk}/entries/?after={first.pk}")
    assert [e["text"] for e in response.json()] == ["two"]


def test_bad_input_is_a_400_with_field_errors(personas, meeting):
    response = api_as(personas.member).post(f"/api/v1/meetings/{meeting.pk}/pulse/", {"score": 9})
    assert "score" in assert_error(response, 400, "invalid")["errors"]


def test_no_api_response_carries_another_persons_pulse(personas, huddle, meeting):
    services.record_pulse(meeting=meeting, by=personas.member, score=1, word="exhausted")
    for path in (f"/api/v1/meetings/{meeting.pk}/", f"/api/v1/huddles/{huddle.pk}/pulse/"):
        body = api_as(personas.lead).get(path).content.decode()
        assert "exhausted" not in body
    assert api_as(personas.lead).get(f"/api/v1/meetings/{meeting.pk}/").json()["my_pulse"] is None
    assert api_as(personas.member).get(f"/api/v1/meetings/{meeting.pk}/").json()["my_pulse"]["score"] == 1
    assert api_as(personas.lead).get(f"/api/v1/huddles/{huddle.pk}/pulse/").json() == [
        {"meeting_id": meeting.pk, "date": "2026-03-02", "responses": 1, "average": None}
    ]


def test_my_action_items(personas, meeting):
    services.add_action_item(meeting=meeting, by=personas.lead, text="Mine", owner=personas.member)
    services.add_action_item(meeting=meeting, by=personas.lead, text="Theirs", owner=personas.lead)
    response = api_as(personas.member).get("/api/v1/action-items/?mine=true")
    assert [a["text"] for a in response.json()["results"]] == ["Mine"]


def test_the_meeting_shows_the_flag_raised_from_an_item(personas, meeting):
    item = services.add_action_item(
        meeting=meeting, by=personas.lead, text="No minibus", owner=personas.member
    )
    api_as(personas.member).post(f"/api/v1/action-items/{item.pk}/flag/")
    body = api_as(personas.member).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["action_items"][0]["flag_status"] == "open"


def test_starting_a_meeting_twice_the_same_day_opens_the_one_started_first(personas, huddle):
    with clock.frozen_at(datetime(2026, 3, 3, 9, 0, tzinfo=UTC)):
        first = api_as(personas.member).post(f"/api/v1/huddles/{huddle.pk}/start/")
    with clock.frozen_at(datetime(2026, 3, 3, 9, 0, 40, tzinfo=UTC)):
        again = api_as(personas.lead).post(f"/api/v1/huddles/{huddle.pk}/start/")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Meeting.objects.filter(huddle=huddle, unscheduled=True).count() == 1


def test_a_cross_team_huddles_other_team_sees_it(personas):
    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Joint",
        starts_at=time(15),
        other_teams=[personas.team_b],
    )
    assert api_as(personas.sibling_member).get(f"/api/v1/huddles/{huddle.pk}/").status_code == 200


def test_a_person_outside_the_huddle_cannot_own_an_item(personas, meeting):
    stranger = UserFactory(network=personas.network)
    MembershipFactory(user=stranger, team=personas.team_c)
    response = api_as(personas.lead).post(
        f"/api/v1/meetings/{meeting.pk}/action-items/", {"text": "x", "owner": stranger.pk}
    )
    assert "owner" in assert_error(response, 400, "invalid")["errors"]


def test_a_lead_sets_up_a_cross_team_huddle_through_the_api(personas):
    body = {
        "team": personas.team_a.pk,
        "other_teams": [personas.team_b.pk],
        "name": "Joint",
        "starts_at": "15:00",
        "weekdays": [2],
    }
    response = api_as(personas.lead).post("/api/v1/huddles/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["other_teams"] == [personas.team_b.pk]


def test_meeting_times_on_the_page_are_in_the_networks_time_zone(personas, huddle):
    from django.test import Client

    personas.network.time_zone = "Asia/Tokyo"
    personas.network.save()
    with clock.frozen_at(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)):
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    client = Client()
    client.force_login(personas.member)
    assert "Tuesday 3 March 2026, 08:30" in client.get(f"/huddles/meetings/{meeting.pk}/").content.decode()
