"""The huddles pages: who sees what, bounded queries, notes search and export, the home panel."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from huddles import services
from huddles.models import Huddle, Meeting
from playbook import clock
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SEE = {"member": 200, "lead": 200, "leader": 200, "admin": 200, "sibling_member": 404, "outsider": 404}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


PAGES = [
    ("huddle", lambda h, m: f"/huddles/{h.pk}/", SEE),
    ("edit", lambda h, m: f"/huddles/{h.pk}/edit/", {**SEE, "member": 403}),
    ("notes", lambda h, m: f"/huddles/{h.pk}/notes/", SEE),
    ("markdown", lambda h, m: f"/huddles/{h.pk}/notes.md", SEE),
    ("meeting", lambda h, m: f"/huddles/meetings/{m.pk}/", SEE),
    ("poll", lambda h, m: f"/huddles/meetings/{m.pk}/entries/?after=0", SEE),
]


@pytest.mark.parametrize("persona", list(SEE))
@pytest.mark.parametrize(("name", "path", "table"), PAGES, ids=[p[0] for p in PAGES])
def test_page_permission_table(personas, huddle, meeting, persona, name, path, table):
    response = client_for(getattr(personas, persona)).get(path(huddle, meeting))
    assert response.status_code == table[persona]


def test_another_teams_meeting_by_id_is_a_404_for_writes_too(personas, meeting):
    client = client_for(personas.sibling_member)
    assert client.post(f"/huddles/meetings/{meeting.pk}/entries/new/", {"text": "x"}).status_code == 404
    assert client.post(f"/huddles/meetings/{meeting.pk}/close/").status_code == 404


def test_a_lead_sets_up_a_huddle_and_a_refused_form_keeps_what_was_typed(personas):
    client = client_for(personas.lead)
    response = client.post(
        "/huddles/new/", {"team": personas.team_a.pk, "name": "Stand-up", "place": "Library"}
    )
    assert response.status_code == 400
    assert 'value="Library"' in response.content.decode()
    response = client.post(
        "/huddles/new/",
        {
            "team": personas.team_a.pk,
            "name": "Stand-up",
            "starts_at": "08:30",
            "weekdays": ["0", "3"],
            "duration_minutes": 15,
            "agenda": "Check-in\nActions",
            "questions": "What did we learn?",
        },
    )
    huddle = Huddle.objects.get(name="Stand-up")
    assert response.status_code == 302
    assert (huddle.weekdays, huddle.agenda) == ([0, 3], ["Check-in", "Actions"])


def test_the_poll_returns_only_new_entries_and_the_next_poller(personas, meeting):
    first = services.add_entry(meeting=meeting, by=personas.member, text="old news")
    second = services.add_entry(meeting=meeting, by=personas.lead, text="fresh news")
    body = (
        client_for(personas.member).get(f"/huddles/meetings/{meeting.pk}/entries/?after={first.pk}").content
    )
    body = body.decode()
    assert "fresh news" in body and "old news" not in body
    assert f"?after={second.pk}" in body and 'hx-trigger="every 2s' in body


def test_the_notes_page_searches_across_meetings(personas, huddle, meeting):
    services.add_entry(meeting=meeting, by=personas.member, text="Phonics groups helped")
    with clock.frozen_at(datetime(2026, 3, 4, 8, 30, tzinfo=UTC)):
        later = services.start_meeting(huddle=huddle, by=personas.lead)
    services.add_entry(meeting=later, by=personas.member, text="Lunch queue too long")
    body = client_for(personas.member).get(f"/huddles/{huddle.pk}/notes/?q=phonics").content.decode()
    assert "Phonics groups helped" in body and "Lunch queue" not in body


def test_the_notes_export_as_markdown(personas, huddle, meeting):
    services.add_entry(meeting=meeting, by=personas.member, text="We agreed to trial it", kind="decision")
    response = client_for(personas.member).get(f"/huddles/{huddle.pk}/notes.md")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert text.startswith("# Morning huddle — running notes")
    assert "**Decision:** We agreed to trial it" in text


def test_owners_see_their_action_items_on_the_home_page(personas, meeting):
    services.add_action_item(
        meeting=meeting, by=personas.lead, text="Ring the library", owner=personas.member
    )
    body = client_for(personas.member).get("/").content.decode()
    assert 'data-testid="panel-actions"' in body and "Ring the library" in body
    assert "Ring the library" not in client_for(personas.lead).get("/").content.decode()


def test_a_version_conflict_on_the_page_says_so_and_keeps_the_editors_text(personas, meeting):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Original")
    services.edit_entry(entry=entry, by=personas.lead, text="Lead's version", version=1)
    response = client_for(personas.member).post(
        f"/huddles/entries/{entry.pk}/edit/", {"text": "Mine", "version": 1}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "changed this entry while you were editing" in body and "Lead&#x27;s version" in body
    assert "\nMine</textarea>" in body


def test_raising_a_note_as_a_flag_shows_its_status_on_the_meeting(personas, meeting):
    entry = services.add_entry(meeting=meeting, by=personas.member, text="Printer broken again")
    client = client_for(personas.member)
    client.post(f"/huddles/entries/{entry.pk}/flag/")
    body = client.get(f"/huddles/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="entry-flag-status"' in body and "Flag: Open" in body


def test_no_page_shows_another_persons_pulse(personas, huddle, meeting):
    services.record_pulse(meeting=meeting, by=personas.member, score=1, word="drained")
    for path in (f"/huddles/{huddle.pk}/", f"/huddles/meetings/{meeting.pk}/"):
        assert "drained" not in client_for(personas.lead).get(path).content.decode()
    assert "drained" in client_for(personas.member).get(f"/huddles/meetings/{meeting.pk}/").content.decode()


def grow(personas, huddle, meeting, n, start=0):
    """n more people, entries, action items and earlier meetings with open items."""
    for i in range(start, start + n):
        person = UserFactory(network=personas.network)
        MembershipFactory(user=person, team=personas.team_a)
        services.add_entry(meeting=meeting, by=person, text=f"note {i}")
        services.add_action_item(meeting=meeting, by=personas.lead, text=f"item {i}", owner=person)
        services.record_pulse(meeting=meeting, by=person, score=3)
        meeting.attendees.add(person)
        with clock.frozen_at(datetime(2026, 2, 1, 8, 0, tzinfo=UTC) + timedelta(days=i)):
            earlier = services.start_meeting(huddle=huddle, by=personas.lead)
        item = services.add_action_item(meeting=earlier, by=personas.lead, text=f"old {i}", owner=person)
        services.escalate_action_item(item=item, by=personas.lead)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["meeting", "huddle", "list", "notes"])
def test_pages_ask_the_same_number_of_queries_for_small_and_large_data(personas, huddle, meeting, path):
    url = {
        "meeting": f"/huddles/meetings/{meeting.pk}/",
        "huddle": f"/huddles/{huddle.pk}/",
        "list": "/huddles/",
        "notes": f"/huddles/{huddle.pk}/notes/",
    }[path]
    client = client_for(personas.member)
    grow(personas, huddle, meeting, 2)
    small = count_queries(client, url)
    grow(personas, huddle, meeting, 20, start=2)
    for i in range(10):
        services.create_huddle(team=personas.team_a, by=personas.lead, name=f"H{i}", starts_at=time(9))
    large = count_queries(client, url)
    assert small == large
    assert large <= 25


def test_closing_the_meeting_locks_it(personas, meeting):
    client = client_for(personas.member)
    client.post(f"/huddles/meetings/{meeting.pk}/close/")
    assert Meeting.objects.get(pk=meeting.pk).is_closed
    response = client.post(
        f"/huddles/meetings/{meeting.pk}/entries/new/",
        {"text": "late"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 409


def test_the_huddle_list_narrows_to_one_team_from_a_panel_link(personas):
    for team in (personas.team_a, personas.team_b):
        Huddle.objects.create(
            network=team.network, team=team, name=f"{team.name} huddle", starts_at=time(8, 30),
            created_by=personas.leader,
        )  # fmt: skip

    response = client_for(personas.leader).get("/huddles/", {"team": personas.team_b.pk})

    assert [h.name for h in response.context["huddles"]] == ["Team B huddle"]
    assert "Showing the huddles of <strong>Team B</strong>" in response.content.decode()


def test_a_team_one_may_not_see_leaves_the_huddle_list_whole_and_says_so(personas):
    Huddle.objects.create(
        network=personas.team_a.network, team=personas.team_a, name="A huddle", starts_at=time(8, 30),
        created_by=personas.lead,
    )  # fmt: skip

    response = client_for(personas.lead).get("/huddles/", {"team": personas.team_c.pk})

    assert [h.name for h in response.context["huddles"]] == ["A huddle"]
    assert "not one you can see" in response.content.decode()
