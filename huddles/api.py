"""The huddles API: the same verbs as the pages, through the same services.

Lists start from ``visible_huddles``; one object is fetched through
``permissions.get_for_user`` (404 when not visible, 403 when visible but not allowed). An edit
someone else beat you to, and a change to a closed meeting that is not an amendment, are 409s in the
API's one error format, with the services' sentence as ``detail``.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from huddles import feedback as feedback_reads
from huddles import selectors, services
from huddles import serializers as s
from huddles.permissions import (
    RATE,
    READ_FEEDBACK,
    RESPOND_TO_FEEDBACK,
    visible_action_items,
    visible_huddles,
    visible_meetings,
    visible_note_entries,
)
from playbook import permissions
from playbook.api import idempotency
from playbook.api.errors import Conflict, ErrorSerializer
from playbook.api.views import PlaybookViewSet

# A GET that some who see the huddle may not make: the schema's default names 403 for writes only.
LEADS_ONLY = OpenApiResponse(
    ErrorSerializer, description="Only the huddle's lead (and whoever may set it up) reads its feedback."
)
CONFLICT = OpenApiResponse(
    ErrorSerializer, description="Someone else changed it first, or the meeting is closed (amend instead)."
)


@extend_schema_view(
    create=extend_schema(request=s.HuddleInputSerializer, responses={201: s.HuddleSerializer}),
    partial_update=extend_schema(request=s.HuddleInputSerializer, responses=s.HuddleSerializer),
)
class HuddleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Recurring huddles of your teams. Leads (and leaders above) set them up."""

    serializer_class = s.HuddleSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "start": permissions.CONTRIBUTE,
        "notes": permissions.VIEW,
        "pulse": permissions.VIEW,
        "feedback_summary": READ_FEEDBACK,
    }

    def get_queryset(self):
        return visible_huddles(self.request.user).select_related("team", "network").prefetch_related("teams")

    def _out(self, huddle, code=status.HTTP_200_OK):
        return Response(s.HuddleSerializer(self.get_queryset().get(pk=huddle.pk)).data, status=code)

    def create(self, request):
        body = s.HuddleInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        fields.pop("is_active", None)
        huddle = services.create_huddle(by=request.user, **fields)
        return self._out(huddle, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        huddle = self.get_object()
        body = s.HuddleInputSerializer(
            huddle, data=request.data, partial=True, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        if "team" in fields and fields.pop("team") != huddle.team:
            raise Conflict("A huddle's home team does not change; set up a new huddle instead.")
        huddle = services.update_huddle(huddle=huddle, by=request.user, **fields)
        return self._out(huddle)

    @extend_schema(request=None, responses={201: s.MeetingSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Open today's meeting: the one already there (scheduled, or started earlier today), or else an
        unscheduled one, now."""
        meeting = services.start_meeting(huddle=self.get_object(), by=request.user)
        meeting = selectors.meeting_queryset(request.user).get(pk=meeting.pk)
        return Response(s.MeetingSerializer(meeting, context=self.get_serializer_context()).data, status=201)

    @extend_schema(parameters=[s.NotesQuerySerializer], responses=s.NoteEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def notes(self, request, pk=None):
        """The running notes: every entry of every meeting, in time order; ``q`` searches them."""
        query = s.NotesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        entries = selectors.running_notes(self.get_object(), query.validated_data.get("q", ""))
        return Response(s.NoteEntrySerializer(entries, many=True).data)

    @extend_schema(responses=s.PulsePointSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def pulse(self, request, pk=None):
        """The team's pulse per meeting: how many answered and, once three or more did, the average."""
        series = selectors.pulse_series(self.get_object())
        return Response(s.PulsePointSerializer([p.__dict__ for p in series], many=True).data)

    @extend_schema(responses={200: s.FeedbackSummarySerializer, 403: LEADS_ONLY})
    @action(detail=True, methods=["get"], url_path="feedback-summary")
    def feedback_summary(self, request, pk=None):
        """For the lead: the feedback of the huddle's meetings that each have three answers or more, in
        aggregate (count, average, distribution, comments without names)."""
        return Response(s.FeedbackSummarySerializer(feedback_reads.huddle_feedback(self.get_object())).data)

    @extend_schema(methods=["get"], responses=s.FeedbackResponseSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=s.FeedbackResponseInputSerializer,
        responses={201: s.FeedbackResponseSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="we-did", pagination_class=None)
    def we_did(self, request, pk=None):
        """“You said, we did”. GET: what the lead changed after feedback, latest first (everyone in the
        huddle). POST: record a change (the lead, and whoever may set the huddle up)."""
        writing = request.method == "POST"
        huddle = permissions.get_for_user(
            request.user, self.get_queryset(), pk, RESPOND_TO_FEEDBACK if writing else permissions.VIEW
        )
        if not writing:
            return Response(s.FeedbackResponseSerializer(feedback_reads.we_did(huddle), many=True).data)
        body = s.FeedbackResponseInputSerializer(data=request.data, context={"huddle": huddle})
        body.is_valid(raise_exception=True)
        response = services.record_feedback_response(huddle=huddle, by=request.user, **body.validated_data)
        return Response(s.FeedbackResponseSerializer(response).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[s.MeetingFilterSerializer], responses=s.MeetingSummarySerializer(many=True)
    )
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Meetings of your huddles: attendance, roles, agenda, questions, notes, action items, your pulse."""

    serializer_class = s.MeetingSerializer
    filter_serializer_class = s.MeetingFilterSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "entries": permissions.CONTRIBUTE,
        "close": permissions.CHANGE,
        "attendance": permissions.CONTRIBUTE,
        "record_pulse": permissions.CONTRIBUTE,
        "add_action_item": permissions.CONTRIBUTE,
        "feedback_summary": READ_FEEDBACK,
    }

    def get_queryset(self):
        if self.action == "list":
            return visible_meetings(self.request.user).order_by("-scheduled_start", "-pk")
        return selectors.meeting_queryset(self.request.user)

    def get_serializer_class(self):
        return s.MeetingSummarySerializer if self.action == "list" else s.MeetingSerializer

    filter_lookups = {"huddle": "huddle_id", "status": "status"}

    def _detail(self, meeting):
        meeting = self.get_queryset().get(pk=meeting.pk)
        return Response(s.MeetingSerializer(meeting, context=self.get_serializer_context()).data)

    @extend_schema(
        methods=["get"], parameters=[s.EntriesQuerySerializer], responses=s.NoteEntrySerializer(many=True)
    )
    @extend_schema(
        methods=["post"],
        request=s.NoteEntryInputSerializer,
        parameters=[idempotency.HEADER_PARAMETER],
        responses={
            201: s.NoteEntrySerializer,
            **idempotency.ERROR_RESPONSES,
            409: OpenApiResponse(
                ErrorSerializer,
                description=f"{CONFLICT.description} Or a request with this Idempotency-Key is still "
                "being processed.",
            ),
        },
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    @idempotency.idempotent
    def entries(self, request, pk=None):
        """GET: the meeting's notes (``after``: only newer ones). POST: add one entry of your own."""
        meeting = self.get_object()
        if request.method == "GET":
            query = s.EntriesQuerySerializer(data=request.query_params)
            query.is_valid(raise_exception=True)
            entries = selectors.entries_of(meeting, query.validated_data.get("after"))
            return Response(s.NoteEntrySerializer(entries, many=True).data)
        body = s.NoteEntryInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.add_entry(meeting=meeting, by=request.user, **body.validated_data)
        return Response(s.NoteEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.MeetingSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the meeting: later changes are amendments."""
        return self._detail(services.close_meeting(meeting=self.get_object(), by=request.user))

    @extend_schema(request=s.AttendanceSerializer, responses={200: s.MeetingSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Who is here, and who holds each role today."""
        meeting = self.get_object()
        body = s.AttendanceSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        fields = dict(body.validated_data)
        people = fields.pop("attendees", None)
        services.record_attendance(meeting=meeting, by=request.user, people=people, **fields)
        return self._detail(meeting)

    @extend_schema(request=s.PulseInputSerializer, responses={200: s.MyPulseSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="pulse")
    def record_pulse(self, request, pk=None):
        """Record how you feel today (1–5, and a word if you like). Only you ever see it."""
        body = s.PulseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pulse = services.record_pulse(meeting=self.get_object(), by=request.user, **body.validated_data)
        return Response({"score": pulse.score, "word": pulse.word})

    @extend_schema(methods=["get"], responses=s.MyFeedbackSerializer)
    @extend_schema(
        methods=["post"],
        request=s.FeedbackInputSerializer,
        responses={
            200: s.MyFeedbackSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The meeting is not closed yet."),
        },
    )
    @action(detail=True, methods=["get", "post"])
    def feedback(self, request, pk=None):
        """Your own rating of a closed meeting (1–5, and a comment if you like). POST records or changes
        it: for those who attended or belong to the huddle's teams. Only you ever see it with your name."""
        writing = request.method == "POST"
        meeting = permissions.get_for_user(
            request.user, self.get_queryset(), pk, RATE if writing else permissions.VIEW
        )
        if not writing:
            return Response(s.MyFeedbackSerializer.of(feedback_reads.my_feedback(meeting, request.user)))
        body = s.FeedbackInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        mine = services.rate_meeting(meeting=meeting, by=request.user, **body.validated_data)
        return Response(s.MyFeedbackSerializer.of(mine))

    @extend_schema(responses={200: s.FeedbackSummarySerializer, 403: LEADS_ONLY})
    @action(detail=True, methods=["get"], url_path="feedback-summary")
    def feedback_summary(self, request, pk=None):
        """For the lead: this meeting's feedback in aggregate, from three answers on."""
        return Response(s.FeedbackSummarySerializer(feedback_reads.meeting_feedback(self.get_object())).data)

    @extend_schema(
        request=s.ActionItemInputSerializer, responses={201: s.ActionItemSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="action-items")
    def add_action_item(self, request, pk=None):
        meeting = self.get_object()
        body = s.ActionItemInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        item = services.add_action_item(meeting=meeting, by=request.user, **body.validated_data)
        return Response(s.ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class FlagResponse:
    @staticmethod
    def of(flag):
        return Response({"id": flag.pk, "status": flag.status, "title": flag.title}, status=201)


FLAG_SCHEMA = extend_schema(
    request=None,
    responses={201: OpenApiResponse(description="The new flag: id, status and title.")},
)


class NoteEntryViewSet(mixins.RetrieveModelMixin, PlaybookViewSet):
    """One entry of the running notes. Edit with the ``version`` you read: 409 if it moved on."""

    serializer_class = s.NoteEntrySerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "partial_update": permissions.CONTRIBUTE,
        "flag": permissions.CONTRIBUTE,
        "action_item": permissions.CONTRIBUTE,
    }

    def get_queryset(self):
        entries = visible_note_entries(self.request.user).select_related(
            "meeting__huddle", "author", "updated_by", "flag"
        )
        return selectors.with_revisions(entries)

    @extend_schema(request=s.NoteEntryEditSerializer, responses={200: s.NoteEntrySerializer, 409: CONFLICT})
    def partial_update(self, request, pk=None):
        entry = self.get_object()
        body = s.NoteEntryEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        entry = services.edit_entry(entry=entry, by=request.user, **body.validated_data)
        return Response(s.NoteEntrySerializer(self.get_queryset().get(pk=entry.pk)).data)

    @FLAG_SCHEMA
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        """Raise this entry as an andon flag, pre-filled and linked back to the meeting."""
        return FlagResponse.of(services.escalate_entry(entry=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={201: s.ActionItemSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="action-item")
    def action_item(self, request, pk=None):
        """Make this entry an action item in its meeting, owned by whoever wrote it (one per entry)."""
        item = services.make_action_from_entry(entry=self.get_object(), by=request.user)
        return Response(s.ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(parameters=[s.ActionItemFilterSerializer]),
    partial_update=extend_schema(
        request=s.ActionItemUpdateSerializer, responses={200: s.ActionItemSerializer, 409: CONFLICT}
    ),
)
class ActionItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """Action items of your huddles (``mine=true``: the ones you own)."""

    serializer_class = s.ActionItemSerializer
    filter_serializer_class = s.ActionItemFilterSerializer
    object_actions = {
        **PlaybookViewSet.object_actions,
        "partial_update": permissions.CONTRIBUTE,
        "flag": permissions.CONTRIBUTE,
    }

    def get_queryset(self):
        items = visible_action_items(self.request.user)
        return items.select_related("owner", "huddle", "flag", "meeting__huddle").order_by("due_on", "pk")

    def apply_filters(self, queryset, filters):
        if filters.get("mine"):
            queryset = queryset.filter(owner=self.request.user)
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "huddle" in filters:
            queryset = queryset.filter(huddle_id=filters["huddle"])
        return queryset

    def partial_update(self, request, pk=None):
        item = self.get_object()
        body = s.ActionItemUpdateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        item = services.update_action_item(item=item, by=request.user, **body.validated_data)
        return Response(s.ActionItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @FLAG_SCHEMA
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        """Raise this action item as an andon flag, pre-filled and linked back to the meeting."""
        return FlagResponse.of(services.escalate_action_item(item=self.get_object(), by=request.user))


ROUTES = [
    ("huddles", HuddleViewSet, "api-huddle"),
    ("meetings", MeetingViewSet, "api-meeting"),
    ("note-entries", NoteEntryViewSet, "api-note-entry"),
    ("action-items", ActionItemViewSet, "api-action-item"),
]

PATHS: list = []

__all__ = ["PATHS", "ROUTES"]
