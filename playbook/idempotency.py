"""``Idempotency-Key``: a retried create answers what the first one did, instead of making a second object.

Someone on a flaky connection taps "Raise flag", sees nothing happen and taps again. With a key (the
API's ``Idempotency-Key`` header; a page form's hidden ``idempotency_key`` field, one per render) the
second request gets the first one's answer. The rules follow the IETF draft "The Idempotency-Key HTTP
Header Field" and Stripe:

- The first request with a key runs. If it succeeds, its answer is stored **in the same transaction**
  as what it wrote, so either both exist or neither. A failure (a 400, a form sent back with errors)
  is not kept: the person fixes the input and sends it again with the same key.
- A retry with the same key and the same request (path and body) runs nothing and answers the stored
  response, marked ``Idempotent-Replayed: true``.
- The same key with a different request is refused: 422, ``idempotency_key_reused``.
- A retry while the first is still running waits for it (the key's unique index holds it back until
  the first commits or gives the key back), then replays or runs. After ``IDEMPOTENCY_WAIT_SECONDS``
  (10) it gives up with a 409 and ``Retry-After``.
- Keys are per person and per operation (the route's name), and live 24 hours; the beat job
  ``playbook.tasks.prune_idempotency_keys`` deletes older ones.
- Without a key, nothing is different.

``idempotent_page`` wraps a page view, which marks its answer to a write that went through with
``succeeded(response)`` (a redirect, or a short text for a script); ``playbook.api.idempotency.idempotent``
wraps a DRF view method. Both run ``once``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import render

from playbook import clock
from playbook.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
FIELD = "idempotency_key"
KEY_MAX = 100
LIFETIME = timedelta(hours=24)
WAIT_SECONDS = 10

_PRINTABLE_ASCII = re.compile(rf"[\x20-\x7e]{{1,{KEY_MAX}}}")
# Form fields that differ between two sends of the same form, or carry the key itself.
_NOT_PART_OF_THE_REQUEST = {"csrfmiddlewaretoken", FIELD}
_LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout ran out


def new_key() -> str:
    return secrets.token_urlsafe(24)


class InvalidKey(ValueError):
    pass


class KeyReused(Exception):
    """The key was first used for a different request."""


class StillRunning(Exception):
    """The first request with this key has not finished within the wait."""


def parse_key(raw: str) -> str:
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        # The draft sends the key as a structured-field string: "8e03978e-40d5-43e8-bc93-6894a57f9324".
        key = re.sub(r'\\(["\\])', r"\1", key[1:-1])
    if not _PRINTABLE_ASCII.fullmatch(key):
        raise InvalidKey(f"An {HEADER} is 1 to {KEY_MAX} printable ASCII characters.")
    return key


def fingerprint(path: str, body: Any) -> str:
    """sha256 of what makes two requests the same request: the path (query string included) and the
    body's values, whatever their order or encoding."""
    canonical = json.dumps(
        {"path": path, "body": _plain(body)}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "getlist"):  # a QueryDict or MultiValueDict: every value of every name
        return {
            str(name): [_plain(v) for v in value.getlist(name)]
            for name in value
            if name not in _NOT_PART_OF_THE_REQUEST
        }
    if isinstance(value, dict):
        return {str(name): _plain(v) for name, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return value


# --- The mechanism -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a successful request answered, as stored for its retries."""

    status: int
    body: Any = None
    location: str = ""


@dataclass(frozen=True)
class Outcome:
    response: Any = None  # what the request answered, when it ran
    stored: IdempotencyKey | None = None  # the first request's answer, when this was a retry


def once(
    *,
    user,
    scope: str,
    key: str,
    fingerprint: str,
    run: Callable[[], Any],
    answer_of: Callable[[Any], Answer | None],
) -> Outcome:
    """Run ``run()`` at most once per (user, scope, key) while it succeeds.

    ``answer_of(response)`` says what to keep of a success, or None for a failure. Raises ``KeyReused``
    and ``StillRunning``; an exception from ``run()`` rolls back its writes and the claim together.
    """
    with transaction.atomic():
        claim = _claim(user=user, scope=scope, key=key, fingerprint=fingerprint)
        if claim.status_code is not None:
            if claim.fingerprint != fingerprint:
                raise KeyReused
            return Outcome(stored=claim)
        response = run()
        answer = answer_of(response)
        if answer is None:
            # Give the key back so the corrected request may use it. Whatever the request did stands,
            # exactly as it would have without a key.
            claim.delete()
        else:
            claim.status_code, claim.body, claim.location = answer.status, answer.body, answer.location
            claim.save(update_fields=["status_code", "body", "location"])
        return Outcome(response=response)


def _claim(*, user, scope: str, key: str, fingerprint: str) -> IdempotencyKey:
    """This request's new row for the key, or the committed row of the request that used it first."""
    for _attempt in range(3):
        try:
            with transaction.atomic():  # a clash must leave the caller's transaction usable
                previous = _limit_lock_wait()
                claim = IdempotencyKey.objects.create(
                    user=user, scope=scope, key=key, fingerprint=fingerprint, created_at=clock.now()
                )
                _restore_lock_wait(previous)
                return claim
        except IntegrityError:
            pass  # another request holds the key, and has committed by the time we get here
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) == _LOCK_NOT_AVAILABLE:
                raise StillRunning from None
            raise
        held = IdempotencyKey.objects.filter(user=user, scope=scope, key=key).first()
        if held is None:
            continue  # pruned or given back a moment ago: try to claim it again
        if held.created_at <= clock.now() - LIFETIME:
            held.delete()  # expired, not yet pruned: this is a new request
            continue
        return held
    raise StillRunning


def _limit_lock_wait() -> str | None:
    """Waiting behind the first request is bounded (PostgreSQL; SQLite's writers queue anyway)."""
    if connection.vendor != "postgresql":
        return None
    wait = getattr(settings, "IDEMPOTENCY_WAIT_SECONDS", WAIT_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{max(int(wait * 1000), 1)}ms"])
    return previous


def _restore_lock_wait(previous: str | None) -> None:
    # Only the claim waits with the limit; the request's own row locks wait as they always do.
    if previous is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def prune(*, older_than: timedelta = LIFETIME) -> int:
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=clock.now() - older_than).delete()
    return deleted


def scope_of(request) -> str:
    match = request.resolver_match
    return (match.view_name if match else request.path)[:100]


# --- Pages ---------------------------------------------------------------------------------------------

_SUCCEEDED = "_playbook_idempotent_success"
REUSED_ON_A_PAGE = "This form was already sent with other values. Reload the page to send it again."
STILL_RUNNING_ON_A_PAGE = "This form is still being sent. Wait a moment, then reload the page."


def succeeded(response):
    """Mark a page's answer to a write that went through (a redirect, or a short text for a script):
    a retry of the same form gets it again. Unmarked answers are not kept."""
    setattr(response, _SUCCEEDED, True)
    return response


def idempotent_page(view):
    """Make a page view honour the key its form carries (``{% idempotency_field %}``) or the header."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        raw = None
        if request.method == "POST":
            raw = request.headers.get(HEADER)
            if raw is None:
                raw = request.POST.get(FIELD)
        if raw is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            key = parse_key(raw)
        except InvalidKey:
            return _refused(request, 400, "This form could not be sent. Reload the page and try again.")
        try:
            outcome = once(
                user=request.user,
                scope=scope_of(request),
                key=key,
                fingerprint=fingerprint(
                    request.get_full_path(), {"form": request.POST, "files": request.FILES}
                ),
                run=lambda: view(request, *args, **kwargs),
                answer_of=_page_answer,
            )
        except KeyReused:
            return _refused(request, 422, REUSED_ON_A_PAGE)
        except StillRunning:
            refused = _refused(request, 409, STILL_RUNNING_ON_A_PAGE)
            refused["Retry-After"] = "1"
            return refused
        if outcome.stored is None:
            return outcome.response
        return _page_replay(request, outcome.stored)

    return wrapper


def _page_answer(response) -> Answer | None:
    if not getattr(response, _SUCCEEDED, False):
        return None
    if 300 <= response.status_code < 400:
        return Answer(response.status_code, None, response["Location"])
    return Answer(response.status_code, response.content.decode(response.charset or "utf-8"))


def _page_replay(request, stored: IdempotencyKey) -> HttpResponse:
    if stored.location:
        messages.info(request, "You sent this twice; it was saved once.")
        response = HttpResponse(status=stored.status_code)
        response["Location"] = stored.location
    else:
        response = HttpResponse(stored.body or "", status=stored.status_code, content_type="text/plain")
    response[REPLAYED] = "true"
    return response


def _scripted(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or "HX-Request" in request.headers


def _refused(request, status: int, message: str) -> HttpResponse:
    if _scripted(request):
        return HttpResponse(message, status=status, content_type="text/plain")
    return render(request, "playbook/form_not_sent.html", {"message": message}, status=status)
