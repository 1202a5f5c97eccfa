"""Sending invitations: the work of the ``send_invitation`` job (one invitation, just after it was made)
and of the every-minute ``send_owed_invitations`` job (whatever is still owed). See ``playbook.invitations``
for why the link's token is made here, as the email is sent, and only its hash kept.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from playbook import clock
from playbook.email import MAX_EMAIL_ATTEMPTS, OWED_AFTER, OWED_BATCH, absolute_url
from playbook.models import Invitation

log = logging.getLogger(__name__)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_invitations(queryset):
    return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def deliver(invitation_id: int) -> bool:
    """Email one invitation, at most once, with a token made now. Returns whether this call sent it.

    Mirrors ``playbook.email.deliver_email``: the claim is one UPDATE, the email is sent inside its
    transaction (a refusal rolls the claim, and the token, back), failures are counted, and after
    ``MAX_EMAIL_ATTEMPTS`` the invitation is no longer tried.
    """
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            claimed = (
                open_invitations(Invitation.objects.filter(pk=invitation_id))
                .filter(email_wanted=True, emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
                .update(emailed_at=clock.now(), token_hash=hash_token(token))
            )
            if not claimed:
                return False
            invitation = Invitation.objects.select_related("person__network", "invited_by").get(
                pk=invitation_id
            )
            _email(invitation, token)
    except DatabaseError:
        raise  # nothing was tried: the database, not the email, is the problem
    except Exception as exc:
        _count_failed_attempt(invitation_id, exc)
        raise
    return True


def _email(invitation: Invitation, token: str) -> None:
    person = invitation.person
    network = person.network
    context = {
        "person": person,
        "network": network,
        "invited_by": invitation.invited_by,
        "teams": list(person.memberships.select_related("team").order_by("team__name")),
        "url": absolute_url(reverse("invitation", args=[token])),
        "expires_at": timezone.localtime(invitation.expires_at, _zone(network.time_zone)),
        "local_passwords": network.local_passwords,
    }
    inviter = invitation.invited_by.display_name if invitation.invited_by else "Your network admin"
    message = EmailMultiAlternatives(
        subject=f"[Playbook] {inviter} invited you to {network.name}",
        body=render_to_string("playbook/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    message.attach_alternative(render_to_string("playbook/email/invitation.html", context), "text/html")
    message.send()


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return timezone.get_current_timezone()


def _count_failed_attempt(invitation_id: int, exc: Exception) -> None:
    row = Invitation.objects.filter(pk=invitation_id)
    row.update(email_attempts=F("email_attempts") + 1)
    attempts = row.values_list("email_attempts", flat=True).first()
    if attempts is not None and attempts >= MAX_EMAIL_ATTEMPTS:
        log.error("Gave up emailing invitation %s after %d attempts: %s", invitation_id, attempts, exc)
    else:
        log.warning("Emailing invitation %s failed (attempt %s): %s", invitation_id, attempts, exc)


def send_owed(*, batch_size: int = OWED_BATCH) -> int:
    """Send every invitation still owed that the on-commit job has had its chance at; the number sent.

    As ``playbook.email.send_owed_emails``: each batch holds its rows (``SKIP LOCKED``), so two runs at
    once split the work, and one that fails is counted and tried again on a later run.
    """
    sent, failed = 0, set()
    while True:
        with transaction.atomic():
            batch = list(
                open_invitations(Invitation.objects.select_for_update(skip_locked=True))
                .filter(
                    email_wanted=True,
                    emailed_at__isnull=True,
                    email_attempts__lt=MAX_EMAIL_ATTEMPTS,
                    created_at__lte=clock.now() - OWED_AFTER,
                    expires_at__gt=clock.now(),
                )
                .exclude(pk__in=failed)
                .order_by("created_at", "id")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return sent
            for invitation_id in batch:
                try:
                    sent += deliver(invitation_id)
                except DatabaseError:
                    raise
                except Exception:  # counted and logged by deliver; a later run tries again
                    failed.add(invitation_id)
