"""The home page by role: which panels a member, a lead, a cluster leader, the hub leader and the
network admin see, what they say, in what order, and that a sibling team's work never shows."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from cycles import services as cycle_services
from cycles.models import Cycle, CyclesSettings
from cycles.panels import next_step
from huddles import services as huddle_services
from huddles.models import ActionItem, PulseCheck
from playbook import clock
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.factories import MembershipFactory, NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_7 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 07:00 in London: the 08:30 huddle is still to come

OWN = ("panel-cycles", "panel-actions", "panel-next-huddle", "panel-notifications", "panel-teams")
TEAM = ("panel-team-cycles", "panel-team-overdue", "panel-team-pulse", "panel-setup")
NETWORK = ("panel-uptake", "panel-spread")


def _home(client, person) -> str:
    client.force_login(person)
    with clock.frozen_at(MONDAY_7):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _shown(html: str, testids) -> set[str]:
    return {t for t in testids if f'data-testid="{t}"' in html}


@pytest.fixture
def world(personas):
    return make_world(personas)


@pytest.fixture
def huddle(personas):
    with clock.frozen_at(MONDAY_7):
        return huddle_services.create_huddle(
            team=personas.team_a,
            by=personas.lead,
            name="Morning huddle",
            starts_at=time(8, 30),
            weekdays=[0, 2, 4],
        )


# --- Which panels --------------------------------------------------------------------------------


def test_a_member_sees_their_own_work_and_no_team_or_network_panels(client, personas):
    html = _home(client, personas.member)

    assert _shown(html, OWN) == set(OWN)
    assert _shown(html, TEAM + NETWORK) == set()


def test_a_lead_sees_their_teams_panels_but_not_the_networks(client, personas):
    html = _home(client, personas.lead)

    assert _shown(html, TEAM) == set(TEAM)
    assert _shown(html, NETWORK) == set()


def test_a_cluster_leader_sees_the_network_panels(client, personas):
    html = _home(client, personas.leader)

    assert _shown(html, NETWORK) == set(NETWORK)
    assert _shown(html, ("panel-team-cycles", "panel-team-pulse")) == set()


def test_the_network_admin_sees_uptake_for_every_team(client, personas):
    html = _home(client, personas.admin)

    assert 'data-testid="panel-uptake"' in html
    assert html.count('data-testid="uptake-row"') == 6  # the hub, two clusters and three teams


def test_own_work_comes_before_the_team_and_the_team_before_the_network(client, personas):
    MembershipFactory(user=personas.leader, team=personas.team_c, role="lead")
    html = _home(client, personas.leader)

    order = [html.index(f'data-testid="{t}"') for t in ("panel-cycles", "panel-team-cycles", "panel-uptake")]
    assert order == sorted(order)


# --- Greetings -----------------------------------------------------------------------------------


def test_the_hub_leader_is_greeted_as_the_hubs_leader_not_as_a_lead(client, personas):
    html = _home(client, personas.hub_leader)

    assert "You lead the network's hub and the 5 clusters and teams below it" in html
    assert "As the hub's leader you manage who is in the hub" in html
    assert "As a lead " not in html


def test_a_cluster_leader_is_greeted_as_overseeing_the_teams_below(client, personas):
    html = _home(client, personas.leader)

    assert "You oversee 2 teams below yours" in html
    assert "As a leader you manage who is in your team and in every team below it" in html


def test_a_lead_is_greeted_as_leading_their_team(client, personas):
    assert "You lead your team." in _home(client, personas.lead)


def test_a_member_is_greeted_without_any_role_above_their_own(client, personas):
    html = _home(client, personas.member)

    assert "Here is what your teams are working on." in html
    assert "You lead" not in html and "You oversee" not in html


def test_the_admin_is_greeted_as_looking_after_the_network(client, personas):
    assert "You look after the whole network" in _home(client, personas.admin)


# --- Everyone's own panels -----------------------------------------------------------------------


def test_my_cycles_show_their_next_step(client, world):
    make_plan(world, title="No prediction yet", predictions=[])
    with clock.frozen_at(MONDAY_7):
        run_to(make_plan(world, title="Running now"), "doing", world.member)
    html = _home(client, world.member)

    assert "Plan: add a prediction" in html
    assert "Do: record what happened" in html


def test_a_cycle_waiting_for_its_study_says_so(client, world):
    with clock.frozen_at(MONDAY_7):
        cycle = run_to(make_plan(world, title="Ran it"), "doing", world.member)
        cycle_services.update_cycle(cycle=cycle, by=world.member, what_happened="It went fine.")
        cycle_services.transition(cycle=cycle, by=world.member, to="studying")

    assert "Study: compare with predictions" in _home(client, world.member)


def test_a_sibling_teams_cycles_never_show_in_my_panels(client, world):
    make_plan(
        world,
        by=world.sibling_member,
        team=world.team_b,
        title="Sibling secret",
        focus_area=None,
        change_idea=None,
        predictions=[],
    )

    for person in (world.member, world.lead):
        assert "Sibling secret" not in _home(client, person)


def test_my_overdue_action_items_are_marked(client, personas, huddle):
    meeting = huddle.meetings.order_by("scheduled_start").first()
    ActionItem.objects.create(
        huddle=huddle,
        meeting=meeting,
        text="Ring the library",
        owner=personas.member,
        due_on=date(2026, 2, 27),
        created_by=personas.lead,
        created_at=MONDAY_7,
    )
    html = _home(client, personas.member)

    assert "Ring the library" in html
    assert 'data-testid="action-overdue"' in html
    assert "1 overdue" in html


def test_todays_huddle_and_the_next_one_are_offered(client, personas, huddle):
    html = _home(client, personas.member)
    today, wednesday = huddle.meetings.order_by("scheduled_start")[:2]

    assert 'data-testid="huddle-today"' in html and today.get_absolute_url() in html
    assert 'data-testid="huddle-next"' in html and wednesday.get_absolute_url() in html
    assert "08:30" in html  # in the network's zone, London, not UTC


def test_unread_notifications_come_first_with_their_count(client, personas):
    for n in range(6):
        NotificationFactory(recipient=personas.member, subject=f"Read {n}", read_at=MONDAY_7)
    NotificationFactory(recipient=personas.member, subject="Still unread")
    html = _home(client, personas.member)

    assert "1 unread" in html
    assert html.index("Still unread") < html.index("Read 5")


# --- A lead's team panels ------------------------------------------------------------------------


def test_a_lead_sees_the_teams_cycles_by_stage_linking_to_the_list(client, world):
    make_plan(world, title="One")
    make_plan(world, title="Two")
    html = _home(client, world.lead)

    assert 'data-testid="stage-count-planning"' in html
    assert '<strong class="stage-count">2</strong> Plan' in html
    assert f"/cycles/?scope=team&amp;team={world.team_a.pk}&amp;stage=planning" in html


def test_a_lead_sees_cycles_past_their_end_date(client, world):
    make_plan(world, title="Long finished", starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 13))
    html = _home(client, world.lead)

    assert 'data-testid="overdue-cycles-count"' in html and "Long finished" in html


def test_the_team_pulse_shows_an_average_only_from_three_answers(client, personas, huddle):
    first, second = huddle.meetings.order_by("scheduled_start")[:2]
    people = [personas.member, personas.lead, UserFactory(network=personas.network)]
    MembershipFactory(user=people[2], team=personas.team_a)
    for person, score in zip(people, (4, 5, 3), strict=True):
        PulseCheck.objects.create(meeting=first, person=person, score=score, recorded_at=MONDAY_7)
    assert 'data-testid="pulse-average">4.0<' in _home(client, personas.lead)

    for person, score in zip(people[:2], (1, 2), strict=True):
        PulseCheck.objects.create(meeting=second, person=person, score=score, recorded_at=MONDAY_7)
    with clock.frozen_at(datetime(2026, 3, 4, 12, tzinfo=UTC)):
        client.force_login(personas.lead)
        html = client.get(reverse("home")).content.decode()

    panel = html[html.index('data-testid="panel-team-pulse"') :]
    panel = panel[: panel.index("</section>")]
    assert 'data-testid="pulse-too-few"' in panel
    assert "pulse-average" not in panel and "1.5</strong>" not in panel


# --- A leader's network panels -------------------------------------------------------------------


def test_a_leaders_uptake_lists_the_teams_below_and_no_other(client, personas):
    html = _home(client, personas.leader)
    uptake = html[html.index('data-testid="panel-uptake"') :]

    assert "Team A" in uptake and "Team B" in uptake
    assert "Team C" not in uptake


def test_a_change_idea_met_in_enough_teams_is_offered_to_spread(client, world):
    CyclesSettings.objects.create(network=world.network, spread_threshold=1)  # met in one team is enough
    with clock.frozen_at(MONDAY_7):
        run_to(make_plan(world, title="Met it"), "acting", world.member)
    html = _home(client, world.leader)

    assert 'data-testid="panel-spread"' in html
    assert "Paired reading" in html[html.index('data-testid="panel-spread"') :]


@pytest.mark.parametrize(
    ("stage", "fields", "expected"),
    [
        ("planning", {"n_predictions": 0}, "Plan: add a prediction"),
        ("planning", {"n_predictions": 1, "starts_on": None}, "Plan: set the dates"),
        ("planning", {"n_predictions": 1}, "Plan: start the test"),
        ("doing", {}, "Do: record what happened"),
        ("doing", {"what_happened": "Ran it."}, "Do: move on to study"),
        ("studying", {"n_predictions": 2, "n_studied": 1}, "Study: compare with predictions"),
        ("studying", {"n_predictions": 2, "n_studied": 2}, "Study: move on to act"),
        ("acting", {}, "Act: decide to adopt, adapt or abandon"),
        ("acting", {"decision": "adopt"}, "Act: complete the cycle"),
    ],
)
def test_the_next_step_follows_from_the_stage_and_what_is_missing(stage, fields, expected):
    dated = {"starts_on": date(2026, 3, 2), "ends_on": date(2026, 3, 13)}
    cycle = Cycle(stage=stage, **{k: v for k, v in {**dated, **fields}.items() if not k.startswith("n_")})
    for name, value in fields.items():
        if name.startswith("n_"):
            setattr(cycle, name, value)
    step = next_step(cycle)

    assert f"{step.stage}: {step.text}" == expected
