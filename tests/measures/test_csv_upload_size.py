"""A real CSV still comes in whole under the limits on request bodies: a file of nearly 1 MB (5,000
rows with notes) is previewed and imported on the page; a larger one is refused in words; the API
refuses text over the same limit with a field error, and a body over 2.5 MB with a 413."""

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.forms import MAX_UPLOAD_BYTES
from tests.support.clients import api_as, assert_error, page_as
from tests.support.factories import FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(personas):
    # Daily, so that a file of 5,000 consecutive days is all on the measure's rhythm.
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    return MeasureFactory(focus_area=focus_area, frequency="daily")


def real_csv(
    rows: int = 5000, note: str = "Counted by the class teacher; two pupils were out on a trip."
) -> str:
    start = date(2013, 1, 1)
    lines = [f"{start + timedelta(days=i)},{10 + i % 7},{note} Day {i}." for i in range(rows)]
    return "period,value,note\n" + "\n".join(lines) + "\n"


def upload(client, measure, text: str):
    file = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("measure-upload", args=[measure.pk]), {"file": file})


def test_a_file_of_nearly_a_megabyte_is_previewed_and_imported(personas, measure):
    text = real_csv(
        note="Counted by the class teacher; two pupils were out on a trip. " * 2 + "Both classes.  " * 3
    )
    assert 800_000 < len(text.encode()) <= MAX_UPLOAD_BYTES
    client = page_as(personas.member)

    preview = upload(client, measure, text)
    assert preview.status_code == 200 and preview.context["preview"].ok
    confirmed = client.post(
        reverse("measure-upload", args=[measure.pk]),
        {"csv_text": preview.context["confirm"]["csv_text"].value()},
    )

    assert confirmed.status_code == 302
    assert measure.data_points.count() == 5000


def test_the_confirmation_sends_the_file_back_as_multipart(personas, measure):
    # URL-encoded, a dense file of 1 MB (all commas) would grow past the 2.5 MB a request may hold.
    response = upload(page_as(personas.member), measure, real_csv(rows=3))
    assert 'enctype="multipart/form-data" data-testid="confirm-form"' in response.content.decode()


def test_a_file_over_the_limit_is_refused_in_words(personas, measure):
    text = real_csv(rows=6000, note="x" * 200)
    assert len(text.encode()) > MAX_UPLOAD_BYTES

    response = upload(page_as(personas.member), measure, text)

    (message,) = response.context["upload"].errors["file"]
    assert "files up to 1 MB can be uploaded" in message and "Split it" in message
    assert not measure.data_points.exists()


def test_a_file_just_over_the_limit_does_not_read_as_one_megabyte(personas, measure):
    text = "period,value\n" + "2026-01-05,1\n" * ((MAX_UPLOAD_BYTES // 13) + 10)
    response = upload(page_as(personas.member), measure, text)
    assert "The file is 1.1 MB" in response.context["upload"].errors["file"][0]


def test_the_api_takes_the_same_file_as_text(personas, measure):
    response = api_as(personas.member).post(
        f"/api/v1/measures/{measure.pk}/data/import/?preview=true", {"csv": real_csv(rows=200)}
    )
    assert response.status_code == 200 and response.json()["ok"]


def test_the_api_refuses_a_body_over_the_request_limit_with_a_413(personas, measure):
    body = json.dumps({"csv": real_csv(rows=5000, note="x" * 500)})
    assert len(body) > 2_621_440
    client = api_as(personas.member)
    client.raise_request_exception = False
    response = client.post(
        f"/api/v1/measures/{measure.pk}/data/import/", body, content_type="application/json"
    )
    assert_error(response, 413, "too_large")
