"""The spread map: which teams tested a change idea, what they decided, and how it travelled."""

import pytest
from django.urls import reverse

from cycles import services
from cycles.spread_map import spread_map
from tests.support.clients import api_as, page_as
from tests.support.cycles import make_plan, run_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def travelled(world):
    """Team A adopted paired reading; their cluster's leader copied it into Team B, still testing it."""
    home = run_to(make_plan(world), "complete", world.member)
    copy = services.copy_cycle(source=home, by=world.leader, team=world.team_b)
    world.home, world.copy = home, copy
    return world


def test_it_marks_every_team_that_tested_the_idea(travelled):
    found = spread_map(travelled.leader, travelled.idea)

    tested = {t.name: [c.decision for c in t.cycles] for t in found.teams if t.tested}
    assert tested == {"Team A": ["adopt"], "Team B": ["open"]}
    untested = {t.name for t in found.teams if not t.tested}
    assert {"Cluster A"} <= untested


def test_it_draws_the_tree_from_the_top(travelled):
    found = spread_map(travelled.hub_leader, travelled.idea)

    depth = {t.name: t.depth for t in found.teams}
    assert depth["Hub"] == 0 and depth["Cluster A"] == 1 and depth["Team A"] == 2
    assert [t.name for t in found.teams][:2] == ["Hub", "Cluster A"]


def test_it_counts_the_predictions_met_at_each_step(travelled):
    found = spread_map(travelled.leader, travelled.idea)

    by_id = {c.id: c for c in found.cycles}
    assert by_id[travelled.home.pk].met_phrase == "2 of 2 met"
    assert by_id[travelled.copy.pk].met_phrase == "0 of 2 met"


def test_it_draws_an_arrow_where_one_team_adapted_anothers_cycle(travelled):
    found = spread_map(travelled.leader, travelled.idea)

    assert [(e.from_cycle.team_name, e.to_cycle.team_name) for e in found.edges] == [("Team A", "Team B")]
    assert found.edges[0].across_teams
    assert 'data-edge="adapted-from"' in found.svg()


def test_it_follows_an_adaptation_that_names_another_idea(travelled):
    from theory.services import create_change_idea

    other = create_change_idea(focus_area=travelled.focus_area, by=travelled.lead, title="Reading buddies")
    moved = services.copy_cycle(source=travelled.home, by=travelled.member, team=travelled.team_a)
    services.update_cycle(cycle=moved, by=travelled.member, change_idea=other)

    found = spread_map(travelled.leader, travelled.idea)

    assert moved.pk in {c.id for c in found.cycles}
    assert found.adapted_ideas == [(other.pk, "Reading buddies")]


def test_a_member_never_sees_a_sibling_teams_cycle_on_the_map(travelled):
    found = spread_map(travelled.member, travelled.idea)

    assert travelled.copy.pk not in {c.id for c in found.cycles}
    assert all(not t.tested for t in found.teams if t.name == "Team B")
    assert found.edges == []


def test_the_sibling_sees_its_own_adaptation_but_not_where_it_came_from(travelled):
    found = spread_map(travelled.sibling_member, travelled.idea)

    assert {c.id for c in found.cycles} == {travelled.copy.pk}
    assert found.edges == []


def test_the_svg_has_a_title_and_a_text_alternative(travelled):
    markup = spread_map(travelled.leader, travelled.idea).svg()

    assert (
        'role="img"' in markup and '<title id="spread-map-title">Spread map: Paired reading</title>' in markup
    )
    assert '<desc id="spread-map-desc">' in markup and "Team A: adopt (2 of 2 met)" in markup


def test_the_svg_escapes_what_people_typed(travelled):
    services.update_cycle(cycle=travelled.copy, by=travelled.leader, title="<script>x</script>")

    markup = spread_map(travelled.leader, travelled.idea).svg()

    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_the_page_shows_the_map_and_a_table_of_every_visible_cycle(travelled):
    response = page_as(travelled.leader).get(reverse("change-idea-spread-map", args=[travelled.idea.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="spread-map-svg"' in body
    assert body.count('data-testid="spread-map-row"') == 2
    assert reverse("cycle-detail", args=[travelled.copy.pk]) in body


def test_the_spread_page_links_each_idea_to_its_map(travelled):
    response = page_as(travelled.leader).get(reverse("cycles-spread"))

    assert reverse("change-idea-spread-map", args=[travelled.idea.pk]) in response.content.decode()


def test_the_api_answers_nodes_and_edges(travelled):
    response = api_as(travelled.leader).get(reverse("api-change-idea-spread-map", args=[travelled.idea.pk]))

    assert response.status_code == 200
    data = response.json()
    tested = {n["name"]: n for n in data["nodes"] if n["tested"]}
    assert set(tested) == {"Team A", "Team B"}
    assert tested["Team A"]["parent"] == travelled.cluster_a.pk
    assert tested["Team A"]["cycles"][0] | {"url": None} == {
        "id": travelled.home.pk,
        "title": travelled.home.title,
        "stage": "complete",
        "decision": "adopt",
        "predictions": 2,
        "predictions_met": 2,
        "change_idea": travelled.idea.pk,
        "url": None,
    }
    assert data["edges"] == [
        {
            "from_cycle": travelled.home.pk,
            "to_cycle": travelled.copy.pk,
            "from_team": travelled.team_a.pk,
            "to_team": travelled.team_b.pk,
            "kind": "adapted_from",
        }
    ]


def test_the_api_hides_the_map_of_an_idea_nobody_visible_tested(world):
    response = api_as(world.sibling_member).get(reverse("api-change-idea-spread-map", args=[world.idea.pk]))

    assert response.status_code == 404


def _grow(world, n):
    for _ in range(n):
        source = run_to(make_plan(world), "complete", world.member)
        copy = services.copy_cycle(source=source, by=world.leader, team=world.team_b)
        services.copy_cycle(source=copy, by=world.leader, team=world.team_a)


def test_the_map_costs_the_same_queries_however_far_the_idea_travelled(world, django_assert_num_queries):
    from playbook.permissions.policy import forget

    _grow(world, 1)
    forget(world.leader)
    with django_assert_num_queries(6) as small:
        spread_map(world.leader, world.idea)
    _grow(world, 4)
    forget(world.leader)
    with django_assert_num_queries(len(small.captured_queries)):
        spread_map(world.leader, world.idea)
