"""The measure page shows its latest points and links to every one of them, a page at a time; what a
row offers (change, delete) is decided once for the page, as the permission rule decides it per point."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from measures.models import Measure
from measures.permissions import point_corrector
from measures.views.focus import DATA_PAGE_SIZE, LATEST_POINTS
from playbook import permissions
from tests.support.clients import page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

START = date(2025, 1, 6)


def week(i):
    return START + timedelta(weeks=i)


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = MeasureFactory(focus_area=focus_area, name="Words a minute", kind=Measure.Kind.OUTCOME)
    return SimpleNamespace(**vars(personas), focus_area=focus_area, measure=measure)


def add_points(measure, n, start=0, by=None):
    for i in range(start, start + n):
        DataPointFactory(measure=measure, period=week(i), value=10 + i, entered_by=by)


def periods_shown(response):
    return [row.point.period for row in response.context["rows"]]


def test_the_measure_page_shows_the_latest_points_newest_first(world):
    add_points(world.measure, LATEST_POINTS + 5)

    response = page_as(world.member).get(world.measure.get_absolute_url())

    assert periods_shown(response) == [week(i) for i in reversed(range(5, LATEST_POINTS + 5))]
    assert response.content.decode().count('data-testid="data-row"') == LATEST_POINTS
    assert f"the latest {LATEST_POINTS} of {LATEST_POINTS + 5} periods" in response.content.decode()


def test_the_measure_page_links_to_all_the_points_when_it_shows_only_the_latest(world):
    add_points(world.measure, LATEST_POINTS + 1)

    page = page_as(world.member).get(world.measure.get_absolute_url()).content.decode()

    assert f'href="{reverse("measure-data", args=[world.measure.pk])}"' in page
    assert f"All {LATEST_POINTS + 1} periods" in page


def test_a_short_series_is_shown_whole_without_a_link_to_more(world):
    add_points(world.measure, 3)

    response = page_as(world.member).get(world.measure.get_absolute_url())

    assert len(periods_shown(response)) == 3
    assert 'data-testid="all-data"' not in response.content.decode()
    assert "(3 periods, newest first)" in response.content.decode()


def test_the_data_page_lists_every_point_a_page_at_a_time(world):
    add_points(world.measure, DATA_PAGE_SIZE + 10)
    client, url = page_as(world.member), reverse("measure-data", args=[world.measure.pk])

    first, second = client.get(url), client.get(url, {"page": 2})

    assert len(periods_shown(first)) == DATA_PAGE_SIZE and periods_shown(first)[0] == week(DATA_PAGE_SIZE + 9)
    assert periods_shown(second) == [week(i) for i in reversed(range(10))]
    assert "Older →" in first.content.decode() and "← Newer" in second.content.decode()


def test_the_change_link_of_a_point_older_than_the_latest_prefills_the_entry_form(world):
    add_points(world.measure, LATEST_POINTS + 5)
    oldest = world.measure.data_points.get(period=week(0))

    data_page = page_as(world.lead).get(reverse("measure-data", args=[world.measure.pk]), {"page": 1})
    change_url = next(row.change_url for row in data_page.context["rows"] if row.point == oldest)
    response = page_as(world.lead).get(change_url)

    assert change_url == f"{world.measure.get_absolute_url()}?period={week(0).isoformat()}#entry"
    assert response.context["editing"]
    assert response.context["form"].initial["value"] == "10"


def test_a_member_may_change_only_the_points_they_entered(world):
    add_points(world.measure, 2, by=world.lead)
    add_points(world.measure, 1, start=2, by=world.member)

    for url in (world.measure.get_absolute_url(), reverse("measure-data", args=[world.measure.pk])):
        rows = page_as(world.member).get(url).context["rows"]
        assert [(row.point.period, row.may_change) for row in rows] == [
            (week(2), True),
            (week(1), False),
            (week(0), False),
        ]


def test_each_row_deletes_its_own_point(world):
    add_points(world.measure, 2, by=world.lead)
    client = page_as(world.lead)
    row = client.get(world.measure.get_absolute_url()).context["rows"][0]

    assert row.delete_url == reverse("point-delete", args=[row.point.pk])
    assert client.post(row.delete_url).status_code == 302
    assert not world.measure.data_points.filter(pk=row.point.pk).exists()


@pytest.mark.parametrize("persona", ["member", "lead", "leader", "admin", "sibling_member", "outsider"])
def test_the_page_wide_decision_agrees_with_the_rule_for_each_point(world, persona):
    add_points(world.measure, 1, by=world.lead)
    add_points(world.measure, 1, start=1, by=world.member)
    user = getattr(world, persona)
    may_correct = point_corrector(user, world.measure)

    for point in world.measure.data_points.select_related("measure__focus_area"):
        assert may_correct(point) == permissions.can(user, permissions.CHANGE, point)
        assert may_correct(point) == permissions.can(user, permissions.DELETE, point)


def test_the_measure_page_asks_the_same_queries_for_2_points_as_for_45(world, django_assert_num_queries):
    add_points(world.measure, 2, by=world.member)
    assert_same_queries_after(
        page_as(world.member),
        world.measure.get_absolute_url(),
        lambda: add_points(world.measure, 43, start=2, by=world.lead),
        django_assert_num_queries,
    )


def test_the_data_page_asks_the_same_queries_for_3_points_as_for_60(world, django_assert_num_queries):
    add_points(world.measure, 3, by=world.member)
    assert_same_queries_after(
        page_as(world.member),
        reverse("measure-data", args=[world.measure.pk]),
        lambda: add_points(world.measure, 57, start=3, by=world.lead),
        django_assert_num_queries,
    )
