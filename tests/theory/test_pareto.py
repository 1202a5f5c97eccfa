"""The fishbone page's Pareto chart of causes by votes, with its table beside it."""

import json

import pytest
from django.urls import reverse

from tests.support.clients import page_as
from tests.support.queries import queries_for
from theory import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def fishbone(personas, focus_area):
    fishbone = services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    people = services.add_category(fishbone=fishbone, by=personas.lead, name="Home")
    causes = {
        text: services.add_cause(category=people, by=personas.lead, text=text)
        for text in ("No books at home", "Late to bed", "Screens at night", "Nobody reads aloud")
    }
    votes = {"No books at home": 3, "Late to bed": 1, "Screens at night": 1, "Nobody reads aloud": 0}
    voters = [personas.member, personas.lead, personas.leader]
    for text, n in votes.items():
        for voter in voters[:n]:
            services.vote(cause=causes[text], by=voter)
    return fishbone


def figure(html, dom_id):
    start = html.index(f'<script id="{dom_id}"')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def test_the_fishbone_page_draws_causes_by_votes_most_first(personas, focus_area, fishbone):
    response = page_as(personas.member).get(reverse("theory-fishbone", kwargs={"pk": focus_area.pk}))
    assert response.status_code == 200
    chart = response.context["pareto"]["chart"]
    # Equal votes go by the cause's words; the cause nobody voted for is left out.
    assert [(b.label, b.count) for b in chart.bars] == [
        ("No books at home", 3),
        ("Late to bed", 1),
        ("Screens at night", 1),
    ]
    assert [b.cumulative for b in chart.bars] == [0.6, 0.8, 1.0]
    assert [b.label for b in chart.vital_few] == ["No books at home", "Late to bed"]
    html = response.content.decode()
    drawn = figure(html, "cause-pareto")
    assert drawn["data"][0]["y"] == [3, 1, 1]
    assert drawn["data"][1]["y"] == [60.0, 80.0, 100.0]
    assert drawn["data"][1]["yaxis"] == "y2"
    assert 'data-testid="pareto-table"' in html
    assert "vendor/plotly.min.js" in html


def test_a_fishbone_without_votes_has_no_pareto(personas, focus_area):
    services.start_fishbone(focus_area=focus_area, by=personas.lead, effect="Slow reading")
    response = page_as(personas.member).get(reverse("theory-fishbone", kwargs={"pk": focus_area.pk}))
    assert response.context["pareto"] is None
    assert 'data-testid="cause-pareto"' not in response.content.decode()


def test_two_causes_with_the_same_words_keep_their_own_bars(personas, focus_area, fishbone):
    other = services.add_category(fishbone=fishbone, by=personas.lead, name="School")
    twin = services.add_cause(category=other, by=personas.lead, text="Late to bed")
    services.vote(cause=twin, by=personas.member)
    response = page_as(personas.member).get(reverse("theory-fishbone", kwargs={"pk": focus_area.pk}))
    labels = [b.label for b in response.context["pareto"]["chart"].bars]
    assert sorted(labels) == ["Late to bed", "Late to bed (2)", "No books at home", "Screens at night"]


def test_the_pareto_adds_no_query_to_the_fishbone_page(personas, focus_area, fishbone):
    # The chart is drawn from the diagram the page already read.
    url = reverse("theory-fishbone", kwargs={"pk": focus_area.pk})
    with_votes = queries_for(page_as(personas.member), url)
    assert with_votes == queries_for(page_as(personas.member), url)
    assert page_as(personas.sibling_member).get(url).status_code == 404
