"""Stored charts: built from the data by the rebuild service, never on a page request."""

from datetime import date, timedelta

import pytest

from measures import charts
from measures import rebuild as chart_service
from measures.data_input import PointInput
from measures.models import StoredChart
from measures.services import charts as chart_requests
from measures.services import data
from playbook.models import Notification
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def weeks(n):
    return [date(2026, 1, 5) + timedelta(weeks=i) for i in range(n)]


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    return MeasureFactory(focus_area=focus_area, direction="up")


def fill(measure, values):
    for period, value in zip(weeks(len(values)), values, strict=True):
        DataPointFactory(measure=measure, period=period, value=value)
    measure.data_version += 1
    measure.save()


def test_a_rebuild_stores_the_analysis_with_targets_and_a_caption(measure):
    fill(measure, [10] * 10 + [20] * 10)
    measure.targets.create(starts_on=date(2026, 2, 1), value=18)
    chart = chart_service.rebuild(measure.pk)
    assert chart.built_version == measure.data_version
    assert chart.result["chart_type"] == "run"
    assert [p["target"] for p in chart.result["points"][:5]] == [None, None, None, None, 18]
    assert "an improvement" in chart.result["caption"]


def test_a_second_rebuild_of_unchanged_data_does_nothing(measure):
    fill(measure, [1, 2, 3])
    first = chart_service.rebuild(measure.pk)
    second = chart_service.rebuild(measure.pk)
    assert second.computed_at == first.computed_at


def test_new_data_makes_the_stored_chart_stale_until_rebuilt(measure, personas):
    fill(measure, [1, 2, 3])
    chart = chart_service.rebuild(measure.pk)
    data.record_point(measure=measure, by=personas.member, point=PointInput(date(2027, 1, 4), 4.0))
    measure.refresh_from_db()
    assert chart.built_version < measure.data_version
    assert chart_service.rebuild(measure.pk).result["n"] == 4


def test_phase_dates_split_the_chart_at_the_first_point_on_or_after_them():
    periods = weeks(6)
    assert charts.phase_starts(periods, ["2026-01-20", "2025-01-01", "2030-01-01"]) == [3]


def test_a_worse_balancing_measure_tells_the_owner_once(measure):
    measure.kind = "balancing"
    measure.save()
    fill(measure, [10] * 10 + [20] * 10)
    measure.direction = "down"
    measure.save()
    chart_service.rebuild(measure.pk)
    chart_service.rebuild(measure.pk, force=True)
    told = Notification.objects.filter(recipient=measure.focus_area.owner, kind="balancing-signal")
    assert told.count() == 1
    assert "getting worse" in told.get().subject


def test_an_improving_balancing_measure_tells_nobody(measure):
    measure.kind = "balancing"
    measure.save()
    fill(measure, [10] * 10 + [20] * 10)
    chart_service.rebuild(measure.pk)
    assert not Notification.objects.filter(kind="balancing-signal").exists()


def test_options_that_no_longer_fit_are_stored_as_an_error_not_raised(measure):
    fill(measure, [1, 2, 3])
    chart = chart_service.rebuild(
        measure.pk, "custom", {**charts.default_options(measure), "chart_type": "p"}
    )
    assert chart.result is None and chart.error


def test_only_the_most_recent_variants_are_kept(measure):
    fill(measure, [1, 2, 3, 4])
    for baseline in range(1, chart_requests.MAX_VARIANTS + 3):
        options = {**charts.default_options(measure), "baseline": baseline % 4 + 1, "rules": "ihi"}
        options["phase_dates"] = [f"2026-0{1 + baseline % 9}-01"] if baseline > 4 else []
        chart_requests.request_variant(measure, options)
        key = charts.variant_key(measure, options)
        chart_service.rebuild(measure.pk, key, options)
    assert (
        StoredChart.objects.filter(measure=measure).exclude(variant="default").count()
        <= chart_requests.MAX_VARIANTS
    )
