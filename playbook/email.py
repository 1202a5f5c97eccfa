"""Delivering notifications by email: the work of the ``email_notification`` job (one notification,
just after it was stored) and of the every-minute ``send_owed_emails`` job (whatever is still owed,
e.g. because the broker was down when the notification was stored).

Each email has a plain-text and an HTML part (``templates/email/notification.*``) with the network's
name, a link to the thing, and, for a kind a person can choose, a one-click unsubscribe from that kind
(``playbook.unsubscribe``: RFC 8058's headers and the link in the footer).

The outbox bookkeeping (claim a row with one UPDATE, send inside that transaction, count a failure,
give up after ``MAX_EMAIL_ATTEMPTS``; a periodic catch-up that splits its batches with ``SKIP
LOCKED``) is here once, in :func:`deliver_once` and :func:`send_owed`, for every table that owes
emails the same way (notifications, and invitations in ``playbook.invitation_email``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse

from playbook import clock, unsubscribe
from playbook.email_messages import network_name, send_templated
from playbook.models import Notification
from playbook.notification_kinds import KINDS

log = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
# The on-commit job normally sends within a second; the periodic one leaves it that long first, so
# both rarely try the same email (the claim below makes sure only one ever sends it).
OWED_AFTER = timedelta(minutes=2)
OWED_BATCH = 50


def deliver_email(notification_id: int) -> bool:
    """Email one notification, at most once. Returns whether this call sent it (see :func:`deliver_once`)."""
    return deliver_once(
        Notification.objects.filter(pk=notification_id),
        claim={"emailed_at": clock.now()},
        send=lambda: _send(Notification.objects.select_related("recipient__network").get(pk=notification_id)),
    )


def _send(notification: Notification) -> None:
    person, kind = notification.recipient, notification.kind
    context = {
        "network_name": network_name(person.network),
        "subject": notification.subject,
        "body": notification.body,
        "url": absolute_url(notification.url) if notification.url else "",
        "kind_label": KINDS[kind].label if kind in KINDS else "",
        "account_url": absolute_url(reverse("account") + "#notification-choices"),
        "unsubscribe_url": "",
    }
    headers = None
    if unsubscribe.offered_for(kind):
        context["unsubscribe_url"] = absolute_url(unsubscribe.path_for(person, kind))
        headers = unsubscribe.headers(context["unsubscribe_url"])
    send_templated(
        to=person.email,
        subject=f"[Playbook] {notification.subject}",
        template="email/notification",
        context=context,
        headers=headers,
    )


def send_owed_emails(*, batch_size: int = OWED_BATCH) -> int:
    """Send every notification email still owed that the on-commit job has had its chance at."""
    return send_owed(Notification.objects.all(), deliver_email, batch_size=batch_size)


# The outbox: any table with the columns email_wanted, emailed_at, email_attempts and created_at ---------


def deliver_once(row: QuerySet, *, claim: Mapping[str, object], send: Callable[[], None]) -> bool:
    """Send one owed email at most once; whether this call sent it.

    ``row`` is the one row, filtered by whatever must still hold for it to be sent (its pk, an
    invitation still open); ``claim`` the fields the claiming UPDATE sets (``emailed_at``, at least);
    ``send`` sends the email once claimed. The claim is one UPDATE, so of two calls at once only one
    sends. Sending happens inside its transaction: if the mail server refuses, the claim is rolled
    back, the failure counted and raised, and after ``MAX_EMAIL_ATTEMPTS`` failures the row is no
    longer tried.
    """
    try:
        with transaction.atomic():
            claimed = row.filter(emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS).update(
                **claim
            )
            if not claimed:
                return False
            send()
    except DatabaseError:
        raise  # nothing was tried: the database, not the email, is the problem
    except Exception as exc:
        _count_failed_attempt(row, exc)
        raise
    return True


def _count_failed_attempt(row: QuerySet, exc: Exception) -> None:
    what = row.model._meta.verbose_name
    row.update(email_attempts=F("email_attempts") + 1)
    for pk, attempts in row.values_list("pk", "email_attempts")[:1]:
        if attempts >= MAX_EMAIL_ATTEMPTS:
            log.error("Gave up emailing %s %s after %d attempts: %s", what, pk, attempts, exc)
        else:
            log.warning("Emailing %s %s failed (attempt %s): %s", what, pk, attempts, exc)


def send_owed(owed: QuerySet, deliver: Callable[[int], bool], *, batch_size: int = OWED_BATCH) -> int:
    """Hand ``deliver`` (e.g. :func:`deliver_email`) each row of ``owed`` whose email is still owed and
    that the on-commit job has had its chance at; the number sent.

    ``owed`` narrows the rows further if need be (invitations still open). Each batch holds its rows
    (``SKIP LOCKED``), so two runs at once split the work, and one email that fails does not stop the
    others (``deliver`` counts it, and a later run tries it again).
    """
    sent, failed = 0, set()
    owed = owed.filter(
        email_wanted=True,
        emailed_at__isnull=True,
        email_attempts__lt=MAX_EMAIL_ATTEMPTS,
        created_at__lte=clock.now() - OWED_AFTER,
    ).order_by("created_at", "pk")
    while True:
        with transaction.atomic():
            batch = list(
                owed.select_for_update(skip_locked=True)
                .exclude(pk__in=failed)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return sent
            for pk in batch:
                try:
                    sent += deliver(pk)
                except DatabaseError:
                    raise
                except Exception:  # counted and logged by deliver; a later run tries again
                    failed.add(pk)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    base = getattr(settings, "PUBLIC_URL", "").rstrip("/")
    return f"{base}{path}" if base else path
