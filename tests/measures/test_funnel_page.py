"""Comparing one measure across teams: a funnel plot of the teams the person can see."""

import datetime

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.support.clients import page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 1, 5)


def week(i):
    return MONDAY + datetime.timedelta(weeks=i)


def attendance(team, points, name="Attendance"):
    """A proportion measure in ``team`` with (numerator, denominator) per week, oldest first."""
    measure = MeasureFactory(
        focus_area=FocusAreaFactory(team=team, title=f"{team.name} focus"),
        name=name,
        data_kind=Measure.DataKind.PROPORTION,
    )
    for i, (y, n) in enumerate(points):
        DataPointFactory(measure=measure, period=week(i), value=None, numerator=y, denominator=n)
    return measure


@pytest.fixture
def teams(personas):
    # The latest weeks pool to 125 / 625 = 0.2, as in tests/spc/test_funnel.py.
    return {
        "a": attendance(personas.team_a, [(1, 10), (12, 25)]),
        "b": attendance(personas.team_b, [(50, 50), (29, 100)]),
        "c": attendance(personas.team_c, [(64, 400)]),
    }


def test_a_leader_sees_every_team_below_them_on_the_funnel(personas, teams):
    response = page_as(personas.hub_leader).get(reverse("measure-compare", args=[teams["a"].pk]))
    assert response.status_code == 200
    chart = response.context["chart"]
    assert [(u.label, u.numerator, u.denominator) for u in chart.units] == [
        ("Team A", 12, 25),
        ("Team B", 29, 100),
        ("Team C", 64, 400),
    ]
    assert chart.centre == pytest.approx(105 / 525)
    html = response.content.decode()
    assert 'data-figure="funnel-figure"' in html
    assert html.count('data-testid="funnel-row"') == 3


def test_a_cluster_leader_sees_only_the_teams_of_their_cluster(personas, teams):
    response = page_as(personas.leader).get(reverse("measure-compare", args=[teams["a"].pk]))
    labels = [u.label for u in response.context["chart"].units]
    assert labels == ["Team A", "Team B"]
    assert "Team C" not in response.content.decode()


def test_a_member_sees_only_their_own_team(personas, teams):
    response = page_as(personas.member).get(reverse("measure-compare", args=[teams["a"].pk]))
    assert [u.label for u in response.context["chart"].units] == ["Team A"]
    assert "nothing to be compared with yet" in response.content.decode()


def test_the_sum_over_the_last_periods_can_be_chosen(personas, teams):
    response = page_as(personas.leader).get(reverse("measure-compare", args=[teams["a"].pk]), {"periods": 3})
    units = response.context["chart"].units
    assert [(u.numerator, u.denominator) for u in units] == [(13, 35), (79, 150)]
    assert "Last 3 periods together" in response.content.decode()


def test_a_bad_choice_of_periods_falls_back_to_the_latest_with_a_message(personas, teams):
    response = page_as(personas.leader).get(reverse("measure-compare", args=[teams["a"].pk]), {"periods": 7})
    assert response.status_code == 200
    assert [u.denominator for u in response.context["chart"].units] == [25, 100]
    assert "Select a valid choice" in response.content.decode()


def test_teams_outside_the_limits_are_named_in_the_table(personas, teams):
    DataPointFactory(
        measure=attendance(personas.team_b, [(20, 100)], name="Other"),
        period=week(5),
        value=None,
        numerator=1,
        denominator=2,
    )
    response = page_as(personas.hub_leader).get(reverse("measure-compare", args=[teams["a"].pk]))
    html = response.content.decode()
    # A 48% of 25 is above the 99.8% limit (44.7%); B 29% of 100 above the 95% (27.8%); C 16% below it.
    assert "Above the 99.8% limits" in html
    assert "Above the 95% limits" in html
    assert "Below the 95% limits" in html
    assert "Other" not in [u.label for u in response.context["chart"].units]


def test_a_measure_that_is_not_a_proportion_or_rate_says_why_there_is_no_funnel(personas):
    measure = MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a))
    response = page_as(personas.member).get(reverse("measure-compare", args=[measure.pk]))
    assert response.status_code == 200
    assert 'data-testid="funnel-not-possible"' in response.content.decode()


def test_a_team_without_data_is_listed_apart(personas, teams):
    attendance(personas.team_b, [], name="attendance")
    response = page_as(personas.leader).get(reverse("measure-compare", args=[teams["a"].pk]))
    assert "No data yet: Team B · Team B focus" in response.content.decode()


def test_the_measure_page_links_to_the_comparison(personas, teams):
    response = page_as(personas.member).get(reverse("measure-detail", args=[teams["a"].pk]))
    assert reverse("measure-compare", args=[teams["a"].pk]) in response.content.decode()


def test_someone_who_cannot_see_the_measure_gets_a_404(personas, teams):
    for who in (personas.sibling_member, personas.outsider):
        assert page_as(who).get(reverse("measure-compare", args=[teams["a"].pk])).status_code == 404


def test_the_funnel_page_asks_the_same_queries_for_many_teams_and_periods(
    personas, teams, django_assert_num_queries
):
    def grow():
        for team in (personas.team_a, personas.team_b, personas.team_c):
            for _ in range(3):
                attendance(team, [(5, 20)] * 10)

    url = reverse("measure-compare", args=[teams["a"].pk])
    count = assert_same_queries_after(
        page_as(personas.hub_leader), url, grow, django_assert_num_queries, data={"periods": 6}
    )
    assert count <= 12
