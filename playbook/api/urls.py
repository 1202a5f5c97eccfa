from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from playbook.api import measures, views

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="api-network")
router.register("teams", views.TeamViewSet, basename="api-team")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("notifications", views.NotificationViewSet, basename="api-notification")
router.register("focus-areas", measures.FocusAreaViewSet, basename="api-focus-area")
router.register("measures", measures.MeasureViewSet, basename="api-measure")
router.register("data-points", measures.DataPointViewSet, basename="api-data-point")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("charts/analyze/", measures.AnalyzeView.as_view(), name="api-chart-analyze"),
    path("measures/<int:pk>/data.csv", measures.MeasureDataCsvView.as_view(), name="api-measure-data-csv"),
    *router.urls,
    # Last, so only paths nothing else answers reach it; without a trailing slash Django first
    # redirects to the slashed path (APPEND_SLASH), which then lands here.
    re_path(r"^(?:.*/)?$", views.NoSuchEndpoint.as_view(), name="api-unknown"),
]
