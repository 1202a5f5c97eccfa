"""Each API create that takes an ``Idempotency-Key``: a retry answers the first response and runs nothing.

The operations are data (``tests/support/idempotency.py``): raising a flag, one data point, many, a
CSV import and a note entry.
"""

import pytest

from playbook.models import IdempotencyKey
from tests.support.clients import api_as, assert_error
from tests.support.idempotency import API_OPERATIONS, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return make_world(personas)


def post(world, user, operation, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api_as(user).post(operation.url(world), body, format="json", headers=headers)


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=repr)
def test_a_retry_with_the_same_key_runs_once_and_answers_the_first_response(world, operation):
    before = operation.runs(world)

    first = post(world, world.member, operation, operation.body(world), key="tap-1")
    again = post(world, world.member, operation, operation.body(world), key="tap-1")

    assert first.status_code in (200, 201), first.json()
    assert operation.runs(world) == before + 1
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=repr)
def test_the_same_key_with_another_request_is_a_422_and_runs_nothing(world, operation):
    post(world, world.member, operation, operation.body(world), key="tap-1")
    after_first = operation.runs(world)

    reused = post(world, world.member, operation, operation.other(world), key="tap-1")

    assert_error(reused, 422, "idempotency_key_reused")
    assert operation.runs(world) == after_first


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=repr)
def test_without_a_key_a_retry_runs_again(world, operation):
    before = operation.runs(world)

    first = post(world, world.member, operation, operation.body(world))
    again = post(world, world.member, operation, operation.body(world))

    assert operation.runs(world) == before + 2
    assert not again.has_header("Idempotent-Replayed")
    assert not IdempotencyKey.objects.exists()
    assert first.status_code in (200, 201)


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=repr)
def test_two_people_using_the_same_key_do_not_collide(world, operation):
    before = operation.runs(world)

    mine = post(world, world.member, operation, operation.body(world), key="shared-key")
    theirs = post(world, world.lead, operation, operation.body(world), key="shared-key")

    assert operation.runs(world) == before + 2
    assert not mine.has_header("Idempotent-Replayed")
    assert not theirs.has_header("Idempotent-Replayed")


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=repr)
def test_a_refused_request_is_not_remembered_so_the_corrected_one_runs_with_the_same_key(world, operation):
    before = operation.runs(world)

    refused = post(world, world.member, operation, operation.bad(world), key="tap-1")
    corrected = post(world, world.member, operation, operation.body(world), key="tap-1")

    assert_error(refused, 400, "invalid")
    assert corrected.status_code in (200, 201), corrected.json()
    assert not corrected.has_header("Idempotent-Replayed")
    assert operation.runs(world) == before + 1
