"""Permission rows for the core app: home, account, notifications, network setup pages and the core API.

Plain data in the format of tests/support/permission_tables.py; tests/playbook/test_permission_table.py
runs it. The notification is the member's; ``membership`` is the member's place in Team A.
"""

from types import SimpleNamespace

from playbook.models import Membership
from tests.support.agenda import make_value
from tests.support.factories import PASSWORD, NotificationFactory
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    return SimpleNamespace(
        **vars(personas),
        notification=NotificationFactory(recipient=personas.member),
        membership=Membership.objects.get(user=personas.member, team=personas.team_a),
        value=make_value(personas),
    )


def team_a(w):
    return {"pk": w.team_a.pk}


def membership(w):
    return {"pk": w.membership.pk}


def value(w):
    return {"pk": w.value.pk}


def notification(w):
    return {"pk": w.notification.pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("home", "get", S("200 200 200 200 200 200 302")),
    Row("account", "get", S("200 200 200 200 200 200 302")),
    Row(
        "account",
        "post",
        S("302 302 302 302 302 302 302"),
        data=lambda w: {"first_name": "Sam", "last_name": "Reed", "email": "sam@example.org"},
    ),
    Row(
        "account",
        "post",
        S("302 302 302 302 302 302 302"),
        data=lambda w: {"form": "notifications", "cycle-comment": "digest"},
        note="notification choices",
    ),
    Row("notifications", "get", S("200 200 200 200 200 200 302")),
    Row("style-guide", "get", S("200 200 200 200 200 200 302")),
    Row("learnings", "get", S("200 200 200 200 200 200 302")),
    Row("learnings-export", "get", S("200 200 200 200 200 200 302")),
    Row("learnings-export-xlsx", "get", S("200 200 200 200 200 200 302")),
    Row("notification-read", "post", S("404 404 302 404 404 404 302"), kwargs=notification),
    Row("notifications-read-all", "post", S("302 302 302 302 302 302 302")),
    Row("team-list", "get", S("200 200 200 200 200 200 302")),
    Row("team-create", "get", S("403 403 403 403 403 200 302")),
    Row(
        "team-create",
        "post",
        S("403 403 403 403 403 302 302"),
        data=lambda w: {"name": "Team D", "kind": "team", "parent": w.cluster_a.pk},
    ),
    Row("team-detail", "get", S("404 404 200 200 200 200 302"), kwargs=team_a),
    Row("team-edit", "get", S("404 404 403 200 200 200 302"), kwargs=team_a),
    Row(
        "team-edit",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=team_a,
        data=lambda w: {"name": "Team Alpha", "kind": "team", "parent": w.cluster_a.pk},
    ),
    Row("team-delete", "post", S("404 404 403 403 403 302 302"), kwargs=team_a),
    Row(
        "membership-add",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=team_a,
        data=lambda w: {"person": w.loner.pk, "role": "member"},
    ),
    Row(
        "membership-role",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=membership,
        data=lambda w: {"role": "lead"},
    ),
    Row("membership-remove", "post", S("404 404 403 302 302 302 302"), kwargs=membership),
    Row("people-list", "get", S("403 403 403 403 403 200 302")),
    Row("person-create", "get", S("403 403 403 403 403 200 302")),
    Row(
        "person-create",
        "post",
        S("403 403 403 403 403 302 302"),
        data=lambda w: {"username": "newcomer", "email": "new@example.org", "role": "member"},
    ),
    Row("person-edit", "get", S("403 403 403 403 403 200 302"), kwargs=lambda w: {"pk": w.member.pk}),
    Row(
        "person-edit",
        "post",
        S("403 403 403 403 403 302 302"),
        kwargs=lambda w: {"pk": w.member.pk},
        data=lambda w: {"email": "member@example.org", "is_active": "on"},
    ),
    Row("network-settings", "get", S("403 403 403 403 403 200 302")),
    Row(
        "network-settings",
        "post",
        S("403 403 403 403 403 302 302"),
        data=lambda w: {"name": "Riverside Trust", "time_zone": "Europe/London", "local_passwords": "on"},
    ),
    Row("network-values", "get", S("403 403 403 403 403 200 302")),
    Row("network-values", "post", S("403 403 403 403 403 302 302"), data=lambda w: {"name": "Candour"}),
    Row("network-value-edit", "get", S("404 403 403 403 403 200 302"), kwargs=value),
    Row(
        "network-value-edit",
        "post",
        S("404 403 403 403 403 302 302"),
        kwargs=value,
        data=lambda w: {"name": "Children first"},
    ),
    Row("network-value-move", "post", S("404 403 403 403 403 302 302"), kwargs=value),
    Row("network-value-delete", "post", S("404 403 403 403 403 302 302"), kwargs=value),
    Row("api-network-value-list", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-network-value-list", "post", S("403 403 403 403 403 201 401"), data=lambda w: {"name": "Candour"}
    ),
    Row("api-network-value-detail", "get", S("404 200 200 200 200 200 401"), kwargs=value),
    Row(
        "api-network-value-detail",
        "patch",
        S("404 403 403 403 403 200 401"),
        kwargs=value,
        data=lambda w: {"name": "Children first"},
    ),
    Row("api-network-value-detail", "delete", S("404 403 403 403 403 204 401"), kwargs=value),
    Row(
        "api-network-value-move",
        "post",
        S("404 403 403 403 403 200 401"),
        kwargs=value,
        data=lambda w: {"position": 0},
    ),
    Row(
        "api-token",
        "post",
        S("200 200 200 200 200 200 200"),
        data=lambda w: {"username": "member", "password": PASSWORD},
    ),
    Row("api-me", "get", S("200 200 200 200 200 200 401")),
    Row("api-home", "get", S("200 200 200 200 200 200 401")),
    Row("api-me", "patch", S("200 200 200 200 200 200 401"), data=lambda w: {"first_name": "Sam"}),
    Row("api-me-notification-preferences", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-me-notification-preferences",
        "put",
        S("200 200 200 200 200 200 401"),
        data=lambda w: {"cycle-comment": "digest"},
    ),
    Row(
        "api-me-notification-preferences",
        "patch",
        S("200 200 200 200 200 200 401"),
        data=lambda w: {"andon": "off"},
    ),
    Row("api-network-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-network-detail", "get", S("404 200 200 200 200 200 401"), kwargs=lambda w: {"pk": w.network.pk}),
    Row(
        "api-network-detail",
        "patch",
        S("404 403 403 403 403 200 401"),
        kwargs=lambda w: {"pk": w.network.pk},
        data=lambda w: {"name": "Riverside Trust"},
    ),
    Row("api-team-list", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-team-list",
        "post",
        S("400 403 403 403 403 201 401"),
        data=lambda w: {"name": "Team D", "kind": "team", "parent": w.cluster_a.pk},
    ),
    Row("api-team-detail", "delete", S("404 404 403 403 403 204 401"), kwargs=team_a),
    Row("api-team-detail", "get", S("404 404 200 200 200 200 401"), kwargs=team_a),
    Row(
        "api-team-detail",
        "patch",
        S("404 404 403 200 200 200 401"),
        kwargs=team_a,
        data=lambda w: {"name": "Team Alpha"},
    ),
    Row(
        "api-team-detail",
        "put",
        S("404 404 403 200 200 200 401"),
        kwargs=team_a,
        data=lambda w: {"name": "Team Alpha", "kind": "team", "parent": w.cluster_a.pk},
    ),
    Row("api-membership-list", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-membership-list",
        "post",
        S("400 400 403 201 201 201 401"),
        data=lambda w: {"team": w.team_a.pk, "user": w.loner.pk, "role": "member"},
    ),
    Row("api-membership-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=membership),
    Row("api-membership-detail", "get", S("404 404 200 200 200 200 401"), kwargs=membership),
    Row(
        "api-membership-detail",
        "patch",
        S("404 404 403 200 200 200 401"),
        kwargs=membership,
        data=lambda w: {"role": "lead"},
    ),
    Row("api-learnings", "get", S("200 200 200 200 200 200 401")),
    Row("api-notification-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-notification-read-all", "post", S("200 200 200 200 200 200 401")),
    Row("api-notification-detail", "get", S("404 404 200 404 404 404 401"), kwargs=notification),
    Row("api-notification-read", "post", S("404 404 200 404 404 404 401"), kwargs=notification),
]
