"""A measure broken down by pupil group: each group's chart on one scale with its signals from the
engine, the gap between two groups as a run chart, the grid and the CSV import (every bad line
with its reason and nothing saved; the same file twice changes nothing), at a cost that does not
grow with the weeks shown."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from measures.data_input import Rhythm
from measures.models import GroupPoint, Measure
from playbook import clock
from tests.support.clients import page_as
from tests.support.factories import FocusAreaFactory, GroupPointFactory, MeasureFactory, PupilGroupFactory
from tests.support.queries import assert_same_queries_after

pytestmark = pytest.mark.django_db


def mondays(n: int) -> list[date]:
    """The last ``n`` weekly periods up to this week's, oldest first (a new weekly series starts Mondays)."""
    return sorted(Rhythm("weekly").recent(clock.today(), n))


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    return MeasureFactory(focus_area=focus_area, name="Reading at expected level", data_kind="proportion")


@pytest.fixture
def fsm(personas):
    return [
        PupilGroupFactory(network=personas.network, dimension="Free school meals", name=name, position=i)
        for i, name in enumerate(("Eligible", "Not eligible"))
    ]


def fill(measure, groups, periods, numerator=lambda g, w: 10 + w % 3, denominator=20):
    for g, group in enumerate(groups):
        for w, period in enumerate(periods):
            GroupPointFactory(
                measure=measure, group=group, period=period, value=None,
                numerator=numerator(g, w), denominator=denominator, pupils=denominator,
            )  # fmt: skip


def breakdown(client, measure, **params):
    response = client.get(reverse("measure-groups", args=[measure.pk]), params)
    assert response.status_code == 200
    return response


def test_each_group_has_its_chart_on_one_shared_scale(personas, measure, fsm):
    periods = mondays(12)
    fill(measure, fsm[:1], periods, numerator=lambda g, w: 4)
    fill(measure, fsm[1:], periods, numerator=lambda g, w: 16)
    charts = breakdown(page_as(personas.member), measure).context["charts"]
    assert [c.group.name for c in charts] == ["Eligible", "Not eligible"]
    ranges = [c.figure["layout"]["yaxis"]["range"] for c in charts]
    assert ranges[0] == ranges[1]
    low, high = ranges[0]
    assert low < 0.2 and high > 0.8  # both groups' points (20% and 80%) sit inside the one scale
    assert charts[0].figure["layout"]["xaxis"]["range"] == charts[1].figure["layout"]["xaxis"]["range"]


def test_each_groups_signals_and_icon_come_from_the_engine(personas, measure, fsm):
    periods = mondays(16)
    # Eligible pupils' share jumps halfway: a shift the engine must find; the others hold steady.
    fill(measure, fsm[:1], periods, numerator=lambda g, w: 6 + w % 2 if w < 8 else 15 + w % 2)
    fill(measure, fsm[1:], periods, numerator=lambda g, w: 12 + w % 3)
    response = breakdown(page_as(personas.member), measure)
    eligible, others = response.context["charts"]
    assert eligible.result["chart_type"] == "p"  # the measure's own chart type
    assert any(s["direction"] == "improvement" for s in eligible.signals)
    assert "an improvement" in eligible.caption
    assert eligible.variation_icon == "improvement_high"
    html = response.content.decode()
    assert 'data-variation-icon="improvement_high"' in html
    assert 'aria-label="Improvement (high)"' in html  # the same drawn icon as every chart box


def test_the_gap_between_two_chosen_groups_is_a_run_chart_with_its_caption(personas, measure, fsm):
    third = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Unknown")
    periods = mondays(12)
    fill(measure, [*fsm, third], periods, numerator=lambda g, w: 5 + 5 * g)
    response = breakdown(page_as(personas.member), measure, first=third.pk, second=fsm[0].pk)
    gap = response.context["gap"]
    assert (gap.first, gap.second) == (third, fsm[0])
    assert gap.values == [pytest.approx(0.5)] * 12
    assert gap.result["chart_type"] == "run"
    assert gap.caption and gap.caption in response.content.decode()


def test_the_page_shows_one_dimension_at_a_time(personas, measure, fsm):
    girls = PupilGroupFactory(network=personas.network, dimension="Gender", name="Girls")
    fill(measure, [*fsm, girls], mondays(3))
    client = page_as(personas.member)
    assert [c.group.name for c in breakdown(client, measure, dimension="Gender").context["charts"]] == [
        "Girls"
    ]
    assert len(breakdown(client, measure, dimension="Free school meals").context["charts"]) == 2


def test_six_groups_over_52_weeks_ask_as_many_queries_as_over_2(personas, measure, django_assert_num_queries):
    # The charts are computed in the request (nothing stores them): the queries must not grow.
    groups = [
        PupilGroupFactory(network=personas.network, dimension="Ethnicity", name=f"Group {i}", position=i)
        for i in range(6)
    ]
    weeks = [date(2025, 1, 6) + timedelta(weeks=w) for w in range(52)]
    fill(measure, groups, weeks[:2])
    count = assert_same_queries_after(
        page_as(personas.member),
        reverse("measure-groups", args=[measure.pk]),
        lambda: fill(measure, groups, weeks[2:]),
        django_assert_num_queries,
    )
    assert count <= 12


def test_the_measure_page_links_to_its_breakdown(personas, measure):
    html = page_as(personas.member).get(measure.get_absolute_url()).content.decode()
    assert reverse("measure-groups", args=[measure.pk]) in html


def test_another_teams_member_sees_no_breakdown_and_enters_nothing(personas, measure, fsm):
    client = page_as(personas.sibling_member)
    period = mondays(1)[0]
    assert client.get(reverse("measure-groups", args=[measure.pk])).status_code == 404
    name = f"c-{fsm[0].pk}-{period.isoformat()}"
    data = {"dimension": "Free school meals", f"{name}-numerator": "3", f"{name}-denominator": "12"}
    assert client.post(reverse("measure-group-grid", args=[measure.pk]), data).status_code == 404
    assert client.get(reverse("measure-group-export", args=[measure.pk])).status_code == 404
    assert not GroupPoint.all_objects.exists()


# --- The grid ------------------------------------------------------------------------------------------


def grid_post(client, measure, cells: dict):
    data = {"dimension": "Free school meals"}
    for (group, period), parts in cells.items():
        for part, value in parts.items():
            data[f"c-{group.pk}-{period.isoformat()}-{part}"] = value
    return client.post(reverse("measure-group-grid", args=[measure.pk]), data)


def test_the_grid_stores_each_filled_cell_and_the_same_again_changes_nothing(personas, measure, fsm):
    client = page_as(personas.member)
    a, b = mondays(2)
    cells = {
        (fsm[0], a): {"numerator": "6", "denominator": "12"},
        (fsm[1], a): {"numerator": "9", "denominator": "30", "pupils": "28"},
        (fsm[1], b): {"numerator": "", "denominator": ""},  # left blank: not a figure
    }
    assert grid_post(client, measure, cells).status_code == 302
    stored = {
        (p.group.name, p.period): (p.numerator, p.denominator, p.pupils) for p in GroupPoint.objects.all()
    }
    assert stored == {("Eligible", a): (6, 12, 12), ("Not eligible", a): (9, 30, 28)}
    assert grid_post(client, measure, cells).status_code == 302
    assert GroupPoint.all_objects.count() == 2

    cells[(fsm[0], a)] = {"numerator": "7", "denominator": "12"}
    grid_post(client, measure, cells)
    assert GroupPoint.objects.get(group=fsm[0]).numerator == 7
    assert GroupPoint.all_objects.filter(group=fsm[0]).count() == 2  # the old figure is kept, archived


def test_a_bad_cell_in_the_grid_saves_nothing_and_says_why(personas, measure, fsm):
    a, b = mondays(2)
    response = grid_post(
        page_as(personas.member),
        measure,
        {
            (fsm[0], a): {"numerator": "6", "denominator": "12"},
            (fsm[1], b): {"numerator": "40", "denominator": "30"},
        },
    )
    assert response.status_code == 200
    assert "The numerator cannot be above the denominator." in response.content.decode()
    assert not GroupPoint.all_objects.exists()


def test_a_grid_for_a_measure_of_values_takes_a_value_and_pupils(personas, fsm):
    measure = MeasureFactory(
        focus_area__team=personas.team_a, focus_area__owner=personas.lead, data_kind="continuous"
    )
    (a,) = mondays(1)
    response = grid_post(page_as(personas.member), measure, {(fsm[0], a): {"value": "92.5", "pupils": "x"}})
    assert "Pupils “x” is not a number." in response.content.decode()
    grid_post(page_as(personas.member), measure, {(fsm[0], a): {"value": "92.5", "pupils": "14"}})
    assert GroupPoint.objects.values_list("value", "pupils").get() == (92.5, 14)


# --- CSV import ----------------------------------------------------------------------------------------


def upload(client, measure, text, confirm=False):
    url = reverse("measure-group-upload", args=[measure.pk])
    data = {"dimension": "Free school meals", ("csv_text" if confirm else "pasted"): text}
    return client.post(url, data)


def test_every_bad_line_of_a_file_is_marked_with_its_reason_and_nothing_is_saved(personas, measure, fsm):
    a, b = mondays(2)
    off_rhythm = a + timedelta(days=2)
    text = (
        "period,group,numerator,denominator,pupils\n"
        f"{a},Eligible,5,12,\n"
        f"{a},Nobody,5,12,\n"
        f"{b},Eligible,five,12,\n"
        f"{off_rhythm},Not eligible,5,12,\n"
        f"{b},Not eligible,15,12,\n"
        f"{a},eligible,6,12,\n"
        f"not a date,Eligible,1,2,\n"
        f"{b},Eligible,1,2,1.5\n"
    )
    client = page_as(personas.member)
    response = upload(client, measure, text)
    preview = response.context["preview"]
    reasons = {row.line: " ".join(row.errors) for row in preview.rows}
    assert reasons[2] == ""
    assert reasons[3].startswith("Unknown group “Nobody” for Free school meals")
    assert "Numerator “five” is not a number" in reasons[4]
    assert "periods start on a Monday" in reasons[5]
    assert "The numerator cannot be above the denominator." in reasons[6]
    assert "also on line 2" in reasons[7]
    assert "is not a date" in reasons[8]
    assert "Pupils “1.5” is not a whole number" in reasons[9]
    assert not response.context["importable"]
    assert "7 lines have problems" in response.content.decode()
    # Sent as if confirmed anyway: refused, nothing saved.
    confirmed = upload(client, measure, text, confirm=True)
    assert confirmed.status_code == 200
    assert not GroupPoint.all_objects.exists()


def test_a_clean_file_imports_and_the_same_file_again_changes_nothing(personas, measure, fsm):
    a, b = mondays(2)
    text = (
        "period,group,numerator,denominator\n"
        f"{a},Eligible,5,12\n{a},Not eligible,10,20\n{b},Eligible,6,12\n{b},Not eligible,11,20\n"
    )
    client = page_as(personas.member)
    assert upload(client, measure, text).context["importable"]
    assert upload(client, measure, text, confirm=True).status_code == 302
    assert GroupPoint.objects.count() == 4
    before = list(GroupPoint.all_objects.order_by("pk").values_list("pk", "numerator", "archived_at"))
    again = upload(client, measure, text)
    assert not any(row.replaces for row in again.context["preview"].rows)
    assert upload(client, measure, text, confirm=True).status_code == 302
    assert list(GroupPoint.all_objects.order_by("pk").values_list("pk", "numerator", "archived_at")) == before


def test_a_subgroup_measures_file_has_a_line_per_pupils_value(personas, fsm):
    measure = MeasureFactory(
        focus_area__team=personas.team_a, focus_area__owner=personas.lead, data_kind=Measure.DataKind.SUBGROUP
    )
    (a,) = mondays(1)
    text = "period,group,value\n" + "".join(f"{a},Eligible,{score}\n" for score in (40, 42, 45))
    client = page_as(personas.member)
    assert upload(client, measure, text).context["importable"]
    upload(client, measure, text, confirm=True)
    assert GroupPoint.objects.values_list("observations", flat=True).get() == [40, 42, 45]


def test_a_subgroup_measures_groups_are_drawn_from_their_observations(personas, fsm):
    measure = MeasureFactory(
        focus_area__team=personas.team_a, focus_area__owner=personas.lead, data_kind=Measure.DataKind.SUBGROUP
    )
    for w, period in enumerate(mondays(6)):
        for group in fsm:
            scores = [60 + w + i for i in range(12)]
            GroupPointFactory(measure=measure, group=group, period=period, value=None, observations=scores)
    charts = breakdown(page_as(personas.member), measure).context["charts"]
    assert [c.error for c in charts] == ["", ""]
    assert charts[0].result["chart_type"] == "xbar"
    assert [p["value"] for p in charts[0].result["points"]] == [pytest.approx(65.5 + w) for w in range(6)]


def test_a_network_without_pupil_groups_says_so(personas, measure):
    response = breakdown(page_as(personas.member), measure)
    assert response.context["charts"] == []
    assert "No pupil groups yet" in response.content.decode()


def test_a_measure_shown_per_100_pupils_shows_its_groups_and_their_gap_so(personas, measure, fsm):
    measure.multiplier = 100
    measure.save()
    fill(measure, fsm, mondays(8), numerator=lambda g, w: 5 + 3 * g)
    response = breakdown(page_as(personas.member), measure)
    eligible = response.context["charts"][0]
    assert [p["value"] for p in eligible.result["points"]] == [pytest.approx(25)] * 8
    assert response.context["gap"].values == [pytest.approx(-15)] * 8


def test_a_file_that_is_not_csv_is_refused_with_a_reason(personas, measure, fsm):
    (a,) = mondays(1)
    text = f'period,group,numerator,denominator\n{a},Eligible,"{"9" * 200_000}",12\n'
    response = upload(page_as(personas.member), measure, text)
    assert response.status_code == 200
    assert "cannot be read as CSV" in " ".join(response.context["preview"].problems)


# The breakdown draws each group's variation icon as every chart box does (the SVG of
# measures/_spc_icons.html, named for screen readers), not in words of its own.
def group_section(html: str, name: str) -> str:
    sections = re.findall(r'<section class="card"[^>]*data-testid="group-chart">.*?</section>', html, re.S)
    (found,) = [s for s in sections if f">{name}</h2>" in s]
    return found


def test_it_draws_each_groups_variation_icon_as_a_named_svg(personas, measure, fsm):
    periods = mondays(16)
    # Eligible pupils' share jumps halfway (an improvement); the others hold steady (common cause).
    fill(measure, fsm[:1], periods, numerator=lambda g, w: 6 + w % 2 if w < 8 else 15 + w % 2)
    fill(measure, fsm[1:], periods, numerator=lambda g, w: 12 + w % 3)
    html = breakdown(page_as(personas.member), measure).content.decode()

    eligible, others = group_section(html, "Eligible"), group_section(html, "Not eligible")
    assert re.search(
        r'data-icon-name="improvement_high">\s*<svg role="img" aria-label="Improvement \(high\)"', eligible
    )
    assert re.search(r'data-icon-name="common_cause">\s*<svg role="img" aria-label="[^"]+"', others)
    # The words the breakdown once kept for its own pills are gone from the page.
    assert "Improvement: unusually high" not in html
    assert "Common-cause variation" not in html
    assert 'class="pill pill-ok"' not in eligible
