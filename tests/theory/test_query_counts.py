"""Theory pages ask as many queries for a big theory as for a small one."""

import pytest
from django.urls import reverse

from tests.support.clients import page_as
from tests.support.factories import FocusAreaFactory
from tests.support.queries import assert_same_queries_after
from theory import services

pytestmark = pytest.mark.django_db


def focus_area_of(personas, title="Reading fluency"):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead, title=title)


def grow_diagram(focus_area, by, n, start=0):
    for i in range(start, start + n):
        primary = services.add_driver(focus_area=focus_area, by=by, kind="primary", text=f"Primary {i}")
        secondary = services.add_driver(focus_area=focus_area, by=by, kind="secondary", text=f"Secondary {i}")
        services.link_drivers(primary=primary, secondary=secondary, by=by)
        services.create_change_idea(focus_area=focus_area, by=by, title=f"Idea {i}", drivers=[secondary])


def grow_fishbone(fishbone, by, n, start=0):
    for i in range(start, start + n):
        category = services.add_category(fishbone=fishbone, by=by, name=f"Category {i}")
        cause = services.add_cause(category=category, by=by, text=f"Cause {i}")
        services.add_cause(category=category, by=by, text=f"Deeper {i}", parent=cause)
        services.vote(cause=cause, by=by)


def grow_whys(focus_area, by, n, start=0):
    for i in range(start, start + n):
        analysis = services.start_why_analysis(focus_area=focus_area, by=by, problem=f"Problem {i}")
        chain = services.add_why_chain(analysis=analysis, by=by, why=f"Why {i}?", because=f"Because {i}")
        services.add_why_step(chain=chain, by=by, why="And why?", because="Deeper")


def test_the_theory_index_asks_the_same_queries_for_2_focus_areas_as_for_20(
    personas, django_assert_num_queries
):
    def grow(n, start=0):
        for i in range(start, start + n):
            grow_diagram(focus_area_of(personas, f"Area {i}"), personas.lead, 1)

    grow(2)
    assert_same_queries_after(
        page_as(personas.lead), reverse("theory-index"), lambda: grow(18, 2), django_assert_num_queries
    )


def test_the_driver_diagram_asks_the_same_queries_for_2_drivers_as_for_20(
    personas, django_assert_num_queries
):
    focus_area = focus_area_of(personas)
    grow_diagram(focus_area, personas.lead, 2)
    assert_same_queries_after(
        page_as(personas.lead),
        reverse("theory-drivers", kwargs={"pk": focus_area.pk}),
        lambda: grow_diagram(focus_area, personas.lead, 18, 2),
        django_assert_num_queries,
    )


def test_the_fishbone_asks_the_same_queries_for_2_categories_as_for_20(personas, django_assert_num_queries):
    focus_area = focus_area_of(personas)
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    grow_fishbone(fishbone, personas.lead, 2)
    assert_same_queries_after(
        page_as(personas.lead),
        reverse("theory-fishbone", kwargs={"pk": focus_area.pk}),
        lambda: grow_fishbone(fishbone, personas.lead, 18, 2),
        django_assert_num_queries,
    )


def test_the_whys_page_asks_the_same_queries_for_2_analyses_as_for_20(personas, django_assert_num_queries):
    focus_area = focus_area_of(personas)
    grow_whys(focus_area, personas.lead, 2)
    assert_same_queries_after(
        page_as(personas.lead),
        reverse("theory-whys", kwargs={"pk": focus_area.pk}),
        lambda: grow_whys(focus_area, personas.lead, 18, 2),
        django_assert_num_queries,
    )


def test_the_story_page_asks_the_same_queries_for_2_ideas_and_cycles_as_for_20(
    personas, django_assert_num_queries
):
    from tests.support.factories import MeasureFactory
    from tests.support.theory import make_cycle
    from theory.models import ChangeIdea

    focus_area = focus_area_of(personas)
    MeasureFactory(focus_area=focus_area)

    def grow(n, start=0):
        grow_diagram(focus_area, personas.lead, n, start)
        for idea in ChangeIdea.objects.filter(focus_area=focus_area, cycles__isnull=True):
            make_cycle(idea, personas.member)

    grow(2)
    assert_same_queries_after(
        page_as(personas.member),
        reverse("focus-area-story", kwargs={"pk": focus_area.pk}),
        lambda: grow(18, 2),
        django_assert_num_queries,
    )
