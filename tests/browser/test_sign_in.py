from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_network():
    call_command("seed_demo", stdout=StringIO())


def test_demo_member_signs_in_and_sees_their_teams(page, demo_network):
    sign_in(page, "ella", "playbook-demo")

    expect(page.get_by_role("heading", name="Welcome, Ella")).to_be_visible()
    teams = page.get_by_test_id("my-teams")
    expect(teams).to_contain_text("Oakfield Primary — Early Reading")
    expect(teams).to_contain_text("Oakfield Primary — Maths")
    expect(teams.get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_test_id("panel-uptake")).to_have_count(0)


def test_demo_leader_sees_the_teams_they_oversee(page, demo_network):
    sign_in(page, "north.leader", "playbook-demo")

    panel = page.get_by_test_id("panel-uptake")
    expect(panel).to_contain_text("Hillcrest Secondary — Year 9")
    expect(panel).not_to_contain_text("Riverside Academy")


def test_a_wrong_password_keeps_the_person_on_the_sign_in_page(page, demo_network):
    sign_in(page, "ella", "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("ella")
