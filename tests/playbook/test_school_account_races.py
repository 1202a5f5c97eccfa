"""Two first sign-ins with one school address at once (a double tap on the provider's button, two
tabs): both are decided "a new person" before either is saved. The second must sign in as the person
the first made, or see a refusal page; never a 500 from the username's unique constraint.

The adapter is driven the way allauth drives it (pre_social_login, then save_user for a new person);
the end-to-end sign-in is in tests/browser/test_school_account_sign_in.py."""

import threading

import pytest
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory

from playbook import school_accounts
from playbook.models import EmailDomain, Network, Notification, User
from playbook.school_accounts import SchoolAccountAdapter
from tests.support.waiting import wait_for

ADDRESS = "Nia.New@oakfield.sch.uk"
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


@pytest.fixture(autouse=True)
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS


@pytest.fixture
def oakfield(db):
    network = Network.objects.create(name="Oakfield Trust", slug="oakfield")
    EmailDomain.objects.create(network=network, domain="oakfield.sch.uk")
    admin = User.objects.create_user("olu", "olu@oakfield.sch.uk", network=network, is_network_admin=True)
    return network, admin


def a_request():
    request = RequestFactory().get("/sso/oidc/school/login/callback/")
    request.session, request.user = SessionStore(), AnonymousUser()
    return request


def decided(request, email=ADDRESS, uid="school-uid-nia"):
    """A school sign-in as allauth hands it over, once pre_social_login has decided it."""
    account = SocialAccount(provider="school", uid=uid, extra_data={"email": email, "email_verified": True})
    adapter = SchoolAccountAdapter(request)
    with context.request_context(request):
        sociallogin = SocialLogin(
            user=User(), account=account, provider=adapter.get_provider(request, "school")
        )
        sociallogin.lookup()
        adapter.pre_social_login(request, sociallogin)
    return sociallogin


def saved(request, sociallogin):
    with context.request_context(request):
        return SchoolAccountAdapter(request).save_user(request, sociallogin)


def test_a_second_sign_in_decided_before_the_first_saved_signs_in_as_the_person_it_made(oakfield):
    _, admin = oakfield
    first_request, second_request = a_request(), a_request()
    first, second = decided(first_request), decided(second_request)
    assert first.user.pk is None and second.user.pk is None  # both "a new person"

    made = saved(first_request, first)
    again = saved(second_request, second)

    assert again == made and User.objects.filter(email__iexact=ADDRESS).count() == 1
    assert second.user == made and second.account.pk == first.account.pk
    assert SocialAccount.objects.filter(uid="school-uid-nia").count() == 1
    assert Notification.objects.filter(recipient=admin, kind="people_joined").count() == 1


def test_a_person_an_admin_added_meanwhile_is_connected_not_duplicated(oakfield):
    network, _ = oakfield
    request = a_request()
    sociallogin = decided(request)
    added = User.objects.create_user("nia", ADDRESS.lower(), network=network)

    assert saved(request, sociallogin) == added
    assert SocialAccount.objects.get(uid="school-uid-nia").user == added
    assert User.objects.filter(email__iexact=ADDRESS).count() == 1


def test_an_address_that_became_another_networks_meanwhile_is_refused_with_the_page(oakfield):
    request = a_request()
    sociallogin = decided(request)
    elsewhere = Network.objects.create(name="Elsewhere", slug="elsewhere")
    User.objects.create_user("nia.elsewhere", ADDRESS, network=elsewhere)

    with pytest.raises(ImmediateHttpResponse) as refused:
        saved(request, sociallogin)

    assert refused.value.response.status_code == 403
    assert "belongs to a person of another network" in refused.value.response.content.decode()
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_first_sign_ins_at_the_same_moment_make_one_person(oakfield, monkeypatch):
    """A real race: two threads, two database connections. The first holds its transaction open (in
    its notification to the admins) until the second is seen waiting on a lock, then commits."""
    requests = a_request(), a_request()
    sign_ins = [decided(request) for request in requests]
    first_inside, answers = threading.Event(), {}
    real_notify = school_accounts.notify_many

    def notify_then_wait_for_the_second(**kwargs):
        first_inside.set()
        assert wait_for(a_backend_waits_on_a_lock, timeout=10), (
            "the second sign-in never waited for the first"
        )
        real_notify(**kwargs)

    def sign_in(n):
        try:
            answers[n] = saved(requests[n], sign_ins[n])
        except Exception as exc:  # reported below, with the thread's answer
            answers[n] = exc
        finally:
            connection.close()

    monkeypatch.setattr(school_accounts, "notify_many", notify_then_wait_for_the_second)
    first = threading.Thread(target=sign_in, args=(0,))
    first.start()
    assert first_inside.wait(10)
    monkeypatch.setattr(school_accounts, "notify_many", real_notify)  # the second tells nobody
    second = threading.Thread(target=sign_in, args=(1,))
    second.start()
    first.join(20)
    second.join(20)

    assert isinstance(answers[0], User) and answers[1] == answers[0], answers
    assert User.objects.filter(email__iexact=ADDRESS).count() == 1
    assert SocialAccount.objects.filter(uid="school-uid-nia").count() == 1


def a_backend_waits_on_a_lock() -> bool:
    # Asked on the first thread's own connection, inside its open transaction: pg_stat_activity is
    # a snapshot kept for the whole transaction unless cleared.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_locks JOIN pg_stat_activity USING (pid)"
            " WHERE NOT granted AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0
