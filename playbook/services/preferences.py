"""Writing a person's notification choices (read them with ``playbook.preferences``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from playbook import permissions
from playbook.models import NotificationPreference, User
from playbook.notification_kinds import is_known
from playbook.preferences import Delivery, default_delivery

DELIVERIES = ", ".join(Delivery.values)


def _errors(choices: dict) -> dict[str, list[str]]:
    errors = {}
    for kind, delivery in choices.items():
        if not is_known(kind):
            errors[kind] = [f"“{kind}” is not a kind of notification."]
        elif delivery not in Delivery.values:
            errors[kind] = [f"Choose one of {DELIVERIES}."]
    return errors


@transaction.atomic
def set_notification_preferences(*, person: User, by: User, choices: dict, replace: bool = False) -> None:
    """Store how ``person`` wants each kind in ``choices`` (kind → delivery).

    A choice equal to the general switch is not stored (its row is removed), so the kind keeps
    following the switch if the person turns it later. With ``replace`` every kind left out goes
    back to the general switch too (the API's PUT). Nothing is saved unless every choice is valid.
    """
    # The policy's rule for these rows: a person's own choices are theirs alone (admins included).
    permissions.require(by, NotificationPreference(user=person), permissions.CHANGE)
    if not isinstance(choices, dict):
        raise ValidationError({"non_field_errors": ["Send an object of kind → delivery."]})
    if errors := _errors(choices):
        raise ValidationError(errors)
    default = default_delivery(person)
    rows = NotificationPreference.objects.filter(user=person)
    if replace:
        rows.exclude(kind__in=list(choices)).delete()
    rows.filter(kind__in=[k for k, d in choices.items() if d == default]).delete()
    for kind, delivery in choices.items():
        if delivery != default:
            NotificationPreference.objects.update_or_create(
                user=person, kind=kind, defaults={"delivery": delivery}
            )
