"""``GET fishbones/{id}/diagram/``: the whole fishbone as JSON, sub-causes nested under their cause."""

import pytest

from playbook import clock
from tests.support.clients import api_as
from theory import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def fishbone(personas, focus_area):
    return services.start_fishbone(focus_area=focus_area, by=personas.lead, categories=["People"])


@pytest.fixture
def causes(personas, fishbone):
    people = fishbone.categories.get()
    cause = services.add_cause(category=people, by=personas.member, text="Cover staff change weekly")
    sub = services.add_cause(category=people, by=personas.member, text="Agency contract", parent=cause)
    services.vote(cause=sub, by=personas.member)
    return cause, sub


def diagram(personas, fishbone, **params):
    return api_as(personas.member).get(f"/api/v1/fishbones/{fishbone.pk}/diagram/", params)


def test_it_nests_each_sub_cause_under_its_cause(personas, fishbone, causes):
    cause, sub = causes

    response = diagram(personas, fishbone)

    assert response.status_code == 200, response.content[:500]
    (category,) = response.json()["categories"]
    (main,) = category["causes"]
    assert main["id"] == cause.pk and main["text"] == "Cover staff change weekly"
    assert main["sub_causes"] == [
        {"id": sub.pk, "text": "Agency contract", "position": 0, "votes": 1, "voted": True, "sub_causes": []}
    ]


def test_it_shows_sub_causes_as_they_stood_at_the_end_of_a_day(personas, fishbone, causes):
    response = diagram(personas, fishbone, as_of=clock.today().isoformat())

    assert response.status_code == 200, response.content[:500]
    (main,) = response.json()["categories"][0]["causes"]
    assert [sub["text"] for sub in main["sub_causes"]] == ["Agency contract"]
