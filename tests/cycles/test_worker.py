"""The overdue reminder job in a real Celery worker on the real Redis broker (no eager mode)."""

from datetime import timedelta

import pytest

from cycles import services
from cycles.models import CycleReminder
from cycles.tasks import remind_overdue_cycles
from playbook.clock import today
from playbook.models import Notification, WorkerHeartbeat
from playbook.tasks import heartbeat
from tests.support.cycles import make_plan
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_reminder_job_run_twice_sends_one_reminder(world, worker, mailoutbox):
    ended = today() - timedelta(days=3)
    cycle = make_plan(world, starts_on=ended - timedelta(days=11), ends_on=ended)
    services.start_cycle(cycle=cycle, by=world.member)

    remind_overdue_cycles.delay()
    remind_overdue_cycles.delay()
    heartbeat.delay("after-reminders")  # first in, first out: once this ran, both jobs did

    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-reminders").exists())
    assert wait_for(lambda: len(mailoutbox) >= 1)
    assert CycleReminder.objects.filter(cycle=cycle).count() == 1
    reminders = Notification.objects.filter(recipient=world.member, kind="cycle-overdue")
    assert reminders.count() == 1
    assert "is overdue" in reminders.get().subject
    heartbeat.delay("after-emails")
    assert wait_for(lambda: WorkerHeartbeat.objects.filter(name="after-emails").exists())
    assert [m.subject for m in mailoutbox] == ["[Playbook] Your cycle “Paired reading in 4B” is overdue"]
