"""The theory's history in the API: every change, newest first."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from theory import serializers as s
from theory.api.common import Listing, TheoryViewSet
from theory.models import TheoryEvent
from theory.permissions import visible_theory


@extend_schema_view(list=extend_schema(parameters=[s.TheoryEventFilterSerializer]))
class TheoryEventViewSet(*Listing, TheoryViewSet):
    """Every change to a theory, newest first: who, what, when, and the node before and after."""

    model = TheoryEvent
    serializer_class = s.TheoryEventSerializer
    filter_serializer_class = s.TheoryEventFilterSerializer

    def get_queryset(self):
        return visible_theory(self.request.user, TheoryEvent).order_by("-at", "-id")

    def apply_filters(self, queryset, filters):
        queryset = super().apply_filters(queryset, filters)
        if "diagram" in filters:
            queryset = queryset.filter(diagram=filters["diagram"])
        return queryset
