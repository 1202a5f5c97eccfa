"""Invitations: an email asking a new person to set a password or to sign in with their school account.

The link carries a random token (``secrets.token_urlsafe(32)``); only its sha256 is kept, as for a
password, so a copy of the database opens nobody's account. That leaves a question: the email is sent
by a job after the commit (an owed row, an on-commit enqueue, and a beat job for whatever the broker
lost, as for notifications), and a job cannot rebuild a link from a hash. So the token is made by the
job, at the moment it claims the email: one UPDATE sets ``emailed_at`` and the new ``token_hash``
together, the email is sent inside that transaction, and a failed send rolls both back for the next
attempt (``playbook.invitation_email``). The raw token lives only in the email; an invitation whose
email is still owed has no token and opens nothing. (Keeping the token encrypted in the row would
also work, but would put a live key beside its lock, and a key to manage.)

Every invitation expires ``INVITATION_DAYS`` after it was made (14 by default). Resending revokes the
person's open invitations and makes a new one, so only the newest link works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from playbook import clock, jobs, permissions
from playbook.invitation_email import open_invitations
from playbook.models import Invitation, User
from playbook.tokens import hash_token

DEFAULT_DAYS = 14


def lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "INVITATION_DAYS", DEFAULT_DAYS))


# Writing -------------------------------------------------------------------------------------------


@transaction.atomic
def invite(*, person: User, by: User) -> Invitation:
    """A new invitation for ``person``, its email owed and asked for on commit; older open ones revoked.

    Only the person's network admins invite (the Invitation rule in ``playbook.permissions.core``).
    """
    invitation = Invitation(person=person, invited_by=by)
    permissions.require(by, invitation, permissions.CHANGE)
    if not person.is_active:
        raise ValidationError(f"{person.display_name}'s account is deactivated: reactivate it first.")
    if not person.email:
        raise ValidationError(f"{person.display_name} has no email address to invite.")
    now = clock.now()
    open_invitations(Invitation.objects.filter(person=person)).update(revoked_at=now)
    invitation.created_at, invitation.expires_at = now, now + lifetime()
    invitation.email_wanted = True
    invitation.save()
    from playbook.tasks import send_invitation

    jobs.enqueue_on_commit(send_invitation, invitation.pk)
    return invitation


def resend(*, person: User, by: User) -> Invitation:
    """Someone lost the email or let it expire: a new link, and the old ones stop working."""
    permissions.require(by, Invitation(person=person), permissions.CHANGE)
    if person.invitations.filter(accepted_at__isnull=False).exists() or person.last_login is not None:
        raise ValidationError(
            f"{person.display_name} already signs in to Playbook; "
            "a forgotten password is reset from the sign-in page."
        )
    return invite(person=person, by=by)


@dataclass(frozen=True)
class Lookup:
    invitation: Invitation | None
    problem: str = ""  # why the link opens nothing, in words for the person holding it
    status: int = 200


def find(token: str) -> Lookup:
    """The invitation a link's token opens, or why it opens none (unknown 404; used, revoked, expired 410)."""
    if not token or len(token) > 100:
        return Lookup(None, "This invitation link is not one Playbook knows.", 404)
    invitation = (
        Invitation.objects.select_related("person__network", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        return Lookup(None, "This invitation link is not one Playbook knows.", 404)
    if invitation.accepted_at is not None:
        return Lookup(None, "This invitation was already used.", 410)
    if invitation.revoked_at is not None:
        return Lookup(None, "A newer invitation replaced this one: use the link in the latest email.", 410)
    if invitation.expires_at <= clock.now():
        return Lookup(None, "This invitation has expired.", 410)
    if not invitation.person.is_active:
        return Lookup(None, "This account is deactivated.", 410)
    return Lookup(invitation)


@transaction.atomic
def accept(*, invitation: Invitation, password: str | None = None) -> User:
    """The person took up the invitation: with a password they chose, or (``None``) only to mark it
    taken up, e.g. after signing in with their school account. A link works once."""
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("person__network")
        .get(pk=invitation.pk)
    )
    if locked.accepted_at is not None or locked.revoked_at is not None or locked.expires_at <= clock.now():
        raise ValidationError("This invitation can no longer be used.")
    person = locked.person
    if password is not None:
        if not person.network.local_passwords:
            raise ValidationError("This network signs in with school accounts only.")
        password_validation.validate_password(password, person)
        person.set_password(password)
        person.save(update_fields=["password"])
    locked.accepted_at = clock.now()
    locked.save(update_fields=["accepted_at"])
    return person


def taken_up_by_sign_in(*, person: User) -> int:
    """An invited person signed in another way (with their school account): their open invitations
    count as taken up, so the people list says so and an old link opens nothing. For the sign-in code."""
    return open_invitations(Invitation.objects.filter(person=person)).update(accepted_at=clock.now())


# Reading -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    label: str  # "Invited", "Invitation expired", "Accepted"…
    detail: str = ""
    may_resend: bool = False


def state_of(person: User, latest: Invitation | None) -> State | None:
    """What the people list says of a person's invitation, from their latest one (prefetched)."""
    if latest is None:
        return None
    if latest.accepted_at is not None:
        return State("Accepted", f"on {timezone.localdate(latest.accepted_at):%-d %b %Y}")
    may_resend = person.is_active and person.last_login is None
    if latest.revoked_at is not None:
        return State("Invitation withdrawn", may_resend=may_resend)
    if latest.expires_at <= clock.now():
        return State(
            "Invitation expired", f"on {timezone.localdate(latest.expires_at):%-d %b %Y}", may_resend
        )
    sent = "emailed" if latest.emailed_at else "email being sent"
    detail = f"({sent}), expires {timezone.localdate(latest.expires_at):%-d %b %Y}"
    return State("Invited", detail, may_resend)


def latest_invitations():
    """A prefetch of each person's newest invitation (one query for a whole page of people)."""
    return Prefetch(
        "invitations",
        queryset=Invitation.objects.order_by("-created_at", "-id")[:1],
        to_attr="latest_invitation",
    )
