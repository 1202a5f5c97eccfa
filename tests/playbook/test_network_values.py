"""The network's shared values: admins keep a short list; everyone in the network sees it where they
work (huddle meetings, cycle plans); another network never does."""

from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from playbook import clock
from playbook.models import NetworkValue
from playbook.values import MAX_VALUES, create_network_value
from tests.support.agenda import make_value
from tests.support.clients import api_as, page_as

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_value_on_the_setup_page(personas):
    response = page_as(personas.admin).post(
        reverse("network-values"), {"name": "Pupils first", "description": "We ask what it does for them."}
    )
    assert response.status_code == 302
    assert list(NetworkValue.objects.values_list("name", "position")) == [("Pupils first", 0)]


def test_a_member_may_not_edit_the_values(personas):
    value = make_value(personas)
    assert page_as(personas.member).get(reverse("network-values")).status_code == 403
    edit = page_as(personas.member).post(reverse("network-value-edit", args=[value.pk]), {"name": "Mine"})
    assert edit.status_code == 403
    assert api_as(personas.member).post(reverse("api-network-value-list"), {"name": "X"}).status_code == 403
    value.refresh_from_db()
    assert value.name == "Pupils first"


def test_the_list_stops_at_seven_with_a_message(personas):
    for i in range(MAX_VALUES):
        make_value(personas, name=f"Value {i}")
    response = page_as(personas.admin).post(reverse("network-values"), {"name": "One more"})
    assert response.status_code == 200
    assert "at most 7 shared values" in response.text
    assert NetworkValue.objects.count() == MAX_VALUES


def test_a_duplicate_name_is_a_field_error(personas):
    make_value(personas)
    with pytest.raises(ValidationError) as refused:
        create_network_value(network=personas.network, by=personas.admin, name="Pupils first")
    assert "name" in refused.value.error_dict
    response = api_as(personas.admin).post(reverse("api-network-value-list"), {"name": "Pupils first"})
    assert response.status_code == 400 and "name" in response.json()["errors"]


def test_an_admin_reorders_the_values(personas):
    first, second = make_value(personas, name="A"), make_value(personas, name="B")
    page_as(personas.admin).post(reverse("network-value-move", args=[second.pk]), {"direction": "up"})
    assert list(NetworkValue.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_the_values_show_on_the_meeting_page(personas):
    from huddles import services

    huddle = services.create_huddle(
        team=personas.team_a,
        by=personas.lead,
        name="Morning huddle",
        starts_at=time(8, 30),
        weekdays=[0, 2, 4],
    )
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        meeting = services.start_meeting(huddle=huddle, by=personas.lead)
    make_value(personas, description="We ask what it does for them.")
    response = page_as(personas.member).get(reverse("meeting-detail", args=[meeting.pk]))
    assert 'data-testid="network-values"' in response.text
    assert "Pupils first" in response.text


def test_the_values_show_on_the_cycle_plan_page(personas):
    make_value(personas)
    assert "Pupils first" in page_as(personas.member).get(reverse("cycle-create")).text


def test_another_network_never_sees_the_values(personas):
    make_value(personas)
    assert "Pupils first" not in page_as(personas.outsider).get(reverse("cycle-create")).text
    assert api_as(personas.outsider).get(reverse("api-network-value-list")).json()["results"] == []


def test_the_strip_asks_one_query_per_request_however_often_it_is_shown(personas, django_assert_num_queries):
    make_value(personas)
    request = RequestFactory().get("/")
    request.user = personas.member
    template = Template("{% load values %}{% network_values %}{% network_values %}")
    from playbook.permissions import access_for

    access_for(personas.member)  # the access is worked out once per request anyway
    with django_assert_num_queries(1):
        rendered = template.render(Context({"request": request}))
    assert rendered.count("Pupils first") == 2
