"""Input and output shapes of the cycles API. No writes here: the services check and save."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cycles.models import (
    Cycle,
    CycleComment,
    CycleEvent,
    CyclesSettings,
    Observation,
    Prediction,
    ReviewRequest,
)
from measures.permissions import visible_focus_areas, visible_measures
from playbook.api.serializers import NetworkPersonField, VisibleTeamField
from playbook.models import User


class VisibleFocusAreaField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return visible_focus_areas(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class VisibleMeasureField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return visible_measures(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class TeamIdField(VisibleTeamField):
    """A team the requester may see, by id."""


class TestableChangeIdeaField(serializers.PrimaryKeyRelatedField):
    """A change idea of the requester's teams, or one that a cycle they may see tests."""

    def get_queryset(self):
        from cycles.selectors import visible_change_ideas_for_cycles

        return visible_change_ideas_for_cycles(self.context["request"].user)


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields


# --- Predictions ------------------------------------------------------------------------------------


class PredictionInputSerializer(serializers.ModelSerializer):
    """A prediction as written in the plan: a statement, optionally about a measure."""

    measure = VisibleMeasureField(
        required=False, allow_null=True, help_text="A measure of the cycle's focus area."
    )
    expected_direction = serializers.ChoiceField(
        choices=Prediction.Direction.choices, required=False, allow_blank=True
    )

    class Meta:
        model = Prediction
        fields = ["statement", "measure", "expected_value", "expected_direction"]


class PredictionSerializer(serializers.ModelSerializer):
    frozen = serializers.SerializerMethodField(
        help_text="True once the cycle started: the plan part is read-only."
    )
    expectation = serializers.CharField(
        read_only=True, help_text="The measure part of the prediction in words."
    )

    class Meta:
        model = Prediction
        fields = [
            "id", "cycle", "position", "statement", "measure", "expected_value", "expected_direction",
            "expectation", "frozen", "actual", "outcome", "study_note", "studied_at", "studied_by",
        ]  # fmt: skip
        read_only_fields = fields

    def get_frozen(self, prediction) -> bool:
        return prediction.cycle.predictions_frozen_at is not None


def _limit(model, name) -> int:
    return model._meta.get_field(name).max_length


class PredictionStudySerializer(serializers.Serializer):
    actual = serializers.CharField(
        help_text="What actually happened.", max_length=_limit(Prediction, "actual")
    )
    outcome = serializers.ChoiceField(choices=Prediction.Outcome.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=_limit(Prediction, "study_note")
    )


# --- Cycles -----------------------------------------------------------------------------------------


class CycleSummarySerializer(serializers.ModelSerializer):
    """A cycle as lists show it."""

    owner = PersonSerializer(read_only=True)
    predictions_count = serializers.IntegerField(source="n_predictions", read_only=True)
    predictions_studied = serializers.IntegerField(source="n_studied", read_only=True)
    predictions_met = serializers.IntegerField(source="n_met", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = [
            "id", "title", "team", "focus_area", "change_idea", "owner", "stage", "starts_on", "ends_on",
            "scale_count", "scale_unit", "decision", "predictions_count", "predictions_studied",
            "predictions_met", "overdue", "ramp_from", "adapted_from", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, cycle) -> bool:
        return cycle.is_overdue(self.context["today"])


MAX_COLLABORATORS = 100
MAX_PREDICTIONS = 50


class CycleSerializer(serializers.ModelSerializer):
    """A whole cycle: plan, do, study (on each prediction) and act."""

    team = VisibleTeamField(help_text="The team that runs the test. Set when created; it does not change.")
    focus_area = VisibleFocusAreaField(required=False, allow_null=True)
    change_idea = TestableChangeIdeaField(required=False, allow_null=True)
    owner = NetworkPersonField(required=False, help_text="Who answers for the cycle. Defaults to you.")
    collaborators = NetworkPersonField(many=True, required=False)
    predictions = PredictionInputSerializer(
        many=True,
        required=False,
        max_length=MAX_PREDICTIONS,
        help_text="Written when the cycle is created; frozen once it starts.",
    )
    scale_unit = serializers.ChoiceField(choices=Cycle.ScaleUnit.choices, required=False, allow_blank=True)
    decision = serializers.ChoiceField(choices=Cycle.Decision.choices, required=False, allow_blank=True)
    allowed_transitions = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    ramp_next = serializers.SerializerMethodField()
    end_date_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1_000,
        help_text="Once the cycle has started its plan is frozen (a change is a 409) and only `ends_on` "
        "may move: say why here, and it goes into the cycle's history.",
    )

    class Meta:
        model = Cycle
        fields = [
            "id", "team", "focus_area", "change_idea", "title", "owner", "collaborators", "stage",
            "stage_changed_at", "objective", "questions", "who", "where", "starts_on", "ends_on",
            "scale_count", "scale_unit", "data_plan", "predictions", "predictions_frozen_at",
            "what_happened", "deviations", "decision", "decision_reasoning", "next_steps", "decided_at",
            "abandoned_reason", "ramp_from", "ramp_next", "adapted_from", "allowed_transitions", "overdue",
            "created_by", "created_at", "updated_at", "end_date_reason",
        ]  # fmt: skip
        read_only_fields = [
            "stage", "stage_changed_at", "predictions_frozen_at", "decided_at", "abandoned_reason",
            "ramp_from", "adapted_from", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        validators = []  # the services check the whole cycle

    def to_representation(self, cycle):
        data = super().to_representation(cycle)
        data["predictions"] = PredictionSerializer(cycle.predictions.all(), many=True).data
        return data

    def get_allowed_transitions(self, cycle) -> list[str]:
        from cycles.services.stages import TRANSITIONS

        return list(TRANSITIONS[cycle.stage])

    def get_overdue(self, cycle) -> bool:
        return cycle.is_overdue(self.context["today"])

    def get_ramp_next(self, cycle) -> int | None:
        following = Cycle.objects.filter(ramp_from=cycle).values_list("pk", flat=True).first()
        return following

    def validate_team(self, team):
        if self.instance is not None and team.pk != self.instance.team_id:
            raise serializers.ValidationError("A cycle stays in its team; copy it into a new plan instead.")
        return team

    def to_internal_value(self, data):
        # Each collaborator's id is looked up on its own: count them before anything is looked up.
        people = data.get("collaborators") if hasattr(data, "get") else None
        if isinstance(people, list) and len(people) > MAX_COLLABORATORS:
            raise serializers.ValidationError(
                {"collaborators": [f"Name at most {MAX_COLLABORATORS} collaborators."]}
            )
        return super().to_internal_value(data)


class CycleFilterSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[("mine", "Owned or helped with"), ("team", "My teams'"), ("all", "All I may see")],
        required=False,
        default="all",
    )
    stage = serializers.ChoiceField(choices=[("open", "Open"), *Cycle.Stage.choices], required=False)
    change_idea = serializers.IntegerField(required=False)
    focus_area = serializers.IntegerField(required=False)
    team = serializers.IntegerField(required=False)
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="End date passed, not yet studied."
    )
    q = serializers.CharField(required=False, max_length=100, help_text="Words in the title or objective.")


class TransitionSerializer(serializers.Serializer):
    # A plain string: the service names the stages in its 400 when it is not one.
    to = serializers.CharField(
        max_length=_limit(Cycle, "stage"),
        help_text="The stage to move to: " + ", ".join(Cycle.Stage.values) + ".",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=_limit(Cycle, "abandoned_reason"),
        help_text="Needed to abandon.",
    )


class CopySerializer(serializers.Serializer):
    team = TeamIdField(help_text="The team whose new plan this is; one you work in.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PhaseSerializer(serializers.Serializer):
    measure = VisibleMeasureField(help_text="A measure the cycle's predictions are about.")


class ObservationSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Observation
        fields = ["id", "observed_on", "text", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class CycleCommentSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = CycleComment
        fields = ["id", "body", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class ReviewRequestSerializer(serializers.ModelSerializer):
    reviewer = NetworkPersonField(help_text="Someone who can see the cycle, such as the team's lead.")

    class Meta:
        model = ReviewRequest
        fields = ["id", "reviewer", "requested_by", "requested_at", "answered_at"]
        read_only_fields = ["id", "requested_by", "requested_at", "answered_at"]
        validators = []


class EventSerializer(serializers.ModelSerializer):
    by = PersonSerializer(read_only=True, allow_null=True, help_text="Null when no person is recorded.")
    from_stage = serializers.CharField(
        read_only=True, help_text="A stage, or blank when the cycle did not move."
    )
    to_stage = serializers.CharField(
        read_only=True, help_text="A stage, or blank when the cycle did not move."
    )

    class Meta:
        model = CycleEvent
        fields = ["id", "kind", "from_stage", "to_stage", "note", "by", "at"]
        read_only_fields = fields


# --- Spread, track record, settings -----------------------------------------------------------------


class SpreadContextSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team.pk")
    team_name = serializers.CharField(source="team.name")
    cycles = serializers.IntegerField()
    studied = serializers.IntegerField()
    met = serializers.IntegerField(help_text="Cycles here that met every one of their predictions.")


class SpreadRowSerializer(serializers.Serializer):
    change_idea = serializers.IntegerField(source="change_idea.pk")
    title = serializers.CharField(source="change_idea.title")
    status = serializers.CharField(source="change_idea.status")
    threshold = serializers.IntegerField()
    teams_met = serializers.IntegerField()
    ready = serializers.BooleanField()
    contexts = SpreadContextSerializer(many=True)


class TrackRecordMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    met = serializers.IntegerField()
    studied = serializers.IntegerField()


class TrackRecordRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField()
    studied = serializers.IntegerField()
    met = serializers.IntegerField()
    partly = serializers.IntegerField()
    not_met = serializers.IntegerField()
    share_met = serializers.FloatField(allow_null=True)
    months = serializers.SerializerMethodField()

    @extend_schema_field(TrackRecordMonthSerializer(many=True))
    def get_months(self, row):
        return [{"month": m, "met": met, "studied": n} for m, (met, n) in sorted(row.months.items())]


class TrackRecordFilterSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=[("team", "Per team"), ("person", "Per person")], default="team")


class CyclesSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = CyclesSettings
        fields = ["network", "spread_threshold"]
        read_only_fields = ["network"]
