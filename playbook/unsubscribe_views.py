"""The page an email's unsubscribe link opens, and the one-click POST mail clients send to it."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from playbook import unsubscribe
from playbook.services import unsubscribe as services

PROBLEMS = {
    400: "This unsubscribe link is incomplete or was changed on the way. Copy the whole link from the email.",
    404: "This unsubscribe link is for an account or a kind of email that no longer exists.",
}


# Public: the signed token is the key, and someone reading their mail on a phone is rarely signed in.
@login_not_required
# RFC 8058: a mail client's unsubscribe button POSTs "List-Unsubscribe=One-Click" with no cookie and
# no CSRF token, so the check cannot apply. Nothing is lost: CSRF protects a session from a forged
# request, and this view uses no session; the token, which only the email's reader has, is what
# authorizes the change.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def email_unsubscribe(request, token):
    try:
        subscription = unsubscribe.read(token)
    except unsubscribe.InvalidLink as invalid:
        return _invalid(request, PROBLEMS[invalid.status], invalid.status)
    # GET only asks (mail scanners open every link in a message); POST is the change.
    if request.method != "POST":
        return _page(request, subscription, "ask")
    if "undo" in request.POST:
        try:
            services.restore(subscription, request.POST["undo"])
        except ValueError as error:  # not a delivery: a post made by hand
            return _invalid(request, str(error), 400)
        return _page(request, subscription, "restored")
    return _page(request, subscription, "stopped", before=services.stop(subscription))


def _invalid(request, problem: str, status: int):
    return render(request, "playbook/unsubscribe_invalid.html", {"problem": problem}, status=status)


def _page(request, subscription, state: str, before: str = ""):
    context = {
        "state": state,
        "subscription": subscription,
        # Whoever holds the link sees this page, so it names no more than a first name.
        "first_name": subscription.person.first_name,
        "before": before,
        "was_off": before == unsubscribe.OFF,
    }
    return render(request, "playbook/unsubscribe.html", context)
