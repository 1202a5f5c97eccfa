"""The network admins' page of email domains (/network/email-domains/): whose school accounts sign
in to this network. A plain member is refused (403) before anything is looked up; another network's
domain is not found (404). Writes go through ``playbook.services.email_domains``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from playbook import permissions, sign_in
from playbook.models import EmailDomain
from playbook.services import email_domains as services
from playbook.web import submit


class EmailDomainForm(forms.Form):
    domain = forms.CharField(
        max_length=EmailDomain._meta.get_field("domain").max_length,
        label="Email domain",
        help_text="The part after the @ in your people's school addresses, e.g. oakfield.sch.uk.",
    )


def _network(user):
    if not permissions.can_administer_network(user):
        raise PermissionDenied("Only network admins manage email domains.")
    return permissions.get_for_user(
        user, permissions.visible_networks(user), user.network_id, permissions.CHANGE
    )


def email_domains(request):
    network = _network(request.user)
    form = EmailDomainForm(request.POST if request.method == "POST" else None)
    done = submit(
        request, form, lambda data: services.add_email_domain(network=network, by=request.user, **data)
    )
    if done.ok:
        messages.success(request, f"{done.value.domain} is mapped to {network.name}.")
        return redirect("email-domains")
    context = {
        "form": form,
        "network": network,
        "domains": network.email_domains.all(),
        "providers": sign_in.provider_buttons(),
    }
    return render(request, "playbook/setup/email_domains.html", context)


@require_POST
def email_domain_remove(request, pk):
    network = _network(request.user)
    domain = permissions.get_for_user(request.user, network.email_domains.all(), pk, permissions.DELETE)
    try:
        services.remove_email_domain(domain=domain, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{domain.domain} is no longer mapped to {network.name}.")
    return redirect("email-domains")
