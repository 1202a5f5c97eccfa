from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from huddles import calendar_views
from playbook import (
    calendar_feed_views,
    health,
    invitation_views,
    learning_views,
    sign_in,
    unsubscribe_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # Our sign-in and password-reset pages, before Django's own, which serve the rest of accounts/.
    path("accounts/login/", sign_in.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", sign_in.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Sign in with the school account: allauth's provider flow only (playbook/sign_in.py says why).
    path("sso/", include(sign_in.allauth_urlpatterns)),
    path("account/", views.account, name="account"),
    path("account/calendar/", calendar_feed_views.calendar_feed_make, name="calendar-feed-make"),
    path(
        "account/calendar/<int:pk>/revoke/",
        calendar_feed_views.calendar_feed_revoke,
        name="calendar-feed-revoke",
    ),
    # Public: the token is the key (huddles.calendar_views), for calendar apps that have no session.
    path("calendar/<str:token>.ics", calendar_views.person_feed, name="calendar-feed"),
    path(
        "calendar/<str:token>/huddles/<int:huddle_id>.ics",
        calendar_views.huddle_feed,
        name="calendar-huddle-feed",
    ),
    path("style-guide/", views.style_guide, name="style-guide"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notification_read_all, name="notifications-read-all"),
    path("learnings/", learning_views.learning_list, name="learnings"),
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
    path("email/unsubscribe/<str:token>/", unsubscribe_views.email_unsubscribe, name="email-unsubscribe"),
    path("learnings/export.csv", learning_views.learning_export, name="learnings-export"),
    path(
        "learnings/export.xlsx", learning_views.learning_export, {"fmt": "xlsx"}, name="learnings-export-xlsx"
    ),
    path("network/", include("playbook.setup_urls")),
    path("focus/", include("measures.urls")),
    path("theory/", include("theory.urls")),
    path("cycles/", include("cycles.urls")),
    path("andon/", include("andon.urls")),
    path("huddles/", include("huddles.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, which the CSP (script-src 'self') allows.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# A body over the size limit is a 413 with a page that says so, not Django's bare 400.
handler400 = "playbook.error_views.bad_request"
