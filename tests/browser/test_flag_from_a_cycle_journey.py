"""In Chromium: a teacher raises an andon flag from her PDSA cycle's page, a bad first try keeps
what she typed, and the flag and the cycle then point at each other."""

import pytest
from playwright.sync_api import expect

from andon.models import Flag
from tests.support.browser import sign_in
from tests.support.cycles import make_plan, make_world
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_flag_raised_from_a_cycle_page_links_back_to_the_cycle(page, csp_violations, personas):
    world = make_world(personas)
    plan = make_plan(world)
    sign_in(page, "member", PASSWORD)
    page.goto(plan.get_absolute_url())

    panel = page.get_by_test_id("cycle-flags")
    expect(panel).to_contain_text("No flags raised from this cycle.")
    panel.get_by_test_id("cycle-raise-flag").click()
    form = panel.get_by_test_id("cycle-flag-form")
    form.get_by_label("What is happening").fill("Supply cover did not come on Tuesday.")
    form.get_by_role("button", name="Raise the flag").click()  # no title yet

    form = page.get_by_test_id("cycle-flag-form")
    expect(form).to_contain_text("This field is required")
    expect(form.get_by_label("What is happening")).to_have_value("Supply cover did not come on Tuesday.")
    assert not Flag.objects.exists()

    form.get_by_label("Title").fill("No cover for the reading pairs")
    form.get_by_role("button", name="Raise the flag").click()

    expect(page.get_by_test_id("cycle-flags")).to_contain_text("No cover for the reading pairs")
    page.get_by_test_id("cycle-flags").get_by_role("link", name="No cover for the reading pairs").click()
    expect(page.get_by_role("link", name=plan.title)).to_be_visible()
    page.get_by_role("link", name=plan.title).click()
    expect(page).to_have_url(f"{page.url.split('/cycles/')[0]}{plan.get_absolute_url()}")
    assert csp_violations == []
