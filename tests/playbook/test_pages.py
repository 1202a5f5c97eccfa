"""The shell every page shares: home, notifications, account, sign-in and error pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from playbook.models import Membership, Notification
from tests.support.factories import MembershipFactory, NotificationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_sign_in_page_renders_without_an_account(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in to Playbook" in response.content


def test_signing_in_with_a_wrong_password_says_so(client, personas):
    response = client.post("/accounts/login/", {"username": "member", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_member_home_lists_their_teams_and_no_leader_panels(client, personas):
    client.force_login(personas.member)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Team A" in html
    assert 'data-testid="panel-uptake"' not in html
    assert 'data-testid="panel-setup"' not in html


def test_lead_home_offers_team_setup(client, personas):
    client.force_login(personas.lead)
    assert 'data-testid="panel-setup"' in client.get("/").content.decode()


def test_leader_home_shows_the_teams_they_oversee(client, personas):
    client.force_login(personas.leader)
    html = client.get("/").content.decode()
    assert 'data-testid="panel-uptake"' in html
    assert "Team A" in html and "Team B" in html
    assert "Team C" not in html


def test_home_shows_the_unread_count_in_the_header(client, personas):
    NotificationFactory.create_batch(3, recipient=personas.member)
    client.force_login(personas.member)
    assert '<span class="badge" data-testid="unread-count">3</span>' in client.get("/").content.decode()


def test_home_uses_the_same_number_of_queries_for_two_teams_or_twenty(client, personas):
    def count_queries():
        client.force_login(personas.hub_leader)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    small = count_queries()
    for n in range(20):
        team = TeamFactory(network=personas.network, parent=personas.cluster_b)
        MembershipFactory(team=team, user=UserFactory(network=personas.network))
        MembershipFactory(
            team=team, user=personas.hub_leader, role=Membership.Role.LEADER if n % 2 else "member"
        )
        NotificationFactory(recipient=personas.hub_leader)
    assert count_queries() == small


def test_reading_a_notification_marks_it_read_and_follows_its_link(client, personas):
    notification = NotificationFactory(recipient=personas.member, url="/account/")
    client.force_login(personas.member)
    response = client.post(f"/notifications/{notification.pk}/read/", {"follow": "1"})
    assert response["Location"] == "/account/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_reads_another_persons_notification(client, personas):
    notification = NotificationFactory(recipient=personas.lead)
    client.force_login(personas.member)
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_clears_the_count(client, personas):
    NotificationFactory.create_batch(2, recipient=personas.member)
    client.force_login(personas.member)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=personas.member, read_at__isnull=True).exists()


def test_notifications_page_uses_the_same_number_of_queries_for_3_or_40(client, personas):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/").status_code == 200
        return len(captured)  # read now: the next request clears the log this slices

    client.force_login(personas.member)
    NotificationFactory.create_batch(3, recipient=personas.member)
    small = count_queries()
    NotificationFactory.create_batch(37, recipient=personas.member)
    assert count_queries() == small


def test_a_person_turns_email_notifications_off(client, personas):
    client.force_login(personas.member)
    response = client.post(
        "/account/", {"first_name": "Mo", "last_name": "Member", "email": "mo@example.org"}
    )
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.email_notifications is False
    assert personas.member.first_name == "Mo"


def test_a_bad_email_on_the_account_page_is_explained_and_nothing_saved(client, personas):
    client.force_login(personas.member)
    before = personas.member.first_name
    response = client.post("/account/", {"first_name": "Changed", "email": "not-an-email"})
    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    personas.member.refresh_from_db()
    assert personas.member.first_name == before


def test_password_change_needs_the_old_password(client, personas, password):
    client.force_login(personas.member)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "a-new-long-pass-9", "new_password2": "a-new-long-pass-9"},
    )
    assert response.status_code == 200
    assert b"Your old password was entered incorrectly" in response.content
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": password,
            "new_password1": "a-new-long-pass-9",
            "new_password2": "a-new-long-pass-9",
        },
    )
    assert response.status_code == 302


def test_password_reset_emails_a_link(client, personas, mailoutbox):
    client.post("/accounts/password_reset/", {"email": personas.member.email})
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_sign_out_needs_a_post_and_ends_the_session(client, personas):
    client.force_login(personas.member)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_missing_pages_use_our_404_page(client, personas):
    client.force_login(personas.member)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is nothing here, or it is not shared with you." in response.content


def test_a_sibling_teams_page_reads_as_missing(client, personas):
    client.force_login(personas.member)
    response = client.get(f"/network/teams/{personas.team_b.pk}/")
    assert response.status_code == 404


def test_pages_load_scripts_and_styles_only_from_our_static_files(client, personas):
    import re

    client.force_login(personas.member)
    html = client.get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources and all(s.startswith("/static/") for s in sources)


def test_the_500_page_renders_with_no_context_and_no_static_files(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
