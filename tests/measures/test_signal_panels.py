"""Home panels from the stored charts' summaries: leaders' bright spots and concerns, a lead's new signals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures import panels
from measures.models import Measure
from playbook import clock
from playbook.models import User
from tests.support.clients import api_as, page_as
from tests.support.glance import NOW, STEP_UP, TODAY, area, charted_measure

pytestmark = pytest.mark.django_db
STEP_DOWN = list(reversed(STEP_UP))


@pytest.fixture(autouse=True)
def today():
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def world(personas):
    reading = area(personas.team_a, personas.lead, "Reading fluency")
    personas.better = charted_measure(reading, "Words a minute", STEP_UP)
    personas.worse = charted_measure(reading, "Books read", STEP_DOWN)
    personas.cost = charted_measure(reading, "Minutes of break lost", STEP_UP, kind=Measure.Kind.BALANCING,
                                    direction=Measure.Direction.DOWN)  # fmt: skip
    personas.steady = charted_measure(reading, "Steady")
    personas.old_news = charted_measure(reading, "Old news", STEP_UP, last=TODAY - timedelta(weeks=8))
    sibling = area(personas.team_b, personas.sibling_member, "Maths")
    personas.sibling_better = charted_measure(sibling, "Times tables", STEP_UP)
    elsewhere = area(personas.team_c, personas.hub_leader, "Attendance")
    personas.elsewhere = charted_measure(elsewhere, "Cluster B attendance", STEP_DOWN)
    return personas


def request_as(user):
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)
    return request


def names(context) -> set[str]:
    return {row["name"] for row in context["rows"]}


def test_bright_spots_are_the_leaders_subtree_measures_improving_now(world):
    context = panels._bright_spots(request_as(world.leader))
    assert names(context) == {"Words a minute", "Times tables"}
    assert context["count"] == 2


def test_a_signal_in_data_nobody_keeps_up_is_not_a_bright_spot(world):
    assert "Old news" not in names(panels._bright_spots(request_as(world.leader)))


def test_concerns_are_deteriorations_and_balancing_measures_worsening(world):
    context = panels._concerns(request_as(world.leader))
    assert names(context) == {"Books read", "Minutes of break lost"}
    balancing = next(row for row in context["rows"] if row["name"] == "Minutes of break lost")
    assert balancing["balancing"] and balancing["direction"] == "deterioration"


def test_another_clusters_measures_never_reach_a_cluster_leader(world):
    assert "Cluster B attendance" not in names(panels._concerns(request_as(world.leader)))
    assert "Cluster B attendance" in names(panels._concerns(request_as(world.hub_leader)))


def test_leads_and_members_get_no_leaders_panels(world):
    for persona in (world.lead, world.member):
        assert panels._bright_spots(request_as(persona)) is None
        assert panels._concerns(request_as(persona)) is None


def test_a_lead_sees_the_new_signals_of_their_own_team(world):
    context = panels._new_signals(request_as(world.lead))
    assert names(context) == {"Words a minute", "Books read", "Minutes of break lost"}
    assert panels._new_signals(request_as(world.member)) is None
    assert panels._new_signals(request_as(world.leader)) is None  # the leaders' panels cover them


def test_a_signal_noticed_more_than_two_weeks_ago_is_no_longer_new(world):
    with clock.frozen_at(NOW + timedelta(days=15)):
        assert names(panels._new_signals(request_as(world.lead))) == set()


def test_a_rebuild_keeps_when_a_signal_was_first_noticed(world):
    from measures import rebuild

    chart = world.better.stored_charts.get(variant="default")
    with clock.frozen_at(NOW + timedelta(days=3)):
        rebuild.rebuild(world.better.pk, force=True)
    chart.refresh_from_db()
    assert chart.signal_noticed_at == NOW and chart.signal_direction == "improvement"


def test_each_row_links_to_the_measures_chart_on_the_home_page(world):
    html = page_as(world.leader).get(reverse("home")).content.decode()
    assert 'data-testid="panel-bright-spots"' in html and 'data-testid="panel-concerns"' in html
    assert reverse("measure-detail", args=[world.better.pk]) in html
    assert f"{reverse('measures-at-a-glance')}?signal=improvement" in html


def test_the_home_api_answers_the_same_panels(world):
    body = api_as(world.leader).get(reverse("api-home")).json()
    found = body.get("panels", body)
    assert {r["name"] for r in found["bright-spots"]["results"]} == {"Words a minute", "Times tables"}
    assert found["concerns"]["count"] == 2
    assert found["bright-spots"]["results"][0]["url"].startswith("/focus/measures/")


def queries(panel, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        panel(request_as(user))
    return len(captured.captured_queries)


@pytest.mark.parametrize("panel", [panels._bright_spots, panels._concerns, panels._new_signals])
def test_each_panel_asks_the_same_queries_for_many_signals_as_for_few(world, panel):
    user = world.lead if panel is panels._new_signals else world.leader
    few = queries(panel, user)
    reading = world.better.focus_area
    for i in range(20):
        charted_measure(reading, f"More {i}", STEP_UP if i % 2 else STEP_DOWN)
    assert queries(panel, user) == few <= 5


def test_a_long_list_counts_every_signal_and_shows_the_newest_five_of_each(world):
    reading = world.better.focus_area
    for i in range(7):
        with clock.frozen_at(NOW + timedelta(minutes=i + 1)):  # each noticed after the world's, "… 6" last
            charted_measure(reading, f"Better {i}", STEP_UP)
            charted_measure(reading, f"Worse {i}", STEP_DOWN)

    bright, concerns = (
        panels._bright_spots(request_as(world.leader)),
        panels._concerns(request_as(world.leader)),
    )

    assert (bright["count"], concerns["count"]) == (9, 9)
    assert [row["name"] for row in bright["rows"]][:3] == ["Better 6", "Better 5", "Better 4"]
    assert [row["name"] for row in concerns["rows"]][:3] == ["Worse 6", "Worse 5", "Worse 4"]
    assert len(bright["rows"]) == len(concerns["rows"]) == 5


def test_bright_spots_and_concerns_read_their_signals_in_one_query_between_them(world):
    request = request_as(world.leader)
    panels._bright_spots(request)

    with CaptureQueriesContext(connection) as captured:
        panels._concerns(request)

    assert len(captured) == 0
