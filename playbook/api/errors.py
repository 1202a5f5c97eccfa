"""The API's one error format, and its place in the OpenAPI schema.

Every error the API answers has the same body, so a client needs one code path::

    {"status": 400, "code": "invalid", "detail": "Some fields are not valid.",
     "errors": {"name": ["This field is required."], "non_field_errors": ["..."]}}

``errors`` is always present: field errors (nested as the input was) for a 400, else ``{}``.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from playbook.errors import Conflict as DomainConflict

INVALID = "Some fields are not valid."


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "That clashes with the current state of the data. Reload and try again."
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "too_large"


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "Playbook cannot reach its database just now. Try again in a moment."
    default_code = "unavailable"


# The database is down, restarting, unreachable or too busy (a deadlock, a timeout): try again later.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER = "10"


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed) and not getattr(
        exc, "auth_header", None
    ):
        # DRF answers 403 when the first authenticator (the session) names no challenge; every API
        # view also takes tokens, so challenge with that and answer the 401 the client needs.
        exc.status_code = 401
        exc.auth_header = 'Token realm="api"'
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error stays a 500 that Django logs and reports
    response.data = error_body(exc, response.status_code)
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = RETRY_AFTER
    return response


def _as_api_exception(exc):
    if isinstance(exc, DATABASE_DOWN):
        return ServiceUnavailable()
    if isinstance(exc, DomainConflict):
        return Conflict(exc.message)
    if isinstance(exc, DjangoValidationError):
        # Services speak Django; field names match the serializers', so errors land on the field.
        errors = as_serializer_error(exc)
        if "__all__" in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop("__all__")
        return exceptions.ValidationError(errors)
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, RequestDataTooBig):
        # Django's limit on a body read into memory (DATA_UPLOAD_MAX_MEMORY_SIZE); a file upload is
        # streamed and has its own limit in the view that takes it.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return RequestTooLarge(f"The request body is larger than {limit / 1_000_000:.1f} MB.")
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError("The request has too many fields or files.")
    if isinstance(exc, ProtectedError | RestrictedError):
        # Rows still point at what was to be deleted. Django's message names tables and rows, so the
        # client gets a sentence instead. (An IntegrityError stays a 500: services turn the races
        # they expect into ValidationErrors, so one reaching here is a bug to be reported.)
        return Conflict(
            "Other records still point at this, so it cannot be deleted. Records of what happened "
            "are archived, and people who leave are deactivated."
        )
    return exc


def error_body(exc: exceptions.APIException, status: int) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail
        if not isinstance(errors, dict):
            errors = {api_settings.NON_FIELD_ERRORS_KEY: errors if isinstance(errors, list) else [errors]}
        return {"status": status, "code": "invalid", "detail": _validation_summary(errors), "errors": errors}
    detail, errors = exc.detail, {}
    if not isinstance(detail, str):
        detail, errors = str(exc.default_detail), {api_settings.NON_FIELD_ERRORS_KEY: detail}
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return {"status": status, "code": code, "detail": str(detail), "errors": errors}


def _validation_summary(errors: dict) -> str:
    """Name the problem itself when it is not about any one field (e.g. "move its teams first")."""
    general = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    if set(errors) == {api_settings.NON_FIELD_ERRORS_KEY} and all(isinstance(m, str) for m in general):
        return " ".join(general)
    return INVALID


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField(help_text="The HTTP status, repeated for clients that lose it.")
    code = serializers.CharField(
        help_text="Short machine string: invalid, parse_error, not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, conflict, too_large, throttled, ..."
    )
    detail = serializers.CharField(help_text="A sentence for people.")
    errors = serializers.DictField(
        help_text="Field name to a list of messages (nested like the input); "
        "`non_field_errors` for the rest. Empty unless the status is 400."
    )


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Services refuse a change the data does not allow with a ValidationError, whatever the body held.
REFUSED = "The change is not possible as things stand (see `detail`)."
PAGE_PARAMETERS = {"page", "page_size"}  # a bad page_size is not an error: the default size is used
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _model_allows_blank(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:
        return False


class ApiSchema(AutoSchema):
    """Lists the error responses each operation can give, all with ``ErrorSerializer``'s body."""

    def _tokenize_path(self):
        tokens = super()._tokenize_path()
        # The prefix drf-spectacular guesses from all paths under /api/ (schema and docs live there
        # too) keeps the version, which would tag every operation "v1" and prefix every operation id.
        if tokens and re.fullmatch(r"v[0-9]+", tokens[0]):
            return tokens[1:]
        return tokens

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, description in self._possible_errors(operation):
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code)
                responses[code]["description"] = description
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _possible_errors(self, operation: dict) -> list[tuple[str, str]]:
        """Every status an operation can answer besides its own, read from what it takes in."""
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        has_body = "requestBody" in operation
        errors = []
        if has_body:
            errors.append(("400", f"The input is not valid (see `errors`), or is not JSON. Or: {REFUSED}"))
        elif self.method not in SAFE_METHODS:
            errors.append(("400", REFUSED))
        elif query - PAGE_PARAMETERS:
            errors.append(("400", "A query parameter is not valid."))
        if self._needs_sign_in():
            errors.append(("401", "Not signed in, or the token is not valid."))
            if self.method not in SAFE_METHODS:
                errors.append(("403", "Signed in, but not allowed to do this."))
        # PageNumberPagination answers a page past the last one (or 0, or not a number) with a 404.
        missing = ["No such object, or not one you may see."] if "{" in self.path else []
        if "page" in query:
            missing.append("No such page.")
        if missing:
            errors.append(("404", " ".join(missing)))
        if has_body:
            errors.append(("413", "The request body is too large."))
            errors.append(("415", "The body is in a media type this operation does not take."))
        errors.append(("503", "The database cannot be reached just now; `Retry-After` says when to retry."))
        return errors

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            # OpenAPI's "time" is RFC 3339's full-time, which must carry an offset ("08:30:00Z"); ours
            # are wall-clock times in the network's time zone, read and written as "08:30[:00]".
            del schema["format"]
            schema["pattern"] = TIME_OF_DAY
        # DRF drops allow_blank from read-only model fields, but a blank choice is still answered.
        blank_choice = isinstance(field, serializers.ChoiceField) and field.read_only and "enum" in schema
        if blank_choice and "" not in schema["enum"] and _model_allows_blank(field):
            schema["enum"] = [*schema["enum"], ""]
        return schema

    def _needs_sign_in(self):
        permission_classes = getattr(self.view, "permission_classes", ())
        return bool(permission_classes) and not all(issubclass(p, AllowAny) for p in permission_classes)
