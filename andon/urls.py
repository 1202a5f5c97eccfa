"""Andon in the browser, mounted at /andon/."""

from django.urls import path

from andon import views

urlpatterns = [
    path("", views.dashboard, name="andon-dashboard"),
    path("raise/", views.raise_flag, name="andon-raise"),
    path("export.csv", views.flag_export, name="andon-flag-export"),
    path("export.xlsx", views.flag_export, {"fmt": "xlsx"}, name="andon-flag-export-xlsx"),
    path("learning/", views.learning, name="andon-learning"),
    path("categories/", views.categories, name="andon-categories"),
    path("policy/", views.policy, name="andon-policy"),
    path("flags/<int:pk>/", views.flag_detail, name="andon-flag-detail"),
    path("flags/<int:pk>/actions/", views.flag_actions, name="andon-flag-actions"),
    path("flags/<int:pk>/acknowledge/", views.acknowledge, name="andon-flag-acknowledge"),
    path("flags/<int:pk>/assign/", views.assign, name="andon-flag-assign"),
    path("flags/<int:pk>/comment/", views.comment, name="andon-flag-comment"),
    path("flags/<int:pk>/escalate/", views.escalate, name="andon-flag-escalate"),
    path("flags/<int:pk>/send-down/", views.send_down, name="andon-flag-send-down"),
    path("flags/<int:pk>/resolve/", views.resolve, name="andon-flag-resolve"),
    path("flags/<int:pk>/reopen/", views.reopen, name="andon-flag-reopen"),
]
