"""Each page form that creates something carries a fresh key; sending it twice saves once.

The forms are data (``tests/support/idempotency.py``): raising a flag (its own page, and a cycle's),
a data point, the grid, confirming a CSV import and a huddle note.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from huddles.models import NoteEntry
from playbook.models import IdempotencyKey
from tests.support.clients import page_as
from tests.support.idempotency import PAGE_FORMS, make_world

pytestmark = pytest.mark.django_db

KEY_FIELD = re.compile(r'<input type="hidden" name="idempotency_key" value="([^"]+)"')
SENT_TWICE = "You sent this twice; it was saved once."


@pytest.fixture
def world(personas):
    return make_world(personas)


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def send(client, world, form, data, key="render-1", **extra):
    return client.post(form.url(world), {**data, "idempotency_key": key}, **extra)


def form_pages(world):
    """Where each form is drawn: name → (page, the form's test id)."""
    measure = reverse("measure-detail", args=[world.measure.pk])
    return {
        "raise a flag": (reverse("andon-raise"), "raise-form"),
        "raise a flag from a cycle": (reverse("cycle-detail", args=[world.cycle.pk]), "cycle-flag-form"),
        "enter a data point": (measure, "point-form"),
        "enter data in the grid": (reverse("measure-grid", args=[world.measure.pk]), "grid"),
        "add a note entry": (reverse("meeting-detail", args=[world.meeting.pk]), "entry-form"),
    }


def keys_in_form(page: str, test_id: str) -> list[str]:
    start = page.index(f'data-testid="{test_id}"')
    return KEY_FIELD.findall(page[start : page.index("</form>", start)])


DRAWN = ["raise a flag", "raise a flag from a cycle", "enter a data point", "enter data in the grid"]


@pytest.mark.parametrize("name", [*DRAWN, "add a note entry"])
def test_each_form_carries_a_new_key_each_time_it_is_drawn(world, name):
    page, test_id = form_pages(world)[name]
    client = page_as(world.member)

    first = keys_in_form(client.get(page).content.decode(), test_id)
    second = keys_in_form(client.get(page).content.decode(), test_id)

    assert len(first) == len(second) == 1
    assert first != second


def test_the_csv_confirm_form_carries_a_key(world):
    client = page_as(world.member)
    preview = client.post(
        reverse("measure-upload", args=[world.measure.pk]), {"pasted": "period,value\n2026-03-02,12\n"}
    )

    assert len(keys_in_form(preview.content.decode(), "confirm-form")) == 1


@pytest.mark.parametrize("form", PAGE_FORMS, ids=repr)
def test_sending_a_form_twice_saves_once_and_goes_where_the_first_went(world, form):
    client = page_as(world.member)
    before = form.runs(world)

    first = send(client, world, form, form.body(world))
    again = send(client, world, form, form.body(world))

    assert first.status_code == 302
    assert form.runs(world) == before + 1
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    assert again["Idempotent-Replayed"] == "true"
    assert SENT_TWICE in flashes(again)


@pytest.mark.parametrize("form", PAGE_FORMS, ids=repr)
def test_the_same_key_with_other_values_is_refused_with_a_sentence(world, form):
    client = page_as(world.member)
    send(client, world, form, form.body(world))
    after_first = form.runs(world)

    reused = send(client, world, form, form.other(world))

    assert reused.status_code == 422
    assert "already sent with other values" in reused.content.decode()
    assert form.runs(world) == after_first


@pytest.mark.parametrize("form", [f for f in PAGE_FORMS if f.repeats_without_a_key], ids=repr)
def test_a_form_without_a_key_saves_each_time_as_before(world, form):
    client = page_as(world.member)
    before = form.runs(world)

    client.post(form.url(world), form.body(world))
    client.post(form.url(world), form.body(world))

    assert form.runs(world) == before + 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("form", PAGE_FORMS, ids=repr)
def test_a_refused_form_corrected_and_sent_with_the_same_key_saves(world, form):
    client = page_as(world.member)
    before = form.runs(world)

    refused = send(client, world, form, form.bad(world))
    corrected = send(client, world, form, form.body(world))

    assert form.runs(world) == before + 1
    assert not refused.has_header("Idempotent-Replayed")
    assert corrected.status_code == 302
    assert not corrected.has_header("Idempotent-Replayed")


@pytest.mark.parametrize("form", PAGE_FORMS, ids=repr)
def test_two_people_sending_the_same_key_each_save(world, form):
    before = form.runs(world)

    send(page_as(world.member), world, form, form.body(world), key="same")
    send(page_as(world.lead), world, form, form.other(world), key="same")

    assert form.runs(world) == before + 2


def test_a_doctored_key_is_a_400_that_saves_nothing(world):
    client = page_as(world.member)
    form = PAGE_FORMS[0]

    response = send(client, world, form, form.body(world), key="x" * 101)

    assert response.status_code == 400
    assert form.runs(world) == 0


# --- The running notes' script (static/js/huddles.js) --------------------------------------------------

SCRIPTED = {"headers": {"X-Requested-With": "fetch"}}


def test_a_note_the_script_sends_again_after_a_lost_answer_is_saved_once(world):
    client = page_as(world.member)
    url = reverse("meeting-entry-add", args=[world.meeting.pk])
    note = {"text": "Paired reading starts Monday.", "kind": "note", "question": "", "idempotency_key": "n-1"}

    first = client.post(url, note, **SCRIPTED)
    again = client.post(url, note, **SCRIPTED)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content  # the entry's id, which the script does not need twice
    assert again["Idempotent-Replayed"] == "true"
    assert NoteEntry.objects.filter(meeting=world.meeting).count() == 1
    assert flashes(again) == []


def test_the_next_note_with_its_own_key_is_not_taken_for_a_replay(world):
    client = page_as(world.member)
    url = reverse("meeting-entry-add", args=[world.meeting.pk])

    client.post(url, {"text": "Same words.", "kind": "note", "idempotency_key": "n-1"}, **SCRIPTED)
    second = client.post(url, {"text": "Same words.", "kind": "note", "idempotency_key": "n-2"}, **SCRIPTED)

    assert second.status_code == 201
    assert not second.has_header("Idempotent-Replayed")
    assert NoteEntry.objects.filter(meeting=world.meeting).count() == 2


def test_the_script_hears_a_reused_key_in_plain_text(world):
    client = page_as(world.member)
    url = reverse("meeting-entry-add", args=[world.meeting.pk])
    client.post(url, {"text": "One.", "kind": "note", "idempotency_key": "n-1"}, **SCRIPTED)

    reused = client.post(url, {"text": "Two.", "kind": "note", "idempotency_key": "n-1"}, **SCRIPTED)

    assert reused.status_code == 422
    assert reused["Content-Type"].startswith("text/plain")
