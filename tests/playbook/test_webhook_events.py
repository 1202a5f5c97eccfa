"""The apps record their webhook events through their own services, in the change's transaction:
a flag raised, escalated (by hand and by the job), resolved; a cycle decided; an idea ready to spread."""

from datetime import timedelta

import pytest

from andon import services as andon
from cycles import services as cycles
from playbook import webhook_services
from playbook.models import WebhookDelivery
from tests.support.andon import MONDAY_10, escalate_at, raise_at
from tests.support.cycles import make_plan, make_world, run_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(personas):
    return webhook_services.create_endpoint(
        network=personas.network,
        by=personas.admin,
        url="https://hooks.example.org/playbook",
        events=[
            "flag.raised",
            "flag.escalated",
            "flag.resolved",
            "cycle.decided",
            "change_idea.ready_to_spread",
        ],
    )


def owed(event):
    return [d.payload for d in WebhookDelivery.objects.filter(event=event).order_by("pk")]


def test_raising_a_flag_records_flag_raised_with_its_team_and_link(personas, hook):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a, severity="high")
    (payload,) = owed("flag.raised")
    data = payload["data"]
    assert payload["network"]["id"] == personas.network.pk
    assert data["flag"]["id"] == flag.pk and data["flag"]["title"] == "Supply cover is not arriving"
    assert data["flag"]["severity"] == "high" and data["flag"]["url"].endswith(f"/andon/flags/{flag.pk}/")
    assert data["flag"]["url"].startswith("http")
    assert data["team"] == {
        "id": personas.team_a.pk,
        "name": "Team A",
        "kind": "team",
        "path": "Hub / Cluster A / Team A",
    }
    assert data["raised_in"] == data["team"] and data["tier"] == "team"
    assert data["by"] == {"id": personas.member.pk, "name": personas.member.display_name}


def test_escalating_a_flag_by_hand_records_where_it_went_and_why(personas, hook):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    andon.escalate_flag(flag=flag, by=personas.lead, reason="We need the cluster's cover pool.")
    (payload,) = owed("flag.escalated")
    data = payload["data"]
    assert data["from_team"]["name"] == "Team A" and data["team"]["path"] == "Hub / Cluster A"
    assert data["tier"] == "cluster" and data["automatic"] is False
    assert data["reason"] == "We need the cluster's cover pool." and data["by"]["id"] == personas.lead.pk


def test_the_escalation_job_records_one_event_per_flag_it_moved(personas, hook):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    escalate_at(flag.acknowledge_by + timedelta(minutes=1))
    escalate_at(flag.acknowledge_by + timedelta(minutes=2))  # the same minute again moves nothing
    (payload,) = owed("flag.escalated")
    data = payload["data"]
    assert data["flag"]["id"] == flag.pk and data["automatic"] is True and data["by"] is None
    assert data["from_team"]["name"] == "Team A" and data["team"]["name"] == "Cluster A"
    assert data["raised_in"]["name"] == "Team A" and data["missed"]["deadline"] == "acknowledge"


def test_an_escalation_batch_with_no_endpoint_wanting_it_records_nothing(personas):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    assert escalate_at(flag.acknowledge_by + timedelta(minutes=1)).moved == 1
    assert not WebhookDelivery.objects.exists()


def test_resolving_a_flag_records_what_was_learned(personas, hook):
    flag = raise_at(MONDAY_10, by=personas.member, team=personas.team_a)
    andon.resolve_flag(flag=flag, by=personas.lead, resolution="Cover rota agreed.", learning="Ask early.")
    (payload,) = owed("flag.resolved")
    data = payload["data"]
    assert data["flag"]["status"] == "resolved" and data["resolution"] == "Cover rota agreed."
    assert data["learning"] == "Ask early." and data["by"]["id"] == personas.lead.pk


def test_deciding_a_cycle_records_the_decision(personas, hook):
    world = make_world(personas)
    cycle = run_to(make_plan(world), "acting", world.member)
    cycles.update_cycle(cycle=cycle, by=world.member, decision="adopt", decision_reasoning="It worked.")
    (payload,) = owed("cycle.decided")
    data = payload["data"]
    assert data["cycle"]["id"] == cycle.pk and data["cycle"]["decision"] == "adopt"
    assert data["cycle"]["decision_label"] == cycle.get_decision_display()
    assert data["cycle"]["reasoning"] == "It worked." and data["cycle"]["url"].endswith(
        cycle.get_absolute_url()
    )
    assert data["change_idea"] == {"id": world.idea.pk, "title": "Paired reading"}
    assert data["team"]["path"] == "Hub / Cluster A / Team A" and data["by"]["id"] == world.member.pk


def test_a_change_idea_becoming_ready_to_spread_is_recorded_once(personas, hook):
    world = make_world(personas)
    elsewhere = {"focus_area": None, "predictions": [cycles.PredictionInput("Pupils will read more.")]}
    for team in (world.team_a, world.team_b, world.team_c, world.team_a):
        fields = {} if team == world.team_a else elsewhere
        run_to(make_plan(world, by=world.hub_leader, team=team, **fields), "complete", world.hub_leader)
    (payload,) = owed("change_idea.ready_to_spread")
    data = payload["data"]
    assert data["change_idea"]["id"] == world.idea.pk and data["change_idea"]["status"] == "ready_to_spread"
    assert data["teams_where_met"] == 3 and data["team"]["name"] == "Team A"
    assert "change_idea=" in data["change_idea"]["url"]
