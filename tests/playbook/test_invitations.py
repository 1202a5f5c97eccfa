"""Invitations: emailed once with a link made as it is sent, expiring, resendable, taken up with a
password or a school account; their state on the people list."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse

from playbook import clock, invitation_email, invitations
from playbook.email import MAX_EMAIL_ATTEMPTS, OWED_AFTER
from playbook.models import Invitation, Network, User
from playbook.tasks import send_invitation
from tests.support.clients import page_as
from tests.support.factories import UserFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-new-pass-phrase"


@pytest.fixture
def newcomer(personas):
    person = UserFactory(
        network=personas.network, username="newcomer", email="new@example.org", password=None
    )
    person.set_unusable_password()
    person.save()
    return person


def invite(personas, person):
    return invitations.invite(person=person, by=personas.admin)


def link_in(message) -> str:
    (path,) = re.findall(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body)
    return path


def test_an_invitation_is_owed_without_a_token_until_its_email_is_sent(personas, newcomer):
    invitation = invite(personas, newcomer)
    assert invitation.email_wanted and invitation.emailed_at is None and invitation.token_hash is None
    assert invitation.expires_at == invitation.created_at + timedelta(days=14)


def test_the_email_names_the_network_the_inviter_the_link_and_when_it_expires(personas, newcomer):
    invitation = invite(personas, newcomer)
    assert invitation_email.deliver(invitation.pk)

    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    assert message.subject == f"[Playbook] {personas.admin.display_name} invited you to Riverside"
    assert "Riverside" in message.body and personas.admin.display_name in message.body
    assert "The link works once and until" in message.body
    html = message.alternatives[0][0]
    assert link_in(message) in html and "Riverside" in html
    invitation.refresh_from_db()
    assert invitation.token_hash == invitation_email.hash_token(link_in(message).split("/")[2])


def test_the_email_has_a_text_and_an_html_part_in_the_shared_layout_both_with_the_link(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)

    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    (url,) = re.findall(r"https?://\S+/invitations/\S+/", message.body)
    assert f'href="{url}"' in html
    for part in (message.body, html):
        assert url in part
        assert "The link works once and until" in part
        assert "If it has expired, ask your network admin to send a new one." in part
    # The layout every Playbook email shares (templates/email/base.*): the network's name heads both.
    assert message.body.startswith("Riverside\n")
    assert 'name="color-scheme"' in html and 'role="presentation"' in html


def test_an_invitation_the_mail_server_keeps_refusing_is_given_up_after_the_last_attempt(
    personas, newcomer, settings, caplog
):
    invitation = invite(personas, newcomer)
    settings.EMAIL_BACKEND = "tests.playbook.test_invitations.RefusingBackend"
    with clock.frozen_at(clock.now() + OWED_AFTER + timedelta(seconds=1)):
        for _ in range(MAX_EMAIL_ATTEMPTS + 2):
            assert invitation_email.send_owed() == 0
    invitation.refresh_from_db()
    assert (invitation.email_attempts, invitation.emailed_at) == (MAX_EMAIL_ATTEMPTS, None)
    assert f"Gave up emailing invitation {invitation.pk} after {MAX_EMAIL_ATTEMPTS} attempts" in caplog.text


def test_an_expired_invitation_still_owed_is_not_sent_by_the_beat_job(personas, newcomer):
    invite(personas, newcomer)
    with clock.frozen_at(clock.now() + timedelta(days=14, seconds=1)):
        assert invitation_email.send_owed() == 0
    assert not mail.outbox


def test_the_email_is_sent_once_however_often_the_jobs_run(
    personas, newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        invitation = invite(personas, newcomer)
    assert len(on_commit) == 1

    assert send_invitation(invitation.pk) is True  # the on-commit job's work, run here
    assert send_invitation(invitation.pk) is False  # asked twice
    with clock.frozen_at(clock.now() + OWED_AFTER + timedelta(seconds=1)):
        assert invitation_email.send_owed() == 0  # the beat job finds nothing owed
    assert len(mail.outbox) == 1


def test_the_beat_job_sends_what_the_on_commit_job_never_did(personas, newcomer):
    invitation = invite(personas, newcomer)  # on commit never comes here: as if the broker were down
    assert invitation_email.send_owed() == 0  # too fresh: the on-commit job has its chance first
    with clock.frozen_at(clock.now() + OWED_AFTER + timedelta(seconds=1)):
        assert invitation_email.send_owed() == 1
        assert invitation_email.send_owed() == 0
    assert len(mail.outbox) == 1
    assert Invitation.objects.get(pk=invitation.pk).emailed_at is not None


def test_a_mail_server_refusal_is_counted_and_tried_again_with_a_new_token(personas, newcomer, settings):
    invitation = invite(personas, newcomer)
    settings.EMAIL_BACKEND = "tests.playbook.test_invitations.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        invitation_email.deliver(invitation.pk)
    invitation.refresh_from_db()
    assert (invitation.email_attempts, invitation.emailed_at, invitation.token_hash) == (1, None, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert invitation_email.deliver(invitation.pk)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_the_link_opens_a_welcome_page_with_a_password_form_and_the_school_account(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)
    page = page_as().get(link_in(mail.outbox[0]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Welcome to Riverside" in text and 'data-testid="set-password"' in text
    assert f'href="{reverse("login")}"' in text and "sign in with your school account" in text


def test_setting_a_password_accepts_signs_in_and_goes_home(personas, newcomer):
    invitation = invite(personas, newcomer)
    invitation_email.deliver(invitation.pk)
    client = page_as()
    link = link_in(mail.outbox[0])

    answer = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert answer.status_code == 302 and answer.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == newcomer
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    signed_in = page_as().post(reverse("login"), {"username": "newcomer", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")
    used = page_as().get(link)
    assert used.status_code == 410 and "already used" in used.content.decode()


def test_a_weak_password_is_refused_on_the_form(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)
    page = page_as().post(link_in(mail.outbox[0]), {"new_password1": "123", "new_password2": "123"})
    assert page.status_code == 200 and "too short" in page.content.decode()
    assert not User.objects.get(pk=newcomer.pk).has_usable_password()


def test_with_local_passwords_off_only_the_school_account_is_offered(personas, newcomer):
    Network.objects.filter(pk=personas.network.pk).update(local_passwords=False)
    invitation_email.deliver(invite(personas, newcomer).pk)
    assert "Sign in with your school account here" in mail.outbox[0].body
    link = link_in(mail.outbox[0])
    text = page_as().get(link).content.decode()
    assert 'data-testid="set-password"' not in text and "signs in with school accounts" in text

    page_as().post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not User.objects.get(pk=newcomer.pk).has_usable_password()


def test_signing_in_with_a_school_account_takes_the_invitation_up(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)
    assert invitations.taken_up_by_sign_in(person=newcomer) == 1
    assert page_as().get(link_in(mail.outbox[0])).status_code == 410


def test_an_expired_link_is_gone_and_says_to_ask_again(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)
    with clock.frozen_at(clock.now() + timedelta(days=14, seconds=1)):
        page = page_as().get(link_in(mail.outbox[0]))
    assert page.status_code == 410
    assert "expired" in page.content.decode() and "Ask your network admin" in page.content.decode()


def test_an_unknown_link_is_not_found(db):
    assert page_as().get(reverse("invitation", args=["nothing-like-it"])).status_code == 404


def test_resending_revokes_the_old_link(personas, newcomer):
    invitation_email.deliver(invite(personas, newcomer).pk)
    old = link_in(mail.outbox[0])
    fresh = invitations.resend(person=newcomer, by=personas.admin)
    invitation_email.deliver(fresh.pk)
    new = link_in(mail.outbox[1])

    assert page_as().get(old).status_code == 410
    assert page_as().get(new).status_code == 200
    assert Invitation.objects.filter(person=newcomer, revoked_at__isnull=True).get() == fresh


def test_an_owed_invitation_revoked_before_its_email_is_never_sent(personas, newcomer):
    first = invite(personas, newcomer)
    invite(personas, newcomer)
    assert invitation_email.deliver(first.pk) is False
    assert not mail.outbox


def test_someone_who_already_signs_in_is_not_sent_another(personas, newcomer):
    User.objects.filter(pk=newcomer.pk).update(last_login=clock.now())
    newcomer.refresh_from_db()
    with pytest.raises(Exception, match="already signs in"):
        invitations.resend(person=newcomer, by=personas.admin)


def test_only_the_persons_network_admins_invite(personas, newcomer):
    # An invitation is its network admins' business alone: to anyone else it is not there (404).
    other_admin = UserFactory(network=personas.other_network, is_network_admin=True)
    for persona in (personas.member, personas.lead, personas.leader, other_admin):
        with pytest.raises(Http404):
            invitations.resend(person=newcomer, by=persona)
    assert not Invitation.objects.filter(person=newcomer).exists()


# The people list and its resend button ---------------------------------------------------------------


def test_the_people_list_shows_each_invitations_state_and_resends(personas, newcomer):
    invitation = invite(personas, newcomer)
    client = page_as(personas.admin)
    text = client.get(reverse("people-list")).content.decode()
    assert "Invited" in text and "(email being sent), expires" in text and "Resend invitation" in text

    answer = client.post(reverse("person-invite", args=[newcomer.pk]), follow=True)

    assert "A new invitation is on its way to new@example.org" in answer.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None


def test_the_resend_button_denies_another_networks_admin_and_anonymous(personas, newcomer):
    other_admin = UserFactory(network=personas.other_network, is_network_admin=True)
    url = reverse("person-invite", args=[newcomer.pk])
    assert page_as(other_admin).post(url).status_code == 404
    assert page_as(personas.member).post(url).status_code == 403
    anonymous = page_as().post(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert not Invitation.objects.filter(person=newcomer).exists()


def test_the_people_list_asks_as_many_queries_for_many_invited_people(personas, django_assert_num_queries):
    for n in range(2):
        invite(personas, UserFactory(network=personas.network, username=f"few{n}"))

    def grow():
        for n in range(20):
            invitation_email.deliver(
                invite(personas, UserFactory(network=personas.network, username=f"many{n}")).pk
            )

    assert_same_queries_after(
        page_as(personas.admin), reverse("people-list"), grow, django_assert_num_queries
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_an_invitation_once_after_commit(worker, mailoutbox, personas, newcomer):
    from tests.support.waiting import wait_for

    invitation = invite(personas, newcomer)  # committed at once: the on-commit job is queued now

    assert wait_for(lambda: Invitation.objects.get(pk=invitation.pk).emailed_at is not None)
    assert wait_for(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].to == ["new@example.org"]
    assert page_as().get(link_in(mailoutbox[0])).status_code == 200
