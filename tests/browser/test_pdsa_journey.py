"""Journey 1 in real Chromium: a staff member logs a PDSA cycle from plan to the next cycle of the ramp.

Plan with two predictions, start (the predictions freeze), record what happened, enter data, study each
prediction beside the chart, decide to adapt, and land on the next cycle, pre-filled and linked. A real
Celery worker rebuilds the measure's chart after the data is entered; the page polls until it is drawn.
"""

import pytest
from playwright.sync_api import expect

from cycles.models import Cycle
from measures.models import Measure
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, DataPointFactory, FocusAreaFactory, MeasureFactory
from theory.services import create_change_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def theory(personas):
    from datetime import date, timedelta

    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = MeasureFactory(
        focus_area=focus_area, name="Words read a minute", kind=Measure.Kind.OUTCOME, unit="words"
    )
    for week, value in enumerate([40, 41, 39, 42, 40, 41]):  # the weeks before the test
        DataPointFactory(measure=measure, period=date(2026, 1, 19) + timedelta(weeks=week), value=value)
    create_change_idea(focus_area=focus_area, by=personas.lead, title="Paired reading")
    return measure


def test_staff_member_logs_a_cycle_and_starts_the_next_one(page, csp_violations, personas, theory, worker):
    sign_in(page, "member", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cycles").click()
    page.get_by_test_id("new-cycle").click()

    # Plan
    form = page.get_by_test_id("plan-form")
    form.get_by_label("Change idea").select_option(label="Paired reading — Reading fluency")
    form.get_by_label("Title").fill("Paired reading in 4B")
    form.get_by_label("Objective").fill("See whether paired reading lifts fluency in a week and a half.")
    form.get_by_label("Who").fill("Ms Patel and six pupils")
    form.get_by_label("Starts on").fill("2026-03-02")
    form.get_by_label("Ends on").fill("2026-03-13")
    form.get_by_label("Scale: how many").fill("6")
    form.get_by_label("Scale: of what").select_option("pupils")
    form.get_by_role("button", name="Create the plan").click()
    expect(page.get_by_role("status").first).to_contain_text("is planned")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paired reading in 4B")

    prediction = page.get_by_test_id("prediction-form")
    prediction.get_by_label("Prediction").fill("The six pupils will read at least 50 words a minute.")
    prediction.get_by_label("Measure").select_option(label="Words read a minute (outcome)")
    prediction.get_by_label("Expected direction").select_option("up")
    prediction.get_by_label("Expected value").fill("50")
    prediction.get_by_role("button", name="Add prediction").click()
    expect(page.get_by_test_id("predictions")).to_contain_text("Words read a minute goes up to 50")
    page.get_by_test_id("prediction-form").get_by_label("Prediction").fill("Pupils will say they enjoy it.")
    page.get_by_test_id("prediction-form").get_by_role("button", name="Add prediction").click()
    expect(page.get_by_test_id("predictions").locator("li")).to_have_count(2)

    # Start: the predictions freeze
    page.get_by_test_id("move-doing").click()
    expect(page.get_by_role("status").first).to_contain_text("Its predictions are frozen.")
    expect(page.get_by_test_id("stage")).to_have_text("Do")
    expect(page.get_by_test_id("frozen-at")).to_contain_text("read-only")
    expect(page.get_by_test_id("prediction-form")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit prediction 1")).to_have_count(0)

    # Do: what happened, an observation, data on the measure
    do = page.get_by_test_id("do-form")
    do.get_by_label("What happened").fill("Eight sessions of twenty minutes.")
    do.get_by_label("Deviations from the plan").fill("Two sessions a week instead of three.")
    do.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("what-happened")).to_contain_text("Eight sessions")
    page.get_by_text("Add an observation").click()
    observation = page.get_by_test_id("observation-form")
    observation.get_by_label("Day").fill("2026-03-04")
    observation.get_by_label("Observation").fill("Two pupils were absent on Wednesday.")
    observation.get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("observations")).to_contain_text("Two pupils were absent")
    for period, value in (("2026-03-02", "48"), ("2026-03-09", "53")):
        page.get_by_text("Enter data").click()
        data = page.get_by_test_id("data-form")
        data.get_by_label("Week starting").fill(period)
        data.get_by_label("Value").fill(value)
        data.get_by_role("button", name="Save data").click()
        expect(page.get_by_role("status").first).to_contain_text("is saved")
    expect(page.get_by_test_id("window-points")).to_contain_text("9 Mar: 53")

    # Study, beside the predictions and the chart (rebuilt by the worker, the cycle's window shaded)
    page.get_by_test_id("move-studying").click()
    expect(page.get_by_test_id("stage")).to_have_text("Study")
    expect(page.get_by_test_id("study-chart").first.locator(".main-svg").first).to_be_visible(timeout=30_000)
    first = page.get_by_test_id("study-form-1")
    first.get_by_label("What actually happened").fill("From 41 to 53 words a minute on average.")
    first.get_by_label("Met", exact=True).check()
    first.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("study-item").first).to_contain_text("Met")
    second = page.get_by_test_id("study-form-2")
    second.get_by_label("What actually happened").fill("Four of six said so; two found it slow.")
    second.get_by_label("Partly met").check()
    second.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("study-item").nth(1)).to_contain_text("Partly met")

    # Act: adapt, and start the next cycle of the ramp
    page.get_by_test_id("move-acting").click()
    act = page.get_by_test_id("act-form")
    act.get_by_label("Adapt").check()
    act.get_by_label("Why").fill("Fluency rose, but the pace put two pupils off.")
    act.get_by_label("Next steps").fill("Pair by reading level; try with 12 pupils.")
    act.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_test_id("decision")).to_have_text("Adapt")
    page.get_by_test_id("start-next").click()

    # The next cycle: pre-filled from this one and linked to it
    expect(page.get_by_role("status").first).to_contain_text("The next cycle is planned")
    expect(page.get_by_test_id("ramp-from")).to_contain_text("Paired reading in 4B")
    expect(page.get_by_test_id("ramp-from")).to_contain_text("Adapt")
    expect(page.get_by_test_id("stage")).to_have_text("Plan")
    expect(page.get_by_test_id("predictions")).to_contain_text("at least 50 words a minute")
    expect(page.get_by_test_id("predictions")).to_contain_text("enjoy it")
    expect(page.get_by_test_id("plan-scale")).to_have_text("6 pupils")
    expect(page.get_by_test_id("frozen-at")).to_have_count(0)
    expect(page.get_by_test_id("prediction-form")).to_be_visible()

    first_cycle = Cycle.objects.get(ramp_from=None)
    following = Cycle.objects.get(ramp_from=first_cycle)
    assert first_cycle.stage == "complete" and following.stage == "planning"
    assert "Pair by reading level" in following.objective
    assert csp_violations == []
