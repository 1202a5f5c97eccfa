"""Huddles in the browser, mounted at /huddles/."""

from django.urls import path

from huddles import feedback_views, views

urlpatterns = [
    path("", views.huddle_list, name="huddle-list"),
    path("new/", views.huddle_create, name="huddle-create"),
    path("<int:pk>/", views.huddle_detail, name="huddle-detail"),
    path("<int:pk>/edit/", views.huddle_edit, name="huddle-edit"),
    path("<int:pk>/start/", views.huddle_start, name="huddle-start"),
    path("<int:pk>/notes/", views.huddle_notes, name="huddle-notes"),
    path("<int:pk>/we-did/", feedback_views.huddle_we_did, name="huddle-we-did"),
    path("<int:pk>/notes.md", views.huddle_notes_markdown, name="huddle-notes-md"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/entries/", views.meeting_entries, name="meeting-entries"),
    path("meetings/<int:pk>/entries/new/", views.entry_add, name="meeting-entry-add"),
    path("meetings/<int:pk>/actions/", views.action_add, name="meeting-action-add"),
    path("meetings/<int:pk>/pulse/", views.meeting_pulse, name="meeting-pulse"),
    path("meetings/<int:pk>/feedback/", feedback_views.meeting_feedback, name="meeting-feedback"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting-close"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/flag/", views.entry_escalate, name="entry-escalate"),
    path("entries/<int:pk>/action/", views.entry_make_action, name="entry-make-action"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("actions/<int:pk>/flag/", views.action_escalate, name="action-escalate"),
]
