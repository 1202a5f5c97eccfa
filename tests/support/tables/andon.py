"""Permission rows for andon flags: the dashboard, flag pages, escalation policy and the API.

Plain data in the format of tests/support/permission_tables.py; tests/andon/test_permission_table.py
runs it. The member raised ``flag`` for Team A on Monday morning; ``resolved`` was resolved by the lead.
"""

from types import SimpleNamespace

from andon import services
from playbook import clock
from tests.support.andon import MONDAY_10, at, raise_at
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    w = SimpleNamespace(**vars(personas))
    w.flag = raise_at(MONDAY_10, by=w.member, team=w.team_a)
    resolved = raise_at(MONDAY_10, by=w.member, team=w.team_a, title="Printer out of toner")
    with clock.frozen_at(at(2, 11)):
        w.resolved = services.resolve_flag(flag=resolved, by=w.lead, resolution="Ordered.", learning="Stock.")
    return w


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("andon-dashboard", "get", S("200 200 200 200 200 200 302")),
    Row("andon-flag-export", "get", S("200 200 200 200 200 200 302")),
    Row("andon-flag-export-xlsx", "get", S("200 200 200 200 200 200 302")),
    Row("andon-raise", "get", S("200 200 200 200 200 200 302")),
    Row("andon-raise", "post", S("200 200 200 200 200 200 302")),
    Row("andon-learning", "get", S("302 302 302 302 302 302 302")),  # to /learnings/?kind=flag
    Row("andon-categories", "get", S("200 200 200 200 200 200 302")),
    Row("andon-policy", "get", S("403 403 403 403 403 200 302")),
    Row("andon-policy", "post", S("403 403 403 403 403 200 302")),
    Row("andon-flag-detail", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-actions", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-acknowledge", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("flag")),
    Row("andon-flag-assign", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("flag")),
    Row("andon-flag-comment", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-escalate", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-send-down", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-resolve", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("flag")),
    Row("andon-flag-reopen", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("resolved")),
    Row("api-escalation-policy", "get", S("200 200 200 200 200 200 401")),
    Row("api-escalation-policy", "put", S("400 400 400 400 400 400 401")),
    Row("api-flag-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-flag-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-flag-learning", "get", S("200 200 200 200 200 200 401")),
    Row("api-flag-summary", "get", S("200 200 200 200 200 200 401")),
    Row("api-flag-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("flag")),
    Row("api-flag-acknowledge", "post", S("404 404 200 200 200 200 401"), kwargs=pk_of("flag")),
    Row("api-flag-assign", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("flag")),
    Row("api-flag-comments", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("flag")),
    Row("api-flag-comments", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("flag")),
    Row("api-flag-escalate", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("flag")),
    Row("api-flag-events", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("flag")),
    Row("api-flag-reopen", "post", S("404 404 200 200 200 200 401"), kwargs=pk_of("resolved")),
    Row("api-flag-resolve", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("flag")),
    Row("api-flag-send-down", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("flag")),
]
