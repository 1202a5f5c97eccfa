"""Input and output shapes for the shared-measures API. Rules live in ``measures.services.shared``."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from measures.models import SharedMeasure
from measures.serializers import StrictFloatField, VisibleFocusAreaField
from playbook import permissions

ALL_PERIODS = 0


class VisibleTeamField(serializers.PrimaryKeyRelatedField):
    """A team the requester may see; any other id reads as nonexistent."""

    def get_queryset(self):
        return permissions.visible_teams(self.context["request"].user)


class SharedMeasureSerializer(serializers.ModelSerializer):
    team = VisibleTeamField(
        help_text="The hub or cluster that owns it. Set when created; it does not change."
    )
    target = StrictFloatField(
        required=False, allow_null=True, help_text="In the measure's plotted units; copied to every adoption."
    )
    teams_adopting = serializers.IntegerField(read_only=True, help_text="How many teams adopted it.")
    effective_chart_type = serializers.CharField(read_only=True)

    class Meta:
        model = SharedMeasure
        fields = [
            "id", "team", "name", "kind", "definition", "unit", "data_kind", "direction", "frequency",
            "chart_type", "effective_chart_type", "multiplier", "target", "teams_adopting",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # services.shared checks the whole definition, its unique name included
        extra_kwargs = {
            "data_kind": {"help_text": "Fixed once any adopting team has entered data."},
            "chart_type": {
                "help_text": "Must fit data_kind; blank for the kind's default chart. "
                "Fixed once any adopting team has entered data."
            },  # fmt: skip
        }


@extend_schema_field(OpenApiTypes.INT)
class AdoptableFocusAreaField(VisibleFocusAreaField):
    """A visible focus area's id (whether one may add measures to it is the service's to say)."""


class AdoptSerializer(serializers.Serializer):
    focus_area = AdoptableFocusAreaField(help_text="The focus area to adopt the shared measure into.")


class ComparisonFilterSerializer(serializers.Serializer):
    periods = serializers.ChoiceField(
        choices=[1, 3, 6, 12, ALL_PERIODS],
        required=False,
        default=1,
        help_text="How many of each team's latest periods the funnel adds up (0: every period).",
    )
