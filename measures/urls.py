"""Step 1 of the method, mounted at /focus/: focus areas, measures, their data and charts."""

from django.urls import path

from measures.views import data as data_views
from measures.views import focus as focus_views
from measures.views import reflection as reflection_views

urlpatterns = [
    path("", focus_views.focus_area_list, name="focus-area-list"),
    path("new/", focus_views.focus_area_create, name="focus-area-create"),
    path("scratchpad/", reflection_views.chart_scratchpad, name="chart-scratchpad"),
    path("<int:pk>/", focus_views.focus_area_detail, name="focus-area-detail"),
    path("<int:pk>/edit/", focus_views.focus_area_edit, name="focus-area-edit"),
    path("<int:pk>/close/", focus_views.focus_area_close, name="focus-area-close"),
    path("<int:pk>/reflection/", reflection_views.focus_area_reflection, name="focus-area-reflection"),
    path("<int:pk>/measures/new/", focus_views.measure_create, name="measure-create"),
    path("measures/<int:pk>/", focus_views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", focus_views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/chart/", focus_views.measure_chart, name="measure-chart"),
    path("measures/<int:pk>/points/", focus_views.measure_record, name="measure-record"),
    path("measures/<int:pk>/grid/", data_views.measure_grid, name="measure-grid"),
    path("measures/<int:pk>/upload/", data_views.measure_upload, name="measure-upload"),
    path("measures/<int:pk>/export.csv", data_views.measure_export, name="measure-export"),
    path("points/<int:pk>/delete/", focus_views.point_delete, name="point-delete"),
]
