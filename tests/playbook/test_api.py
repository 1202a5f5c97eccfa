"""The API's front door: tokens, the signed-in person, the one error format, and the schema."""

import re

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from rest_framework import exceptions
from rest_framework.test import APIClient

from playbook.api.errors import exception_handler
from playbook.models import Team, User
from tests.support.clients import ERROR_KEYS, api_as, assert_error

pytestmark = pytest.mark.django_db

# --- Tokens ---------------------------------------------------------------------------------------


def test_good_credentials_get_a_token(personas, password):
    response = APIClient().post("/api/v1/auth/token/", {"username": "member", "password": password})
    assert response.status_code == 200
    assert set(response.json()) == {"token"}


def test_token_signs_a_request_in(personas, password):
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "member", "password": password}).json()["token"]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["username"] == "member"


def test_browser_session_signs_a_request_in(personas):
    client = APIClient()
    client.force_login(personas.member)
    assert client.get("/api/v1/me/").json()["username"] == "member"


def test_bad_password_is_a_400_in_the_error_format(personas):
    response = APIClient().post("/api/v1/auth/token/", {"username": "member", "password": "guess"})
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert body["detail"] == "Unable to log in with provided credentials."


def test_token_route_keeps_its_name(personas):
    from django.urls import reverse

    assert reverse("api-token") == "/api/v1/auth/token/"


def test_unauthenticated_request_is_a_401_with_a_token_challenge(personas):
    response = APIClient().get("/api/v1/teams/")
    body = assert_error(response, 401, "not_authenticated")
    assert body["errors"] == {}
    assert response["WWW-Authenticate"].startswith("Token")


def test_unknown_token_is_a_401_authentication_failed(personas):
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(response, 401, "authentication_failed")


# --- The signed-in person -------------------------------------------------------------------------


def test_me_shows_the_person_and_their_teams(personas):
    body = api_as(personas.lead).get("/api/v1/me/").json()
    assert body["username"] == "lead"
    assert body["network"] == personas.network.pk
    assert body["is_network_admin"] is False
    assert body["memberships"] == [{"team": personas.team_a.pk, "team_name": "Team A", "role": "lead"}]


def test_person_changes_their_name_and_email_preferences(personas):
    response = api_as(personas.member).patch(
        "/api/v1/me/", {"first_name": "Ada", "last_name": "Lovelace", "email_notifications": False}
    )
    assert response.status_code == 200
    person = User.objects.get(pk=personas.member.pk)
    assert (person.first_name, person.last_name, person.email_notifications) == ("Ada", "Lovelace", False)


def test_person_cannot_make_themselves_network_admin(personas):
    api_as(personas.member).patch("/api/v1/me/", {"is_network_admin": True, "username": "boss"})
    person = User.objects.get(pk=personas.member.pk)
    assert (person.is_network_admin, person.username) == (False, "member")


def test_bad_email_is_a_field_error(personas):
    response = api_as(personas.member).patch("/api/v1/me/", {"email": "not an address"})
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["email"]


# --- One error format -----------------------------------------------------------------------------


def test_missing_required_field_is_a_400_naming_the_field(personas):
    response = api_as(personas.admin).post("/api/v1/teams/", {"parent": personas.cluster_a.pk})
    body = assert_error(response, 400, "invalid")
    assert body == {
        "status": 400,
        "code": "invalid",
        "detail": "Some fields are not valid.",
        "errors": {"name": ["This field is required."]},
    }


def test_malformed_json_is_a_400_parse_error(personas):
    response = api_as(personas.admin).post(
        "/api/v1/teams/", data='{"name": "Oops",', content_type="application/json"
    )
    body = assert_error(response, 400, "parse_error")
    assert body["errors"] == {}


def test_missing_object_is_a_404_in_the_error_format(personas):
    body = assert_error(api_as(personas.member).get("/api/v1/teams/999999/"), 404, "not_found")
    assert body["errors"] == {}


def test_refused_change_is_a_403_in_the_error_format(personas):
    response = api_as(personas.member).patch(f"/api/v1/teams/{personas.team_a.pk}/", {"name": "Mine"})
    body = assert_error(response, 403, "permission_denied")
    assert body["errors"] == {}


def test_unsupported_method_is_a_405_in_the_error_format(personas):
    response = api_as(personas.admin).delete(f"/api/v1/networks/{personas.network.pk}/")
    body = assert_error(response, 405, "method_not_allowed")
    assert body["errors"] == {}


def test_unknown_api_path_is_a_json_404(personas):
    assert_error(api_as(personas.member).get("/api/v1/no-such-thing/"), 404, "not_found")


def test_bad_filter_value_is_a_field_error(personas):
    body = assert_error(api_as(personas.member).get("/api/v1/teams/", {"kind": "galaxy"}), 400, "invalid")
    assert list(body["errors"]) == ["kind"]


def test_services_field_error_lands_on_the_field(personas):
    # A cluster may only sit under the hub: services.create_team refuses it via the model's clean().
    response = api_as(personas.admin).post(
        "/api/v1/teams/", {"name": "Cluster C", "kind": "cluster", "parent": personas.cluster_a.pk}
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["parent"]


def test_services_general_error_is_a_non_field_error_and_the_detail(personas):
    response = api_as(personas.admin).delete(f"/api/v1/teams/{personas.cluster_a.pk}/")
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"non_field_errors": ["Move or delete the teams under this one first."]}
    assert body["detail"] == "Move or delete the teams under this one first."
    assert Team.objects.filter(pk=personas.cluster_a.pk).exists()


def test_nested_errors_keep_their_nesting():
    exc = exceptions.ValidationError({"steps": [{"title": ["This field is required."]}, {}]})
    body = exception_handler(exc, {}).data
    assert body["errors"] == {"steps": [{"title": ["This field is required."]}, {}]}
    assert body["detail"] == "Some fields are not valid."


def test_django_model_wide_errors_become_non_field_errors():
    response = exception_handler(DjangoValidationError({"__all__": ["Clashes."], "name": ["Too long."]}), {})
    assert response.status_code == 400
    assert response.data["errors"] == {"non_field_errors": ["Clashes."], "name": ["Too long."]}


def test_protected_rows_are_a_409_conflict_without_database_details():
    response = exception_handler(ProtectedError("Cannot delete: referenced by playbook_team", set()), {})
    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert "playbook_team" not in response.data["detail"]


def test_throttling_is_a_429_in_the_error_format():
    response = exception_handler(exceptions.Throttled(wait=30), {})
    assert response.status_code == 429
    assert set(response.data) == ERROR_KEYS
    assert response.data["code"] == "throttled"
    assert response["Retry-After"] == "30"


# --- Schema and docs ------------------------------------------------------------------------------


def test_schema_is_served_to_a_signed_in_person(personas):
    response = api_as(personas.member).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/teams/" in response.content


def test_docs_page_loads_no_scripts_or_styles_from_elsewhere(personas):
    client = APIClient()
    client.force_login(personas.member)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = re.findall(r"""<(?:script|link)\b[^>]*\b(?:src|href)=["']([^"']+)""", html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    # Swagger UI's start-up script comes from the page's own URL, so the CSP needs no inline script.
    assert all(asset.startswith(("/static/", "/api/docs/?script")) for asset in assets), assets
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        # Read to the end: the test client then closes the file without closing the test's database
        # connection (a bare close() would, and the start-up script's request needs the database).
        served.getvalue()


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
