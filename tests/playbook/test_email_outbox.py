"""The email outbox, written once in playbook.email: claim a row, send inside the claim, count a
failure, give up after MAX_EMAIL_ATTEMPTS, and the periodic catch-up over any table that owes emails
(notifications and invitations both go through it)."""

from datetime import timedelta

import pytest

from playbook import clock
from playbook.email import MAX_EMAIL_ATTEMPTS, OWED_AFTER, deliver_once, send_owed
from playbook.models import Notification
from tests.support.factories import NotificationFactory

pytestmark = pytest.mark.django_db

LATER = OWED_AFTER + timedelta(seconds=1)


def owed(**fields):
    return NotificationFactory(email_wanted=True, **fields)


def refuse():
    raise ConnectionRefusedError("the mail server is down")


def test_deliver_once_claims_the_row_and_sends_it_only_the_first_time():
    notification = owed()
    row = Notification.objects.filter(pk=notification.pk)
    sent = []
    assert deliver_once(row, claim={"emailed_at": clock.now()}, send=lambda: sent.append(1)) is True
    assert deliver_once(row, claim={"emailed_at": clock.now()}, send=lambda: sent.append(2)) is False
    assert sent == [1]
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_deliver_once_rolls_the_whole_claim_back_and_counts_a_refusal():
    notification = owed()
    row = Notification.objects.filter(pk=notification.pk)
    with pytest.raises(ConnectionRefusedError):
        deliver_once(row, claim={"emailed_at": clock.now(), "subject": "claimed"}, send=refuse)
    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.emailed_at, stored.subject, stored.email_attempts) == (None, notification.subject, 1)


def test_deliver_once_gives_up_after_the_last_attempt_and_says_so(caplog):
    notification = owed(email_attempts=MAX_EMAIL_ATTEMPTS - 1)
    row = Notification.objects.filter(pk=notification.pk)
    with pytest.raises(ConnectionRefusedError):
        deliver_once(row, claim={"emailed_at": clock.now()}, send=refuse)
    assert (
        f"Gave up emailing notification {notification.pk} after {MAX_EMAIL_ATTEMPTS} attempts" in caplog.text
    )
    assert deliver_once(row, claim={"emailed_at": clock.now()}, send=lambda: None) is False


def test_send_owed_hands_over_only_what_is_owed_and_old_enough_oldest_first():
    first, second = owed(), owed()
    owed(emailed_at=clock.now())  # already sent
    owed(email_attempts=MAX_EMAIL_ATTEMPTS)  # given up
    NotificationFactory(email_wanted=False)  # never wanted
    handed = []

    def deliver(pk):
        handed.append(pk)
        return _claiming_deliver(pk)

    assert send_owed(Notification.objects.all(), deliver) == 0  # too fresh: the on-commit job's turn
    with clock.frozen_at(clock.now() + LATER):
        assert send_owed(Notification.objects.all(), deliver) == 2
    assert handed == [first.pk, second.pk]


def test_send_owed_narrows_to_the_callers_queryset_and_counts_what_was_sent():
    wanted, other = owed(subject="this one"), owed()
    with clock.frozen_at(clock.now() + LATER):
        sent = send_owed(Notification.objects.filter(subject="this one"), _claiming_deliver)
    assert sent == 1
    assert Notification.objects.get(pk=wanted.pk).emailed_at is not None
    assert Notification.objects.get(pk=other.pk).emailed_at is None


def test_one_failure_does_not_stop_the_others_and_is_not_retried_in_the_same_run():
    failing, fine = owed(subject="fails"), owed(subject="fine")
    tried = []

    def deliver(pk):
        tried.append(pk)
        if pk == failing.pk:
            raise ConnectionRefusedError("refused")
        return _claiming_deliver(pk)

    with clock.frozen_at(clock.now() + LATER):
        assert send_owed(Notification.objects.all(), deliver, batch_size=1) == 1
    assert tried == [failing.pk, fine.pk]


def _claiming_deliver(pk: int) -> bool:
    return deliver_once(
        Notification.objects.filter(pk=pk), claim={"emailed_at": clock.now()}, send=lambda: None
    )
