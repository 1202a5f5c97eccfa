"""The shared-measures API: list and define, read and change, adopt into a focus area, and the
comparison across the adopting teams the requester may see (the page's numbers, as JSON)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from measures import serializers as measure_serializers
from measures import shared as selectors
from measures import shared_serializers as s
from measures.models import Measure
from measures.services import shared as services
from playbook import permissions
from playbook.api.views import PlaybookViewSet


class SharedMeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Measures a hub or cluster defines once for teams to adopt. Everyone in the network sees them;
    the owning team's leads and the leaders above change them."""

    serializer_class = s.SharedMeasureSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "adopt": permissions.VIEW,
        "comparison": permissions.VIEW,
    }

    def get_queryset(self):
        return selectors.shared_measure_list(self.request.user)

    def _answer(self, shared, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=shared.pk)).data, status=code)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        shared = services.create_shared_measure(team=fields.pop("team"), by=request.user, **fields)
        return self._answer(shared, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        shared = self.get_object()
        serializer = self.get_serializer(shared, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "team"}
        return self._answer(services.update_shared_measure(shared=shared, by=request.user, **fields))

    @extend_schema(request=s.AdoptSerializer, responses={201: measure_serializers.MeasureSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Adopt into a focus area (at most once each): a team measure with the shared settings."""
        shared = self.get_object()
        serializer = s.AdoptSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        measure = services.adopt_shared_measure(
            shared=shared, focus_area=serializer.validated_data["focus_area"], by=request.user
        )
        measure = Measure.objects.prefetch_related("targets").get(pk=measure.pk)
        body = measure_serializers.MeasureSerializer(measure, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[s.ComparisonFilterSerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def comparison(self, request, pk=None):
        """Each visible adopting team's series, the funnel, and the roll-up over the same teams."""
        shared = self.get_object()
        filters = s.ComparisonFilterSerializer(
            data={k: v for k, v in request.query_params.items() if v != ""}
        )
        filters.is_valid(raise_exception=True)
        found = selectors.compare(request.user, shared, periods=filters.validated_data["periods"])
        return Response(selectors.comparison_data(found))


ROUTES = [("shared-measures", SharedMeasureViewSet, "api-shared-measure")]
PATHS = []
