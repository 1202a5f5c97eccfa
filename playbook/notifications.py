"""The one way Playbook tells a person something.

``notify`` stores an in-app notification (the header shows the unread count) and, when the
person wants email, sends it by email through a Celery job once the transaction commits, so a
rolled-back change never emails anybody.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet

from playbook import clock
from playbook.models import Notification, User


def notify(
    *, recipient: User, subject: str, body: str = "", url: str = "", kind: str = "general"
) -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, subject=subject[:200], body=body, url=url, kind=kind
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


def deliver_email(notification_id: int) -> bool:
    """Email one notification, at most once. Returns whether this call sent it."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=clock.now()
        )
        if not claimed:
            return False
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{absolute_url(notification.url)}".strip()
        # Sending inside the transaction: if the mail server refuses, the claim is rolled back
        # and the next attempt tries again.
        send_mail(
            subject=f"[Playbook] {notification.subject}",
            message=body or notification.subject,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    return True


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    base = getattr(settings, "PUBLIC_URL", "").rstrip("/")
    return f"{base}{path}" if base else path


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(*, notifications: QuerySet[Notification]) -> int:
    return notifications.filter(read_at__isnull=True).update(read_at=clock.now())
