"""``GET /api/v1/measures/at-a-glance/``: the at-a-glance table for scripts, with the page's filters,
sort and rules (``measures.glance``), paginated like every other list."""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers

from measures import glance
from measures.models import FocusArea, Measure
from measures.views.glance import SIGNAL_CHOICES, SORT_CHOICES, VARIATION_CHOICES
from playbook import permissions
from playbook.api.errors import ErrorSerializer
from playbook.models import Team
from playbook.permissions import Role


class GlanceFilterSerializer(serializers.Serializer):
    """The same filters as the page; a team or focus area outside the caller's reach is invalid."""

    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.none(), required=False)
    focus_area = serializers.PrimaryKeyRelatedField(queryset=FocusArea.objects.none(), required=False)
    kind = serializers.ChoiceField(choices=Measure.Kind.choices, required=False)
    variation = serializers.ChoiceField(choices=[c for c in VARIATION_CHOICES if c[0]], required=False)
    signal = serializers.ChoiceField(choices=[c for c in SIGNAL_CHOICES if c[0]], required=False)
    stale = serializers.BooleanField(required=False, default=False)
    sort = serializers.ChoiceField(choices=SORT_CHOICES, required=False, default="team")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["team"].queryset = permissions.teams_with_role(user, Role.LEAD)
            self.fields["focus_area"].queryset = glance.overseen_focus_areas(user)


PAGING = ("page", "page_size")


class GlanceRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.SerializerMethodField()
    team = serializers.SerializerMethodField()
    focus_area = serializers.SerializerMethodField()
    latest_value = serializers.FloatField(allow_null=True)
    latest_text = serializers.SerializerMethodField(help_text="The latest value as the chart writes it.")
    latest_period = serializers.DateField(allow_null=True)
    stale = serializers.BooleanField(source="is_stale")
    variation_icon = serializers.CharField(allow_null=True)
    assurance_icon = serializers.CharField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    signal = serializers.SerializerMethodField()

    def get_url(self, measure) -> str:
        return reverse("measure-detail", args=[measure.pk])

    def get_team(self, measure) -> dict:
        return {"id": measure.focus_area.team_id, "name": measure.focus_area.team.name}

    def get_focus_area(self, measure) -> dict:
        return {"id": measure.focus_area_id, "title": measure.focus_area.title}

    def get_latest_text(self, measure) -> str | None:
        if measure.latest_value is None:
            return None
        return glance.scale_for(measure).with_unit(measure.latest_value)

    def get_signal(self, measure) -> dict | None:
        if not measure.signal_direction:
            return None
        return {"direction": measure.signal_direction, "since": measure.signal_since}


@extend_schema(
    parameters=[GlanceFilterSerializer],
    responses={
        200: GlanceRowSerializer(many=True),
        403: OpenApiResponse(ErrorSerializer, description="Signed in, but not a lead or leader of any team."),
    },
)
class GlanceView(generics.ListAPIView):
    """Every measure of the teams the caller leads or oversees (leads and leaders; 403 otherwise)."""

    serializer_class = GlanceRowSerializer

    def get_queryset(self):
        user = self.request.user
        if not glance.may_see_glance(user):
            raise exceptions.PermissionDenied("Measures at a glance is for team leads and leaders.")
        # An empty value (?kind=) means no filter, as in a form left blank.
        params = {k: v for k, v in self.request.query_params.items() if v != "" and k not in PAGING}
        filters = GlanceFilterSerializer(data=params, user=user)
        filters.is_valid(raise_exception=True)
        return glance.glance_rows(user, **filters.validated_data)


ROUTES = []
PATHS = [path("measures/at-a-glance/", GlanceView.as_view(), name="api-measures-at-a-glance")]
