"""Writes for sign-in with the school account: a network's email domains and its "local passwords"
switch. The network's admins' alone (the ``EmailDomain`` and ``Network`` rules in
``playbook.permissions.core``)."""

from __future__ import annotations

import contextlib
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from playbook import permissions, sign_in
from playbook.models import EmailDomain, Network, User

# Labels of letters, digits and inner hyphens, at least two of them, the last not all digits.
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)


def clean_domain(text: str) -> str:
    domain = (text or "").strip().lower().removeprefix("@").rstrip(".")
    with contextlib.suppress(UnicodeError):  # left as typed, for the check below to refuse
        domain = domain.encode("idna").decode("ascii")
    if not _DOMAIN.match(domain):
        raise ValidationError(
            {"domain": [f"“{text.strip()}” is not an email domain; write it as example.org."]}
        )
    return domain


@transaction.atomic
def add_email_domain(*, network: Network, by: User, domain: str) -> EmailDomain:
    row = EmailDomain(network=network, domain=clean_domain(domain))
    permissions.require(by, network, permissions.CHANGE)
    taken = EmailDomain.objects.filter(domain=row.domain).first()
    if taken is not None:
        where = "this network" if taken.network_id == network.pk else "another network"
        raise ValidationError({"domain": [f"{row.domain} is already mapped to {where}."]})
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # mapped by someone else since the look-up above
        raise ValidationError({"domain": [f"{row.domain} is already mapped to a network."]}) from None
    return row


@transaction.atomic
def remove_email_domain(*, domain: EmailDomain, by: User) -> None:
    permissions.require(by, domain, permissions.DELETE)
    network = Network.objects.select_for_update().get(pk=domain.network_id)
    if not network.local_passwords and not network.email_domains.exclude(pk=domain.pk).exists():
        raise ValidationError(
            f"{domain.domain} is the network's last email domain and local passwords are off: nobody "
            "could sign in. Turn local passwords back on in the network settings first."
        )
    domain.delete()


def check_local_passwords(network: Network, on: bool) -> None:
    """Refuse turning passwords off when nobody could sign in with a school account instead."""
    if on or not network.local_passwords:
        return
    if not sign_in.provider_buttons():
        raise ValidationError(
            {
                "local_passwords": [
                    "No school-account provider is set up for Playbook, so nobody could sign in."
                ]
            }
        )
    if not network.email_domains.exists():
        raise ValidationError(
            {
                "local_passwords": [
                    "Map at least one email domain to the network first, so its people can sign in."
                ]
            }
        )


def passwords_turned_off(network: Network) -> int:
    """API tokens are traded for a password (``playbook.api.views.TokenView``): when a network turns
    passwords off, its people's tokens go too, so no password-made credential outlives the switch."""
    deleted, _ = Token.objects.filter(
        user__network=network, user__is_staff=False, user__is_superuser=False
    ).delete()
    return deleted
