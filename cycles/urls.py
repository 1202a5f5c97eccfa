"""PDSA cycles in the browser, mounted at /cycles/."""

from django.urls import path

from cycles import views

urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("new/", views.cycle_create, name="cycle-create"),
    path("export.csv", views.cycle_export, name="cycle-export"),
    path("spread/", views.spread, name="cycles-spread"),
    path("track-record/", views.track_record, name="cycles-track-record"),
    path("settings/", views.settings_page, name="cycles-settings"),
    path("ideas/<int:pk>/ramp/", views.change_idea_ramp, name="change-idea-ramp"),
    path("<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("<int:pk>/charts/", views.cycle_charts, name="cycle-charts"),
    path("<int:pk>/plan/", views.cycle_edit_plan, name="cycle-edit-plan"),
    path("<int:pk>/predictions/", views.prediction_add, name="cycle-prediction-add"),
    path("predictions/<int:pk>/edit/", views.prediction_edit, name="prediction-edit"),
    path("predictions/<int:pk>/delete/", views.prediction_delete, name="prediction-delete"),
    path("predictions/<int:pk>/study/", views.prediction_study, name="prediction-study"),
    path("<int:pk>/do/", views.cycle_do, name="cycle-do"),
    path("<int:pk>/observations/", views.observation_add, name="cycle-observation-add"),
    path("<int:pk>/data/", views.cycle_record_data, name="cycle-record-data"),
    path("<int:pk>/act/", views.cycle_act, name="cycle-act"),
    path("<int:pk>/transition/", views.cycle_transition, name="cycle-transition"),
    path("<int:pk>/next/", views.cycle_next, name="cycle-next"),
    path("<int:pk>/copy/", views.cycle_copy, name="cycle-copy"),
    path("<int:pk>/review/", views.cycle_request_review, name="cycle-request-review"),
    path("<int:pk>/comments/", views.cycle_comment, name="cycle-comment"),
    path("<int:pk>/phase/<int:measure_pk>/", views.cycle_confirm_phase, name="cycle-confirm-phase"),
    path("<int:pk>/ramp/", views.cycle_ramp, name="cycle-ramp"),
    path("<int:pk>/report/", views.cycle_report, name="cycle-report"),
]
