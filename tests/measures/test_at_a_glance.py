"""Measures at a glance: every measure a lead or leader oversees, from the stored charts' summaries."""

from datetime import timedelta

import pytest
from django.urls import reverse

from measures.glance import summarize
from measures.models import Measure, StoredChart
from playbook import clock
from tests.support.clients import api_as, page_as
from tests.support.factories import MeasureFactory
from tests.support.glance import NOW, STEP_UP, TODAY, area, charted_measure
from tests.support.queries import assert_same_queries_after, queries_for

pytestmark = pytest.mark.django_db
URL = reverse("measures-at-a-glance")
API = reverse("api-measures-at-a-glance")


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def world(personas):
    reading = area(personas.team_a, personas.lead, "Reading fluency")
    personas.words = charted_measure(
        reading, "Words a minute", STEP_UP, unit="words", target=15, chart_type=Measure.ChartType.I
    )
    personas.absence = charted_measure(
        reading, "Absence", kind=Measure.Kind.BALANCING, last=TODAY - timedelta(weeks=6)
    )
    sibling = area(personas.team_b, personas.sibling_member, "Maths")
    personas.sibling = charted_measure(sibling, "Sibling's times tables")
    elsewhere = area(personas.team_c, personas.hub_leader, "Attendance")
    personas.elsewhere = charted_measure(elsewhere, "Cluster B attendance")
    return personas


def names(response) -> list[str]:
    return [row["measure"].name for row in response.context["rows"]]


def api_names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_the_leaders_subtree_with_summary_cells(world):
    response = page_as(world.leader).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Absence", "Words a minute", "Sibling's times tables"]
    row = next(r for r in response.context["rows"] if r["measure"] == world.words)
    assert row["latest"] == "21 words" and row["target"] == "15 words"
    assert [icon.name for icon in row["icons"]] == ["improvement_high", "inconsistent"]
    html = response.content.decode()
    assert reverse("measure-detail", args=[world.words.pk]) in html
    assert 'data-label="Latest"' in html


def test_a_lead_sees_only_their_own_teams_measures(world):
    assert names(page_as(world.lead).get(URL)) == ["Absence", "Words a minute"]


def test_a_siblings_and_another_clusters_measures_are_never_listed(world):
    assert "Sibling's times tables" not in names(page_as(world.lead).get(URL))
    assert "Cluster B attendance" not in names(page_as(world.leader).get(URL))
    assert "Cluster B attendance" in names(page_as(world.hub_leader).get(URL))


def test_members_get_a_403_because_the_table_is_for_leads_and_leaders(world):
    assert page_as(world.member).get(URL).status_code == 403
    assert page_as(world.sibling_member).get(URL).status_code == 403
    assert api_as(world.member).get(API).status_code == 403


def test_an_outsider_sees_none_of_this_network_and_cannot_filter_by_its_team(world):
    response = page_as(world.outsider).get(URL)
    assert response.status_code == 200 and names(response) == []
    assert api_names(api_as(world.outsider).get(API)) == []
    assert api_as(world.outsider).get(API, {"team": world.team_a.pk}).status_code == 400


def test_it_marks_data_older_than_two_periods_stale(world):
    rows = {r["measure"].name: r["measure"] for r in page_as(world.leader).get(URL).context["rows"]}
    assert rows["Absence"].is_stale  # six weeks since its last weekly point
    assert not rows["Words a minute"].is_stale  # last week's point
    assert 'data-testid="stale"' in page_as(world.leader).get(URL).content.decode()


def test_stale_means_more_than_two_whole_periods_without_data(world):
    focus = world.words.focus_area
    charted_measure(focus, "Three weeks ago", last=TODAY - timedelta(weeks=3))
    charted_measure(focus, "Four weeks ago", last=TODAY - timedelta(weeks=4))
    stale = names(page_as(world.lead).get(URL, {"stale": "on"}))
    assert stale == ["Absence", "Four weeks ago"]


def test_it_filters_by_team_focus_area_kind_variation_and_signal(world):
    client = page_as(world.leader)
    assert names(client.get(URL, {"team": world.team_b.pk})) == ["Sibling's times tables"]
    assert names(client.get(URL, {"focus_area": world.words.focus_area_id})) == ["Absence", "Words a minute"]
    assert names(client.get(URL, {"kind": "balancing"})) == ["Absence"]
    assert names(client.get(URL, {"variation": "improvement_high"})) == ["Words a minute"]
    assert names(client.get(URL, {"signal": "improvement"})) == ["Words a minute"]


def test_it_sorts_by_measure_latest_date_and_variation(world):
    client = page_as(world.leader)
    assert names(client.get(URL, {"sort": "measure"})) == [
        "Absence",
        "Sibling's times tables",
        "Words a minute",
    ]
    assert names(client.get(URL, {"sort": "-measure"})) == [
        "Words a minute",
        "Sibling's times tables",
        "Absence",
    ]
    assert names(client.get(URL, {"sort": "latest"}))[0] == "Absence"
    # Worst news first: concerns, changes, improvements, then common cause.
    assert names(client.get(URL, {"sort": "variation"}))[0] == "Words a minute"
    assert names(client.get(URL, {"sort": "-variation"}))[-1] == "Words a minute"


def test_a_measure_without_data_is_listed_last_by_date_with_no_chart_yet(world):
    MeasureFactory(focus_area=world.words.focus_area, name="Not started")
    response = page_as(world.lead).get(URL, {"sort": "-latest"})
    assert names(response)[-1] == "Not started"
    assert names(page_as(world.lead).get(URL, {"variation": "none"})) == ["Not started"]
    assert "No chart yet" in response.content.decode()


def test_a_bad_filter_value_is_reported_beside_its_field_and_the_rest_still_apply(world):
    response = page_as(world.leader).get(URL, {"kind": "nonsense", "team": world.team_b.pk})
    assert response.status_code == 200
    assert "kind" in response.context["filters"].errors
    assert names(response) == ["Sibling's times tables"]


def test_closed_focus_areas_are_left_out(world):
    focus = world.words.focus_area
    focus.status = "closed"
    focus.save()
    assert names(page_as(world.lead).get(URL)) == []


def test_the_page_asks_the_same_queries_for_2_measures_as_for_30(personas, django_assert_num_queries):
    focus = area(personas.team_a, personas.lead)
    charted_measure(focus, "Measure 0", STEP_UP, target=15)
    charted_measure(focus, "Measure 1")

    def grow():
        for i in range(2, 30):
            other = focus if i % 2 else area(personas.team_b, personas.lead, f"Area {i}")
            charted_measure(other, f"Measure {i}", STEP_UP if i % 3 else [1, 2, 3, 4], target=i)

    assert_same_queries_after(page_as(personas.leader), URL, grow, django_assert_num_queries)


def test_the_api_asks_the_same_queries_for_2_measures_as_for_30(personas, django_assert_num_queries):
    focus = area(personas.team_a, personas.lead)
    charted_measure(focus, "Measure 0")
    charted_measure(focus, "Measure 1")
    client = api_as(personas.leader)
    small = queries_for(client, API)
    for i in range(2, 30):
        charted_measure(focus, f"Measure {i}", STEP_UP)
    with django_assert_num_queries(small):
        assert len(client.get(API).json()["results"]) == 30


def test_the_page_is_paginated_by_100(personas):
    focus = area(personas.team_a, personas.lead)
    MeasureFactory.create_batch(101, focus_area=focus)
    assert len(page_as(personas.lead).get(URL).context["rows"]) == 100
    assert len(page_as(personas.lead).get(URL, {"page": 2}).context["rows"]) == 1


# --- API ------------------------------------------------------------------------------------------


def test_the_api_answers_rows_with_the_same_filters_and_sort(world):
    client = api_as(world.leader)
    body = client.get(API, {"sort": "-measure"}).json()
    assert body["count"] == 3 and {"next", "previous", "results"} <= set(body)
    assert [r["name"] for r in body["results"]] == ["Words a minute", "Sibling's times tables", "Absence"]
    words = body["results"][0]
    assert words["latest_value"] == 21 and words["latest_text"] == "21 words" and words["target"] == 15
    assert words["variation_icon"] == "improvement_high" and words["assurance_icon"] == "inconsistent"
    assert words["signal"]["direction"] == "improvement" and words["stale"] is False
    assert words["url"] == reverse("measure-detail", args=[world.words.pk])
    assert api_names(client.get(API, {"stale": "true"})) == ["Absence"]
    assert api_names(client.get(API, {"team": world.team_b.pk})) == ["Sibling's times tables"]


@pytest.mark.parametrize(
    "params",
    [{"kind": "nonsense"}, {"variation": "sideways"}, {"sort": "colour"}, {"stale": "maybe"}, {"team": "x"}],
)
def test_the_api_answers_400_with_field_errors_on_a_bad_filter_value(world, params):
    response = api_as(world.leader).get(API, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json()["errors"])


def test_the_api_refuses_a_focus_area_outside_the_callers_reach(world):
    assert api_as(world.lead).get(API, {"focus_area": world.sibling.focus_area_id}).status_code == 400


def test_a_failed_rebuild_clears_the_summary(world):
    chart = StoredChart.objects.get(measure=world.words, variant="default")
    chart.result = None
    summarize(chart)
    assert chart.latest_value is None and chart.variation_icon == "" and chart.signal_direction == ""


def test_the_migration_fills_the_summary_of_charts_stored_before_it(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("measures.migrations.0006_stored_chart_summary")
    StoredChart.objects.update(latest_value=None, latest_period=None, variation_icon="", signal_direction="")
    migration.fill_summaries(apps, None)
    chart = StoredChart.objects.get(measure=world.words, variant="default")
    assert chart.latest_value == 21 and chart.latest_period == TODAY - timedelta(weeks=1)
    assert chart.variation_icon == "improvement_high" and chart.signal_direction == "improvement"
