"""The dashboard's counts are quick filters: each chip narrows the list to what it counts, a second
tap lifts it, and every row carries the labels it needs to read as a card on a phone."""

import re

import pytest
from django.urls import reverse

from playbook import clock
from tests.support.andon import at, escalate_at

pytestmark = pytest.mark.django_db


def _dashboard(client, person, **query) -> str:
    client.force_login(person)
    with clock.frozen_at(at(3, 12)):
        return client.get(reverse("andon-dashboard"), query).content.decode()


def _chip(html, text) -> str:
    """The <a class="chip …"> whose words include ``text``."""
    for match in re.finditer(r'<a class="chip[^"]*"[^>]*>.*?</a>', html, re.S):
        if text in match.group(0):
            return match.group(0)
    raise AssertionError(f"no chip says {text!r}")


def test_each_tier_chip_counts_its_flags_and_links_to_that_tier(client, personas, flag):
    escalate_at(at(3, 10))

    chip = _chip(_dashboard(client, personas.leader), "at cluster level")

    assert '<span class="count-number">1</span>' in chip
    assert 'href="?tier=cluster"' in chip
    assert "aria-current" not in chip


def test_a_chosen_chip_is_marked_current_and_a_second_tap_lifts_it(client, personas, flag):
    chip = _chip(_dashboard(client, personas.leader, severity="medium"), "<span>medium</span>")

    assert 'aria-current="true"' in chip
    assert "severity=" not in chip


def test_every_flag_cell_is_labelled_for_the_phone_layout(client, personas, flag):
    html = _dashboard(client, personas.leader)

    for label in ("Severity", "Held by", "Status", "Age", "Next escalation"):
        assert f'data-label="{label}"' in html
    assert "table-reflow" in html
