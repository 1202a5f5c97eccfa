"""Focus pages ask as many queries for many focus areas, measures and points as for a few."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.support.clients import page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def measure_with_points(focus_area, name, points=3):
    measure = MeasureFactory(focus_area=focus_area, name=name)
    for week in range(points):
        DataPointFactory(measure=measure, period=date(2026, 1, 5) + timedelta(weeks=week), value=10 + week)
    return measure


def grow_focus_areas(personas, n, start=0):
    for i in range(start, start + n):
        focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title=f"Area {i}")
        measure_with_points(focus_area, f"Measure {i}")


def test_the_focus_area_list_asks_the_same_queries_for_2_areas_as_for_20(personas, django_assert_num_queries):
    grow_focus_areas(personas, 2)
    assert_same_queries_after(
        page_as(personas.leader),
        reverse("focus-area-list"),
        lambda: grow_focus_areas(personas, 18, 2),
        django_assert_num_queries,
    )


def test_a_focus_area_asks_the_same_queries_for_2_measures_as_for_20(personas, django_assert_num_queries):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")

    def grow(n, start=0):
        for i in range(start, start + n):
            measure_with_points(focus_area, f"Measure {i}")

    grow(2)
    assert_same_queries_after(
        page_as(personas.member),
        reverse("focus-area-detail", kwargs={"pk": focus_area.pk}),
        lambda: grow(18, 2),
        django_assert_num_queries,
    )


def test_a_measure_page_asks_the_same_queries_for_2_points_as_for_20(personas, django_assert_num_queries):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = measure_with_points(focus_area, "Words a minute", points=2)

    def grow():
        for week in range(2, 20):
            DataPointFactory(measure=measure, period=date(2026, 1, 5) + timedelta(weeks=week), value=week)

    assert_same_queries_after(
        page_as(personas.member),
        reverse("measure-detail", kwargs={"pk": measure.pk}),
        grow,
        django_assert_num_queries,
    )
