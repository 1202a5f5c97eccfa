"""Schemathesis fuzzes every operation of the API's schema against the live test server.

Each operation gets a bounded number of generated requests, valid and invalid, once signed in as a
team member and once as a network admin. Any 5xx fails the test, and so does any response the
schema does not describe: an undocumented status code, another content type, a body that does not
match. Ids in paths (and in bodies and filters) point at a small seeded network, so most requests
reach real objects instead of stopping at a 404.

Why the live server rather than calling the WSGI app in the test's own transaction: each request
then runs in its own transaction on the real PostgreSQL, as a client's does, so a request that
breaks its transaction cannot make every later one fail, and row locks behave as they do for real.
``transactional_db`` (which the live server brings) empties the tables afterwards.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from types import SimpleNamespace

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from andon import services as andon
from cycles.models import Prediction
from huddles import services as huddles
from measures.data_input import PointInput
from measures.services import data as data_service
from measures.services.shared import create_shared_measure
from playbook import clock, notifications
from playbook.models import Membership
from playbook.services.charters import create_team_standard
from tests.support.agenda import make_goal, make_value
from tests.support.cycles import make_plan, make_world
from tests.support.personas import make_personas
from theory import services as theory
from theory.models import ChangeIdeaLink, TheoryEvent

# Enough for each operation to meet valid and invalid input, real and unknown ids, while the whole
# test (about 165 operations, twice) stays within a few minutes on a two-core machine.
EXAMPLES_PER_OPERATION = 6

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Known failures that another change is fixing, by operation. Remove each once that change is in.
EXCLUDED: dict[tuple[str, str], str] = {}


def seed_network() -> SimpleNamespace:
    """The personas' network, with one of everything the API has a route for in Team A."""
    world = make_world(make_personas())
    lead, member = world.lead, world.member
    for week in range(6):
        point = PointInput(date(2026, 1, 5) + timedelta(weeks=week), 40.0 + week)
        data_service.record_point(measure=world.measure, by=lead, point=point)
    cycle = make_plan(world)
    fishbone = theory.start_fishbone(focus_area=world.focus_area, by=lead, effect="Pupils read slowly")
    category = fishbone.categories.order_by("position").first()
    cause = theory.add_cause(category=category, by=member, text="Too little practice")
    sub_cause = theory.add_cause(category=category, by=member, text="No time at home", parent=cause)
    analysis = theory.start_why_analysis(focus_area=world.focus_area, by=member, problem="Slow reading")
    chain = theory.add_why_chain(analysis=analysis, by=member, why="Why slow?", because="Little practice")
    step = theory.add_why_step(chain=chain, by=member, why="Why little practice?", because="No time")
    primary = theory.add_driver(focus_area=world.focus_area, by=lead, kind="primary", text="Daily practice")
    secondary = theory.add_driver(focus_area=world.focus_area, by=lead, kind="secondary", text="Paired time")
    driver_link = theory.link_drivers(primary=primary, secondary=secondary, by=lead)
    theory.link_change_idea(change_idea=world.idea, driver=secondary, by=lead)
    root_link = theory.link_root_cause(driver=primary, cause=cause, by=lead)
    flag = andon.raise_flag(team=world.team_a, by=member, title="No cover", description="Supply is late")
    huddle = huddles.create_huddle(
        team=world.team_a, by=lead, name="Morning huddle", starts_at=clock_time(8, 30), weekdays=[0, 2, 4]
    )
    with clock.frozen_at(datetime(2026, 3, 2, 8, 30, tzinfo=UTC)):
        meeting = huddles.start_meeting(huddle=huddle, by=lead)
    entry = huddles.add_entry(meeting=meeting, by=member, text="Reading corner is busy")
    item = huddles.add_action_item(meeting=meeting, by=lead, text="Order books", owner=member)
    welcome = {
        person.username: notifications.notify(recipient=person, subject="Welcome").pk
        for person in (member, world.admin)
    }
    goal = make_goal(world)
    value = make_value(world)
    standard = create_team_standard(network=world.network, by=world.admin, name="We meet on schedule")
    shared = create_shared_measure(
        team=world.cluster_a, by=world.leader, name="Pupils present", definition="Present all week."
    )
    # The object each path's {id} names, by the path's first segment.
    ids = {
        "action-items": item.pk,
        "causes": sub_cause.pk,
        "change-idea-links": ChangeIdeaLink.objects.get(change_idea=world.idea).pk,
        "change-ideas": world.idea.pk,
        "cycles": cycle.pk,
        "data-points": world.measure.data_points.order_by("period").last().pk,
        "driver-diagrams": world.focus_area.pk,
        "driver-links": driver_link.pk,
        "drivers": secondary.pk,
        "fishbone-categories": category.pk,
        "fishbones": fishbone.pk,
        "flags": flag.pk,
        "focus-areas": world.focus_area.pk,
        "huddles": huddle.pk,
        "learning-goals": goal.pk,
        "measures": world.measure.pk,
        "meetings": meeting.pk,
        "memberships": Membership.objects.get(user=member, team=world.team_a).pk,
        "network-values": value.pk,
        "networks": world.network.pk,
        "note-entries": entry.pk,
        "notifications": welcome,
        "predictions": Prediction.objects.filter(cycle=cycle).first().pk,
        "root-cause-links": root_link.pk,
        "shared-measures": shared.pk,
        "team-standards": standard.pk,
        "teams": world.team_a.pk,
        "theory-events": TheoryEvent.objects.filter(focus_area=world.focus_area).first().pk,
        "why-analyses": analysis.pk,
        "why-chains": chain.pk,
        "why-steps": step.pk,
    }
    # Ids in bodies and filters, by field name, so valid writes reach rows of the same team.
    fields = {
        "team": world.team_a.pk,
        "focus_area": world.focus_area.pk,
        "measure": world.measure.pk,
        "change_idea": world.idea.pk,
        "analysis": analysis.pk,
        "chain": chain.pk,
        "category": category.pk,
        "fishbone": fishbone.pk,
        "parent": cause.pk,
        "cause": cause.pk,
        "why_step": step.pk,
        "driver": secondary.pk,
        "primary": primary.pk,
        "secondary": secondary.pk,
        "huddle": huddle.pk,
        "owner": member.pk,
        "user": world.sibling_member.pk,
        "assignee": member.pk,
        "reviewer": lead.pk,
        "facilitator": member.pk,
        "note_taker": member.pk,
        "timekeeper": member.pk,
    }
    lists = {"collaborators": [lead.pk], "participants": [member.pk], "attendees": [member.pk, lead.pk]}
    return SimpleNamespace(world=world, ids=ids, fields=fields, lists=lists)


def with_real_ids(case, seeded):
    """Point the integer ids of a generated (valid) body or query at the seeded rows."""
    for values in (case.body, case.query):
        if not isinstance(values, dict):
            continue
        for name, value in values.items():
            if name in seeded.fields and isinstance(value, int) and not isinstance(value, bool):
                values[name] = seeded.fields[name]
            elif name in seeded.lists and isinstance(value, list):
                values[name] = seeded.lists[name]
    return case


def cases(operation, seeded, persona: str):
    """Valid input and invalid input on the seeded object, and valid input on an unknown id."""
    if "{id}" not in operation.path:
        return st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE).map(lambda case: with_real_ids(case, seeded)),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )
    prefix = operation.path.removeprefix("/api/v1/").split("/")[0]
    assert prefix in seeded.ids, f"{operation.label}: seed a {prefix} row and add its id to seed_network()"
    path_id = seeded.ids[prefix]
    if isinstance(path_id, dict):
        path_id = path_id[persona]
    real = {"id": path_id}
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real).map(
            lambda case: with_real_ids(case, seeded)
        ),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=real),
        operation.as_strategy(GenerationMode.POSITIVE),
    )


def in_running_order(schema):
    """Deletes last, so the seeded rows are still there for every other operation; then removing a
    membership (which may end the persona's access to its team); and closing Team A (which makes it
    read-only for every write after it) last of all."""
    operations = [result.ok() for result in schema.get_all_operations()]

    def deletes_last(operation):
        deletes = operation.method.upper() == "DELETE"
        closes = operation.path.startswith("/api/v1/teams/") and operation.path.endswith("/close/")
        return (deletes or closes, closes, deletes and operation.path.startswith("/api/v1/memberships/"))

    return sorted(operations, key=deletes_last)


def fuzz(operation, strategy, *, base_url: str, session: requests.Session, statuses: Counter) -> str:
    """Send the operation's examples; describe the first failure ("" when there is none)."""

    # A seed per operation, and no example database: the same requests on every run.
    @seed(zlib.crc32(operation.label.encode()))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first failing request
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=base_url, session=session)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except (Exception, FailureGroup) as failure:  # report it, and go on with the next operation
        return f"{operation.label}: {failure}"
    return ""


@pytest.mark.parametrize("persona", ["member", "admin"])
def test_every_operation_answers_as_its_schema_says(live_server, persona):
    seeded = seed_network()
    user = getattr(seeded.world, persona)
    token = Token.objects.create(user=user).key
    schema = schemathesis.openapi.from_url(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}
    )
    started, failures, covered, statuses = time.monotonic(), [], 0, {}
    # Closing the session ends its keep-alive connection, and with it the server thread's database
    # connection, which would otherwise keep the test database from being dropped.
    operations = in_running_order(schema)
    stale = set(EXCLUDED) - {(operation.method.upper(), operation.path) for operation in operations}
    assert not stale, f"excluded operations the schema no longer has: {stale}"
    with requests.Session() as session:
        session.headers["Authorization"] = f"Token {token}"
        for operation in operations:
            if (operation.method.upper(), operation.path) in EXCLUDED:
                continue
            covered += 1
            seen = statuses[operation.label] = Counter()
            strategy = cases(operation, seeded, user.username)
            if failure := fuzz(operation, strategy, base_url=live_server.url, session=session, statuses=seen):
                failures.append(failure)
    elapsed = time.monotonic() - started
    never_ok = sorted(label for label, seen in statuses.items() if not any(200 <= s < 300 for s in seen))
    print(
        f"\n{persona}: {covered} operations, {EXAMPLES_PER_OPERATION} examples each, {elapsed:.0f} s; "
        f"{len(never_ok)} never answered 2xx: {never_ok}"
    )
    if failures:
        pytest.fail(f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures), pytrace=False)
