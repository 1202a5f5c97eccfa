from django.urls import path

from playbook import setup_views

urlpatterns = [
    path("teams/", setup_views.team_detail, name="team-list"),
    path("teams/<int:pk>/", setup_views.team_detail, name="team-detail"),
    path("people/", setup_views.team_detail, name="people-list"),
    path("settings/", setup_views.team_detail, name="network-settings"),
]
