"""One permission table for every cycles endpoint not covered row by row in test_api.py (Taiga-style):
each endpoint, in the state it needs, against every persona. A new endpoint without a row shows here.

``member`` owns the cycle, ``partner`` (Team B) collaborates on it, ``colleague`` is in Team A but not
on it, ``sibling_member`` is in Team B and not on it. Statuses: 2xx allowed, 403 visible but not
allowed, 404 not visible, 401 not signed in.
"""

import pytest

from cycles import services
from tests.support.clients import api_as
from tests.support.cycles import make_plan, run_to
from tests.support.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["member", "partner", "colleague", "lead", "leader", "sibling_member", "outsider", None]


def planned(w):
    return make_plan(w, by=w.leader, owner=w.member, collaborators=[w.partner])


def started(w):
    cycle = planned(w)
    services.start_cycle(cycle=cycle, by=w.member)
    return cycle


def decided(decision):
    def state(w):
        cycle = run_to(planned(w), "acting", w.member)
        services.update_cycle(cycle=cycle, by=w.member, decision=decision, decision_reasoning="Because.")
        return cycle

    return state


def first_prediction(cycle):
    return cycle.predictions.first().pk


# endpoint → (state, method, path, body, {persona: status}); unlisted personas use the row's default.
SEE = {"member": 200, "partner": 200, "colleague": 200, "lead": 200, "leader": 200}
EDIT = {"member": 200, "partner": 200, "colleague": 403, "lead": 200, "leader": 200}
HIDDEN = {"sibling_member": 404, "outsider": 404, None: 401}


def created(table):
    return {k: (201 if v == 200 else v) for k, v in table.items()}


ENDPOINTS = {
    "list": (
        planned,
        "get",
        lambda c: "/api/v1/cycles/",
        None,
        {**SEE, "sibling_member": 200, "outsider": 200, None: 401},
    ),
    "events": (planned, "get", lambda c: f"/api/v1/cycles/{c.pk}/events/", None, {**SEE, **HIDDEN}),
    "ramp": (planned, "get", lambda c: f"/api/v1/cycles/{c.pk}/ramp/", None, {**SEE, **HIDDEN}),
    "predictions": (planned, "get", lambda c: f"/api/v1/cycles/{c.pk}/predictions/", None, {**SEE, **HIDDEN}),
    "prediction": (
        planned,
        "get",
        lambda c: f"/api/v1/predictions/{first_prediction(c)}/",
        None,
        {**SEE, **HIDDEN},
    ),
    "change prediction": (
        planned,
        "patch",
        lambda c: f"/api/v1/predictions/{first_prediction(c)}/",
        {"expected_value": 60},
        {**EDIT, **HIDDEN},
    ),
    "delete prediction": (
        planned,
        "delete",
        lambda c: f"/api/v1/predictions/{first_prediction(c)}/",
        None,
        {**{k: (204 if v == 200 else v) for k, v in EDIT.items()}, **HIDDEN},
    ),
    "observations": (
        started,
        "get",
        lambda c: f"/api/v1/cycles/{c.pk}/observations/",
        None,
        {**SEE, **HIDDEN},
    ),
    "add observation": (
        started,
        "post",
        lambda c: f"/api/v1/cycles/{c.pk}/observations/",
        {"observed_on": "2026-03-04", "text": "Two absent."},
        {**created(EDIT), **HIDDEN},
    ),
    "comments": (planned, "get", lambda c: f"/api/v1/cycles/{c.pk}/comments/", None, {**SEE, **HIDDEN}),
    "request review": (
        planned,
        "post",
        lambda c: f"/api/v1/cycles/{c.pk}/review-requests/",
        {"reviewer": "hub_leader"},
        {**created(EDIT), **HIDDEN},
    ),
    "next cycle": (
        decided("adapt"),
        "post",
        lambda c: f"/api/v1/cycles/{c.pk}/next/",
        None,
        {**created(EDIT), **HIDDEN},
    ),
    "confirm phase": (
        decided("adopt"),
        "post",
        lambda c: f"/api/v1/cycles/{c.pk}/phase/",
        {"measure": "measure"},
        # Shaping a measure is its focus area's owner's and the lead's; the rest cannot
        # see the measure (a 400 on the field) or the cycle (404).
        {"member": 403, "partner": 400, "colleague": 403, "lead": 200, "leader": 200, **HIDDEN},
    ),
    "export csv": (
        planned,
        "get",
        lambda c: "/api/v1/cycles/export.csv",
        None,
        {**SEE, "sibling_member": 200, "outsider": 200, None: 401},
    ),
    "spread": (
        planned,
        "get",
        lambda c: "/api/v1/cycles/spread/",
        None,
        {**SEE, "sibling_member": 200, "outsider": 200, None: 401},
    ),
    "track record": (
        planned,
        "get",
        lambda c: "/api/v1/cycles/track-record/",
        None,
        {**SEE, "sibling_member": 200, "outsider": 200, None: 401},
    ),
}


@pytest.fixture
def w(world):
    colleague = UserFactory(username="colleague", network=world.network)
    MembershipFactory(user=colleague, team=world.team_a)
    partner = UserFactory(username="partner", network=world.network)
    MembershipFactory(user=partner, team=world.team_b)
    world.colleague, world.partner = colleague, partner
    return world


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_permission_table(w, endpoint, persona):
    state, method, path, body, table = ENDPOINTS[endpoint]
    cycle = state(w)
    if body and body.get("reviewer") == "hub_leader":
        body = {"reviewer": w.hub_leader.pk}
    if body and body.get("measure") == "measure":
        body = {"measure": w.measure.pk}
    client = api_as(getattr(w, persona) if persona else None)
    response = getattr(client, method)(path(cycle), body) if body else getattr(client, method)(path(cycle))
    assert response.status_code == table[persona], getattr(response, "data", None)
