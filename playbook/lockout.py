"""What a person sees when too many failed sign-ins lock their username at one address.

django-axes counts the failures (settings ``AXES_*``) and refuses a locked username before any
password is checked; this module words the refusal: a page for the sign-in and admin forms
(``AXES_LOCKOUT_CALLABLE``), and an error in the API's one format for the token endpoint, whose
DRF request axes marks but its middleware never sees.

Times come from Django's clock, not ``playbook.clock``: axes dates the attempts and decides the
lock with ``timezone.now()``, and the time we give must be the one it will act on.
"""

from __future__ import annotations

import math
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from rest_framework import exceptions


def locked_until(request, credentials=None) -> datetime:
    """When the lock on this username at this address ends (at the latest: each failure counts
    for one cool-off after it)."""
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)
    latest = max(
        (found for qs in attempts if (found := qs.aggregate(latest=Max("attempt_time"))["latest"])),
        default=None,
    )
    return (latest or request.axes_attempt_time or timezone.now()) + get_cool_off(request)


def lockout_response(request, original_response=None, credentials=None):
    context = {
        "username": get_client_username(request, credentials) or "",
        "until": locked_until(request, credentials),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)


class SignInLocked(exceptions.APIException):
    status_code = 429
    default_code = "throttled"

    def __init__(self, until: datetime):
        # DRF's handler turns ``wait`` into a Retry-After header.
        self.wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
        super().__init__(
            f"Too many failed sign-ins for this username from this address. Try again after "
            f"{until.isoformat(timespec='seconds')} (in {timeuntil(until)}), "
            "or ask an administrator to unlock the account."
        )


def raise_if_locked(request) -> None:
    """Call after a refused sign-in through the API: a lockout becomes a 429, not "wrong password"."""
    if getattr(request, "axes_locked_out", False):
        raise SignInLocked(locked_until(request, getattr(request, "axes_credentials", None)))
