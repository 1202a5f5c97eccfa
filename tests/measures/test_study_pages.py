"""The reflection page's spread panel: a histogram with its frequency table, and the latest period by
pupil group with small groups left out and the reason shown."""

import datetime
import json

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.support.clients import page_as
from tests.support.factories import (
    DataPointFactory,
    FocusAreaFactory,
    GroupPointFactory,
    MeasureFactory,
    PupilGroupFactory,
)
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 1, 5)
VALUES = [1, 2, 2, 3, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 21, 30]


def week(i):
    return MONDAY + datetime.timedelta(weeks=i)


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")


def minutes(focus_area, values=VALUES):
    measure = MeasureFactory(focus_area=focus_area, name="Minutes read", unit="min")
    for i, v in enumerate(values):
        DataPointFactory(measure=measure, period=week(i), value=v)
    return measure


def figure(response, dom_id):
    html = response.content.decode()
    start = html.index(f'<script id="{dom_id}"')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def test_the_reflection_page_loads_the_spread_panel_in_place(personas, focus_area):
    measure = minutes(focus_area)
    response = page_as(personas.member).get(reverse("focus-area-reflection", args=[focus_area.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="study-spread"' in html
    assert f'hx-get="{reverse("focus-area-study", args=[focus_area.pk])}"' in html
    assert measure.name in html


def test_the_panel_draws_numpy_auto_bins_with_their_table(personas, focus_area):
    measure = minutes(focus_area)
    url = reverse("focus-area-study", args=[focus_area.pk])
    response = page_as(personas.member).get(url, {"measure": measure.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()  # the panel alone, for htmx
    drawn = figure(response, "study-histogram-figure")
    assert drawn["data"][0]["y"] == [5, 6, 5, 2, 1, 1]
    table = response.context["table"]
    assert [r.count for r in table.rows] == [5, 6, 5, 2, 1, 1]
    assert "1 to 5.83" in response.content.decode()


def test_without_htmx_the_panel_is_a_page_of_its_own(personas, focus_area):
    minutes(focus_area)
    response = page_as(personas.member).get(reverse("focus-area-study", args=[focus_area.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>How the values spread</h1>" in html
    assert 'data-figure="study-histogram-figure"' in html


def test_a_measure_of_another_focus_area_is_refused_with_a_message(personas, focus_area):
    minutes(focus_area)
    elsewhere = MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a))
    url = reverse("focus-area-study", args=[focus_area.pk])
    for bad in (elsewhere.pk, "x"):
        response = page_as(personas.member).get(url, {"measure": bad})
        assert response.status_code == 200
        assert "Choose one of this focus area" in response.content.decode()


def test_a_sibling_team_cannot_see_the_panel(personas, focus_area):
    minutes(focus_area)
    response = page_as(personas.sibling_member).get(reverse("focus-area-study", args=[focus_area.pk]))
    assert response.status_code == 404


def test_pupil_groups_below_the_smallest_shown_are_left_out_with_the_reason(personas, focus_area):
    personas.network.smallest_group_shown = 10
    personas.network.save()
    measure = MeasureFactory(focus_area=focus_area, name="Absences", data_kind=Measure.DataKind.COUNT)
    eligible = PupilGroupFactory(network=personas.network, name="Eligible")
    not_eligible = PupilGroupFactory(network=personas.network, name="Not eligible")
    tiny = PupilGroupFactory(network=personas.network, name="Tiny")
    tinier = PupilGroupFactory(network=personas.network, name="Tinier")
    GroupPointFactory(measure=measure, group=eligible, period=week(0), value=99, pupils=30)  # older period
    GroupPointFactory(measure=measure, group=eligible, period=week(1), value=1, pupils=40)
    GroupPointFactory(measure=measure, group=not_eligible, period=week(1), value=2, pupils=60)
    # Two small groups, so neither can be worked out from the rest (one alone would hide another).
    GroupPointFactory(measure=measure, group=tiny, period=week(1), value=3, pupils=4)
    GroupPointFactory(measure=measure, group=tinier, period=week(1), value=4, pupils=3)
    response = page_as(personas.member).get(
        reverse("focus-area-study", args=[focus_area.pk]), {"measure": measure.pk}
    )
    groups = response.context["groups"]
    assert groups["period"] == week(1)
    assert [(r.name, r.value, r.reason != "") for r in groups["rows"]] == [
        ("Eligible", 1, False),
        ("Not eligible", 2, False),
        ("Tiny", None, True),
        ("Tinier", None, True),
    ]
    html = response.content.decode()
    assert "Hidden: fewer than 10 pupils" in html
    bar = figure(response, "study-groups-bar")["data"][0]
    assert bar["x"] == [1, 2]  # the tiny groups' 3 and 4 are nowhere in the figure
    pie = figure(response, "study-groups-pie")["data"][0]
    assert pie["values"] == [1, 2]
    assert pie["customdata"] == ["33%", "67%"]  # 33.3 and 66.7: shown as 33 + 67 = 100


def test_a_continuous_measure_by_group_is_drawn_as_bars_only(personas, focus_area):
    measure = minutes(focus_area, [10])
    for name, value in (("A", 5.5), ("B", 7.25)):
        group = PupilGroupFactory(network=personas.network, name=name)
        GroupPointFactory(measure=measure, group=group, period=week(0), value=value, pupils=25)
    response = page_as(personas.member).get(
        reverse("focus-area-study", args=[focus_area.pk]), {"measure": measure.pk}
    )
    assert response.context["groups"]["pie"] is None
    assert "not parts of one whole" in response.content.decode()


def test_the_panel_asks_the_same_queries_for_many_points_and_groups(
    personas, focus_area, django_assert_num_queries
):
    measure = minutes(focus_area, VALUES[:5])
    groups = [PupilGroupFactory(network=personas.network, name=f"G{i}") for i in range(20)]
    GroupPointFactory(measure=measure, group=groups[0], period=week(0), value=1, pupils=30)

    def grow():
        for i, v in enumerate(VALUES[5:], start=5):
            DataPointFactory(measure=measure, period=week(i), value=v)
        for group in groups[1:]:
            GroupPointFactory(measure=measure, group=group, period=week(0), value=2, pupils=30)

    url = reverse("focus-area-study", args=[focus_area.pk])
    assert_same_queries_after(
        page_as(personas.member), url, grow, django_assert_num_queries, data={"measure": measure.pk}
    )


def test_groups_of_different_dimensions_are_named_with_their_dimension_and_get_no_pie(personas, focus_area):
    measure = MeasureFactory(focus_area=focus_area, name="Absences", data_kind=Measure.DataKind.COUNT)
    meals = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Eligible")
    english = PupilGroupFactory(network=personas.network, dimension="English learners", name="Yes")
    GroupPointFactory(measure=measure, group=meals, period=week(0), value=4, pupils=30)
    GroupPointFactory(measure=measure, group=english, period=week(0), value=6, pupils=30)
    response = page_as(personas.member).get(
        reverse("focus-area-study", args=[focus_area.pk]), {"measure": measure.pk}
    )
    groups = response.context["groups"]
    assert [r.name for r in groups["rows"]] == ["English learners: Yes", "Free school meals: Eligible"]
    assert groups["pie"] is None
