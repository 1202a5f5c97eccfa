"""Celery jobs run in a real worker thread, consuming the real Redis broker (no eager mode)."""

import pytest

from playbook.models import Notification, WorkerHeartbeat
from playbook.notifications import notify
from playbook.tasks import heartbeat
from tests.support.factories import UserFactory
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_heartbeat_task_is_run_by_a_real_worker(worker):
    heartbeat.delay("test-worker")
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="test-worker").exists())


def test_a_notification_is_emailed_once_by_the_worker_after_commit(worker, mailoutbox):
    person = UserFactory(email="ella@example.org", email_notifications=True)
    notification = notify(recipient=person, subject="Your cycle is overdue", url="/cycles/7/")

    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None)
    assert wait_for(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].to == ["ella@example.org"]
    assert mailoutbox[0].subject == "[Playbook] Your cycle is overdue"
    assert "/cycles/7/" in mailoutbox[0].body


def test_the_same_email_job_twice_sends_one_email(worker, mailoutbox):
    from playbook.tasks import email_notification

    person = UserFactory(email_notifications=False)  # so notify() itself enqueues nothing
    notification = notify(recipient=person, subject="Twice")
    email_notification.delay(notification.pk)
    email_notification.delay(notification.pk)

    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None)
    heartbeat.delay("after-emails")  # the queue is first-in first-out: once this ran, both jobs did
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-emails").exists())
    assert len(mailoutbox) == 1


def test_saving_a_data_point_has_the_worker_rebuild_its_chart(worker, personas):
    from datetime import date

    from measures.data_input import PointInput
    from measures.models import Measure, StoredChart
    from measures.services import data
    from tests.support.factories import FocusAreaFactory, MeasureFactory

    measure = MeasureFactory(focus_area=FocusAreaFactory(team=personas.team_a, owner=personas.lead))
    for day, value in ((5, 3.0), (12, 4.0), (19, 6.0)):
        data.record_point(measure=measure, by=personas.member, point=PointInput(date(2026, 1, day), value))

    def built():
        version = Measure.objects.get(pk=measure.pk).data_version
        return StoredChart.objects.filter(measure=measure, variant="default", built_version=version).exists()

    assert wait_for(built)
    chart = StoredChart.objects.get(measure=measure, variant="default")
    assert [p["value"] for p in chart.result["points"]] == [3.0, 4.0, 6.0]
