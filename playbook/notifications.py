"""The one way Playbook tells a person something.

``notify`` stores an in-app notification (the header shows the unread count) and, when the
person wants email, records with it that an email is owed, in the same transaction: a rolled-back
change never emails anybody, and a committed one always does, once. After the commit a Celery job is
asked to send it at once; if the broker is down, the every-minute ``send_owed_emails`` job sends it
later. Both jobs' work lives in ``playbook.email``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from playbook import clock, jobs
from playbook.fields import PROSE_MAX
from playbook.models import Notification, User


def notify(
    *, recipient: User, subject: str, body: str = "", url: str = "", kind: str = "general"
) -> Notification:
    wants_email = bool(recipient.email_notifications and recipient.email and recipient.is_active)
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
    return [notify(recipient=p, subject=subject, body=body, url=url, kind=kind) for p in seen.values()]


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=clock.now())
