"""Every response carries the Content-Security-Policy and the Permissions-Policy: pages, the API,
downloads such as the theory diagrams' SVG (an SVG opened on its own runs like a page), and
refusals alike."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.support.clients import api_as, page_as
from tests.support.factories import FocusAreaFactory
from theory import services

pytestmark = pytest.mark.django_db

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
NO_DEVICES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(directives)


def assert_security_headers(response):
    csp = policy(response)
    for directive, value in EXPECTED_CSP.items():
        assert csp.get(directive) == value, (directive, response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert all("'unsafe-eval'" not in value for value in csp.values())
    permissions_policy = response["Permissions-Policy"]
    for feature in NO_DEVICES:
        assert feature in permissions_policy, permissions_policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def focus_area(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    services.add_driver(focus_area=focus_area, by=personas.lead, kind="primary", text="Daily reading")
    return focus_area


def test_a_page_carries_the_policies(personas):
    response = page_as(personas.member).get("/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_sign_in_page_carries_the_policies(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_response_carries_the_policies(personas):
    response = api_as(personas.member).get("/api/v1/me/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_error_carries_the_policies(personas):
    response = APIClient().get("/api/v1/teams/")
    assert response.status_code == 401
    assert_security_headers(response)


def test_the_driver_diagram_svg_export_carries_the_policies(personas, focus_area):
    response = page_as(personas.member).get(reverse("theory-drivers-svg", args=[focus_area.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert_security_headers(response)


def test_the_fishbone_svg_export_carries_the_policies(personas, focus_area):
    services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Pupils read too little")
    response = page_as(personas.member).get(reverse("theory-fishbone-svg", args=[focus_area.pk]))
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_refused_page_carries_the_policies(personas, focus_area):
    response = page_as(personas.outsider).get(reverse("theory-drivers", args=[focus_area.pk]))
    assert response.status_code == 404
    assert_security_headers(response)


def test_pages_hold_no_inline_script_or_eval_for_htmx(personas):
    html = page_as(personas.member).get("/").content.decode()
    assert '"allowEval": false' in html
    assert "<script>" not in html and "onclick=" not in html
