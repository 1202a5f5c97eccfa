"""Permission rows for team charters, standards of team excellence, self-assessments and closing a team
(playbook/charter_views.py and playbook/api/charters.py).

Plain data in the format of tests/support/permission_tables.py; run by
tests/playbook/test_charters_permission_table.py. A team's charter and assessments are its people's and
those above it: a sibling team and another network get 404, a member 403 on writes. Team D sits beside
Team A with the member and the lead in it, and is already closed, so its retrospective can be read.
"""

from types import SimpleNamespace

from playbook.models import Membership
from playbook.services import charters, team_closing
from tests.support.factories import TeamFactory
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    # Team D first: a person's access is worked out once and kept on them (once per request in the app),
    # so the admin's must be worked out after Team D exists for the closing to see it.
    team_d = TeamFactory(network=personas.network, name="Team D", slug="team-d", parent=personas.cluster_a)
    Membership.objects.create(user=personas.member, team=team_d, role="member")
    Membership.objects.create(user=personas.lead, team=team_d, role="lead")
    standard = charters.create_team_standard(
        network=personas.network, by=personas.admin, name="We meet on schedule", description="Every week."
    )
    team_closing.close_team(team=team_d, by=personas.admin, learned="Pairing worked; the timetable did not.")
    return SimpleNamespace(**vars(personas), standard=standard, team_d=team_d)


def team_a(w):
    return {"pk": w.team_a.pk}


def team_d(w):
    return {"pk": w.team_d.pk}


def standard(w):
    return {"pk": w.standard.pk}


def rating_form(w):
    return {f"rating_{w.standard.pk}": "3", f"note_{w.standard.pk}": "Mostly on time", "summary": ""}


def ratings(w):
    return {"ratings": [{"standard": w.standard.pk, "rating": 3, "note": "Mostly on time"}]}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("team-charter", "get", S("404 404 200 200 200 200 302"), kwargs=team_a),
    Row("team-charter", "get", S("404 404 200 200 200 200 302"), kwargs=team_d, note="closed team"),
    Row("team-charter-edit", "get", S("404 404 403 200 200 200 302"), kwargs=team_a),
    Row(
        "team-charter-edit",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=team_a,
        data=lambda w: {"purpose": "Lift reading", "goal": "", "roles": ""},
    ),
    Row(
        "team-charter-edit",
        "post",
        S("404 404 403 403 403 403 302"),
        kwargs=team_d,
        data=lambda w: {"purpose": "Start again", "goal": "", "roles": ""},
        note="closed team",
    ),
    Row("team-charter-history", "get", S("404 404 200 200 200 200 302"), kwargs=team_a),
    Row("team-assess", "get", S("404 404 403 200 200 200 302"), kwargs=team_a),
    Row("team-assess", "post", S("404 404 403 302 302 302 302"), kwargs=team_a, data=rating_form),
    Row("team-close", "get", S("404 404 403 200 200 200 302"), kwargs=team_a),
    Row(
        "team-close",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=team_a,
        data=lambda w: {"learned": "Done."},
    ),
    Row("team-close", "get", S("404 404 403 403 403 403 302"), kwargs=team_d, note="closed team"),
    Row("team-assess", "get", S("404 404 403 403 403 403 302"), kwargs=team_d, note="closed team"),
    Row(
        "team-assess",
        "post",
        S("404 404 403 403 403 403 302"),
        kwargs=team_d,
        data=rating_form,
        note="closed team",
    ),
    Row(
        "team-close",
        "post",
        S("404 404 403 403 403 403 302"),
        kwargs=team_d,
        data=lambda w: {"learned": "Again."},
        note="closed team",
    ),
    Row("team-charter-history", "get", S("404 404 200 200 200 200 302"), kwargs=team_d, note="closed team"),
    Row("team-assessments-overview", "get", S("403 403 403 403 200 200 302")),
    Row("team-standards", "get", S("403 403 403 403 403 200 302")),
    Row("team-standards", "post", S("403 403 403 403 403 302 302"), data=lambda w: {"name": "We follow up"}),
    Row("team-standard-edit", "get", S("404 403 403 403 403 200 302"), kwargs=standard),
    Row(
        "team-standard-edit",
        "post",
        S("404 403 403 403 403 302 302"),
        kwargs=standard,
        data=lambda w: {"name": "We meet on time", "description": ""},
    ),
    Row("team-standard-archive", "post", S("404 403 403 403 403 302 302"), kwargs=standard),
    # The API
    Row("api-team-charter", "get", S("404 404 200 200 200 200 401"), kwargs=team_a),
    Row(
        "api-team-charter",
        "patch",
        S("404 404 403 200 200 200 401"),
        kwargs=team_a,
        data=lambda w: {"purpose": "Lift reading"},
    ),
    Row("api-team-charter-history", "get", S("404 404 200 200 200 200 401"), kwargs=team_a),
    Row("api-team-assessments", "get", S("404 404 200 200 200 200 401"), kwargs=team_a),
    Row("api-team-assessments", "post", S("404 404 403 201 201 201 401"), kwargs=team_a, data=ratings),
    Row("api-team-open-work", "get", S("404 404 200 200 200 200 401"), kwargs=team_a),
    Row(
        "api-team-close",
        "post",
        S("404 404 403 201 201 201 401"),
        kwargs=team_a,
        data=lambda w: {"learned": "Done."},
    ),
    Row(
        "api-team-charter",
        "patch",
        S("404 404 403 403 403 403 401"),
        kwargs=team_d,
        data=lambda w: {"purpose": "Start again"},
        note="closed team",
    ),
    Row(
        "api-team-charter-history", "get", S("404 404 200 200 200 200 401"), kwargs=team_d, note="closed team"
    ),
    Row("api-team-assessments", "get", S("404 404 200 200 200 200 401"), kwargs=team_d, note="closed team"),
    Row(
        "api-team-assessments",
        "post",
        S("404 404 403 403 403 403 401"),
        kwargs=team_d,
        data=ratings,
        note="closed team",
    ),
    Row(
        "api-team-close",
        "post",
        S("404 404 403 403 403 403 401"),
        kwargs=team_d,
        data=lambda w: {"learned": "Again."},
        note="closed team: closing twice is refused",
    ),
    Row("api-team-retrospective", "get", S("404 404 200 200 200 200 401"), kwargs=team_d),
    Row("api-team-retrospective", "get", S("404 404 404 404 404 404 401"), kwargs=team_a, note="still open"),
    Row("api-team-assessments-latest", "get", S("403 403 403 403 200 200 401")),
    Row("api-team-standard-list", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-team-standard-list",
        "post",
        S("403 403 403 403 403 201 401"),
        data=lambda w: {"name": "We follow up"},
    ),
    Row("api-team-standard-detail", "get", S("404 200 200 200 200 200 401"), kwargs=standard),
    Row(
        "api-team-standard-detail",
        "patch",
        S("404 403 403 403 403 200 401"),
        kwargs=standard,
        data=lambda w: {"name": "We meet on time"},
    ),
    Row("api-team-standard-archive", "post", S("404 403 403 403 403 200 401"), kwargs=standard),
]
