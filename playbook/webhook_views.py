"""Network admins' webhook pages under /network/webhooks/: the endpoints, their deliveries, replays.

A plain member is refused (403) before anything is looked up; an endpoint or delivery of another
network is not found (404). Writes go through ``playbook.webhook_services``.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from playbook import permissions, webhooks
from playbook import webhook_services as services
from playbook.web import submit
from playbook.webhook_forms import EndpointEditForm, EndpointForm

DELIVERIES_PER_PAGE = 20


def _admin(user):
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins manage webhooks.")
    return user


def _endpoint(user, pk, action=permissions.CHANGE):
    return permissions.get_for_user(_admin(user), services.endpoints_of(user), pk, action)


def webhook_list(request):
    _admin(request.user)
    endpoints = services.endpoints_of(request.user).annotate(
        owed=Count(
            "deliveries", filter=Q(deliveries__delivered_at__isnull=True, deliveries__failed_at__isnull=True)
        ),
        given_up=Count("deliveries", filter=Q(deliveries__failed_at__isnull=False)),
    )
    return render(request, "playbook/webhooks/list.html", {"endpoints": endpoints, "events": webhooks.EVENTS})


def webhook_create(request):
    network = permissions.get_for_user(
        _admin(request.user),
        permissions.visible_networks(request.user),
        request.user.network_id,
        permissions.CHANGE,
    )
    form = EndpointForm(request.POST if request.method == "POST" else None)
    done = submit(
        request, form, lambda data: services.create_endpoint(network=network, by=request.user, **data)
    )
    if done.ok:
        messages.success(
            request, "The endpoint is added. Copy its secret into your receiver to check signatures."
        )
        return redirect("webhook-detail", done.value.pk)
    return render(request, "playbook/webhooks/form.html", {"form": form, "endpoint": None})


def webhook_detail(request, pk):
    endpoint = _endpoint(request.user, pk, permissions.VIEW)
    page = Paginator(services.recent_deliveries(endpoint), DELIVERIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "endpoint": endpoint,
        "page": page,
        "events": webhooks.EVENTS,
        "max_attempts": webhooks.MAX_ATTEMPTS,
    }
    return render(request, "playbook/webhooks/detail.html", context)


def webhook_edit(request, pk):
    endpoint = _endpoint(request.user, pk)
    initial = {k: getattr(endpoint, k) for k in ("url", "description", "events", "active")}
    form = EndpointEditForm(request.POST if request.method == "POST" else None, initial=initial)
    done = submit(
        request, form, lambda data: services.update_endpoint(endpoint=endpoint, by=request.user, **data)
    )
    if done.ok:
        messages.success(request, "The endpoint is saved.")
        return redirect("webhook-detail", endpoint.pk)
    return render(request, "playbook/webhooks/form.html", {"form": form, "endpoint": endpoint})


@require_POST
def webhook_rotate_secret(request, pk):
    endpoint = services.rotate_secret(endpoint=_endpoint(request.user, pk), by=request.user)
    messages.success(request, "A new secret is made: signatures use it from now on. Update your receiver.")
    return redirect(reverse("webhook-detail", args=[endpoint.pk]) + "#secret")


@require_POST
def webhook_ping(request, pk):
    endpoint = _endpoint(request.user, pk)
    try:
        services.send_test_event(endpoint=endpoint, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "A test event is on its way; its delivery shows below in a moment.")
    return redirect("webhook-detail", endpoint.pk)


@require_POST
def webhook_delete(request, pk):
    endpoint = _endpoint(request.user, pk, permissions.DELETE)
    services.delete_endpoint(endpoint=endpoint, by=request.user)
    messages.success(request, f"{endpoint.url} is no longer told of anything.")
    return redirect("webhook-list")


def webhook_delivery(request, pk):
    delivery = permissions.get_for_user(_admin(request.user), services.deliveries_of(request.user), pk)
    pretty = json.dumps(delivery.payload, indent=2, ensure_ascii=False)
    context = {"delivery": delivery, "endpoint": delivery.endpoint, "payload": pretty}
    return render(request, "playbook/webhooks/delivery.html", context)


@require_POST
def webhook_replay(request, pk):
    delivery = permissions.get_for_user(_admin(request.user), services.deliveries_of(request.user), pk)
    try:
        replay = services.replay_delivery(delivery=delivery, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("webhook-delivery", delivery.pk)
    messages.success(request, "The event is sent again as a new delivery, with the same event id.")
    return redirect("webhook-delivery", replay.pk)
