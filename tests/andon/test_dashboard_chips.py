"""The dashboard's counts are quick filters: each chip narrows the list to what it counts, a second
tap lifts it, and every row carries the labels it needs to read as a card on a phone."""

import re

import pytest
from django.urls import reverse

from andon.permissions import FLAG_ACT
from playbook import clock, permissions
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


def _row(html, flag) -> str:
    match = re.search(rf'<tbody id="flag-{flag.pk}".*?</tbody>', html, re.S)
    assert match, f"no row for flag {flag.pk}"
    return match.group(0)


def test_a_row_escapes_what_people_typed_in_its_title_and_in_its_button_label(client, personas, flag):
    flag.title = 'Cover <script>alert("x")</script> & more'
    flag.save(update_fields=["title"])

    row = _row(_dashboard(client, personas.leader), flag)

    assert "<script>" not in row
    escaped = "Cover &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"
    assert row.count(escaped) == 2  # the link and the More button's label


def test_only_those_who_may_act_on_a_flag_get_its_acknowledge_form_with_the_csrf_field(
    client, personas, flag
):
    escalate_at(at(3, 10))  # held by the cluster now: the team that raised it still sees it
    flag.refresh_from_db()
    seen = set()
    for person in (personas.member, personas.lead, personas.leader, personas.hub_leader):
        may_act = permissions.check(person, flag, FLAG_ACT)[1]
        row = _row(_dashboard(client, person), flag)
        assert (">Acknowledge</button>" in row) is may_act
        assert ('name="csrfmiddlewaretoken" value="' in row) is may_act
        seen.add(may_act)
    assert seen == {True, False}, "the personas should include someone who may act and someone who may not"


def test_the_row_says_what_it_holds_in_words(client, personas, flag):
    row = _row(_dashboard(client, personas.leader), flag)

    assert '<span class="sev sev-medium">Medium</span>' in row
    assert '<span class="flagstatus flagstatus-open">Open</span>' in row
    assert '<span class="tier tier-team">Team</span>' in row
    assert f"{flag.raised_by.display_name}, {flag.team.name}" in row
    assert "escalated-mark" not in row
    assert "to acknowledge" in row
