"""One-click unsubscribe (RFC 8058), per kind of notification and for the weekly digest.

Every email that a person could choose not to get carries a link holding a signed token: their id
and what the email is about (a notification kind, or ``WEEKLY_DIGEST``). The signature is the key,
so the link needs no sign-in and no table: nobody can make one for someone else or for another kind.
It never expires (an old email's link should still work); what it can do is small on purpose: turn
that one kind off, or set it back.

A notification kind is turned off through the person's notification choices (``playbook.preferences``:
in the app only). The weekly digest is not a notification kind (it also lists open work), so it has
its own switch, ``User.weekly_digest``. The change itself is ``playbook.services.unsubscribe``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from playbook import preferences
from playbook.models import User
from playbook.notification_kinds import KINDS

SALT = "playbook.email.unsubscribe"
# Not a registered notification kind, so no kind can ever be confused with it.
WEEKLY_DIGEST = "weekly-digest"
ON, OFF = "on", "off"  # the digest's two states, beside the kinds' deliveries


class InvalidLink(Exception):
    """The token was tampered with, or names someone or something that is not there any more."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Subscription:
    person: User
    kind: str

    @property
    def is_digest(self) -> bool:
        return self.kind == WEEKLY_DIGEST

    @property
    def label(self) -> str:
        return "The weekly digest" if self.is_digest else KINDS[self.kind].label

    def current(self) -> str:
        if self.is_digest:
            return ON if self.person.weekly_digest else OFF
        return preferences.delivery_for(self.person, self.kind)

    @property
    def stopped(self) -> bool:
        return self.current() == OFF


def offered_for(kind: str) -> bool:
    """Only a kind a person can choose has an unsubscribe link; an unregistered one (a kind an app
    no longer sends) has nothing to switch off."""
    return kind == WEEKLY_DIGEST or kind in KINDS


def token_for(person: User, kind: str) -> str:
    return signing.dumps([person.pk, kind], salt=SALT)


def path_for(person: User, kind: str) -> str:
    return reverse("email-unsubscribe", kwargs={"token": token_for(person, kind)})


def headers(absolute_url: str) -> dict[str, str]:
    """RFC 8058: a mail client's unsubscribe button POSTs ``List-Unsubscribe=One-Click`` to this URL.
    Nothing without an absolute address (``PUBLIC_URL`` unset): a client could not reach a bare path."""
    if not absolute_url.startswith(("https://", "http://")):
        return {}
    return {"List-Unsubscribe": f"<{absolute_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def read(token: str) -> Subscription:
    """The subscription a link stands for; ``InvalidLink(400)`` for a token we did not sign,
    ``InvalidLink(404)`` for one whose person has left or whose kind no longer exists."""
    try:
        person_id, kind = signing.loads(token, salt=SALT)  # no max_age: the link does not expire
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink(400) from None
    if not isinstance(person_id, int) or not isinstance(kind, str):
        raise InvalidLink(400)
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or not offered_for(kind):
        raise InvalidLink(404)
    return Subscription(person, kind)
