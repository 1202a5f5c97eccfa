"""Delivering notifications by email: the work of the ``email_notification`` job (one notification,
just after it was stored) and of the every-minute ``send_owed_emails`` job (whatever is still owed,
e.g. because the broker was down when the notification was stored).

Each email has a plain-text and an HTML part (``templates/email/notification.*``) with the network's
name, a link to the thing, and, for a kind a person can choose, a one-click unsubscribe from that kind
(``playbook.unsubscribe``: RFC 8058's headers and the link in the footer)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F
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
    """Email one notification, at most once. Returns whether this call sent it.

    A failure to send (the mail server refused or is down) is counted and raised; after
    ``MAX_EMAIL_ATTEMPTS`` failures the notification is no longer tried.
    """
    try:
        with transaction.atomic():
            claimed = Notification.objects.filter(
                pk=notification_id, emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS
            ).update(emailed_at=clock.now())
            if not claimed:
                return False
            notification = Notification.objects.select_related("recipient__network").get(pk=notification_id)
            # Sending inside the transaction: if the mail server refuses, the claim is rolled back
            # and the next attempt tries again.
            _send(notification)
    except DatabaseError:
        raise  # nothing was tried: the database, not the email, is the problem
    except Exception as exc:
        _count_failed_attempt(notification_id, exc)
        raise
    return True


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


def _count_failed_attempt(notification_id: int, exc: Exception) -> None:
    row = Notification.objects.filter(pk=notification_id)
    row.update(email_attempts=F("email_attempts") + 1)
    attempts = row.values_list("email_attempts", flat=True).first()
    if attempts is not None and attempts >= MAX_EMAIL_ATTEMPTS:
        log.error("Gave up emailing notification %s after %d attempts: %s", notification_id, attempts, exc)
    else:
        log.warning("Emailing notification %s failed (attempt %s): %s", notification_id, attempts, exc)


def send_owed_emails(*, batch_size: int = OWED_BATCH) -> int:
    """Send every email still owed that the on-commit job has had its chance at; the number sent.

    Each batch holds its rows (``SKIP LOCKED``), so two runs at once split the work, and one email
    that fails does not stop the others (it is counted, and tried again on a later run).
    """
    sent, failed = 0, set()
    while True:
        with transaction.atomic():
            batch = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(
                    email_wanted=True,
                    emailed_at__isnull=True,
                    email_attempts__lt=MAX_EMAIL_ATTEMPTS,
                    created_at__lte=clock.now() - OWED_AFTER,
                )
                .exclude(pk__in=failed)
                .order_by("created_at", "id")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return sent
            for notification_id in batch:
                try:
                    sent += deliver_email(notification_id)
                except DatabaseError:
                    raise
                except Exception:  # counted and logged by deliver_email; a later run tries again
                    failed.add(notification_id)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    base = getattr(settings, "PUBLIC_URL", "").rstrip("/")
    return f"{base}{path}" if base else path
