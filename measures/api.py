"""The API for step 1 of the method: focus areas, their measures, the measures' data, and charts.

Same conventions as ``playbook.api.views``: lists start from ``permissions.visible_*``, detail routes
fetch through ``permissions.get_for_user`` (404 when not visible, 403 when not allowed), and every
write is one service call, which owns its transaction.

Charts are read, never computed, on request: ``GET measures/{id}/chart/`` answers what the last
rebuild stored and asks for a rebuild when that is missing or older than the data. Only the scratch
analysis (``POST charts/analyze/``), which has no measure to store a chart for, computes on the spot.
"""

from __future__ import annotations

from datetime import date

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

import spc as stats
from measures import charts
from measures import serializers as s
from measures.data_input import PointInput, export_columns, export_rows
from measures.models import Measure
from measures.permissions import visible_data_points, visible_focus_areas, visible_measures
from measures.services import charts as chart_service
from measures.services import data as data_service
from measures.services import exclusions as exclusion_service
from measures.services import focus as focus_service
from playbook import clock, permissions
from playbook.api import idempotency
from playbook.api.csv import CsvContentNegotiation
from playbook.api.errors import ApiSchema, ErrorSerializer
from playbook.api.views import PlaybookViewSet
from playbook.downloads import table_response
from playbook.spreadsheets import CONTENT_TYPES, CSV, XLSX


def query_params(request, keep_blank=()) -> dict:
    """The query string as a plain dict (so a missing boolean is missing, not false).

    An empty value means "not given", as in a form left blank, except for the names in
    ``keep_blank``, where empty is a value of its own (``phases=``: no phases).
    """
    return {k: v for k, v in request.query_params.items() if v != "" or k in keep_blank}


# --- Focus areas ----------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[s.FocusAreaFilterSerializer]))
class FocusAreaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Where a team chose to improve, and its aim. Leads of the team (and leaders above) set them."""

    serializer_class = s.FocusAreaSerializer
    filter_serializer_class = s.FocusAreaFilterSerializer
    object_actions = {**PlaybookViewSet.object_actions, "close": permissions.CHANGE}

    def get_queryset(self):
        # The measures tell which kinds the aim still lacks.
        return visible_focus_areas(self.request.user).prefetch_related("measures")

    filter_lookups = {"team": "team_id", "status": "status"}

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        focus_area = focus_service.create_focus_area(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(focus_area).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        focus_area = self.get_object()
        serializer = self.get_serializer(focus_area, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "team"}
        focus_area = focus_service.update_focus_area(focus_area=focus_area, by=request.user, **fields)
        return Response(self.get_serializer(focus_area).data)

    @extend_schema(request=None, responses=s.FocusAreaSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        focus_area = focus_service.close_focus_area(focus_area=self.get_object(), by=request.user)
        return Response(self.get_serializer(focus_area).data)


# --- Measures, their data and their charts --------------------------------------------------------

POINTS_IN = PolymorphicProxySerializer(
    component_name="DataPointInputOneOrMany",
    serializers=[s.DataPointInputSerializer, s.DataPointInputSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)
POINTS_OUT = PolymorphicProxySerializer(
    component_name="DataPointOneOrMany",
    serializers=[s.DataPointSerializer, s.DataPointSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)
RECORDED = "The point, or the list of points, as stored"
TIMESTAMP = serializers.DateTimeField()  # formats times as every other field of the API does
INVALID_QUERY = OpenApiResponse(ErrorSerializer, description="A query parameter is not valid.")


def point_inputs(payload, *, bulk: bool) -> list[PointInput]:
    """Check the shape of each point; a bulk request's errors are keyed by the row's index."""
    rows = payload if bulk else [payload]
    if bulk and not rows:
        raise exceptions.ValidationError(["Send at least one point."])
    if len(rows) > s.MAX_BULK_POINTS:
        raise exceptions.ValidationError([f"Send at most {s.MAX_BULK_POINTS} points at once."])
    points, errors = [], {}
    for index, row in enumerate(rows):
        serializer = s.DataPointInputSerializer(data=row)
        if serializer.is_valid():
            points.append(PointInput(**serializer.validated_data))
        else:
            errors[str(index)] = serializer.errors
    if errors:
        raise exceptions.ValidationError({"points": errors} if bulk else errors["0"])
    return points


def _target_rows(targets) -> list | None:
    return None if targets is None else [(target["starts_on"], target["value"]) for target in targets]


@extend_schema_view(list=extend_schema(parameters=[s.MeasureFilterSerializer]))
class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """The measures that tell whether an aim is met. Whoever may shape the focus area defines them;
    every member of the team enters their data."""

    serializer_class = s.MeasureSerializer
    filter_serializer_class = s.MeasureFilterSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "record_data": permissions.CONTRIBUTE,
        "import_data": permissions.CONTRIBUTE,
        "exclude": permissions.CHANGE,
        "include_again": permissions.CHANGE,
    }

    def get_queryset(self):
        # The focus area decides who may do what to the measure.
        visible = visible_measures(self.request.user)
        return visible.select_related("focus_area").prefetch_related("targets")

    filter_lookups = {"focus_area": "focus_area_id", "kind": "kind"}

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        targets = _target_rows(fields.pop("targets", None))
        measure = focus_service.create_measure(by=request.user, targets=targets, **fields)
        measure = self.get_queryset().get(pk=measure.pk)
        return Response(self.get_serializer(measure).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        measure = self.get_object()
        serializer = self.get_serializer(measure, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "focus_area"}
        targets = _target_rows(fields.pop("targets", None))
        measure = focus_service.update_measure(measure=measure, by=request.user, targets=targets, **fields)
        measure = self.get_queryset().get(pk=measure.pk)  # the targets prefetched above may be stale
        return Response(self.get_serializer(measure).data)

    @extend_schema(responses=s.DataPointSerializer(many=True))
    @action(detail=True, methods=["get"])
    def data(self, request, pk=None):
        """The measure's data points, oldest period first."""
        measure = self.get_object()
        page = self.paginate_queryset(measure.data_points.order_by("period"))
        return self.get_paginated_response(s.DataPointSerializer(page, many=True).data)

    @extend_schema(
        request=POINTS_IN,
        parameters=[idempotency.HEADER_PARAMETER],
        responses={
            201: OpenApiResponse(POINTS_OUT, description=f"{RECORDED}; at least one period was new."),
            200: OpenApiResponse(POINTS_OUT, description=f"{RECORDED}; every period was already there."),
            **idempotency.ERROR_RESPONSES,
        },
        description="Enter one point (an object) or many (a list), all or nothing. A point for a period "
        "that has one already replaces it, and the old values are kept as a revision. A bad point "
        "is a 400 with its field errors; in a list, `errors.points` maps each bad row's index (from 0) "
        "to its field errors, and nothing is stored.",
    )
    @data.mapping.post
    @idempotency.idempotent
    def record_data(self, request, pk=None):
        measure = self.get_object()
        bulk = isinstance(request.data, list)
        points = point_inputs(request.data, bulk=bulk)
        periods = [point.period for point in points]
        known = set(measure.data_points.filter(period__in=periods).values_list("period", flat=True))
        try:
            saved = data_service.record_points(measure=measure, by=request.user, points=points)
        except data_service.PointErrors as exc:
            if not bulk:
                raise  # a single point's errors are already its fields' errors
            rows = {str(index): errors for index, errors in exc.by_row.items()}
            raise exceptions.ValidationError({"points": rows}) from None
        body = s.DataPointSerializer(saved, many=True).data
        created = any(point.period not in known for point in saved)
        return Response(body if bulk else body[0], status=201 if created else 200)

    @extend_schema(
        parameters=[s.CsvImportOptionsSerializer, idempotency.HEADER_PARAMETER],
        request=s.CsvImportSerializer,
        responses={
            200: OpenApiResponse(s.CsvPreviewSerializer, description="With ?preview=true: row by row."),
            201: OpenApiResponse(s.CsvImportedSerializer, description="Every row was stored."),
            **idempotency.ERROR_RESPONSES,
        },
        description="Import a CSV file (or an Excel workbook, base64 in `xlsx`) of the measure's data, "
        "all rows or none. A file with any bad row "
        "is a 400 whose `errors.csv` says which lines are wrong; ask with ?preview=true first to "
        "see, row by row, what the import would store and replace.",
    )
    @action(detail=True, methods=["post"], url_path="data/import")
    @idempotency.idempotent
    def import_data(self, request, pk=None):
        measure = self.get_object()
        options = s.CsvImportOptionsSerializer(data=query_params(request))
        options.is_valid(raise_exception=True)
        upload = s.CsvImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        text = upload.validated_data["csv"]
        if options.validated_data["preview"]:
            preview = data_service.preview_import(measure=measure, by=request.user, text=text)
            return Response(s.CsvPreviewSerializer(preview).data)
        try:
            saved = data_service.import_csv(measure=measure, by=request.user, text=text)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError({"csv": exc.messages}) from None
        return Response(s.CsvImportedSerializer({"imported": len(saved)}).data, status=201)

    @extend_schema(responses=s.ExclusionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def exclusions(self, request, pk=None):
        """The periods left out of the measure's centre line, limits and runs, each with its reason."""
        measure = self.get_object()
        page = self.paginate_queryset(measure.exclusions.order_by("period"))
        return self.get_paginated_response(s.ExclusionSerializer(page, many=True).data)

    @extend_schema(
        request=s.ExclusionSerializer,
        responses={201: s.ExclusionSerializer},
        description="Leave one of the measure's periods (one with data) out of its centre line, limits "
        "and runs analysis; the chart still shows it, with the reason. A period the measure has no data "
        "for, one already left out, or a blank reason is a 400 with the reason under the field.",
    )
    @exclusions.mapping.post
    def exclude(self, request, pk=None):
        measure = self.get_object()
        given = s.ExclusionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        exclusion = exclusion_service.exclude(measure=measure, by=request.user, **given.validated_data)
        return Response(s.ExclusionSerializer(exclusion).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"exclusions/(?P<period>\d{4}-\d{2}-\d{2})")
    def include_again(self, request, pk=None, period=None):
        """Count a period left out in the measure's limits again."""
        measure = self.get_object()
        try:
            day = date.fromisoformat(period)
        except ValueError:
            raise exceptions.NotFound("No such period.") from None
        exclusion = measure.exclusions.filter(period=day).first()
        if exclusion is None:
            raise exceptions.NotFound(f"{day:%-d %B %Y} is not left out of the limits.")
        exclusion_service.include_again(exclusion=exclusion, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[s.ChartOptionsSerializer],
        responses={
            200: OpenApiResponse(
                s.ChartSerializer,
                description="The stored chart. `pending` is true when it is older than the data; "
                "a rebuild has then been asked for.",
            ),
            202: OpenApiResponse(
                s.ChartSerializer,
                description="Nothing is stored for these options yet; a build has been asked for. "
                "Ask again shortly. `pending` is true and the chart's keys are empty.",
            ),
            400: INVALID_QUERY,
        },
        description="The measure's chart as the last rebuild stored it; never computed on request. "
        "Without parameters it is drawn with the measure's own settings; parameters ask for "
        "another variant, which is stored (and kept up to date) once asked for.",
    )
    @action(detail=True, methods=["get"])
    def chart(self, request, pk=None):
        measure = self.get_object()
        params = s.ChartOptionsSerializer(
            data=query_params(request, keep_blank={"phases"}), context={"measure": measure}
        )
        params.is_valid(raise_exception=True)
        defaults = charts.default_options(measure)
        options = {**defaults, **params.chart_options()}
        stored = chart_service.request_variant(measure, options, defaults)
        body = chart_body(stored, measure, options)
        if stored is None or (stored.result is None and not stored.error):
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Retry-After": "2"})
        return Response(body)


def chart_body(stored, measure: Measure, options: dict) -> dict:
    body = {
        "chart_type": options["chart_type"], "n": None, "n_useful": None, "centre": None, "runs": None,
        "phases": [], "points": [], "signals": [], "caption": "", "annotations": [], "options": options,
        "computed_at": None, "pending": True, "error": "",
    }  # fmt: skip
    if stored is None:
        return body
    # "notified" is the rebuild's own record of which signals it has told the owner about.
    body.update({key: value for key, value in (stored.result or {}).items() if key != "notified"})
    body["computed_at"] = TIMESTAMP.to_representation(stored.computed_at)
    body["pending"] = not stored.is_built_from(measure.data_version)
    body["error"] = stored.error
    return body


class MeasureDataCsvView(APIView):
    """The measure's data as a CSV file, in the columns the import reads."""

    schema = ApiSchema()
    content_negotiation_class = CsvContentNegotiation
    fmt = CSV

    @extend_schema(operation_id="measures_data_csv", responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, pk):
        measures = visible_measures(request.user).select_related("focus_area")
        measure = permissions.get_for_user(request.user, measures, pk)
        points = measure.data_points.order_by("period")
        rows = export_rows(points, measure.data_kind)
        name = f"{slugify(measure.name) or 'measure'}-data"
        return table_response(export_columns(measure.data_kind), rows, self.fmt, name=name)


class MeasureDataXlsxView(MeasureDataCsvView):
    """The measure's data as an Excel workbook, in the columns the import reads."""

    fmt = XLSX

    @extend_schema(
        operation_id="measures_data_xlsx", responses={(200, CONTENT_TYPES[XLSX]): OpenApiTypes.BINARY}
    )
    def get(self, request, pk):
        return super().get(request, pk)


# --- Data points ----------------------------------------------------------------------------------


class DataPointViewSet(mixins.RetrieveModelMixin, PlaybookViewSet):
    """One stored point. Members correct the points they entered; leads and the owner, anyone's."""

    serializer_class = s.DataPointSerializer

    def get_queryset(self):
        return visible_data_points(self.request.user).select_related("measure__focus_area")

    @extend_schema(request=s.DataPointChangeSerializer, responses=s.DataPointSerializer)
    def partial_update(self, request, pk=None):
        point = self.get_object()
        change = s.DataPointChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        stored = {
            "value": point.value,
            "numerator": point.numerator,
            "denominator": point.denominator,
            "observations": point.observations,
        }
        merged = PointInput(period=point.period, **{**stored, "note": point.note, **change.validated_data})
        point = data_service.record_point(measure=point.measure, by=request.user, point=merged)
        return Response(self.get_serializer(point).data)

    def destroy(self, request, pk=None):
        data_service.delete_point(point=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Scratch analysis -----------------------------------------------------------------------------


class AnalyzeView(generics.GenericAPIView):
    """Analyse numbers that belong to no measure, e.g. pasted from a spreadsheet. Nothing is saved."""

    serializer_class = s.AnalyzeSerializer
    schema = ApiSchema()

    @extend_schema(
        responses=s.ChartSerializer,
        description="Answers in the shape of a measure's chart; periods are the points' numbers from 1.",
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        options = {
            "chart_type": data["chart_type"],
            "baseline": data.get("baseline"),
            "phase_starts": [number - 1 for number in data["phases"]],
            "screen_mr": data["screen_mr"],
            "rules": data["rules"],
            "direction": data["direction"],
            "exclude": [number - 1 for number in data["exclude"]],
            "centre": data.get("centre"),
            "multiply": data["multiply"],
            "target": data.get("target"),
        }
        periods = data.get("periods")
        try:
            result = stats.analyze(
                data["values"],
                data.get("denominators"),
                periods=periods if periods is not None else list(range(1, len(data["values"]) + 1)),
                **options,
            )
        except stats.InputError as exc:
            # The engine names its own arguments; the API calls phase_starts "phases".
            field = {"phase_starts": "phases"}.get(exc.field, exc.field)
            raise exceptions.ValidationError({field: [str(exc)]}) from None
        except ValueError as exc:
            raise exceptions.ValidationError([str(exc)]) from None
        if periods is not None:
            _number_the_subgroups(result)
        result["measure"] = {"name": "Your data", "unit": ""}
        result.update(
            caption=charts.caption(result),
            annotations=[],
            options=options,
            computed_at=TIMESTAMP.to_representation(clock.now()),
            pending=False,
            error="",
        )
        # orjson writes the points (up to 100,000 of them) many times faster than DRF's renderer.
        return HttpResponse(orjson.dumps(result), content_type="application/json")


def _number_the_subgroups(result: dict) -> None:
    """The response's periods are the subgroups numbered from 1, as ``exclude`` and ``phases`` count
    them; each point keeps the label it was grouped by."""
    for number, point in enumerate(result["points"], start=1):
        point["label"], point["period"] = point["period"], number
    for signal in result["signals"]:
        signal["start"], signal["end"] = signal["start_index"] + 1, signal["end_index"] + 1


ROUTES = [
    ("focus-areas", FocusAreaViewSet, "api-focus-area"),
    ("measures", MeasureViewSet, "api-measure"),
    ("data-points", DataPointViewSet, "api-data-point"),
]
PATHS = [
    path("charts/analyze/", AnalyzeView.as_view(), name="api-chart-analyze"),
    path("measures/<int:pk>/data.csv", MeasureDataCsvView.as_view(), name="api-measure-data-csv"),
    path("measures/<int:pk>/data.xlsx", MeasureDataXlsxView.as_view(), name="api-measure-data-xlsx"),
]
