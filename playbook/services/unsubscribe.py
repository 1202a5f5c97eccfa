"""Turning one kind of email off from its unsubscribe link, and back on (the link and its token are
``playbook.unsubscribe``)."""

from __future__ import annotations

from django.db import transaction

from playbook import preferences
from playbook.models import User
from playbook.services.preferences import set_notification_preferences
from playbook.unsubscribe import OFF, ON, Subscription


@transaction.atomic
def stop(subscription: Subscription) -> str:
    """Turn the emails off; returns how they came before, for the undo button."""
    before = subscription.current()
    _set(subscription, OFF)
    return before


def restore(subscription: Subscription, delivery: str) -> None:
    """Undo: set the emails back to ``delivery`` (one of the states ``stop`` returned); a
    ``ValueError`` for anything else."""
    allowed = (ON, OFF) if subscription.is_digest else preferences.Delivery.values
    if delivery not in allowed:
        raise ValueError(f"“{delivery}” is not a way to get these emails.")
    with transaction.atomic():
        _set(subscription, delivery)


def _set(subscription: Subscription, delivery: str) -> None:
    person = subscription.person
    if subscription.is_digest:
        # One field, nothing else of the person touched or revalidated.
        person.weekly_digest = delivery == ON
        User.objects.filter(pk=person.pk).update(weekly_digest=person.weekly_digest)
    else:
        # The person's own choices, as if they had made them on their account page (a choice equal
        # to their general switch is stored as no choice, as there).
        set_notification_preferences(person=person, by=person, choices={subscription.kind: delivery})
