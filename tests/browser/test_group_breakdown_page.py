"""The breakdown page, the grid and the groups' list on a phone and a desktop: nothing scrolls
sideways, axe finds nothing serious, the small multiples are drawn and the reason for a hidden
group is on screen.

Set PLAYBOOK_SHOTS=/some/dir to keep a screenshot of every page looked at.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from measures.data_input import Rhythm
from playbook import clock
from tests.support.browser import DESKTOP, PHONE, serious_axe_violations, sideways_overflow, sign_in
from tests.support.factories import (
    PASSWORD,
    FocusAreaFactory,
    GroupPointFactory,
    MeasureFactory,
    PupilGroupFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def measure(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading")
    measure = MeasureFactory(
        focus_area=focus_area, name="Year 2 pupils reading 90+ wpm", data_kind="proportion"
    )
    groups = [
        PupilGroupFactory(network=personas.network, dimension="Free school meals", name=name, position=i)
        for i, name in enumerate(("Eligible", "Not eligible"))
    ]
    weeks = sorted(Rhythm("weekly").recent(clock.today(), 20))
    for w, week in enumerate(weeks):
        for g, group in enumerate(groups):
            pupils = 8 if (g, w) == (0, 5) else 12 + g * 6
            numerator = round(pupils * (0.35 + 0.15 * g + (0.15 if w >= 10 else 0)))
            GroupPointFactory(
                measure=measure, group=group, period=week, value=None,
                numerator=numerator, denominator=pupils, pupils=pupils,
            )  # fmt: skip
    return measure


def look(page, url: str, name: str, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shots = os.environ.get("PLAYBOOK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{shots}/groups-{name}-{size}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_breakdown_draws_each_group_and_says_what_is_hidden(page, personas, measure, size):
    sign_in(page, personas.member.username, PASSWORD)
    look(page, reverse("measure-groups", args=[measure.pk]), "breakdown", size)
    charts = page.locator("[data-testid=small-multiples] .chart")
    assert charts.count() == 2
    for i in range(2):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).locator(".main-svg").first.wait_for()
    page.locator("[data-testid=gap] .chart .main-svg").first.wait_for()
    reason = page.get_by_text("Hidden: fewer than 10 pupils, so a child could be identified.")
    reason.scroll_into_view_if_needed()
    assert reason.is_visible()
    assert sideways_overflow(page) == 0
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_the_grid_upload_and_groups_pages_fit_and_pass_axe(page, personas, measure, size):
    problems = []
    sign_in(page, personas.member.username, PASSWORD)
    pages = {
        "grid": reverse("measure-group-grid", args=[measure.pk]),
        "upload": reverse("measure-group-upload", args=[measure.pk]),
    }
    for name, url in pages.items():
        look(page, url, name, size)
        problems += [f"{name}: {p}" for p in serious_axe_violations(page)]
        if overflow := sideways_overflow(page):
            problems.append(f"{name}: {overflow} px sideways")
    page.context.clear_cookies()
    sign_in(page, personas.admin.username, PASSWORD)
    look(page, reverse("pupil-groups"), "pupil-groups", size)
    problems += [f"pupil-groups: {p}" for p in serious_axe_violations(page)]
    if overflow := sideways_overflow(page):
        problems.append(f"pupil-groups: {overflow} px sideways")
    assert problems == [], "\n".join(problems)
