"""The huddles API answers what its schema says: found by the schema fuzz test (tests/test_api_fuzz.py)."""

import pytest

from huddles import services
from huddles.models import FlagReply
from playbook import clock
from tests.support.andon import raise_at
from tests.support.clients import api_as
from tests.support.schema import api_schema, assert_documented, operation_schema

pytestmark = pytest.mark.django_db


def test_a_meeting_with_nobody_in_its_roles_answers_as_documented(personas, meeting):
    response = api_as(personas.member).get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.json()["facilitator"] is None
    assert_documented(response)


def test_a_flag_reply_with_no_person_recorded_answers_as_documented(personas, huddle, meeting):
    flag = raise_at(meeting.scheduled_start, by=personas.member, team=personas.team_a)
    FlagReply.objects.create(
        huddle=huddle, flag=flag, meeting=meeting, reply="Cover arranged", by=None, created_at=clock.now()
    )
    response = api_as(personas.member).get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.json()["flag_replies"][0]["by"] is None
    assert_documented(response)


def test_a_huddle_answers_its_start_time_as_documented(personas, huddle):
    response = api_as(personas.member).get(f"/api/v1/huddles/{huddle.pk}/")
    assert response.json()["starts_at"] == "08:30:00"
    assert_documented(response)


def test_a_start_time_is_documented_as_a_time_of_day_without_an_offset():
    body = operation_schema("post", "/api/v1/huddles/")["requestBody"]["content"]["application/json"]
    starts_at = _component(body["schema"])["properties"]["starts_at"]
    # OpenAPI's "time" format demands an offset ("08:30:00Z"), which a local time does not have.
    assert "format" not in starts_at
    assert starts_at["pattern"]


def test_an_entry_never_edited_answers_as_documented(personas, meeting):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Reading corner is busy")
    response = api_as(personas.member).get(f"/api/v1/note-entries/{entry.pk}/")
    assert response.json()["edited_at"] is None
    assert_documented(response)


@pytest.mark.parametrize("path", ["huddles/{h}/notes/", "huddles/{h}/pulse/", "meetings/{m}/entries/"])
def test_sub_lists_are_bare_lists_as_documented(personas, huddle, meeting, path):
    services.add_entry(meeting=meeting, by=personas.member, text="Reading corner is busy")
    response = api_as(personas.member).get("/api/v1/" + path.format(h=huddle.pk, m=meeting.pk))
    assert isinstance(response.json(), list)
    assert_documented(response)


def _component(schema: dict) -> dict:
    return api_schema()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
