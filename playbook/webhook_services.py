"""Network admins' webhook endpoints: every write the setup pages make, and the reads they share.

Sending lives in ``playbook.webhooks``; here an admin registers, changes, switches off or deletes an
endpoint, turns its secret over, replays a delivery and sends a test event. Each write checks the
permission on the row it changes (``playbook.permissions.core``: the network's admins only).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from playbook import clock, permissions, webhooks
from playbook.models import Network, User, WebhookDelivery, WebhookEndpoint

DESCRIPTION_MAX = WebhookEndpoint._meta.get_field("description").max_length


def endpoints_of(user) -> QuerySet[WebhookEndpoint]:
    """The endpoints of ``user``'s network if they administer it; none otherwise."""
    access = permissions.access_for(user)
    if not access.is_admin:
        return WebhookEndpoint.objects.none()
    return WebhookEndpoint.objects.filter(network_id=access.network_id).order_by("url", "pk")


def deliveries_of(user) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(endpoint__in=endpoints_of(user)).select_related("endpoint")


def recent_deliveries(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first, without the payloads and bodies a list does not show."""
    return endpoint.deliveries.order_by("-created_at", "-pk").defer("payload", "response_body")


def new_secret() -> str:
    return secrets.token_hex(32)


def _clean(url: str, description: str, events) -> dict:
    errors = {}
    try:
        url = webhooks.check_url(url)
    except ValidationError as error:
        errors.update(error.message_dict)
    chosen = list(dict.fromkeys(events or []))
    if not chosen:
        errors["events"] = ["Choose at least one event to be told of."]
    elif unknown := [e for e in chosen if e not in webhooks.EVENTS]:
        errors["events"] = [f"Unknown events: {', '.join(unknown)}."]
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [f"Keep it under {DESCRIPTION_MAX} characters."]
    if errors:
        raise ValidationError(errors)
    return {"url": url, "description": description, "events": chosen}


@transaction.atomic
def create_endpoint(
    *, network: Network, by: User, url: str, events, description: str = ""
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(network=network, created_by=by, created_at=clock.now(), secret=new_secret())
    permissions.require(by, endpoint, permissions.CHANGE)
    for name, value in _clean(url, description, events).items():
        setattr(endpoint, name, value)
    endpoint.save()
    return endpoint


def _locked(endpoint: WebhookEndpoint, by: User, action: str) -> WebhookEndpoint:
    locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    permissions.require(by, locked, action)
    return locked


@transaction.atomic
def update_endpoint(
    *, endpoint: WebhookEndpoint, by: User, url: str, events, description: str = "", active: bool = True
) -> WebhookEndpoint:
    """Change where and what; switched off, it is told of nothing and what it is owed is not sent."""
    endpoint = _locked(endpoint, by, permissions.CHANGE)
    for name, value in _clean(url, description, events).items():
        setattr(endpoint, name, value)
    endpoint.active = bool(active)
    endpoint.save()
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: WebhookEndpoint, by: User) -> WebhookEndpoint:
    """A new secret from now on (deliveries already signed keep their old signature)."""
    endpoint = _locked(endpoint, by, permissions.CHANGE)
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint


@transaction.atomic
def delete_endpoint(*, endpoint: WebhookEndpoint, by: User) -> None:
    """Its deliveries go with it: they are a log of what was sent to an address no longer wanted."""
    _locked(endpoint, by, permissions.DELETE).delete()


@transaction.atomic
def replay_delivery(*, delivery: WebhookDelivery, by: User) -> WebhookDelivery:
    """Send a delivery's event again (same event id and payload) as a new delivery, by the job."""
    delivery = WebhookDelivery.objects.select_related("endpoint__network").get(pk=delivery.pk)
    permissions.require(by, delivery, permissions.CHANGE)
    _active(_locked(delivery.endpoint, by, permissions.CHANGE))
    return webhooks.owe_again(delivery)


@transaction.atomic
def send_test_event(*, endpoint: WebhookEndpoint, by: User) -> WebhookDelivery:
    endpoint = _active(_locked(endpoint, by, permissions.CHANGE))
    endpoint.network  # noqa: B018 - the payload names it
    return webhooks.owe_ping(endpoint, by)


def _active(endpoint: WebhookEndpoint) -> WebhookEndpoint:
    if not endpoint.active:
        raise ValidationError("This endpoint is switched off; switch it on to send to it.")
    return endpoint
