"""Flags by category: a Pareto chart of the flags the person can see, linked from the dashboard."""

import pytest
from django.urls import reverse

from andon import services
from andon.models import Flag
from playbook import clock
from tests.support.andon import MONDAY_10, at, raise_at
from tests.support.clients import page_as
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db

URL = reverse("andon-categories")


def raise_some(personas):
    for category in ("resources", "resources", "resources", "process", "wellbeing"):
        raise_at(MONDAY_10, by=personas.member, team=personas.team_a, category=category)
    raise_at(MONDAY_10, by=personas.sibling_member, team=personas.team_b, category="opportunity")


def counted(response):
    return [(b.label, b.count) for b in response.context["panel"]["chart"].bars if b.count]


def test_a_leader_sees_every_category_of_their_teams_most_first(personas):
    raise_some(personas)
    response = page_as(personas.leader).get(URL)
    assert response.status_code == 200
    assert counted(response) == [
        ("Resources", 3),
        ("Opportunity", 1),
        ("Process", 1),
        ("Wellbeing or safety", 1),
    ]
    chart = response.context["panel"]["chart"]
    assert [b.cumulative for b in chart.bars[:4]] == [0.5, 4 / 6, 5 / 6, 1.0]
    assert [b.label for b in chart.vital_few] == ["Resources", "Opportunity", "Process"]
    html = response.content.decode()
    assert 'data-figure="flag-pareto"' in html
    assert 'data-testid="pareto-table"' in html


def test_a_sibling_team_member_does_not_count_team_as_flags(personas):
    raise_some(personas)
    response = page_as(personas.sibling_member).get(URL)
    assert counted(response) == [("Opportunity", 1)]


def test_an_outsider_sees_no_flags_and_an_empty_state(personas):
    raise_some(personas)
    response = page_as(personas.outsider).get(URL)
    assert response.context["panel"] is None
    assert "No flags yet" in response.content.decode()


def test_resolved_flags_can_be_left_out(personas):
    raise_some(personas)
    flag = Flag.objects.filter(category="process").get()
    with clock.frozen_at(at(3, 12)):
        services.resolve_flag(flag=flag, by=personas.leader, resolution="Sorted", learning="Ask sooner")
    assert ("Process", 1) in counted(page_as(personas.leader).get(URL))
    assert ("Process", 1) not in counted(page_as(personas.leader).get(URL, {"open": "1"}))


def test_the_dashboard_links_to_it(personas):
    assert URL in page_as(personas.leader).get(reverse("andon-dashboard")).content.decode()


def test_the_page_asks_the_same_queries_for_many_flags(personas, django_assert_num_queries):
    raise_some(personas)

    def grow():
        for _ in range(4):
            raise_some(personas)

    assert_same_queries_after(page_as(personas.leader), URL, grow, django_assert_num_queries)
