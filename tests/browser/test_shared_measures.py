"""A hub leader opens the demo's shared measure on a phone: every adopting team's chart, the funnel
and the roll-up are drawn, nothing scrolls sideways and axe finds nothing serious.

Set PLAYBOOK_SHOTS=/some/dir to keep a screenshot of the page.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from demo.shared import NAME
from measures.models import SharedMeasure
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_compares_the_demo_shared_measure_on_a_phone(page):
    call_command("seed_demo", verbosity=0)
    shared = SharedMeasure.objects.get(name=NAME)
    page.set_viewport_size(PHONE)
    sign_in(page, "hub.leader", "playbook-demo")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(reverse("shared-measure-detail", args=[shared.pk]))

    charts = page.locator("[data-testid=small-multiples] .chart")
    expect(charts).to_have_count(3)
    for i in range(3):
        charts.nth(i).scroll_into_view_if_needed()
        expect(charts.nth(i).locator(".main-svg").first).to_be_visible(timeout=30_000)
    funnel = page.locator("[data-testid=funnel]")
    funnel.scroll_into_view_if_needed()
    expect(funnel.locator(".main-svg").first).to_be_visible(timeout=30_000)
    rollup = page.locator("[data-testid=rollup] .chart")
    rollup.scroll_into_view_if_needed()
    expect(rollup.locator(".main-svg").first).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("rollup-covers")).to_contain_text("Marsh Lane")
    shots = os.environ.get("PLAYBOOK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/shared-measure-phone.png", full_page=True)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_the_shared_measures_list_fits_a_phone(page):
    call_command("seed_demo", verbosity=0)
    page.set_viewport_size(PHONE)
    sign_in(page, "maya.lead", "playbook-demo")
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(reverse("shared-measure-list"))

    expect(page.get_by_test_id("shared-measure-row")).to_have_count(1)
    expect(page.get_by_test_id("shared-measure-row")).to_contain_text("3")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
