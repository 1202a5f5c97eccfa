"""Leaving a period out of a measure's limits, with its reason: the service, the measure page, the API."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from measures.models import Measure, MeasureExclusion
from measures.services import exclusions
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

SNOW_WEEK = date(2026, 1, 12)


@pytest.fixture
def world(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Attendance")
    measure = MeasureFactory(focus_area=focus_area, name="Pupils in on time")
    for i, value in enumerate([40, 12, 41]):
        DataPointFactory(measure=measure, period=date(2026, 1, 5 + 7 * i), value=value)
    return SimpleNamespace(**vars(personas), measure=measure)


def version(measure) -> int:
    return Measure.objects.get(pk=measure.pk).data_version


# --- The service -----------------------------------------------------------------------------------


def test_a_lead_leaves_a_period_out_with_its_reason(world):
    exclusion = exclusions.exclude(
        measure=world.measure, period=SNOW_WEEK, reason="  School closed for snow ", by=world.lead
    )
    assert (exclusion.period, exclusion.reason, exclusion.created_by) == (
        SNOW_WEEK,
        "School closed for snow",
        world.lead,
    )


def test_leaving_a_period_out_marks_the_chart_stale_and_asks_for_a_rebuild_on_commit(
    world, django_capture_on_commit_callbacks
):
    before = version(world.measure)
    with django_capture_on_commit_callbacks() as callbacks:
        exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    assert version(world.measure) == before + 1
    assert len(callbacks) == 1


def test_including_a_period_again_marks_the_chart_stale_and_asks_for_a_rebuild(
    world, django_capture_on_commit_callbacks
):
    exclusion = exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    before = version(world.measure)
    with django_capture_on_commit_callbacks() as callbacks:
        exclusions.include_again(exclusion=exclusion, by=world.lead)
    assert not MeasureExclusion.objects.exists()
    assert version(world.measure) == before + 1
    assert len(callbacks) == 1


def test_a_member_may_not_leave_a_period_out(world):
    with pytest.raises(PermissionDenied):
        exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.member)
    assert not MeasureExclusion.objects.exists()


def test_a_member_may_not_include_a_period_again(world):
    exclusion = exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    with pytest.raises(PermissionDenied):
        exclusions.include_again(exclusion=exclusion, by=world.member)
    assert MeasureExclusion.objects.exists()


@pytest.mark.parametrize(
    "period, reason, field, message",
    [
        (date(2026, 2, 2), "Snow", "period", "Pupils in on time has no data for 2 February 2026"),
        (SNOW_WEEK, "   ", "reason", "Say why the period is left out"),
        (SNOW_WEEK, "x" * 201, "reason", "Keep the reason to 200 characters (201 given)."),
    ],
)
def test_a_period_without_data_or_a_missing_reason_is_refused(world, period, reason, field, message):
    with pytest.raises(ValidationError) as caught:
        exclusions.exclude(measure=world.measure, period=period, reason=reason, by=world.lead)
    assert caught.value.message_dict[field][0].startswith(message)
    assert not MeasureExclusion.objects.exists()


def test_a_period_left_out_twice_is_refused(world):
    exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    with pytest.raises(ValidationError) as caught:
        exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow again", by=world.lead)
    assert caught.value.message_dict == {"period": ["12 January 2026 is already left out of the limits."]}


# --- The measure page --------------------------------------------------------------------------------


def test_the_page_offers_the_measures_periods_to_leave_out(client, world):
    client.force_login(world.lead)
    response = client.get(world.measure.get_absolute_url())
    choices = [value for value, _ in response.context["exclusion_form"].fields["period"].choices]
    assert choices == ["2026-01-19", "2026-01-12", "2026-01-05"]
    assert "Leave a period out of the limits" in response.content.decode()


def test_a_member_sees_the_reasons_but_not_the_form(client, world):
    exclusions.exclude(
        measure=world.measure, period=SNOW_WEEK, reason="School closed for snow", by=world.lead
    )
    client.force_login(world.member)
    page = client.get(world.measure.get_absolute_url()).content.decode()
    assert "School closed for snow" in page
    assert 'data-testid="exclusion-form"' not in page and "Include again" not in page


def test_a_lead_leaves_a_period_out_from_the_page(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("measure-exclude", args=[world.measure.pk]),
        {"period": "2026-01-12", "reason": "School closed for snow"},
    )
    assert response.status_code == 302
    page = client.get(world.measure.get_absolute_url()).content.decode()
    assert "School closed for snow" in page and "left out of the limits</span>" in page
    # The period left out is no longer offered.
    assert '<option value="2026-01-12"' not in page


def test_a_blank_reason_is_refused_on_the_page(client, world):
    client.force_login(world.lead)
    response = client.post(reverse("measure-exclude", args=[world.measure.pk]), {"period": "2026-01-12"})
    assert response.status_code == 200
    assert response.context["exclusion_form"].errors["reason"] == ["This field is required."]
    assert not MeasureExclusion.objects.exists()


def test_a_doctored_period_is_refused_on_the_page(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("measure-exclude", args=[world.measure.pk]), {"period": "2026-02-02", "reason": "Snow"}
    )
    assert response.status_code == 200
    assert "period" in response.context["exclusion_form"].errors


def test_a_lead_includes_a_period_again_from_the_page(client, world):
    exclusion = exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    client.force_login(world.lead)
    response = client.post(reverse("exclusion-include-again", args=[exclusion.pk]))
    assert response.status_code == 302
    assert not MeasureExclusion.objects.exists()


def test_a_member_cannot_include_a_period_again_from_the_page(client, world):
    exclusion = exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    client.force_login(world.member)
    assert client.post(reverse("exclusion-include-again", args=[exclusion.pk])).status_code == 403
    assert MeasureExclusion.objects.exists()


def test_someone_from_another_team_cannot_learn_of_an_exclusion(client, world):
    exclusion = exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    client.force_login(world.sibling_member)
    assert client.post(reverse("exclusion-include-again", args=[exclusion.pk])).status_code == 404
    assert client.post(reverse("exclusion-include-again", args=[exclusion.pk + 99])).status_code == 404


# --- The API ----------------------------------------------------------------------------------------


def url(measure, period=None):
    return f"/api/v1/measures/{measure.pk}/exclusions/" + (f"{period}/" if period else "")


def test_the_api_lists_a_measures_exclusions_with_their_reasons(world):
    exclusions.exclude(
        measure=world.measure, period=SNOW_WEEK, reason="School closed for snow", by=world.lead
    )
    body = api_as(world.member).get(url(world.measure)).json()
    assert [(e["period"], e["reason"], e["created_by"]) for e in body["results"]] == [
        ("2026-01-12", "School closed for snow", world.lead.pk)
    ]


def test_the_api_leaves_a_period_out(world):
    response = api_as(world.lead).post(url(world.measure), {"period": "2026-01-12", "reason": "Snow"})
    assert response.status_code == 201
    assert response.json()["reason"] == "Snow"
    assert MeasureExclusion.objects.get().period == SNOW_WEEK


@pytest.mark.parametrize(
    "body, field",
    [
        ({"period": "2026-02-02", "reason": "Snow"}, "period"),
        ({"period": "2026-01-12", "reason": ""}, "reason"),
        ({"period": "2026-01-12"}, "reason"),
        ({"period": "soon", "reason": "Snow"}, "period"),
    ],
)
def test_the_api_refuses_a_bad_exclusion_with_a_field_error(world, body, field):
    response = api_as(world.lead).post(url(world.measure), body)
    assert list(assert_error(response, 400, "invalid")["errors"]) == [field]


def test_the_api_refuses_a_period_already_left_out(world):
    exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    response = api_as(world.lead).post(url(world.measure), {"period": "2026-01-12", "reason": "Snow"})
    assert assert_error(response, 400, "invalid")["errors"] == {
        "period": ["12 January 2026 is already left out of the limits."]
    }


def test_a_member_cannot_leave_a_period_out_through_the_api(world):
    response = api_as(world.member).post(url(world.measure), {"period": "2026-01-12", "reason": "Snow"})
    assert response.status_code == 403
    assert not MeasureExclusion.objects.exists()


def test_the_api_includes_a_period_again(world):
    exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    assert api_as(world.lead).delete(url(world.measure, "2026-01-12")).status_code == 204
    assert not MeasureExclusion.objects.exists()


def test_the_api_says_404_for_a_period_not_left_out(world):
    assert api_as(world.lead).delete(url(world.measure, "2026-01-19")).status_code == 404


def test_a_member_cannot_include_a_period_again_through_the_api(world):
    exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    assert api_as(world.member).delete(url(world.measure, "2026-01-12")).status_code == 403
    assert MeasureExclusion.objects.exists()


def test_the_measure_page_asks_the_same_queries_for_1_exclusion_as_for_3(
    client, world, django_assert_num_queries
):
    def grow():
        for period in (date(2026, 1, 5), date(2026, 1, 19)):
            exclusions.exclude(measure=world.measure, period=period, reason="Inset day", by=world.lead)

    exclusions.exclude(measure=world.measure, period=SNOW_WEEK, reason="Snow", by=world.lead)
    client.force_login(world.lead)
    assert_same_queries_after(client, world.measure.get_absolute_url(), grow, django_assert_num_queries)
