"""The theory API answers what its schema says: found by the schema fuzz test (tests/test_api_fuzz.py)."""

import pytest

from tests.support.clients import api_as
from tests.support.schema import assert_documented
from theory import services

pytestmark = pytest.mark.django_db

BEFORE_ANYTHING = "2000-01-01"


@pytest.fixture
def fishbone(personas, focus_area):
    return services.start_fishbone(focus_area=focus_area, by=personas.lead, categories=["People"])


@pytest.fixture
def cause(personas, fishbone):
    return services.add_cause(category=fishbone.categories.get(), by=personas.member, text="Cover changes")


@pytest.mark.parametrize("view", ["diagram", "svg"])
def test_a_fishbone_asked_for_before_it_was_started_is_a_documented_409(personas, fishbone, view):
    response = api_as(personas.member).get(
        f"/api/v1/fishbones/{fishbone.pk}/{view}/", {"as_of": BEFORE_ANYTHING}
    )
    assert response.status_code == 409
    assert_documented(response)


def test_a_5_whys_asked_for_before_it_was_started_is_a_documented_409(personas, focus_area):
    analysis = services.start_why_analysis(focus_area=focus_area, by=personas.member, problem="Slow reading")
    response = api_as(personas.member).get(
        f"/api/v1/why-analyses/{analysis.pk}/chains/", {"as_of": BEFORE_ANYTHING}
    )
    assert response.status_code == 409
    assert_documented(response)


def test_taking_a_vote_back_answers_the_cause_as_documented(personas, cause):
    client = api_as(personas.member)
    client.post(f"/api/v1/causes/{cause.pk}/vote/")
    response = client.delete(f"/api/v1/causes/{cause.pk}/vote/")
    assert response.status_code == 200
    assert response.json()["votes"] == 0
    assert_documented(response)


def test_deleting_a_category_that_still_holds_causes_is_a_documented_400(personas, fishbone, cause):
    response = api_as(personas.lead).delete(f"/api/v1/fishbone-categories/{cause.category_id}/")
    assert response.status_code == 400
    assert_documented(response)
