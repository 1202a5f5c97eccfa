"""Sign-in throttling (django-axes): five wrong passwords for one username from one address pause
signing in as that username from there for 15 minutes, on the sign-in page, the admin's sign-in and
the API's token endpoint alike; an administrator can lift the pause at once."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.support.clients import assert_error, page_as
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

SCHOOL = "203.0.113.7"  # one NAT address a whole school signs in from
HOME = "198.51.100.20"
LIMIT = settings.AXES_FAILURE_LIMIT


def sign_in(username, password, *, address=SCHOOL, path="/accounts/login/"):
    return Client().post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def token(username, password, *, address=SCHOOL):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(times, username="member", **where):
    for _ in range(times):
        response = sign_in(username, "not-my-password", **where)
    return response


def is_locked_out(response) -> bool:
    return response.status_code == 429 and b'data-testid="locked-out"' in response.content


def is_signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


# --- The sign-in page -----------------------------------------------------------------------------


def test_it_settles_on_five_failures_in_fifteen_minutes():
    assert (5, timedelta(minutes=15)) == (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_below_the_limit_only_say_the_password_is_wrong(personas):
    response = fail(LIMIT - 1)
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_the_fifth_wrong_password_pauses_signing_in(personas):
    assert is_locked_out(fail(LIMIT))


def test_the_right_password_is_refused_while_paused(personas, password):
    fail(LIMIT)
    assert is_locked_out(sign_in("member", password))


def test_the_pause_page_says_when_to_try_again_and_who_can_unlock(personas):
    before = timezone.now()
    html = fail(LIMIT).content.decode()
    until = timezone.localtime(before + timedelta(minutes=15))
    assert "Sign-in paused" in html
    assert "for <strong>member</strong>" in html
    assert "You can try again after" in html
    # The minute it ends, allowing for the clock ticking over between the request and this line.
    assert any(f"{(until + timedelta(seconds=s)):%H:%M}" in html for s in (0, 60)), (
        "the page names the time the pause ends"
    )
    assert "in about 15\xa0minutes" in html or "in about 14\xa0minutes" in html
    assert "Ask a Playbook administrator" in html
    assert "Nobody else signing in from this network is affected" in html


def test_others_at_the_same_school_address_still_sign_in(personas, password):
    fail(LIMIT, "member")
    assert is_signed_in(sign_in("lead", password))


def test_the_same_person_signs_in_from_another_address(personas, password):
    fail(LIMIT, "member")
    assert is_signed_in(sign_in("member", password, address=HOME))


def test_the_pause_ends_after_the_cool_off(personas, password):
    fail(LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    assert is_signed_in(sign_in("member", password))


def test_trying_again_while_paused_does_not_extend_the_pause(personas, password):
    fail(LIMIT)
    first_end = AccessAttempt.objects.get().attempt_time
    fail(3)
    assert AccessAttempt.objects.get().attempt_time == first_end


# --- A correct sign-in before the limit -----------------------------------------------------------


def test_a_correct_sign_in_before_the_limit_starts_the_count_again(personas, password):
    fail(LIMIT - 1)
    assert is_signed_in(sign_in("member", password))
    assert fail(LIMIT - 1).status_code == 200
    assert is_locked_out(fail(1))


def test_a_correct_sign_in_leaves_other_peoples_count_at_that_address_alone(personas, password):
    fail(LIMIT - 1, "lead")
    assert is_signed_in(sign_in("member", password))
    assert is_locked_out(fail(1, "lead"))


# --- The admin's sign-in ------------------------------------------------------------------------


def test_the_admin_sign_in_pauses_after_five_wrong_passwords(personas):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = fail(LIMIT, "root", path="/admin/login/")
    assert is_locked_out(response)
    assert "for <strong>root</strong>" in response.content.decode()


def test_failures_on_the_admin_and_the_page_add_up(personas):
    fail(LIMIT - 1, path="/admin/login/")
    assert is_locked_out(fail(1))


# --- The API's token endpoint -------------------------------------------------------------------


def test_the_token_endpoint_answers_429_in_the_error_format(personas):
    for _ in range(LIMIT - 1):
        assert_error(token("member", "guess"), 400, "invalid")
    response = token("member", "guess")
    body = assert_error(response, 429, "throttled")
    assert body["errors"] == {}
    assert "Too many failed sign-ins for this username from this address" in body["detail"]
    assert "ask an administrator to unlock" in body["detail"]
    assert 880 <= int(response["Retry-After"]) <= 900


def test_the_token_endpoint_refuses_the_right_password_while_paused(personas, password):
    fail(LIMIT)
    response = token("member", password)
    assert_error(response, 429, "throttled")
    assert "token" not in response.json()


def test_the_token_endpoint_keeps_the_count_per_username_and_address(personas, password):
    fail(LIMIT)
    assert token("lead", password).status_code == 200
    assert token("member", password, address=HOME).status_code == 200


# --- Unlocking ------------------------------------------------------------------------------------


def test_an_admin_unlocks_the_person_in_the_django_admin(personas, password):
    fail(LIMIT)
    admin = page_as(UserFactory(username="root", is_staff=True, is_superuser=True))
    attempt = AccessAttempt.objects.get(username="member")

    listed = admin.get("/admin/axes/accessattempt/")
    assert listed.status_code == 200 and b"member" in listed.content
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert is_signed_in(sign_in("member", password))


def test_axes_reset_username_unlocks_the_person(personas, password):
    fail(LIMIT)
    call_command("axes_reset_username", "member", stdout=StringIO())
    assert is_signed_in(sign_in("member", password))
    assert token("member", password).status_code == 200


def test_an_over_long_username_is_a_400_on_the_token_endpoint_not_a_failed_attempt():
    # axes records failures in a varchar(255): a longer name once reached it and answered 500.
    response = token("x" * 300, "whatever")
    assert "username" in assert_error(response, 400, "invalid")["errors"]
    assert not AccessAttempt.objects.exists()
