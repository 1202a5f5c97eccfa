"""send_templated: the one way an email is sent, a text and an HTML part from one pair of templates."""

import pytest

from playbook.email_messages import network_name, send_templated


def test_it_sends_the_text_and_html_parts_of_one_template_with_the_headers(mailoutbox):
    context = {"network_name": "Riverside", "subject": "Hi <there>", "body": "a\nb", "account_url": "/a/"}
    send_templated(
        to="ella@example.org",
        subject="[Playbook] Hi",
        template="email/notification",
        context=context,
        headers={"X-Test": "yes"},
    )
    (message,) = mailoutbox
    assert message.to == ["ella@example.org"] and message.subject == "[Playbook] Hi"
    assert message.body.startswith("Riverside\n") and "Hi <there>" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Hi &lt;there&gt;" in html and "a<br>b" in html
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert message.message()["X-Test"] == "yes"


def test_its_arguments_are_keywords_only():
    # Other emails call it by name (the invitation, say); positional calls would break silently on a
    # reordering, so they are refused.
    with pytest.raises(TypeError):
        send_templated("ella@example.org", "Hi", "email/notification", {})


@pytest.mark.django_db
def test_a_person_outside_any_network_gets_a_header_that_names_playbook():
    assert network_name(None) == "Playbook"
