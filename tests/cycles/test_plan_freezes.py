"""A cycle's plan freezes when it starts, as its predictions do; only the end date moves, with a reason."""

from datetime import date

import pytest

from cycles import services
from cycles.models import Cycle, CycleEvent
from tests.support.clients import api_as, assert_error, page_as
from tests.support.cycles import END, make_plan, make_world, run_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return make_world(personas)


@pytest.fixture
def started(world):
    return run_to(make_plan(world), "doing", world.member)


def url(cycle):
    return f"/api/v1/cycles/{cycle.pk}/"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("objective", "See whether paired reading lifts enjoyment."),
        ("questions", "Does it work for boys?"),
        ("starts_on", "2026-03-03"),
        ("scale_count", 12),
        ("scale_unit", "classes"),
        ("who", "Ms Patel"),
        ("where", "Year 5"),
        ("data_plan", "A weekly probe."),
    ],
)
def test_changing_a_started_cycles_plan_in_the_api_is_a_409(world, started, field, value):
    before = Cycle.objects.values(field).get(pk=started.pk)
    response = api_as(world.member).patch(url(started), {field: value}, format="json")
    body = assert_error(response, 409, "conflict")
    assert "Record a deviation in Do" in body["detail"]
    assert Cycle.objects.values(field).get(pk=started.pk) == before


def test_the_same_plan_sent_back_unchanged_is_accepted(world, started):
    body = {"objective": started.objective, "starts_on": started.starts_on.isoformat(), "title": "Renamed"}
    response = api_as(world.member).patch(url(started), body, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"


def test_the_plan_can_change_while_the_cycle_is_still_planned(world):
    plan = make_plan(world)
    response = api_as(world.member).patch(url(plan), {"objective": "A sharper aim."}, format="json")
    assert response.status_code == 200


def test_changing_a_started_cycles_plan_on_the_page_is_refused_with_the_way_forward(world, started):
    page = page_as(world.member)
    form = page.get(f"/cycles/{started.pk}/plan/").context["form"]
    posted = {name: form.initial.get(name) or "" for name in form.fields if name != "collaborators"}
    posted.update(objective="A new objective.", starts_on=started.starts_on.isoformat())
    posted["ends_on"] = started.ends_on.isoformat()

    response = page.post(f"/cycles/{started.pk}/plan/", posted)

    assert response.status_code == 200
    assert "Record a deviation in Do instead" in response.content.decode()
    assert Cycle.objects.get(pk=started.pk).objective == started.objective


def test_the_end_date_moves_after_the_start_with_a_reason_the_history_keeps(world, started):
    response = api_as(world.member).patch(
        url(started), {"ends_on": "2026-03-20", "end_date_reason": "Half-term came early."}, format="json"
    )
    assert response.status_code == 200
    assert Cycle.objects.get(pk=started.pk).ends_on == date(2026, 3, 20)
    moved = CycleEvent.objects.get(cycle=started, kind=CycleEvent.Kind.END_MOVED)
    assert moved.by == world.member
    assert moved.note == "End date moved from 13 March 2026 to 20 March 2026: Half-term came early."
    events = api_as(world.member).get(url(started) + "events/").json()
    assert events[-1]["kind"] == "end_moved"


def test_moving_the_end_date_after_the_start_needs_a_reason(world, started):
    response = api_as(world.member).patch(url(started), {"ends_on": "2026-03-20"}, format="json")
    body = assert_error(response, 400, "invalid")
    assert "end_date_reason" in body["errors"]
    assert Cycle.objects.get(pk=started.pk).ends_on == END


def test_the_end_date_moves_on_the_page_with_a_reason(world, started):
    page = page_as(world.member)
    form = page.get(f"/cycles/{started.pk}/plan/").context["form"]
    posted = {name: form.initial.get(name) or "" for name in form.fields if name != "collaborators"}
    posted.update(starts_on=started.starts_on.isoformat(), ends_on="2026-03-27")
    posted["end_date_reason"] = "Two pupils were away."

    assert page.post(f"/cycles/{started.pk}/plan/", posted).status_code == 302
    assert Cycle.objects.get(pk=started.pk).ends_on == date(2026, 3, 27)
    assert CycleEvent.objects.filter(cycle=started, kind="end_moved", note__endswith="were away.").exists()


def test_the_service_refuses_a_started_plan_change_like_a_frozen_prediction(world, started):
    with pytest.raises(services.PlanFrozen):
        services.update_cycle(cycle=started, by=world.member, scale_count=30)
