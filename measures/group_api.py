"""The API for the pupil-group breakdown: the network's groups, and a measure's figures per group.

A figure for a group smaller than the network's threshold is answered with every number null and
the reason (``measures.suppression``), exactly as the page and the export hide it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from measures import group_charts
from measures import group_serializers as gs
from measures.models import GroupPoint, PupilGroup
from measures.permissions import visible_measures
from measures.services import groups as group_service
from playbook import permissions
from playbook.api.errors import ApiSchema

POINTS_IN = PolymorphicProxySerializer(
    component_name="GroupPointInputOneOrMany",
    serializers=[gs.GroupPointInputSerializer, gs.GroupPointInputSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)
POINTS_OUT = PolymorphicProxySerializer(
    component_name="GroupPointOneOrMany",
    serializers=[gs.GroupPointSerializer, gs.GroupPointSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)


class PupilGroupListView(generics.ListAPIView):
    """The network's pupil groups, by dimension and position. Everyone in the network sees them."""

    serializer_class = gs.PupilGroupSerializer
    schema = ApiSchema()
    pagination_class = None

    def get_queryset(self):
        network_id = permissions.access_for(self.request.user).network_id
        return PupilGroup.objects.filter(network_id=network_id).order_by("dimension", "position", "name")


class GroupPointsView(generics.GenericAPIView):
    """A measure's figures per pupil group, oldest period first."""

    serializer_class = gs.GroupPointSerializer
    schema = ApiSchema()

    def _measure(self, pk, action):
        measures = visible_measures(self.request.user).select_related("focus_area__team__network")
        return permissions.get_for_user(self.request.user, measures, pk, action)

    @extend_schema(parameters=[gs.GroupPointFilterSerializer], responses=gs.GroupPointSerializer(many=True))
    def get(self, request, pk):
        measure = self._measure(pk, permissions.VIEW)
        filters = gs.GroupPointFilterSerializer(
            data={k: v for k, v in request.query_params.items() if v != ""}
        )
        filters.is_valid(raise_exception=True)
        groups = {g.pk: g for g in PupilGroup.objects.filter(network_id=measure.focus_area.team.network_id)}
        # Suppression is decided over every figure of the measure (a hidden group's siblings may be
        # hidden too), then filtered and paged: a page or a filter never shows what the whole hides.
        cells = group_charts.cells(
            _with_groups(GroupPoint.objects.filter(measure=measure, group_id__in=groups), groups),
            measure.focus_area.team.network.smallest_group_shown,
        )
        wanted = filters.validated_data
        cells = [
            cell
            for cell in sorted(cells, key=lambda c: (c.period, c.group.pk))
            if wanted.get("dimension", cell.group.dimension) == cell.group.dimension
            and wanted.get("group", cell.group.pk) == cell.group.pk
        ]
        page = self.paginate_queryset(cells)
        return self.get_paginated_response(gs.GroupPointSerializer(page, many=True).data)

    @extend_schema(
        request=POINTS_IN,
        responses={
            201: OpenApiResponse(POINTS_OUT, description="As stored; at least one figure was new."),
            200: OpenApiResponse(
                POINTS_OUT, description="As stored; nothing was new (replaced or the same)."
            ),
        },
        description="Enter one figure (an object) or many (a list), all or nothing, each for a group "
        "(its id) and a period. A figure for a group and period already stored replaces it. Sending "
        "the same figures again changes nothing, so a retry needs no Idempotency-Key. A bad figure is "
        "a 400 with its field errors; in a list, `errors.points` maps each bad row's index (from 0) "
        "to its field errors. The answer is the figures as stored, with suppression applied.",
    )
    def post(self, request, pk):
        measure = self._measure(pk, permissions.CONTRIBUTE)
        bulk = isinstance(request.data, list)
        rows = request.data if bulk else [request.data]
        if bulk and not rows:
            raise exceptions.ValidationError(["Send at least one figure."])
        if len(rows) > gs.MAX_BULK_GROUP_POINTS:
            raise exceptions.ValidationError([f"Send at most {gs.MAX_BULK_GROUP_POINTS} figures at once."])
        groups = {g.pk: g for g in PupilGroup.objects.filter(network_id=measure.focus_area.team.network_id)}
        inputs, errors = [], {}
        for index, row in enumerate(rows):
            serializer = gs.GroupPointInputSerializer(data=row)
            if not serializer.is_valid():
                errors[index] = serializer.errors
                continue
            data = dict(serializer.validated_data)
            group = groups.get(data.pop("group"))
            if group is None:
                errors[index] = {"group": ["No such pupil group in this network."]}
                continue
            inputs.append(group_service.GroupPointInput(group=group, **data))
        if not errors:
            try:
                done = group_service.record_group_points(measure=measure, by=request.user, points=inputs)
            except group_service.GroupPointErrors as exc:
                errors = exc.by_row
            except DjangoValidationError as exc:
                detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
                raise exceptions.ValidationError(detail) from None
        if errors:
            if not bulk:
                raise exceptions.ValidationError(errors[0])
            raise exceptions.ValidationError({"points": {str(i): e for i, e in errors.items()}})
        everything = group_charts.cells(
            _with_groups(GroupPoint.objects.filter(measure=measure, group_id__in=groups), groups),
            measure.focus_area.team.network.smallest_group_shown,
        )
        by_pk = {cell.point.pk: cell for cell in everything}
        body = gs.GroupPointSerializer([by_pk[point.pk] for point in done.points], many=True).data
        return Response(body if bulk else body[0], status=201 if done.created else 200)


def _with_groups(points, groups: dict) -> list[GroupPoint]:
    points = list(points)
    for point in points:
        point.group = groups[point.group_id]  # the groups are in hand: no query per point
    return points


ROUTES = []
PATHS = [
    path("pupil-groups/", PupilGroupListView.as_view(), name="api-pupil-group-list"),
    path("measures/<int:pk>/group-points/", GroupPointsView.as_view(), name="api-measure-group-points"),
]
