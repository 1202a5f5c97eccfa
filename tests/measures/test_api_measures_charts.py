"""The chart contract: stored charts read (never computed) on request, variants, and scratch analysis."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import charts
from measures import rebuild as chart_service
from measures.models import Measure, StoredChart
from measures.services import charts as chart_requests
from tests.support.clients import api_as, assert_error
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

CHART_KEYS = {"chart_type", "n", "n_useful", "centre", "runs", "phases", "points", "signals", "caption"}
RUNS_KEYS = {"longest_run", "longest_run_max", "crossings", "crossings_min", "signal"}
POINT_KEYS = {"period", "value", "cl", "ucl", "lcl", "signal", "target"}
SIGNAL_KEYS = {"rule", "start", "end", "direction"}


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    measure = MeasureFactory(
        focus_area=focus_area, name="Reading minutes", data_kind="continuous", direction="up"
    )
    # Ten low weeks, then ten high ones: a shift the runs rules must see.
    for week, value in enumerate(
        [10, 11, 9, 10, 12, 11, 10, 9, 11, 10, 20, 21, 19, 22, 20, 21, 23, 20, 22, 21]
    ):
        DataPointFactory(measure=measure, period=date(2026, 1, 5) + timedelta(weeks=week), value=value)
    return measure


def chart_url(measure) -> str:
    return f"/api/v1/measures/{measure.pk}/chart/"


# --- The stored chart -----------------------------------------------------------------------------


def test_chart_before_any_rebuild_is_a_202_pending(personas, measure):
    response = api_as(personas.member).get(chart_url(measure))
    assert response.status_code == 202
    body = response.json()
    assert (body["pending"], body["computed_at"], body["points"]) == (True, None, [])
    assert response["Retry-After"] == "2"


def test_missing_chart_is_asked_for_once_the_request_commits(
    personas, measure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        api_as(personas.member).get(chart_url(measure))
    assert len(callbacks) == 1


def test_reading_a_chart_never_computes_one(personas, measure):
    api_as(personas.member).get(chart_url(measure))
    assert not StoredChart.objects.exists()


def test_rebuilt_chart_answers_the_contract(personas, measure):
    chart_service.rebuild(measure.pk)
    response = api_as(personas.member).get(chart_url(measure))
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CHART_KEYS
    assert (body["chart_type"], body["n"], body["pending"]) == ("run", 20, False)
    assert set(body["runs"]) >= RUNS_KEYS
    assert set(body["points"][0]) >= POINT_KEYS
    assert body["points"][0]["period"] == "2026-01-05"
    assert body["signals"] and all(set(s) >= SIGNAL_KEYS for s in body["signals"])
    assert body["computed_at"] is not None


def test_chart_classifies_the_shift_by_the_measures_direction(personas, measure):
    chart_service.rebuild(measure.pk)
    signals = api_as(personas.member).get(chart_url(measure)).json()["signals"]
    shifts = {(s["start"], s["direction"]) for s in signals if s["rule"] == "shift"}
    assert shifts == {("2026-01-05", "deterioration"), ("2026-03-16", "improvement")}


def test_chart_leaves_out_the_rebuilds_own_bookkeeping(personas, measure):
    chart_service.rebuild(measure.pk)
    assert "notified" not in api_as(personas.member).get(chart_url(measure)).json()


def test_fresh_chart_asks_for_no_rebuild(personas, measure, django_capture_on_commit_callbacks):
    chart_service.rebuild(measure.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        api_as(personas.member).get(chart_url(measure))
    assert callbacks == []


def test_new_data_makes_the_chart_pending_until_rebuilt(personas, measure):
    chart_service.rebuild(measure.pk)
    client = api_as(personas.member)
    client.post(f"/api/v1/measures/{measure.pk}/data/", {"period": "2026-06-01", "value": 22})
    stale = client.get(chart_url(measure))
    assert (stale.status_code, stale.json()["pending"], stale.json()["n"]) == (200, True, 20)
    chart_service.rebuild(measure.pk)
    fresh = client.get(chart_url(measure)).json()
    assert (fresh["pending"], fresh["n"]) == (False, 21)


def test_another_chart_type_is_a_variant_of_its_own(personas, measure):
    client = api_as(personas.member)
    chart_service.rebuild(measure.pk)
    assert client.get(chart_url(measure), {"chart_type": "i"}).status_code == 202
    options = {**charts.default_options(measure), "chart_type": "i"}
    chart_service.rebuild(measure.pk, charts.variant_key(measure, options), options)
    response = client.get(chart_url(measure), {"chart_type": "i"})
    assert response.status_code == 200
    assert (response.json()["chart_type"], response.json()["pending"]) == ("i", False)
    assert response.json()["points"][0]["ucl"] is not None
    assert client.get(chart_url(measure)).json()["chart_type"] == "run"  # the default is untouched


def test_parameters_equal_to_the_measures_own_settings_read_the_default_chart(personas, measure):
    chart_service.rebuild(measure.pk)
    response = api_as(personas.member).get(chart_url(measure), {"chart_type": "run", "rules": "anhoej"})
    assert response.status_code == 200


def test_phases_and_baseline_are_options_of_the_variant(personas, measure):
    params = {"phases": "2026-03-16", "baseline": "0", "screen_mr": "false", "rules": "ihi"}
    body = api_as(personas.member).get(chart_url(measure), params).json()
    assert body["options"] == {
        "chart_type": "run",
        "baseline": None,
        "phase_dates": ["2026-03-16"],
        "screen_mr": False,
        "rules": "ihi",
        "exclusions": [],
        "centre": None,
        "multiplier": 1,
    }


def test_phase_variant_draws_each_phase_with_its_own_centre(personas, measure):
    options = {**charts.default_options(measure), "phase_dates": ["2026-03-16"]}
    chart_service.rebuild(measure.pk, charts.variant_key(measure, options), options)
    body = api_as(personas.member).get(chart_url(measure), {"phases": "2026-03-16"}).json()
    assert [(p["start"], p["end"]) for p in body["phases"]] == [(0, 9), (10, 19)]


def test_chart_type_that_does_not_fit_the_measure_is_a_field_error(personas, measure):
    body = assert_error(api_as(personas.member).get(chart_url(measure), {"chart_type": "p"}), 400, "invalid")
    assert body["errors"] == {
        "chart_type": [
            "Continuous (a number per period) data is drawn as: "
            "Run chart, I chart (individuals), MR chart (moving ranges)."
        ]
    }


def test_unknown_chart_type_is_a_field_error(personas, measure):
    response = api_as(personas.member).get(chart_url(measure), {"chart_type": "pie"})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["chart_type"]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("baseline", "abc"),
        ("baseline", "-1"),
        ("phases", "2026-13-01"),
        ("screen_mr", "maybe"),
        ("rules", "mine"),
    ],
)
def test_bad_chart_parameter_is_a_field_error(personas, measure, param, value):
    response = api_as(personas.member).get(chart_url(measure), {param: value})
    assert list(assert_error(response, 400, "invalid")["errors"]) == [param]


def test_p_chart_fits_a_proportion_measure(personas, measure):
    proportion = MeasureFactory(focus_area=measure.focus_area, data_kind="proportion")
    assert api_as(personas.member).get(chart_url(proportion), {"chart_type": "p"}).status_code == 202


def test_chart_that_cannot_be_drawn_says_why(personas, measure):
    options = {**charts.default_options(measure), "chart_type": "i"}
    variant = charts.variant_key(measure, options)
    StoredChart.objects.create(
        measure=measure, variant=variant, options=options, built_version=0, error="Too few points."
    )
    body = api_as(personas.member).get(chart_url(measure), {"chart_type": "i"}).json()
    assert (body["error"], body["pending"], body["points"]) == ("Too few points.", False, [])


def test_chart_of_an_empty_measure_says_there_is_no_data(personas, measure):
    empty = MeasureFactory(focus_area=measure.focus_area)
    chart_service.rebuild(empty.pk)
    body = api_as(personas.member).get(chart_url(empty)).json()
    assert (body["n"], body["points"], body["caption"]) == (0, [], "No data yet.")


# --- Scratch analysis -----------------------------------------------------------------------------

ANALYZE = "/api/v1/charts/analyze/"
LOW_THEN_HIGH = [10, 11, 9, 10, 12, 11, 10, 9, 11, 10, 20, 21, 19, 22, 20, 21, 23, 20, 22, 21]


def test_analysis_finds_a_shift_and_classifies_it_by_direction(personas):
    body = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH, "direction": "up"}).json()
    shifts = [(s["start"], s["end"], s["direction"]) for s in body["signals"] if s["rule"] == "shift"]
    assert shifts == [(1, 10, "deterioration"), (11, 20, "improvement")]
    assert body["runs"]["signal"] is True


def test_analysis_calls_a_rise_a_deterioration_when_lower_is_better(personas):
    body = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH, "direction": "down"}).json()
    assert {s["direction"] for s in body["signals"] if s["rule"] == "shift" and s["start"] == 11} == {
        "deterioration"
    }


def test_analysis_without_a_direction_calls_signals_neutral(personas):
    body = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH}).json()
    assert {s["direction"] for s in body["signals"]} == {"neutral"}


def test_analysis_answers_in_the_chart_contracts_shape(personas):
    response = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CHART_KEYS | {"computed_at", "pending", "annotations"}
    assert set(body["runs"]) >= RUNS_KEYS
    assert set(body["points"][0]) >= POINT_KEYS - {"target"}
    assert [p["period"] for p in body["points"][:3]] == [1, 2, 3]
    assert body["pending"] is False
    assert body["caption"].endswith("a change worth investigating. 2 other signals on the chart.")


def test_analysis_of_a_p_chart_plots_the_proportions_with_limits(personas):
    data = {"values": [18, 20, 17, 22, 19], "denominators": [30, 30, 25, 30, 30], "chart_type": "p"}
    body = api_as(personas.member).post(ANALYZE, data).json()
    assert body["chart_type"] == "p"
    assert [p["value"] for p in body["points"]] == pytest.approx([0.6, 20 / 30, 0.68, 22 / 30, 19 / 30])
    assert body["centre"] == pytest.approx(96 / 145)
    assert all(p["lcl"] < p["cl"] < p["ucl"] for p in body["points"])


def test_analysis_splits_phases_at_the_given_point_numbers(personas):
    body = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH, "phases": [11]}).json()
    assert [(p["start"], p["end"]) for p in body["phases"]] == [(0, 9), (10, 19)]


def test_analysis_keeps_a_missing_value_as_a_gap(personas):
    body = api_as(personas.member).post(ANALYZE, {"values": [3, None, 5, 4]}).json()
    assert [p["value"] for p in body["points"]] == [3.0, None, 5.0, 4.0]


def test_analysis_saves_nothing(personas):
    api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH})
    assert not StoredChart.objects.exists()
    assert not Measure.objects.exists()


def test_analysis_with_more_denominators_than_values_is_a_field_error(personas):
    data = {"values": [1, 2, 3], "denominators": [5, 5], "chart_type": "p"}
    body = assert_error(api_as(personas.member).post(ANALYZE, data), 400, "invalid")
    assert body["errors"] == {"denominators": ["Give one denominator per value (3 values, 2 given)."]}


def test_p_chart_without_denominators_is_a_field_error(personas):
    response = api_as(personas.member).post(ANALYZE, {"values": [1, 2, 3], "chart_type": "p"})
    assert list(assert_error(response, 400, "invalid")["errors"]) == ["denominators"]


def test_analysis_of_no_values_is_a_field_error(personas):
    body = assert_error(api_as(personas.member).post(ANALYZE, {"values": []}), 400, "invalid")
    assert body["errors"] == {"values": ["Give at least one value."]}


@pytest.mark.parametrize("bad", ["ten", True, {"v": 1}, [1]])
def test_analysis_of_something_not_a_number_is_a_field_error(personas, bad):
    body = assert_error(api_as(personas.member).post(ANALYZE, {"values": [1, bad, 3]}), 400, "invalid")
    assert list(body["errors"]) == ["values"]


def test_analysis_of_too_many_values_is_refused(personas):
    body = assert_error(api_as(personas.member).post(ANALYZE, {"values": [1] * 100_001}), 400, "invalid")
    assert body["errors"] == {"values": ["Ensure this field has no more than 100000 elements."]}


@pytest.mark.parametrize(
    ("field", "value"), [("baseline", 21), ("phases", [1]), ("phases", [21]), ("rules", "x")]
)
def test_analysis_option_that_does_not_fit_the_values_is_a_field_error(personas, field, value):
    response = api_as(personas.member).post(ANALYZE, {"values": LOW_THEN_HIGH, field: value})
    assert list(assert_error(response, 400, "invalid")["errors"]) == [field]


def test_analysis_the_engine_refuses_is_a_400_saying_why(personas):
    # A numerator above its denominator: the serializer leaves that rule to the engine.
    data = {"values": [5, 40, 6], "denominators": [30, 30, 30], "chart_type": "p"}
    body = assert_error(api_as(personas.member).post(ANALYZE, data), 400, "invalid")
    assert list(body["errors"]) == ["values"]  # the engine names the field it refuses
    assert "numerator cannot exceed its denominator" in body["errors"]["values"][0]


# GET /api/v1/measures/{id}/chart/ reads the measure's exclusions once: the defaults built for the
# request are the ones its variant key compares with.
def exclusion_reads(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "measures_measureexclusion" in q["sql"]]


def test_the_chart_endpoint_reads_the_exclusions_once(personas, measure):
    client = api_as(personas.member)
    client.get(chart_url(measure))  # a stored default chart or not, the reads are the same
    with CaptureQueriesContext(connection) as captured:
        response = client.get(chart_url(measure))
    assert response.status_code == 202
    assert len(exclusion_reads(captured)) == 1


def test_the_chart_endpoint_answers_in_five_queries(personas, measure, django_assert_num_queries):
    client = api_as(personas.member)
    client.get(chart_url(measure))
    # The measure with its targets and exclusions (three), the stored chart, and (none stored yet)
    # the older variants that make room for this one.
    with django_assert_num_queries(5):
        client.get(chart_url(measure))
    with django_assert_num_queries(5):
        client.get(chart_url(measure), {"rules": "ihi"})  # another variant: the same reads


def test_a_variant_key_from_given_defaults_is_the_key_it_reads_itself(measure):
    defaults = charts.default_options(measure)
    ihi = {**defaults, "rules": "ihi"}
    assert charts.variant_key(measure, defaults, defaults=defaults) == "default"
    assert charts.variant_key(measure, ihi, defaults=defaults) == charts.variant_key(measure, ihi)
    assert chart_requests.request_variant(measure, ihi, defaults=defaults) is None
