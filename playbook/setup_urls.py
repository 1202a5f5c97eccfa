"""Network setup pages, mounted at /network/."""

from django.urls import path

from playbook import (
    charter_views,
    email_domain_views,
    onboarding_views,
    setup_views,
    value_views,
    webhook_views,
)

urlpatterns = [
    path("teams/", setup_views.team_list, name="team-list"),
    path("teams/new/", setup_views.team_create, name="team-create"),
    path("teams/<int:pk>/", setup_views.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", setup_views.team_edit, name="team-edit"),
    path("teams/<int:pk>/delete/", setup_views.team_delete, name="team-delete"),
    path("teams/<int:pk>/members/add/", setup_views.membership_add, name="membership-add"),
    path("teams/<int:pk>/charter/", charter_views.team_charter, name="team-charter"),
    path("teams/<int:pk>/charter/edit/", charter_views.charter_edit, name="team-charter-edit"),
    path("teams/<int:pk>/charter/history/", charter_views.charter_history, name="team-charter-history"),
    path("teams/<int:pk>/assess/", charter_views.team_assess, name="team-assess"),
    path("teams/<int:pk>/close/", charter_views.team_close, name="team-close"),
    path("teams/assessments/", charter_views.assessments_overview, name="team-assessments-overview"),
    path("standards/", charter_views.team_standards, name="team-standards"),
    path("standards/<int:pk>/edit/", charter_views.team_standard_edit, name="team-standard-edit"),
    path("standards/<int:pk>/archive/", charter_views.team_standard_archive, name="team-standard-archive"),
    path("memberships/<int:pk>/role/", setup_views.membership_role, name="membership-role"),
    path("memberships/<int:pk>/remove/", setup_views.membership_remove, name="membership-remove"),
    path("people/", setup_views.people_list, name="people-list"),
    path("people/new/", setup_views.person_create, name="person-create"),
    path("people/<int:pk>/edit/", setup_views.person_edit, name="person-edit"),
    path("people/<int:pk>/invite/", onboarding_views.person_invite, name="person-invite"),
    path("people/import/", onboarding_views.people_import, name="people-import"),
    path(
        "people/import/template.<str:fmt>",
        onboarding_views.people_import_template,
        name="people-import-template",
    ),
    path("settings/", setup_views.network_settings, name="network-settings"),
    path("email-domains/", email_domain_views.email_domains, name="email-domains"),
    path(
        "email-domains/<int:pk>/remove/", email_domain_views.email_domain_remove, name="email-domain-remove"
    ),
    path("values/", value_views.network_values, name="network-values"),
    path("values/<int:pk>/edit/", value_views.network_value_edit, name="network-value-edit"),
    path("values/<int:pk>/move/", value_views.network_value_move, name="network-value-move"),
    path("values/<int:pk>/delete/", value_views.network_value_delete, name="network-value-delete"),
    path("webhooks/", webhook_views.webhook_list, name="webhook-list"),
    path("webhooks/new/", webhook_views.webhook_create, name="webhook-create"),
    path("webhooks/<int:pk>/", webhook_views.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:pk>/edit/", webhook_views.webhook_edit, name="webhook-edit"),
    path("webhooks/<int:pk>/secret/", webhook_views.webhook_rotate_secret, name="webhook-rotate-secret"),
    path("webhooks/<int:pk>/ping/", webhook_views.webhook_ping, name="webhook-ping"),
    path("webhooks/<int:pk>/delete/", webhook_views.webhook_delete, name="webhook-delete"),
    path("webhooks/deliveries/<int:pk>/", webhook_views.webhook_delivery, name="webhook-delivery"),
    path("webhooks/deliveries/<int:pk>/replay/", webhook_views.webhook_replay, name="webhook-replay"),
]
