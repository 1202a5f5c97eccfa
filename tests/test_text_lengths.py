"""Text people type has a ceiling on every way in, not only in the models: each hand-declared form
and API field takes at most what the model keeps (or a bound that fits what it holds), and text over
it is a 400 naming the field in the API and an error beside the field on a page, with nothing saved.

The first two tests keep it so for fields added later; the rest try one field of each app.
"""

import importlib
import inspect
from datetime import UTC, datetime, time

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse

from andon.models import FlagEvent
from cycles.models import CycleComment
from huddles import services as huddle_services
from huddles.models import NoteEntry
from playbook import clock
from playbook.fields import NOTE_MAX, PROSE_MAX
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import api_as, assert_error, page_as
from tests.support.cycles import make_plan, make_world, run_to
from theory.models import ChangeIdea

pytestmark = pytest.mark.django_db

FORM_MODULES = [
    "playbook.forms", "playbook.setup_forms", "measures.forms", "theory.forms", "cycles.forms",
    "andon.forms", "huddles.forms",
]  # fmt: skip


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, forms.BaseForm):
                yield cls


def test_every_text_box_on_a_form_has_a_max_length():
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert unbounded == []


# Strings an API request may carry without a maxLength in the schema, each with why.
UNBOUNDED_BY_DESIGN = {
    ("/api/v1/auth/token/", "username"): "DRF's AuthTokenSerializer; the body's own limit bounds it",
    ("/api/v1/auth/token/", "password"): "DRF's AuthTokenSerializer; the body's own limit bounds it",
    ("/api/v1/escalation-policy/", "acknowledge_within"): "DurationTextField checks its length itself",
    ("/api/v1/escalation-policy/", "resolve_within"): "DurationTextField checks its length itself",
    ("/api/v1/escalation-policy/", "day_starts"): "a time, parsed as one",
    ("/api/v1/escalation-policy/", "day_ends"): "a time, parsed as one",
    ("/api/v1/huddles/", "starts_at"): "a time, parsed as one",
    ("/api/v1/huddles/{id}/", "starts_at"): "a time, parsed as one",
}
PARSED_FORMATS = {"date", "date-time", "time", "binary", "uri", "email", "uuid"}


def _unbounded_strings(node, components, path, found):
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        for part in node.get(key, []):
            _unbounded_strings(part, components, path, found)
    if "properties" in node:
        for name, prop in node["properties"].items():
            if not prop.get("readOnly"):
                _unbounded_strings(prop, components, (*path, name), found)
    elif node.get("type") == "array":
        _unbounded_strings(node.get("items", {}), components, path, found)
    elif node.get("type") == "string" and not {"enum", "maxLength"} & node.keys():
        parsed = node.get("format") in PARSED_FORMATS  # a date or a time is parsed, not kept as text
        if not parsed:
            found.add(path)


def test_every_string_an_api_request_sends_has_a_max_length():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    unbounded = set()
    for route, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found = set()
                _unbounded_strings(media["schema"], components, (), found)
                unbounded |= {(route, path[-1], method) for path in found if path}
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    found = set()
                    _unbounded_strings(parameter.get("schema", {}), components, (parameter["name"],), found)
                    unbounded |= {(route, path[-1], method) for path in found}
    left = sorted(entry for entry in unbounded if entry[:2] not in UNBOUNDED_BY_DESIGN)
    assert left == []


# --- One field of each app, both ways in ---------------------------------------------------------------


def over(limit: int) -> str:
    return "x" * (limit + 1)


def too_long(response, field: str) -> None:
    body = assert_error(response, 400, "invalid")
    assert "no more than" in " ".join(body["errors"][field]), body


@pytest.fixture
def world(personas):
    return make_world(personas)


def test_playbook_a_team_description_over_its_ceiling(personas):
    response = api_as(personas.lead).patch(
        f"/api/v1/teams/{personas.team_a.pk}/", {"description": over(PROSE_MAX)}
    )
    too_long(response, "description")

    response = page_as(personas.lead).post(
        reverse("team-edit", args=[personas.team_a.pk]), {"name": "Team A", "description": over(PROSE_MAX)}
    )
    assert response.status_code == 200
    assert "at most 10000 characters" in str(response.context["form"].errors["description"])
    personas.team_a.refresh_from_db()
    assert personas.team_a.description == ""


def test_measures_a_point_note_and_a_focus_area_problem_over_their_ceilings(world):
    response = api_as(world.member).post(
        f"/api/v1/measures/{world.measure.pk}/data/", {"period": "2026-03-02", "value": 4, "note": over(500)}
    )
    too_long(response, "note")

    data = {
        "title": "Reading", "problem": over(PROSE_MAX), "aim_what": "Raise it", "aim_how_much": "to 75%",
        "aim_by_when": "2027-07-16", "owner": world.lead.pk, "status": "active",
    }  # fmt: skip
    response = page_as(world.lead).post(reverse("focus-area-edit", args=[world.focus_area.pk]), data)
    assert response.status_code == 200
    assert "at most 10000 characters" in str(response.context["form"].errors["problem"])
    world.focus_area.refresh_from_db()
    assert world.focus_area.title == "Reading fluency"


def test_measures_a_csv_over_the_upload_limit_says_so(world):
    from measures.forms import MAX_UPLOAD_BYTES

    text = "period,value\n" + "2026-03-02,4\n" * (MAX_UPLOAD_BYTES // 12)
    response = api_as(world.member).post(f"/api/v1/measures/{world.measure.pk}/data/import/", {"csv": text})
    body = assert_error(response, 400, "invalid")
    assert "larger than 1 MB" in body["errors"]["csv"][0]


def test_theory_a_change_idea_description_over_its_ceiling(world):
    response = api_as(world.lead).post(
        "/api/v1/change-ideas/",
        {"focus_area": world.focus_area.pk, "title": "Big", "description": over(PROSE_MAX)},
    )
    too_long(response, "description")

    response = page_as(world.lead).post(
        reverse("theory-idea-add", args=[world.focus_area.pk]),
        {"title": "Big", "description": over(PROSE_MAX)},
    )
    assert response.status_code == 400
    assert b"at most 10000 characters" in response.content
    assert not ChangeIdea.objects.filter(title="Big").exists()


def test_cycles_a_study_and_a_comment_over_their_ceilings(world):
    cycle = run_to(make_plan(world), "studying", world.member)
    prediction = cycle.predictions.first()
    response = api_as(world.member).post(
        f"/api/v1/predictions/{prediction.pk}/study/", {"actual": over(NOTE_MAX), "outcome": "met"}
    )
    too_long(response, "actual")

    response = page_as(world.member).post(reverse("cycle-comment", args=[cycle.pk]), {"body": over(NOTE_MAX)})
    assert response.status_code == 200
    assert "at most 5000 characters" in str(response.context["comment_form"].errors["body"])
    assert not CycleComment.objects.exists()


def test_andon_a_comment_over_what_an_event_keeps(world):
    flag = raise_at(MONDAY_10, by=world.member, team=world.team_a)
    response = api_as(world.member).post(f"/api/v1/flags/{flag.pk}/comments/", {"text": over(NOTE_MAX)})
    too_long(response, "text")

    response = page_as(world.member).post(
        reverse("andon-flag-comment", args=[flag.pk]), {"text": over(NOTE_MAX)}
    )
    assert response.status_code == 200
    assert b"at most 5000 characters" in response.content
    assert not FlagEvent.objects.filter(kind="commented").exists()


def test_huddles_a_note_over_what_an_entry_keeps(personas):
    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Huddle", starts_at=time(8)
    )
    with clock.frozen_at(datetime(2026, 3, 2, 8, tzinfo=UTC)):
        meeting = huddle_services.start_meeting(huddle=huddle, by=personas.lead)

    response = api_as(personas.member).post(
        f"/api/v1/meetings/{meeting.pk}/entries/", {"text": over(NOTE_MAX)}
    )
    too_long(response, "text")

    response = page_as(personas.member).post(
        reverse("meeting-entry-add", args=[meeting.pk]), {"text": over(NOTE_MAX), "kind": "note"}
    )
    assert response.status_code == 302
    assert "at most 5000 characters" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not NoteEntry.objects.exists()


def test_huddles_a_purpose_over_its_ceiling_on_the_page(personas):
    data = {"team": personas.team_a.pk, "name": "Huddle", "starts_at": "08:30", "duration_minutes": "15"}
    response = page_as(personas.lead).post(reverse("huddle-create"), {**data, "purpose": over(PROSE_MAX)})
    assert response.status_code == 400
    assert "at most 10000 characters" in str(response.context["form"].errors["purpose"])


# --- Lists of ids: each id is a query, so the list is counted first ----------------------------------------


def test_a_cycle_names_at_most_so_many_collaborators_before_any_is_looked_up(
    world, django_assert_max_num_queries
):
    # Real ids, each found: a list of missing ones would stop at the first.
    body = {"team": world.team_a.pk, "title": "Paired reading", "collaborators": [world.lead.pk] * 5_000}
    with django_assert_max_num_queries(20):
        response = api_as(world.member).post("/api/v1/cycles/", body, format="json")
    assert "collaborators" in assert_error(response, 400, "invalid")["errors"]


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/v1/why-analyses/", "participants"), ("/api/v1/change-ideas/", "serves")],
)
def test_lists_of_ids_are_measured_before_their_items_are_looked_up(
    world, url, field, django_assert_max_num_queries
):
    ids = [world.lead.pk if field == "participants" else world.idea.pk] * 5_000
    body = {"focus_area": world.focus_area.pk, "problem": "Why?", "title": "Idea", field: ids}
    with django_assert_max_num_queries(20):
        response = api_as(world.lead).post(url, body, format="json")
    assert field in assert_error(response, 400, "invalid")["errors"]


def test_meeting_attendees_are_counted_before_they_are_looked_up(personas, django_assert_max_num_queries):
    huddle = huddle_services.create_huddle(
        team=personas.team_a, by=personas.lead, name="Huddle", starts_at=time(8)
    )
    meeting = huddle_services.start_meeting(huddle=huddle, by=personas.lead)
    with django_assert_max_num_queries(20):
        response = api_as(personas.member).post(
            f"/api/v1/meetings/{meeting.pk}/attendance/",
            {"attendees": [personas.member.pk] * 5_000},
            format="json",
        )
    assert "attendees" in assert_error(response, 400, "invalid")["errors"]
