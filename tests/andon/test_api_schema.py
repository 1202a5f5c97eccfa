"""The andon API answers what its schema says: found by the schema fuzz test (tests/test_api_fuzz.py)."""

import pytest

from andon import services
from tests.support.clients import api_as
from tests.support.schema import assert_documented

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sub_list", ["comments", "events"])
def test_a_flags_sub_lists_are_bare_lists_as_documented(personas, flag, sub_list):
    services.comment_on_flag(flag=flag, by=personas.member, text="Still no cover")
    response = api_as(personas.member).get(f"/api/v1/flags/{flag.pk}/{sub_list}/")
    assert isinstance(response.json(), list)
    assert_documented(response)


def test_acknowledging_a_flag_twice_is_a_documented_400(personas, flag):
    client = api_as(personas.lead)
    client.post(f"/api/v1/flags/{flag.pk}/acknowledge/")
    response = client.post(f"/api/v1/flags/{flag.pk}/acknowledge/")
    assert response.status_code == 400
    assert_documented(response)


def test_the_working_day_is_answered_as_documented_times_of_day(personas):
    response = api_as(personas.member).get("/api/v1/escalation-policy/")
    assert response.json()["working_hours"]["day_starts"] == "08:00:00"
    assert_documented(response)
