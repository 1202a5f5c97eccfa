"""The email-domain page and the "local passwords" switch (client tests; the sign-in journeys
themselves are in tests/browser/test_school_account_sign_in.py)."""

import pytest
from django.urls import reverse

from playbook.models import EmailDomain, Network, User
from playbook.sign_in import PasswordBackend
from tests.support.permission_tables import check_row, row_ids
from tests.support.tables import sign_in as table

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "school",
                "name": "Test School",
                "client_id": "id",
                "secret": "secret",
                "settings": {"server_url": "https://school.example.org"},
            }
        ]
    }
}


@pytest.mark.parametrize("row", table.ROWS, ids=row_ids(table.ROWS))
def test_permission_row(personas, row):
    check_row(row, table.world(personas))


def test_an_admin_maps_a_domain_lower_cased(client, personas):
    client.force_login(personas.admin)
    response = client.post(reverse("email-domains"), {"domain": "  @Oakfield.SCH.uk "})
    assert response.status_code == 302
    assert list(personas.network.email_domains.values_list("domain", flat=True)) == ["oakfield.sch.uk"]
    assert "oakfield.sch.uk" in client.get(reverse("email-domains")).content.decode()


@pytest.mark.parametrize("typed", ["not a domain", "localhost", "a@b@c", "example.123", "-bad.org"])
def test_a_domain_that_is_not_one_is_a_form_error(client, personas, typed):
    client.force_login(personas.admin)
    response = client.post(reverse("email-domains"), {"domain": typed})
    assert response.status_code == 200
    assert "is not an email domain" in response.content.decode()
    assert not EmailDomain.objects.exists()


def test_a_domain_mapped_anywhere_is_refused(client, personas):
    other = Network.objects.create(name="Far Away", slug="far-away")
    EmailDomain.objects.create(network=other, domain="shared.example.org")
    client.force_login(personas.admin)
    response = client.post(reverse("email-domains"), {"domain": "Shared.example.org"})
    assert "shared.example.org is already mapped to another network." in response.content.decode()
    assert not personas.network.email_domains.exists()


def test_another_networks_admin_cannot_remove_this_networks_domain(client, personas):
    domain = EmailDomain.objects.create(network=personas.network, domain="riverside.example.org")
    other = Network.objects.create(name="Far Away", slug="far-away")
    stranger = User.objects.create_user("stranger", network=other, is_network_admin=True)
    client.force_login(stranger)
    assert client.post(reverse("email-domain-remove", args=[domain.pk])).status_code == 404
    assert EmailDomain.objects.filter(pk=domain.pk).exists()


def _settings(network, **changes):
    return {"name": network.name, "time_zone": network.time_zone, **changes}


def test_local_passwords_cannot_go_off_without_a_provider(client, personas, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    EmailDomain.objects.create(network=personas.network, domain="riverside.example.org")
    client.force_login(personas.admin)
    response = client.post(reverse("network-settings"), _settings(personas.network))
    assert "No school-account provider is set up" in response.content.decode()
    assert Network.objects.get(pk=personas.network.pk).local_passwords


def test_local_passwords_cannot_go_off_without_a_domain(client, personas, settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    client.force_login(personas.admin)
    response = client.post(reverse("network-settings"), _settings(personas.network))
    assert "Map at least one email domain" in response.content.decode()
    assert Network.objects.get(pk=personas.network.pk).local_passwords


def test_with_a_provider_and_a_domain_local_passwords_go_off_and_passwords_stop(client, personas, settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    EmailDomain.objects.create(network=personas.network, domain="riverside.example.org")
    client.force_login(personas.admin)
    assert client.post(reverse("network-settings"), _settings(personas.network)).status_code == 302
    assert not Network.objects.get(pk=personas.network.pk).local_passwords

    member = personas.member
    member.set_password("member-pw-123")
    member.save()
    assert PasswordBackend().authenticate(None, username=member.username, password="member-pw-123") is None
    api = client.post(reverse("api-token"), {"username": member.username, "password": "member-pw-123"})
    assert api.status_code == 400
    client.logout()
    page = client.post(reverse("login"), {"username": member.username, "password": "member-pw-123"})
    assert "school accounts only" in page.content.decode()
    client.post(reverse("password_reset"), {"email": member.email or "x@example.org"})
    from django.core import mail

    assert mail.outbox == []

    # The last domain cannot go while passwords are off, or nobody could sign in.
    client.force_login(personas.admin)
    domain = personas.network.email_domains.get()
    client.post(reverse("email-domain-remove", args=[domain.pk]))
    assert personas.network.email_domains.exists()


def test_staff_keep_their_password_whatever_the_network_says(personas):
    network = personas.network
    network.local_passwords = False
    network.save()
    staff = User.objects.create_user("operator", password="operator-pw-1", network=network, is_staff=True)
    assert PasswordBackend().authenticate(None, username="operator", password="operator-pw-1") == staff


def test_turning_passwords_off_ends_the_networks_api_tokens(client, personas, settings):
    from rest_framework.authtoken.models import Token

    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    EmailDomain.objects.create(network=personas.network, domain="riverside.example.org")
    token = Token.objects.create(user=personas.member)
    client.force_login(personas.admin)
    client.post(reverse("network-settings"), _settings(personas.network))
    assert not Token.objects.filter(pk=token.pk).exists()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401


@pytest.mark.parametrize("path", ["/sso/signup/", "/sso/login/", "/sso/inactive/"])
def test_allauths_own_pages_lead_to_our_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "path", ["/sso/password/reset/", "/sso/3rdparty/", "/sso/email/", "/accounts/signup/"]
)
def test_allauths_other_pages_are_not_served(client, personas, path):
    client.force_login(personas.member)
    assert client.get(path).status_code == 404


def test_the_sign_in_page_shows_one_button_per_provider_and_none_without(client, settings):
    assert "Sign in with" not in client.get(reverse("login")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Test School" in page
    assert 'action="/sso/oidc/school/login/"' in page
