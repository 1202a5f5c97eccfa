"""The API for the breakdown: the network's pupil groups, and a measure's figures per group, entered
one or many at a time (all or nothing, the same figures twice changing nothing)."""

import pytest

from measures.data_input import Rhythm
from measures.models import GroupPoint
from playbook import clock
from tests.support.clients import api_as, assert_error
from tests.support.factories import FocusAreaFactory, GroupPointFactory, MeasureFactory, PupilGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    return MeasureFactory(focus_area=focus_area, name="Reading at expected level", data_kind="proportion")


@pytest.fixture
def groups(personas):
    return [
        PupilGroupFactory(network=personas.network, dimension="English learners", name=name, position=i)
        for i, name in enumerate(("Yes", "No"))
    ]


def url(measure):
    return f"/api/v1/measures/{measure.pk}/group-points/"


def week(n=0):
    return sorted(Rhythm("weekly").recent(clock.today(), 4))[-1 - n].isoformat()


def test_everyone_in_the_network_lists_its_groups_and_only_its_own(personas, groups):
    PupilGroupFactory(network=personas.other_network, dimension="Gender", name="Girls")
    body = api_as(personas.sibling_member).get("/api/v1/pupil-groups/").json()
    assert [(g["dimension"], g["name"]) for g in body] == [
        ("English learners", "Yes"),
        ("English learners", "No"),
    ]
    assert [g["name"] for g in api_as(personas.outsider).get("/api/v1/pupil-groups/").json()] == ["Girls"]


def test_a_member_enters_one_figure_and_sending_it_again_changes_nothing(personas, measure, groups):
    client = api_as(personas.member)
    figure = {"group": groups[0].pk, "period": week(), "numerator": 8, "denominator": 12}
    created = client.post(url(measure), figure, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["pupils"], created.json()["suppressed"]) == (12, False)
    again = client.post(url(measure), figure, format="json")
    assert again.status_code == 200
    assert GroupPoint.all_objects.count() == 1
    replaced = client.post(url(measure), {**figure, "numerator": 9}, format="json")
    assert replaced.status_code == 200
    assert GroupPoint.objects.get().numerator == 9
    assert GroupPoint.all_objects.count() == 2


def test_a_list_is_stored_all_or_nothing_with_each_bad_rows_field_errors(personas, measure, groups):
    theirs = PupilGroupFactory(network=personas.other_network, dimension="Gender", name="Girls")
    rows = [
        {"group": groups[0].pk, "period": week(), "numerator": 8, "denominator": 12},
        {"group": groups[1].pk, "period": week(), "numerator": 13, "denominator": 12},
        {"group": theirs.pk, "period": week(), "numerator": 1, "denominator": 12},
        {"group": groups[1].pk, "period": "someday", "numerator": 1, "denominator": 12},
    ]
    response = api_as(personas.member).post(url(measure), rows, format="json")
    errors = assert_error(response, 400, "invalid")["errors"]["points"]
    assert set(errors) == {"2", "3"}  # shape and group are checked first, then the figures
    assert errors["2"] == {"group": ["No such pupil group in this network."]}
    assert "period" in errors["3"]
    assert not GroupPoint.all_objects.exists()
    response = api_as(personas.member).post(url(measure), rows[:2], format="json")
    assert assert_error(response, 400, "invalid")["errors"]["points"] == {
        "1": {"numerator": ["The numerator cannot be above the denominator."]}
    }
    assert not GroupPoint.all_objects.exists()


def test_a_single_bad_figure_answers_its_field_errors(personas, measure, groups):
    response = api_as(personas.member).post(
        url(measure), {"group": groups[0].pk, "period": week(), "value": 3}, format="json"
    )
    errors = assert_error(response, 400, "invalid")["errors"]
    assert errors["value"] == ["This measure takes a numerator and a denominator, not a single value."]
    assert errors["numerator"] == ["Give the numerator."]


def test_the_list_is_filtered_by_dimension_and_group(personas, measure, groups):
    girls = PupilGroupFactory(network=personas.network, dimension="Gender", name="Girls")
    for group in (*groups, girls):
        GroupPointFactory(measure=measure, group=group, value=None, numerator=5, denominator=20)
    client = api_as(personas.member)
    names = [r["group"]["name"] for r in client.get(url(measure), {"dimension": "Gender"}).json()["results"]]
    assert names == ["Girls"]
    names = [r["group"]["name"] for r in client.get(url(measure), {"group": groups[1].pk}).json()["results"]]
    assert names == ["No"]


def test_another_team_and_another_network_find_no_figures_and_enter_none(personas, measure, groups):
    figure = {"group": groups[0].pk, "period": week(), "numerator": 8, "denominator": 12}
    for who in (personas.sibling_member, personas.outsider):
        assert api_as(who).get(url(measure)).status_code == 404
        assert api_as(who).post(url(measure), figure, format="json").status_code == 404
    assert not GroupPoint.all_objects.exists()
