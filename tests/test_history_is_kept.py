"""Records of what happened are archived, never deleted; people who leave are deactivated (issue 12).

Through the real admin as a superuser, the real API and the real pages: the admin refuses every delete
and says what to do instead, an archived record leaves lists, pages, the API and charts and comes back
when restored, and a deactivated person's votes and pulse answers still count.
"""

from datetime import UTC, date, datetime, time

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from andon.models import Flag, FlagEvent
from cycles.models import CycleEvent
from huddles import selectors as huddle_selectors
from huddles import services as huddles
from huddles.models import Meeting, NoteEntry
from measures import rebuild
from measures.data_input import PointInput
from measures.models import DataPoint
from measures.services import data
from playbook import clock
from playbook.models import User
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import MembershipFactory, UserFactory
from theory.services import fishbone as fishbones

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return make_world(personas)


@pytest.fixture
def root(personas):
    """Django's superuser, who runs /admin/."""
    return UserFactory(username="root", is_staff=True, is_superuser=True, network=personas.network)


@pytest.fixture
def admin_page(root):
    return page_as(root)


@pytest.fixture
def huddle(world):
    return huddles.create_huddle(
        team=world.team_a, by=world.lead, name="Morning huddle", starts_at=time(8, 30), weekdays=[0]
    )


@pytest.fixture
def meeting(huddle, world):
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        return huddles.start_meeting(huddle=huddle, by=world.lead)


@pytest.fixture
def entry(meeting, world):
    return huddles.add_entry(meeting=meeting, by=world.member, text="Reading corner is working.")


@pytest.fixture
def flag(world):
    return raise_at(MONDAY_10, by=world.member, team=world.team_a)


@pytest.fixture
def cycle(world):
    return run_to(make_plan(world), "doing", world.member)


@pytest.fixture
def point(world):
    return data.record_point(
        measure=world.measure, by=world.member, point=PointInput(date(2026, 1, 5), 41.0, None, None)
    )


RECORDS = {
    # name: (fixture, admin path)
    "meeting": ("meeting", "huddles/meeting"),
    "note entry": ("entry", "huddles/noteentry"),
    "flag": ("flag", "andon/flag"),
    "cycle": ("cycle", "cycles/cycle"),
    "data point": ("point", "measures/datapoint"),
}


def _record(request, name):
    fixture, path = RECORDS[name]
    return request.getfixturevalue(fixture), path


def _exists(record) -> bool:
    return type(record).all_objects.filter(pk=record.pk).exists()


def _archive_in_admin(admin_page, path, record, action="archive_selected"):
    return admin_page.post(
        f"/admin/{path}/", {"action": action, "_selected_action": [record.pk]}, follow=True
    )


# --- The admin refuses to delete ---------------------------------------------------------------------


@pytest.mark.parametrize("name", RECORDS)
def test_the_admin_refuses_to_delete_a_record_and_says_to_archive_it(request, admin_page, name):
    record, path = _record(request, name)
    for method in (admin_page.get, admin_page.post):
        response = method(f"/admin/{path}/{record.pk}/delete/", follow=True)
        assert response.redirect_chain[-1][0] == f"/admin/{path}/{record.pk}/change/"
        assert "archive it instead" in response.content.decode()
    assert _exists(record)


@pytest.mark.parametrize("name", RECORDS)
def test_the_admin_offers_no_delete_button_nor_bulk_delete(request, admin_page, name):
    record, path = _record(request, name)
    change = admin_page.get(f"/admin/{path}/{record.pk}/change/")
    assert change.status_code == 200
    assert "deletelink" not in change.content.decode()
    listing = admin_page.get(f"/admin/{path}/")
    assert 'value="delete_selected"' not in listing.content.decode()
    assert 'value="archive_selected"' in listing.content.decode()
    _archive_in_admin(admin_page, path, record, action="delete_selected")
    assert _exists(record)


def test_the_admin_refuses_to_delete_a_person_and_says_to_deactivate_them(admin_page, personas):
    response = admin_page.post(f"/admin/playbook/user/{personas.member.pk}/delete/", follow=True)
    assert "deactivate them instead" in response.content.decode()
    assert User.objects.filter(pk=personas.member.pk).exists()
    listing = admin_page.get("/admin/playbook/user/")
    assert 'value="delete_selected"' not in listing.content.decode()
    assert 'value="deactivate_selected"' in listing.content.decode()


# --- What history points at cannot be deleted from under it ---------------------------------------------


@pytest.mark.parametrize("name", RECORDS)
def test_a_record_with_history_cannot_be_deleted_even_by_code(request, name, world):
    record, _ = _record(request, name)
    if name == "data point":  # a correction keeps a revision that points at the point
        data.record_point(
            measure=world.measure, by=world.member, point=PointInput(record.period, 42.0, None, None)
        )
    if name == "meeting":
        request.getfixturevalue("entry")
    if name == "note entry":  # an edit keeps the earlier text, pointing at the entry
        huddles.edit_entry(entry=record, by=world.lead, text="Reading corner works.", version=1)
    with pytest.raises(ProtectedError), transaction.atomic():
        record.delete()


def test_a_person_who_only_answered_the_pulse_cannot_be_deleted_even_by_code(world, huddle, meeting):
    quiet = UserFactory(username="quiet", network=world.network)
    MembershipFactory(user=quiet, team=world.team_a)
    huddles.record_pulse(meeting=meeting, by=quiet, score=4)

    with pytest.raises(ProtectedError), transaction.atomic():
        quiet.delete()
    assert [p.responses for p in huddle_selectors.pulse_series(huddle)] == [1]


# --- Archived records disappear everywhere, and restoring brings them back -----------------------------


def test_an_archived_meeting_leaves_the_api_the_page_and_the_running_notes(admin_page, meeting, entry, world):
    client, page = api_as(world.member), page_as(world.member)
    _archive_in_admin(admin_page, "huddles/meeting", meeting)

    assert Meeting.all_objects.get(pk=meeting.pk).archived_by.username == "root"
    assert meeting.pk not in [m["id"] for m in client.get("/api/v1/meetings/").json()["results"]]
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert page.get(f"/huddles/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/api/v1/note-entries/{entry.pk}/").status_code == 404
    assert client.get(f"/api/v1/huddles/{meeting.huddle_id}/notes/").json() == []
    assert NoteEntry.all_objects.filter(pk=entry.pk).exists()  # the notes went with it, not away

    _archive_in_admin(admin_page, "huddles/meeting", meeting, action="restore_selected")
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200
    assert [e["id"] for e in client.get(f"/api/v1/huddles/{meeting.huddle_id}/notes/").json()] == [entry.pk]


def test_an_archived_note_entry_leaves_its_meeting_until_restored(admin_page, meeting, entry, world):
    client = api_as(world.member)
    _archive_in_admin(admin_page, "huddles/noteentry", entry)
    assert client.get(f"/api/v1/meetings/{meeting.pk}/entries/").json() == []
    assert client.get(f"/api/v1/note-entries/{entry.pk}/").status_code == 404

    _archive_in_admin(admin_page, "huddles/noteentry", entry, action="restore_selected")
    assert [e["id"] for e in client.get(f"/api/v1/meetings/{meeting.pk}/entries/").json()] == [entry.pk]


def test_an_archived_flag_leaves_lists_and_pages_and_keeps_its_history(admin_page, flag, world):
    client = api_as(world.member)
    _archive_in_admin(admin_page, "andon/flag", flag)

    assert client.get("/api/v1/flags/").json()["results"] == []
    assert client.get(f"/api/v1/flags/{flag.pk}/").status_code == 404
    assert page_as(world.lead).get(f"/andon/flags/{flag.pk}/").status_code == 404
    kinds = list(FlagEvent.objects.filter(flag_id=flag.pk).values_list("kind", flat=True))
    assert kinds == ["raised", "archived"]

    _archive_in_admin(admin_page, "andon/flag", flag, action="restore_selected")
    assert [f["id"] for f in client.get("/api/v1/flags/").json()["results"]] == [flag.pk]
    assert FlagEvent.objects.filter(flag_id=flag.pk).count() == 3


def test_an_archived_flag_does_not_escalate(admin_page, flag):
    from tests.support.andon import escalate_at

    _archive_in_admin(admin_page, "andon/flag", flag)
    escalate_at(datetime(2026, 3, 20, 10, tzinfo=UTC))
    assert Flag.all_objects.get(pk=flag.pk).hold == 1


def test_an_archived_cycle_leaves_lists_pages_and_charts_until_restored(admin_page, cycle, world):
    client = api_as(world.member)
    _archive_in_admin(admin_page, "cycles/cycle", cycle)

    assert client.get("/api/v1/cycles/").json()["results"] == []
    assert client.get(f"/api/v1/cycles/{cycle.pk}/").status_code == 404
    assert page_as(world.member).get(f"/cycles/{cycle.pk}/").status_code == 404
    assert rebuild.rebuild(world.measure.pk).result["annotations"] == []

    _archive_in_admin(admin_page, "cycles/cycle", cycle, action="restore_selected")
    assert client.get(f"/api/v1/cycles/{cycle.pk}/").status_code == 200
    assert [m["cycle"] for m in rebuild.rebuild(world.measure.pk).result["annotations"]] == [cycle.pk]
    kinds = list(CycleEvent.objects.filter(cycle_id=cycle.pk).values_list("kind", flat=True))
    assert kinds[-2:] == ["archived", "restored"]


def test_deleting_a_data_point_in_the_api_archives_it_and_the_chart_drops_it(world, point):
    data.record_point(
        measure=world.measure, by=world.member, point=PointInput(date(2026, 1, 12), 44.0, None, None)
    )
    client = api_as(world.member)

    assert client.delete(f"/api/v1/data-points/{point.pk}/").status_code == 204

    kept = DataPoint.all_objects.get(pk=point.pk)
    assert kept.archived_at is not None and kept.archived_by_id == world.member.pk
    assert client.get(f"/api/v1/data-points/{point.pk}/").status_code == 404
    listed = client.get(f"/api/v1/measures/{world.measure.pk}/data/").json()["results"]
    assert [p["period"] for p in listed] == ["2026-01-12"]
    assert rebuild.rebuild(world.measure.pk).result["n"] == 1


def test_deleting_a_data_point_on_the_page_archives_it_and_frees_its_period(world, point):
    response = page_as(world.member).post(f"/focus/points/{point.pk}/delete/")
    assert response.status_code == 302
    assert DataPoint.all_objects.filter(pk=point.pk, archived_at__isnull=False).exists()
    again = data.record_point(
        measure=world.measure, by=world.member, point=PointInput(point.period, 40.0, None, None)
    )
    assert again.pk != point.pk


def test_an_archived_data_point_is_restored_by_the_admin_unless_its_period_was_filled(
    admin_page, world, point
):
    data.delete_point(point=point, by=world.member)
    _archive_in_admin(admin_page, "measures/datapoint", point, action="restore_selected")
    assert DataPoint.objects.filter(pk=point.pk).exists()
    assert rebuild.rebuild(world.measure.pk).result["n"] == 1

    data.delete_point(point=DataPoint.objects.get(pk=point.pk), by=world.member)
    data.record_point(
        measure=world.measure, by=world.member, point=PointInput(point.period, 40.0, None, None)
    )
    response = _archive_in_admin(admin_page, "measures/datapoint", point, action="restore_selected")
    assert "archive that point first" in response.content.decode()
    assert not DataPoint.objects.filter(pk=point.pk).exists()


# --- People who leave are deactivated, and their contributions still count ------------------------------


def _deactivate_in_admin(admin_page, person):
    body = {"action": "deactivate_selected", "_selected_action": [person.pk]}
    return admin_page.post("/admin/playbook/user/", body, follow=True)


def test_deactivating_a_person_leaves_the_fishbones_vote_counts_unchanged(admin_page, world):
    bone = fishbones.start_fishbone(focus_area=world.focus_area, by=world.lead)
    cause = fishbones.add_cause(category=bone.categories.first(), by=world.lead, text="No cover on Fridays")
    for person in (world.member, world.lead):
        fishbones.vote(cause=cause, by=person)
    before = api_as(world.lead).get(f"/api/v1/causes/{cause.pk}/").json()["votes"]

    _deactivate_in_admin(admin_page, world.member)

    assert not User.objects.get(pk=world.member.pk).is_active
    assert before == 2
    assert api_as(world.lead).get(f"/api/v1/causes/{cause.pk}/").json()["votes"] == 2


def test_deactivating_a_person_leaves_the_teams_pulse_unchanged(admin_page, world, huddle, meeting):
    third = UserFactory(username="third", network=world.network)
    MembershipFactory(user=third, team=world.team_a)
    for person, score in ((world.member, 2), (world.lead, 4), (third, 3)):
        huddles.record_pulse(meeting=meeting, by=person, score=score)
    before = huddle_selectors.pulse_series(huddle)

    _deactivate_in_admin(admin_page, world.member)

    assert not User.objects.get(pk=world.member.pk).is_active
    assert [(p.responses, p.average) for p in before] == [(3, 3.0)]
    assert huddle_selectors.pulse_series(huddle) == before
    series = api_as(world.lead).get(f"/api/v1/huddles/{huddle.pk}/pulse/").json()
    assert [(p["responses"], p["average"]) for p in series] == [(3, 3.0)]


def test_a_deactivated_persons_notes_still_show_their_name(admin_page, meeting, entry, world):
    _deactivate_in_admin(admin_page, world.member)
    assert not User.objects.get(pk=world.member.pk).is_active
    page = page_as(world.lead).get(f"/huddles/meetings/{meeting.pk}/")
    assert world.member.display_name in page.content.decode()
    author = api_as(world.lead).get(f"/api/v1/note-entries/{entry.pk}/").json()["author"]
    assert author["id"] == world.member.pk


def test_a_deactivated_person_keeps_their_memberships_and_loses_all_access(admin_page, world):
    _deactivate_in_admin(admin_page, world.member)
    assert User.objects.get(pk=world.member.pk).memberships.filter(team=world.team_a).exists()
    assert page_as(world.member).get("/cycles/").status_code == 302  # signed out: inactive


def test_the_admin_cannot_deactivate_themself(admin_page, root):
    response = _deactivate_in_admin(admin_page, root)
    assert "cannot deactivate your own account" in response.content.decode()
    assert User.objects.get(pk=root.pk).is_active


def test_an_api_delete_that_history_protects_answers_a_409_with_a_sentence(entry, personas):
    from playbook.api.errors import exception_handler

    try:
        with transaction.atomic():
            personas.member.delete()
    except ProtectedError as refused:
        response = exception_handler(refused, {})
    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert "people who leave are deactivated" in response.data["detail"]


def test_the_meeting_job_does_not_make_an_archived_meeting_again(admin_page, huddle):
    sunday = datetime(2026, 3, 1, 12, tzinfo=UTC)  # the huddle meets on Mondays
    assert huddles.schedule_huddle(huddle, at=sunday) == 1
    monday = {"huddle": huddle, "scheduled_start__lt": datetime(2026, 3, 8, tzinfo=UTC)}  # not set-up's week
    _archive_in_admin(admin_page, "huddles/meeting", Meeting.objects.get(**monday))

    assert huddles.schedule_huddle(huddle, at=sunday) == 0
    assert Meeting.all_objects.filter(**monday).count() == 1
    assert not Meeting.objects.filter(**monday).exists()
