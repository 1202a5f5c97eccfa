"""The cycles API: the same verbs as the pages, through the same services.

Lists start from ``visible_cycles``; one cycle is fetched through
``permissions.get_for_user`` (404 when not visible, 403 when visible but not allowed). A change the
cycle's state forbids — rewriting a frozen prediction, a move the method does not allow — is a 409
in the API's one error format, with the services' sentence as ``detail``.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from cycles import selectors, services, stories
from cycles import serializers as s
from cycles import story_serializers as story_s
from cycles.exports import cycles_download
from cycles.models import Cycle, StoryLink
from cycles.permissions import visible_cycles, visible_predictions
from cycles.services import stories as story_services
from measures.permissions import visible_focus_areas
from playbook import permissions
from playbook.api.csv import CsvContentNegotiation
from playbook.api.errors import ApiSchema, Conflict, ErrorSerializer
from playbook.api.pagination import CursorPages
from playbook.api.views import PlaybookViewSet
from playbook.clock import today
from playbook.email import absolute_url
from playbook.spreadsheets import CONTENT_TYPES, CSV, XLSX

CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="The cycle's state forbids this: its predictions are frozen, or it cannot move so.",
)


class KnowsToday:
    """Serializers judge dates (overdue, in the window) against the one clock's today."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}


class CyclePages(CursorPages):
    """The cycle list newest first, by cursor (``playbook.api.pagination.CursorPages``)."""

    ordering = ("-created_at", "-pk")
    noun = "cycles"


@extend_schema_view(
    list=extend_schema(parameters=[s.CycleFilterSerializer], responses=s.CycleSummarySerializer(many=True)),
    partial_update=extend_schema(responses={200: s.CycleSerializer, 409: CONFLICT}),
)
class CycleViewSet(KnowsToday, mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """PDSA cycles. Members of a team plan them; the owner, the collaborators and the team's lead
    (and leaders above) edit them and move them through Plan, Do, Study and Act."""

    serializer_class = s.CycleSerializer
    filter_serializer_class = s.CycleFilterSerializer
    pagination_class = CyclePages
    object_actions = {
        **PlaybookViewSet.object_actions,
        "transition": permissions.CHANGE,
        "add_prediction": permissions.CHANGE,
        "add_observation": permissions.CHANGE,
        "next": permissions.CHANGE,
        "request_review": permissions.CHANGE,
        "add_comment": permissions.CONTRIBUTE,
        "copy": permissions.CONTRIBUTE,
    }

    def get_queryset(self):
        visible = visible_cycles(self.request.user)
        if self.action == "list":
            return selectors.list_rows(visible).order_by("-created_at", "-pk")
        return visible.select_related("team").prefetch_related("collaborators", "predictions")

    def get_serializer_class(self):
        return s.CycleSummarySerializer if self.action == "list" else s.CycleSerializer

    def apply_filters(self, queryset, filters):
        cycles = selectors.filtered_cycles(self.request.user, selectors.cycle_filters(filters), today())
        return selectors.list_rows(cycles).order_by("-created_at", "-pk")

    def _detail(self, cycle: Cycle, status_code=status.HTTP_200_OK) -> Response:
        cycle = self.get_queryset().get(pk=cycle.pk)  # fresh predictions and collaborators
        return Response(
            s.CycleSerializer(cycle, context=self.get_serializer_context()).data, status=status_code
        )

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        predictions = [services.PredictionInput(**p) for p in fields.pop("predictions", [])]
        fields.pop("end_date_reason", None)  # a new plan has nothing frozen yet
        for name in ("what_happened", "deviations", "decision", "decision_reasoning", "next_steps"):
            if fields.pop(name, ""):
                raise Conflict("A new cycle starts in Plan: what happened and the decision come later.")
        cycle = services.create_cycle(by=request.user, predictions=predictions, **fields)
        return self._detail(cycle, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        cycle = self.get_object()
        serializer = self.get_serializer(cycle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "team"}
        if "predictions" in fields:
            if cycle.predictions_frozen:
                raise services.PredictionsFrozen(services.common.frozen_message(cycle))
            raise Conflict("Change predictions one by one at /api/v1/predictions/{id}/.")
        cycle = services.update_cycle(cycle=cycle, by=request.user, **fields)
        return self._detail(cycle)

    @extend_schema(request=s.TransitionSerializer, responses={200: s.CycleSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the cycle to another stage: planning → doing → studying → acting → complete, or abandoned
        (with a reason) from any open stage. A 400 names what must be filled in first."""
        cycle = self.get_object()
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        cycle = services.transition(cycle=cycle, by=request.user, **body.validated_data)
        return self._detail(cycle)

    @extend_schema(responses=s.PredictionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def predictions(self, request, pk=None):
        cycle = self.get_object()
        return Response(s.PredictionSerializer(cycle.predictions.all(), many=True).data)

    @extend_schema(
        request=s.PredictionInputSerializer, responses={201: s.PredictionSerializer, 409: CONFLICT}
    )
    @predictions.mapping.post
    def add_prediction(self, request, pk=None):
        cycle = self.get_object()
        body = s.PredictionInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        prediction = services.add_prediction(
            cycle=cycle, by=request.user, prediction=services.PredictionInput(**body.validated_data)
        )
        return Response(s.PredictionSerializer(prediction).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ObservationSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def observations(self, request, pk=None):
        cycle = self.get_object()
        return Response(s.ObservationSerializer(cycle.observations.select_related("author"), many=True).data)

    @extend_schema(request=s.ObservationSerializer, responses={201: s.ObservationSerializer, 409: CONFLICT})
    @observations.mapping.post
    def add_observation(self, request, pk=None):
        cycle = self.get_object()
        body = s.ObservationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        observation = services.add_observation(cycle=cycle, by=request.user, **body.validated_data)
        return Response(s.ObservationSerializer(observation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.CycleCommentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def comments(self, request, pk=None):
        cycle = self.get_object()
        return Response(s.CycleCommentSerializer(cycle.comments.select_related("author"), many=True).data)

    @extend_schema(request=s.CycleCommentSerializer, responses={201: s.CycleCommentSerializer})
    @comments.mapping.post
    def add_comment(self, request, pk=None):
        cycle = self.get_object()
        body = s.CycleCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = services.comment_on_cycle(cycle=cycle, by=request.user, **body.validated_data)
        return Response(s.CycleCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ReviewRequestSerializer, responses={201: s.ReviewRequestSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="review-requests")
    def request_review(self, request, pk=None):
        """Ask someone who can see the cycle (the team's lead, a coach) to review the plan."""
        cycle = self.get_object()
        body = s.ReviewRequestSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        review = services.request_review(cycle=cycle, by=request.user, **body.validated_data)
        return Response(s.ReviewRequestSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        """The cycle's history: each move, with who made it and when."""
        cycle = self.get_object()
        return Response(s.EventSerializer(selectors.events_of(cycle), many=True).data)

    @extend_schema(request=None, responses={201: s.CycleSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def next(self, request, pk=None):
        """After "Adapt" or "Adopt and test at larger scale": the ramp's next cycle, pre-filled from this
        one and linked to it (a cycle still in Act is completed first)."""
        following = services.start_next_cycle(cycle=self.get_object(), by=request.user)
        return self._detail(following, status.HTTP_201_CREATED)

    @extend_schema(request=s.CopySerializer, responses={201: s.CycleSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        """Start a new plan for one of your teams from this cycle, keeping an "adapted from" link."""
        source = self.get_object()
        body = s.CopySerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        copy = services.copy_cycle(source=source, by=request.user, **body.validated_data)
        return self._detail(copy, status.HTTP_201_CREATED)

    @extend_schema(request=s.PhaseSerializer, responses={200: s.CycleSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def phase(self, request, pk=None):
        """Confirm the suggested new phase on a linked measure, starting on the adopted cycle's start date."""
        cycle = self.get_object()
        body = s.PhaseSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        services.confirm_phase(cycle=cycle, measure=body.validated_data["measure"], by=request.user)
        return self._detail(cycle)

    @extend_schema(responses=s.CycleSummarySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def ramp(self, request, pk=None):
        """The ramp this cycle is on, first cycle to last (those you may see)."""
        chain = selectors.ramp_chain(self.get_object(), request.user)
        chain = list(selectors.for_list(Cycle.objects.filter(pk__in=[c.pk for c in chain])))
        chain.sort(key=lambda c: c.created_at)
        return Response(
            s.CycleSummarySerializer(chain, many=True, context=self.get_serializer_context()).data
        )


@extend_schema_view(
    partial_update=extend_schema(
        request=s.PredictionInputSerializer, responses={200: s.PredictionSerializer, 409: CONFLICT}
    )
)
class PredictionViewSet(KnowsToday, mixins.RetrieveModelMixin, PlaybookViewSet):
    """One prediction. Its plan part (statement, measure, expectation) changes only while the cycle is in
    Plan; afterwards every change is a 409. Its study part is written with ``study``."""

    serializer_class = s.PredictionSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "study": permissions.CHANGE,
        "destroy": permissions.CHANGE,
    }

    def get_queryset(self):
        return visible_predictions(self.request.user).select_related("cycle", "measure")

    def partial_update(self, request, pk=None):
        prediction = self.get_object()
        body = s.PredictionInputSerializer(
            prediction, data=request.data, partial=True, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        prediction = services.update_prediction(prediction=prediction, by=request.user, **body.validated_data)
        return Response(s.PredictionSerializer(prediction).data)

    @extend_schema(responses={204: None, 409: CONFLICT})
    def destroy(self, request, pk=None):
        services.delete_prediction(prediction=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.PredictionStudySerializer, responses={200: s.PredictionSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def study(self, request, pk=None):
        """What actually happened, and whether the prediction was met, partly met or not met."""
        prediction = self.get_object()
        body = s.PredictionStudySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        prediction = services.study_prediction(prediction=prediction, by=request.user, **body.validated_data)
        return Response(s.PredictionSerializer(prediction).data)


class SpreadView(APIView):
    """Scale-up readiness: for each change idea your visible cycles test, the teams it was tested in and
    where it met its predictions; ``ready`` once it met them in the network's threshold of teams."""

    schema = ApiSchema()

    @extend_schema(responses=s.SpreadRowSerializer(many=True))
    def get(self, request):
        return Response(s.SpreadRowSerializer(selectors.spread_rows(request.user), many=True).data)


class TrackRecordView(APIView):
    """Prediction track record: per team or per person, the share of studied predictions that were met,
    month by month."""

    schema = ApiSchema()

    @extend_schema(
        parameters=[s.TrackRecordFilterSerializer], responses=s.TrackRecordRowSerializer(many=True)
    )
    def get(self, request):
        params = s.TrackRecordFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows = selectors.track_record(request.user, by=params.validated_data["by"])
        return Response(s.TrackRecordRowSerializer(rows, many=True).data)


class CyclesCsvView(APIView):
    """The cycles you may see as a CSV file, with the same filters as the list."""

    schema = ApiSchema()
    content_negotiation_class = CsvContentNegotiation
    fmt = CSV

    @extend_schema(
        operation_id="cycles_export_csv",
        parameters=[s.CycleFilterSerializer],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        params = s.CycleFilterSerializer(data={k: v for k, v in request.query_params.items() if v != ""})
        params.is_valid(raise_exception=True)
        cycles = selectors.filtered_cycles(
            request.user, selectors.cycle_filters(params.validated_data), today()
        )
        return cycles_download(cycles, today(), self.fmt)


class CyclesXlsxView(CyclesCsvView):
    """The cycles you may see as an Excel workbook, with the same filters as the list."""

    fmt = XLSX

    @extend_schema(
        operation_id="cycles_export_xlsx",
        parameters=[s.CycleFilterSerializer],
        responses={(200, CONTENT_TYPES[XLSX]): OpenApiTypes.BINARY},
    )
    def get(self, request):
        return super().get(request)


class CyclesSettingsView(APIView):
    """Your network's cycles settings. Network admins change how many teams make an idea ready to spread."""

    schema = ApiSchema()

    def _current(self, request):
        from cycles.models import DEFAULT_SPREAD_THRESHOLD, CyclesSettings

        network = permissions.visible_networks(request.user).first()
        if network is None:
            raise Http404("Not found.")
        stored = CyclesSettings.objects.filter(network=network).first()
        return network, stored or CyclesSettings(network=network, spread_threshold=DEFAULT_SPREAD_THRESHOLD)

    @extend_schema(responses=s.CyclesSettingsSerializer)
    def get(self, request):
        _, current = self._current(request)
        return Response(s.CyclesSettingsSerializer(current).data)

    @extend_schema(request=s.CyclesSettingsSerializer, responses=s.CyclesSettingsSerializer)
    def patch(self, request):
        network, current = self._current(request)
        body = s.CyclesSettingsSerializer(current, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        threshold = body.validated_data.get("spread_threshold", current.spread_threshold)
        stored = services.update_cycles_settings(network=network, by=request.user, spread_threshold=threshold)
        return Response(s.CyclesSettingsSerializer(stored).data)


class FocusAreaStoryView(APIView):
    """A focus area's story: its aim, measures with their phases, how its driver diagram changed, and
    every cycle on its change ideas that you may see, with its predictions (met, missed, not yet), the
    decision and what it taught; abandoned cycles included. Everyone who sees the focus area reads it."""

    schema = ApiSchema()

    @extend_schema(responses=story_s.StorySerializer)
    def get(self, request, pk):
        focus_area = _story_focus_area(request, pk)
        return Response(stories.network_story(request.user, focus_area).as_data())


def _story_focus_area(request, pk):
    source = visible_focus_areas(request.user).select_related("team__network", "owner")
    return permissions.get_for_user(request.user, source, pk)


def _link_data(link: StoryLink, token: str | None = None) -> dict:
    if token is None:
        return story_s.StoryLinkSerializer(link).data
    link.url = absolute_url(reverse("story-shared", args=[token]))
    return story_s.MadeStoryLinkSerializer(link).data


class FocusAreaStoryLinksView(APIView):
    """The links that open a focus area's story outside the network, signed out, read-only: the live
    ones, and POST to make one (its ``url`` is answered this once; only its hash is kept). The focus
    area's team leads, the leaders above and network admins make, list and revoke them."""

    schema = ApiSchema()

    def _focus_area(self, request, pk):
        focus_area = _story_focus_area(request, pk)
        permissions.require(request.user, StoryLink(focus_area=focus_area), permissions.CHANGE)
        return focus_area

    @extend_schema(
        responses={
            200: story_s.StoryLinkSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description="You see the focus area but may not share it."),
        }
    )
    def get(self, request, pk):
        links = story_services.live_links(self._focus_area(request, pk))
        return Response(story_s.StoryLinkSerializer(links, many=True).data)

    @extend_schema(
        request=story_s.StoryLinkCreateSerializer, responses={201: story_s.MadeStoryLinkSerializer}
    )
    def post(self, request, pk):
        focus_area = self._focus_area(request, pk)
        body = story_s.StoryLinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = story_services.make_story_link(
            focus_area=focus_area, by=request.user, hide_names=body.validated_data["hide_names"]
        )
        return Response(_link_data(made.link, made.token), status=status.HTTP_201_CREATED)


class StoryLinkRevokeView(APIView):
    """Revoke a story link: it stops opening the story at once (revoking it again changes nothing)."""

    schema = ApiSchema()

    @extend_schema(request=None, responses=story_s.StoryLinkSerializer)
    def post(self, request, pk, link_pk):
        source = StoryLink.objects.filter(focus_area_id=pk).select_related("focus_area__team", "made_by")
        link = permissions.get_for_user(request.user, source, link_pk, permissions.CHANGE)
        return Response(_link_data(story_services.revoke_story_link(link=link, by=request.user)))


ROUTES = [
    ("cycles", CycleViewSet, "api-cycle"),
    ("predictions", PredictionViewSet, "api-prediction"),
]
PATHS = [
    path("cycles/export.csv", CyclesCsvView.as_view(), name="api-cycles-csv"),
    path("cycles/export.xlsx", CyclesXlsxView.as_view(), name="api-cycles-xlsx"),
    path("cycles/spread/", SpreadView.as_view(), name="api-cycles-spread"),
    path("cycles/track-record/", TrackRecordView.as_view(), name="api-cycles-track-record"),
    path("cycles/settings/", CyclesSettingsView.as_view(), name="api-cycles-settings"),
    path("focus-areas/<int:pk>/story/", FocusAreaStoryView.as_view(), name="api-focus-area-story"),
    path(
        "focus-areas/<int:pk>/story-links/",
        FocusAreaStoryLinksView.as_view(),
        name="api-focus-area-story-links",
    ),
    path(
        "focus-areas/<int:pk>/story-links/<int:link_pk>/revoke/",
        StoryLinkRevokeView.as_view(),
        name="api-story-link-revoke",
    ),
]
