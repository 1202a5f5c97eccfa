"""Per kind of notification, a person chooses at once, in the weekly digest, or off; the general
switch stays the default for every kind they have not chosen for."""

import pytest
from django.http import Http404

from playbook.models import Notification, NotificationPreference
from playbook.notification_kinds import all_kinds
from playbook.notifications import notify, notify_many
from playbook.services.preferences import set_notification_preferences
from tests.support.clients import api_as, assert_error, page_as
from tests.support.factories import UserFactory

URL = "/api/v1/me/notification-preferences/"

pytestmark = pytest.mark.django_db


def choose(person, **choices):
    set_notification_preferences(
        person=person, by=person, choices={k.replace("_", "-"): v for k, v in choices.items()}
    )


def test_it_emails_at_once_when_the_kind_is_set_to_at_once_even_with_the_general_switch_off(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(email_notifications=False)
    choose(person, cycle_comment="immediate")
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(recipient=person, subject="Ana commented", kind="cycle-comment")
    assert notification.email_wanted is True
    assert len(callbacks) == 1  # the email job, after commit


def test_it_does_not_email_at_once_a_kind_kept_for_the_digest(django_capture_on_commit_callbacks):
    person = UserFactory(email_notifications=True)
    choose(person, cycle_comment="digest")
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(recipient=person, subject="Ana commented", kind="cycle-comment")
    assert notification.email_wanted is False
    assert callbacks == []
    assert (
        Notification.objects.filter(recipient=person, kind="cycle-comment").count() == 1
    )  # still in the app


def test_it_keeps_a_kind_that_is_off_in_the_app_only(django_capture_on_commit_callbacks):
    person = UserFactory(email_notifications=True)
    choose(person, andon="off")
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(recipient=person, subject="A flag", kind="andon")
    assert notification.email_wanted is False
    assert callbacks == []
    assert Notification.objects.get(pk=notification.pk).read_at is None  # shown in the list, unread


@pytest.mark.parametrize("switch", [True, False])
def test_a_kind_without_a_choice_follows_the_general_switch(switch):
    person = UserFactory(email_notifications=switch)
    choose(person, andon="off")  # another kind's choice changes nothing for this one
    assert notify(recipient=person, subject="Ana commented", kind="cycle-comment").email_wanted is switch


def test_choosing_what_the_general_switch_gives_stores_nothing_so_the_switch_still_decides():
    person = UserFactory(email_notifications=True)
    choose(person, cycle_comment="digest")
    choose(person, cycle_comment="immediate")
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_notify_many_looks_up_everyones_choice_in_one_query(django_assert_num_queries):
    people = [UserFactory(email_notifications=True) for _ in range(4)]
    choose(people[0], cycle_comment="off")
    choose(people[1], cycle_comment="digest")
    with django_assert_num_queries(1 + len(people)):  # one lookup, then one row each
        sent = notify_many(recipients=people, subject="Ana commented", kind="cycle-comment")
    assert [n.email_wanted for n in sent] == [False, False, True, True]


def test_a_kind_no_app_registered_costs_no_lookup_and_follows_the_switch(django_assert_num_queries):
    person = UserFactory(email_notifications=True)
    with django_assert_num_queries(1):
        notification = notify(recipient=person, subject="Welcome", kind="welcome")
    assert notification.email_wanted is True


def test_every_app_registers_its_kinds_in_words_people_use():
    kinds = {k.name: k.label for k in all_kinds()}
    assert kinds["cycle-comment"] == "Someone commented on my cycle"
    assert {"cycle", "andon", "andon_passed", "huddle-action", "general"} <= set(kinds)


# --- API --------------------------------------------------------------------------------------


def test_the_api_lists_every_kind_with_its_label_and_delivery(personas):
    choose(personas.member, andon="digest")
    response = api_as(personas.member).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["default"] == "immediate"
    by_kind = {row["kind"]: row for row in body["kinds"]}
    assert set(by_kind) == {k.name for k in all_kinds()}
    assert by_kind["andon"] == {
        "kind": "andon",
        "label": "A flag needs my team",
        "description": by_kind["andon"]["description"],
        "delivery": "digest",
        "chosen": True,
    }
    assert by_kind["cycle"]["delivery"] == "immediate" and by_kind["cycle"]["chosen"] is False


def test_patch_changes_only_the_kinds_given(personas):
    choose(personas.member, andon="digest")
    response = api_as(personas.member).patch(URL, {"cycle-comment": "off"}, format="json")
    assert response.status_code == 200, response.json()
    stored = dict(NotificationPreference.objects.filter(user=personas.member).values_list("kind", "delivery"))
    assert stored == {"andon": "digest", "cycle-comment": "off"}


def test_put_returns_every_kind_left_out_to_the_general_switch(personas):
    choose(personas.member, andon="digest")
    response = api_as(personas.member).put(URL, {"cycle-comment": "off"}, format="json")
    assert response.status_code == 200
    stored = dict(NotificationPreference.objects.filter(user=personas.member).values_list("kind", "delivery"))
    assert stored == {"cycle-comment": "off"}


def test_an_unknown_kind_is_a_400_naming_it_and_nothing_is_saved(personas):
    response = api_as(personas.member).put(URL, {"cycle-comment": "off", "gossip": "off"}, format="json")
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"gossip": ["“gossip” is not a kind of notification."]}
    assert not NotificationPreference.objects.filter(user=personas.member).exists()


def test_an_unknown_delivery_is_a_400_naming_the_kind(personas):
    response = api_as(personas.member).patch(URL, {"andon": "weekly"}, format="json")
    body = assert_error(response, 400, "invalid")
    assert body["errors"] == {"andon": ["Choose one of immediate, digest, off."]}


def test_a_body_that_is_not_an_object_is_a_400(personas):
    response = api_as(personas.member).put(URL, ["andon", "off"], format="json")
    assert_error(response, 400, "invalid")


@pytest.mark.parametrize("who", ["sibling_member", "admin"])
def test_nobody_else_sets_a_persons_choices_not_even_an_admin(personas, who):
    with pytest.raises(Http404):
        set_notification_preferences(
            person=personas.lead, by=getattr(personas, who), choices={"andon": "off"}
        )
    assert not NotificationPreference.objects.filter(user=personas.lead).exists()


# --- Account page -------------------------------------------------------------------------------


def test_the_account_page_offers_three_choices_per_kind_in_a_fieldset(personas):
    choose(personas.member, huddle_action="digest")
    html = page_as(personas.member).get("/account/").content.decode()
    assert html.count('<fieldset class="chips"') == len(all_kinds())
    assert "<legend>I was given an action item</legend>" in html
    digest_radio = html[
        html.index('id="id_huddle-action_1"') - 120 : html.index('id="id_huddle-action_1"') + 40
    ]
    assert 'value="digest"' in digest_radio and "checked" in digest_radio
    assert "In my weekly digest" in html and "Only in Playbook" in html


def test_the_account_form_saves_the_choices(personas):
    response = page_as(personas.member).post(
        "/account/",
        {"form": "notifications", "cycle-comment": "digest", "andon": "off", "cycle": "immediate"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/#notification-choices"
    stored = dict(NotificationPreference.objects.filter(user=personas.member).values_list("kind", "delivery"))
    assert stored == {"cycle-comment": "digest", "andon": "off"}  # "at once" is the switch's default


def test_the_account_form_rejects_an_unknown_choice_with_a_message_and_saves_nothing(personas):
    response = page_as(personas.member).post("/account/", {"form": "notifications", "andon": "sometimes"})
    assert response.status_code == 200
    assert "Please choose one way for each kind below." in response.content.decode()
    assert not NotificationPreference.objects.filter(user=personas.member).exists()


def test_the_general_switch_is_still_saved_by_the_account_form(personas):
    response = page_as(personas.member).post(
        "/account/", {"first_name": "Sam", "last_name": "Reed", "email": "sam@example.org"}
    )
    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.email_notifications is False  # the unticked box
    assert notify(recipient=personas.member, subject="x", kind="cycle").email_wanted is False
