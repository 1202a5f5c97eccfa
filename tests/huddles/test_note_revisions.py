"""Anyone at a meeting may edit anyone's note entry; the earlier text is kept, and who edited it is said."""

from datetime import UTC, datetime

import pytest

from huddles import services
from huddles.models import NoteEntry, NoteEntryRevision
from playbook import clock
from tests.support.clients import api_as, page_as

pytestmark = pytest.mark.django_db

WRITTEN = datetime(2026, 3, 2, 8, 35, tzinfo=UTC)
EDITED = datetime(2026, 3, 2, 8, 40, tzinfo=UTC)


@pytest.fixture
def entry(meeting, personas):
    with clock.frozen_at(WRITTEN):
        return services.add_entry(meeting=meeting, by=personas.member, text="We agreed on Friday.")


def test_an_edit_of_someone_elses_entry_keeps_their_text_and_says_who_edited(entry, personas):
    with clock.frozen_at(EDITED):
        services.edit_entry(entry=entry, by=personas.lead, text="We agreed on Thursday.", version=1)

    entry = NoteEntry.objects.get(pk=entry.pk)
    assert (entry.text, entry.version, entry.updated_by) == ("We agreed on Thursday.", 2, personas.lead)
    kept = NoteEntryRevision.objects.get(entry=entry)
    assert (kept.version, kept.text, kept.edited_by, kept.edited_at) == (
        1,
        "We agreed on Friday.",
        personas.member,
        WRITTEN,
    )


def test_every_earlier_version_is_kept_with_the_person_who_wrote_it(entry, personas):
    services.edit_entry(entry=entry, by=personas.lead, text="Thursday.", version=1)
    services.edit_entry(entry=entry, by=personas.member, text="Thursday, after lunch.", version=2)
    kept = NoteEntryRevision.objects.filter(entry=entry).order_by("version")
    assert [(r.version, r.text, r.edited_by.username) for r in kept] == [
        (1, "We agreed on Friday.", "member"),
        (2, "Thursday.", "lead"),
    ]


def test_saving_the_same_text_keeps_no_revision(entry, personas):
    services.edit_entry(entry=entry, by=personas.lead, text="We agreed on Friday.", version=1)
    assert not NoteEntryRevision.objects.exists()


def test_a_refused_stale_edit_keeps_no_revision(entry, personas):
    services.edit_entry(entry=entry, by=personas.lead, text="Thursday.", version=1)
    with pytest.raises(services.VersionConflict):
        services.edit_entry(entry=entry, by=personas.member, text="Monday.", version=1)
    assert NoteEntryRevision.objects.filter(entry=entry).count() == 1


def test_the_api_exposes_who_edited_an_entry_and_its_earlier_versions(entry, personas):
    client = api_as(personas.lead)
    assert client.get(f"/api/v1/note-entries/{entry.pk}/").json()["edited_by"] is None

    with clock.frozen_at(EDITED):
        edited = client.patch(f"/api/v1/note-entries/{entry.pk}/", {"text": "Thursday.", "version": 1})

    assert edited.status_code == 200
    body = edited.json()
    assert body["edited_by"]["username"] == "lead"
    assert body["edited_at"] == "2026-03-02T08:40:00Z"
    assert body["revisions"] == [
        {
            "version": 1,
            "text": "We agreed on Friday.",
            "edited_by": {
                "id": personas.member.pk,
                "username": "member",
                "name": personas.member.display_name,
            },
            "edited_at": "2026-03-02T08:35:00Z",
        }
    ]
    listed = api_as(personas.member).get(f"/api/v1/meetings/{entry.meeting_id}/entries/").json()
    assert [r["text"] for r in listed[0]["revisions"]] == ["We agreed on Friday."]


def test_the_meeting_page_says_who_edited_an_entry_and_shows_the_earlier_text(entry, personas):
    page_as(personas.lead).post(f"/huddles/entries/{entry.pk}/edit/", {"text": "Thursday.", "version": 1})

    page = page_as(personas.member).get(f"/huddles/meetings/{entry.meeting_id}/").content.decode()
    assert "edited by" in page and personas.lead.display_name in page
    assert 'data-testid="entry-revisions"' in page
    assert "We agreed on Friday." in page


def test_an_entry_nobody_edited_says_nothing_about_edits(entry, personas):
    page = page_as(personas.member).get(f"/huddles/meetings/{entry.meeting_id}/").content.decode()
    assert 'data-testid="entry-edited"' not in page
    assert 'data-testid="entry-revisions"' not in page
