"""Does a response say what the API's schema says it does? For tests that keep the schema true."""

from __future__ import annotations

import json
from functools import cache

import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]


@cache
def api_schema() -> dict:
    """The schema exactly as ``/api/schema/?format=json`` serves it."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


@cache
def _loaded():
    return schemathesis.openapi.from_dict(api_schema())


def operation_schema(method: str, path: str) -> dict:
    """One operation's part of the schema, by its templated path: ``("get", "/api/v1/teams/{id}/")``."""
    return api_schema()["paths"][path][method.lower()]


def assert_documented(response) -> None:
    """Fail unless the schema documents this test-client response: its status, content type and body."""
    __tracebackhide__ = True
    method, path = response.request["REQUEST_METHOD"], response.request["PATH_INFO"]
    operation = _loaded().find_operation_by_path(method, path)
    assert operation is not None, f"{method} {path} is not in the schema"
    request = requests.Request(method, f"http://testserver{path}").prepare()
    answer = Response(
        status_code=response.status_code,
        headers={name.lower(): [value] for name, value in response.headers.items()},
        content=response.content,
        request=request,
        elapsed=0.0,
        verify=False,
    )
    names = {
        template[1:-1]: value
        for template, value in zip(operation.path.split("/"), path.split("/"), strict=True)
        if template.startswith("{")
    }
    operation.Case(path_parameters=names).validate_response(answer, checks=CHECKS)
