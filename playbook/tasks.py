"""Celery entry points. Each takes ids, reloads its rows and is safe to run twice."""

from datetime import timedelta

from celery import shared_task

from playbook import clock, email
from playbook.models import Notification, WorkerHeartbeat


@shared_task
def heartbeat(name: str = "worker") -> str:
    """Liveness: proves a worker is consuming the queue (and, on the beat schedule, that beat runs)."""
    seen_at = clock.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": seen_at})
    return seen_at.isoformat()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def email_notification(notification_id: int) -> bool:
    return email.deliver_email(notification_id)


@shared_task
def send_owed_emails() -> int:
    """Beat runs this every minute: the emails the on-commit job could not send (the broker was down)."""
    return email.send_owed_emails()


@shared_task
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Asked on commit of the change that recorded them: one attempt at each webhook delivery."""
    from playbook import webhook_delivery

    return webhook_delivery.deliver_many(delivery_ids)


@shared_task
def send_owed_webhooks() -> int:
    """Beat runs this every minute: webhook deliveries whose (next) attempt is due."""
    from playbook import webhook_delivery

    return webhook_delivery.send_owed()


@shared_task(autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_invitation(invitation_id: int) -> bool:
    """Asked on commit of the invitation: its email, with the link's token made as it is sent."""
    from playbook import invitation_email

    return invitation_email.deliver(invitation_id)


@shared_task
def send_owed_invitations() -> int:
    """Beat runs this every minute: invitations whose email the on-commit job could not send."""
    from playbook import invitation_email

    return invitation_email.send_owed()


@shared_task
def prune_read_notifications(days: int = 180) -> int:
    cutoff = clock.now() - timedelta(days=days)
    deleted, _ = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


@shared_task
def prune_idempotency_keys() -> int:
    """Idempotency keys live 24 hours (the IETF draft's and Stripe's window); a retry after that is new."""
    from playbook import idempotency

    return idempotency.prune()


@shared_task
def send_weekly_digests() -> int:
    """Beat runs this hourly; each network's digest goes out once its Monday 07:00 has passed."""
    from playbook import digest

    return digest.send_weekly_digests()
