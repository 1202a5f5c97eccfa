"""The cycle list and the API's list at a district's scale (issue 15): pages by position in the list's
own order, no count of every cycle, filter selects that ship a few options and search as you type,
and a main query that PostgreSQL answers from an index rather than by reading every cycle."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles import forms, selectors, services
from cycles.models import Cycle
from playbook import clock
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan
from tests.support.queries import assert_same_queries_after
from theory.services import create_change_idea

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)
FROZEN = datetime(2026, 3, 1, tzinfo=UTC)


def many_cycles(world, n, team=None):
    """``n`` cycles of every kind the list orders apart: overdue, open, finished, undated; in one insert."""
    stages = ["planning", "doing", "studying", "acting", "complete", "abandoned", "complete"]
    cycles = []
    for i in range(n):
        stage = stages[i % len(stages)]
        ends_on = None if i % 11 == 0 else TODAY + timedelta(days=(i * 7) % 41 - 20)
        cycles.append(
            Cycle(
                team=team or world.team_a,
                owner=world.member,
                title=f"Cycle {i}",
                stage=stage,
                ends_on=ends_on,
                predictions_frozen_at=None if stage in ("planning", "abandoned") else FROZEN,
            )
        )
    Cycle.objects.bulk_create(cycles)
    # Ties on the end date and on the moment of creation, as a bulk import makes them.
    Cycle.objects.filter(pk__in=[c.pk for c in cycles[::3]]).update(created_at=NOW)


def walk(user, cycles, size, **start):
    pages, page = [], selectors.list_page(user, cycles, TODAY, size=size, **start)
    while True:
        pages.append(page)
        if page.older is None:
            return pages
        page = selectors.list_page(user, cycles, TODAY, after=page.older, size=size)


def test_paging_forward_and_back_gives_the_list_order_exactly(world):
    many_cycles(world, 60)
    cycles = selectors.filtered_cycles(world.leader, selectors.CycleFilters(), TODAY)
    expected = list(selectors.list_order(cycles, TODAY).values_list("pk", flat=True))

    pages = walk(world.leader, cycles, size=7)
    assert [c.pk for page in pages for c in page] == expected
    assert pages[0].newer is None and all(page.newer for page in pages[1:])

    back, page = [], pages[-1]
    while page.newer is not None:
        page = selectors.list_page(world.leader, cycles, TODAY, before=page.newer, size=7)
        back = [c.pk for c in page] + back
    assert back == expected[: len(back)] and len(back) == len(expected) - len(pages[-1])


def test_paging_follows_the_filters(world):
    many_cycles(world, 40)
    filters = selectors.CycleFilters(stage="open")
    cycles = selectors.filtered_cycles(world.member, filters, TODAY)
    expected = list(selectors.list_order(cycles, TODAY).values_list("pk", flat=True))
    assert [c.pk for page in walk(world.member, cycles, size=5) for c in page] == expected


def test_the_list_page_links_to_the_next_page_by_position_and_counts_no_cycles(world):
    many_cycles(world, 55)
    client = page_as(world.leader)
    with clock.frozen_at(NOW), CaptureQueriesContext(connection) as captured:
        first = client.get(reverse("cycle-list"), {"stage": ""})
    assert not [
        q["sql"] for q in captured if q["sql"].startswith("SELECT COUNT(*)") and "cycles_cycle" in q["sql"]
    ]
    page = first.context["page"]
    assert len(page) == 50 and page.newer is None
    html = first.content.decode()
    assert f"after={page.older}" in html and 'rel="next"' in html

    with clock.frozen_at(NOW):
        second = client.get(reverse("cycle-list"), {"after": page.older})
    rest = second.context["page"]
    assert len(rest) == 5 and rest.older is None and rest.newer == rest.object_list[0].pk
    assert {c.pk for c in page} | {c.pk for c in rest} == set(Cycle.objects.values_list("pk", flat=True))


def test_a_cursor_to_a_cycle_one_may_not_see_starts_from_the_top(world):
    theirs = make_plan(
        world, title="Team B's", team=world.team_b, by=world.leader, focus_area=None, change_idea=None,
        predictions=[services.PredictionInput("Pupils will say they enjoy it.")],
    )  # fmt: skip
    make_plan(world, title="Ours")
    response = page_as(world.member).get(reverse("cycle-list"), {"after": theirs.pk})
    assert [c.title for c in response.context["page"]] == ["Ours"]


def test_the_list_and_the_api_ask_the_same_queries_for_a_page_as_for_a_few(world, django_assert_num_queries):
    many_cycles(world, 5)
    assert_same_queries_after(
        page_as(world.leader),
        reverse("cycle-list"),
        lambda: many_cycles(world, 120),
        django_assert_num_queries,
    )
    assert_same_queries_after(
        api_as(world.leader), "/api/v1/cycles/", lambda: many_cycles(world, 120), django_assert_num_queries
    )


def test_the_list_shows_each_cycles_collaborators_by_name(world):
    make_plan(world, title="With help", collaborators=[world.lead])
    html = page_as(world.member).get(reverse("cycle-list")).content.decode()
    assert f"with {world.lead.display_name}" in html


# --- Filters that search as you type --------------------------------------------------------------------


def options_of(html, name):
    select = html[html.index(f'<select name="{name}"') :]
    return select[: select.index("</select>")].count("<option")


def test_a_filter_among_many_ships_a_few_options_and_finds_the_others(world):
    for i in range(40):
        create_change_idea(focus_area=world.focus_area, by=world.lead, title=f"Idea {i:02d}")
    client = page_as(world.member)

    html = client.get(reverse("cycle-list")).content.decode()
    assert options_of(html, "change_idea") == forms.SHOWN_OPTIONS + 1  # and "Any"
    assert 'name="change_idea_find"' in html and "Type a few letters" in html

    found = client.get(reverse("cycle-filter-options", args=["change_idea"]), {"change_idea_find": "idea 3"})
    assert found.status_code == 200
    text = found.content.decode()
    assert text.count("<option") == 11 and "Idea 39" in text and "Idea 29" not in text
    assert "10 found." in text


def test_the_chosen_option_stays_among_the_found_ones(world):
    ideas = [
        create_change_idea(focus_area=world.focus_area, by=world.lead, title=f"Idea {i:02d}")
        for i in range(40)
    ]
    chosen = ideas[39]
    html = page_as(world.member).get(reverse("cycle-list"), {"change_idea": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html

    found = page_as(world.member).get(
        reverse("cycle-filter-options", args=["change_idea"]),
        {"change_idea": chosen.pk, "change_idea_find": "idea 0"},
    )
    assert f'<option value="{chosen.pk}" selected>' in found.content.decode()


def test_without_javascript_the_typed_text_comes_back_as_the_options(world):
    for i in range(40):
        create_change_idea(focus_area=world.focus_area, by=world.lead, title=f"Idea {i:02d}")
    response = page_as(world.member).get(reverse("cycle-list"), {"change_idea_find": "idea 1"})
    html = response.content.decode()
    assert options_of(html, "change_idea") == 11 and '<details class="card filter-fold" open>' in html
    assert not response.context["filtered"]  # searching for options filters nothing yet


def test_the_search_finds_only_what_the_person_may_see(world):
    found = page_as(world.sibling_member).get(
        reverse("cycle-filter-options", args=["focus_area"]), {"focus_area_find": "reading"}
    )
    assert world.focus_area.title not in found.content.decode()
    assert page_as(world.member).get(reverse("cycle-filter-options", args=["owner"])).status_code == 404


# --- The planner reads an index -------------------------------------------------------------------------


def reads_every_cycle(plan: str) -> bool:
    return re.search(r"Seq Scan on cycles_cycle\b(?!_)", plan) is not None


@pytest.fixture
def district(world):
    """Enough cycles for the planner to prefer an index, and fresh statistics for it to know so."""
    many_cycles(world, 2500)
    many_cycles(world, 2500, team=world.team_b)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # every table: the plan joins the teams and the collaborators too
    return world


def test_the_cycle_lists_main_query_reads_the_order_indexes(district):
    cycles = selectors.filtered_cycles(district.leader, selectors.CycleFilters(), TODAY)
    plan = selectors.page_ids(cycles, TODAY).explain()
    assert not reads_every_cycle(plan), plan
    assert "cycle_open_order_idx" in plan and "cycle_list_order_idx" in plan, plan


def test_a_later_page_reads_the_indexes_too(district):
    cycles = selectors.filtered_cycles(district.leader, selectors.CycleFilters(), TODAY)
    key = selectors.list_page(district.leader, cycles, TODAY, size=50).object_list[-1]
    plan = selectors.page_ids(cycles, TODAY, key=key).explain()
    assert not reads_every_cycle(plan), plan


def test_the_api_lists_newest_first_from_an_index(district):
    visible = selectors.filtered_cycles(district.leader, selectors.CycleFilters(), TODAY)
    plan = selectors.list_rows(visible).order_by("-created_at", "-pk")[:51].explain()
    assert not reads_every_cycle(plan) and "cycle_newest_idx" in plan, plan


def test_the_open_index_names_the_open_stages():
    index = next(i for i in Cycle._meta.indexes if i.name == "cycle_open_order_idx")
    assert dict(index.condition.children)["stage__in"] == list(Cycle.OPEN_STAGES)


# --- The API -------------------------------------------------------------------------------------------


def test_the_api_pages_by_cursor_with_its_documented_fields(world):
    many_cycles(world, 7)
    client = api_as(world.member)
    body = client.get("/api/v1/cycles/", {"page_size": 3}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 7 and body["previous"] is None
    seen = [c["id"] for c in body["results"]]
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [c["id"] for c in body["results"]]
    assert seen == list(Cycle.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))


def test_page_numbers_still_answer_as_before(world):
    many_cycles(world, 7)
    body = api_as(world.member).get("/api/v1/cycles/", {"page": 2, "page_size": 3}).json()
    assert body["count"] == 7 and "page=3" in body["next"] and "page_size=3" in body["previous"]
    expected = list(Cycle.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))[3:6]
    assert [c["id"] for c in body["results"]] == expected


def test_past_the_bound_the_count_is_null_not_a_guess(world, monkeypatch):
    from cycles.api import CyclePages

    monkeypatch.setattr(CyclePages, "COUNT_UP_TO", 4)
    many_cycles(world, 5)
    assert api_as(world.member).get("/api/v1/cycles/").json()["count"] is None
    many_cycles(world, 0)
    assert api_as(world.member).get("/api/v1/cycles/", {"stage": "doing"}).json()["count"] == 1
