"""The one way Playbook tells a person something.

``notify`` stores an in-app notification (the header shows the unread count) and, when the
person wants email, sends it by email through a Celery job once the transaction commits, so a
rolled-back change never emails anybody. The job's work lives in ``playbook.email``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from playbook import clock
from playbook.fields import PROSE_MAX
from playbook.models import Notification, User


def notify(
    *, recipient: User, subject: str, body: str = "", url: str = "", kind: str = "general"
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, subject=subject[:200], body=body[:PROSE_MAX], url=url, kind=kind
    )
    if recipient.email_notifications and recipient.email and recipient.is_active:
        from playbook.tasks import email_notification

        transaction.on_commit(lambda: email_notification.delay(notification.pk))
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
