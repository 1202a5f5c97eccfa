"""The Study step's other charts: the fishbone's causes by votes, the team's flags by category and how
each measure's values spread, beside the predictions."""

import datetime
import json

import pytest
from django.urls import reverse

from andon.models import Flag
from tests.support.andon import MONDAY_10, raise_at
from tests.support.clients import page_as
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import DataPointFactory
from theory import services as theory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return make_world(personas)


def figure(html, dom_id):
    start = html.index(f'<script id="{dom_id}"')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def vote_causes(world):
    fishbone = theory.start_fishbone(focus_area=world.focus_area, by=world.lead, effect="Slow reading")
    home = theory.add_category(fishbone=fishbone, by=world.lead, name="Home")
    books = theory.add_cause(category=home, by=world.lead, text="No books at home")
    bed = theory.add_cause(category=home, by=world.lead, text="Late to bed")
    for voter in (world.member, world.lead):
        theory.vote(cause=books, by=voter)
    theory.vote(cause=bed, by=world.member)


def test_in_study_the_step_shows_causes_flags_and_spread(world):
    vote_causes(world)
    for i, value in enumerate([40, 42, 45, 50, 52]):
        DataPointFactory(
            measure=world.measure, period=datetime.date(2026, 2, 2) + datetime.timedelta(weeks=i), value=value
        )
    for category in (Flag.Category.RESOURCES, Flag.Category.RESOURCES, Flag.Category.PROCESS):
        raise_at(MONDAY_10, by=world.member, team=world.team_a, category=category)
    raise_at(MONDAY_10, by=world.sibling_member, team=world.team_b, category=Flag.Category.WELLBEING)
    cycle = run_to(make_plan(world), "studying", world.member)

    response = page_as(world.member).get(reverse("cycle-detail", args=[cycle.pk]))
    assert response.status_code == 200
    more = response.context["study_more"]
    assert [(b.label, b.count) for b in more["causes"]["chart"].bars] == [
        ("No books at home", 2),
        ("Late to bed", 1),
    ]
    # Team B's flag is about another team, so it is not counted here.
    flags = [(b.label, b.count) for b in more["flags"]["chart"].bars if b.count]
    assert flags == [("Resources", 2), ("Process", 1)]
    assert [h["measure"] for h in more["histograms"]] == [world.measure]
    assert sum(b.count for b in more["histograms"][0]["histogram"].bins) == 5
    html = response.content.decode()
    assert 'data-testid="study-more"' in html
    assert figure(html, "study-cause-pareto")["data"][0]["y"] == [2, 1]
    assert figure(html, f"study-histogram-{world.measure.pk}")["data"][0]["type"] == "bar"


def test_before_study_the_step_draws_nothing_more(world):
    vote_causes(world)
    cycle = run_to(make_plan(world), "doing", world.member)
    response = page_as(world.member).get(reverse("cycle-detail", args=[cycle.pk]))
    assert response.context["study_more"] is None
    assert 'data-testid="study-more"' not in response.content.decode()


def test_with_nothing_to_count_the_step_shows_no_empty_charts(world):
    cycle = run_to(make_plan(world), "studying", world.member)
    response = page_as(world.member).get(reverse("cycle-detail", args=[cycle.pk]))
    more = response.context["study_more"]
    assert more["causes"] is None and more["flags"] is None and more["histograms"] == []
    assert 'data-testid="study-more"' not in response.content.decode()
