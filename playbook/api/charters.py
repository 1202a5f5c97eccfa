"""``/api/v1/``: team charters with their history, the network's standards of team excellence, teams'
monthly self-assessments, the leaders' overview of them, and closing a team with a retrospective.

Each view fetches through ``playbook.charters`` (a team's records are 404 to anyone not in it or above
it) and writes through ``playbook.services.charters`` or ``playbook.services.team_closing``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from playbook import charters, permissions
from playbook.api.errors import ApiSchema, ErrorSerializer
from playbook.api.views import PlaybookViewSet
from playbook.fields import NOTE_MAX, PROSE_MAX
from playbook.models import (
    Network,
    TeamAssessment,
    TeamCharter,
    TeamCharterRevision,
    TeamRetrospective,
    TeamStandard,
    TeamStandardRating,
)
from playbook.services import charters as charter_services
from playbook.services import team_closing


class CharterSerializer(serializers.ModelSerializer):
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=PROSE_MAX)
    goal = serializers.CharField(required=False, allow_blank=True, max_length=PROSE_MAX)
    roles = serializers.CharField(
        required=False, allow_blank=True, max_length=PROSE_MAX, help_text="Roles and expectations."
    )
    # Both null for a team that has not written its charter yet (version 0).
    updated_by = serializers.CharField(
        source="updated_by.display_name", read_only=True, default=None, allow_null=True
    )
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = TeamCharter
        fields = ["team", "purpose", "goal", "roles", "version", "updated_by", "updated_at"]
        read_only_fields = ["team", "version", "updated_at"]


class CharterRevisionSerializer(serializers.ModelSerializer):
    edited_by = serializers.CharField(
        source="edited_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TeamCharterRevision
        fields = ["version", "purpose", "goal", "roles", "edited_by", "edited_at"]


class StandardSerializer(serializers.ModelSerializer):
    description = serializers.CharField(required=False, allow_blank=True, max_length=PROSE_MAX)

    class Meta:
        model = TeamStandard
        fields = ["id", "name", "description", "position", "archived_at"]
        read_only_fields = ["position", "archived_at"]
        validators = []  # unique names among the kept standards are the service's rule, answered on ``name``


class RatingSerializer(serializers.ModelSerializer):
    standard = serializers.IntegerField(source="standard_id", help_text="The standard's id.")
    standard_name = serializers.CharField(source="standard.name", read_only=True)
    rating = serializers.IntegerField(min_value=1, max_value=4, help_text="1 not yet … 4 consistently.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)

    class Meta:
        model = TeamStandardRating
        fields = ["standard", "standard_name", "rating", "note"]


class AssessmentSerializer(serializers.ModelSerializer):
    ratings = RatingSerializer(many=True, help_text="One for every standard the network keeps.")
    summary = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX)
    assessed_by = serializers.CharField(
        source="assessed_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TeamAssessment
        fields = ["id", "team", "period", "summary", "ratings", "assessed_by", "assessed_at"]
        read_only_fields = ["team", "period", "assessed_at"]


class TeamLatestSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    team_name = serializers.CharField(source="team.name")
    closed = serializers.BooleanField(source="team.is_closed")
    latest = AssessmentSerializer(allow_null=True)


class OpenWorkSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    outcomes = serializers.DictField(child=serializers.CharField(), help_text="Outcome key → what it does.")


class CloseSerializer(serializers.Serializer):
    learned = serializers.CharField(
        max_length=NOTE_MAX, help_text="The retrospective: what the team learned."
    )
    outcomes = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Per kind of open work, the outcome key chosen; a kind left out takes its first outcome.",
    )


class RetrospectiveSerializer(serializers.ModelSerializer):
    closed_by = serializers.CharField(
        source="closed_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TeamRetrospective
        fields = ["team", "learned", "open_work", "closed_by", "closed_at"]


class _TeamRecordsView(APIView):
    schema = ApiSchema()

    def team(self, pk):
        return charters.team_for_records(self.request.user, pk)

    def writable_team(self, pk, record):
        """The team, once ``record(team)`` may be changed: refused before the body is read, so someone
        who may not write hears 403 whatever they sent, as on the pages."""
        team = self.team(pk)
        charters.refuse_if_closed(team)
        permissions.require(self.request.user, record(team), permissions.CHANGE)
        return team


class CharterView(_TeamRecordsView):
    """A team's charter: read by its people and those above it, written by its leads."""

    @extend_schema(responses=CharterSerializer)
    def get(self, request, pk):
        return Response(CharterSerializer(charters.charter_of(self.team(pk))).data)

    @extend_schema(request=CharterSerializer, responses=CharterSerializer)
    def patch(self, request, pk):
        team = self.writable_team(pk, charters.charter_of)
        serializer = CharterSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        charter = charter_services.save_charter(team=team, by=request.user, **serializer.validated_data)
        return Response(CharterSerializer(charter).data)


class CharterHistoryView(_TeamRecordsView):
    """Every version of a team's charter, newest first, with who wrote it and when."""

    @extend_schema(responses=CharterRevisionSerializer(many=True))
    def get(self, request, pk):
        revisions = charters.charter_history(charters.charter_of(self.team(pk)))
        return Response(CharterRevisionSerializer(revisions, many=True).data)


class AssessmentsView(_TeamRecordsView):
    """A team's monthly self-assessments, newest first; a lead records (or revises) this month's."""

    @extend_schema(responses=AssessmentSerializer(many=True))
    def get(self, request, pk):
        return Response(AssessmentSerializer(charters.assessments_of(self.team(pk)), many=True).data)

    @extend_schema(request=AssessmentSerializer, responses={201: AssessmentSerializer})
    def post(self, request, pk):
        team = self.writable_team(pk, lambda team: TeamAssessment(team=team))
        serializer = AssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        ratings = [
            {"standard": r["standard_id"], "rating": r["rating"], "note": r.get("note", "")}
            for r in given["ratings"]
        ]
        assessment = charter_services.record_assessment(
            team=team, by=request.user, ratings=ratings, summary=given.get("summary", "")
        )
        shown = charters.assessments_of(team).get(pk=assessment.pk)
        return Response(AssessmentSerializer(shown).data, status=status.HTTP_201_CREATED)


class LatestAssessmentsView(APIView):
    """For leaders: every team below them with its latest self-assessment (null when it has none)."""

    schema = ApiSchema()

    @extend_schema(
        responses={
            200: TeamLatestSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description="Signed in, but not a leader of any team."),
        }
    )
    def get(self, request):
        if not permissions.access_for(request.user).leader_by_name():
            raise PermissionDenied("This is for leaders, who see the teams below them.")
        rows = charters.latest_assessments_overseen(request.user)
        return Response(TeamLatestSerializer(rows, many=True).data)


class OpenWorkView(_TeamRecordsView):
    """What a team still has open, by kind, and what closing may do with each kind."""

    @extend_schema(responses=OpenWorkSerializer(many=True))
    def get(self, request, pk):
        team = self.team(pk)
        found = [
            {"kind": kind.name, "label": kind.label, "items": items, "outcomes": kind.outcomes}
            for kind, items in team_closing.open_work(team)
        ]
        return Response(OpenWorkSerializer(found, many=True).data)


class CloseTeamView(_TeamRecordsView):
    """Close a team with its retrospective; its open work is settled as ``outcomes`` says, all at once."""

    @extend_schema(request=CloseSerializer, responses={201: RetrospectiveSerializer})
    def post(self, request, pk):
        team = self.writable_team(pk, lambda team: team)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        retrospective = team_closing.close_team(team=team, by=request.user, **serializer.validated_data)
        return Response(RetrospectiveSerializer(retrospective).data, status=status.HTTP_201_CREATED)


class RetrospectiveView(_TeamRecordsView):
    """A closed team's retrospective; 404 for a team that is still open."""

    @extend_schema(responses=RetrospectiveSerializer)
    def get(self, request, pk):
        retrospective = (
            TeamRetrospective.objects.filter(team=self.team(pk)).select_related("closed_by").first()
        )
        if retrospective is None:
            raise Http404("This team has not closed.")
        return Response(RetrospectiveSerializer(retrospective).data)


class TeamStandardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PlaybookViewSet):
    """The network's standards of team excellence that teams rate themselves against; admins keep them."""

    serializer_class = StandardSerializer
    object_actions = {**PlaybookViewSet.object_actions, "archive": permissions.CHANGE}

    def get_queryset(self):
        access = permissions.access_for(self.request.user)
        return TeamStandard.objects.filter(network_id=access.network_id).order_by(
            "archived_at", "position", "pk"
        )

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        network = Network.objects.filter(pk=request.user.network_id).first() or Network()
        standard = charter_services.create_team_standard(
            network=network, by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(standard).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        standard = self.get_object()
        serializer = self.get_serializer(standard, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        standard = charter_services.update_team_standard(
            standard=standard, by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(standard).data)

    @extend_schema(request=None, responses=StandardSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        standard = charter_services.archive_team_standard(standard=self.get_object(), by=request.user)
        return Response(self.get_serializer(standard).data)


ROUTES = [("team-standards", TeamStandardViewSet, "api-team-standard")]
PATHS = [
    path("teams/<int:pk>/charter/", CharterView.as_view(), name="api-team-charter"),
    path("teams/<int:pk>/charter/history/", CharterHistoryView.as_view(), name="api-team-charter-history"),
    path("teams/<int:pk>/assessments/", AssessmentsView.as_view(), name="api-team-assessments"),
    path("teams/<int:pk>/open-work/", OpenWorkView.as_view(), name="api-team-open-work"),
    path("teams/<int:pk>/close/", CloseTeamView.as_view(), name="api-team-close"),
    path("teams/<int:pk>/retrospective/", RetrospectiveView.as_view(), name="api-team-retrospective"),
    path("team-assessments/latest/", LatestAssessmentsView.as_view(), name="api-team-assessments-latest"),
]
