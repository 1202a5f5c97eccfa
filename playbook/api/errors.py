"""The API's one error format, and its place in the OpenAPI schema.

Every error the API answers has the same body, so a client needs one code path::

    {"status": 400, "code": "invalid", "detail": "Some fields are not valid.",
     "errors": {"name": ["This field is required."], "non_field_errors": ["..."]}}

``errors`` is always present: field errors (nested as the input was) for a 400, else ``{}``.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
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
    return response


def _as_api_exception(exc):
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
    if isinstance(exc, ProtectedError | RestrictedError):
        # Rows still point at what was to be deleted. The message names tables and rows, so the
        # client gets the general conflict. (An IntegrityError stays a 500: services turn the races
        # they expect into ValidationErrors, so one reaching here is a bug to be reported.)
        return Conflict()
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
        "permission_denied, not_found, method_not_allowed, conflict, throttled, ..."
    )
    detail = serializers.CharField(help_text="A sentence for people.")
    errors = serializers.DictField(
        help_text="Field name to a list of messages (nested like the input); "
        "`non_field_errors` for the rest. Empty unless the status is 400."
    )


class ApiSchema(AutoSchema):
    """Lists the error responses each operation can give, all with ``ErrorSerializer``'s body."""

    def _tokenize_path(self):
        tokens = super()._tokenize_path()
        # The prefix drf-spectacular guesses from all paths under /api/ (schema and docs live there
        # too) keeps the version, which would tag every operation "v1" and prefix every operation id.
        if tokens and re.fullmatch(r"v[0-9]+", tokens[0]):
            return tokens[1:]
        return tokens

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._possible_errors():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = description
        return responses

    def _possible_errors(self):
        errors = []
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            errors.append(("400", "The input is not valid (see `errors`), or is not well-formed JSON."))
        elif (
            getattr(self.view, "filter_serializer_class", None)
            and getattr(self.view, "action", None) == "list"
        ):
            errors.append(("400", "A filter in the query string is not valid."))
        if self._needs_sign_in():
            errors.append(("401", "Not signed in, or the token is not valid."))
            if self.method not in ("GET", "HEAD", "OPTIONS"):
                errors.append(("403", "Signed in, but not allowed to do this."))
        if "{" in self.path:
            errors.append(("404", "No such object, or not one you may see."))
        return errors

    def _needs_sign_in(self):
        permission_classes = getattr(self.view, "permission_classes", ())
        return bool(permission_classes) and not all(issubclass(p, AllowAny) for p in permission_classes)
