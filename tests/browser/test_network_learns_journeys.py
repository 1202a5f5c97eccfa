"""Journeys through the network's shared parts in real Chromium on a phone, with the demo network:

- a team lead adopts the hub's shared measure into their focus area from its page, and the focus area
  then lists it (the Measure is linked to the shared measure);
- a cluster leader overrides a focus area's progress score with a reason, and the score and the
  reason stand in the page's history; a plain team member sees no override form and a member's post
  is refused with the 403 page;
- the network admin edits one of the shared values, and the home page's values strip shows the new
  words; anyone else gets 403 on the edit page;
- a team member asking for the leaders' "measures at a glance" gets the 403 page, and nothing in the
  main navigation (or the focus areas page) links to it.

On every key page nothing scrolls sideways at 390 px and axe finds nothing serious.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from demo.series import READING
from demo.shared import NAME
from measures.models import FocusArea, Measure, ProgressScoreOverride, SharedMeasure
from playbook.models import NetworkValue
from tests.support.browser import PHONE, serious_axe_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "playbook-demo"
LEAD = "maya.lead"  # leads Oakfield's early reading team
LEADER = "north.leader"  # leads the North Cluster, above Oakfield
MEMBER = "omar"  # a member of Oakfield's early reading team, nothing more
READING_TEAM = "Oakfield Primary — Early Reading"


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def reading(demo):
    return FocusArea.objects.get(team__slug=READING[0], title=READING[1])


def signed_in(page, username):
    page.set_viewport_size(PHONE)
    sign_in(page, username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def csrf_token(page) -> str:
    """The token every page carries for htmx (``hx-headers`` on the body)."""
    return page.evaluate("() => JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']")


def test_a_team_lead_adopts_the_shared_measure_into_their_focus_area(page, reading):
    shared = SharedMeasure.objects.get(name=NAME)
    assert not reading.measures.filter(shared_measure=shared).exists()
    signed_in(page, LEAD)

    page.goto(reverse("shared-measure-list"))
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    adopt = page.get_by_test_id("adopt")
    expect(adopt.get_by_role("heading", name="Adopt it")).to_be_visible()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    adopt.get_by_label("Adopt into").select_option(label=f"{READING_TEAM}: {READING[1]}")
    adopt.get_by_role("button", name="Adopt").click()
    adopted_note = f"“{NAME}” is adopted into “{READING[1]}”"
    expect(page.get_by_role("status").filter(has_text=adopted_note)).to_be_visible()

    page.locator(".crumbs").get_by_role("link", name=READING[1]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(READING[1])
    measures = page.get_by_test_id("measures")
    expect(measures.get_by_role("link", name=NAME)).to_be_visible()
    adopted = Measure.objects.get(focus_area=reading, name=NAME)
    assert adopted.shared_measure_id == shared.pk
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_leader_overrides_the_progress_score_and_the_reason_stays_in_its_history(page, reading):
    reason = "The Year 2 probe results were moderated by the cluster this term."
    signed_in(page, LEADER)

    page.goto(reverse("focus-area-detail", args=[reading.pk]))
    page.get_by_test_id("progress-panel").get_by_role("link", name="Evidence and history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Progress: {READING[1]}")
    expect(page.get_by_text("No leader has overridden the score; it follows the evidence.")).to_be_visible()

    form = page.get_by_test_id("override-form")
    form.get_by_label("Score").select_option("4.5")
    form.get_by_label("Why").fill(reason)
    form.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="The progress score is overridden.")).to_be_visible()
    expect(page.get_by_test_id("progress-score")).to_have_text("4.5")
    expect(page.get_by_test_id("overridden")).to_be_visible()
    row = page.get_by_test_id("progress-history").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("[data-label=Score]")).to_have_text("4.5")
    expect(row.locator("[data-label=Why]")).to_have_text(reason)
    expect(row.locator("[data-label=Who]")).to_have_text("Tom Becker")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_team_member_sees_the_progress_but_may_not_override_it(page, reading):
    signed_in(page, MEMBER)
    url = reverse("focus-area-progress", args=[reading.pk])

    response = page.goto(url)
    assert response.status == 200
    expect(page.get_by_test_id("progress-score")).to_be_visible()
    expect(page.get_by_test_id("override-form")).to_have_count(0)
    expect(page.get_by_role("heading", name="Override the score")).to_have_count(0)
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    refused = page.request.post(
        url,
        form={"score": "5.0", "reason": "Because I say so."},
        headers={"X-CSRFToken": csrf_token(page)},
    )
    assert refused.status == 403
    assert "Only leaders override a progress score." in refused.text()  # the app's 403, not CSRF's
    assert not ProgressScoreOverride.objects.filter(focus_area=reading).exists()


def test_the_network_admin_edits_a_shared_value_and_the_home_page_shows_it(page, demo):
    signed_in(page, "admin")

    page.goto(reverse("network-values"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Shared values")
    page.get_by_role("link", name="Edit Learn out loud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Learn out loud”")
    page.get_by_label("Name").fill("Learn out loud, together")
    page.get_by_label("Description").fill("We tell the network what failed, the same week we find out.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="The value is saved.")).to_be_visible()
    expect(page.get_by_test_id("network-value").filter(has_text="Learn out loud, together")).to_be_visible()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    page.goto(reverse("home"))
    strip = page.get_by_test_id("network-values")
    strip.scroll_into_view_if_needed()
    expect(strip.get_by_text("Learn out loud, together")).to_be_visible()
    expect(strip).to_contain_text("We tell the network what failed, the same week we find out.")
    expect(strip).not_to_contain_text("We share what did not work as readily as what did.")
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("username", [MEMBER, "hub.leader"], ids=["member", "hub-leader"])
def test_only_the_network_admin_may_open_a_shared_value_to_edit(page, demo, username):
    value = NetworkValue.objects.get(name="Learn out loud")
    signed_in(page, username)

    response = page.goto(reverse("network-value-edit", args=[value.pk]))

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("textbox", name="Name")).to_have_count(0)
    assert page.goto(reverse("network-values")).status == 403
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


def test_a_team_member_is_refused_measures_at_a_glance_and_offered_no_link_to_it(page, demo):
    signed_in(page, MEMBER)
    glance = reverse("measures-at-a-glance")

    response = page.goto(glance)

    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_text("Measures at a glance is for team leads and leaders.")).to_be_visible()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []

    main_nav = page.get_by_role("navigation", name="Main", include_hidden=True)
    expect(main_nav.get_by_role("link", name="Home", include_hidden=True)).to_have_count(1)
    expect(main_nav.locator(f"a[href='{glance}']")).to_have_count(0)
    expect(main_nav.get_by_role("link", name="Measures at a glance", include_hidden=True)).to_have_count(0)
    page.goto(reverse("focus-area-list"))
    expect(page.get_by_test_id("shared-measures-link")).to_be_visible()
    expect(page.locator(f"a[href^='{glance}']")).to_have_count(0)
