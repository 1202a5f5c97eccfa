"""A focus area's story shared outside the network, in real Chromium on a phone (390 px):

a lead opens the story, makes a link with people's names hidden, and the link opens the story in a
fresh browser that has never signed in: the aim, the chart with its phases, the abandoned cycle with
what it taught, and no one's name. The lead revokes the link, and the fresh browser then gets 404.

Each page ends the way every journey does: nothing scrolls sideways and axe finds nothing serious.
"""

import os
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles import services
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.cycles import make_plan, make_world
from tests.support.factories import PASSWORD, MembershipFactory, UserFactory
from tests.support.glance import STEP_UP, TODAY, charted_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PLAYBOOK_SHOTS", "/tmp/shots")


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def story(personas):
    world = make_world(personas)
    last = TODAY - timedelta(weeks=1)
    step = last - timedelta(weeks=len(STEP_UP) - 11)
    charted_measure(
        world.focus_area, "Pupils reading at age", STEP_UP, last=last, phase_dates=[step.isoformat()]
    )
    helper = UserFactory(network=personas.network, first_name="Philippa", last_name="Quennell", username="pq")
    MembershipFactory(user=helper, team=personas.team_a, role="member")
    adopted = make_plan(world, title="Paired reading in 4B", collaborators=[helper])
    adopted = services.start_cycle(cycle=adopted, by=personas.member)
    services.add_observation(
        cycle=adopted, by=helper, observed_on=date(2026, 3, 4), text="Philippa's pairs read twice as long."
    )
    services.update_cycle(cycle=adopted, by=personas.member, what_happened="We ran it for two weeks.")
    adopted = services.transition(cycle=adopted, by=personas.member, to="studying")
    for prediction in adopted.predictions.all():
        services.study_prediction(prediction=prediction, by=helper, actual="It did.", outcome="met")
    adopted = services.transition(cycle=adopted, by=personas.member, to="acting")
    services.update_cycle(
        cycle=adopted, by=personas.member, decision="adopt", decision_reasoning="Philippa's pairs kept at it."
    )
    services.transition(cycle=adopted, by=personas.member, to="complete")
    stopped = services.start_cycle(
        cycle=make_plan(world, title="Reading buddies at lunch"), by=personas.member
    )
    services.abandon_cycle(
        cycle=stopped,
        by=personas.member,
        reason="Lunchtime clashed with clubs: pupils chose clubs every time.",
    )
    world.helper = helper
    return world


def fits_and_reads_well(page, shot):
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/story_{shot}.png", full_page=True)


def test_a_lead_shares_the_story_without_names_and_revokes_the_link(phone, browser, live_server, story):
    sign_in(phone, "lead", PASSWORD)
    phone.wait_for_url(lambda url: "/accounts/login" not in url)
    phone.goto(reverse("focus-area-story", args=[story.focus_area.pk]))
    expect(phone.get_by_role("heading", name="Reading fluency", level=1)).to_be_visible()
    expect(phone.get_by_test_id("story-phases")).to_contain_text("Phase 2")
    expect(phone.get_by_test_id("no-story-links")).to_be_visible()
    phone.wait_for_load_state("networkidle")
    fits_and_reads_well(phone, "page")

    share = phone.get_by_test_id("story-share")
    share.get_by_label("Hide people's names").check()
    share.get_by_role("button", name="Make a link").click()
    address = phone.get_by_test_id("story-address")
    expect(address).to_be_visible()
    path = "/" + address.input_value().split("://", 1)[-1].split("/", 1)[-1]
    expect(phone.get_by_test_id("story-links")).to_contain_text("names hidden")
    fits_and_reads_well(phone, "made")

    outside = browser.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        reader = outside.new_page()
        reader.goto(path)
        shared = reader.get_by_test_id("shared-story")
        expect(shared.get_by_role("heading", name="Reading fluency", level=1)).to_be_visible()
        expect(shared.get_by_test_id("aim")).to_be_visible()
        expect(shared.get_by_test_id("story-phases")).to_contain_text("Phase 2")
        abandoned = shared.get_by_test_id("story-cycle").filter(has_text="Reading buddies at lunch")
        expect(abandoned.get_by_test_id("abandoned")).to_be_visible()
        expect(abandoned.get_by_test_id("taught")).to_contain_text("pupils chose clubs every time")
        text = shared.inner_text()
        for name in ("Philippa", "Quennell", story.member.get_full_name(), story.lead.get_full_name()):
            assert name not in text
        assert reader.locator("form").count() == 0
        assert reader.locator("a[href]").count() == 0  # nothing leads into the app
        reader.wait_for_load_state("networkidle")
        fits_and_reads_well(reader, "shared")

        phone.get_by_test_id("story-links").get_by_role("button", name="Revoke").click()
        expect(phone.get_by_text("That link no longer opens the story.")).to_be_visible()
        expect(phone.get_by_test_id("no-story-links")).to_be_visible()

        gone = reader.goto(path)
        assert gone.status == 404
        expect(reader.get_by_test_id("story-gone")).to_be_visible()
        fits_and_reads_well(reader, "gone")
    finally:
        outside.close()
