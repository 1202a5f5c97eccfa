"""Small numbers never identify a pupil: a group of fewer pupils than the network's threshold is
hidden, with the reason, on the page, in the export and in the API, and the admin's threshold
takes effect everywhere at once."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from measures.data_input import Rhythm
from measures.models import Measure
from measures.suppression import COMPLEMENT
from playbook import clock
from playbook.models import User
from tests.support.clients import api_as, page_as
from tests.support.factories import FocusAreaFactory, GroupPointFactory, MeasureFactory, PupilGroupFactory

pytestmark = pytest.mark.django_db

WEEK = date(2026, 3, 2)
REASON = "Hidden: fewer than 10 pupils, so a child could be identified."
HIDDEN_SHARE = 7 / 9  # a figure that must never reach a page, a file or the API while hidden


@pytest.fixture
def breakdown(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    measure = MeasureFactory(
        focus_area=focus_area, name="Reading at expected level", data_kind=Measure.DataKind.PROPORTION
    )
    eligible = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Eligible")
    others = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Not eligible")
    unknown = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Not recorded")
    # Nine eligible pupils: hidden. Ten pupils not eligible: shown. Four not recorded: hidden too, so
    # neither hidden figure can be worked out from the shown one and the measure's own figure.
    GroupPointFactory(
        measure=measure, group=eligible, period=WEEK, value=None, numerator=7, denominator=9, pupils=9
    )
    GroupPointFactory(
        measure=measure, group=others, period=WEEK, value=None, numerator=3, denominator=10, pupils=10
    )
    GroupPointFactory(
        measure=measure, group=unknown, period=WEEK, value=None, numerator=1, denominator=4, pupils=4
    )
    return measure, eligible, others


def page(personas, measure):
    return page_as(personas.member).get(reverse("measure-groups", args=[measure.pk]))


def export(personas, measure) -> list[dict]:
    response = page_as(personas.member).get(reverse("measure-group-export", args=[measure.pk]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def api(personas, measure) -> dict:
    response = api_as(personas.member).get(f"/api/v1/measures/{measure.pk}/group-points/")
    assert response.status_code == 200, response.json()
    return {row["group"]["name"]: row for row in response.json()["results"]}


def test_a_group_of_nine_is_hidden_on_the_page_with_the_reason_and_ten_is_shown(personas, breakdown):
    measure, eligible, others = breakdown
    response = page(personas, measure)
    html = response.content.decode()
    assert "Hidden: fewer than 10 pupils, so a child could be identified." in html
    assert sorted((c.group.name, c.reason) for c in response.context["hidden"]) == [
        ("Eligible", "Hidden: fewer than 10 pupils, so a child could be identified."),
        ("Not recorded", "Hidden: fewer than 10 pupils, so a child could be identified."),
    ]
    charts = {c.group.name: c for c in response.context["charts"]}
    assert charts["Eligible"].figure is None and charts["Eligible"].shown == []
    assert [p["value"] for p in charts["Not eligible"].result["points"]] == [pytest.approx(0.3)]
    assert str(HIDDEN_SHARE)[:6] not in html  # nor in a hover, a table or the figure's JSON


def test_a_hidden_group_is_blank_in_the_export_with_the_reason(personas, breakdown):
    measure, *_ = breakdown
    rows = {row["group"]: row for row in export(personas, measure)}
    assert rows["Eligible"] == {
        "period": "2026-03-02", "dimension": "Free school meals", "group": "Eligible", "numerator": "",
        "denominator": "", "pupils": "", "suppressed_reason": REASON,
    }  # fmt: skip
    assert (rows["Not eligible"]["numerator"], rows["Not eligible"]["denominator"]) == ("3", "10")
    assert (rows["Not eligible"]["pupils"], rows["Not eligible"]["suppressed_reason"]) == ("10", "")


def test_a_hidden_group_has_no_numbers_in_the_api_and_says_why(personas, breakdown):
    measure, *_ = breakdown
    rows = api(personas, measure)
    hidden = rows["Eligible"]
    assert hidden["suppressed"] is True
    assert hidden["suppressed_reason"] == "Hidden: fewer than 10 pupils, so a child could be identified."
    assert [hidden[k] for k in ("value", "numerator", "denominator", "observations", "pupils")] == [None] * 5
    shown = rows["Not eligible"]
    assert (shown["suppressed"], shown["numerator"], shown["denominator"], shown["pupils"]) == (
        False,
        3,
        10,
        10,
    )


def test_the_threshold_an_admin_sets_takes_effect_on_the_page_the_export_and_the_api(personas, breakdown):
    measure, *_ = breakdown
    response = page_as(personas.admin).post(
        reverse("pupil-groups"), {"action": "threshold", "t-smallest_group_shown": "4"}
    )
    assert response.status_code == 302
    assert page(personas, measure).context["hidden"] == []
    assert {row["group"]: row["numerator"] for row in export(personas, measure)} == {
        "Eligible": "7",
        "Not eligible": "3",
        "Not recorded": "1",
    }
    assert api(personas, measure)["Eligible"]["numerator"] == 7

    page_as(personas.admin).post(
        reverse("pupil-groups"), {"action": "threshold", "t-smallest_group_shown": "11"}
    )
    hidden = sorted(c.group.name for c in page(personas, measure).context["hidden"])
    assert hidden == ["Eligible", "Not eligible", "Not recorded"]
    assert "fewer than 11 pupils" in api(personas, measure)["Not eligible"]["suppressed_reason"]


def test_a_figure_without_a_pupil_count_is_hidden_as_unknown(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    measure = MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.CONTINUOUS)
    group = PupilGroupFactory(network=personas.network, name="Girls", dimension="Gender")
    GroupPointFactory(measure=measure, group=group, period=WEEK, value=55.5, pupils=None)
    response = page(personas, measure)
    assert [c.reason for c in response.context["hidden"]] == ["Hidden: the number of pupils was not given."]
    assert "55.5" not in response.content.decode()


def test_the_gap_is_only_worked_out_where_both_groups_are_shown(personas, breakdown):
    measure, eligible, others = breakdown
    for week in range(1, 4):
        period = WEEK + timedelta(weeks=week)
        for group, numerator in ((eligible, 8), (others, 5)):
            GroupPointFactory(
                measure=measure, group=group, period=period, value=None, numerator=numerator, denominator=20
            )
    gap = page(personas, measure).context["gap"]
    assert gap.periods == [WEEK + timedelta(weeks=w) for w in (1, 2, 3)]
    assert gap.values == [pytest.approx(0.15)] * 3
    assert gap.left_out == 1
    assert gap.caption


def test_the_demo_breaks_its_reading_outcome_down_with_one_group_too_small_to_show(db):
    call_command("seed_demo", stdout=io.StringIO())
    measure = Measure.objects.get(name="Year 2 pupils reading 90+ wpm")
    client = page_as(User.objects.get(username="maya.lead"))
    url = reverse("measure-groups", args=[measure.pk])
    dimensions = client.get(url).context["dimensions"]
    assert {d: [g.name for g in gs] for d, gs in dimensions.items()} == {
        "English learners": ["Yes", "No"],
        "Free school meals": ["Eligible", "Not eligible"],
        "Gender": ["Girls", "Boys"],
    }
    hidden = [
        (cell.group.name, cell.reason)
        for dimension in dimensions
        for cell in client.get(url, {"dimension": dimension}).context["hidden"]
    ]
    # English learners has two groups: the 8 pupils learning English are hidden, and so are the
    # others that week, or the class's own figure would give the 8 away.
    assert hidden == [("Yes", REASON), ("No", COMPLEMENT)]
    assert len(client.get(url).context["charts"][0].shown) == 19


def test_the_grid_shows_a_hidden_figure_blank_with_the_reason_even_to_whoever_typed_it(personas, breakdown):
    measure, eligible, others = breakdown
    (week,) = Rhythm("weekly").recent(clock.today(), 1)
    unknown = measure.group_points.get(group__name="Not recorded").group
    for group, pupils in ((eligible, 9), (others, 10), (unknown, 4)):
        GroupPointFactory(
            measure=measure,
            group=group,
            period=week,
            value=None,
            numerator=7,
            denominator=pupils,
            pupils=pupils,
        )
    response = page_as(personas.member).get(reverse("measure-group-grid", args=[measure.pk]))
    cells = {
        (cell["group"].name, row["period"]): cell for row in response.context["rows"] for cell in row["cells"]
    }
    hidden = cells[("Eligible", week)]
    assert hidden["hidden"] == REASON
    assert [i["value"] for i in hidden["inputs"]] == ["", "", ""]
    assert [i["value"] for i in cells[("Not eligible", week)]["inputs"]] == ["7", "10", "10"]
    assert REASON in response.content.decode()


def test_one_hidden_group_hides_the_smallest_other_so_subtraction_cannot_reveal_it(personas):
    """Complementary suppression: the groups of a dimension add up to the measure's own figure,
    which is shown, so one hidden group alone would be the whole minus the rest."""
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    measure = MeasureFactory(focus_area=focus_area, data_kind=Measure.DataKind.PROPORTION)
    sizes = {"Eligible": 6, "Not eligible": 14, "Not recorded": 11}
    for name, pupils in sizes.items():
        group = PupilGroupFactory(network=personas.network, dimension="Free school meals", name=name)
        GroupPointFactory(
            measure=measure,
            group=group,
            period=WEEK,
            value=None,
            numerator=3,
            denominator=pupils,
            pupils=pupils,
        )
    response = page(personas, measure)
    assert sorted((c.group.name, c.reason) for c in response.context["hidden"]) == [
        ("Eligible", REASON),
        ("Not recorded", COMPLEMENT),  # 11 is the smallest shown; 14 stays
    ]
    rows = {row["group"]: row for row in export(personas, measure)}
    assert (rows["Not recorded"]["numerator"], rows["Not recorded"]["suppressed_reason"]) == ("", COMPLEMENT)
    assert rows["Not eligible"]["numerator"] == "3"
    # Asked for on its own, the complement stays hidden: the API decides over the whole first.
    not_recorded = measure.group_points.get(group__name="Not recorded").group
    response = api_as(personas.member).get(
        f"/api/v1/measures/{measure.pk}/group-points/", {"group": not_recorded.pk}
    )
    (row,) = response.json()["results"]
    assert (row["suppressed"], row["numerator"], row["suppressed_reason"]) == (True, None, COMPLEMENT)
