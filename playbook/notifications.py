"""The one way Playbook tells a person something.

``notify`` stores an in-app notification (the header shows the unread count) and, when the
person wants email, records with it that an email is owed, in the same transaction: a rolled-back
change never emails anybody, and a committed one always does, once. After the commit a Celery job is
asked to send it at once; if the broker is down, the every-minute ``send_owed_emails`` job sends it
later. Both jobs' work lives in ``playbook.email``.

Per kind, a person may choose otherwise (``playbook.preferences``): at once, in the weekly digest
(stored in the app now, emailed with the digest on Monday) or off (in the app only).
"""

from __future__ import annotations

from django.db.models import QuerySet

from playbook import clock, jobs, preferences
from playbook.fields import PROSE_MAX
from playbook.models import Notification, User


def notify(
    *, recipient: User, subject: str, body: str = "", url: str = "", kind: str = "general"
) -> Notification:
    # Someone who cannot be emailed gets the notification in the app whatever they chose: no lookup.
    emailable = bool(recipient.email and recipient.is_active)
    delivery = preferences.delivery_for(recipient, kind) if emailable else preferences.Delivery.OFF
    return _notify(recipient, delivery, subject, body, url, kind)


def _notify(recipient: User, delivery: str, subject: str, body: str, url: str, kind: str) -> Notification:
    # Only "at once" emails now; a "digest" notification is found by the weekly digest by its kind.
    wants_email = bool(delivery == preferences.Delivery.IMMEDIATE and recipient.email and recipient.is_active)
    notification = Notification.objects.create(
        recipient=recipient,
        subject=subject[:200],
        body=body[:PROSE_MAX],
        url=url,
        kind=kind,
        email_wanted=wants_email,
    )
    if wants_email:
        from playbook.tasks import email_notification

        jobs.enqueue_on_commit(email_notification, notification.pk)
    return notification


def notify_many(
    *, recipients, subject: str, body: str = "", url: str = "", kind: str = "general"
) -> list[Notification]:
    """Tell several people the same thing, once each, however often they appear in ``recipients``."""
    seen: dict[int, User] = {person.pk: person for person in recipients}
    deliveries = preferences.deliveries_for(seen.values(), kind) if seen else {}
    return [_notify(p, deliveries[p.pk], subject, body, url, kind) for p in seen.values()]


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=clock.now())
