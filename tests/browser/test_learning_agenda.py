"""The learning agenda with the demo network, as the North Cluster's leader on a phone: nothing
scrolls sideways, axe finds nothing serious, each goal shows its progress from the cycles serving
it, and the shared values stand on the cycle plan page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# What sticks out past the viewport, named for the failure message.
WIDE = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(-5).map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def test_a_leader_reads_the_learning_agenda_on_a_phone(page, demo):
    sign_in(page, "north.leader", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto(reverse("learning-agenda"))
    goals = page.get_by_test_id("learning-goal")
    goals.first.wait_for()

    assert goals.count() == 2
    assert sideways_overflow(page) == 0, page.evaluate(WIDE)
    assert serious_axe_violations(page) == []
    north = goals.filter(has_text="Fluency checks teachers keep using")
    assert int(north.get_by_test_id("count-cycles").text_content()) > 0
    assert north.get_by_role("link", name="Edit").is_visible()


def test_the_values_strip_fits_on_the_plan_page(page, demo):
    sign_in(page, "maya.lead", "playbook-demo")
    page.set_viewport_size(PHONE)
    page.goto(reverse("cycle-create"))
    strip = page.get_by_test_id("network-values")
    strip.wait_for()

    assert strip.get_by_text("Pupils first").is_visible()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []
