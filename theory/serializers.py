"""Input and output shapes of the theory API. No writes here: ``theory.api`` passes validated data to
``theory.services``, which check permission, the diagram's rules and record the history."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from measures.serializers import BoundedListField, VisibleFocusAreaField
from playbook.api.serializers import NetworkPersonField
from playbook.dates import check_in_window
from theory.models import (
    Cause,
    ChangeIdea,
    ChangeIdeaLink,
    Driver,
    DriverLink,
    Fishbone,
    FishboneCategory,
    RootCauseLink,
    TheoryEvent,
    WhyAnalysis,
    WhyChain,
    WhyStep,
)
from theory.permissions import visible_theory


def _visible(model):
    @extend_schema_field(OpenApiTypes.INT)
    class VisibleNodeField(serializers.PrimaryKeyRelatedField):
        """A node of a theory the requester may see; any other id reads as nonexistent."""

        def get_queryset(self):
            rows = visible_theory(self.context["request"].user, model)
            return rows.select_related("focus_area__team__network")

    VisibleNodeField.__name__ = f"Visible{model.__name__}Field"
    return VisibleNodeField


@extend_schema_field(OpenApiTypes.INT)
class PersonIdField(NetworkPersonField):
    """The id of an active person in the requester's network."""


VisibleDriver = _visible(Driver)
VisibleChangeIdea = _visible(ChangeIdea)
VisibleFishbone = _visible(Fishbone)
VisibleCategory = _visible(FishboneCategory)
VisibleCause = _visible(Cause)
VisibleWhyAnalysis = _visible(WhyAnalysis)
VisibleWhyChain = _visible(WhyChain)
VisibleWhyStep = _visible(WhyStep)

# Lists are measured before their items are looked up, one query each (BoundedListField).
MAX_LINKS = 50  # drivers a new change idea serves, categories a new fishbone starts with
MAX_PARTICIPANTS = 200

POSITION = serializers.IntegerField(
    required=False, min_value=0, help_text="Move it to this place among its siblings (0 is first)."
)


class AsOfSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField(
        required=False,
        help_text="Show it as it stood at this moment. A date alone means the end of that day, "
        "in the network's time zone.",
    )

    def to_internal_value(self, data):
        value = data.get("as_of", "") if hasattr(data, "get") else ""
        if isinstance(value, str) and len(value) == 10:  # YYYY-MM-DD
            day = serializers.DateField().run_validation(value)
            check_in_window("as_of", day)  # the end of 9999-12-31 is past the last datetime there is
            return {"as_of_day": day}
        checked = super().to_internal_value(data)
        if checked.get("as_of") is not None:
            check_in_window("as_of", checked["as_of"].date())
        return checked


# --- Driver diagram ----------------------------------------------------------------------------------


class DriverSerializer(serializers.ModelSerializer):
    focus_area = VisibleFocusAreaField(help_text="Whose diagram. Set when created; it does not change.")
    position = POSITION

    class Meta:
        model = Driver
        fields = ["id", "focus_area", "kind", "text", "position", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, data):
        if self.instance is not None and ("focus_area" in data or "kind" in data):
            raise serializers.ValidationError(
                "A driver stays in its diagram and column; add a new one instead."
            )
        return data


class DriverLinkSerializer(serializers.ModelSerializer):
    primary = VisibleDriver(help_text="The primary driver served.")
    secondary = VisibleDriver(help_text="The secondary driver predicted to move it.")

    class Meta:
        model = DriverLink
        fields = ["id", "focus_area", "primary", "secondary", "created_at"]
        read_only_fields = ["focus_area", "created_at"]
        validators = []  # the service names a duplicate link


class ChangeIdeaSerializer(serializers.ModelSerializer):
    focus_area = VisibleFocusAreaField(help_text="Whose diagram. Set when created; it does not change.")
    drivers = serializers.SerializerMethodField(help_text="The secondary drivers the idea serves.")
    cycle_count = serializers.SerializerMethodField(help_text="How many PDSA cycles test the idea.")
    serves = BoundedListField(
        child=VisibleDriver(),
        write_only=True,
        required=False,
        max_length=MAX_LINKS,
        help_text="On create: secondary drivers to link it to at once (for whoever may shape the diagram).",
    )

    class Meta:
        model = ChangeIdea
        fields = [
            "id",
            "focus_area",
            "title",
            "description",
            "status",
            "status_changed_at",
            "archived_at",
            "drivers",
            "cycle_count",
            "serves",
            "created_at",
        ]
        read_only_fields = ["status", "status_changed_at", "archived_at", "created_at"]
        validators = []  # the service names a duplicate title

    def get_drivers(self, idea) -> list[int]:
        return [link.driver_id for link in idea.driver_links.all()]

    def get_cycle_count(self, idea) -> int:
        return self.context.get("cycle_counts", {}).get(idea.pk, 0)

    def validate(self, data):
        if self.instance is not None and "focus_area" in data:
            raise serializers.ValidationError({"focus_area": "A change idea stays in its focus area."})
        return data


class ChangeIdeaLinkSerializer(serializers.ModelSerializer):
    change_idea = VisibleChangeIdea()
    driver = VisibleDriver(help_text="The secondary driver the idea serves.")

    class Meta:
        model = ChangeIdeaLink
        fields = ["id", "focus_area", "change_idea", "driver", "created_at"]
        read_only_fields = ["focus_area", "created_at"]
        validators = []


class RootCauseLinkSerializer(serializers.ModelSerializer):
    driver = VisibleDriver(help_text="The driver that addresses the root cause.")
    why_step = VisibleWhyStep(
        required=False, allow_null=True, help_text="A 5 Whys step marked as root cause."
    )
    cause = VisibleCause(required=False, allow_null=True, help_text="Or a fishbone cause.")

    class Meta:
        model = RootCauseLink
        fields = ["id", "focus_area", "driver", "why_step", "cause", "created_at"]
        read_only_fields = ["focus_area", "created_at"]
        validators = []


class LinkedSerializer(serializers.Serializer):
    link_id = serializers.IntegerField(help_text="The link's id, to unlink it.")
    id = serializers.IntegerField()
    text = serializers.CharField()


class RootCauseOutSerializer(serializers.Serializer):
    link_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["why_step", "cause"])
    node_id = serializers.IntegerField()
    text = serializers.CharField()


class DiagramDriverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="primary or secondary")
    text = serializers.CharField()
    position = serializers.IntegerField()
    primaries = LinkedSerializer(
        many=True, help_text="For a secondary driver: the primary drivers it serves."
    )
    secondaries = LinkedSerializer(
        many=True, help_text="For a primary driver: the secondary drivers serving it."
    )
    ideas = LinkedSerializer(many=True, help_text="For a secondary driver: the change ideas serving it.")
    root_causes = RootCauseOutSerializer(many=True)


class DiagramIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.CharField(help_text="The testing status from its PDSA cycles, as in change ideas.")
    status_label = serializers.CharField()
    cycles = serializers.IntegerField(help_text="How many PDSA cycles test it.")
    archived = serializers.BooleanField()
    drivers = LinkedSerializer(many=True, help_text="The secondary drivers it serves.")


class DriverDiagramSerializer(serializers.Serializer):
    focus_area = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    aim = serializers.CharField()
    primaries = DiagramDriverSerializer(many=True)
    secondaries = DiagramDriverSerializer(many=True)
    ideas = DiagramIdeaSerializer(many=True, help_text="On the diagram, i.e. not archived.")
    archived_ideas = DiagramIdeaSerializer(many=True)


# --- Fishbone ----------------------------------------------------------------------------------------


class FishboneSerializer(serializers.ModelSerializer):
    focus_area = VisibleFocusAreaField(help_text="Whose fishbone: one per focus area.")
    effect = serializers.CharField(
        required=False,
        max_length=300,
        help_text="The problem the causes lead to; defaults to the focus area's.",
    )
    categories = BoundedListField(
        child=serializers.CharField(max_length=100),
        write_only=True,
        required=False,
        max_length=MAX_LINKS,
        help_text="On create: the categories to start with (default: ones that fit schools).",
    )

    class Meta:
        model = Fishbone
        fields = ["id", "focus_area", "effect", "categories", "created_at"]
        read_only_fields = ["created_at"]
        validators = []

    def validate(self, data):
        if self.instance is not None and "focus_area" in data:
            raise serializers.ValidationError({"focus_area": "A fishbone stays with its focus area."})
        return data


class FishboneCategorySerializer(serializers.ModelSerializer):
    fishbone = VisibleFishbone()
    position = POSITION

    class Meta:
        model = FishboneCategory
        fields = ["id", "focus_area", "fishbone", "name", "position", "created_at"]
        read_only_fields = ["focus_area", "created_at"]
        validators = []

    def validate(self, data):
        editing = self.instance is not None and "fishbone" in data
        if editing and data["fishbone"].pk != self.instance.fishbone_id:
            raise serializers.ValidationError({"fishbone": "A category stays on its fishbone."})
        return data


class CauseSerializer(serializers.ModelSerializer):
    category = VisibleCategory(
        help_text="The bone it sits on. Changing it moves the cause (and its sub-causes)."
    )
    parent = VisibleCause(
        required=False, allow_null=True, help_text="For a sub-cause: its cause. Set when created."
    )
    position = POSITION
    votes = serializers.SerializerMethodField()
    voted = serializers.SerializerMethodField(help_text="Whether you voted for it.")

    class Meta:
        model = Cause
        fields = [
            *("id", "focus_area", "category", "parent", "text", "position"),
            *("votes", "voted", "created_by", "created_at"),
        ]
        read_only_fields = ["focus_area", "created_by", "created_at"]

    def validate(self, data):
        editing = self.instance is not None and "parent" in data
        if editing and getattr(data["parent"], "pk", None) != self.instance.parent_id:
            raise serializers.ValidationError({"parent": "A sub-cause stays under its cause."})
        return data

    def get_votes(self, cause) -> int:
        return len(cause.votes.all())

    def get_voted(self, cause) -> bool:
        me = self.context["request"].user.pk
        return any(vote.voter_id == me for vote in cause.votes.all())


class SubCausesField(serializers.ListField):
    """Sub-causes, each shaped as a cause. They arrive as ``CauseItem``s, not dicts, so each is drawn
    by the cause serializer rather than by the declared child, which only names the shape."""

    child = serializers.DictField()

    def to_representation(self, sub_causes):
        return [DiagramCauseSerializer(sub).data for sub in sub_causes]


class DiagramCauseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    position = serializers.IntegerField()
    votes = serializers.IntegerField()
    voted = serializers.BooleanField(help_text="Whether you voted for it.")
    sub_causes = SubCausesField(help_text="Sub-causes, shaped as causes.")


class DiagramCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField()
    causes = DiagramCauseSerializer(many=True)


class FishboneDiagramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    focus_area = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    effect = serializers.CharField()
    categories = DiagramCategorySerializer(many=True)


# --- 5 Whys ------------------------------------------------------------------------------------------


class ParticipantsField(BoundedListField):
    child = PersonIdField()

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_PARTICIPANTS)
        super().__init__(**kwargs)

    def to_representation(self, people):
        return sorted(person.pk for person in people.all())  # uses the viewset's prefetch


class WhyAnalysisSerializer(serializers.ModelSerializer):
    focus_area = VisibleFocusAreaField()
    participants = ParticipantsField(
        required=False, help_text="Who takes part; whoever starts it always does."
    )

    class Meta:
        model = WhyAnalysis
        fields = ["id", "focus_area", "problem", "participants", "created_by", "created_at"]
        read_only_fields = ["created_by", "created_at"]

    def validate(self, data):
        if self.instance is not None and "focus_area" in data:
            raise serializers.ValidationError({"focus_area": "A 5 Whys stays with its focus area."})
        return data


class WhyChainSerializer(serializers.ModelSerializer):
    analysis = VisibleWhyAnalysis()
    why = serializers.CharField(write_only=True, max_length=300, help_text="The chain's first question.")
    because = serializers.CharField(write_only=True, max_length=300, help_text="And its answer.")

    class Meta:
        model = WhyChain
        fields = ["id", "focus_area", "analysis", "position", "why", "because", "created_at"]
        read_only_fields = ["focus_area", "position", "created_at"]


class WhyStepSerializer(serializers.ModelSerializer):
    chain = VisibleWhyChain(help_text="Set when created; it does not change.")
    position = POSITION

    class Meta:
        model = WhyStep
        fields = ["id", "focus_area", "chain", "position", "why", "because", "is_root_cause", "created_at"]
        read_only_fields = ["focus_area", "created_at"]
        validators = []

    def validate(self, data):
        if self.instance is not None and "chain" in data and data["chain"].pk != self.instance.chain_id:
            raise serializers.ValidationError({"chain": "A step stays in its chain."})
        if self.instance is None and data.get("is_root_cause"):
            raise serializers.ValidationError(
                {"is_root_cause": "Add the step, then mark it as the root cause."}
            )
        return data


class StepOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    why = serializers.CharField()
    because = serializers.CharField()
    position = serializers.IntegerField()
    is_root_cause = serializers.BooleanField()


class ChainOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    steps = StepOutSerializer(many=True)


class WhyAnalysisDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    focus_area = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    problem = serializers.CharField()
    participants = serializers.ListField(child=serializers.IntegerField(), source="participant_ids")
    chains = ChainOutSerializer(many=True)


# --- History -----------------------------------------------------------------------------------------


class TheoryEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TheoryEvent
        fields = [
            *("id", "focus_area", "diagram", "action", "node_kind", "node_id"),
            *("summary", "before", "after", "by", "at"),
        ]
        read_only_fields = fields


class TheoryEventFilterSerializer(serializers.Serializer):
    focus_area = serializers.IntegerField(required=False)
    diagram = serializers.ChoiceField(choices=TheoryEvent.Diagram.choices, required=False)


class NodeFilterSerializer(serializers.Serializer):
    focus_area = serializers.IntegerField(required=False)
