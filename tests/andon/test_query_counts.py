"""The record of learnings, filtered to flags, asks as many queries for many resolved flags as for a
few (the dashboard's own count test is in test_pages.py)."""

import pytest
from django.urls import reverse

from andon import services
from playbook import clock
from tests.support.andon import MONDAY_10, at, raise_at
from tests.support.clients import page_as
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def grow_learning(personas, n, start=0):
    for i in range(start, start + n):
        team, by = [(personas.team_a, personas.member), (personas.team_b, personas.sibling_member)][i % 2]
        flag = raise_at(MONDAY_10, by=by, team=team, title=f"Flag {i}")
        with clock.frozen_at(at(2, 12)):
            services.resolve_flag(
                flag=flag, by=personas.leader, resolution=f"Fixed {i}", learning=f"Learned {i}"
            )


def test_the_learning_page_asks_the_same_queries_for_2_flags_as_for_20(personas, django_assert_num_queries):
    grow_learning(personas, 2)
    assert_same_queries_after(
        page_as(personas.leader),
        reverse("learnings") + "?kind=flag",
        lambda: grow_learning(personas, 18, 2),
        django_assert_num_queries,
    )
