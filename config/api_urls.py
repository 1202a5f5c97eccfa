from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from andon import api as andon_api
from cycles import api as cycles_api
from huddles import api as huddles_api
from playbook.api import measures, views
from theory import api as theory_api

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="api-network")
router.register("teams", views.TeamViewSet, basename="api-team")
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("notifications", views.NotificationViewSet, basename="api-notification")
router.register("focus-areas", measures.FocusAreaViewSet, basename="api-focus-area")
router.register("measures", measures.MeasureViewSet, basename="api-measure")
router.register("data-points", measures.DataPointViewSet, basename="api-data-point")
for prefix, viewset, basename in theory_api.ROUTES:
    router.register(prefix, viewset, basename=basename)
router.register("cycles", cycles_api.CycleViewSet, basename="api-cycle")
router.register("predictions", cycles_api.PredictionViewSet, basename="api-prediction")
router.register("flags", andon_api.FlagViewSet, basename="api-flag")
for prefix, viewset, basename in huddles_api.ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("charts/analyze/", measures.AnalyzeView.as_view(), name="api-chart-analyze"),
    path("measures/<int:pk>/data.csv", measures.MeasureDataCsvView.as_view(), name="api-measure-data-csv"),
    path("cycles/export.csv", cycles_api.CyclesCsvView.as_view(), name="api-cycles-csv"),
    path("cycles/spread/", cycles_api.SpreadView.as_view(), name="api-cycles-spread"),
    path("cycles/track-record/", cycles_api.TrackRecordView.as_view(), name="api-cycles-track-record"),
    path("cycles/settings/", cycles_api.CyclesSettingsView.as_view(), name="api-cycles-settings"),
    path("escalation-policy/", andon_api.EscalationPolicyView.as_view(), name="api-escalation-policy"),
    *router.urls,
    # Last, so only paths nothing else answers reach it; without a trailing slash Django first
    # redirects to the slashed path (APPEND_SLASH), which then lands here.
    re_path(r"^(?:.*/)?$", views.NoSuchEndpoint.as_view(), name="api-unknown"),
]
