"""A lead builds a small driver diagram by clicking, without a page reload; a PDSA cycle on its change
idea is adopted and the diagram shows it. A member adds causes to the fishbone and votes.

The cycle runs through the cycles app's own services (plan, start, study, decide), as a colleague
would in the cycles pages; the driver diagram learns the status through ``set_testing_status``.
"""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, FocusAreaFactory
from theory.models import ChangeIdea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def focus_area(personas):
    return FocusAreaFactory(
        team=personas.team_a,
        owner=personas.lead,
        title="Reading fluency",
        problem="Too few Year 2 pupils read fluently.",
    )


def adopt_a_cycle_on(idea: ChangeIdea, by):
    from cycles import services as cycles

    cycle = cycles.create_cycle(
        team=idea.focus_area.team,
        by=by,
        title="Paired reading, week 1",
        change_idea=idea,
        objective="See whether ten minutes a day helps",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 13),
        predictions=[cycles.PredictionInput(statement="Most pairs read every day")],
    )
    cycles.start_cycle(cycle=cycle, by=by)
    cycles.update_cycle(cycle=cycle, by=by, what_happened="Nine pairs of ten read every day.")
    cycles.begin_study(cycle=cycle, by=by)
    cycles.study_prediction(prediction=cycle.predictions.get(), by=by, actual="9 of 10 pairs", outcome="met")
    cycles.begin_act(cycle=cycle, by=by)
    cycles.update_cycle(cycle=cycle, by=by, decision="adopt", decision_reasoning="It worked as predicted.")
    cycles.complete_cycle(cycle=cycle, by=by)


def diagram_label(page, text):
    return page.get_by_test_id("driver-diagram").locator(f'text[data-label="{text}"]')


def test_lead_builds_a_driver_diagram_and_sees_an_idea_adopted(page, csp_violations, personas, focus_area):
    sign_in(page, "lead", PASSWORD)
    page.goto(focus_area.get_absolute_url())
    page.get_by_test_id("theory-links").get_by_role("link", name="Driver diagram").click()
    expect(page.get_by_role("heading", name="Driver diagram")).to_be_visible()
    page.evaluate("window.sameDocument = true")  # gone if any step reloads the page

    page.get_by_label("Add a primary driver").fill("Daily reading practice")
    page.get_by_test_id("add-primary").get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("editor-notice")).to_have_text("Added primary driver “Daily reading practice”")
    expect(diagram_label(page, "Daily reading practice")).to_be_visible()
    expect(page.get_by_label("Add a primary driver")).to_be_focused()  # ready for the next one

    page.get_by_label("Add a secondary driver").fill("Time for paired reading")
    page.get_by_test_id("add-secondary").get_by_role("button", name="Add").click()
    expect(diagram_label(page, "Time for paired reading")).to_be_visible()
    expect(page.get_by_label("Add a secondary driver")).to_be_focused()

    # Keyboard: Tab to the box in the diagram, Enter opens its editor below.
    page.get_by_test_id("driver-diagram").locator("[data-kind=secondary]").focus()
    page.keyboard.press("Enter")
    secondary = page.get_by_test_id("secondary-drivers").locator("li").first
    expect(secondary.get_by_label("Text of “Time for paired reading”")).to_be_focused()
    secondary.get_by_label("Link “Time for paired reading” to a primary driver").select_option(
        label="Daily reading practice"
    )
    secondary.get_by_role("button", name="Link").first.click()
    expect(page.get_by_test_id("editor-notice")).to_have_text(
        "Linked “Time for paired reading” to “Daily reading practice”"
    )
    expect(page.get_by_test_id("driver-diagram").locator("path[data-link^=p]")).to_have_count(1)
    # After the swap settles, focus returns to the form just used; typing before then would land there.
    expect(page.locator(".htmx-settling")).to_have_count(0)

    page.get_by_label("Propose a change idea").fill("Ten-minute paired reading")
    page.get_by_test_id("add-idea").get_by_label("Serves").select_option(label="Time for paired reading")
    page.get_by_role("button", name="Add idea").click()
    expect(diagram_label(page, "Ten-minute paired reading")).to_be_visible()
    pill = page.get_by_test_id("driver-diagram").locator("text[data-pill]")
    note = page.get_by_test_id("driver-diagram").locator("text[data-note]")
    expect(pill).to_have_text("Not tested")
    expect(note).to_have_text("no cycles yet")

    # A refusal is shown where it happened, and nothing is lost.
    page.get_by_label("Add a primary driver").fill("Daily reading practice")
    page.get_by_label("Propose a change idea").fill("Ten-minute paired reading")
    page.get_by_role("button", name="Add idea").click()
    expect(page.get_by_test_id("add-idea").get_by_role("alert")).to_contain_text("already has a change idea")
    expect(page.get_by_label("Propose a change idea")).to_have_value("Ten-minute paired reading")
    assert page.evaluate("window.sameDocument") is True

    adopt_a_cycle_on(ChangeIdea.objects.get(title="Ten-minute paired reading"), personas.member)

    page.reload()
    expect(pill).to_have_text("Adopted")
    expect(note).to_have_text("1 cycle")
    expect(page.get_by_test_id("change-ideas").get_by_test_id("idea-status")).to_have_text("Adopted")
    assert csp_violations == []


def test_member_adds_causes_to_the_fishbone_and_votes(page, csp_violations, personas, focus_area):
    sign_in(page, "member", PASSWORD)
    page.goto(f"/theory/focus/{focus_area.pk}/fishbone/")
    page.get_by_role("button", name="Start the fishbone").click()
    fishbone = page.get_by_test_id("fishbone")
    expect(fishbone.locator('text[data-label="Too few Year 2 pupils read fluently."]')).to_be_visible()
    for category in ("People", "Practices and methods", "Curriculum and materials", "Policies",
                     "Place and environment", "Measurement"):  # fmt: skip
        expect(fishbone.locator(f'text[data-label="{category}"]')).to_be_visible()

    page.get_by_label("Add a cause under People").fill("Supply teachers cover Friday lessons")
    page.get_by_role("button", name="Add cause").first.click()
    cause = fishbone.locator('text[data-label="Supply teachers cover Friday lessons"]')
    expect(cause).to_be_visible()

    cause.click()  # opens its editor below the diagram
    page.get_by_role("button", name="Vote: this matters").click()
    expect(page.get_by_test_id("editor-notice")).to_have_text(
        "Voted for “Supply teachers cover Friday lessons”"
    )
    expect(fishbone.locator("[data-votes] text")).to_have_text("▲1")
    expect(page.get_by_test_id("most-voted")).to_contain_text("Supply teachers cover Friday lessons")
    assert csp_violations == []
