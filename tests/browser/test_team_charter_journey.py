"""A team's life from its charter to its close, in real Chromium on a phone (390 px):

a lead writes Team A's charter and its self-assessment against the network's standards; the leader
above sees it on the overview of the teams below them; the network admin closes the team with a
retrospective, choosing what becomes of its open cycle and of the flag it holds; the closed team's
charter page and its charter's history still read, and offer nothing to change.

Each page ends the way every journey does: nothing scrolls sideways and axe finds nothing serious.
Screenshots go to CHARTER_SCREENSHOTS (a folder) when it is set, for a person to look at.
"""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from andon.models import Flag
from cycles.models import Cycle
from playbook.models import TeamAssessment, TeamCharter, TeamRetrospective
from playbook.services import charters
from tests.support.andon import MONDAY_10, raise_at
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.cycles import make_plan, make_world
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CHARTER_SCREENSHOTS")


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def signed_in(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def fits_and_reads_well(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"charter_{name}.png"), full_page=True)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_team_is_chartered_assessed_overseen_and_closed_with_its_history_kept(phone, personas):
    world = make_world(personas)
    for name in ("We meet on schedule", "We follow up on our actions"):
        charters.create_team_standard(network=personas.network, by=personas.admin, name=name)
    cycle = make_plan(world, title="Paired reading in 4B")
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="No cover on Thursdays")
    team = personas.team_a

    # The lead writes the charter.
    signed_in(phone, "lead")
    phone.goto(reverse("team-detail", args=[team.pk]))
    phone.get_by_test_id("charter-links").get_by_role("link", name="Charter and self-assessments").click()
    expect(phone.get_by_text("Team A has no charter yet.")).to_be_visible()
    phone.get_by_role("link", name="Edit the charter").click()
    phone.get_by_label("Purpose").fill("Lift Year 4 reading fluency.")
    phone.get_by_label("Goal").fill("80% of Year 4 at 90 words a minute by July.")
    phone.get_by_label("Roles and expectations").fill("Sam runs the huddle; everyone brings their data.")
    fits_and_reads_well(phone, "edit")
    phone.get_by_role("button", name="Save the charter").click()
    expect(phone.get_by_role("status").filter(has_text="charter is saved")).to_be_visible()
    expect(phone.get_by_test_id("charter")).to_contain_text("Version 1")
    assert TeamCharter.objects.get(team=team).purpose == "Lift Year 4 reading fluency."

    # And this month's self-assessment.
    phone.get_by_role("link", name="Assess").click()
    phone.get_by_role("combobox", name="We meet on schedule").select_option(label="3 — Mostly")
    phone.get_by_role("combobox", name="We follow up on our actions").select_option(label="2 — Sometimes")
    phone.get_by_label("Note on “We follow up on our actions”").fill("Actions slip after a week.")
    fits_and_reads_well(phone, "assess")
    phone.get_by_role("button", name="Save the self-assessment").click()
    expect(phone.get_by_role("status").filter(has_text="self-assessment for")).to_be_visible()
    expect(phone.get_by_test_id("assessment")).to_contain_text("Actions slip after a week.")
    fits_and_reads_well(phone, "team")
    assert TeamAssessment.objects.get(team=team).ratings.count() == 2

    # The leader above sees it among the teams below them.
    signed_in(phone, "leader")
    phone.goto(reverse("team-assessments-overview"))
    expect(phone.get_by_role("heading", name="Teams' self-assessments", level=1)).to_be_visible()
    team_a = phone.get_by_test_id("team-assessment").filter(has_text="Team A")
    expect(team_a).to_contain_text("3 — Mostly")
    expect(phone.get_by_test_id("team-assessment").filter(has_text="Team B")).to_contain_text(
        "No self-assessment yet."
    )
    fits_and_reads_well(phone, "overview")

    # The admin closes the team, passing its flag up and abandoning its cycle.
    signed_in(phone, "admin")
    phone.goto(reverse("team-charter", args=[team.pk]))
    phone.get_by_role("link", name="Close the team").click()
    expect(phone.get_by_role("heading", name="Close Team A", level=1)).to_be_visible()
    phone.get_by_label("What the team learned").fill("Paired reading worked; the timetable did not.")
    phone.get_by_label("Unresolved andon flags (1)").select_option(label="Passed to the team above")
    fits_and_reads_well(phone, "close")
    phone.get_by_role("button", name="Close Team A").click()
    expect(phone.get_by_role("status").filter(has_text="Team A is closed")).to_be_visible()

    retrospective = phone.get_by_test_id("retrospective")
    expect(retrospective).to_contain_text("Paired reading worked; the timetable did not.")
    expect(retrospective).to_contain_text("Passed to the team above")
    expect(retrospective).to_contain_text("Paired reading in 4B")
    expect(phone.get_by_role("link", name="Edit the charter")).to_have_count(0)
    expect(phone.get_by_role("link", name="Close the team")).to_have_count(0)
    fits_and_reads_well(phone, "closed")
    assert TeamRetrospective.objects.filter(team=team).exists()
    assert Cycle.objects.get(pk=cycle.pk).stage == Cycle.Stage.ABANDONED
    assert Flag.objects.get(pk=flag.pk).holding_team == personas.cluster_a

    # Its history still reads, for the people who were in it.
    signed_in(phone, "lead")
    phone.goto(reverse("team-charter", args=[team.pk]))
    expect(phone.get_by_text("Closed", exact=True)).to_be_visible()
    phone.get_by_role("link", name="Every version").click()
    expect(phone.get_by_role("heading", name="Team A: every version of the charter")).to_be_visible()
    expect(phone.get_by_test_id("revision")).to_contain_text("Sam runs the huddle")
    fits_and_reads_well(phone, "history")
    phone.goto(reverse("team-detail", args=[team.pk]))
    expect(phone.get_by_text("kept, read-only, for its history")).to_be_visible()
    fits_and_reads_well(phone, "team_detail")
