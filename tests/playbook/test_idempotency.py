"""The idempotency mechanism itself (``playbook.idempotency``): the key, its scope and lifetime, pruning,
the schema, and two taps at the same moment on real PostgreSQL connections."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.template import Context, Template
from drf_spectacular.generators import SchemaGenerator

from andon.models import Flag
from config import settings as project_settings
from playbook import clock
from playbook.models import IdempotencyKey
from playbook.tasks import prune_idempotency_keys
from tests.support.clients import api_as, assert_error
from tests.support.factories import FocusAreaFactory, MeasureFactory
from tests.support.waiting import wait_for

FLAGS = "/api/v1/flags/"
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC)


def raise_flag(user, key, title="No cover for 4B", team=None):
    body = {"team": (team or user.memberships.get().team).pk, "title": title, "description": "No cover."}
    headers = {} if key is None else {"Idempotency-Key": key}
    return api_as(user).post(FLAGS, body, format="json", headers=headers)


# --- The key -------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    ["", "   ", "x" * 101, "clé-1", "tab\tinside", "new\x7fline"],
    ids=["empty", "blank", "101 characters", "not ascii", "tab", "DEL"],
)
def test_a_key_that_is_not_1_to_100_printable_ascii_characters_is_a_400(personas, key):
    response = raise_flag(personas.member, key)

    body = assert_error(response, 400, "invalid")
    assert list(body["errors"]) == ["Idempotency-Key"]
    assert not Flag.objects.exists()


@pytest.mark.django_db
def test_a_key_of_100_characters_is_taken(personas):
    key = "k" * 100
    first = raise_flag(personas.member, key)
    again = raise_flag(personas.member, key)

    assert first.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Flag.objects.count() == 1


@pytest.mark.django_db
def test_a_key_sent_as_a_structured_field_string_is_the_same_key(personas):
    # The IETF draft writes the header as an sf-string: Idempotency-Key: "8e03978e-…"
    raise_flag(personas.member, '"8e03978e-40d5"')
    again = raise_flag(personas.member, "8e03978e-40d5")

    assert again["Idempotent-Replayed"] == "true"
    assert Flag.objects.count() == 1


@pytest.mark.django_db
def test_a_key_belongs_to_one_operation(personas):
    from huddles import services as huddle_services

    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Huddle", starts_at=datetime(2026, 1, 1, 9).time()
    )
    meeting = huddle_services.start_meeting(huddle=huddle, by=personas.lead)
    raise_flag(personas.member, "one-key")

    note = api_as(personas.member).post(
        f"/api/v1/meetings/{meeting.pk}/entries/",
        {"text": "No cover for 4B"},
        format="json",
        headers={"Idempotency-Key": "one-key"},
    )

    assert note.status_code == 201
    assert not note.has_header("Idempotent-Replayed")


@pytest.mark.django_db
def test_the_same_key_and_body_for_another_measure_is_another_request(personas):
    # The path is part of the request: the same point sent to a second measure is not a retry.
    first, second = MeasureFactory.create_batch(2, focus_area=FocusAreaFactory(team=personas.team_a))
    client, point = api_as(personas.member), {"period": "2026-03-02", "value": 12}
    key = {"Idempotency-Key": "k"}
    client.post(f"/api/v1/measures/{first.pk}/data/", point, format="json", headers=key)

    other = client.post(f"/api/v1/measures/{second.pk}/data/", point, format="json", headers=key)

    assert_error(other, 422, "idempotency_key_reused")
    assert not second.data_points.exists()


@pytest.mark.django_db
def test_a_request_the_permission_layer_refuses_leaves_no_key_behind(personas):
    response = raise_flag(personas.member, "k", team=personas.team_c)

    assert response.status_code == 400  # not a team of theirs
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db
def test_a_successful_create_and_its_key_are_saved_together(personas):
    raise_flag(personas.member, "k")

    stored = IdempotencyKey.objects.get()
    flag = Flag.objects.get()
    assert (stored.user, stored.key, stored.status_code) == (personas.member, "k", 201)
    assert stored.scope == "api-flag-list"
    assert stored.body["id"] == flag.pk
    assert len(stored.fingerprint) == 64


# --- Lifetime and pruning ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_key_older_than_a_day_is_a_new_request(personas):
    with clock.frozen_at(NOON):
        raise_flag(personas.member, "k")
    with clock.frozen_at(NOON + timedelta(hours=24, minutes=1)):
        later = raise_flag(personas.member, "k")

    assert later.status_code == 201
    assert not later.has_header("Idempotent-Replayed")
    assert Flag.objects.count() == 2


@pytest.mark.django_db
def test_within_a_day_the_key_still_replays(personas):
    with clock.frozen_at(NOON):
        raise_flag(personas.member, "k")
    with clock.frozen_at(NOON + timedelta(hours=23, minutes=59)):
        later = raise_flag(personas.member, "k")

    assert later["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_the_prune_job_deletes_keys_older_than_a_day_and_keeps_the_rest(personas):
    with clock.frozen_at(NOON):
        raise_flag(personas.member, "old")
    with clock.frozen_at(NOON + timedelta(hours=20)):
        raise_flag(personas.member, "recent", title="Another")
    with clock.frozen_at(NOON + timedelta(hours=25)):
        deleted = prune_idempotency_keys()

    assert deleted == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]
    assert Flag.objects.count() == 2  # pruning forgets answers, never what was created


def test_beat_prunes_the_keys_every_hour():
    # The test settings empty the schedule; this is the one beat runs.
    entry = project_settings.CELERY_BEAT_SCHEDULE["prune-idempotency-keys"]

    assert entry["task"] == "playbook.tasks.prune_idempotency_keys"
    assert entry["schedule"].hour == set(range(24))


# --- Forms and the schema ------------------------------------------------------------------------------


def test_the_form_field_holds_a_new_random_key_each_time():
    template = Template("{% load idempotency %}{% idempotency_field %}")

    first, second = template.render(Context()), template.render(Context())

    assert first.startswith('<input type="hidden" name="idempotency_key" value="')
    assert first != second


def test_the_schema_offers_the_header_on_each_create_that_honours_it_and_nowhere_else():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    with_header = {
        (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if ("Idempotency-Key", "header") in {(p["name"], p["in"]) for p in operation.get("parameters", [])}
    }

    assert with_header == {
        ("/api/v1/flags/", "post"),
        ("/api/v1/measures/{id}/data/", "post"),
        ("/api/v1/measures/{id}/data/import/", "post"),
        ("/api/v1/meetings/{id}/entries/", "post"),
    }
    flag_create = schema["paths"]["/api/v1/flags/"]["post"]["responses"]
    assert {"409", "422"} <= set(flag_create)


# --- Two taps at the same moment ----------------------------------------------------------------------


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # pg_stat_activity is cached per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _tap(user, key, answers):
    def run():
        try:
            answers.append(raise_flag(user, key))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_makes_one_flag_and_the_second_tap_answers_the_first_ones_response(personas):
    answers = []
    # Flags cannot be inserted while this transaction holds the table, so the first tap stops inside
    # its transaction, key claimed; the second then waits on the key, not by luck of timing.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE andon_flag IN SHARE MODE")
        taps = [_tap(personas.member, "double-tap", answers) for _ in range(2)]
        assert wait_for(lambda: _lock_waiters() == 2, timeout=10)
    for tap in taps:
        tap.join(timeout=20)

    assert Flag.objects.count() == 1
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sorted(a.has_header("Idempotent-Replayed") for a in answers) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_a_tap_that_waits_too_long_for_the_first_is_a_409_and_then_replays(personas, settings):
    settings.IDEMPOTENCY_WAIT_SECONDS = 0.3
    first, second = [], []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE andon_flag IN SHARE MODE")
        first_tap = _tap(personas.member, "slow", first)
        assert wait_for(lambda: _lock_waiters() == 1, timeout=10)
        _tap(personas.member, "slow", second).join(timeout=10)
        # Only the claim waits with the short limit: the first tap, still held up on the flag table
        # much longer than that, carries on once the table is free.
        assert first == []
    first_tap.join(timeout=20)

    assert_error(second[0], 409, "idempotency_key_in_use")
    assert second[0]["Retry-After"] == "1"
    assert first[0].status_code == 201
    retry = raise_flag(personas.member, "slow")
    assert retry["Idempotent-Replayed"] == "true"
    assert Flag.objects.count() == 1
