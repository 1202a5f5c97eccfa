"""Sending invitations: the work of the ``send_invitation`` job (one invitation, just after it was made)
and of the every-minute ``send_owed_invitations`` job (whatever is still owed). See ``playbook.invitations``
for why the link's token is made here, as the email is sent, and only its hash kept.

The outbox bookkeeping (claim, count failures, give up, catch up) is ``playbook.email``'s; the email
itself is ``templates/email/invitation.*``, sent through ``playbook.email_messages.send_templated``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from playbook import clock
from playbook.email import OWED_BATCH, absolute_url, deliver_once
from playbook.email import send_owed as send_owed_rows
from playbook.email_messages import network_name, send_templated
from playbook.models import Invitation
from playbook.tokens import hash_token, new_token


def open_invitations(queryset):
    return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def deliver(invitation_id: int) -> bool:
    """Email one invitation, at most once, with a token made now. Returns whether this call sent it.

    The claim sets the token's hash with ``emailed_at`` (``playbook.email.deliver_once``), so a refusal
    rolls the token back with the claim, and a revoked invitation is never sent.
    """
    token = new_token()
    return deliver_once(
        open_invitations(Invitation.objects.filter(pk=invitation_id, email_wanted=True)),
        claim={"emailed_at": clock.now(), "token_hash": hash_token(token)},
        send=lambda: _email(
            Invitation.objects.select_related("person__network", "invited_by").get(pk=invitation_id), token
        ),
    )


def _email(invitation: Invitation, token: str) -> None:
    person = invitation.person
    network = person.network
    inviter = invitation.invited_by.display_name if invitation.invited_by else "Your network admin"
    subject = f"[Playbook] {inviter} invited you to {network.name}"
    send_templated(
        to=person.email,
        subject=subject,
        template="email/invitation",
        context={
            "network_name": network_name(network),
            "subject": subject,
            "person": person,
            "network": network,
            "invited_by": invitation.invited_by,
            "teams": list(person.memberships.select_related("team").order_by("team__name")),
            "url": absolute_url(reverse("invitation", args=[token])),
            "expires_at": timezone.localtime(invitation.expires_at, _zone(network.time_zone)),
            "local_passwords": network.local_passwords,
        },
    )


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return timezone.get_current_timezone()


def send_owed(*, batch_size: int = OWED_BATCH) -> int:
    """Send every invitation still owed, open and unexpired that the on-commit job has had its chance
    at; the number sent (``playbook.email.send_owed``)."""
    owed = open_invitations(Invitation.objects.filter(expires_at__gt=clock.now()))
    return send_owed_rows(owed, deliver, batch_size=batch_size)
