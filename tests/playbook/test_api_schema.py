"""The schema lists every status each operation can answer, each with the API's one error body.

``playbook.api.errors.ApiSchema`` adds them from what an operation takes in, for every view; these
tests hold it to that, and the schema fuzz test (tests/test_api_fuzz.py) checks it against answers.
"""

import pytest

from tests.support.clients import api_as
from tests.support.schema import api_schema, assert_documented

ERROR = {"$ref": "#/components/schemas/Error"}
WRITES = {"post", "put", "patch", "delete"}


def operations():
    for path, methods in api_schema()["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, operation


def paginated(operation) -> bool:
    return any(p["name"] == "page" and p["in"] == "query" for p in operation.get("parameters", []))


def test_every_operation_documents_a_database_outage():
    missing = [label for label, _, operation in operations() if "503" not in operation["responses"]]
    assert missing == []


def test_every_write_documents_a_refusal_as_400():
    # Services refuse what the data does not allow ("already acknowledged") whatever the body said.
    missing = [
        label
        for label, method, operation in operations()
        if method in WRITES and "400" not in operation["responses"]
    ]
    assert missing == []


def test_every_operation_with_a_body_documents_a_body_too_large_or_of_another_type():
    missing = [
        label
        for label, _, operation in operations()
        if "requestBody" in operation and not {"413", "415"} <= set(operation["responses"])
    ]
    assert missing == []


def test_every_paginated_list_documents_a_page_that_does_not_exist():
    lists = [(label, operation) for label, _, operation in operations() if paginated(operation)]
    assert len(lists) >= 25
    assert [label for label, operation in lists if "404" not in operation["responses"]] == []


def test_every_error_is_documented_in_the_one_error_shape():
    wrong = [
        (label, code)
        for label, _, operation in operations()
        for code, response in operation["responses"].items()
        if code >= "400" and response.get("content", {}).get("application/json", {}).get("schema") != ERROR
    ]
    assert wrong == []


@pytest.mark.django_db
def test_a_page_past_the_last_is_a_documented_404(personas):
    response = api_as(personas.member).get("/api/v1/teams/", {"page": 0})
    assert response.status_code == 404
    assert_documented(response)


@pytest.mark.django_db
def test_deleting_a_team_with_teams_under_it_is_a_documented_400(personas):
    response = api_as(personas.admin).delete(f"/api/v1/teams/{personas.cluster_a.pk}/")
    assert response.status_code == 400
    assert_documented(response)
