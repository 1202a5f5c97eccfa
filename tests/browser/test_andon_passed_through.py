"""Issue 16 in Chromium: a flag the job climbs past Cluster A in one pass reaches the cluster leader
as "passed through" (home panel, dashboard filter and badge, the flag's path), and the lead of the
team that raised it still opens it. On a 390 px phone, with no sideways scroll and nothing serious
for axe."""

import pytest
from playwright.sync_api import expect

from andon.models import Flag
from andon.services import escalate_due_flags
from tests.support.andon import MONDAY_10, raise_at
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def passed_flag(personas) -> Flag:
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, title="No Friday cover")
    team_deadline = flag.acknowledge_by
    # The job was down past both Team A's and Cluster A's deadlines: one run climbs it two levels.
    escalate_due_flags(at=team_deadline + (team_deadline - flag.raised_at))
    flag = Flag.objects.get(pk=flag.pk)
    assert flag.holding_team == personas.hub
    return flag


def fits(page):
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_the_cluster_leader_finds_a_flag_that_passed_through_their_cluster(page, csp_violations, personas):
    flag = passed_flag(personas)
    page.set_viewport_size(PHONE)
    sign_in(page, "leader", PASSWORD)
    panel = page.get_by_test_id("panel-flags")
    expect(panel.get_by_test_id("home-escalations")).to_contain_text("No Friday cover")
    expect(panel.get_by_test_id("home-escalations")).to_contain_text("passed through")
    fits(page)

    page.goto("/andon/?passed=on")
    row = page.get_by_test_id("flag-row").filter(has_text="No Friday cover")
    expect(row.get_by_test_id("passed-badge")).to_be_visible()
    expect(page.get_by_test_id("passed-chip")).to_have_attribute("aria-current", "true")
    fits(page)

    row.get_by_role("link", name="No Friday cover", exact=True).click()
    expect(page.get_by_test_id("flag-path")).to_contain_text("Team A → Cluster A")
    expect(page.get_by_test_id("flag-path")).to_contain_text("passed through")
    fits(page)
    assert page.url.endswith(flag.get_absolute_url())
    assert csp_violations == []


def test_the_raising_teams_lead_still_opens_its_escalated_flag(page, personas):
    flag = passed_flag(personas)
    page.set_viewport_size(PHONE)
    sign_in(page, "lead", PASSWORD)
    page.goto(flag.get_absolute_url())
    expect(page.get_by_test_id("flag-holder")).to_contain_text("Hub")
    expect(page.get_by_label("Comment")).to_be_visible()
    fits(page)
