"""A measure's stored chart carries everything about how it is drawn: subgroups, excluded periods
with their reasons, a fixed centre, a multiplier and the target in force. Built by the real rebuild
from rows in PostgreSQL, as the Celery job builds them."""

import hashlib
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse

from measures import charts
from measures import rebuild as chart_service
from measures.models import DataPoint, Measure, MeasureExclusion
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

NOISY = [10, 12, 11, 13, 9, 12, 10, 11, 13, 12, 10, 11, 12, 9, 11, 12, 10, 13, 11, 12]


def weeks(n):
    return [date(2026, 1, 5) + timedelta(weeks=i) for i in range(n)]


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


def changed(measure):
    measure.data_version += 1
    measure.save()
    return measure


def continuous(focus_area, values, **fields):
    measure = MeasureFactory(focus_area=focus_area, chart_type="i", **fields)
    for period, value in zip(weeks(len(values)), values, strict=True):
        DataPointFactory(measure=measure, period=period, value=value)
    return changed(measure)


def test_a_subgroup_measure_is_charted_as_an_xbar_chart_of_each_weeks_scores(focus_area):
    measure = MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.SUBGROUP, chart_type="xbar")
    scores = [[10, 12, 11], [13, 9, 12, 10], [11, 13], [12, 10, 11], [12, 9, 11, 13], [10, 13, 11]] * 2
    for period, observations in zip(weeks(len(scores)), scores, strict=True):
        DataPoint.objects.create(measure=measure, period=period, observations=observations)
    chart = chart_service.rebuild(changed(measure).pk)

    result = chart.result
    assert result["chart_type"] == "xbar"
    assert [p["period"] for p in result["points"]] == [w.isoformat() for w in weeks(12)]
    assert [p["n"] for p in result["points"]] == [len(s) for s in scores]
    assert result["points"][1]["value"] == pytest.approx(sum(scores[1]) / 4)
    # The limits narrow where a week has more scores.
    widths = [p["ucl"] - p["lcl"] for p in result["points"]]
    assert widths[1] < widths[0] < widths[2]
    figure = charts.figure(result)
    upper = next(t for t in figure["data"] if t["name"] == "Upper limit")
    assert upper["line"]["shape"] == "hvh"


def test_an_excluded_week_is_drawn_with_its_reason_and_left_out_of_the_limits(focus_area):
    with_outlier = NOISY[:10] + [40] + NOISY[10:]
    measure = continuous(focus_area, with_outlier)
    MeasureExclusion.objects.create(measure=measure, period=weeks(21)[10], reason="School closed for snow")
    without = continuous(focus_area, NOISY, name="Same data without that week")
    # The dates of the measure without the week line up with the others, so only the week goes.
    DataPoint.objects.filter(measure=without).delete()
    for period, value in zip(weeks(10) + weeks(21)[11:], NOISY, strict=True):
        DataPointFactory(measure=without, period=period, value=value)

    result = chart_service.rebuild(measure.pk).result
    reference = chart_service.rebuild(changed(without).pk).result

    week = result["points"][10]
    assert week["excluded"] and week["excluded_reason"] == "School closed for snow"
    assert result["options"]["exclusions"] == [weeks(21)[10].isoformat()]
    assert (
        result["points"][-1]["cl"],
        result["points"][-1]["ucl"],
        result["points"][-1]["lcl"],
    ) == pytest.approx(
        (reference["points"][-1]["cl"], reference["points"][-1]["ucl"], reference["points"][-1]["lcl"])
    )
    data = charts.figure(result)["data"][0]
    assert "Excluded: School closed for snow" in data["text"][10]
    assert data["marker"]["symbol"][10] == "circle-open"
    assert data["marker"]["symbol"][9] == "circle"


def test_the_excluded_weeks_reason_is_in_the_pages_table(client, personas, focus_area):
    measure = continuous(focus_area, NOISY)
    MeasureExclusion.objects.create(measure=measure, period=weeks(20)[4], reason="Trip week")
    chart_service.rebuild(measure.pk)
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert "Excluded: Trip week" in page


def test_a_new_exclusion_makes_the_stored_chart_rebuild_even_at_the_same_data_version(focus_area):
    measure = continuous(focus_area, NOISY)
    assert chart_service.rebuild(measure.pk).result["excluded"] == []
    MeasureExclusion.objects.create(measure=measure, period=weeks(20)[3], reason="Inset day")

    assert chart_service.rebuild(measure.pk).result["excluded"] == [3]


def test_a_multiplied_proportion_reads_per_100_pupils(focus_area):
    measure = MeasureFactory(
        focus_area=focus_area,
        data_kind=Measure.DataKind.PROPORTION,
        chart_type="p",
        multiplier=100,
        unit="pupils",
    )
    for period, numerator in zip(weeks(12), [12, 14, 15, 13] * 3, strict=True):
        DataPoint.objects.create(
            measure=measure, period=period, value=None, numerator=numerator, denominator=30
        )
    result = chart_service.rebuild(changed(measure).pk).result

    assert result["multiply"] == 100
    assert result["points"][0]["value"] == pytest.approx(40)
    yaxis = charts.figure(result)["layout"]["yaxis"]
    assert yaxis["title"]["text"] == "per 100 pupils" and "tickformat" not in yaxis


def test_a_multiplier_is_not_applied_to_a_run_chart_of_the_same_proportion(focus_area):
    measure = MeasureFactory(
        focus_area=focus_area, data_kind=Measure.DataKind.PROPORTION, chart_type="run", multiplier=100
    )
    for period, numerator in zip(weeks(12), [12, 14, 15, 13] * 3, strict=True):
        DataPoint.objects.create(
            measure=measure, period=period, value=None, numerator=numerator, denominator=30
        )
    chart = chart_service.rebuild(changed(measure).pk)

    assert chart.error == ""
    assert chart.result["multiply"] == 1
    assert charts.figure(chart.result)["layout"]["yaxis"]["tickformat"] == ".0%"


def test_a_proportion_reads_as_a_percentage_in_the_pages_table(client, personas, focus_area):
    measure = MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.PROPORTION, chart_type="p")
    for period in weeks(12):
        DataPoint.objects.create(measure=measure, period=period, value=None, numerator=16, denominator=25)
    chart_service.rebuild(changed(measure).pk)
    client.force_login(personas.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert ">64%<" in page


def test_a_fixed_centre_and_the_latest_target_reach_the_engine(focus_area):
    measure = continuous(focus_area, NOISY, centre=11.0, direction="up")
    measure.targets.create(starts_on=weeks(20)[0], value=5)
    measure.targets.create(starts_on=weeks(20)[15], value=30)
    result = chart_service.rebuild(measure.pk).result

    assert result["centre_fixed"] and result["points"][0]["cl"] == 11
    assert result["target"] == 30
    assert result["assurance_icon"] == "consistent_fail"  # 30 lies above the upper limit; higher is better


def test_a_days_between_chart_says_what_it_counts(focus_area):
    measure = MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.DAYS_BETWEEN, chart_type="t")
    for period, days in zip(weeks(12), [5, 9, 3, 14, 7, 6, 11, 4, 8, 10, 5, 12], strict=True):
        DataPointFactory(measure=measure, period=period, value=days)
    result = chart_service.rebuild(changed(measure).pk).result

    assert charts.figure(result)["layout"]["yaxis"]["title"]["text"] == "days between events"


def test_an_mr_chart_starts_at_its_second_point(focus_area):
    measure = continuous(focus_area, NOISY)
    measure.chart_type = "mr"
    measure.save()
    result = chart_service.rebuild(measure.pk).result

    assert result["points"][0]["value"] is None
    data = charts.figure(result)["data"][0]
    assert data["x"][0] == weeks(20)[1].isoformat() and None not in data["y"]


def test_the_default_options_hold_the_exclusions_as_dates(focus_area):
    measure = continuous(focus_area, NOISY, centre=11.0)
    MeasureExclusion.objects.create(measure=measure, period=weeks(20)[7], reason="Snow")

    options = charts.default_options(measure)

    assert options["exclusions"] == [weeks(20)[7].isoformat()]
    assert (options["centre"], options["multiplier"]) == (11.0, 1)


def test_a_variant_asked_for_before_the_new_options_keeps_its_key(focus_area):
    measure = continuous(focus_area, NOISY)
    old = {"chart_type": "run", "baseline": 6, "phase_dates": [], "screen_mr": True, "rules": "anhoej"}
    before = hashlib.sha256(json.dumps(old, sort_keys=True).encode()).hexdigest()[:16]

    assert charts.variant_key(measure, old) == before
    assert charts.variant_key(measure, {**old, "exclusions": [], "centre": None, "multiplier": 1}) == before


def test_a_chart_stored_before_the_new_keys_still_draws_and_its_page_still_opens(
    client, personas, focus_area
):
    measure = continuous(focus_area, NOISY)
    chart = chart_service.rebuild(measure.pk)
    legacy = dict(chart.result)
    for key in (
        "variation_icon",
        "assurance_icon",
        "warnings",
        "multiply",
        "target",
        "centre_fixed",
        "excluded",
    ):
        legacy.pop(key, None)
    legacy["points"] = [{k: v for k, v in p.items() if k not in ("excluded", "n")} for p in legacy["points"]]
    legacy["measure"] = {k: v for k, v in legacy["measure"].items() if k != "multiplier"}
    chart.result = legacy
    chart.save()
    client.force_login(personas.member)

    response = client.get(reverse("measure-detail", args=[measure.pk]))

    assert response.status_code == 200
    assert 'data-icon="variation"' not in response.content.decode()
    assert charts.figure(legacy)["data"][0]["marker"] == {"size": 7}
