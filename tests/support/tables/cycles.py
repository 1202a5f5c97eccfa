"""Permission rows for PDSA cycles: pages and API.

Plain data in the format of tests/support/permission_tables.py; tests/cycles/test_permission_table.py
runs it. The member owns every cycle here: ``cycle`` is a plan, ``doing`` has started, ``acting`` is
being decided (adapt), ``adopted`` was decided adopt (so a phase may be confirmed);
``studied_prediction`` is ``acting``'s first prediction.
"""

from types import SimpleNamespace

from cycles import services
from tests.support.agenda import make_goal
from tests.support.cycles import make_plan, make_world, run_to
from tests.support.permission_tables import Row, S


def _decided(w, decision):
    cycle = run_to(make_plan(w), "acting", w.member)
    return services.update_cycle(cycle=cycle, by=w.member, decision=decision, decision_reasoning="Because.")


def world(personas) -> SimpleNamespace:
    w = make_world(personas)
    w.cycle = make_plan(w)
    w.prediction = w.cycle.predictions.order_by("position").first()
    w.doing = services.start_cycle(cycle=make_plan(w), by=w.member)
    w.acting = _decided(w, "adapt")
    w.adopted = _decided(w, "adopt")
    w.studied_prediction = w.acting.predictions.order_by("position").first()
    w.goal = make_goal(w)
    return w


def _goal_fields(w):
    return {"title": "Every pupil reads", "starts_on": "2026-01-05", "ends_on": "2026-07-17"}


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("cycle-list", "get", S("200 200 200 200 200 200 302")),
    Row("cycle-create", "get", S("200 200 200 200 200 200 302")),
    Row("cycle-create", "post", S("200 200 200 200 200 200 302")),
    Row("cycle-export", "get", S("200 200 200 200 200 200 302")),
    Row("cycle-export-xlsx", "get", S("200 200 200 200 200 200 302")),
    Row("cycle-filter-options", "get", S("200 200 200 200 200 200 302"), kwargs=lambda w: {"name": "team"}),
    Row("cycles-spread", "get", S("200 200 200 200 200 200 302")),
    Row("cycles-track-record", "get", S("200 200 200 200 200 200 302")),
    Row("cycles-settings", "get", S("403 403 403 403 403 200 302")),
    Row("cycles-settings", "post", S("403 403 403 403 403 200 302")),
    Row("change-idea-ramp", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("idea")),
    Row("cycle-detail", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-charts", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-flags", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-edit-plan", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-edit-plan", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-prediction-add", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("prediction-edit", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("prediction")),
    Row("prediction-delete", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("prediction")),
    Row("prediction-study", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("studied_prediction")),
    Row("cycle-do", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("doing")),
    Row("cycle-observation-add", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("doing")),
    Row("cycle-record-data", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("doing")),
    Row("cycle-act", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("acting")),
    Row("cycle-transition", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-next", "post", S("404 404 302 302 302 302 302"), kwargs=pk_of("acting")),
    Row("cycle-copy", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-request-review", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("cycle-comment", "post", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row(
        "cycle-confirm-phase",
        "post",
        S("404 404 403 302 302 302 302"),
        kwargs=lambda w: {"pk": w.adopted.pk, "measure_pk": w.measure.pk},
    ),
    Row("cycle-ramp", "get", S("404 404 302 302 302 302 302"), kwargs=pk_of("cycle")),
    Row("cycle-report", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("cycle")),
    Row("learning-agenda", "get", S("200 200 200 200 200 200 302")),
    Row("learning-goal-create", "get", S("200 403 403 403 200 200 302"), note="outsider keeps own hub's"),
    Row("learning-goal-create", "post", S("302 403 403 403 302 200 302"), data=_goal_fields),
    Row("learning-goal-edit", "get", S("404 403 403 403 200 200 302"), kwargs=pk_of("goal")),
    Row(
        "learning-goal-edit",
        "post",
        S("404 403 403 403 302 302 302"),
        kwargs=pk_of("goal"),
        data=_goal_fields,
    ),
    Row("learning-goal-move", "post", S("404 403 403 403 302 302 302"), kwargs=pk_of("goal")),
    Row("learning-goal-delete", "post", S("404 403 403 403 302 302 302"), kwargs=pk_of("goal")),
    Row("api-learning-goal-list", "get", S("200 200 200 200 200 200 401")),
    Row(
        "api-learning-goal-list",
        "post",
        S("400 403 403 403 201 201 401"),
        data=lambda w: {**_goal_fields(w), "team": w.cluster_a.pk},
    ),
    Row("api-learning-goal-detail", "get", S("404 200 200 200 200 200 401"), kwargs=pk_of("goal")),
    Row(
        "api-learning-goal-detail",
        "patch",
        S("404 403 403 403 200 200 401"),
        kwargs=pk_of("goal"),
        data=lambda w: {"title": "Reading"},
    ),
    Row("api-learning-goal-detail", "delete", S("404 403 403 403 204 204 401"), kwargs=pk_of("goal")),
    Row(
        "api-learning-goal-move",
        "post",
        S("404 403 403 403 200 200 401"),
        kwargs=pk_of("goal"),
        data=lambda w: {"position": 0},
    ),
    Row("api-cycles-csv", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycles-xlsx", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycles-spread", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycles-track-record", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycles-settings", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycles-settings", "patch", S("403 403 403 403 403 200 401")),
    Row("api-cycle-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-cycle-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-cycle-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-detail", "patch", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-comments", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-comments", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-copy", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-events", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-next", "post", S("404 404 201 201 201 201 401"), kwargs=pk_of("acting")),
    Row("api-cycle-observations", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("doing")),
    Row("api-cycle-observations", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("doing")),
    Row("api-cycle-phase", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("adopted")),
    Row("api-cycle-predictions", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-predictions", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-ramp", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-request-review", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("cycle")),
    Row("api-cycle-transition", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("cycle")),
    Row("api-prediction-detail", "delete", S("404 404 204 204 204 204 401"), kwargs=pk_of("prediction")),
    Row("api-prediction-detail", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("prediction")),
    Row("api-prediction-detail", "patch", S("404 404 200 200 200 200 401"), kwargs=pk_of("prediction")),
    Row("api-prediction-study", "post", S("404 404 400 400 400 400 401"), kwargs=pk_of("studied_prediction")),
    # Spread map and progress score (issue 16): the map follows the change idea, the score its focus
    # area; only leaders (of the team or above) override a score.
    Row("change-idea-spread-map", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("idea")),
    Row("api-change-idea-spread-map", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("idea")),
    Row("focus-area-progress", "get", S("404 404 200 200 200 200 302"), kwargs=pk_of("focus_area")),
    Row(
        "focus-area-progress",
        "post",
        S("404 404 403 403 302 302 302"),
        kwargs=pk_of("focus_area"),
        data=lambda w: {"score": "3.0", "reason": "The outcome data lags a term behind."},
    ),
    Row("api-focus-area-progress", "get", S("404 404 200 200 200 200 401"), kwargs=pk_of("focus_area")),
    Row(
        "api-focus-area-progress",
        "post",
        S("404 404 403 403 201 201 401"),
        kwargs=pk_of("focus_area"),
        data=lambda w: {"score": "3.0", "reason": "The outcome data lags a term behind."},
    ),
]
