"""Sign in with the school account, end to end: real Chromium at phone width, our live server, and a
real OpenID Connect provider (django-oauth-toolkit, tests/oidc_provider/) in its own process."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from playbook.models import EmailDomain, Invitation, Membership, Network, Notification, User
from tests.oidc_provider import fixture as oidc
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL_USERS = [
    {
        "username": "nia",
        "password": "school-pw-nia",
        "email": "nia.new@oakfield.sch.uk",
        "first_name": "Nia",
        "last_name": "New",
    },
    {
        "username": "ivy",
        "password": "school-pw-ivy",
        "email": "Ivy.Invited@Oakfield.sch.uk",
        "first_name": "Ivy",
        "last_name": "Invited",
    },
    {
        "username": "sam",
        "password": "school-pw-sam",
        "email": "sam@elsewhere.example.org",
        "first_name": "Sam",
        "last_name": "Stranger",
    },
]


@pytest.fixture(scope="session")
def school_provider(live_server):
    provider = oidc.start(live_server.url, SCHOOL_USERS)
    yield provider
    oidc.stop(provider)


@pytest.fixture
def school_sign_in(settings, school_provider):
    """Point Playbook at the provider; its origin joins form-action, as config/settings.py does."""
    settings.SOCIALACCOUNT_PROVIDERS = school_provider.app_settings()
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    parts = urlsplit(school_provider.url)
    directives["form-action"] = ["'self'", f"{parts.scheme}://{parts.netloc}"]
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": directives}
    return school_provider


@pytest.fixture
def oakfield(db):
    network = Network.objects.create(name="Oakfield Trust", slug="oakfield")
    EmailDomain.objects.create(network=network, domain="oakfield.sch.uk")
    admin = User.objects.create_user(
        "olu", "olu@oakfield.sch.uk", "admin-pw-olu", network=network, is_network_admin=True
    )
    return network, admin


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def with_school_account(page, username, password):
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in with {oidc.PROVIDER_NAME}").click()
    expect(page.get_by_role("heading", name="Test school sign-in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in to the school").click()
    page.wait_for_load_state()


def with_password(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_new_person_from_a_mapped_domain_is_made_without_roles_and_the_admin_is_told(
    phone, school_sign_in, oakfield
):
    network, admin = oakfield
    phone.goto("/accounts/login/")
    assert sideways_overflow(phone) == 0
    assert serious_axe_violations(phone) == []

    with_school_account(phone, "nia", "school-pw-nia")

    expect(phone.get_by_role("heading", name="Welcome, Nia")).to_be_visible()
    person = User.objects.get(email__iexact="nia.new@oakfield.sch.uk")
    assert person.network == network and not person.is_network_admin
    assert not person.has_usable_password()
    assert not Membership.objects.filter(user=person).exists()
    assert Notification.objects.filter(recipient=admin, kind="people_joined").count() == 1


def test_an_invited_person_is_connected_not_duplicated(phone, school_sign_in, oakfield):
    network, admin = oakfield
    ivy = User.objects.create_user(
        "ivy.i", "ivy.invited@oakfield.sch.uk", None, network=network, first_name="Ivy"
    )
    invitation = Invitation.objects.create(
        person=ivy,
        invited_by=admin,
        token_hash="0" * 64,
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )

    with_school_account(phone, "ivy", "school-pw-ivy")

    expect(phone.get_by_role("heading", name="Welcome, Ivy")).to_be_visible()
    assert User.objects.filter(email__iexact="ivy.invited@oakfield.sch.uk").count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert not Notification.objects.filter(kind="people_joined").exists()


def test_an_unmapped_domain_is_refused_and_nobody_is_made(phone, school_sign_in, oakfield):
    people = User.objects.count()

    with_school_account(phone, "sam", "school-pw-sam")

    expect(phone.get_by_role("alert")).to_contain_text(
        "Your school account's domain elsewhere.example.org is not set up in Playbook; "
        "ask your network admin."
    )
    assert User.objects.count() == people
    assert sideways_overflow(phone) == 0
    phone.goto("/")
    expect(phone.get_by_role("heading", name="Sign in to Playbook")).to_be_visible()


def test_with_local_passwords_off_only_the_school_account_signs_that_network_in(
    phone, school_sign_in, oakfield
):
    network, _ = oakfield
    network.local_passwords = False
    network.save()
    User.objects.create_user(
        "nia.n", "nia.new@oakfield.sch.uk", "local-pw-nia", network=network, first_name="Nia"
    )
    other = Network.objects.create(name="Riverside", slug="riverside")
    User.objects.create_user(
        "rae", "rae@riverside.example.org", "local-pw-rae", network=other, first_name="Rae"
    )

    with_password(phone, "nia.n", "local-pw-nia")
    expect(phone.get_by_role("alert")).to_contain_text("school accounts only")

    with_school_account(phone, "nia", "school-pw-nia")
    expect(phone.get_by_role("heading", name="Welcome, Nia")).to_be_visible()

    phone.context.clear_cookies()
    with_password(phone, "rae", "local-pw-rae")
    expect(phone.get_by_role("heading", name="Welcome, Rae")).to_be_visible()
