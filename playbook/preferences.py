"""How a person wants each kind of notification delivered: reads shared by notify(), the account
page, the API and the weekly digest.

A stored ``NotificationPreference`` wins; without one the general switch decides, as it always did:
at once by email when ``User.email_notifications`` is on, in the app only when it is off. So the
general switch stays the default, and a person only ever stores the kinds they set apart from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from playbook.models import NotificationPreference, User
from playbook.notification_kinds import Kind, all_kinds, is_known

Delivery = NotificationPreference.Delivery


def default_delivery(user: User) -> str:
    return Delivery.IMMEDIATE if user.email_notifications else Delivery.OFF


def delivery_for(user: User, kind: str) -> str:
    """At most one query: the person's choice for ``kind``, or their default. A kind no app
    registered cannot have a stored choice, so it costs none."""
    if not is_known(kind):
        return default_delivery(user)
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True)
    return chosen.first() or default_delivery(user)


def deliveries_for(users: Iterable[User], kind: str) -> dict[int, str]:
    """The same for many people in one query, by person id."""
    people = list(users)
    if not is_known(kind):
        return {p.pk: default_delivery(p) for p in people}
    chosen = dict(
        NotificationPreference.objects.filter(user__in=[p.pk for p in people], kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {p.pk: chosen.get(p.pk) or default_delivery(p) for p in people}


def digest_kinds(user: User) -> list[str]:
    """The kinds whose notifications wait for this person's weekly digest (never the default, so
    only a stored choice puts a kind there)."""
    return list(
        NotificationPreference.objects.filter(user=user, delivery=Delivery.DIGEST).values_list(
            "kind", flat=True
        )
    )


@dataclass(frozen=True)
class Choice:
    kind: Kind
    delivery: str
    chosen: bool  # stored for this kind; False means it follows the general switch


def choices_of(user: User) -> list[Choice]:
    """Every registered kind with how this person gets it, in one query."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    default = default_delivery(user)
    return [Choice(k, chosen.get(k.name, default), k.name in chosen) for k in all_kinds()]
