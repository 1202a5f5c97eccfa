"""Clients signed in as a persona, for the API and for pages."""

from django.test import Client
from rest_framework.test import APIClient

from playbook.models import User

ERROR_KEYS = {"status", "code", "detail", "errors"}


def api_as(user=None) -> APIClient:
    """A client signed in as ``user`` (anonymous for None).

    Each client gets its own copy of the person, as each real request does: the permission module
    caches what a person may reach on the user object.
    """
    client = APIClient()
    if user is not None:
        client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def page_as(user=None) -> Client:
    """A browser-like client with a session for ``user`` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_error(response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == ERROR_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body
