"""The cycles list page asks as many queries for many cycles as for a few (the API list: test_api.py)."""

import pytest
from django.urls import reverse

from cycles import services
from tests.support.clients import page_as
from tests.support.cycles import make_plan, make_world
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def test_the_cycles_list_asks_the_same_queries_for_2_cycles_as_for_20(personas, django_assert_num_queries):
    world = make_world(personas)

    def grow(n, start=0):
        for i in range(start, start + n):
            cycle = make_plan(world, title=f"Plan {i}", owner=personas.member, collaborators=[personas.lead])
            if i % 2:
                services.start_cycle(cycle=cycle, by=personas.member)

    grow(2)
    assert_same_queries_after(
        page_as(personas.leader), reverse("cycle-list"), lambda: grow(18, 2), django_assert_num_queries
    )
