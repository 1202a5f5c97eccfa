"""A lead keeps a measure's data in the browser: one point by hand, then a CSV file, then the chart.

The chart is rebuilt by a real Celery worker after each commit; the page polls until it is fresh.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from measures.models import Measure
from playbook import clock
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, FocusAreaFactory, MeasureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Nine more ordinary weeks, then ten clearly better ones: a shift the rules must flag.
LOW = [41, 39, 40, 42, 38, 40, 41, 39, 40]
HIGH = [55, 56, 54, 57, 55, 56, 54, 55, 57, 56]


def weekly_csv(values, bad_line=None):
    from datetime import date, timedelta

    lines = ["period,value,note"]
    for i, value in enumerate(values, start=1):
        period = date(2026, 1, 5) + timedelta(weeks=i)
        lines.append(f"{period.isoformat()},{value},")
    if bad_line is not None:
        lines[bad_line] = lines[bad_line].replace(",", ",about ", 1)
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    return MeasureFactory(
        focus_area=focus_area,
        name="Words read a minute",
        kind=Measure.Kind.OUTCOME,
        unit="words",
        direction=Measure.Direction.UP,
        frequency=Measure.Frequency.WEEKLY,
    )


def choose_file(page, content: bytes, name="reading.csv"):
    page.get_by_label("CSV or Excel file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Check the data").click()


def test_lead_enters_data_uploads_a_file_and_sees_the_signal(page, csp_violations, personas, measure, worker):
    sign_in(page, "lead", PASSWORD)
    page.goto(measure.get_absolute_url())
    expect(page.get_by_test_id("measure-chart")).to_contain_text("No data yet.")

    # The week is chosen from the measure's rhythm: this week's Monday is offered first, never next week's.
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    form = page.get_by_test_id("point-form")
    expect(form.get_by_label("Period")).to_have_value(monday.isoformat())
    form.get_by_label("Period").select_option(label=f"Week of {monday:%a %-d %b %Y}")
    form.get_by_label("Value").fill("56")  # this week's, after the better weeks the file brings
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text(f"The data for {monday:%-d %B %Y} is saved.")
    expect(page.get_by_test_id("data-table")).to_contain_text(f"{monday:%-d %b %Y}")
    expect(page.get_by_test_id("chart-caption")).to_contain_text("With 1 point the rules can miss a change")

    page.get_by_role("link", name="Upload a CSV or Excel file").click()
    choose_file(page, weekly_csv(LOW + HIGH, bad_line=3))
    expect(page.get_by_test_id("preview-summary")).to_contain_text("1 row has a problem")
    expect(page.get_by_test_id("preview-rows")).to_contain_text("Value “about 40” is not a number")
    expect(page.get_by_test_id("confirm-form")).to_have_count(0)
    assert measure.data_points.count() == 1

    choose_file(page, weekly_csv(LOW + HIGH), name="reading-fixed.csv")
    expect(page.get_by_test_id("preview-summary")).to_contain_text("All 19 rows can be imported.")
    page.get_by_role("button", name="Import 19 rows").click()

    expect(page.get_by_role("status").first).to_contain_text("Imported 19 points.")
    expect(page.get_by_test_id("data-table")).to_contain_text("11 May 2026")
    # The worker rebuilds the chart after the import commits; the page polls until it is fresh.
    caption = page.get_by_test_id("chart-caption")
    expect(caption).to_contain_text("an improvement", timeout=30_000)
    expect(page.get_by_test_id("chart-updating")).to_have_count(0)
    expect(page.locator("#measure-chart .main-svg").first).to_be_visible()
    assert measure.data_points.count() == 20
    assert csp_violations == []
