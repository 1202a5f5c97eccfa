"""The pages of step 1: focus areas, measures, data entry (one point, a grid, a CSV file) and charts."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures import rebuild as chart_services
from measures.data_input import PointInput
from measures.models import DataPoint, DataPointRevision, FocusArea, Measure
from measures.services import data as data_services
from playbook import clock
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 1, 5)


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def weeks(n, start=MONDAY):
    return [start + timedelta(weeks=i) for i in range(n)]


@pytest.fixture
def world(personas):
    """A focus area of team_a owned by its lead, with a continuous outcome measure holding one point."""
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = MeasureFactory(focus_area=focus_area, name="Words a minute", kind=Measure.Kind.OUTCOME)
    point = DataPointFactory(measure=measure, period=MONDAY, value=40, entered_by=personas.lead)
    return SimpleNamespace(**vars(personas), focus_area=focus_area, measure=measure, point=point)


@pytest.fixture
def proportion(world):
    return MeasureFactory(
        focus_area=world.focus_area,
        name="Pupils reading fluently",
        kind=Measure.Kind.PROCESS,
        data_kind=Measure.DataKind.PROPORTION,
    )


# --- Who may reach what ------------------------------------------------------------------------------

GOOD_POINT = {"period": "2026-03-02", "value": "12", "note": ""}
GOOD_CSV = {"pasted": "period,value\n2026-03-02,12\n"}


def fa(w):
    return w.focus_area.pk


def ms(w):
    return w.measure.pk


def pt(w):
    return w.point.pk


# (persona, method, url name, url argument, POST data, expected status)
PERMISSION_TABLE = [
    *[(who, "get", "focus-area-list", None, None, 200) for who in ("member", "outsider", "loner")],
    *[(who, "get", "chart-scratchpad", None, None, 200) for who in ("member", "outsider", "loner")],
    ("lead", "get", "focus-area-create", None, None, 200),
    ("leader", "get", "focus-area-create", None, None, 200),
    ("admin", "get", "focus-area-create", None, None, 200),
    ("member", "get", "focus-area-create", None, None, 403),
    ("sibling_member", "get", "focus-area-create", None, None, 403),
    ("loner", "get", "focus-area-create", None, None, 403),
    *[
        (who, "get", name, fa, None, status)
        for name in ("focus-area-detail", "focus-area-reflection")
        for who, status in (
            ("member", 200),
            ("lead", 200),
            ("leader", 200),
            ("hub_leader", 200),
            ("admin", 200),
            ("sibling_member", 404),
            ("outsider", 404),
            ("loner", 404),
        )
    ],  # fmt: skip
    *[
        (who, "get", name, ms, None, status)
        for name in (
            "measure-detail",
            "measure-chart",
            "measure-data",
            "measure-export",
            "measure-grid",
            "measure-upload",
        )
        for who, status in (
            ("member", 200),
            ("lead", 200),
            ("leader", 200),
            ("admin", 200),
            ("sibling_member", 404),
            ("outsider", 404),
        )
    ],  # fmt: skip
    *[
        (who, "get", name, target, None, status)
        for name, target in (("focus-area-edit", fa), ("measure-create", fa), ("measure-edit", ms))
        for who, status in (
            ("member", 403),
            ("lead", 200),
            ("leader", 200),
            ("admin", 200),
            ("sibling_member", 404),
            ("outsider", 404),
        )
    ],  # fmt: skip
    *[
        (who, "post", "measure-record", ms, GOOD_POINT, status)
        for who, status in (
            ("member", 302),
            ("lead", 302),
            ("leader", 302),
            ("sibling_member", 404),
            ("outsider", 404),
        )
    ],  # fmt: skip
    *[
        (who, "post", "measure-upload", ms, GOOD_CSV, status)
        for who, status in (("member", 200), ("lead", 200), ("sibling_member", 404), ("outsider", 404))
    ],
    ("member", "post", "focus-area-close", fa, {}, 403),
    ("lead", "post", "focus-area-close", fa, {}, 302),
    ("sibling_member", "post", "focus-area-close", fa, {}, 404),
    ("lead", "get", "focus-area-close", fa, None, 405),
    ("member", "post", "point-delete", pt, {}, 403),  # the lead entered it
    ("lead", "post", "point-delete", pt, {}, 302),
    ("sibling_member", "post", "point-delete", pt, {}, 404),
    ("outsider", "post", "point-delete", pt, {}, 404),
]


@pytest.mark.parametrize(
    ("persona", "method", "url_name", "target", "data", "expected"),
    PERMISSION_TABLE,
    ids=[f"{row[0]}-{row[1]}-{row[2]}-{i}" for i, row in enumerate(PERMISSION_TABLE)],
)
def test_who_may_reach_each_focus_page(client, world, persona, method, url_name, target, data, expected):
    client.force_login(getattr(world, persona))
    url = reverse(url_name, args=[target(world)] if target else [])
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == expected


def test_a_missing_focus_area_is_404_not_500(client, world):
    client.force_login(world.lead)
    assert client.get(reverse("focus-area-detail", args=[987654])).status_code == 404
    assert client.get(reverse("measure-detail", args=[987654])).status_code == 404


# --- Focus areas -----------------------------------------------------------------------------------------


def create_data(team, owner, **extra):
    return {
        "team": team.pk,
        "title": "Persistent absence",
        "problem": "One pupil in five misses a tenth of sessions.",
        "aim_what": "Cut persistent absence",
        "aim_how_much": "from 20% to 12% of pupils",
        "aim_by_when": "2026-12-18",
        "owner": owner.pk,
        "status": "active",
        **extra,
    }


def test_lead_creates_a_focus_area_and_it_is_listed(client, personas):
    client.force_login(personas.lead)

    response = client.post(reverse("focus-area-create"), create_data(personas.team_a, personas.member))

    focus_area = FocusArea.objects.get(title="Persistent absence")
    assert response.status_code == 302 and response["Location"] == focus_area.get_absolute_url()
    assert (focus_area.team, focus_area.owner, focus_area.created_by) == (
        personas.team_a, personas.member, personas.lead,
    )  # fmt: skip
    listing = client.get(reverse("focus-area-list")).content.decode()
    assert "Persistent absence" in listing
    assert "Cut persistent absence from 20% to 12% of pupils by 18 December 2026." in listing


def test_create_offers_only_teams_the_person_leads(client, personas):
    client.force_login(personas.lead)

    form = client.get(reverse("focus-area-create")).context["form"]

    assert list(form.fields["team"].queryset) == [personas.team_a]


def test_a_new_focus_area_cannot_start_closed(client, personas):
    client.force_login(personas.lead)

    response = client.post(
        reverse("focus-area-create"), create_data(personas.team_a, personas.lead, status="closed")
    )

    assert "status" in response.context["form"].errors
    assert not FocusArea.objects.exists()


def test_an_owner_from_outside_the_team_is_refused_on_the_form(client, personas):
    client.force_login(personas.leader)  # leads cluster_a, so may choose people of team_b too

    response = client.post(
        reverse("focus-area-create"), create_data(personas.team_a, personas.sibling_member)
    )

    assert response.status_code == 200
    assert "is not in Team A" in " ".join(response.context["form"].errors["owner"])
    assert not FocusArea.objects.exists()


def test_a_bad_date_on_the_focus_area_form_keeps_what_was_typed(client, personas):
    client.force_login(personas.lead)

    response = client.post(
        reverse("focus-area-create"), create_data(personas.team_a, personas.lead, aim_by_when="someday")
    )

    assert response.status_code == 200
    assert "aim_by_when" in response.context["form"].errors
    assert 'value="Persistent absence"' in response.content.decode()
    assert not FocusArea.objects.exists()


def test_the_aim_shows_as_one_sentence(client, world):
    client.force_login(world.member)

    response = client.get(reverse("focus-area-detail", args=[world.focus_area.pk]))

    assert (
        "Raise the share of Year 2 pupils reading fluently from 58% to 75% by 16 July 2027."
        in response.content.decode()
    )


def test_missing_measure_notice_names_the_missing_kinds_until_all_three_exist(client, world):
    client.force_login(world.lead)
    url = reverse("focus-area-detail", args=[world.focus_area.pk])

    assert "This aim has no process or balancing measure yet." in client.get(url).content.decode()

    MeasureFactory(focus_area=world.focus_area, kind=Measure.Kind.PROCESS)
    page = client.get(url).content.decode()
    assert "This aim has no balancing measure yet." in page

    MeasureFactory(focus_area=world.focus_area, kind=Measure.Kind.BALANCING)
    page = client.get(url).content.decode()
    assert 'data-testid="missing-measures"' not in page
    assert "measure yet" not in page


def test_the_list_warns_about_missing_measures_and_hides_closed_focus_areas(client, world):
    FocusAreaFactory(team=world.team_a, owner=world.lead, title="Old closed aim", status="closed")
    client.force_login(world.member)

    page = client.get(reverse("focus-area-list")).content.decode()
    assert "Reading fluency" in page and "Old closed aim" not in page
    assert "Missing: process, balancing measures" in page

    everything = client.get(reverse("focus-area-list"), {"status": "all"}).content.decode()
    assert "Old closed aim" in everything


def test_the_list_filters_by_team_and_ignores_nonsense(client, world):
    FocusAreaFactory(team=world.team_b, owner=world.sibling_member, title="Team B's aim")
    client.force_login(world.leader)

    page = client.get(reverse("focus-area-list"), {"team": world.team_b.pk}).content.decode()
    assert "Team B&#x27;s aim" in page and "Reading fluency" not in page

    response = client.get(reverse("focus-area-list"), {"team": "abc", "status": "nonsense"})
    assert response.status_code == 200
    assert "Reading fluency" in response.content.decode()


def test_a_member_does_not_see_another_teams_focus_areas_listed(client, world):
    FocusAreaFactory(team=world.team_b, owner=world.sibling_member, title="Team B's aim")
    client.force_login(world.member)

    assert "Team B" not in client.get(reverse("focus-area-list")).content.decode()


def test_lead_closes_a_focus_area(client, world):
    client.force_login(world.lead)

    response = client.post(reverse("focus-area-close", args=[world.focus_area.pk]))

    world.focus_area.refresh_from_db()
    assert response.status_code == 302
    assert world.focus_area.status == "closed" and world.focus_area.closed_at is not None


def test_lead_edits_the_aim(client, world):
    client.force_login(world.lead)
    data = create_data(world.team_a, world.member, title="Reading for all")
    del data["team"]

    response = client.post(reverse("focus-area-edit", args=[world.focus_area.pk]), data)

    world.focus_area.refresh_from_db()
    assert response.status_code == 302
    assert (world.focus_area.title, world.focus_area.owner) == ("Reading for all", world.member)


# --- Measures -------------------------------------------------------------------------------------------


def measure_data(**extra):
    return {
        "name": "Minutes of maths lost",
        "kind": "balancing",
        "definition": "Timetabled maths minutes missed for catch-up, per week.",
        "unit": "minutes",
        "data_kind": "continuous",
        "direction": "down",
        "frequency": "weekly",
        "chart_type": "",
        "baseline": "",
        "phase_dates": "2026-03-02, 2026-04-20",
        "rules": "anhoej",
        "screen_mr": "on",
        "targets": "2026-01-05 30\n2026-04-20 20",
        **extra,
    }


def test_lead_adds_a_measure_with_phases_and_targets(client, world):
    client.force_login(world.lead)

    response = client.post(reverse("measure-create", args=[world.focus_area.pk]), measure_data())

    measure = Measure.objects.get(name="Minutes of maths lost")
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
    assert measure.phase_dates == ["2026-03-02", "2026-04-20"]
    assert [(t.starts_on, t.value) for t in measure.targets.all()] == [
        (date(2026, 1, 5), 30.0), (date(2026, 4, 20), 20.0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phase_dates", "2026-03-02, soon", "“soon” is not a date"),
        ("targets", "2026-01-05 thirty", "Line 1: Target “thirty” is not a number."),
        ("targets", "2026-01-05 30\n2026-01-05 20", "Two targets start on the same date."),
        ("chart_type", "p", "Continuous (a number per period) data is drawn as"),
    ],
)
def test_bad_measure_settings_are_shown_on_their_field_and_save_nothing(client, world, field, value, message):
    client.force_login(world.lead)

    response = client.post(
        reverse("measure-create", args=[world.focus_area.pk]), measure_data(**{field: value})
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Measure.objects.filter(name="Minutes of maths lost").exists()


def test_a_measure_with_data_cannot_change_its_kind_of_data(client, world):
    client.force_login(world.lead)
    data = measure_data(name="Words a minute", kind="outcome", data_kind="count", phase_dates="", targets="")

    response = client.post(reverse("measure-edit", args=[world.measure.pk]), data)

    world.measure.refresh_from_db()
    assert response.status_code == 302  # the disabled field keeps the stored kind of data
    assert world.measure.data_kind == "continuous"
    assert world.measure.direction == "down"


# --- One point at a time -----------------------------------------------------------------------------------


def test_member_enters_a_point_then_changes_it_and_a_revision_is_kept(client, world):
    client.force_login(world.member)
    url = reverse("measure-record", args=[world.measure.pk])

    response = client.post(url, {"period": "2026-01-12", "value": "44", "note": "probe day"})
    assert response.status_code == 302
    point = DataPoint.objects.get(measure=world.measure, period=date(2026, 1, 12))
    assert (point.value, point.note, point.entered_by) == (44.0, "probe day", world.member)

    client.post(url, {"period": "2026-01-12", "value": "46", "note": "re-marked"})

    point.refresh_from_db()
    assert point.value == 46.0
    revision = DataPointRevision.objects.get(data_point=point)
    assert (revision.value, revision.note, revision.changed_by) == (44.0, "probe day", world.member)
    page = client.get(reverse("measure-detail", args=[world.measure.pk])).content.decode()
    assert "re-marked" in page


def test_the_change_link_prefills_the_entry_form_with_the_stored_point(client, world):
    client.force_login(world.lead)

    response = client.get(reverse("measure-detail", args=[world.measure.pk]), {"period": "2026-01-05"})

    assert response.context["form"].initial["value"] == "40"
    assert response.context["editing"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "2026-01-12", "value": "abc"}, "value", "Value “abc” is not a number."),
        ({"period": "2026-01-12", "value": ""}, "value", "Give a value."),
        ({"period": "12th of never", "value": "3"}, "period", "is not a date"),
        ({"period": "", "value": "3"}, "period", "This field is required."),
    ],
)
def test_bad_point_input_shows_a_field_error_and_saves_nothing(client, world, data, field, message):
    client.force_login(world.member)

    response = client.post(reverse("measure-record", args=[world.measure.pk]), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert DataPoint.objects.filter(measure=world.measure).count() == 1
    page = response.content.decode()
    # The period of a weekly measure is chosen from a list, so only the typed numbers come back as typed.
    assert all(f'value="{typed}"' in page for name, typed in data.items() if typed and name != "period")


def test_a_proportion_with_the_numerator_above_the_denominator_is_refused(client, world, proportion):
    client.force_login(world.member)

    response = client.post(
        reverse("measure-record", args=[proportion.pk]),
        {"period": "2026-01-12", "numerator": "31", "denominator": "30"},
    )

    assert response.status_code == 200
    assert "The numerator cannot be above the denominator." in response.context["form"].errors["numerator"]
    assert not proportion.data_points.exists()


def test_a_proportion_takes_a_numerator_and_a_denominator(client, world, proportion):
    client.force_login(world.member)

    page = client.get(reverse("measure-detail", args=[proportion.pk])).content.decode()
    assert 'name="numerator"' in page and 'name="value"' not in page

    client.post(
        reverse("measure-record", args=[proportion.pk]),
        {"period": "2026-01-12", "numerator": "12", "denominator": "30"},
    )
    point = proportion.data_points.get()
    assert (point.numerator, point.denominator, point.value) == (12.0, 30.0, None)


def test_a_member_cannot_change_a_point_someone_else_entered(client, world):
    client.force_login(world.member)

    response = client.post(
        reverse("measure-record", args=[world.measure.pk]), {"period": "2026-01-05", "value": "1"}
    )

    assert response.status_code == 403
    world.point.refresh_from_db()
    assert world.point.value == 40.0


# --- Many points at once ----------------------------------------------------------------------------------


def grid_post(rows, prefix="rows"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_the_grid_offers_stored_points_and_blank_rows_with_suggested_dates(client, world):
    client.force_login(world.lead)

    with clock.frozen_at(datetime(2026, 1, 28, 12, tzinfo=UTC)):  # a Wednesday
        formset = client.get(reverse("measure-grid", args=[world.measure.pk])).context["formset"]

    periods = [form.initial.get("period") for form in formset.forms]
    # The stored point, then the weeks since it without data, up to this week's: none to come.
    assert periods == ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]
    assert formset.forms[0].initial["value"] == "40"


def test_the_grid_offers_the_ten_latest_empty_weeks_of_a_series_that_paused(client, world):
    client.force_login(world.lead)

    with clock.frozen_at(datetime(2026, 6, 3, 12, tzinfo=UTC)):
        formset = client.get(reverse("measure-grid", args=[world.measure.pk])).context["formset"]

    blanks = [form.initial["period"] for form in formset.forms[1:]]
    assert len(blanks) == 10 and blanks[-1] == "2026-06-01"


def test_the_grid_saves_filled_rows_and_skips_empty_ones(client, world):
    client.force_login(world.member)
    rows = [
        {"period": "2026-01-05", "value": "40", "note": ""},  # stored and unchanged: not sent again
        {"period": "2026-01-12", "value": "41", "note": ""},
        {"period": "2026-01-19", "value": "43", "note": "after half term"},
        {"period": "2026-01-26", "value": "", "note": ""},
    ]

    response = client.post(reverse("measure-grid", args=[world.measure.pk]), grid_post(rows))

    assert response.status_code == 302
    assert list(world.measure.data_points.values_list("period", "value")) == [
        (date(2026, 1, 5), 40.0), (date(2026, 1, 12), 41.0), (date(2026, 1, 19), 43.0),
    ]  # fmt: skip
    assert "Saved 2 points." in flashes(response)


def test_a_grid_with_one_bad_row_saves_nothing_and_marks_that_row(client, world):
    client.force_login(world.member)
    rows = [
        {"period": "2026-01-12", "value": "41", "note": ""},
        {"period": "2026-01-19", "value": "lots", "note": ""},
        {"period": "2026-01-26", "value": "44", "note": ""},
    ]

    response = client.post(reverse("measure-grid", args=[world.measure.pk]), grid_post(rows))

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [bool(f.errors) for f in forms] == [False, True, False]
    assert "Value “lots” is not a number." in forms[1].errors["value"]
    assert world.measure.data_points.count() == 1
    page = response.content.decode()
    assert page.count('class="row-error') == 1 and 'value="44"' in page


def test_a_grid_row_the_service_refuses_is_marked(client, world):
    client.force_login(world.member)
    rows = [
        {"period": "2026-01-12", "value": "41", "note": ""},
        {"period": "2026-01-12", "value": "42", "note": ""},
    ]

    response = client.post(reverse("measure-grid", args=[world.measure.pk]), grid_post(rows))

    forms = response.context["formset"].forms
    assert "This period is in the batch twice." in forms[1].errors["period"]
    assert world.measure.data_points.count() == 1


def test_the_grid_does_not_let_a_member_change_others_points(client, world):
    client.force_login(world.member)
    rows = [
        {"period": "2026-01-05", "value": "1", "note": ""},
        {"period": "2026-01-12", "value": "2", "note": ""},
    ]

    response = client.post(reverse("measure-grid", args=[world.measure.pk]), grid_post(rows))

    assert response.status_code == 200
    assert "Only the person who entered this point" in str(response.context["formset"].forms[0].errors)
    assert world.measure.data_points.count() == 1


def test_a_doctored_grid_is_an_error_not_a_500(client, world):
    client.force_login(world.member)
    data = grid_post([])
    data["rows-TOTAL_FORMS"] = "100000"

    response = client.post(reverse("measure-grid", args=[world.measure.pk]), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()


# --- CSV upload and export ---------------------------------------------------------------------------------

BAD_PROPORTION_CSV = """period,numerator,denominator,note
2026-01-05,10,20,fine
not-a-date,5,10,
2026-01-19,abc,10,
2026-01-26,3,0,
2026-02-02,12,10,
2026-01-05,4,10,again
"""


def upload(client, measure, text, name="data.csv", raw=None):
    file = SimpleUploadedFile(name, raw if raw is not None else text.encode(), content_type="text/csv")
    return client.post(reverse("measure-upload", args=[measure.pk]), {"file": file})


def test_a_csv_with_bad_rows_shows_each_reason_and_imports_nothing(client, world, proportion):
    client.force_login(world.member)

    response = upload(client, proportion, BAD_PROPORTION_CSV)

    page = response.content.decode()
    for reason in (
        "Bad date: “not-a-date” is not a date",
        "Not a number: Numerator “abc” is not a number.",
        "The denominator must be above 0.",
        "The numerator cannot be above the denominator.",
        "Duplicate period: 5 Jan 2026 is also on line 2.",
    ):
        assert reason in page
    assert "5 rows have problems" in page
    assert 'data-testid="confirm-form"' not in page
    assert not proportion.data_points.exists()


def test_confirming_a_bad_file_anyway_imports_nothing(client, world, proportion):
    client.force_login(world.member)

    response = client.post(reverse("measure-upload", args=[proportion.pk]), {"csv_text": BAD_PROPORTION_CSV})

    assert response.status_code == 200
    assert 'data-testid="confirm-form"' not in response.content.decode()
    assert not proportion.data_points.exists()


def test_a_good_csv_previews_then_imports_on_confirm(client, world):
    client.force_login(world.lead)
    text = "period,value,note\n2026-01-05,42,re-marked\n2026-01-12,44,\n2026-01-19,45,\n"

    preview = upload(client, world.measure, text)

    page = preview.content.decode()
    assert "All 3 rows can be imported." in page
    assert "Replaces the stored value" in page
    assert world.measure.data_points.count() == 1
    confirmed = client.post(
        reverse("measure-upload", args=[world.measure.pk]),
        {"csv_text": preview.context["confirm"]["csv_text"].value()},
    )
    assert confirmed.status_code == 302
    assert list(world.measure.data_points.values_list("value", flat=True)) == [42.0, 44.0, 45.0]
    assert "Imported 3 points." in flashes(confirmed)


def test_pasted_data_previews_like_a_file(client, world):
    client.force_login(world.member)

    response = client.post(
        reverse("measure-upload", args=[world.measure.pk]), {"pasted": "date\tvalue\n12/01/2026\t41\n"}
    )

    assert "All 1 row can be imported." in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("period,value\n2026-01-12,caf\xe9\n".encode("latin-1"), "is not UTF-8 text or an Excel workbook"),
        (b"period,value\n" + b"2026-01-12,1\n" * 80_000, "files up to 1 MB can be uploaded"),
        (b"date;amount\n2026-01-12;1\n", "The file needs the columns: period, value (missing: value)."),
        (b"PK\x03\x04\x00\x00binary spreadsheet", "The file could not be read as an Excel workbook"),
    ],
)
def test_an_unreadable_file_gets_a_clear_message(client, world, raw, message):
    client.force_login(world.member)

    response = upload(client, world.measure, "", raw=raw)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert world.measure.data_points.count() == 1


def test_a_member_is_told_before_confirming_that_the_file_changes_others_data(client, world):
    client.force_login(world.member)  # the stored point for 5 January was entered by the lead

    response = upload(client, world.measure, "period,value\n2026-01-05,41\n2026-01-12,44\n")

    page = response.content.decode()
    assert "Entered by someone else: only they or a lead can change it." in page
    assert 'data-testid="confirm-form"' not in page
    assert world.measure.data_points.count() == 1


def test_an_empty_upload_asks_for_a_file(client, world):
    client.force_login(world.member)

    response = client.post(reverse("measure-upload", args=[world.measure.pk]), {})

    assert "Choose a CSV or Excel file, or paste the data." in response.content.decode()


def test_export_round_trips_through_the_upload(client, world, proportion):
    data_services.record_points(
        measure=proportion,
        by=world.lead,
        points=[
            PointInput(period=MONDAY, numerator=12, denominator=30, note="=SUM(A1)"),
            PointInput(
                period=MONDAY + timedelta(weeks=1), numerator=14.5, denominator=29, note="half, marked"
            ),
        ],
    )
    copy = MeasureFactory(focus_area=world.focus_area, name="Copy", data_kind=Measure.DataKind.PROPORTION)
    client.force_login(world.lead)

    exported = client.get(reverse("measure-export", args=[proportion.pk]))
    assert exported["Content-Type"].startswith("text/csv")
    assert "attachment" in exported["Content-Disposition"]
    text = exported.content.decode()
    assert list(csv.reader(io.StringIO(text)))[0] == ["period", "numerator", "denominator", "note"]
    upload(client, copy, text)
    client.post(reverse("measure-upload", args=[copy.pk]), {"csv_text": text})

    assert client.get(reverse("measure-export", args=[copy.pk])).content.decode() == text
    assert list(copy.data_points.values_list("numerator", "denominator")) == [(12.0, 30.0), (14.5, 29.0)]


# --- Charts -------------------------------------------------------------------------------------------------


def shifted(measure, by, low=10, high=10):
    values = [40, 41, 39, 40, 42, 38, 40, 41, 39, 40][:low] + [55, 56, 54, 57, 55, 56, 54, 55, 57, 56][:high]
    data_services.record_points(
        measure=measure,
        by=by,
        points=[PointInput(period=p, value=v) for p, v in zip(weeks(len(values)), values, strict=True)],
    )


def test_the_measure_page_says_the_chart_is_being_updated_until_it_is_rebuilt(client, world):
    shifted(world.measure, world.lead)  # bumps the data version; the worker has not run
    client.force_login(world.member)
    url = reverse("measure-detail", args=[world.measure.pk])

    page = client.get(url).content.decode()
    assert "The chart is being updated…" in page
    assert 'hx-trigger="every 2s"' in page
    assert reverse("measure-chart", args=[world.measure.pk]) in page

    chart_services.rebuild(world.measure.pk)

    page = client.get(url).content.decode()
    assert "being updated" not in page and "every 2s" not in page
    caption = world.measure.stored_charts.get(variant="default").result["caption"]
    assert "an improvement" in caption
    assert caption in page
    assert 'data-figure="chart-' in page and "vendor/plotly.min.js" in page


def test_an_out_of_date_chart_is_shown_as_such(client, world):
    shifted(world.measure, world.lead)
    chart_services.rebuild(world.measure.pk)
    data_services.record_point(
        measure=world.measure, by=world.lead, point=PointInput(period=date(2026, 6, 1), value=50)
    )
    client.force_login(world.member)

    page = client.get(reverse("measure-chart", args=[world.measure.pk])).content.decode()

    assert "The chart is being updated… The chart below is from before the latest change." in page
    assert "chart-stale" in page and "Before the latest change:" in page
    assert 'hx-get="' in page


def test_a_measure_without_data_says_so_and_does_not_poll(client, world):
    measure = MeasureFactory(focus_area=world.focus_area, name="Not started")
    client.force_login(world.member)

    page = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()

    assert "No data yet." in page and "every 2s" not in page


def test_the_focus_area_page_shows_each_measures_stored_chart_and_caption(client, world):
    shifted(world.measure, world.lead)
    chart_services.rebuild(world.measure.pk)
    client.force_login(world.member)

    page = client.get(reverse("focus-area-detail", args=[world.focus_area.pk])).content.decode()

    assert world.measure.stored_charts.get().result["caption"] in page
    assert f'data-figure="chart-{world.measure.pk}"' in page


def test_the_reflection_page_counts_values_and_pairs_two_measures(client, world):
    shifted(world.measure, world.lead)
    other = MeasureFactory(
        focus_area=world.focus_area, name="Minutes read at home", kind=Measure.Kind.PROCESS
    )
    data_services.record_points(
        measure=other, by=world.lead, points=[PointInput(period=p, value=i) for i, p in enumerate(weeks(5))]
    )
    client.force_login(world.member)

    response = client.get(
        reverse("focus-area-reflection", args=[world.focus_area.pk]),
        {"measure": world.measure.pk, "x": other.pk, "y": world.measure.pk},
    )

    frequency = response.context["frequency"]
    assert sum(b.count for b in frequency) == 20
    scatter = response.context["scatter"]
    assert scatter["data"][0]["x"] == [0, 1, 2, 3, 4]
    assert scatter["data"][0]["y"] == [40, 41, 39, 40, 42]
    assert "5 periods with data for both" in response.content.decode()


def test_the_reflection_page_ignores_a_measure_of_another_focus_area(client, world):
    elsewhere = MeasureFactory(focus_area=FocusAreaFactory(team=world.team_a, owner=world.lead))
    client.force_login(world.member)

    response = client.get(
        reverse("focus-area-reflection", args=[world.focus_area.pk]), {"measure": elsewhere.pk}
    )

    assert response.status_code == 200
    assert response.context["frequency"] is None
    assert "Select a valid choice" in response.content.decode()


# --- The scratch pad -------------------------------------------------------------------------------------


def scratch(client, **extra):
    data = {
        "values": "",
        "chart_type": "run",
        "rules": "anhoej",
        "direction": "up",
        "screen_mr": "on",
        **extra,
    }
    return client.post(reverse("chart-scratchpad"), data)


def test_the_scratch_pad_shows_a_signal_for_an_obvious_shift(client, personas):
    client.force_login(personas.loner)
    values = "\n".join(
        ["10", "11", "9", "10", "12", "8", "10", "11", "9", "10"] + ["20", "21", "19", "22", "20"] * 2
    )

    response = scratch(client, values=values)

    result = response.context["result"]
    assert result["signals"]
    page = response.content.decode()
    assert result["caption"] in page
    assert "an improvement" in result["caption"]
    assert 'data-figure="scratchpad-figure"' in page


def test_the_scratch_pad_draws_a_p_chart_from_two_columns(client, personas):
    client.force_login(personas.member)
    values = "\n".join(f"{n},30" for n in [12, 13, 11, 12, 14, 12, 13, 11, 12, 13, 25, 26, 24, 27, 25, 26])

    response = scratch(client, values=values, chart_type="p")

    assert response.context["result"]["chart_type"] == "p"
    assert response.context["result"]["points"][0]["ucl"] is not None


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"values": "abc"}, "values", "Line 1: Value “abc” is not a number."),
        ({"values": ""}, "values", "This field is required."),
        (
            {"values": "1\n2\n3", "phase_starts": "1"},
            "phase_starts",
            "A phase starts at a point from 2 to 3.",
        ),
        ({"values": "1\n2\n3", "phase_starts": "two"}, "phase_starts", "“two” is not a point number."),
        ({"values": "1\n2\n3", "baseline": "9"}, "baseline", "There are only 3 points."),
        ({"values": "1,2\n3"}, "values", "Every line needs the same columns"),
        ({"values": "1,0\n3,4", "chart_type": "p"}, "values", "Point 1: the denominator must be above 0."),
        ({"values": "5,4\n3,4", "chart_type": "p"}, "values", "Point 1: the numerator cannot be above"),
        ({"values": "1\n2", "denominators": "4"}, "denominators", "Give one denominator a line for each"),
        ({"values": "3\n-1", "chart_type": "c"}, "values", "Point 2: a count cannot be negative."),
    ],
)
def test_the_scratch_pad_explains_bad_input(client, personas, extra, field, message):
    client.force_login(personas.member)

    response = scratch(client, **extra)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["result"] is None


def test_the_scratch_pad_shows_the_engines_refusal_as_a_form_error(client, personas):
    client.force_login(personas.member)

    response = scratch(client, values="1\n2\n3", chart_type="p")

    assert response.status_code == 200
    assert "needs denominators" in " ".join(response.context["form"].errors["denominators"])


# --- Bounded queries --------------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, sessions) before counting
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    assert response.status_code == 200
    return queries


def test_the_focus_area_list_queries_do_not_grow_with_focus_areas(client, personas):
    def add(n):
        for _ in range(n):
            focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
            MeasureFactory.create_batch(2, focus_area=focus_area)

    client.force_login(personas.member)
    add(2)
    small = count_queries(client, reverse("focus-area-list"))
    add(18)
    large = count_queries(client, reverse("focus-area-list"))

    assert FocusArea.objects.count() == 20
    assert small == large


def test_the_focus_area_page_queries_do_not_grow_with_measures(client, personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)

    def add(n):
        for _ in range(n):
            measure = MeasureFactory(focus_area=focus_area)
            shifted(measure, personas.lead, low=3, high=3)
            chart_services.rebuild(measure.pk)

    client.force_login(personas.member)
    url = reverse("focus-area-detail", args=[focus_area.pk])
    add(2)
    small = count_queries(client, url)
    add(18)
    large = count_queries(client, url)

    assert large == small
    assert client.get(url).content.decode().count('data-figure="chart-') == 20


def test_the_measure_page_queries_do_not_grow_with_data(client, world):
    client.force_login(world.member)
    url = reverse("measure-detail", args=[world.measure.pk])
    small = count_queries(client, url)
    data_services.record_points(
        measure=world.measure,
        by=world.member,
        points=[PointInput(period=p, value=i) for i, p in enumerate(weeks(60, MONDAY + timedelta(weeks=1)))],
    )
    chart_services.rebuild(world.measure.pk)

    assert count_queries(client, url) == small
