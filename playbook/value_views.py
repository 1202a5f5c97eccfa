"""The network's shared values on the setup pages: the admin's list, one form per value."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from playbook import permissions, values
from playbook.value_forms import NetworkValueForm
from playbook.web import add_errors


def _network(user):
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins keep the network's values.")
    return permissions.get_for_user(
        user, permissions.visible_networks(user), user.network_id, permissions.CHANGE
    )


def _value(user, pk, action=permissions.CHANGE):
    return permissions.get_for_user(user, values.values_of(user), pk, action)


def _write(request, form, write, done: str):
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, done)
    return redirect("network-values")


def network_values(request):
    network = _network(request.user)
    shown = list(values.values_of(request.user))
    form = NetworkValueForm(request.POST if request.method == "POST" else None)
    added = _write(
        request,
        form,
        lambda data: values.create_network_value(network=network, by=request.user, **data),
        "The value is added.",
    )
    context = {
        "values": shown,
        "form": form,
        "max_values": values.MAX_VALUES,
        "full": len(shown) >= values.MAX_VALUES,
    }
    return added or render(request, "playbook/setup/values.html", context)


def network_value_edit(request, pk):
    value = _value(request.user, pk)
    form = NetworkValueForm(
        request.POST if request.method == "POST" else None,
        initial={"name": value.name, "description": value.description},
    )
    saved = _write(
        request,
        form,
        lambda data: values.update_network_value(value=value, by=request.user, **data),
        "The value is saved.",
    )
    return saved or render(request, "playbook/setup/value_form.html", {"form": form, "value": value})


@require_POST
def network_value_move(request, pk):
    value = _value(request.user, pk)
    order = list(values.values_of(request.user).values_list("pk", flat=True))
    step = -1 if request.POST.get("direction") == "up" else 1
    values.move_network_value(value=value, by=request.user, to=order.index(value.pk) + step)
    return redirect("network-values")


@require_POST
def network_value_delete(request, pk):
    value = _value(request.user, pk, permissions.DELETE)
    values.delete_network_value(value=value, by=request.user)
    messages.success(request, f"“{value.name}” is no longer one of the network's values.")
    return redirect("network-values")
