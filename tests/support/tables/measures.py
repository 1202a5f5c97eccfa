"""Permission rows for focus areas, measures and their data: pages and API.

Plain data in the format of tests/support/permission_tables.py; tests/measures/test_permission_table.py
runs it. Team A's focus area is owned by its lead; the member records data on its measure.
"""

from datetime import date
from types import SimpleNamespace

from measures.models import MeasureExclusion, SharedMeasure
from tests.support.factories import (
    DataPointFactory,
    FocusAreaFactory,
    GroupPointFactory,
    MeasureFactory,
    PupilGroupFactory,
)
from tests.support.permission_tables import Row, S


def world(personas) -> SimpleNamespace:
    focus_area = FocusAreaFactory(team=personas.team_a, owner=personas.lead, title="Reading fluency")
    measure = MeasureFactory(focus_area=focus_area, name="Words a minute", unit="words")
    point = DataPointFactory(measure=measure, period=date(2026, 3, 2), value=42)
    exclusion = MeasureExclusion.objects.create(measure=measure, period=point.period, reason="Snow day")
    return SimpleNamespace(
        **vars(personas),
        focus_area=focus_area,
        measure=measure,
        point=point,
        exclusion=exclusion,
        group=_pupil_group(personas, measure),
        shared=_shared_measure(personas),
    )


def _shared_measure(personas):
    """Cluster A's shared measure, defined by its leader (issue 16: shared measures)."""
    return SharedMeasure.objects.create(
        network=personas.network, team=personas.cluster_a, name="Pupils present all week",
        definition="Pupils present at every session, of pupils on roll.", created_by=personas.leader,
    )  # fmt: skip


def shared(w):
    return {"pk": w.shared.pk}


def _pupil_group(personas, measure):
    group = PupilGroupFactory(network=personas.network, dimension="Free school meals", name="Eligible")
    GroupPointFactory(measure=measure, group=group, period=date(2026, 3, 2), value=40, pupils=12)
    return group


def focus_area(w):
    return {"pk": w.focus_area.pk}


def measure(w):
    return {"pk": w.measure.pk}


def point(w):
    return {"pk": w.point.pk}


def group(w):
    return {"pk": w.group.pk}


def exclusion(w):
    return {"pk": w.exclusion.pk}


def excluded_period(w):
    return {"pk": w.measure.pk, "period": w.exclusion.period.isoformat()}


# Statuses in PERSONAS order:
#   outsider sibling_member member lead leader admin anonymous
ROWS = [
    Row("focus-area-list", "get", S("200 200 200 200 200 200 302")),
    Row("focus-area-create", "get", S("200 403 403 200 200 200 302")),
    Row("focus-area-create", "post", S("200 403 403 200 200 200 302")),
    Row("chart-scratchpad", "get", S("200 200 200 200 200 200 302")),
    Row("chart-scratchpad", "post", S("200 200 200 200 200 200 302")),
    Row("focus-area-detail", "get", S("404 404 200 200 200 200 302"), kwargs=focus_area),
    Row("focus-area-edit", "get", S("404 404 403 200 200 200 302"), kwargs=focus_area),
    Row("focus-area-edit", "post", S("404 404 403 200 200 200 302"), kwargs=focus_area),
    Row("focus-area-close", "post", S("404 404 403 302 302 302 302"), kwargs=focus_area),
    Row("focus-area-reflection", "get", S("404 404 200 200 200 200 302"), kwargs=focus_area),
    Row("focus-area-study", "get", S("404 404 200 200 200 200 302"), kwargs=focus_area),
    Row("measure-create", "get", S("404 404 403 200 200 200 302"), kwargs=focus_area),
    Row("measure-create", "post", S("404 404 403 200 200 200 302"), kwargs=focus_area),
    Row("measure-detail", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-edit", "get", S("404 404 403 200 200 200 302"), kwargs=measure),
    Row("measure-edit", "post", S("404 404 403 200 200 200 302"), kwargs=measure),
    Row("measure-chart", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-data", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-compare", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-record", "post", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-grid", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-grid", "post", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-upload", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-upload", "post", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-export", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-export-xlsx", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("point-delete", "post", S("404 404 403 302 302 302 302"), kwargs=point),
    # Leaving periods out of the limits is shaping the chart: those who may change the measure.
    Row("measure-exclude", "post", S("404 404 403 200 200 200 302"), kwargs=measure),
    Row("exclusion-include-again", "post", S("404 404 403 302 302 302 302"), kwargs=exclusion),
    Row("api-measure-exclusions", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-measure-exclusions", "post", S("404 404 403 400 400 400 401"), kwargs=measure),
    Row("api-measure-include-again", "delete", S("404 404 403 204 204 204 401"), kwargs=excluded_period),
    Row("api-chart-analyze", "post", S("400 400 400 400 400 400 401")),
    Row("api-measure-data-csv", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-measure-data-xlsx", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-focus-area-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-focus-area-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-focus-area-detail", "get", S("404 404 200 200 200 200 401"), kwargs=focus_area),
    Row("api-focus-area-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=focus_area),
    Row("api-focus-area-close", "post", S("404 404 403 200 200 200 401"), kwargs=focus_area),
    Row("api-measure-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-measure-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-measure-detail", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-measure-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=measure),
    Row("api-measure-chart", "get", S("404 404 202 202 202 202 401"), kwargs=measure),
    Row("api-measure-data", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-measure-data", "post", S("404 404 400 400 400 400 401"), kwargs=measure),
    Row("api-measure-import-data", "post", S("404 404 400 400 400 400 401"), kwargs=measure),
    Row("api-data-point-detail", "delete", S("404 404 403 204 204 204 401"), kwargs=point),
    Row("api-data-point-detail", "get", S("404 404 200 200 200 200 401"), kwargs=point),
    Row("api-data-point-detail", "patch", S("404 404 403 200 200 200 401"), kwargs=point),
    # The pupil-group breakdown: the network's list is its admins'; a measure's figures its team's.
    Row("pupil-groups", "get", S("403 403 403 403 403 200 302")),
    Row("pupil-groups", "post", S("403 403 403 403 403 200 302")),
    Row("pupil-group-change", "post", S("404 403 403 403 403 302 302"), kwargs=group),
    Row("measure-groups", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-group-grid", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-group-grid", "post", S("404 404 302 302 302 302 302"), kwargs=measure),
    Row("measure-group-upload", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-group-upload", "post", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-group-export", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("measure-group-export-xlsx", "get", S("404 404 200 200 200 200 302"), kwargs=measure),
    Row("api-pupil-group-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-measure-group-points", "get", S("404 404 200 200 200 200 401"), kwargs=measure),
    Row("api-measure-group-points", "post", S("404 404 400 400 400 400 401"), kwargs=measure),
    # Measures at a glance: the overseer's table, for leads and leaders (the outsider leads a team of
    # its own network, and sees that network's measures); members read theirs on focus area pages.
    Row("measures-at-a-glance", "get", S("200 403 403 200 200 200 302")),
    Row("api-measures-at-a-glance", "get", S("200 403 403 200 200 200 401")),
    # Shared measures: the network sees them; a hub's or cluster's leads and the leaders above define
    # and change them (the outsider leads a hub of its own network); whoever may add measures to a
    # focus area adopts into it. Empty posts: the form or the 400 names the missing fields.
    Row("shared-measure-list", "get", S("200 200 200 200 200 200 302")),
    Row("shared-measure-create", "get", S("200 403 403 403 200 200 302")),
    Row("shared-measure-create", "post", S("200 403 403 403 200 200 302")),
    Row("shared-measure-detail", "get", S("404 200 200 200 200 200 302"), kwargs=shared),
    Row("shared-measure-edit", "get", S("404 403 403 403 200 200 302"), kwargs=shared),
    Row("shared-measure-edit", "post", S("404 403 403 403 200 200 302"), kwargs=shared),
    Row("shared-measure-adopt", "post", S("404 403 403 200 200 200 302"), kwargs=shared),
    Row("api-shared-measure-list", "get", S("200 200 200 200 200 200 401")),
    Row("api-shared-measure-list", "post", S("400 400 400 400 400 400 401")),
    Row("api-shared-measure-detail", "get", S("404 200 200 200 200 200 401"), kwargs=shared),
    Row("api-shared-measure-detail", "patch", S("404 403 403 403 200 200 401"), kwargs=shared),
    Row("api-shared-measure-adopt", "post", S("404 400 400 400 400 400 401"), kwargs=shared),
    Row("api-shared-measure-comparison", "get", S("404 200 200 200 200 200 401"), kwargs=shared),
]
