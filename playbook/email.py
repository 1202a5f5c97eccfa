"""Delivering a notification by email: the work of the ``email_notification`` job."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from playbook import clock
from playbook.models import Notification


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
