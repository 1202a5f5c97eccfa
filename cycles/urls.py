"""PDSA cycles in the browser, mounted at /cycles/."""

from django.urls import path

from cycles import flag_views
from cycles.views import agenda, conversation, detail, lists, plan, spread, stages, story
from cycles.views import progress as progress_views
from cycles.views import spread_map as map_views

urlpatterns = [
    path("", lists.cycle_list, name="cycle-list"),
    path("new/", plan.cycle_create, name="cycle-create"),
    path("export.csv", lists.cycle_export, name="cycle-export"),
    path("export.xlsx", lists.cycle_export, {"fmt": "xlsx"}, name="cycle-export-xlsx"),
    path("filter-options/<str:name>/", lists.filter_options, name="cycle-filter-options"),
    path("spread/", spread.spread, name="cycles-spread"),
    path("track-record/", spread.track_record, name="cycles-track-record"),
    path("settings/", spread.settings_page, name="cycles-settings"),
    path("learning-agenda/", agenda.learning_agenda, name="learning-agenda"),
    path("learning-agenda/new/", agenda.learning_goal_create, name="learning-goal-create"),
    path("learning-agenda/<int:pk>/edit/", agenda.learning_goal_edit, name="learning-goal-edit"),
    path("learning-agenda/<int:pk>/move/", agenda.learning_goal_move, name="learning-goal-move"),
    path("learning-agenda/<int:pk>/delete/", agenda.learning_goal_delete, name="learning-goal-delete"),
    path("ideas/<int:pk>/ramp/", spread.change_idea_ramp, name="change-idea-ramp"),
    path("ideas/<int:pk>/spread-map/", map_views.change_idea_spread_map, name="change-idea-spread-map"),
    path("focus/<int:pk>/progress/", progress_views.focus_area_progress, name="focus-area-progress"),
    path("<int:pk>/", detail.cycle_detail, name="cycle-detail"),
    path("<int:pk>/charts/", detail.cycle_charts, name="cycle-charts"),
    path("<int:pk>/flags/", flag_views.cycle_flags, name="cycle-flags"),
    path("<int:pk>/plan/", plan.cycle_edit_plan, name="cycle-edit-plan"),
    path("<int:pk>/predictions/", plan.prediction_add, name="cycle-prediction-add"),
    path("predictions/<int:pk>/edit/", plan.prediction_edit, name="prediction-edit"),
    path("predictions/<int:pk>/delete/", plan.prediction_delete, name="prediction-delete"),
    path("predictions/<int:pk>/study/", stages.prediction_study, name="prediction-study"),
    path("<int:pk>/do/", stages.cycle_do, name="cycle-do"),
    path("<int:pk>/observations/", stages.observation_add, name="cycle-observation-add"),
    path("<int:pk>/data/", stages.cycle_record_data, name="cycle-record-data"),
    path("<int:pk>/act/", stages.cycle_act, name="cycle-act"),
    path("<int:pk>/transition/", stages.cycle_transition, name="cycle-transition"),
    path("<int:pk>/next/", stages.cycle_next, name="cycle-next"),
    path("<int:pk>/copy/", spread.cycle_copy, name="cycle-copy"),
    path("<int:pk>/review/", conversation.cycle_request_review, name="cycle-request-review"),
    path("<int:pk>/comments/", conversation.cycle_comment, name="cycle-comment"),
    path("<int:pk>/phase/<int:measure_pk>/", stages.cycle_confirm_phase, name="cycle-confirm-phase"),
    path("<int:pk>/ramp/", spread.cycle_ramp, name="cycle-ramp"),
    path("<int:pk>/report/", detail.cycle_report, name="cycle-report"),
    path("focus/<int:pk>/story/", story.focus_area_story, name="focus-area-story"),
    path("focus/<int:pk>/story/links/", story.story_link_make, name="story-link-make"),
    path("story-links/<int:pk>/revoke/", story.story_link_revoke, name="story-link-revoke"),
    # Public: the token is the key, for readers outside the network (cycles.services.stories).
    path("s/<str:token>/", story.shared_story, name="story-shared"),
]
