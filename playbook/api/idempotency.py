"""The API's side of ``Idempotency-Key`` (the rules are in ``playbook.idempotency``): a decorator for DRF
view methods, its errors in the API's one shape, and its place in the OpenAPI schema."""

from __future__ import annotations

import functools
import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from playbook.api.errors import ErrorSerializer
from playbook.idempotency import (
    HEADER,
    REPLAYED,
    Answer,
    InvalidKey,
    KeyReused,
    StillRunning,
    fingerprint,
    once,
    parse_key,
    scope_of,
)


class KeyReusedError(exceptions.APIException):
    status_code = 422
    default_code = "idempotency_key_reused"
    default_detail = (
        f"This {HEADER} was already used for a different request. Send a new key with a new request."
    )


class StillRunningError(exceptions.APIException):
    status_code = 409
    default_code = "idempotency_key_in_use"
    default_detail = f"A request with this {HEADER} is still being processed. Try again in a moment."
    wait = 1  # DRF's exception handler answers it as Retry-After


HEADER_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Optional: 1 to 100 printable ASCII characters, new for each new request (a UUID will "
    "do). A retry with the same key and the same request creates nothing and answers the first "
    "response again, with the header `Idempotent-Replayed: true`. The same key with a different "
    "request is a 422; while the first request is still running, a 409 with `Retry-After`. A key is "
    "yours alone, for this operation only, for 24 hours. A request that failed is not remembered: "
    "correct it and send it again with the same key.",
)
ERROR_RESPONSES = {
    409: OpenApiResponse(
        ErrorSerializer, description="A request with this Idempotency-Key is still being processed."
    ),
    422: OpenApiResponse(
        ErrorSerializer, description="This Idempotency-Key was used for a different request."
    ),
}


def idempotent(method):
    """Make a DRF view method (a create, a POST action) honour ``Idempotency-Key``."""

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        raw = request.headers.get(HEADER)
        if raw is None or request.method in SAFE_METHODS or not request.user.is_authenticated:
            return method(view, request, *args, **kwargs)
        try:
            key = parse_key(raw)
        except InvalidKey as error:
            raise exceptions.ValidationError({HEADER: [str(error)]}) from None
        try:
            outcome = once(
                user=request.user,
                scope=scope_of(request),
                key=key,
                fingerprint=fingerprint(request.get_full_path(), request.data),
                run=lambda: method(view, request, *args, **kwargs),
                answer_of=_api_answer,
            )
        except KeyReused:
            raise KeyReusedError from None
        except StillRunning:
            raise StillRunningError from None
        if outcome.stored is None:
            return outcome.response
        stored = outcome.stored
        headers = {REPLAYED: "true", **({"Location": stored.location} if stored.location else {})}
        return Response(stored.body, status=stored.status_code, headers=headers)

    return wrapper


def _api_answer(response) -> Answer | None:
    if not 200 <= response.status_code < 300:
        return None
    data = getattr(response, "data", None)
    # Kept as the client reads it: times and decimals as the renderer writes them.
    body = None if data is None else json.loads(JSONRenderer().render(data))
    return Answer(response.status_code, body, response.get("Location", ""))
