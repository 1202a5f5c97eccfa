"""A measure's settings for the new kinds of data: which charts fit, a fixed centre, per 100 or 1,000."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from measures.forms import MeasureForm
from measures.models import Measure
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

NOT_PER_100 = (
    "Only proportions and rates are shown per 100 or per 1,000; leave this at 1 for this kind of data."
)


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    return SimpleNamespace(**vars(personas), focus_area=focus_area)


def form_data(**extra):
    return {
        "name": "Reading probe scores",
        "kind": "outcome",
        "definition": "Words read correctly in a minute on the weekly probe, one score per pupil.",
        "unit": "words",
        "data_kind": "subgroup",
        "direction": "up",
        "frequency": "weekly",
        "chart_type": "xbar",
        "centre": "",
        "multiplier": "1",
        "baseline": "",
        "phase_dates": "",
        "rules": "anhoej",
        "screen_mr": "on",
        "targets": "",
        **extra,
    }


def chart_values(form) -> list[str]:
    values = []
    for value, label in form.fields["chart_type"].choices:
        values.extend(v for v, _ in label) if isinstance(label, list | tuple) else values.append(value)
    return values


# --- The form -------------------------------------------------------------------------------------


def test_each_kind_of_data_is_explained_in_a_line(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("measure-create", args=[world.focus_area.pk])).content.decode()
    assert "Several values per period (e.g. one score per pupil)" in page
    assert "drawn as the mean (X̄ chart) and the spread (S chart)" in page
    assert "Days between rare events" in page and "(T chart)" in page
    assert "Opportunities between rare events" in page and "(G chart)" in page


def test_a_lead_adds_a_subgroup_measure_drawn_as_an_xbar_chart(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("measure-create", args=[world.focus_area.pk]), form_data(centre="30"))
    measure = Measure.objects.get(name="Reading probe scores")
    assert response.status_code == 302
    assert (measure.data_kind, measure.chart_type, measure.centre, measure.multiplier) == (
        "subgroup",
        "xbar",
        30.0,
        1,
    )


def test_a_chart_that_does_not_fit_the_kind_of_data_is_refused_in_words(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("measure-create", args=[world.focus_area.pk]), form_data(data_kind="days_between")
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["chart_type"]
    assert message.startswith("Days between rare events data is drawn as: T chart")
    assert not Measure.objects.exists()


def test_a_new_measure_offers_every_chart_grouped_by_kind_of_data():
    form = MeasureForm()
    groups = [name for name, charts in form.fields["chart_type"].choices if isinstance(charts, list)]
    assert "For several values per period data" in groups
    assert {"xbar", "s", "g", "t", "pp", "up", "mr"} <= set(chart_values(form))


def test_a_measure_with_data_offers_only_the_charts_of_its_kind(client, world):
    measure = MeasureFactory(focus_area=world.focus_area, data_kind="days_between", chart_type="t")
    DataPointFactory(measure=measure, value=12)
    client.force_login(world.lead)
    form = client.get(reverse("measure-edit", args=[measure.pk])).context["form"]
    assert chart_values(form) == ["", "t", "run", "i"]
    assert form.fields["data_kind"].disabled


def test_the_kind_of_data_of_a_measure_with_data_stays(client, world):
    measure = MeasureFactory(focus_area=world.focus_area, data_kind="continuous")
    DataPointFactory(measure=measure, value=12)
    client.force_login(world.lead)
    client.post(
        reverse("measure-edit", args=[measure.pk]),
        form_data(name=measure.name, data_kind="subgroup", chart_type=""),
    )
    measure.refresh_from_db()
    assert measure.data_kind == "continuous"


def test_a_proportion_is_shown_per_100(client, world):
    client.force_login(world.lead)
    client.post(
        reverse("measure-create", args=[world.focus_area.pk]),
        form_data(data_kind="proportion", chart_type="pp", multiplier="100"),
    )
    measure = Measure.objects.get()
    assert (measure.chart_type, measure.multiplier) == ("pp", 100)


def test_the_multiplier_choices_say_what_they_do():
    labels = [label for _, label in MeasureForm().fields["multiplier"].choices]
    assert labels == ["As a fraction or percentage", "Per 100", "Per 1,000"]


def test_per_100_is_refused_for_data_that_is_not_a_proportion_or_rate(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("measure-create", args=[world.focus_area.pk]), form_data(multiplier="100"))
    assert response.context["form"].errors["multiplier"] == [NOT_PER_100]
    assert not Measure.objects.exists()


def test_a_fixed_centre_that_is_not_a_number_is_refused(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("measure-create", args=[world.focus_area.pk]), form_data(centre="about 30")
    )
    assert "centre" in response.context["form"].errors


# --- The API ----------------------------------------------------------------------------------------


def api_fields(world, **extra):
    return {
        "focus_area": world.focus_area.pk,
        "name": "Exclusions",
        "kind": "balancing",
        "definition": "School days between two fixed-term exclusions.",
        **extra,
    }


def test_the_api_creates_a_days_between_measure_on_a_t_chart(world):
    response = api_as(world.lead).post(
        "/api/v1/measures/", api_fields(world, data_kind="days_between", chart_type="t", centre=20)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["data_kind"], body["effective_chart_type"], body["centre"], body["multiplier"]) == (
        "days_between",
        "t",
        20.0,
        1,
    )


def test_the_api_refuses_per_1000_for_counts(world):
    response = api_as(world.lead).post(
        "/api/v1/measures/", api_fields(world, data_kind="count", multiplier=1000)
    )
    assert assert_error(response, 400, "invalid")["errors"] == {"multiplier": [NOT_PER_100]}


def test_the_api_refuses_a_multiplier_it_does_not_offer(world):
    response = api_as(world.lead).post("/api/v1/measures/", api_fields(world, data_kind="rate", multiplier=7))
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["multiplier"]


def test_the_api_sets_a_rate_per_1000(world):
    response = api_as(world.lead).post(
        "/api/v1/measures/", api_fields(world, data_kind="rate", chart_type="up", multiplier=1000)
    )
    assert response.status_code == 201 and response.json()["multiplier"] == 1000


def test_the_api_refuses_a_g_chart_for_continuous_data(world):
    response = api_as(world.lead).post("/api/v1/measures/", api_fields(world, chart_type="g"))
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["chart_type"]


def test_patching_a_count_to_per_100_is_refused(world):
    measure = MeasureFactory(focus_area=world.focus_area, data_kind="count")
    response = api_as(world.lead).patch(f"/api/v1/measures/{measure.pk}/", {"multiplier": 100})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["multiplier"]
