"""The escalation pass with the broker down: every batch is moved and told, the emails wait.

Each batch notifies the leads it reached and asks for their emails once it commits; with the
broker down that ask fails, and it used to end the pass after its first batch (issue 12).
"""

import pytest

from andon.models import EscalationRun, Flag
from andon.services import escalate_due_flags
from playbook.models import Notification
from tests.support.andon import at, escalations_per_flag, seed_due_flags
from tests.support.broker import private_broker

pytestmark = pytest.mark.django_db(transaction=True)

DUE = at(3, 10)


@pytest.fixture
def broker_down():
    with private_broker() as broker:
        broker.stop()
        yield broker


def test_a_pass_over_more_flags_than_a_batch_moves_them_all_with_the_broker_down(personas, broker_down):
    flags = seed_due_flags(7, team=personas.team_a, by=personas.member, due=DUE)

    report = escalate_due_flags(at=DUE, batch_size=3)

    assert report.batches == 3
    assert escalations_per_flag(flags) == {flag.pk: 1 for flag in flags}
    holders = Flag.objects.filter(pk__in=[f.pk for f in flags]).values_list("holding_team_id", flat=True)
    assert set(holders) == {personas.cluster_a.pk}
    assert EscalationRun.objects.get().finished_at is not None


def test_the_leads_told_in_every_batch_are_owed_their_emails(personas, broker_down):
    seed_due_flags(7, team=personas.team_a, by=personas.member, due=DUE)

    escalate_due_flags(at=DUE, batch_size=3)

    told = Notification.objects.filter(kind="andon", recipient=personas.leader)
    assert told.count() == 3  # one per batch
    assert all(n.email_wanted and n.emailed_at is None for n in told)
