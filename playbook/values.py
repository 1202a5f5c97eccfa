"""The network's shared values: the short list its admins keep, read where people work.

Writes and the one read live together here because the list is small and the core's own: the setup
page, the API and the ``{% network_values %}`` strip all go through these functions.

At most ``MAX_VALUES``: a list meant to be shown beside every huddle and plan has to be one people
can hold in mind (about seven items, after Miller's "seven, plus or minus two"); a longer list stops
being read and becomes a poster.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from playbook import permissions
from playbook.models import Network, NetworkValue, User

MAX_VALUES = 7
EDITABLE = ("name", "description")


def values_of(user) -> QuerySet[NetworkValue]:
    """The values of ``user``'s network, in their order; none for someone in no network."""
    access = permissions.access_for(user)
    return NetworkValue.objects.filter(network_id=access.network_id).order_by("position", "pk")


def _save(value: NetworkValue) -> NetworkValue:
    value.name = value.name.strip()
    value.full_clean(exclude=["network"], validate_unique=False)
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError:
        raise ValidationError({"name": "The network already has a value with that name."}) from None
    return value


@transaction.atomic
def create_network_value(*, network: Network, by: User, name: str, description: str = "") -> NetworkValue:
    """A new value goes last; the list stops at ``MAX_VALUES``."""
    value = NetworkValue(network=network, name=name, description=description)
    permissions.require(by, value, permissions.CHANGE)
    # Lock the network row so two admins adding at once cannot both take the seventh place.
    Network.objects.select_for_update().get(pk=network.pk)
    existing = list(NetworkValue.objects.filter(network=network).values_list("position", flat=True))
    if len(existing) >= MAX_VALUES:
        raise ValidationError(
            f"A network keeps at most {MAX_VALUES} shared values, so people can hold them in mind; "
            "remove or merge one first."
        )
    value.position = max(existing, default=-1) + 1
    return _save(value)


@transaction.atomic
def update_network_value(*, value: NetworkValue, by: User, **fields) -> NetworkValue:
    value = NetworkValue.objects.select_for_update().get(pk=value.pk)
    permissions.require(by, value, permissions.CHANGE)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This cannot be changed here."))
    for name, new in fields.items():
        setattr(value, name, new)
    return _save(value)


@transaction.atomic
def move_network_value(*, value: NetworkValue, by: User, to: int) -> NetworkValue:
    """Put ``value`` at index ``to`` of the list and number the others around it."""
    permissions.require(by, value, permissions.CHANGE)
    values = list(
        NetworkValue.objects.select_for_update()
        .filter(network_id=value.network_id)
        .order_by("position", "pk")
    )
    moved = next(v for v in values if v.pk == value.pk)
    ordered = [v for v in values if v.pk != value.pk]
    ordered.insert(max(0, min(int(to), len(ordered))), moved)
    for index, each in enumerate(ordered):
        if each.position != index:
            each.position = index
            each.save(update_fields=["position"])
    return moved


@transaction.atomic
def delete_network_value(*, value: NetworkValue, by: User) -> None:
    """Nothing refers to a value (it is words on the wall), so deleting one loses no record."""
    permissions.require(by, value, permissions.DELETE)
    value.delete()
