"""The dashboard's counts and trends, and the flags panel at home, are kept by each worker for a
little while per person, and no longer than the flags stay as they were: any change to any flag
(it writes a flag event) reads them afresh on the next request, so what someone just did shows at
once. The page says when the figures it shows were read."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from andon import services
from playbook import clock
from tests.support.andon import at, raise_at
from tests.support.clients import page_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_figures")]

NOON = at(3, 12)


def dashboard(client, moment=NOON, **query) -> tuple[str, int]:
    with clock.frozen_at(moment), CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("andon-dashboard"), query)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def not_resolved(html: str) -> int:
    return int(re.search(r'<span class="count-number">(\d+)</span> <span>not resolved', html).group(1))


def raised_this_week(html: str) -> int:
    return int(re.search(r"Raised \((\d+)\)", html).group(1))


def test_a_second_look_reuses_the_figures_and_says_when_they_were_read(personas, flag):
    client = page_as(personas.leader)
    first, fresh = dashboard(client)
    second, again = dashboard(client, NOON + timedelta(minutes=1))

    assert again < fresh  # counts, weekly flow and response by tier were not asked again
    assert not_resolved(second) == not_resolved(first) == 1
    assert second.count('Figures as of <time datetime="2026-03-03T12:00:00+00:00">12:00</time>') == 2


def test_a_flag_raised_shows_in_the_counts_and_the_trend_on_the_next_look(personas, flag):
    client = page_as(personas.leader)
    before, _ = dashboard(client)

    raise_at(NOON + timedelta(seconds=10), by=personas.member, team=personas.team_a, title="Second flag")
    after, _ = dashboard(client, NOON + timedelta(seconds=20))

    assert (not_resolved(before), not_resolved(after)) == (1, 2)
    assert raised_this_week(after) == raised_this_week(before) + 1


def test_a_flag_resolved_leaves_the_counts_on_the_next_look(personas, flag):
    client = page_as(personas.leader)
    dashboard(client)

    with clock.frozen_at(NOON + timedelta(seconds=10)):
        services.resolve_flag(flag=flag, by=personas.lead, resolution="Cover booked", learning="Book early")
    after, _ = dashboard(client, NOON + timedelta(seconds=20))

    assert "0</span> <span>not resolved" in after


def test_each_filter_keeps_its_own_counts(personas, flag):
    raise_at(NOON, by=personas.member, team=personas.team_a, severity="high", title="High one")
    client = page_as(personas.leader)
    everything, _ = dashboard(client)
    high, _ = dashboard(client, severity="high")

    assert not_resolved(everything) == 2
    assert re.search(r'<span class="count-number">1</span> <span>matching', high)


def test_figures_are_kept_per_person(personas, flag):
    dashboard(page_as(personas.leader))

    html, _ = dashboard(page_as(personas.member))

    assert 'data-testid="counts"' in html
    assert not_resolved(html) == 1  # the member's own count, read for them


def test_kept_figures_are_off_when_the_setting_is(personas, flag, settings):
    settings.PANELS_KEPT = False
    client = page_as(personas.leader)
    _, first = dashboard(client)
    _, second = dashboard(client, NOON + timedelta(minutes=1))

    assert second == first


def home_flags(client, moment=NOON) -> tuple[str, int]:
    with clock.frozen_at(moment), CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    html = response.content.decode()
    start = html.index('data-testid="panel-flags"')
    return html[start : html.index("</section>", start)], len(captured)


def test_the_home_flags_panel_is_kept_within_the_minute_and_says_so(personas, flag):
    client = page_as(personas.lead)
    first, fresh = home_flags(client)
    second, again = home_flags(client, NOON + timedelta(seconds=30))

    assert again < fresh
    assert second == first
    assert 'Figures as of <time datetime="2026-03-03T12:00:00+00:00">12:00</time>' in second


def test_a_flag_raised_shows_in_the_home_panel_on_the_next_look(personas, flag):
    client = page_as(personas.member)
    before, _ = home_flags(client)

    raise_at(NOON + timedelta(seconds=10), by=personas.member, team=personas.team_a, title="Printer jammed")
    after, _ = home_flags(client, NOON + timedelta(seconds=20))

    assert "Printer jammed" not in before
    assert "Printer jammed" in after


def test_the_home_flags_panel_is_read_again_the_next_minute(personas, flag):
    client = page_as(personas.lead)
    _, fresh = home_flags(client)
    later, next_minute = home_flags(client, NOON + timedelta(minutes=1))

    assert next_minute == fresh
    assert "12:01" in later
