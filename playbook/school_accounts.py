"""Who a school account signs in as: the rules django-allauth asks its adapters about.

The provider vouches for an email address; Playbook decides whose it is. The address must be
verified (``email_verified``) and its domain mapped to a network (``EmailDomain``, set by the
network's admins). Then the person of that network with that address (any case) is the one signed
in, their school account connected on first use and their open invitations taken up; with nobody
there yet, a person is made in that network with no team roles and its admins are told. Anyone else
is refused with a page that says why, and nothing is saved.

Nobody signs up through allauth's forms: its sign-up is closed (``NoSignUpAdapter``) and a school
account's is automatic, through this adapter only.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from playbook import invitations
from playbook.models import EmailDomain, Network, User
from playbook.notifications import notify_many

PERSON_JOINED = "people_joined"


@dataclass(frozen=True)
class Decision:
    """Whom a verified school email signs in as: ``person`` (existing), or a new one in ``network``;
    or ``refusal``, the reason to show."""

    network: Network | None = None
    person: User | None = None
    refusal: str = ""


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def decide(email: str | None, verified: bool) -> Decision:
    """The domain rule, in one place."""
    if not email or "@" not in email:
        return Decision(refusal="Your school account did not give Playbook an email address.")
    if not verified:
        return Decision(refusal=f"Your school account's email {email} is not verified by your school.")
    domain = domain_of(email)
    mapped = EmailDomain.objects.select_related("network").filter(domain=domain).first()
    if mapped is None:
        return Decision(
            refusal=f"Your school account's domain {domain} is not set up in Playbook; "
            "ask your network admin."
        )
    people = list(User.objects.filter(email__iexact=email.strip()).order_by("pk"))
    elsewhere = [p for p in people if p.network_id != mapped.network_id]
    if elsewhere:
        return Decision(
            refusal=f"{email} belongs to a person of another network in Playbook; ask your network admin."
        )
    if len(people) > 1:
        return Decision(
            refusal=f"More than one person in your network has the email {email}; ask your admin."
        )
    if people and not people[0].is_active:
        return Decision(refusal="Your Playbook account is switched off; ask your network admin.")
    return Decision(network=mapped.network, person=people[0] if people else None)


def claims(sociallogin) -> dict:
    # allauth keeps the ID token's claims and the userinfo endpoint's answer side by side.
    data = sociallogin.account.extra_data or {}
    if "userinfo" in data or "id_token" in data:
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return data


def _verified(value) -> bool:
    # Some providers send the claim as a string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _refuse(request, reason: str):
    response = render(request, "registration/school_account_refused.html", {"reason": reason}, status=403)
    raise ImmediateHttpResponse(response)


def unique_username(email: str) -> str:
    base = slugify(email.partition("@")[0]).replace("-", ".")[:140] or "person"
    username, n = base, 2
    while User.objects.filter(username__iexact=username).exists():
        username, n = f"{base}{n}", n + 1
    return username


class NoSignUpAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


class SchoolAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True  # only ever reached through pre_social_login's decision below

    def is_auto_signup_allowed(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        found = claims(sociallogin)
        # A provider whose every address is the school's own (a single-tenant Entra ID app, which
        # sends no email_verified claim) is trusted by its OIDC_<NAME>_EMAILS_VERIFIED setting.
        trusted = bool(sociallogin.provider.app.settings.get("emails_verified"))
        decision = decide(found.get("email"), trusted or _verified(found.get("email_verified")))
        if decision.refusal:
            _refuse(request, decision.refusal)
        if sociallogin.is_existing:
            # Connected before: still the same person of the network that owns the domain.
            if sociallogin.user.pk != getattr(decision.person, "pk", None):
                _refuse(
                    request, "This school account is connected to another Playbook person; ask your admin."
                )
            return
        if decision.person is not None:
            with transaction.atomic():
                _lock(decision.network)
                _sign_in_as(request, sociallogin, decision.person)
            return
        # A new person: allauth's automatic sign-up saves them (save_user below) in this network.
        person = sociallogin.user
        person.email = found["email"].strip()
        person.username = unique_username(person.email)
        person.network = decision.network
        person.is_network_admin = False

    @transaction.atomic
    def save_user(self, request, sociallogin, form=None):
        person = sociallogin.user
        # Two first sign-ins with one address at once (a double tap, two tabs) were both decided "new
        # person" before either saved. Under the network's lock the second sees the first's person,
        # and is signed in as them instead of colliding with them.
        _lock(person.network)
        decision = decide(person.email, verified=True)  # verified: pre_social_login checked it
        if decision.refusal:
            _refuse(request, decision.refusal)
        if decision.person is not None:
            return _sign_in_as(request, sociallogin, decision.person)
        person.username = unique_username(person.email)  # again: another address may have taken it
        person = super().save_user(request, sociallogin, form)
        admins = User.objects.filter(network_id=person.network_id, is_network_admin=True, is_active=True)
        notify_many(
            recipients=admins,
            subject=f"{person.get_full_name() or person.email} joined with their school account",
            body=f"{person.email} signed in for the first time. They are in no team yet: add them to theirs.",
            url=reverse("people-list"),
            kind=PERSON_JOINED,
        )
        return person


def _lock(network: Network) -> None:
    # Every school-account write for a network (a person made, an account connected) happens under
    # this lock, so two sign-ins at once take turns and the second sees what the first saved.
    Network.objects.select_for_update().filter(pk=network.pk).first()


def _sign_in_as(request, sociallogin, person: User) -> User:
    """Connect the school account to ``person`` (unless a sign-in a moment ago already did) and take
    up their open invitations; in a transaction that holds the network's lock."""
    account = sociallogin.account
    connected = SocialAccount.objects.filter(provider=account.provider, uid=account.uid).first()
    if connected is None:
        sociallogin.connect(request, person)
    elif connected.user_id == person.pk:
        sociallogin.account, sociallogin.user = connected, person
    else:
        _refuse(request, "This school account is connected to another Playbook person; ask your admin.")
    invitations.taken_up_by_sign_in(person=person)
    return person
