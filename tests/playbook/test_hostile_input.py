"""What an attacker (or a broken client) sends the API: JSON nested thousands deep, bodies of
megabytes, OPTIONS on every route. Each gets an answer in the API's error format, never a 500."""

import json
import re
from datetime import UTC, datetime, time

import pytest
from django.urls import URLPattern, URLResolver

from andon import services as andon
from config import api_urls
from huddles import services as huddles
from measures.data_input import PointInput
from measures.services import data as measures
from playbook import clock
from playbook.api.parsers import MAX_DEPTH, JSONParser, too_deep
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import api_as, assert_error, page_as
from tests.support.cycles import make_plan, make_world
from theory import services as theory

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000
MISSING = 999_999_999


def unraised(client):
    """A client that answers 500s as responses instead of raising the view's exception."""
    client.raise_request_exception = False
    return client


def nested(depth: int) -> str:
    return "[" * (depth - 1) + "{}" + "]" * (depth - 1)


# --- Nesting ---------------------------------------------------------------------------------------


def test_deep_json_to_the_token_endpoint_is_a_400_without_signing_in(personas):
    response = unraised(api_as()).post("/api/v1/auth/token/", DEEP, content_type="application/json")
    body = assert_error(response, 400, "parse_error")
    assert f"deeper than {MAX_DEPTH}" in body["detail"]


def test_deep_json_that_never_closes_is_a_400_too(personas):
    response = unraised(api_as()).post("/api/v1/auth/token/", "[" * 5000, content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_deep_json_inside_an_object_is_a_400(personas):
    body = '{"title": "Cover", "team": ' + DEEP + "}"
    response = unraised(api_as(personas.member)).post("/api/v1/flags/", body, content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_json_nested_to_the_limit_still_parses(personas):
    response = api_as(personas.member).post(
        "/api/v1/flags/", nested(MAX_DEPTH), content_type="application/json"
    )
    assert_error(response, 400, "invalid")  # parsed, then refused by the serializer: not a JSON object


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"note": "[" * 5000, "quote": '\\"[[[[', "list": [[1]]})
    assert not too_deep(text, limit=3)
    assert too_deep(text, limit=2)


def test_a_quote_never_closed_is_measured_in_one_pass():
    # Thousands of escaped quotes after an opening one: a naive string pattern retries at each quote.
    text = '"' + '\\"' * 500_000
    assert not too_deep(text, limit=0)


def test_the_parser_refuses_depth_before_decoding():
    import io

    from rest_framework.exceptions import ParseError

    with pytest.raises(ParseError):
        JSONParser().parse(io.BytesIO(nested(MAX_DEPTH + 1).encode()))


def test_every_api_view_parses_json_with_the_bounded_parser():
    stock = [
        f"{entry.pattern}: {parser.__module__}.{parser.__name__}"
        for entry in _api_patterns()
        if (view := _view_class(entry)) is not None
        for parser in view.parser_classes
        if parser.media_type == "application/json" and not issubclass(parser, JSONParser)
    ]
    assert stock == []


# --- Size ------------------------------------------------------------------------------------------


def three_megabytes() -> str:
    return json.dumps({"title": "Cover", "description": "x" * 3_000_000})


def test_a_body_over_the_limit_is_a_413_in_the_error_format(personas):
    response = unraised(api_as(personas.member)).post(
        "/api/v1/flags/", three_megabytes(), content_type="application/json"
    )
    body = assert_error(response, 413, "too_large")
    assert "MB" in body["detail"]


def test_a_body_over_the_limit_is_a_413_before_signing_in(personas):
    response = unraised(api_as()).post(
        "/api/v1/auth/token/", three_megabytes(), content_type="application/json"
    )
    assert_error(response, 413, "too_large")


def test_a_form_body_over_the_limit_is_a_413_in_the_api(personas):
    response = unraised(api_as(personas.member)).post(
        "/api/v1/flags/", f"title={'x' * 3_000_000}", content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 413, "too_large")


def test_a_page_post_over_the_limit_is_a_413_page_that_says_so(personas):
    response = unraised(page_as(personas.member)).post("/andon/raise/", {"title": "x" * 3_000_000})
    assert response.status_code == 413
    assert b"too much to send at once" in response.content
    assert b"Nothing was saved" in response.content


# --- OPTIONS on every route --------------------------------------------------------------------------


def _api_patterns(patterns=None):
    for entry in api_urls.urlpatterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from _api_patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name != "api-unknown":
            yield entry


def _view_class(entry: URLPattern):
    return getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)


def _path(entry: URLPattern, ids: dict[str, int]) -> str:
    route = str(entry.pattern).lstrip("^").rstrip("$")
    prefix = route.split("/")[0]
    pk = str(ids.get(prefix, MISSING))
    route = re.sub(r"\(\?P<\w+>[^)]*\)", pk, route)
    route = re.sub(r"<(?:\w+:)?\w+>", pk, route)
    return "/api/v1/" + route.replace("\\.", ".")


@pytest.fixture
def everything(personas):
    """One of each thing the API serves, all Team A's, so detail routes find a real object."""
    world = make_world(personas)
    cycle = make_plan(world)
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, focus_area=world.focus_area)
    point = measures.record_point(
        measure=world.measure,
        by=personas.member,
        point=PointInput(period=datetime(2026, 3, 2).date(), value=3),
    )
    fishbone = theory.start_fishbone(focus_area=world.focus_area, by=personas.lead, categories=["People"])
    cause = theory.add_cause(category=fishbone.categories.get(), by=personas.member, text="Cover")
    driver = theory.add_driver(focus_area=world.focus_area, by=personas.lead, kind="primary", text="Practice")
    analysis = theory.start_why_analysis(focus_area=world.focus_area, by=personas.member, problem="Why?")
    huddle = huddles.create_huddle(team=personas.team_a, by=personas.lead, name="Huddle", starts_at=time(8))
    with clock.frozen_at(datetime(2026, 3, 2, 8, tzinfo=UTC)):
        meeting = huddles.start_meeting(huddle=huddle, by=personas.member)
    andon.comment_on_flag(flag=flag, by=personas.member, text="Same here.")
    return {
        "networks": personas.network.pk, "teams": personas.team_a.pk, "focus-areas": world.focus_area.pk,
        "measures": world.measure.pk, "data-points": point.pk, "cycles": cycle.pk,
        "predictions": cycle.predictions.first().pk, "flags": flag.pk, "fishbones": fishbone.pk,
        "fishbone-categories": cause.category_id, "causes": cause.pk, "drivers": driver.pk,
        "driver-diagrams": world.focus_area.pk, "change-ideas": world.idea.pk, "why-analyses": analysis.pk,
        "huddles": huddle.pk, "meetings": meeting.pk,
    }  # fmt: skip


@pytest.mark.parametrize("real_ids", [True, False], ids=["real-objects", "missing-objects"])
def test_options_on_every_api_route_never_fails(personas, everything, real_ids):
    client = unraised(api_as(personas.member))
    failures = []
    for entry in _api_patterns():
        url = _path(entry, everything if real_ids else {})
        response = client.options(url)
        if response.status_code >= 500:
            failures.append(f"{url} ({entry.name}): {response.status_code}")
    assert failures == []


def test_options_on_the_escalation_policy_describes_it(personas):
    response = api_as(personas.member).options("/api/v1/escalation-policy/")
    assert response.status_code == 200
    assert response.json()["name"]


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_deep_json_to_every_api_route_never_fails(personas, everything, method):
    client = unraised(api_as(personas.admin))
    failures = []
    for entry in _api_patterns():
        url = _path(entry, everything)
        response = getattr(client, method)(url, DEEP, content_type="application/json")
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url} ({entry.name}): {response.status_code}")
    assert failures == []
