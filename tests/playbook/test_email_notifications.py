"""A notification's email: a plain-text and an HTML part, the network's name, a link to the thing,
why it came, and a one-click unsubscribe from its kind (RFC 8058)."""

import pytest

from playbook import email
from tests.support.factories import NetworkFactory, NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://playbook.example.org"


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_URL = PUBLIC


def emailed(mailoutbox, **fields):
    person = UserFactory(network=NetworkFactory(name="Riverside Reading Network"), first_name="Ella")
    notification = NotificationFactory(recipient=person, **fields)
    assert email.deliver_email(notification.pk) is True
    (message,) = mailoutbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return message, message.body, html


def test_both_parts_name_the_network_link_to_the_thing_and_offer_the_unsubscribe(mailoutbox):
    message, text, html = emailed(
        mailoutbox, kind="cycle-comment", subject="Ana commented on your cycle", url="/cycles/7/"
    )
    assert message.subject == "[Playbook] Ana commented on your cycle"
    unsubscribe = message.extra_headers["List-Unsubscribe"][1:-1]
    assert unsubscribe.startswith(f"{PUBLIC}/email/unsubscribe/")
    for part in (text, html):
        assert "Riverside Reading Network" in part
        assert f"{PUBLIC}/cycles/7/" in part
        assert unsubscribe in part
        assert "“Someone commented on my cycle”" in part  # why it came: the kind, in the person's words
        assert f"{PUBLIC}/account/#notification-choices" in part
    assert f'href="{PUBLIC}/cycles/7/"' in html


def test_it_carries_the_one_click_headers_with_an_absolute_address(mailoutbox):
    message, _, _ = emailed(mailoutbox, kind="cycle-comment")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{PUBLIC}/email/unsubscribe/") and header.endswith("/>")
    # And they survive into the message a mail server receives.
    sent = message.message()
    assert sent["List-Unsubscribe"] == header
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_html_part_escapes_the_body_and_keeps_its_line_breaks(mailoutbox):
    body = "First line & more\n<script>alert('x')</script>"
    _, text, html = emailed(mailoutbox, kind="cycle-comment", subject="<b>Bold</b> move", body=body)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; move" in html
    assert "First line &amp; more<br>" in html
    assert body in text  # plain text is not HTML: nothing to escape


def test_a_kind_nobody_can_choose_has_no_unsubscribe(mailoutbox):
    # The welcome email carries the link to set a password: the answer to being added, not a subscription.
    message, text, html = emailed(mailoutbox, kind="welcome", subject="Welcome", url="/accounts/reset/x/")
    assert "List-Unsubscribe" not in message.extra_headers
    assert "Unsubscribe" not in text and "Unsubscribe" not in html
    assert "email copies of your notifications are on" in text


def test_a_notification_without_a_link_has_no_button(mailoutbox):
    _, text, html = emailed(mailoutbox, kind="general", subject="Just so you know", body="Nothing to open.")
    assert "Open it in Playbook" not in html and "Open it in Playbook" not in text
    assert "Nothing to open." in text and "Nothing to open." in html


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_it_after_commit_with_both_parts_and_the_headers(worker, mailoutbox):
    from playbook.notifications import notify
    from tests.support.waiting import wait_for

    person = UserFactory(network=NetworkFactory(name="Riverside Reading Network"))
    notify(recipient=person, subject="Review my cycle", url="/cycles/9/", kind="cycle-review")
    assert wait_for(lambda: len(mailoutbox) == 1)
    message = mailoutbox[0]
    assert "Riverside Reading Network" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{PUBLIC}/email/unsubscribe/")
