"""Raising an andon flag from a cycle's page: the flag is linked to its cycle (kept by cycles, told to
andon through andon.sources), the cycle shows its flags, and the old Flag.cycle column's values survive
the move into the links."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from andon.models import Flag
from andon.services import escalate_flag, raise_flag
from cycles.models import CycleFlag
from huddles import services as huddles
from huddles.models import MeetingFlag
from playbook import clock
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, make_world

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "No cover for the reading pairs",
    "description": "Supply cover did not come on Tuesday and Thursday.",
    "severity": "high",
    "category": "resources",
}


def _raise(client, cycle, data=GOOD):
    return client.post(reverse("cycle-flags", args=[cycle.pk]), data)


def _panel(client, cycle):
    return client.get(reverse("cycle-flags", args=[cycle.pk]))


def test_raising_from_the_cycle_page_links_the_flag_to_the_cycle(world, plan):
    response = _raise(page_as(world.member), plan)
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url() + "#flags"
    flag = Flag.objects.get()
    assert (flag.title, flag.team, flag.focus_area, flag.severity) == (
        GOOD["title"],
        world.team_a,
        world.focus_area,
        "high",
    )
    assert CycleFlag.objects.get(flag=flag).cycle == plan


def test_the_flag_page_says_which_cycle_it_came_from_with_a_link(world, plan):
    _raise(page_as(world.member), plan)
    flag = Flag.objects.get()
    page = page_as(world.lead).get(flag.get_absolute_url()).content.decode()
    assert f'from cycle <a href="{plan.get_absolute_url()}">{plan.title}</a>' in page


def test_the_cycle_page_shows_its_flags(world, plan):
    _raise(page_as(world.member), plan)
    client = page_as(world.lead)
    cycle_page = client.get(plan.get_absolute_url()).content.decode()
    assert GOOD["title"] in cycle_page
    assert Flag.objects.get().get_absolute_url() in cycle_page
    panel = _panel(client, plan)
    assert panel.status_code == 200 and GOOD["title"] in panel.content.decode()


def test_the_cycles_flag_stays_with_its_team_after_it_climbs(world, plan):
    _raise(page_as(world.lead), plan)
    flag = Flag.objects.get()
    escalate_flag(flag=flag, by=world.lead, reason="Beyond the team")  # now held by Cluster A
    # DESIGN.md §4: every team that held a flag keeps seeing it (Team A raised it).
    assert GOOD["title"] in _panel(page_as(world.member), plan).content.decode()
    assert GOOD["title"] in _panel(page_as(world.leader), plan).content.decode()


def test_a_sibling_team_member_cannot_raise_a_flag_for_the_cycle(world, plan):
    assert _raise(page_as(world.sibling_member), plan).status_code == 404
    assert _panel(page_as(world.sibling_member), plan).status_code == 404
    assert not Flag.objects.exists()


def test_someone_from_another_network_cannot_raise_a_flag_for_the_cycle(world, plan):
    assert _raise(page_as(world.outsider), plan).status_code == 404
    assert not Flag.objects.exists()


def test_bad_input_shows_a_form_error_and_saves_no_flag(world, plan):
    response = _raise(page_as(world.member), plan, {**GOOD, "title": "", "severity": "panic"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="cycle-flag-form"' in body and "This field is required." in body
    assert "Select a valid choice." in body
    assert not Flag.objects.exists() and not CycleFlag.objects.exists()


def test_a_collaborator_from_another_team_sees_the_flags_but_may_not_raise_one(world):
    cycle = make_plan(world, by=world.leader, collaborators=[world.sibling_member])
    client = page_as(world.sibling_member)
    panel = _panel(client, cycle)
    assert panel.status_code == 200 and 'data-testid="cycle-flag-form"' not in panel.content.decode()
    assert _raise(client, cycle).status_code == 403
    assert not Flag.objects.exists()


def test_the_api_keeps_naming_the_cycle_a_flag_came_from(world, plan):
    _raise(page_as(world.member), plan)
    flag = Flag.objects.get()
    body = api_as(world.member).get(f"/api/v1/flags/{flag.pk}/").json()
    assert (body["cycle_id"], body["meeting_id"]) == (plan.pk, None)
    listed = api_as(world.member).get("/api/v1/flags/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [(r["id"], r["cycle_id"]) for r in rows] == [(flag.pk, plan.pk)]


def test_the_flags_panel_asks_the_same_queries_for_one_flag_or_many(world, plan, django_assert_num_queries):
    client = page_as(world.member)
    _raise(client, plan)
    _panel(client, plan)  # warm the session and the permission cache
    with CaptureQueriesContext(connection) as one:
        _panel(client, plan)
    queries = len(one.captured_queries)  # now: each request empties the connection's query log
    for n in range(4):
        _raise(client, plan, {**GOOD, "title": f"Another {n}"})
    with django_assert_num_queries(queries):
        _panel(client, plan)


# --- The old columns move into the links ---------------------------------------------------------------

BEFORE = [
    ("andon", "0003_focus_areas_live_in_measures"),
    ("cycles", "0002_focus_areas_live_in_measures"),
    ("huddles", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_migrations_copy_flag_cycle_and_meeting_into_the_links(personas):
    world = make_world(personas)
    cycle = make_plan(world)
    huddle = huddles.create_huddle(
        team=world.team_a, by=world.lead, name="Morning", starts_at=datetime(2026, 3, 2, 8, 30).time()
    )
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        meeting = huddles.start_meeting(huddle=huddle, by=world.lead)
    # Raised through today's models, before the schema goes back: they know today's columns only.
    flags = [
        raise_flag(team=world.team_a, by=world.member, title=t, description="Something is wrong.")
        for t in ("From the cycle", "From the meeting", "From nowhere")
    ]
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE andon_flag SET cycle_id = %s WHERE id = %s", [cycle.pk, flags[0].pk])
            cursor.execute("UPDATE andon_flag SET meeting_id = %s WHERE id = %s", [meeting.pk, flags[1].pk])

        _migrate(_leaves())
        assert list(CycleFlag.objects.values_list("flag_id", "cycle_id")) == [(flags[0].pk, cycle.pk)]
        assert list(MeetingFlag.objects.values_list("flag_id", "meeting_id")) == [(flags[1].pk, meeting.pk)]
        columns = [
            c.name for c in connection.introspection.get_table_description(connection.cursor(), "andon_flag")
        ]
        assert "cycle_id" not in columns and "meeting_id" not in columns

        _migrate(BEFORE)  # and back: the links return to the columns
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, cycle_id, meeting_id FROM andon_flag ORDER BY id")
            assert cursor.fetchall() == [
                (flags[0].pk, cycle.pk, None),
                (flags[1].pk, None, meeting.pk),
                (flags[2].pk, None, None),
            ]
    finally:
        _migrate(_leaves())
