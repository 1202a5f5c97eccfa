"""``/api/v1/`` for how the network learns: a change idea's spread map and a focus area's progress score.

The same selectors and service as the pages (``cycles.spread_map``, ``cycles.progress``,
``cycles.services.progress``), under the same permission rules.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cycles import selectors
from cycles.progress import SCALE, progress_for
from cycles.services.progress import override_progress_score
from cycles.spread_map import spread_map
from measures.models import ProgressScoreOverride
from measures.permissions import visible_focus_areas
from playbook import permissions
from playbook.api.errors import ApiSchema


class ProgressOverrideSerializer(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        allow_null=True,
        required=False,
        coerce_to_string=False,  # a number in the schema: the scale bounds it, not a string length
        help_text=f"One of {', '.join(str(s) for s in SCALE)}; null hands the score back to the evidence.",
    )
    reason = serializers.CharField(max_length=10_000, help_text="Why the score differs from the evidence.")


# Response shapes, for the schema (the data itself comes from ``as_data()`` of the selectors' results).
class SpreadMapCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    stage = serializers.CharField()
    decision = serializers.CharField(help_text="adopt, adopt_scale, adapt, abandon, or open (not decided)")
    predictions = serializers.IntegerField()
    predictions_met = serializers.IntegerField()
    change_idea = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()


class SpreadMapNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    tested = serializers.BooleanField()
    cycles = SpreadMapCycleSerializer(many=True)


class SpreadMapEdgeSerializer(serializers.Serializer):
    from_cycle = serializers.IntegerField()
    to_cycle = serializers.IntegerField()
    from_team = serializers.IntegerField()
    to_team = serializers.IntegerField()
    kind = serializers.CharField()


class SpreadMapIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SpreadMapSerializer(serializers.Serializer):
    change_idea = SpreadMapIdeaSerializer()
    nodes = SpreadMapNodeSerializer(many=True)
    edges = SpreadMapEdgeSerializer(many=True)


class ProgressCriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    level = serializers.CharField()
    label = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)


class ProgressOverrideRowSerializer(serializers.Serializer):
    score = serializers.CharField(allow_null=True)
    reason = serializers.CharField()
    by = serializers.CharField()
    at = serializers.DateTimeField()


class FocusAreaProgressSerializer(serializers.Serializer):
    focus_area = serializers.IntegerField()
    score = serializers.CharField()
    label = serializers.CharField()
    evidence_score = serializers.CharField()
    evidence_label = serializers.CharField()
    overridden = serializers.BooleanField()
    evidence = ProgressCriterionSerializer(many=True)
    history = ProgressOverrideRowSerializer(many=True)


class ChangeIdeaSpreadMapView(APIView):
    """Where a change idea was tested: the team tree (``nodes``: teams with their parent, whether they
    tested it, and their cycles with decision and predictions met) and ``edges`` for each cycle adapted
    from another. Only cycles you may see."""

    schema = ApiSchema()

    @extend_schema(responses=SpreadMapSerializer)
    def get(self, request, pk):
        user = request.user
        idea = permissions.get_for_user(user, selectors.visible_change_ideas_for_cycles(user), pk)
        return Response(spread_map(user, idea).as_data())


class FocusAreaProgressView(APIView):
    """A focus area's progress score on the IHI 0.5 … 5.0 scale, from its evidence (each criterion met
    or not) unless a leader overrode it; POST overrides (leaders only, with a reason)."""

    schema = ApiSchema()

    def _focus_area(self, request, pk):
        return permissions.get_for_user(
            request.user, visible_focus_areas(request.user).select_related("team"), pk
        )

    @extend_schema(responses=FocusAreaProgressSerializer)
    def get(self, request, pk):
        return Response(progress_for(self._focus_area(request, pk)).as_data())

    @extend_schema(request=ProgressOverrideSerializer, responses={201: FocusAreaProgressSerializer})
    def post(self, request, pk):
        focus_area = self._focus_area(request, pk)
        if not permissions.can(
            request.user, permissions.CHANGE, ProgressScoreOverride(focus_area=focus_area)
        ):
            raise PermissionDenied("Only leaders override a progress score.")
        body = ProgressOverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        override_progress_score(
            focus_area=focus_area, by=request.user, score=data.get("score"), reason=data["reason"]
        )
        return Response(progress_for(focus_area).as_data(), status=status.HTTP_201_CREATED)


ROUTES: list = []
PATHS = [
    path(
        "change-ideas/<int:pk>/spread-map/",
        ChangeIdeaSpreadMapView.as_view(),
        name="api-change-idea-spread-map",
    ),
    path("focus-areas/<int:pk>/progress/", FocusAreaProgressView.as_view(), name="api-focus-area-progress"),
]
