"""The pupil-group breakdown draws each group's variation icon as every chart box does (the SVG of
measures/_spc_icons.html, named for screen readers), not in words of its own."""

import re

import pytest

from tests.measures.test_group_breakdown import breakdown, fill, fsm, measure, mondays  # noqa: F401
from tests.support.clients import page_as

pytestmark = pytest.mark.django_db


def group_section(html: str, name: str) -> str:
    sections = re.findall(r'<section class="card"[^>]*data-testid="group-chart">.*?</section>', html, re.S)
    (found,) = [s for s in sections if f">{name}</h2>" in s]
    return found


def test_it_draws_each_groups_variation_icon_as_a_named_svg(personas, measure, fsm):  # noqa: F811
    periods = mondays(16)
    # Eligible pupils' share jumps halfway (an improvement); the others hold steady (common cause).
    fill(measure, fsm[:1], periods, numerator=lambda g, w: 6 + w % 2 if w < 8 else 15 + w % 2)
    fill(measure, fsm[1:], periods, numerator=lambda g, w: 12 + w % 3)
    html = breakdown(page_as(personas.member), measure).content.decode()

    eligible, others = group_section(html, "Eligible"), group_section(html, "Not eligible")
    assert re.search(
        r'data-icon-name="improvement_high">\s*<svg role="img" aria-label="Improvement \(high\)"', eligible
    )
    assert re.search(r'data-icon-name="common_cause">\s*<svg role="img" aria-label="[^"]+"', others)
    # The words the breakdown once kept for its own pills are gone from the page.
    assert "Improvement: unusually high" not in html
    assert "Common-cause variation" not in html
    assert 'class="pill pill-ok"' not in eligible
