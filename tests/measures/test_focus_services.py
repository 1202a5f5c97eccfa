from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from measures.data_input import PointInput
from measures.models import DataPoint, DataPointRevision, FocusArea, Measure
from measures.permissions import visible_measures
from measures.services import data, focus
from tests.support.factories import DataPointFactory, FocusAreaFactory, MeasureFactory

pytestmark = pytest.mark.django_db

AIM = {
    "title": "Early reading",
    "problem": "Only 58% of Year 2 read fluently.",
    "aim_what": "Raise the share of Year 2 pupils reading fluently",
    "aim_how_much": "from 58% to 75%",
    "aim_by_when": date(2027, 7, 16),
}


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead)


@pytest.fixture
def measure(focus_area):
    return MeasureFactory(focus_area=focus_area, data_kind="proportion")


def test_a_lead_sets_a_focus_area_and_its_aim_reads_as_one_sentence(personas):
    focus_area = focus.create_focus_area(team=personas.team_a, by=personas.lead, **AIM)
    assert focus_area.owner == personas.lead
    assert focus_area.aim_sentence == (
        "Raise the share of Year 2 pupils reading fluently from 58% to 75% by 16 July 2027."
    )


def test_a_member_cannot_set_a_focus_area(personas):
    with pytest.raises(PermissionDenied):
        focus.create_focus_area(team=personas.team_a, by=personas.member, **AIM)
    assert not FocusArea.objects.exists()


def test_a_focus_area_for_an_unseen_team_reads_as_missing(personas):
    with pytest.raises(Http404):
        focus.create_focus_area(team=personas.team_b, by=personas.lead, **AIM)


def test_the_owner_must_belong_to_the_team(personas):
    with pytest.raises(ValidationError) as raised:
        focus.create_focus_area(team=personas.team_a, by=personas.lead, owner=personas.sibling_member, **AIM)
    assert "owner" in raised.value.message_dict


def test_closing_records_when(focus_area, personas):
    focus.close_focus_area(focus_area=focus_area, by=personas.lead)
    assert focus_area.status == "closed" and focus_area.closed_at is not None
    focus.update_focus_area(focus_area=focus_area, by=personas.lead, status="sustaining")
    assert focus_area.closed_at is None


def test_the_focus_area_says_which_kinds_of_measure_are_missing(focus_area):
    assert focus_area.missing_measure_kinds() == ["outcome", "process", "balancing"]
    MeasureFactory(focus_area=focus_area, kind="outcome")
    MeasureFactory(focus_area=focus_area, kind="balancing")
    assert focus_area.missing_measure_kinds() == ["process"]


def test_a_chart_type_must_fit_the_kind_of_data(focus_area, personas):
    with pytest.raises(ValidationError) as raised:
        focus.create_measure(
            focus_area=focus_area, by=personas.lead, name="Fluency", kind="outcome", definition="d",
            data_kind="continuous", chart_type="p",
        )  # fmt: skip
    assert "chart_type" in raised.value.message_dict


def test_phase_dates_are_kept_sorted_and_checked(focus_area, personas):
    measure = focus.create_measure(
        focus_area=focus_area, by=personas.lead, name="Fluency", kind="outcome", definition="d",
        phase_dates=["2026-03-02", "2026-01-05"],
    )  # fmt: skip
    assert measure.phase_dates == ["2026-01-05", "2026-03-02"]
    with pytest.raises(ValidationError):
        focus.update_measure(measure=measure, by=personas.lead, phase_dates=["soon"])


def test_the_kind_of_data_is_fixed_once_there_is_data(measure, personas):
    DataPointFactory(measure=measure, value=None, numerator=3, denominator=10)
    with pytest.raises(ValidationError):
        focus.update_measure(measure=measure, by=personas.lead, data_kind="continuous")


def test_a_member_enters_a_point_and_the_chart_goes_stale(measure, personas):
    before = measure.data_version
    data.record_point(measure=measure, by=personas.member, point=PointInput(date(2026, 1, 5), None, 12, 30))
    measure.refresh_from_db()
    assert measure.data_version == before + 1
    assert DataPoint.objects.get(measure=measure).entered_by == personas.member


def test_correcting_a_point_keeps_what_it_said_before(measure, personas):
    data.record_point(measure=measure, by=personas.member, point=PointInput(date(2026, 1, 5), None, 12, 30))
    data.record_point(
        measure=measure, by=personas.member, point=PointInput(date(2026, 1, 5), None, 13, 30, "recount")
    )
    revision = DataPointRevision.objects.get()
    assert (revision.numerator, revision.changed_by) == (12, personas.member)
    point = DataPoint.objects.get()
    assert (point.numerator, point.note, point.updated_by) == (13, "recount", personas.member)


def test_recording_the_same_values_again_changes_nothing(measure, personas):
    point = PointInput(date(2026, 1, 5), None, 12, 30)
    data.record_point(measure=measure, by=personas.member, point=point)
    data.record_point(measure=measure, by=personas.member, point=point)
    assert not DataPointRevision.objects.exists()


def test_a_member_cannot_overwrite_anothers_point_but_a_lead_can(measure, personas):
    data.record_point(measure=measure, by=personas.lead, point=PointInput(date(2026, 1, 5), None, 12, 30))
    with pytest.raises(PermissionDenied):
        data.record_point(
            measure=measure, by=personas.member, point=PointInput(date(2026, 1, 5), None, 1, 30)
        )
    data.record_point(measure=measure, by=personas.lead, point=PointInput(date(2026, 1, 5), None, 11, 30))


def test_a_batch_with_one_bad_point_saves_none(measure, personas):
    batch = [PointInput(date(2026, 1, 5), None, 12, 30), PointInput(date(2026, 1, 12), None, 40, 30)]
    with pytest.raises(data.PointErrors) as raised:
        data.record_points(measure=measure, by=personas.member, points=batch)
    assert raised.value.by_row == {1: {"numerator": ["The numerator cannot be above the denominator."]}}
    assert not DataPoint.objects.exists()


def test_a_single_bad_point_reports_its_fields(measure, personas):
    with pytest.raises(data.PointErrors) as raised:
        data.record_point(measure=measure, by=personas.member, point=PointInput(date(2026, 1, 5), None, 1, 0))
    assert raised.value.message_dict == {"denominator": ["The denominator must be above 0."]}


def test_a_sibling_team_cannot_enter_data(measure, personas):
    with pytest.raises(Http404):
        data.record_point(
            measure=measure, by=personas.sibling_member, point=PointInput(date(2026, 1, 5), None, 1, 2)
        )


def test_a_csv_with_a_bad_row_imports_nothing(measure, personas):
    text = "period,numerator,denominator\n2026-01-05,12,30\n2026-01-12,12,0\n"
    preview = data.preview_import(measure=measure, by=personas.member, text=text)
    assert preview.error_count == 1
    with pytest.raises(ValidationError):
        data.import_csv(measure=measure, by=personas.member, text=text)
    assert not DataPoint.objects.exists()


def test_a_clean_csv_imports_every_row(measure, personas):
    text = "period,numerator,denominator\n2026-01-05,12,30\n2026-01-12,14,30\n"
    assert len(data.import_csv(measure=measure, by=personas.member, text=text)) == 2
    assert DataPoint.objects.filter(measure=measure).count() == 2


def test_deleting_is_for_the_person_who_entered_it_or_a_lead(measure, personas):
    point = data.record_point(
        measure=measure, by=personas.lead, point=PointInput(date(2026, 1, 5), None, 1, 2)
    )
    with pytest.raises(PermissionDenied):
        data.delete_point(point=point, by=personas.member)
    data.delete_point(point=point, by=personas.lead)
    assert not DataPoint.objects.exists()


def test_leaders_above_see_but_members_of_other_clusters_do_not(measure, personas):
    from playbook import permissions

    assert permissions.can_view(personas.leader, measure)
    assert not permissions.can_view(personas.sibling_member, measure)
    assert list(visible_measures(personas.outsider)) == []
    assert Measure.objects.count() == 1
