"""A lead sets up a measure with one score per pupil each week, pastes the scores in, and reads its X̄ chart.

The chart is rebuilt by a real Celery worker after each commit; the page polls until it is fresh.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from measures.models import Measure
from playbook import clock
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD, FocusAreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES_LABEL = "Scores, one per pupil (spaces, commas or new lines)"
# Four weeks of a class's probe scores, oldest first, as a column copied from a spreadsheet.
WEEKS_OF_SCORES = [
    [62, 70, 58, 66, 71, 64, 69, 60, 67, 65, 63, 68],
    [64, 72, 61, 65, 70, 66, 68, 62, 69, 67, 60, 71],
    [66, 73, 63, 69, 74, 65, 70, 64, 72, 68, 67, 75],
    [65, 71, 62, 68, 72, 67, 69, 63, 70, 66, 64, 73],
]


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")


def fits_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) == 0, page.url
    assert serious_axe_violations(page) == [], page.url
    page.set_viewport_size(DESKTOP)


def test_lead_pastes_a_classs_scores_each_week_and_sees_an_xbar_chart(
    page, csp_violations, personas, focus_area, worker
):
    sign_in(page, "lead", PASSWORD)
    page.goto(focus_area.get_absolute_url() + "measures/new/")
    fits_a_phone(page)
    page.get_by_role("textbox", name="Name").fill("Reading probe scores")
    page.get_by_label("Operational definition").fill("Correct words a minute on the weekly probe, per pupil.")
    page.get_by_role("textbox", name="Unit").fill("words")
    page.get_by_role("radio", name="Several values per period").check()
    page.get_by_role("combobox", name="Chart type").select_option(label="X̄ chart (subgroup means)")
    page.get_by_role("button", name="Add measure").click()
    expect(page.get_by_role("status").first).to_contain_text("“Reading probe scores” is added.")
    measure = Measure.objects.get(name="Reading probe scores")
    assert (measure.data_kind, measure.chart_type) == ("subgroup", "xbar")

    today = clock.today()
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=3 - i) for i in range(4)]
    for monday, scores in zip(mondays, WEEKS_OF_SCORES, strict=True):
        form = page.get_by_test_id("point-form")
        form.get_by_label("Period").select_option(value=monday.isoformat())
        form.get_by_label(SCORES_LABEL).fill("\n".join(map(str, scores)) + "\n")
        form.get_by_role("button", name="Save").click()
        mean = sum(scores) / len(scores)
        expect(page.get_by_role("status").first).to_contain_text(
            f"The data for {monday:%-d %B %Y} is saved: {len(scores)} values, mean {mean:.4g}."
        )
    assert measure.data_points.count() == 4
    # Checked as opened afresh: the flash message list of base.html is not this page's (see the report).
    page.goto(measure.get_absolute_url())
    fits_a_phone(page)

    # The worker rebuilds the chart after each save commits; the page polls until it is fresh.
    expect(page.get_by_test_id("chart-caption")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("chart-updating")).to_have_count(0, timeout=30_000)
    expect(page.locator("#measure-chart .main-svg").first).to_be_visible()
    expect(page.locator(".measure-chart")).to_contain_text("X̄ chart")
    icon = page.locator('[data-icon="variation"]').first
    expect(icon).to_be_visible()
    # The icon's drawing carries its text alternative (e.g. "Common cause variation").
    expect(icon.get_by_role("img")).to_have_accessible_name(
        re.compile(r"variation|improvement|concern", re.I)
    )
    assert csp_violations == []


def test_the_subgroup_pages_fit_a_phone(page, personas, focus_area):
    measure = Measure.objects.create(
        focus_area=focus_area, name="Reading probe scores", kind="outcome", definition="Words a minute.",
        data_kind="subgroup", chart_type="xbar",
    )  # fmt: skip
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    measure.data_points.create(period=monday, observations=WEEKS_OF_SCORES[0])
    measure.exclusions.create(period=monday, reason="School closed for snow")
    sign_in(page, "lead", PASSWORD)
    for path in ("", "edit/", "grid/", "upload/"):
        page.goto(measure.get_absolute_url() + path)
        fits_a_phone(page)
    page.goto(measure.get_absolute_url())
    expect(page.get_by_test_id("exclusion-list")).to_contain_text("School closed for snow")
