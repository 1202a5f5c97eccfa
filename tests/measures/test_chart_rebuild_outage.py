"""Charts when the broker or the database is down (issue 12, "Faults").

With the broker down, data is saved and answered at once and the chart is marked stale; reading
the chart says it is being updated; once the broker is back, the periodic ``rebuild_stale_charts``
job rebuilds what was missed. A rebuild that meets a database error tries again later.
"""

from datetime import date, timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_retry
from django.db import connection, transaction
from django.urls import reverse

from config.celery import app
from measures import rebuild
from measures.models import DataPoint, Measure, StoredChart
from measures.tasks import rebuild_measure_chart, rebuild_stale_charts
from playbook.models import WorkerHeartbeat
from playbook.tasks import heartbeat
from tests.support.broker import private_broker
from tests.support.clients import api_as, page_as
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory
from tests.support.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

CSV = "period,value\n2026-03-02,12\n2026-03-09,14\n2026-03-16,13\n"


@pytest.fixture
def broker():
    with private_broker() as running:
        yield running


@pytest.fixture
def broker_down(broker):
    broker.stop()
    return broker


def measure_with_a_chart(personas, values=(10.0, 11.0, 12.0)) -> Measure:
    """A measure whose default chart is built from its data, as after a normal day."""
    measure = MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a, owner=personas.lead))
    for i, value in enumerate(values):
        DataPointFactory(measure=measure, period=date(2026, 1, 5) + timedelta(weeks=i), value=value)
    Measure.objects.filter(pk=measure.pk).update(data_version=1)
    rebuild.rebuild(measure.pk)
    measure.refresh_from_db()
    return measure


def default_chart(measure) -> StoredChart:
    return StoredChart.objects.get(measure=measure, variant="default")


def is_stale(measure) -> bool:
    return not default_chart(measure).is_built_from(Measure.objects.get(pk=measure.pk).data_version)


# --- The person's write and read ----------------------------------------------------------------------


def test_saving_a_point_through_the_api_with_the_broker_down_answers_201_and_marks_the_chart_stale(
    personas, broker_down
):
    measure = measure_with_a_chart(personas)
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/", {"period": "2026-03-02", "value": 12.5}
    )
    assert response.status_code == 201, response.content
    assert DataPoint.objects.filter(measure=measure, period=date(2026, 3, 2), value=12.5).exists()
    assert is_stale(measure)


def test_saving_a_point_on_the_page_with_the_broker_down_lands_on_the_measure(personas, broker_down):
    measure = measure_with_a_chart(personas)
    response = page_as(personas.member).post(
        reverse("measure-record", args=[measure.pk]), {"period": "2026-03-02", "value": "44"}
    )
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
    assert DataPoint.objects.filter(measure=measure, period=date(2026, 3, 2)).exists()
    assert is_stale(measure)


def test_a_csv_import_with_the_broker_down_answers_201_and_stores_every_row(personas, broker_down):
    measure = measure_with_a_chart(personas)
    response = api_as(personas.member).post(f"/api/v1/measures/{measure.pk}/data/import/", {"csv": CSV})
    assert response.status_code == 201, response.content
    assert response.json() == {"imported": 3}
    assert DataPoint.objects.filter(measure=measure).count() == 6
    assert is_stale(measure)


def test_reading_a_stale_chart_with_the_broker_down_answers_200_and_says_it_is_being_updated(
    personas, broker_down
):
    measure = measure_with_a_chart(personas)
    Measure.objects.filter(pk=measure.pk).update(data_version=2)  # data changed; its rebuild was lost
    response = api_as(personas.member).get(f"/api/v1/measures/{measure.pk}/chart/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pending"] is True
    assert [p["value"] for p in body["points"]] == [10.0, 11.0, 12.0]


# --- Catching up ----------------------------------------------------------------------------------------


def test_the_stale_chart_job_rebuilds_charts_older_than_their_data(personas):
    measure = measure_with_a_chart(personas)
    DataPointFactory(measure=measure, period=date(2026, 3, 2), value=20.0)
    Measure.objects.filter(pk=measure.pk).update(data_version=2)

    assert rebuild.rebuild_stale() == 1
    assert not is_stale(measure)
    assert default_chart(measure).result["n"] == 4
    assert rebuild.rebuild_stale() == 0


def test_the_stale_chart_job_builds_the_chart_a_measure_with_data_never_had(personas):
    measure = MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a, owner=personas.lead))
    DataPointFactory(measure=measure, period=date(2026, 3, 2), value=20.0)
    untouched = MeasureFactory(focus_area=measure.focus_area)  # no data, never changed: nothing to draw

    assert rebuild.rebuild_stale() == 1
    assert default_chart(measure).result["n"] == 1
    assert not StoredChart.objects.filter(measure=untouched).exists()


def test_the_stale_chart_job_rebuilds_a_bounded_batch_each_run(personas):
    measures = [measure_with_a_chart(personas) for _ in range(3)]
    Measure.objects.filter(pk__in=[m.pk for m in measures]).update(data_version=5)

    assert rebuild.rebuild_stale(batch_size=2) == 2
    assert sum(is_stale(m) for m in measures) == 1
    assert rebuild.rebuild_stale(batch_size=2) == 1
    assert not any(is_stale(m) for m in measures)


@pytest.mark.worker
def test_once_the_broker_is_back_the_stale_chart_job_in_a_real_worker_rebuilds_the_chart(
    personas, broker_down
):
    measure = measure_with_a_chart(personas)
    api_as(personas.member).post(f"/api/v1/measures/{measure.pk}/data/import/", {"csv": CSV})
    assert is_stale(measure)

    broker_down.start()  # empty: the rebuild asked for during the outage is gone
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        rebuild_stale_charts.delay()
        heartbeat.delay("after-stale-charts")
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-stale-charts").exists())

    assert not is_stale(measure)
    assert default_chart(measure).result["n"] == 6


# --- The database -----------------------------------------------------------------------------------------


@pytest.fixture
def short_lock_timeout():
    """New connections to the test database give up waiting for a row lock after 300 ms, with the
    OperationalError a database that stops answering raises."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" SET lock_timeout = 300')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" RESET lock_timeout')


@pytest.mark.worker
def test_a_rebuild_that_meets_a_database_error_is_tried_again_later(personas, broker, short_lock_timeout):
    measure = measure_with_a_chart(personas)
    Measure.objects.filter(pk=measure.pk).update(data_version=2)
    retried = []
    task_retry.connect(lambda **kw: retried.append(kw["request"].id), weak=False, dispatch_uid="h1-retry")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with transaction.atomic():  # hold the chart's row: the worker's rebuild cannot lock it
                StoredChart.objects.select_for_update().get(pk=default_chart(measure).pk)
                rebuild_measure_chart.delay(measure.pk)
                assert wait_for(lambda: retried, timeout=30)
            assert wait_for(lambda: not is_stale(measure), timeout=30)
    finally:
        task_retry.disconnect(dispatch_uid="h1-retry")
