"""What every theory API view shares: the viewset that fetches visible nodes, ``?as_of=`` and SVG."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from measures.models import FocusArea
from playbook.api.errors import ErrorSerializer
from playbook.api.views import PlaybookViewSet
from theory import selectors
from theory import serializers as s
from theory.permissions import visible_theory

SVG = OpenApiResponse(OpenApiTypes.STR, description="The diagram as an SVG document (image/svg+xml).")
NOT_STARTED = OpenApiResponse(ErrorSerializer, description="It had not been started at `as_of`.")
AS_OF = extend_schema(parameters=[s.AsOfSerializer])
Listing = (mixins.ListModelMixin, mixins.RetrieveModelMixin)


def as_of(request, focus_area: FocusArea):
    params = {k: v for k, v in request.query_params.items() if k == "as_of" and v != ""}
    checked = s.AsOfSerializer(data=params)
    checked.is_valid(raise_exception=True)
    if "as_of_day" in checked.validated_data:
        return selectors.end_of_day(focus_area, checked.validated_data["as_of_day"])
    return checked.validated_data.get("as_of")


def svg_response(markup: str) -> HttpResponse:
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + markup, content_type="image/svg+xml")


class TheoryViewSet(PlaybookViewSet):
    """Fetches any node the requester may see; the service called decides whether they may change it."""

    model = None
    object_actions: dict = {}
    filter_serializer_class = s.NodeFilterSerializer

    def get_queryset(self):
        rows = visible_theory(self.request.user, self.model)
        return rows.select_related("focus_area__team__network").order_by("pk")

    def apply_filters(self, queryset, filters):
        if "focus_area" in filters:
            queryset = queryset.filter(focus_area_id=filters["focus_area"])
        return queryset

    def validated(self, instance=None) -> dict:
        """The request's body, checked by the serializer (a PATCH when there is an ``instance``)."""
        serializer = self.get_serializer(instance, data=self.request.data, partial=instance is not None)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def created(self, node):
        node = self.get_queryset().get(pk=node.pk)
        return Response(self.get_serializer(node).data, status=status.HTTP_201_CREATED)

    def refreshed(self, node):
        return Response(self.get_serializer(self.get_queryset().get(pk=node.pk)).data)

    def deleted(self):
        return Response(status=status.HTTP_204_NO_CONTENT)
