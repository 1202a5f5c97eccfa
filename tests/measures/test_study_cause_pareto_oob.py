"""The fishbone's causes by votes follow a vote made in place: the htmx answer to an edit carries the
Pareto out of band (hx-swap-oob), so it no longer waits for a reload. (A theory page's test, kept
here among the Study tools' tests.)"""

import re

import pytest
from django.urls import reverse

from tests.support.clients import page_as
from tests.support.factories import FocusAreaFactory
from theory import services

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SLOT = re.compile(r'<div id="cause-pareto-slot"( hx-swap-oob="true")?>(.*?)</div>\s*$', re.S)


@pytest.fixture
def causes(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    home = services.add_category(fishbone=fishbone, by=personas.lead, name="Home")
    books = services.add_cause(category=home, by=personas.lead, text="No books at home")
    bed = services.add_cause(category=home, by=personas.lead, text="Late to bed")
    services.vote(cause=books, by=personas.lead)
    return focus_area, books, bed


def vote(client, cause):
    return client.post(reverse("theory-cause-vote", args=[cause.pk]), {"on": "1"}, **HTMX)


def test_a_vote_answers_with_the_causes_by_votes_out_of_band(personas, causes):
    _, books, bed = causes
    response = vote(page_as(personas.member), bed)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="theory-editor"')  # the editor, swapped in as before
    oob, inner = SLOT.search(html).groups()
    assert oob  # and the Pareto beside it, out of band
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">(\d+)</td>", inner)
    assert rows == [("Late to bed", "1"), ("No books at home", "1")]  # the new vote is counted


def test_the_first_vote_brings_the_pareto_into_an_empty_slot(personas):
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead)
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    cause = services.add_cause(
        category=services.add_category(fishbone=fishbone, by=personas.lead, name="Home"),
        by=personas.lead,
        text="No books at home",
    )
    client = page_as(personas.member)
    page = client.get(reverse("theory-fishbone", kwargs={"pk": focus_area.pk})).content.decode()
    assert page.count('id="cause-pareto-slot"') == 1  # there to be replaced, though empty
    assert 'data-testid="cause-pareto"' not in page
    assert "vendor/plotly.min.js" in page  # ready to draw what a vote brings
    html = vote(client, cause).content.decode()
    assert 'hx-swap-oob="true"' in html and 'data-testid="cause-pareto"' in html


def test_the_page_itself_has_one_slot_and_nothing_out_of_band(personas, causes):
    focus_area, _, _ = causes
    page = page_as(personas.member).get(reverse("theory-fishbone", kwargs={"pk": focus_area.pk}))
    html = page.content.decode()
    assert html.count('id="cause-pareto-slot"') == 1
    assert "hx-swap-oob" not in html
    assert 'data-testid="cause-pareto"' in html
