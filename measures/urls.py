"""Step 1 of the method, mounted at /focus/: focus areas, measures, their data and charts."""

from django.urls import path

from measures.views import data as data_views
from measures.views import focus as focus_views
from measures.views import glance as glance_views
from measures.views import groups as group_views
from measures.views import reflection as reflection_views
from measures.views import shared as shared_views
from measures.views import study as study_views

urlpatterns = [
    path("", focus_views.focus_area_list, name="focus-area-list"),
    path("new/", focus_views.focus_area_create, name="focus-area-create"),
    path("scratchpad/", reflection_views.chart_scratchpad, name="chart-scratchpad"),
    path("shared/", shared_views.shared_measure_list, name="shared-measure-list"),
    path("shared/new/", shared_views.shared_measure_create, name="shared-measure-create"),
    path("shared/<int:pk>/", shared_views.shared_measure_detail, name="shared-measure-detail"),
    path("shared/<int:pk>/edit/", shared_views.shared_measure_edit, name="shared-measure-edit"),
    path("shared/<int:pk>/adopt/", shared_views.shared_measure_adopt, name="shared-measure-adopt"),
    path("at-a-glance/", glance_views.measures_at_a_glance, name="measures-at-a-glance"),
    path("<int:pk>/", focus_views.focus_area_detail, name="focus-area-detail"),
    path("<int:pk>/edit/", focus_views.focus_area_edit, name="focus-area-edit"),
    path("<int:pk>/close/", focus_views.focus_area_close, name="focus-area-close"),
    path("<int:pk>/reflection/", reflection_views.focus_area_reflection, name="focus-area-reflection"),
    path("<int:pk>/reflection/spread/", study_views.focus_area_study, name="focus-area-study"),
    path("<int:pk>/measures/new/", focus_views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", focus_views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", focus_views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/compare/", study_views.measure_compare, name="measure-compare"),
    path("measures/<int:pk>/chart/", focus_views.measure_chart, name="measure-chart"),
    path("measures/<int:pk>/data/", focus_views.measure_data, name="measure-data"),
    path("measures/<int:pk>/points/", focus_views.measure_record, name="measure-record"),
    path("measures/<int:pk>/grid/", data_views.measure_grid, name="measure-grid"),
    path("measures/<int:pk>/upload/", data_views.measure_upload, name="measure-upload"),
    path("measures/<int:pk>/export.csv", data_views.measure_export, name="measure-export"),
    path(
        "measures/<int:pk>/export.xlsx",
        data_views.measure_export,
        {"fmt": "xlsx"},
        name="measure-export-xlsx",
    ),
    path("measures/<int:pk>/exclusions/", focus_views.measure_exclude, name="measure-exclude"),
    path("exclusions/<int:pk>/include/", focus_views.exclusion_include_again, name="exclusion-include-again"),
    path("points/<int:pk>/delete/", focus_views.point_delete, name="point-delete"),
    path("pupil-groups/", group_views.pupil_groups, name="pupil-groups"),
    path("pupil-groups/<int:pk>/", group_views.pupil_group_change, name="pupil-group-change"),
    path("measures/<int:pk>/groups/", group_views.measure_groups, name="measure-groups"),
    path("measures/<int:pk>/groups/grid/", group_views.measure_group_grid, name="measure-group-grid"),
    path("measures/<int:pk>/groups/upload/", group_views.measure_group_upload, name="measure-group-upload"),
    path(
        "measures/<int:pk>/groups/export.csv", group_views.measure_group_export, name="measure-group-export"
    ),
    path(
        "measures/<int:pk>/groups/export.xlsx",
        group_views.measure_group_export,
        {"fmt": "xlsx"},
        name="measure-group-export-xlsx",
    ),
]
